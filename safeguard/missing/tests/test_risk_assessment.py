import html
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from safeguard.core.models import AuditEvent
from safeguard.missing.models import MissingRiskAssessment
from safeguard.missing.tests.documents import docx_bytes, pdf_bytes, zip_bytes


def _date_fields(day) -> dict:
    return {"review_on_0": str(day.day), "review_on_1": str(day.month), "review_on_2": str(day.year)}


def _post(client, child, document=None, **answers):
    data = {"risk_factors": "", "triggers": "", "agreed_actions": "", "who_to_tell": ""}
    data.update(_date_fields(timezone.localdate() + timedelta(days=90)))
    data.update(answers)
    if document is not None:
        data["document"] = document
    return client.post(f"/children/{child.pk}/missing-risk-assessment/", data)


def _page(response) -> str:
    return html.unescape(response.content.decode())


def test_the_placing_social_worker_writes_a_plan_that_the_carer_and_police_can_read(
    client, sign_in, placing_social_worker, carer, police, world
):
    sign_in(placing_social_worker)
    response = _post(
        client,
        world.missing_child,
        risk_factors="Goes to older men's flats in Bury Park",
        agreed_actions="Call her phone, then 101 after 30 minutes",
        document=SimpleUploadedFile("Milo plan.docx", docx_bytes()),
    )
    assert response.status_code == 302
    plan = MissingRiskAssessment.objects.get(child=world.missing_child)
    assert plan.written_by == placing_social_worker and plan.document_name == "Milo plan.docx"
    assert AuditEvent.objects.filter(action="missing_risk_assessment.save", actor=placing_social_worker).exists()
    sign_in(carer)
    page = _page(client.get(f"/children/{world.missing_child.pk}/"))
    assert "Goes to older men's flats in Bury Park" in page and "Milo plan.docx" in page
    download = client.get(f"/risk-assessments/{plan.pk}/document")
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == docx_bytes()
    # The police, while the child is missing, have it in the grab pack.
    sign_in(police)
    assert client.get(f"/children/{world.missing_child.pk}/").status_code == 200


def test_saving_again_keeps_the_earlier_plan(client, sign_in, placing_social_worker, world):
    sign_in(placing_social_worker)
    _post(client, world.child, risk_factors="Reviewed: new associates in Luton town centre")
    plans = list(MissingRiskAssessment.objects.filter(child=world.child))
    assert len(plans) == 2  # the world's first plan is kept
    assert plans[0].risk_factors.startswith("Reviewed")


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: SimpleUploadedFile("plan.pdf", b"MZ\x90\x00 a program renamed"), "The document must be a PDF"),
        (lambda: SimpleUploadedFile("plan.pdf", b"<html><script>alert(1)</script>"), "The document must be a PDF"),
        (lambda: SimpleUploadedFile("plan.docx", zip_bytes()), "The document must be a PDF"),
        (lambda: SimpleUploadedFile("plan.pdf", pdf_bytes()[:200]), "The PDF is incomplete or damaged"),
        (lambda: SimpleUploadedFile("plan.pdf", b""), "The selected document is empty"),
    ],
)
def test_documents_that_are_not_what_they_claim_are_refused_and_the_answers_are_kept(
    client, sign_in, placing_social_worker, world, upload, message
):
    sign_in(placing_social_worker)
    response = _post(client, world.missing_child, document=upload(), triggers="Contact with birth mother")
    page = _page(response)
    assert response.status_code == 200
    assert message in page
    assert "Contact with birth mother" in page
    assert not MissingRiskAssessment.objects.filter(child=world.missing_child).exists()


def test_an_oversized_document_is_refused_by_size(client, sign_in, placing_social_worker, world, settings):
    settings.RISK_ASSESSMENT_DOCUMENT_MAX_BYTES = 1024 * 1024
    sign_in(placing_social_worker)
    big = SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024) + b"%%EOF")
    assert "The document must be smaller than 1 MB" in _page(_post(client, world.missing_child, document=big))


def test_a_plan_needs_content_and_a_future_review_date(client, sign_in, placing_social_worker, world):
    sign_in(placing_social_worker)
    page = _page(_post(client, world.missing_child))
    assert "Enter the risk factors and agreed actions, or upload the risk assessment document" in page
    past = _page(
        _post(client, world.missing_child, risk_factors="x", **_date_fields(timezone.localdate() - timedelta(days=1)))
    )
    assert "The review date must be today or in the future" in past
    missing_date = _page(
        _post(client, world.missing_child, risk_factors="x", review_on_0="", review_on_1="", review_on_2="")
    )
    assert "Enter the review date" in missing_date
    assert not MissingRiskAssessment.objects.filter(child=world.missing_child).exists()


def test_an_overdue_review_shows_on_the_register_the_child_and_the_placing_councils_home(
    client, sign_in, placing_social_worker, sqa_officer, world
):
    MissingRiskAssessment.objects.filter(pk=world.risk_assessment.pk).update(
        review_on=timezone.localdate() - timedelta(days=3)
    )
    sign_in(placing_social_worker)
    home = _page(client.get("/"))
    assert "Missing risk assessments to review" in home and "Ava Placed" in home
    assert "Review overdue" in _page(client.get(f"/children/{world.child.pk}/"))
    sign_in(sqa_officer)
    register = _page(client.get("/children/"))
    row = register[register.index("Ava Placed") :].split("</tr>")[0]
    assert "Risk review overdue" in row


def test_the_carer_and_other_councils_cannot_write_one(client, sign_in, carer, other_authority_user, world):
    for user in (carer, other_authority_user):
        sign_in(user)
        assert _post(client, world.child, risk_factors="x").status_code == 404
    assert MissingRiskAssessment.objects.filter(child=world.child).count() == 1
