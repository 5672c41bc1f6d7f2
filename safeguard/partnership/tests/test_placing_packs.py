"""A placing council's own information pack (seed 001): sent as a link or a PDF checked by its content; the
host's SQA and R&A staff find it listed by council; a placing council sees only its own."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter

from safeguard.core.models import AuditEvent
from safeguard.partnership.models import PlacingCouncilPack

pytestmark = pytest.mark.django_db
URL = "/partnership/placing-authorities/our-pack/"


def _pdf() -> bytes:
    writer, out = PdfWriter(), BytesIO()
    writer.add_blank_page(width=200, height=200)
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def site(host):
    from safeguard.content.services import host_content_ensure
    from safeguard.core.audit import SystemActor

    host_content_ensure(actor=SystemActor("test"), host=host)
    return host


def test_the_url_is_the_one_named():
    assert reverse("partnership:own_pack") == URL


def test_a_placing_council_sends_a_pdf_and_the_hosts_staff_find_it_by_council(
    client, sign_in, site, placing_social_worker, sqa_officer, other_authority_user
):
    sign_in(placing_social_worker)
    pdf = _pdf()
    response = client.post(
        URL, {"title": "Looked-after children in Hertfordshire", "document": SimpleUploadedFile("pack.pdf", pdf)}
    )
    assert response.status_code == 302
    pack = PlacingCouncilPack.objects.get()
    assert pack.placing_council == placing_social_worker.organisation and pack.host_council == site
    assert AuditEvent.objects.filter(action="partnership.placing_pack_send", object_id=str(pack.pk)).exists()
    assert "Looked-after children in Hertfordshire" in client.get(URL).content.decode()

    sign_in(sqa_officer)
    page = client.get(reverse("partnership:council_packs")).content.decode()
    assert "Hertfordshire" in page and "Looked-after children in Hertfordshire" in page
    document = client.get(reverse("partnership:council_pack_document", args=[pack.pk]))
    assert b"".join(document.streaming_content) == pdf
    assert AuditEvent.objects.filter(action="partnership.placing_pack_read", actor=sqa_officer).exists()

    sign_in(other_authority_user)  # Birmingham sees only Birmingham's
    assert "Looked-after children in Hertfordshire" not in client.get(URL).content.decode()
    assert client.get(reverse("partnership:council_pack_document", args=[pack.pk])).status_code == 404
    assert client.get(reverse("partnership:council_packs")).status_code == 404


def test_a_renamed_file_that_is_not_a_pdf_is_refused_by_its_content(client, sign_in, site, placing_social_worker):
    sign_in(placing_social_worker)
    for content, message in [
        (b"MZ\x90\x00 an executable renamed", "The file must be a PDF"),
        (b"<html><script>alert(1)</script></html>", "The file must be a PDF"),
        (b"%PDF-1.7 but cut short", "The PDF is incomplete or damaged"),
        (b"", "The selected file is empty"),
    ]:
        response = client.post(URL, {"title": "Our pack", "document": SimpleUploadedFile("pack.pdf", content)})
        page = response.content.decode()
        assert response.status_code == 200, content
        assert message in page or "The submitted file is empty" in page, content
        assert 'value="Our pack"' in page
    assert not PlacingCouncilPack.objects.exists()


def test_a_pdf_over_the_size_limit_is_refused_and_one_at_it_accepted():
    from safeguard.core.errors import ServiceRefusal
    from safeguard.partnership.pack_services import pack_document_check

    pdf = _pdf()
    pack_document_check(pdf, max_bytes=len(pdf))
    with pytest.raises(ServiceRefusal, match="smaller than"):
        pack_document_check(pdf, max_bytes=len(pdf) - 1)


def test_a_link_or_a_pdf_not_both_nor_neither(client, sign_in, site, placing_social_worker):
    sign_in(placing_social_worker)
    page = client.post(URL, {"title": "Our pack", "link": ""}).content.decode()
    assert "Give a link to your pack or choose a PDF of it, not both" in page
    response = client.post(URL, {"title": "Our pack", "link": "https://www.hertfordshire.gov.uk/lac-pack"})
    assert response.status_code == 302
    assert PlacingCouncilPack.objects.get().link == "https://www.hertfordshire.gov.uk/lac-pack"


def test_host_staff_and_editors_cannot_send_a_pack(client, sign_in, site, sqa_officer, partnership_editor):
    for person in (sqa_officer, partnership_editor):
        sign_in(person)
        assert client.get(URL).status_code == 404
