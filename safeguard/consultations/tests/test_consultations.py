"""Register your views: a response (named and anonymous), its export, a closed consultation, the summary."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from safeguard.consultations.demo import BORDERS_SLUG, WORKFORCE_CHOICES, WORKFORCE_SLUG
from safeguard.consultations.models import Consultation, Response
from safeguard.core.models import AuditEvent, OutboxMessage

from .conftest import MK_SITE

pytestmark = pytest.mark.django_db


def _answers(consultation, **extra):
    choice, shape, other = consultation.questions.all()
    data = {
        f"q{choice.pk}": WORKFORCE_CHOICES[2],
        f"q{shape.pk}": '=HYPERLINK("http://evil.example","Click") and a mixture of courses',
        f"q{other.pk}": "",
        "respond_as": "named",
        "name": "Priya Shah",
        "email": "priya.shah@example.org",
        "organisation": "Luton Borough Council",
        "website": "",
    }
    data.update(extra)
    return data


def test_the_list_shows_open_and_closed_consultations_with_the_seeds_words(client, luton):
    page = client.get(reverse("consultations:list")).content.decode()
    assert "The shape of the multi-agency workforce development programme" in page
    assert "Pan Beds approach or a mixture of the two" in page
    assert "Safeguarding children at our borders and Luton Airport" in page
    assert "Closed on" in page and "Exit this page" in page


def test_a_named_response_is_stored_audited_and_copied_to_the_respondent(client, luton):
    consultation = Consultation.objects.get(slug=WORKFORCE_SLUG)
    before = consultation.responses.count()
    response = client.post(reverse("consultations:detail", args=[WORKFORCE_SLUG]), _answers(consultation))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    stored = consultation.responses.order_by("-received_at").first()
    assert consultation.responses.count() == before + 1
    assert stored.reference in page and "Your views have been sent" in page
    assert stored.name == "Priya Shah" and not stored.anonymous
    assert AuditEvent.objects.filter(action="consultations.response_record", object_id=str(stored.pk)).exists()
    copy = OutboxMessage.objects.get(purpose="consultations.response_copy", to="priya.shah@example.org")
    assert stored.reference in copy.body and WORKFORCE_CHOICES[2] in copy.body


def test_an_anonymous_response_keeps_no_name_even_when_one_was_typed(client, luton):
    consultation = Consultation.objects.get(slug=WORKFORCE_SLUG)
    client.post(reverse("consultations:detail", args=[WORKFORCE_SLUG]), _answers(consultation, respond_as="anonymous"))
    stored = consultation.responses.order_by("-received_at").first()
    assert stored.anonymous and stored.name == "" and stored.email == "" and stored.organisation == ""
    assert not OutboxMessage.objects.filter(purpose="consultations.response_copy", to="priya.shah@example.org").exists()


def test_bad_answers_are_named_by_field_and_nothing_typed_is_lost(client, luton):
    consultation = Consultation.objects.get(slug=WORKFORCE_SLUG)
    choice, shape, _ = consultation.questions.all()
    before = Response.objects.count()
    response = client.post(
        reverse("consultations:detail", args=[WORKFORCE_SLUG]),
        _answers(
            consultation, **{f"q{choice.pk}": "Somewhere else", f"q{shape.pk}": "My careful thoughts", "name": ""}
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200 and Response.objects.count() == before
    assert "There is a problem" in page
    assert "Select a valid choice" in page or "Select one of the answers" in page
    assert "My careful thoughts" in page and "priya.shah@example.org" in page
    response = client.post(
        reverse("consultations:detail", args=[WORKFORCE_SLUG]),
        _answers(consultation, **{f"q{shape.pk}": "", "name": ""}),
    )
    page = response.content.decode()
    assert "Answer “How would you like to see the new model being shaped?”" in page
    assert "Enter your name, or choose to respond anonymously" in page
    assert f'href="#id_q{shape.pk}"' in page and Response.objects.count() == before


def test_a_closed_consultation_refuses_a_response_with_a_clear_page(client, luton):
    consultation = Consultation.objects.get(slug=BORDERS_SLUG)
    (question,) = consultation.questions.all()
    before = consultation.responses.count()
    page = client.get(reverse("consultations:detail", args=[BORDERS_SLUG])).content.decode()
    assert f"This consultation closed on {consultation.closes_on:%-d %B %Y}" in page
    assert "You said, we did" in page and "airlines and the airport asked" in page
    assert "<form" not in page.split("</header>", 1)[1].split("<footer", 1)[0] or "Send your views" not in page
    response = client.post(
        reverse("consultations:detail", args=[BORDERS_SLUG]),
        {f"q{question.pk}": "Late thoughts", "respond_as": "anonymous"},
    )
    assert response.status_code == 410
    assert "Your views were not sent" in response.content.decode()
    assert consultation.responses.count() == before


def test_a_response_sent_the_day_after_the_closing_date_is_refused_by_the_service(luton):
    from safeguard.consultations.services import Respondent, consultation_respond
    from safeguard.core.errors import ServiceRefusal

    consultation = Consultation.objects.get(slug=WORKFORCE_SLUG)
    choice, shape, _ = consultation.questions.all()
    answers = {choice.pk: WORKFORCE_CHOICES[0], shape.pk: "On the last day"}
    closing = timezone.make_aware(timezone.datetime.combine(consultation.closes_on, timezone.datetime.min.time()))
    consultation_respond(
        consultation=consultation, answers=answers, respondent=Respondent(anonymous=True),
        received_at=closing + timedelta(hours=23),
    )  # fmt: skip
    with pytest.raises(ServiceRefusal, match="closed on"):
        consultation_respond(
            consultation=consultation, answers=answers, respondent=Respondent(anonymous=True),
            received_at=closing + timedelta(days=1, minutes=1),
        )  # fmt: skip


def test_the_export_has_every_response_with_its_answers_and_neutralises_formulas(
    client, sign_in, luton, partnership_editor
):
    consultation = Consultation.objects.get(slug=WORKFORCE_SLUG)
    client.post(reverse("consultations:detail", args=[WORKFORCE_SLUG]), _answers(consultation))
    sign_in(partnership_editor)
    response = client.get(reverse("consultations:responses_csv", args=[consultation.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="consultation-workforce-development-programme.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = rows[0]
    assert header[:3] == ["Reference", "Received", "Anonymous"]
    assert "How would you like to see the new model being shaped?" in header
    assert len(rows) == 1 + consultation.responses.count() == 5
    priya = next(row for row in rows if "Priya Shah" in row)
    shape_column = header.index("How would you like to see the new model being shaped?")
    assert priya[shape_column].startswith("'=HYPERLINK")  # a formula is text in a spreadsheet
    assert priya[header.index("Anonymous")] == "No" and WORKFORCE_CHOICES[2] in priya
    anonymous = [row for row in rows[1:] if row[2] == "Yes"]
    assert anonymous and all(row[3] == "" for row in anonymous)
    assert AuditEvent.objects.filter(
        action="consultations.responses_read", object_id="workforce-development-programme:csv"
    ).exists()


def test_the_summary_is_published_only_after_closing(client, sign_in, luton, partnership_editor):
    sign_in(partnership_editor)
    open_one = Consultation.objects.get(slug=WORKFORCE_SLUG)
    url = reverse("consultations:responses", args=[open_one.pk])
    page = client.get(url).content.decode()
    assert "once the consultation has closed" in page and "Priya" not in page
    client.post(url, {"you_said": "A", "we_did": "B"})
    open_one.refresh_from_db()
    assert open_one.summary_published_at is None
    closed = Consultation.objects.get(slug=BORDERS_SLUG)
    response = client.post(reverse("consultations:responses", args=[closed.pk]), {"you_said": "", "we_did": "Done"})
    assert "Enter what people said" in response.content.decode()
    client.post(reverse("consultations:responses", args=[closed.pk]), {"you_said": "You asked", "we_did": "We did it"})
    page = client.get(reverse("consultations:detail", args=[BORDERS_SLUG])).content.decode()
    assert "You asked" in page and "We did it" in page


def test_another_hosts_consultation_is_not_found_on_this_hosts_site_nor_by_its_editor(
    client, sign_in, luton, mk_host, partnership_editor
):
    assert client.get(reverse("consultations:detail", args=["keynes-youth-offer"])).status_code == 404
    assert (
        client.get(reverse("consultations:detail", args=["keynes-youth-offer"]), HTTP_HOST=MK_SITE).status_code == 200
    )
    assert client.get(reverse("consultations:detail", args=[WORKFORCE_SLUG]), HTTP_HOST=MK_SITE).status_code == 404
    sign_in(partnership_editor)
    for name in ("consultations:responses", "consultations:responses_csv"):
        assert client.get(reverse(name, args=[mk_host.consultation.pk])).status_code == 404


def test_the_responses_page_is_paged_and_the_export_keeps_them_all(client, sign_in, luton, partnership_editor):
    from safeguard.consultations.models import Answer
    from safeguard.consultations.selectors import RESPONSES_PER_PAGE

    consultation = Consultation.objects.get(slug=WORKFORCE_SLUG)
    (question, *_) = consultation.questions.all()
    now = timezone.now()
    made = Response.objects.bulk_create(
        Response(consultation=consultation, reference=f"VIEWS-TEST-{n:04d}", received_at=now + timedelta(minutes=n),
                 name=f"Respondent {n}")
        for n in range(RESPONSES_PER_PAGE + 7)
    )  # fmt: skip
    Answer.objects.bulk_create(Answer(response=r, question=question, text=WORKFORCE_CHOICES[0]) for r in made)
    total = consultation.responses.count()
    sign_in(partnership_editor)
    url = reverse("consultations:responses", args=[consultation.pk])
    first = client.get(url).content.decode()
    assert f"{total} responses: 1 to {RESPONSES_PER_PAGE} shown" in first
    assert first.count('class="govuk-summary-card"') == RESPONSES_PER_PAGE
    assert 'class="govuk-pagination' in first and "?page=2" in first
    last = client.get(f"{url}?page=2").content.decode()
    assert last.count('class="govuk-summary-card"') == total - RESPONSES_PER_PAGE
    assert f"VIEWS-TEST-{RESPONSES_PER_PAGE + 6:04d}" in last and "VIEWS-TEST-0000" not in last
    assert client.get(f"{url}?page=99").status_code == 200  # past the end: the last page
    assert AuditEvent.objects.filter(
        action="consultations.responses_read", object_id="workforce-development-programme:page 2"
    ).exists()
    rows = list(csv.reader(io.StringIO(client.get(f"{url}responses.csv").content.decode("utf-8-sig"))))
    assert len(rows) == 1 + total
