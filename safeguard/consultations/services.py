"""Writes of Register your views and feedback: each in one transaction with its audit event; e-mails
through the outbox after the row is stored (docs/adr/0028-consultations-and-feedback.md)."""

import secrets
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from safeguard.accounts.models import HostCouncil, Role, User
from safeguard.core.audit import SystemActor, audit_event_record
from safeguard.core.errors import ServiceRefusal
from safeguard.core.outbox import outbox_email_enqueue

from .models import Answer, Consultation, Feedback, Question, Response

# Who the audit trail names for a response or a message from someone without an account.
PUBLIC_RESPONDENT = SystemActor("A member of the public (Register your views)")
PUBLIC_FEEDBACK = SystemActor("A member of the public (feedback to the partnership)")
MAX_ANSWER = 5000
MAX_MESSAGE = 5000


def _reference(prefix: str, model, received_at: datetime) -> str:
    """<prefix>-<year>-<six random digits>: short, and says nothing about how many there are."""
    year = timezone.localtime(received_at).year
    for _ in range(20):
        reference = f"{prefix}-{year}-{secrets.randbelow(1_000_000):06d}"
        if not model.objects.filter(reference=reference).exists():
            return reference
    raise RuntimeError(f"Could not find a free {prefix} reference")


def _business_unit(host_council: HostCouncil) -> list[str]:
    """The partnership's business unit: the host's partnership editors."""
    return list(
        User.objects.filter(
            role=Role.PARTNERSHIP_EDITOR, organisation=host_council.organisation, is_active=True
        ).values_list("email", flat=True)
    )


@dataclass(frozen=True)
class QuestionDetails:
    text: str
    kind: str = Question.Kind.TEXT
    hint: str = ""
    choices: tuple[str, ...] = ()
    required: bool = True


@transaction.atomic
def consultation_add(
    *,
    actor,
    host_council: HostCouncil,
    slug: str,
    title: str,
    summary: str,
    background: str,
    opens_on: date,
    closes_on: date,
    questions: list[QuestionDetails],
) -> Consultation:
    """A consultation with its questions; it must ask something and close on or after it opens."""
    if closes_on < opens_on:
        raise ServiceRefusal({"closes_on": "The closing date must be the same as or after the opening date"})
    if not questions:
        raise ServiceRefusal({"questions": "Add at least one question"})
    if Consultation.objects.filter(host_council=host_council, slug=slug).exists():
        raise ServiceRefusal({"slug": f"There is already a consultation at “{slug}”: choose another address"})
    consultation = Consultation.objects.create(
        host_council=host_council,
        slug=slug,
        title=title,
        summary=summary,
        background=background,
        opens_on=opens_on,
        closes_on=closes_on,
    )
    Question.objects.bulk_create(
        Question(
            consultation=consultation,
            position=number,
            text=q.text,
            kind=q.kind,
            hint=q.hint,
            choices="\n".join(q.choices),
            required=q.required,
        )
        for number, q in enumerate(questions, start=1)
    )
    audit_event_record(
        actor=actor,
        action="consultations.consultation_add",
        target=consultation,
        host_council=host_council,
        changes={"title": [None, title], "closes_on": [None, closes_on]},
    )
    return consultation


def consultation_edit_audit(*, actor, consultation: Consultation, action: str) -> None:
    """An editor's change to a consultation in /cms/ (saved as a draft, published, unpublished, deleted)."""
    audit_event_record(actor=actor, action=action, target=consultation, host_council=consultation.host_council)


@dataclass(frozen=True)
class Respondent:
    """Who responds: nobody (anonymous), or a name with an optional e-mail and organisation."""

    anonymous: bool
    name: str = ""
    email: str = ""
    organisation: str = ""


def closed_words(consultation: Consultation, today: date) -> str:
    if consultation.has_closed_by(today):
        return f"This consultation closed on {consultation.closes_on:%-d %B %Y}: it no longer takes responses"
    return f"This consultation opens on {consultation.opens_on:%-d %B %Y}: it does not take responses yet"


@transaction.atomic
def consultation_respond(
    *,
    consultation: Consultation,
    answers: dict[int, str],
    respondent: Respondent,
    actor=PUBLIC_RESPONDENT,
    received_at: datetime | None = None,
    suspected_automated: bool = False,
) -> Response:
    """Store one response. Refused once the consultation has closed (after the end of its closing day) or
    before it opens; a required question must be answered, a choice must be one offered. Anonymous
    responses keep no name. A named respondent with an e-mail gets a copy of their answers (the outbox),
    unless the hidden anti-spam field was filled."""
    received_at = received_at or timezone.now()
    today = timezone.localdate(received_at)
    if not consultation.is_open_on(today):
        raise ServiceRefusal({"__all__": closed_words(consultation, today)})
    errors: dict[str, str] = {}
    questions = list(consultation.questions.all())
    kept: dict[int, str] = {}
    for question in questions:
        text = (answers.get(question.pk) or "").strip()
        field = f"q{question.pk}"
        if question.required and not text:
            errors[field] = (
                f"Answer “{question.text}”"
                if question.kind == Question.Kind.TEXT
                else (f"Select an answer to “{question.text}”")
            )
        elif len(text) > MAX_ANSWER:
            errors[field] = f"Your answer must be {MAX_ANSWER:,} characters or fewer"
        elif text and question.kind == Question.Kind.CHOICE and text not in question.choice_list:
            errors[field] = f"Select one of the answers to “{question.text}”"
        kept[question.pk] = text
    if not respondent.anonymous and not respondent.name.strip():
        errors["name"] = "Enter your name, or choose to respond anonymously"
    if errors:
        raise ServiceRefusal(errors)
    response = Response.objects.create(
        consultation=consultation,
        reference=_reference("VIEWS", Response, received_at),
        received_at=received_at,
        anonymous=respondent.anonymous,
        name="" if respondent.anonymous else respondent.name.strip(),
        email="" if respondent.anonymous else respondent.email.strip(),
        organisation="" if respondent.anonymous else respondent.organisation.strip(),
        suspected_automated=suspected_automated,
    )
    Answer.objects.bulk_create(Answer(response=response, question_id=pk, text=text) for pk, text in kept.items())
    audit_event_record(
        actor=actor,
        action="consultations.response_record",
        target=response,
        host_council=consultation.host_council,
        changes={
            "consultation": [None, consultation.title],
            "anonymous": [None, respondent.anonymous],
            "suspected_automated": [None, suspected_automated],
        },
    )
    if response.email and not suspected_automated:
        outbox_email_enqueue(
            to=response.email,
            subject=f"Your views on “{consultation.title}” ({response.reference})",
            body=_response_copy(consultation, response, questions, kept),
            purpose="consultations.response_copy",
            host_council=consultation.host_council,
        )
    return response


def _response_copy(consultation, response, questions, kept) -> str:
    lines = [
        f"Thank you for registering your views on “{consultation.title}”.",
        f"Your reference is {response.reference}.",
        "",
        "Your answers:",
        "",
    ]
    for question in questions:
        lines += [question.text, kept.get(question.pk) or "(not answered)", ""]
    lines.append(
        f"The partnership will publish what it heard and what it will do after the consultation closes on "
        f"{consultation.closes_on:%-d %B %Y}."
    )
    return "\n".join(lines)


@transaction.atomic
def consultation_summary_publish(
    *, actor, consultation: Consultation, you_said: str, we_did: str, now: datetime | None = None
) -> Consultation:
    """Publish "you said, we did": only after the consultation has closed, and with both parts written."""
    now = now or timezone.now()
    errors = {}
    if not consultation.has_closed_by(timezone.localdate(now)):
        errors["__all__"] = (
            f"You can publish the summary once the consultation has closed (after {consultation.closes_on:%-d %B %Y})"
        )
    if not you_said.strip():
        errors["you_said"] = "Enter what people said"
    if not we_did.strip():
        errors["we_did"] = "Enter what the partnership did, or will do"
    if errors:
        raise ServiceRefusal(errors)
    before = {"you_said": consultation.you_said, "we_did": consultation.we_did}
    consultation.you_said, consultation.we_did = you_said.strip(), we_did.strip()
    consultation.summary_published_at = now
    consultation.save(update_fields=["you_said", "we_did", "summary_published_at"])
    audit_event_record(
        actor=actor,
        action="consultations.summary_publish",
        target=consultation,
        host_council=consultation.host_council,
        changes={
            "you_said": [before["you_said"], consultation.you_said],
            "we_did": [before["we_did"], consultation.we_did],
        },
    )
    return consultation


@transaction.atomic
def feedback_receive(
    *,
    host_council: HostCouncil,
    about: str,
    message: str,
    name: str = "",
    email: str = "",
    actor=PUBLIC_FEEDBACK,
    received_at: datetime | None = None,
    suspected_automated: bool = False,
) -> Feedback:
    """Feedback from anyone: stored first, then (same transaction, the outbox) an acknowledgement to the
    sender who gave an e-mail address and a note to the business unit, which reads the message in
    Safeguard. A message whose hidden anti-spam field was filled is kept and flagged, but nothing is
    e-mailed (a bot must not make the partnership send mail to addresses of its choosing)."""
    received_at = received_at or timezone.now()
    errors = {}
    if about not in Feedback.About.values:
        errors["about"] = "Select what your feedback is about"
    if not message.strip():
        errors["message"] = "Enter your feedback"
    elif len(message) > MAX_MESSAGE:
        errors["message"] = f"Your feedback must be {MAX_MESSAGE:,} characters or fewer"
    if errors:
        raise ServiceRefusal(errors)
    feedback = Feedback.objects.create(
        host_council=host_council,
        reference=_reference("FB", Feedback, received_at),
        received_at=received_at,
        about=about,
        message=message.strip(),
        name=name.strip(),
        email=email.strip(),
        suspected_automated=suspected_automated,
    )
    audit_event_record(
        actor=actor,
        action="consultations.feedback_receive",
        target=feedback,
        host_council=host_council,
        changes={"about": [None, about], "suspected_automated": [None, suspected_automated]},
    )
    if suspected_automated:
        return feedback
    if feedback.email:
        outbox_email_enqueue(
            to=feedback.email,
            subject=f"We have your feedback ({feedback.reference})",
            body=(
                f"Thank you for your feedback to the safeguarding partnership's business unit.\n\n"
                f"Your reference is {feedback.reference}. We read every message; if you asked a question, "
                f"we will answer it by e-mail.\n\nThis is not the way to report a concern about a child: "
                f"if a child is in immediate danger, call 999."
            ),
            purpose="consultations.feedback_acknowledge",
            host_council=host_council,
        )
    link = f"{settings.SAFEGUARD_BASE_URL}{reverse('consultations:feedback_detail', args=[feedback.pk])}"
    for address in _business_unit(host_council):
        outbox_email_enqueue(
            to=address,
            subject=f"New feedback to the partnership ({feedback.reference})",
            body=f"Feedback about {feedback.get_about_display().lower()} arrived. Read it in Safeguard: {link}",
            purpose="consultations.feedback_alert",
            host_council=host_council,
        )
    return feedback


@transaction.atomic
def feedback_answer(*, actor, feedback: Feedback, note: str, now: datetime | None = None) -> Feedback:
    """The business unit records that it answered (how, in a note); an answered message stays answered."""
    if feedback.status == Feedback.Status.ANSWERED:
        raise ServiceRefusal({"__all__": "This feedback was already marked as answered"})
    if not note.strip():
        raise ServiceRefusal({"note": "Enter how you answered, for example “Replied by e-mail”"})
    feedback.status = Feedback.Status.ANSWERED
    feedback.answered_at = now or timezone.now()
    feedback.answered_by = actor if getattr(actor, "is_authenticated", False) else None
    feedback.answer_note = note.strip()
    feedback.save(update_fields=["status", "answered_at", "answered_by", "answer_note"])
    audit_event_record(
        actor=actor,
        action="consultations.feedback_answer",
        target=feedback,
        host_council=feedback.host_council,
        changes={"status": [Feedback.Status.ACKNOWLEDGED, Feedback.Status.ANSWERED]},
    )
    return feedback
