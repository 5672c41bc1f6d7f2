"""The host's administrator sets up its area's schools for their staff's accounts: which school each
account belongs to, audited; another area's school is a 404; the invited staff see their own school's returns."""

from django.urls import reverse

from safeguard.accounts.models import Organisation, Role, User
from safeguard.core.models import AuditEvent
from safeguard.education.tests.factories import SchoolFactory
from safeguard.inclusion import selectors


def test_the_administrator_sets_up_a_school_and_invites_its_staff(client, sign_in, host_admin, host):
    school = SchoolFactory(name="Lea Manor High School", urn=109876)
    SchoolFactory(name="Keynes School", la_code="826")
    sign_in(host_admin)
    page = client.get(reverse("inclusion:school_accounts")).content.decode()
    assert "Lea Manor High School" in page and "Not set up" in page and "Keynes School" not in page

    response = client.post(reverse("inclusion:school_account_set_up", args=[school.pk]))
    organisation = Organisation.objects.get(kind=Organisation.Kind.SCHOOL, urn=109876)
    assert organisation.located_in == host and organisation.name == "Lea Manor High School"
    assert response["Location"] == f"{reverse('accounts:person_invite')}?organisation={organisation.pk}"
    assert AuditEvent.objects.filter(action="school_organisation.set_up", object_id=str(organisation.pk)).exists()
    # Setting it up again is the same organisation.
    client.post(reverse("inclusion:school_account_set_up", args=[school.pk]))
    assert Organisation.objects.filter(urn=109876).count() == 1

    invite = client.get(response["Location"]).content.decode()
    assert "Lea Manor High School" in invite
    sent = client.post(
        reverse("accounts:person_invite"),
        {
            "full_name": "Grace Okafor",
            "email": "grace.okafor@leamanor.example",
            "organisation": organisation.pk,
            "role": Role.SCHOOL_STAFF,
            "team": "",
        },
    )
    assert sent.status_code == 302, sent.content.decode()[:2000]
    grace = User.objects.get(email="grace.okafor@leamanor.example")
    assert grace.organisation == organisation and grace.role == Role.SCHOOL_STAFF
    assert selectors.school_of(grace) == school
    listed = client.get(reverse("accounts:person_list")).content.decode()
    assert "Grace Okafor" in listed
    assert "1" in client.get(reverse("inclusion:school_accounts")).content.decode()


def test_another_areas_school_is_a_404_and_others_may_not(client, sign_in, host_admin, cme_officer):
    far = SchoolFactory(name="Keynes School", la_code="826")
    sign_in(host_admin)
    assert client.post(reverse("inclusion:school_account_set_up", args=[far.pk])).status_code == 404
    assert not Organisation.objects.filter(urn=far.urn).exists()
    sign_in(cme_officer)
    assert client.get(reverse("inclusion:school_accounts")).status_code == 404


def test_a_school_staff_role_fits_only_a_school(client, sign_in, host_admin, host):
    sign_in(host_admin)
    response = client.post(
        reverse("accounts:person_invite"),
        {
            "full_name": "Grace Okafor",
            "email": "grace.okafor@leamanor.example",
            "organisation": host.organisation.pk,
            "role": Role.SCHOOL_STAFF,
        },
    )
    assert response.status_code == 200
    assert "School staff is a role in a school" in response.content.decode()
