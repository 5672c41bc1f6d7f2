"""The partnership editor keeps consultations in /cms/ as snippets with their questions: a draft is not
public, publishing makes it public (audited), "you said, we did" only after closing, and another council's
editor can neither see nor change one (docs/adr/0037). The programme's core competencies are kept there too."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from safeguard.consultations.demo import BORDERS_SLUG, WORKFORCE_SLUG
from safeguard.consultations.models import Consultation
from safeguard.core.models import AuditEvent

from .conftest import MK_SITE

pytestmark = pytest.mark.django_db

ADD = "/cms/snippets/consultations/consultation/add/"


def _edit(pk) -> str:
    return f"/cms/snippets/consultations/consultation/edit/{pk}/"


def _questions(*questions, initial=0) -> dict:
    data = {
        "questions-TOTAL_FORMS": str(len(questions)),
        "questions-INITIAL_FORMS": str(initial),
        "questions-MIN_NUM_FORMS": "1",
        "questions-MAX_NUM_FORMS": "1000",
    }
    for n, q in enumerate(questions):
        data.update({f"questions-{n}-{key}": value for key, value in q.items()})
        data.setdefault(f"questions-{n}-ORDER", str(n + 1))
        data.setdefault(f"questions-{n}-DELETE", "")
    return data


def _form(**extra) -> dict:
    today = timezone.localdate()
    data = {
        "title": "Early help in Luton",
        "slug": "early-help",
        "summary": "What should early help look like?",
        "background": "We are redesigning early help.",
        "opens_on": str(today - timedelta(days=1)),
        "closes_on": str(today + timedelta(days=30)),
        "you_said": "",
        "we_did": "",
        **_questions(
            {
                "text": "Which matters most?",
                "hint": "",
                "kind": "choice",
                "choices": "Speed\nContinuity",
                "required": "on",
            },
            {"text": "Anything else?", "hint": "", "kind": "text", "choices": ""},
        ),
    }
    data.update(extra)
    return data


@pytest.fixture
def editor(luton):
    from conftest import make_person

    return make_person("partnership_editor", host=luton)


def test_an_editor_adds_a_draft_with_questions_then_publishes_it(client, sign_in, editor, luton):
    sign_in(editor)
    assert client.get("/cms/").status_code == 200  # joins the host's editors
    response = client.post(ADD, _form())
    assert response.status_code == 302, response.content.decode()[:3000]
    added = Consultation.objects.get(slug="early-help")
    assert added.host_council == luton and not added.live
    assert [q.text for q in added.questions.all()] == ["Which matters most?", "Anything else?"]
    assert AuditEvent.objects.filter(action="consultations.consultation_draft_save", actor=editor).exists()
    assert client.get(reverse("consultations:detail", args=["early-help"])).status_code == 404
    assert "Early help in Luton" not in client.get(reverse("consultations:list")).content.decode()

    ids = list(added.questions.values_list("pk", flat=True))
    publish = _form(title="Early help in Luton: your views", **{"action-publish": "action-publish"})
    publish.update({"questions-INITIAL_FORMS": "2", "questions-0-id": str(ids[0]), "questions-1-id": str(ids[1])})
    response = client.post(_edit(added.pk), publish)
    assert response.status_code == 302, response.content.decode()[:3000]
    added.refresh_from_db()
    assert added.live and added.title == "Early help in Luton: your views"
    assert AuditEvent.objects.filter(action="consultations.consultation_publish", actor=editor).exists()
    page = client.get(reverse("consultations:detail", args=["early-help"])).content.decode()
    assert "Which matters most?" in page and "Continuity" in page


def test_field_errors_name_the_field_and_keep_what_was_typed(client, sign_in, editor, luton):
    sign_in(editor)
    client.get("/cms/")
    today = timezone.localdate()
    response = client.post(
        ADD, _form(slug=WORKFORCE_SLUG, closes_on=str(today - timedelta(days=5)), you_said="Too soon")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f"There is already a consultation at “{WORKFORCE_SLUG}”" in page
    assert "The closing date must be the same as or after the opening date" in page
    assert "What should early help look like?" in page  # kept
    response = client.post(ADD, _form(you_said="People asked for evening courses"))
    assert "can be published once the consultation has closed" in response.content.decode()
    assert not Consultation.objects.filter(slug="early-help").exists()


def test_you_said_we_did_is_published_from_cms_after_closing(client, sign_in, editor, luton):
    sign_in(editor)
    client.get("/cms/")
    closed = Consultation.objects.get(slug=BORDERS_SLUG)
    (question,) = closed.questions.all()
    data = {
        "title": closed.title,
        "slug": closed.slug,
        "summary": closed.summary,
        "background": closed.background,
        "opens_on": str(closed.opens_on),
        "closes_on": str(closed.closes_on),
        "you_said": "You asked who to call at the airport.",
        "we_did": "We wrote it down for airline staff.",
        "action-publish": "action-publish",
        **_questions({"id": str(question.pk), "text": question.text, "hint": question.hint, "kind": "text",
                      "choices": "", "required": "on"}, initial=1),
    }  # fmt: skip
    response = client.post(_edit(closed.pk), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = client.get(reverse("consultations:detail", args=[BORDERS_SLUG])).content.decode()
    assert "We wrote it down for airline staff." in page


def test_an_answered_question_or_consultation_is_not_deleted(client, sign_in, editor, luton):
    sign_in(editor)
    client.get("/cms/")
    workforce = Consultation.objects.get(slug=WORKFORCE_SLUG)
    questions = list(workforce.questions.all())
    data = {
        "title": workforce.title,
        "slug": workforce.slug,
        "summary": workforce.summary,
        "background": workforce.background,
        "opens_on": str(workforce.opens_on),
        "closes_on": str(workforce.closes_on),
        "you_said": "",
        "we_did": "",
        "action-publish": "action-publish",
        **_questions(
            *[{"id": str(q.pk), "text": q.text, "hint": q.hint, "kind": q.kind, "choices": q.choices, "required": "on"}
              for q in questions],
            initial=len(questions),
        ),
    }  # fmt: skip
    data["questions-0-DELETE"] = "1"
    response = client.post(_edit(workforce.pk), data)
    assert "cannot be removed: people have answered it" in response.content.decode()
    assert workforce.questions.count() == 3
    client.post(f"/cms/snippets/consultations/consultation/delete/{workforce.pk}/")
    assert Consultation.objects.filter(pk=workforce.pk).exists()
    assert workforce.responses.exists()


def test_another_councils_editor_cannot_see_or_change_a_consultation(client, sign_in, luton, mk_host):
    from conftest import make_person

    far_editor = make_person("partnership_editor", host=mk_host)
    workforce = Consultation.objects.get(slug=WORKFORCE_SLUG)
    sign_in(far_editor)
    client.get("/cms/", HTTP_HOST=MK_SITE)
    listing = client.get("/cms/snippets/consultations/consultation/", HTTP_HOST=MK_SITE).content.decode()
    assert "Keynes youth offer" in listing and workforce.title not in listing
    assert client.get(_edit(workforce.pk), HTTP_HOST=MK_SITE).status_code in (302, 403, 404)
    client.post(f"/cms/snippets/consultations/consultation/delete/{workforce.pk}/", HTTP_HOST=MK_SITE)
    assert Consultation.objects.filter(pk=workforce.pk).exists()


def test_editors_add_and_rename_the_programmes_core_competencies(client, sign_in, editor, luton):
    from safeguard.learning.models import Competency

    sign_in(editor)
    client.get("/cms/")
    base = "/cms/snippets/learning/competency/"
    response = client.post(f"{base}add/", {"name": "Working with fathers", "code": "fathers", "description": "",
                                           "sort_order": "9"})  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    added = Competency.objects.get(code="fathers")
    assert added.host == luton
    response = client.post(f"{base}add/", {"name": "Again", "code": "fathers", "description": "", "sort_order": "1"})
    assert "There is already a competency with the code “fathers”" in response.content.decode()
    response = client.post(f"{base}edit/{added.pk}/", {"name": "Working with fathers and male carers",
                                                       "code": "changed", "description": "", "sort_order": "9"})  # fmt: skip
    assert response.status_code == 302
    added.refresh_from_db()
    assert added.name == "Working with fathers and male carers" and added.code == "fathers"
    assert AuditEvent.objects.filter(action="learning.competency_change", actor=editor).exists()
    assert "Working with fathers and male carers" in client.get(base).content.decode()


def test_only_the_partnership_editor_keeps_consultations_and_competencies(client, sign_in, luton):
    from conftest import make_person

    sign_in(make_person("manual_editor", host=luton))
    client.get("/cms/")
    for url in ("/cms/snippets/consultations/consultation/", ADD, "/cms/snippets/learning/competency/add/"):
        assert client.get(url).status_code in (302, 403), url
