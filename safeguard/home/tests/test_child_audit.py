"""The audit by child: an SQA manager finds a child and reads, and exports, everything recorded about
the child's records; confidential (LADO) events never appear; each export is itself audited."""

import csv
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from safeguard.allegations.confidential import audit_event_record as confidential_event
from safeguard.core.models import AuditEvent
from safeguard.missing.selectors import photograph_get_for
from safeguard.register.services import child_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(sign_in, sqa_manager):
    return sign_in(sqa_manager)


def test_search_finds_the_child_by_name_placed_now_or_before(manager_client, world):
    page = manager_client.get(reverse("home:child_audit_search"), {"q": "placed"}).content.decode()
    assert "Ava Placed" in page and "Olly Other" not in page
    page = manager_client.get(reverse("home:child_audit_search"), {"q": "Fern"}).content.decode()
    assert "Fern Former" in page  # her placement has ended
    assert AuditEvent.objects.filter(action="child.search", object_id="audit").exists()


def test_search_without_a_name_says_what_to_enter(manager_client, world):
    response = manager_client.get(reverse("home:child_audit_search"), {"q": " "})
    page = response.content.decode()
    assert "Enter a child&#39;s name" in page or "Enter a child's name" in page
    assert "govuk-error-summary" in page and page.count("Error:") >= 1


def test_the_childs_audit_trail_names_every_kind_of_record_in_plain_words(manager_client, world, carer, sqa_manager):
    photograph_get_for(carer, world.photograph.pk)
    page = manager_client.get(reverse("home:child_audit_detail", kwargs={"pk": world.child.pk})).content.decode()
    for words in (
        "Added a photograph",
        "Viewed a photograph",
        "Reported the child missing",
        "Recorded the child&#39;s return",
        "Recorded a missing risk assessment",
        "Changed the missing profile",
        "Raised an exploitation concern",
        "Viewed the child&#39;s audit trail",
    ):
        assert words in page, words
    assert "grab_pack.open" not in page and "photograph.upload" not in page
    # Another child's records are not this child's.
    assert "Olly" not in page


def test_confidential_lado_events_about_the_child_never_appear(manager_client, world, lado):
    confidential_event(actor=lado, action="lado_child.link", target=world.child, host_council=world.child.host_council)
    page = manager_client.get(reverse("home:child_audit_detail", kwargs={"pk": world.child.pk})).content.decode()
    assert "Linked a child on the register to a LADO case" not in page
    assert "lado@" not in page
    rows = list(
        csv.reader(
            io.StringIO(
                manager_client.get(reverse("home:child_audit_csv", kwargs={"pk": world.child.pk})).content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert not any("LADO case" in cell for row in rows for cell in row)


def test_the_csv_is_neutralised_complete_and_its_export_is_audited(manager_client, world, sqa_officer):
    child_update(actor=sqa_officer, child=world.child, facts={"first_name": '=HYPERLINK("x")'})
    response = manager_client.get(reverse("home:child_audit_csv", kwargs={"pk": world.child.pk}))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Audit trail of"
    assert rows[0][1].startswith("'=HYPERLINK")  # a formula in a name does not run
    header = rows.index(["When", "Who", "What they did", "Kind", "Record", "Changes", "From (address)"])
    actions = [row[2] for row in rows[header + 1 :]]
    assert "Changed the child's details" in actions
    assert "Added a photograph" in actions
    change = next(row for row in rows[header + 1 :] if row[2] == "Changed the child's details")
    assert change[1] == sqa_officer.email and "first_name: Ava → =HYPERLINK" in change[5]
    assert AuditEvent.objects.filter(
        action="child_audit.export_csv", object_type="register.child", object_id=str(world.child.pk)
    ).exists()


def test_the_pdf_names_the_child_and_the_events_and_its_export_is_audited(manager_client, world):
    response = manager_client.get(reverse("home:child_audit_pdf", kwargs={"pk": world.child.pk}))
    assert response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(" ".join(page.extract_text().split()) for page in pages)
    assert "Audit trail of Ava Placed" in text
    assert "Added a photograph" in text and "OFFICIAL-SENSITIVE" in text
    assert AuditEvent.objects.filter(action="child_audit.export_pdf", object_id=str(world.child.pk)).exists()
    # The next look at the child's trail shows the export.
    page = manager_client.get(reverse("home:child_audit_detail", kwargs={"pk": world.child.pk})).content.decode()
    assert "Exported the child&#39;s audit trail (PDF)" in page


@pytest.mark.parametrize("person", ["sqa_officer", "lado", "placing_social_worker"])
def test_only_sqa_managers_audit_by_child(person, request, sign_in, world):
    client = sign_in(request.getfixturevalue(person))
    assert client.get(reverse("home:child_audit_search")).status_code == 404
    assert client.get(reverse("home:child_audit_csv", kwargs={"pk": world.child.pk})).status_code == 404
