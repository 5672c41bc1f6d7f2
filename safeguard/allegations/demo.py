"""Invented LADO cases for the demonstration, made through the services (composed by home.demo)."""

import random
from datetime import date, datetime, time, timedelta
from email.message import EmailMessage

from django.utils import timezone

from . import services
from .models import LadoAction, LadoCase, LadoMeeting, Outcome

SETTINGS = [
    ("education", "Teaching assistant", "{} Primary School", "employed", "Teaching Regulation Agency"),
    ("education", "PE teacher", "{} Academy", "employed", "Teaching Regulation Agency"),
    ("early_years", "Nursery practitioner", "{} Day Nursery", "employed", ""),
    ("foster_care", "Foster carer", "{} Fostering Agency", "foster_carer", ""),
    ("social_care", "Residential support worker", "{} Children's Home", "agency", "Social Work England"),
    ("health", "Paediatric nurse", "{} Hospital", "employed", "Nursing and Midwifery Council"),
    ("sport", "Football coach", "{} Youth FC", "volunteer", ""),
    ("faith", "Youth leader", "{} Church", "volunteer", ""),
    ("transport", "Taxi driver (school transport)", "{} Cars", "self_employed", ""),
    ("police", "Police officer", "Bedfordshire Police", "employed", ""),
]
EVENTS = [
    ("physical", "A pupil says {} grabbed their arm hard and pushed them against a wall.", True),
    ("emotional", "Children report that {} shouts at them and calls them names in front of others.", False),
    ("sexual", "A parent found messages from {} to their child on social media, outside any work need.", False),
    ("neglect", "{} left three young children unsupervised near water during an outing.", False),
    ("conduct", "{} was arrested after a fight outside a pub; no child was involved.", False),
]


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 15)))


def lado_demo_load(*, host, lado, fake, rng: random.Random) -> None:
    today = timezone.localdate()
    # (days ago received, plan): each plan leaves the case in one state or outcome.
    plans = [
        (0, "received"),
        (1, "received"),
        (4, "received"),  # overdue: nobody has considered it
        (9, "email"),
        (15, "consultation"),
        (40, "consultation"),
        (120, "consultation"),
        (300, "consultation"),
        (500, "phone"),
        (8, "open"),
        (35, "open_overdue_action"),
        (70, "open"),
        (60, "substantiated"),
        (150, "unsubstantiated"),
        (200, "unfounded"),
        (260, "false"),
        (330, "malicious"),
        (400, "substantiated"),
        (450, "unsubstantiated"),
        (520, "unfounded"),
        (560, "false_consent"),
        (600, "unsubstantiated"),
        (650, "substantiated"),
        (700, "phone"),
        (720, "unfounded"),
    ]
    for number, (days_ago, plan) in enumerate(plans):
        received_day = today - timedelta(days=days_ago)
        while received_day.weekday() >= 5:
            received_day -= timedelta(days=1)
        _one_case(host, lado, fake, rng, number, received_day, plan)
    # One old case whose retention review is due (closed 2015, no date of birth: 10 years).
    _one_case(host, lado, fake, rng, 99, date(2015, 3, 2), "unfounded")
    # And an older one, erased at its retention date: a tombstone counted in the figures.
    _one_case(host, lado, fake, rng, 96, date(2014, 6, 2), "substantiated")
    erasable = LadoCase.objects.filter(host_council=host, status=LadoCase.Status.CLOSED, received_at__year=2014)
    services.lado_case_erase(actor=lado, case=erasable.get(), confirmed=True)
    # An e-mail to the LADO's mailbox this morning, waiting to be checked: the referral form pasted in.
    services.lado_email_receive(actor=lado, raw=_emailed_form(fake, today), host_council=host)


def _emailed_form(fake, today: date) -> bytes:
    referrer, person, child = fake.name(), fake.name(), fake.first_name() + " " + fake.last_name()
    school = f"{fake.last_name()} Primary School"
    message = EmailMessage()
    message["From"] = f"{referrer} <dsl@{school.split()[0].lower()}-primary.example>"
    message["To"] = "lado@luton.example"
    message["Subject"] = "LADO referral form (invented)"
    message["Date"] = min(_at(today, 8), timezone.now() - timedelta(minutes=5)).strftime("%a, %d %b %Y %H:%M:%S %z")
    message.set_content(
        "Dear LADO,\n\nPlease find our referral below.\n\n"
        f"Referrer details\nName: {referrer}\nJob title: Designated safeguarding lead\nOrganisation: {school}\n"
        "Telephone: 01582 000 111\n\n"
        f"Details of the person the allegation is about\nName: {person}\nJob title: Lunchtime supervisor\n"
        f"Employer: {school}\nEmployment status: Employed\nDate of birth: 31/02/1980\n\n"
        f"Child's details\nChild's name: {child}\nChild's date of birth: 14/03/2016\n\n"
        "Details of the allegation:\nAt lunchtime the supervisor was seen pulling the child by the hood of "
        "their coat across the playground. The child was upset but not hurt.\n\n"
        "Where did it happen: The school playground\nWho else knows: The head teacher\n\n"
        "Kind regards\n(Invented demo.)"
    )
    return bytes(message)


def _one_case(host, lado, fake, rng, number, received_day: date, plan: str) -> None:
    sector, role, employer, basis, body = SETTINGS[number % len(SETTINGS)]
    category, event, restraint = EVENTS[number % len(EVENTS)]
    person = fake.name()
    employer = employer.format(fake.last_name())
    # Office hours on the day, but never later than now (a referral received "today" before 3pm).
    received_at = min(_at(received_day, 9 + number % 7), timezone.now() - timedelta(minutes=20 + number))
    if plan == "phone":
        services.lado_consultation_record(
            actor=lado,
            caller_name=fake.name(),
            caller_organisation=employer,
            sector=sector,
            category=category,
            person_role=role,
            summary=event.format("a member of staff") + " (invented)",
            advice_given="Threshold not met. Employer to manage through supervision and record the advice.",
            received_at=received_at,
        )
        return
    if plan == "email":
        message = EmailMessage()
        message["From"] = f"{fake.name()} <dsl@{fake.last_name().lower()}-school.example>"
        message["To"] = "lado@luton.example"
        message["Subject"] = "LADO referral: concern about a member of staff (invented)"
        message["Date"] = received_at.strftime("%a, %d %b %Y %H:%M:%S %z")
        message.set_content(f"Dear LADO,\n\n{event.format('a teaching assistant')}\n\nPlease advise.\n(Invented demo.)")
        email = services.lado_email_receive(actor=lado, raw=bytes(message), host_council=host)
        draft = services.lado_email_draft(email)
        # The LADO checked it beside the message and completed what the e-mail did not say.
        services.lado_email_accept(
            actor=lado,
            email=email,
            answers={**draft.answers, "person_name": person, "person_role": role, "person_employer": employer},
            children=[{"name": "Pupils in Year 5 (not named in the e-mail)", "date_of_birth": None}],
        )
        return
    answers = {
        "referrer_name": fake.name(),
        "referrer_role": "Designated safeguarding lead",
        "referrer_organisation": employer,
        "referrer_email": f"dsl{number}@demo.safeguard.test",
        "referrer_phone": "01582 000000",
        "person_name": person,
        "person_role": role,
        "person_employer": employer,
        "employment_basis": basis,
        "sector": sector,
        "person_registration_body": body,
        "what_happened": event.format(person) + " (Invented demonstration case.)",
        "where_it_happened": employer,
        "happened_on": received_day - timedelta(days=rng.randint(0, 3)),
        "who_knows": "The manager and the child's parents",
        "category": category,
        "restraint_involved": restraint,
        "threshold_harm": category in ("physical", "sexual", "neglect"),
        "threshold_offence": category == "sexual",
        "threshold_risk": category != "conduct",
        "threshold_suitability": True,
        "employer_informed": True,
        "police_informed": category == "sexual",
        "ofsted_informed": sector in ("early_years", "social_care"),
    }
    children = [{"name": fake.name(), "date_of_birth": received_day - timedelta(days=rng.randint(5 * 365, 15 * 365))}]
    case = services.lado_referral_submit(host_council=host, answers=answers, children=children, received_at=received_at)
    if plan == "received":
        return
    considered = received_at + timedelta(hours=rng.choice([2, 5, 20, 50]))
    considered = min(considered, timezone.now())
    if plan == "consultation":
        services.lado_case_triage(
            actor=lado,
            case=case,
            decision="consultation",
            advice_given="Threshold not met: the employer handles this as a conduct matter and tells the LADO the result.",
            at=considered,
        )
        return
    services.lado_case_triage(
        actor=lado, case=case, decision="referral", reason="The person may have harmed a child.", at=considered
    )
    meeting_day = min(received_day + timedelta(days=3), timezone.localdate())
    services.lado_meeting_record(
        actor=lado,
        case=case,
        kind=LadoMeeting.Kind.STRATEGY if category == "sexual" else LadoMeeting.Kind.EVALUATION,
        held_on=meeting_day,
        attendees="LADO; the employer's HR adviser; the head of service; police (invited)",
        decisions="Police to decide whether to investigate; employer to consider suspension; review in four weeks.",
    )
    kinds = [LadoAction.Kind.POLICE, LadoAction.Kind.SUSPENSION, LadoAction.Kind.DISCIPLINARY]
    actions = [
        services.lado_action_add(
            actor=lado, case=case, kind=kind, owner=owner, due_on=meeting_day + timedelta(days=14 + 7 * i)
        )
        for i, (kind, owner) in enumerate(
            zip(kinds, ["Bedfordshire Police PPU", "Head of HR", "Head of HR"], strict=True)
        )
    ]
    if plan == "open_overdue_action":
        services.lado_action_complete(actor=lado, action=actions[0], done_on=meeting_day + timedelta(days=2))
        return
    if plan == "open":
        return
    for action in actions:
        services.lado_action_complete(actor=lado, action=action, done_on=min(action.due_on, timezone.localdate()))
    services.lado_update_add(
        actor=lado,
        case=case,
        text="Police: no further action. Employer's investigation concluded.",
        at=considered + timedelta(days=20),
    )
    outcome = plan.removesuffix("_consent")
    if outcome == Outcome.SUBSTANTIATED:
        services.lado_action_add(
            actor=lado, case=case, kind=LadoAction.Kind.DBS, owner="Head of HR", due_on=meeting_day + timedelta(days=40)
        )
        services.lado_action_complete(
            actor=lado,
            action=case.actions.get(kind=LadoAction.Kind.DBS),
            done_on=min(meeting_day + timedelta(days=38), timezone.localdate()),
        )
    closed_on = min(received_day + timedelta(days=rng.randint(30, 90)), timezone.localdate())
    services.lado_case_close(
        actor=lado,
        case=case,
        outcome=outcome,
        dbs_referral_made=outcome == Outcome.SUBSTANTIATED,
        closed_on=closed_on,
        notes="Invented demonstration closure.",
        person_date_of_birth=fake.date_of_birth(minimum_age=22, maximum_age=64) if number % 3 else None,
        personnel_record_consent=plan == "false_consent",
    )
