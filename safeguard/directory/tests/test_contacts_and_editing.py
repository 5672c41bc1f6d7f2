"""One source for who to call: the host's contacts, changed in /settings/, show in the directory at once.
And the editors' pages: a host's partnership editor keeps its own directory, every change audited."""

import pytest
from django.urls import reverse

from safeguard.core.models import AuditEvent
from safeguard.directory.models import Organisation, Service, TaxonomyTerm
from safeguard.directory.oruk import reference_contact_id

pytestmark = pytest.mark.django_db


def test_a_contact_changed_in_settings_shows_in_the_directory(client, sign_in, luton_directory, host_admin):
    contact = luton_directory.contacts.get(name="PPU Support Team, Greyfriars Police Station")
    entry = reverse("directory:service_detail", args=[reference_contact_id(contact)])
    assert "01234 846960" in client.get(entry).content.decode()
    sign_in(host_admin)
    response = client.post(
        reverse("reference:contact_edit", args=[contact.pk]),
        {
            "purpose": contact.purpose,
            "name": contact.name,
            "phone": "01234 000111",
            "description": contact.description,
            "priority": "1",
            "monday_opens": "09:00",
            "monday_closes": "17:00",
            "tuesday_opens": "09:00",
            "tuesday_closes": "17:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    page = client.get(entry).content.decode()
    assert "01234 000111" in page and "01234 846960" not in page
    assert "Monday and Tuesday, 9am to 5pm" in page
    api = client.get(f"/oruk/services/{reference_contact_id(contact)}").json()
    assert api["contacts"][0]["phones"][0]["number"] == "01234 000111"


def test_a_contact_added_in_settings_is_listed_and_a_removed_one_is_gone(client, sign_in, luton_directory, host_admin):
    sign_in(host_admin)
    client.post(
        reverse("reference:contact_add"),
        {"purpose": "lado", "name": "LADO out of hours", "phone": "01582 999000", "priority": "5"},
    )
    lado = luton_directory.contacts.get(name="LADO out of hours")
    client.logout()
    assert "LADO out of hours" in client.get("/partnership/directory/", {"text": "out of hours"}).content.decode()
    sign_in(host_admin)
    client.post(reverse("reference:contact_remove", args=[lado.pk]))
    client.logout()
    assert client.get(reverse("directory:service_detail", args=[reference_contact_id(lado)])).status_code == 404


SERVICE_FORM = {
    "name": "Care Leavers Drop-in",
    "description": "Advice for young people leaving care",
    "status": "active",
    "eligibility": "Care leavers aged 16 to 25\nYoung people placed in Luton",
    "minimum_age": "16",
    "maximum_age": "25",
    "location_name": "The Hub",
    "address_1": "1 Market Hill",
    "city": "Luton",
    "postcode": "lu1 2aa",
    "contact_name": "Jo Adviser",
    "contact_email": "jo@hub.example",
    "phone": "01582 111222",
    "days": ["TU", "TH"],
    "opens_at": "13:00",
    "closes_at": "16:30",
}


def test_an_editor_adds_a_service_that_the_public_and_the_api_see_at_once(
    client, sign_in, luton_directory, partnership_editor
):
    organisation = Organisation.objects.filter(host_council=luton_directory).first()
    term = TaxonomyTerm.objects.get(host_council=luton_directory, code="family-support")
    sign_in(partnership_editor)
    response = client.post(
        reverse("directory:service_add"),
        {**SERVICE_FORM, "organisation": str(organisation.pk), "terms": [str(term.pk)]},
    )
    assert response.status_code == 302
    service = Service.objects.get(host_council=luton_directory, name="Care Leavers Drop-in")
    event = AuditEvent.objects.get(action="directory.service_add", object_id=str(service.pk))
    assert "Care Leavers Drop-in" in str(event.changes["name"]) and "LU1 2AA" in str(event.changes["location"])
    client.logout()
    page = client.get(reverse("directory:service_detail", args=[service.pk])).content.decode()
    assert "Tuesday and Thursday, 1pm to 4:30pm" in page
    assert "LU1 2AA" in page and "Jo Adviser" in page and "Care leavers aged 16 to 25" in page
    found = client.get("/partnership/directory/", {"category": str(term.pk), "postcode": "LU1"}).content.decode()
    assert "Care Leavers Drop-in" in found


def test_an_editors_change_and_removal_are_audited(client, sign_in, luton_directory, partnership_editor):
    service = Service.objects.get(host_council=luton_directory, name="Luton Youth Service")
    sign_in(partnership_editor)
    form = client.get(reverse("directory:service_edit", args=[service.pk]))
    assert "Stopsley Way" in form.content.decode()
    client.post(
        reverse("directory:service_edit", args=[service.pk]),
        {**SERVICE_FORM, "name": "Luton Youth Service", "organisation": str(service.organisation_id)},
    )
    change = AuditEvent.objects.get(action="directory.service_update", object_id=str(service.pk))
    assert "Market Hill" in str(change.changes["location"])
    client.post(reverse("directory:service_remove", args=[service.pk]))
    assert not Service.objects.filter(pk=service.pk).exists()
    assert AuditEvent.objects.filter(action="directory.service_remove", object_id=str(service.pk)).exists()


def test_the_form_names_the_field_and_keeps_what_was_typed(client, sign_in, luton_directory, partnership_editor):
    organisation = Organisation.objects.filter(host_council=luton_directory).first()
    sign_in(partnership_editor)
    page = client.post(
        reverse("directory:service_add"),
        {**SERVICE_FORM, "organisation": str(organisation.pk), "postcode": "nowhere"},
    ).content.decode()
    assert "There is a problem" in page
    assert "Enter a full postcode, like LU1 2BQ" in page
    assert "Care Leavers Drop-in" in page and "Jo Adviser" in page
    assert not Service.objects.filter(name="Care Leavers Drop-in").exists()


def test_another_hosts_editor_never_sees_lutons_entries(client, sign_in, luton_directory, mk_host):
    from safeguard.accounts.models import Role
    from safeguard.accounts.tests.factories import UserFactory

    mk_editor = UserFactory(role=Role.PARTNERSHIP_EDITOR, organisation=mk_host.organisation)
    luton_service = Service.objects.get(host_council=luton_directory, name="Luton Youth Service")
    luton_org = luton_service.organisation
    sign_in(mk_editor)
    listing = client.get(reverse("directory:manage")).content.decode()
    assert "Keynes Kids Counselling" in listing and "Luton Youth Service" not in listing
    assert client.get(reverse("directory:service_edit", args=[luton_service.pk])).status_code == 404
    assert client.post(reverse("directory:service_remove", args=[luton_service.pk])).status_code == 404
    assert client.get(reverse("directory:organisation_edit", args=[luton_org.pk])).status_code == 404
    # Luton's organisations are not choices on their form, so a posted one is refused by name.
    page = client.post(
        reverse("directory:service_add"), {**SERVICE_FORM, "organisation": str(luton_org.pk)}
    ).content.decode()
    assert "There is a problem" in page
    assert not Service.objects.filter(name="Care Leavers Drop-in").exists()
    assert Service.objects.filter(pk=luton_service.pk).exists()


def test_people_who_are_not_editors_get_404(client, sign_in, luton_directory, sqa_officer, host_admin):
    for person in (sqa_officer, host_admin):
        sign_in(person)
        assert client.get(reverse("directory:manage")).status_code == 404
    client.logout()
    assert client.get(reverse("directory:manage")).status_code == 302
