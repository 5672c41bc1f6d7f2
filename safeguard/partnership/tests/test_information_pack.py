"""The placing councils' information pack (seed 001): the directory's services for looked-after children,
how to notify, the contacts, and the line asking readers to pass it on to their foster carers; as a PDF."""

from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from safeguard.core.audit import SystemActor

pytestmark = pytest.mark.django_db
CAMHS = "Child and Adolescent Mental Health Service (CAMHS) Luton"


@pytest.fixture
def luton_pack(host):
    from safeguard.directory.demo import directory_demo_load
    from safeguard.partnership.demo import partnership_demo_load

    directory_demo_load(host=host)
    return partnership_demo_load(host=host)


def _pdf_text(body: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(BytesIO(body)).pages).split())


def test_the_page_is_the_pack_built_from_the_directory(client, luton_pack):
    page = client.get("/partnership/placing-authorities/").content.decode()
    assert CAMHS in page and "Looked-after children placed in Luton" in page
    assert f'href="{reverse("notifications:notify_start")}"' in page
    assert f'href="{reverse("api:openapi-json")}"' in page
    assert "Please pass this pack on to your foster carers based in Luton" in page
    assert "01582 547653" in page  # the R&A contact, from the host's configuration (seed 001)
    assert reverse("partnership:information_pack_pdf") in page
    # A service not for looked-after children is not in the pack.
    assert "Luton Youth Service" not in page


def test_the_pack_pdf_opens_and_names_a_directory_service(client, luton_pack):
    response = client.get(reverse("partnership:information_pack_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert CAMHS in text
    assert "Please pass this pack on to your foster carers based in Luton" in text
    assert "http://testserver/notify/" in text


def test_a_service_taken_out_of_the_directory_leaves_the_pack(client, luton_pack, host):
    from safeguard.directory.models import Service
    from safeguard.directory.services import service_remove

    service_remove(actor=SystemActor("test"), host_council=host, service=Service.objects.get(name=CAMHS))
    assert CAMHS not in _pdf_text(client.get(reverse("partnership:information_pack_pdf")).content)


def test_no_pack_without_a_live_page_that_shows_it(client, luton_pack):
    from safeguard.partnership.models import PartnershipPage

    PartnershipPage.objects.get(slug="placing-authorities").unpublish()
    assert client.get(reverse("partnership:information_pack_pdf")).status_code == 404
