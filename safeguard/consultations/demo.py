"""Luton's "Register your views" and feedback for the demo.

The two calls for views are seed 003's, in its own words (the September 2015 meeting's messages): the
shape of the workforce development programme (Luton focused, a Pan Beds approach or a mixture) and
safeguarding children at the borders and Luton Airport. Their dates, questions beyond the seed's, the
responses, the "you said, we did" and the feedback are invented (Faker names) and marked "Demo text".
"""

from datetime import timedelta

from django.utils import timezone
from faker import Faker

from safeguard.accounts.models import HostCouncil
from safeguard.core.audit import DEMO_LOADER

from .models import Consultation, Feedback, Question
from .services import (
    QuestionDetails,
    Respondent,
    consultation_add,
    consultation_respond,
    consultation_summary_publish,
    feedback_answer,
    feedback_receive,
)

WORKFORCE_SLUG = "workforce-development-programme"
BORDERS_SLUG = "safeguarding-at-our-borders"
WORKFORCE_CHOICES = ("Keep the programme Luton focused", "A Pan Beds approach", "A mixture of the two")

WORKFORCE_BACKGROUND = (
    "A new approach to Multi Agency - Learning and Development is taking place under the Luton Safeguarding "
    "Children Board. The Board is looking at how a coherent workforce development programme with core "
    "competencies can be built in parallel with single agency training strategies and supportive of "
    "professional collegiate CPDs.\n\n"
    "The Board would welcome feedback on how you would like to see the new model being shaped. – do you have "
    "a view on keeping the programme Luton focused, a Pan Beds approach or a mixture of the two."
)
BORDERS_BACKGROUND = (
    "A very positive meeting has taken place between all the agencies and Airlines working out of/and with "
    "Luton Airport to make our borders as safe as they can be for safeguarding the welfare of children and "
    "young people vulnerable to Child Sexual Exploitation, human slavery, trafficking and grooming and "
    "Influence from Extremists.\n\n"
    "Work is taking place on the Memorandum of Good practice to safeguard our Borders and any thoughts you "
    "have on what should be happening would be welcome."
)


def consultations_demo_load(*, host: HostCouncil, fake: Faker | None = None) -> list[Consultation]:
    """For Luton: the workforce programme open for views (with responses), the borders consultation closed
    with its "you said, we did", and feedback (one answered). Safe to run again."""
    if host.slug != "luton":
        return []
    existing = list(Consultation.objects.filter(host_council=host, slug__in=[WORKFORCE_SLUG, BORDERS_SLUG]))
    if existing:
        return existing
    fake = fake or Faker("en_GB")
    fake.seed_instance(2015)
    today = timezone.localdate()
    workforce = consultation_add(
        actor=DEMO_LOADER,
        host_council=host,
        slug=WORKFORCE_SLUG,
        title="The shape of the multi-agency workforce development programme",
        summary="Do you have a view on keeping the programme Luton focused, a Pan Beds approach or a mixture of the two?",
        background=WORKFORCE_BACKGROUND,
        opens_on=today - timedelta(days=20),
        closes_on=today + timedelta(days=40),
        questions=[
            QuestionDetails(
                text="Do you have a view on keeping the programme Luton focused, a Pan Beds approach or a mixture of the two?",
                kind=Question.Kind.CHOICE,
                choices=WORKFORCE_CHOICES,
            ),
            QuestionDetails(
                text="How would you like to see the new model being shaped?",
                hint="For example the core competencies, how courses fit with your own agency's training, CPD.",
            ),
            QuestionDetails(text="Anything else? (Demo text: a question the seed does not ask)", required=False),
        ],
    )
    borders = consultation_add(
        actor=DEMO_LOADER,
        host_council=host,
        slug=BORDERS_SLUG,
        title="Safeguarding children at our borders and Luton Airport",
        summary="Any thoughts you have on what should be happening to safeguard our borders would be welcome.",
        background=BORDERS_BACKGROUND,
        opens_on=today - timedelta(days=90),
        closes_on=today - timedelta(days=30),
        questions=[
            QuestionDetails(
                text="What should be happening to safeguard children at our borders and Luton Airport?",
                hint="The Memorandum of Good practice to safeguard our Borders is being written.",
            ),
        ],
    )
    q_choice, q_shape, _ = workforce.questions.all()
    views = [
        (
            WORKFORCE_CHOICES[2],
            "Core competencies shared across Bedfordshire, with Luton's own learning from its reviews.",
        ),
        (WORKFORCE_CHOICES[0], "Courses in Luton: travelling to Bedford takes half a day from a school."),
        (
            WORKFORCE_CHOICES[1],
            "One programme with Bedford Borough and Central Bedfordshire; our staff work across all three.",
        ),
    ]
    for number, (choice, shape) in enumerate(views):
        named = number != 1
        consultation_respond(
            consultation=workforce,
            answers={q_choice.pk: choice, q_shape.pk: f"{shape} (Demo text)"},
            respondent=Respondent(
                anonymous=not named,
                name=fake.name() if named else "",
                email=fake.email(domain="demo.safeguard.test") if named else "",
                organisation=["Luton Borough Council", "", "Bedfordshire Police"][number],
            ),
            actor=DEMO_LOADER,
            received_at=timezone.now() - timedelta(days=15 - 4 * number),
        )
    (q_borders,) = borders.questions.all()
    consultation_respond(
        consultation=borders,
        answers={q_borders.pk: "Airline staff need to know who to call about a child travelling alone. (Demo text)"},
        respondent=Respondent(anonymous=True),
        actor=DEMO_LOADER,
        received_at=timezone.now() - timedelta(days=60),
    )
    consultation_summary_publish(
        actor=DEMO_LOADER,
        consultation=borders,
        you_said="Demo text: staff of the airlines and the airport asked who to call about a child travelling "
        "alone or with an adult who does not seem to be their carer.",
        we_did="Demo text: the Memorandum of Good practice to safeguard our Borders names the contacts, and a "
        "briefing for airline staff is in the learning and development programme.",
    )
    first = feedback_receive(
        host_council=host,
        about=Feedback.About.LEARNING,
        message="Demo text: could the evening briefings be recorded for staff on shifts?",
        name=fake.name(),
        email=fake.email(domain="demo.safeguard.test"),
        actor=DEMO_LOADER,
        received_at=timezone.now() - timedelta(days=9),
    )
    feedback_answer(actor=DEMO_LOADER, feedback=first, note="Demo text: replied by e-mail; recordings from January.")
    feedback_receive(
        host_council=host,
        about=Feedback.About.WEBSITE,
        message="Demo text: the page for placing councils should say what to do at weekends.",
        actor=DEMO_LOADER,
        received_at=timezone.now() - timedelta(days=2),
    )
    return [workforce, borders]
