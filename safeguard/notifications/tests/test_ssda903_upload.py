import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from safeguard.core.models import AuditEvent
from safeguard.notifications.models import Notification
from safeguard.reference.tests.samples import ssda903_sample

# The upload is read in the background (core.jobs); here at once, as on the embedded default.
pytestmark = pytest.mark.usefixtures("import_jobs_in_process")


@pytest.fixture
def sample_area(host):
    # The sample's invented postcodes: make a few of its districts part of the host's area.
    host.postcode_districts = "LU1 LU2 LU3 LU4 WD10 WZ2 WA7"
    host.save()
    return host


def upload(name):
    return SimpleUploadedFile(name, ssda903_sample(name).read_bytes(), content_type="text/csv")


def test_the_shared_csv_sample_becomes_notifications_with_a_report(client, sign_in, placing_social_worker, sample_area):
    sign_in(placing_social_worker)
    response = client.post(
        "/notify/ssda903/", {"header_file": upload("header.csv"), "episodes_file": upload("episodes.csv")}, follow=True
    )
    text = response.content.decode()
    assert response.status_code == 200 and "Return read" in text
    taken = Notification.objects.filter(channel=Notification.Channel.SSDA903)
    assert taken.count() == 41
    assert "41 placements taken" in text and "from 5050 episodes" in text
    assert "Placement postcode outside every host council" in text
    # No names in SSDA903: each is incomplete and asks for the child's name.
    first = taken.first()
    assert first.status == Notification.Status.INCOMPLETE
    assert {"field": "child.first_name", "message": "Enter the child's first name"} in first.missing
    assert first.placing_authority == placing_social_worker.organisation
    assert AuditEvent.objects.filter(action="notification.ssda903_import").exists()


def test_the_xml_sample_is_read_too(client, sign_in, placing_social_worker, host):
    host.postcode_districts = "LU1 T27 E7 Q2"
    host.save()
    sign_in(placing_social_worker)
    xml = SimpleUploadedFile("fake_903.xml", ssda903_sample("fake_903.xml").read_bytes(), content_type="text/xml")
    text = client.post("/notify/ssda903/", {"xml_file": xml}, follow=True).content.decode()
    assert "Return read" in text
    assert Notification.objects.filter(channel=Notification.Channel.SSDA903).count() == 11


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({}, "Select the XML file, or the header and episodes tables"),
        ({"header_file": ("header.csv", b"CHILD,SEX,DOB\n")}, "Select the episodes table as well"),
        ({"xml_file": ("r.xml", b"")}, "The selected file is empty"),
        ({"xml_file": ("r.xml", b"this is not xml")}, "XML"),
        (
            {
                "header_file": ("header.csv", b"CHILD,SEX,DOB\n1,1,01/01/2010\n"),
                "episodes_file": ("episodes.csv", b"CHILD,DECOM\n1,01/01/2020\n"),
            },
            "PL_POST",
        ),
    ],
)
def test_bad_files_are_explained(client, sign_in, placing_social_worker, sample_area, files, message):
    sign_in(placing_social_worker)
    data = {name: SimpleUploadedFile(filename, content) for name, (filename, content) in files.items()}
    text = client.post("/notify/ssda903/", data, follow=True).content.decode()
    assert "There is a problem" in text and message in text
    assert not Notification.objects.exists()


def test_an_sqa_officer_uploads_a_return_on_a_placing_councils_behalf(client, sign_in, sqa_officer, sample_area):
    sign_in(sqa_officer)
    page = client.get("/notify/ssda903/").content.decode()
    assert (
        "Upload a placing council&#39;s SSDA903 return" in page or "Upload a placing council's SSDA903 return" in page
    )
    files = {"header_file": upload("header.csv"), "episodes_file": upload("episodes.csv")}
    page = client.post("/notify/ssda903/", files).content.decode()
    assert "Select the placing council whose return it is" in page
    assert not Notification.objects.exists()
    files = {"header_file": upload("header.csv"), "episodes_file": upload("episodes.csv")}
    response = client.post("/notify/ssda903/", {**files, "placing_authority": "919"}, follow=True)
    assert "41 placements taken" in response.content.decode()
    taken = Notification.objects.filter(channel=Notification.Channel.SSDA903)
    assert {n.placing_authority.dfe_code for n in taken} == {"919"}
    assert {n.host_council for n in taken} == {sample_area}
    event = AuditEvent.objects.get(action="notification.ssda903_import")
    assert event.actor == sqa_officer and event.changes["placing_authority"] == [None, "919"]


def test_other_host_staff_cannot_upload_a_return(client, sign_in, ra_social_worker, lado):
    for person in (ra_social_worker, lado):
        sign_in(person)
        assert client.get("/notify/ssda903/").status_code == 404
