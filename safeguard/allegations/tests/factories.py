from datetime import timedelta

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from safeguard.allegations.models import LadoAction, LadoCase, LadoChild
from safeguard.allegations.services import initial_consideration_due


class LadoCaseFactory(DjangoModelFactory):
    class Meta:
        model = LadoCase

    reference = factory.Sequence(lambda n: f"LADO-T-{n:04d}")
    received_at = factory.LazyFunction(timezone.now)
    initial_consideration_due_at = factory.LazyAttribute(lambda o: initial_consideration_due(o.received_at))
    summary = "An allegation about a member of staff."
    person_name = "Pat Teacher"
    person_employer = "Hilltop Primary School"
    what_happened = "An allegation about a member of staff."
    sector = "education"
    category = "physical"


class LadoChildFactory(DjangoModelFactory):
    class Meta:
        model = LadoChild

    case = factory.SubFactory(LadoCaseFactory)
    name = "Robin Pupil"


class LadoActionFactory(DjangoModelFactory):
    class Meta:
        model = LadoAction

    case = factory.SubFactory(LadoCaseFactory)
    kind = LadoAction.Kind.DISCIPLINARY
    owner = "Head teacher"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))


def email_case(host) -> LadoCase:
    case = LadoCaseFactory(host_council=host, channel=LadoCase.Channel.EMAIL, email_subject="Concern")
    case.original_message.save(
        f"{case.reference}.eml", ContentFile(b"From: a@school.example\nSubject: Concern\n\nText\n"), save=True
    )
    return case


def lado_email_raw(
    subject: str = "LADO referral form", body: str | None = None, attach: bool = True, **headers
) -> bytes:
    """An e-mail to the LADO's mailbox: by default the referral form's headings, every part filled in."""
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = headers.get("From", "Sam Lead <dsl@hilltop.example>")
    message["To"] = "lado@luton.example"
    message["Subject"] = subject
    message["Date"] = headers.get("Date", "Fri, 20 Nov 2026 10:15:00 +0000")
    for name, value in headers.items():
        if name not in ("From", "Date"):
            message[name.replace("_", "-")] = value
    message.set_content(
        body
        if body is not None
        else (
            "Dear LADO,\n\nPlease find our referral below.\n\n"
            "Referrer details\nName: Sam Lead\nJob title: Designated safeguarding lead\n"
            "Organisation: Hilltop Primary School\nEmail: dsl@hilltop.example\nTelephone: 01582 555 010\n\n"
            "Details of the person the allegation is about\nName: Pat Emailed\nJob title: Teaching assistant\n"
            "Employer: Hilltop Primary School\nEmployment status: Agency worker\nDate of birth: 12/05/1988\n\n"
            "Child's details\nChild's name: Ava Placed\nChild's date of birth: 14/03/2015\n\n"
            "Details of the allegation:\nAva told her teacher that the assistant grabbed her arm hard\n"
            "in the corridor on Tuesday. She showed a bruise.\n\n"
            "Where did it happen: The school corridor\nDate of incident: 17 November 2026\n"
            "Who else knows: The head teacher\nCategory: Physical abuse\n\nKind regards,\nSam"
        )
    )
    if attach:
        message.add_attachment(b"%PDF-1.4 notes", maintype="application", subtype="pdf", filename="notes.pdf")
    return bytes(message)


def lado_email(host, **kwargs):
    """An e-mail to the LADO's mailbox, pre-filled and waiting to be checked."""
    from safeguard.allegations.services import lado_email_receive
    from safeguard.core.audit import SystemActor

    return lado_email_receive(
        actor=SystemActor("Safeguard test suite"), raw=lado_email_raw(**kwargs), host_council=host
    )
