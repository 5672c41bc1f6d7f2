"""The header names the host council and the service, as the council has configured them."""

import re

import pytest
from django.urls import reverse


def masthead(html: str) -> str:
    block = html.split('<div class="safeguard-masthead">', 1)[1].split("</div>\n  </div>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", block)).strip()


def service_navigation_name(html: str) -> str:
    return re.search(r'class="govuk-service-navigation__service-name">\s*<a[^>]*>\s*([^<]+?)\s*<', html).group(1)


@pytest.mark.django_db
def test_the_public_sees_the_host_council_and_the_service(client, host):
    html = client.get(reverse("home:home")).content.decode()
    assert masthead(html).startswith("Luton Borough Council")
    assert "Children's services" not in html
    assert service_navigation_name(html) == "Safeguard"
    assert "<title>Children placed in the area – Safeguard – Luton Borough Council</title>" in html


@pytest.mark.django_db
def test_the_service_name_is_configuration(client, host, settings):
    settings.SAFEGUARD_SERVICE_NAME = "Children placed in Luton"
    html = client.get(reverse("home:home")).content.decode()
    assert service_navigation_name(html) == "Children placed in Luton"
    assert '<h1 class="govuk-heading-xl">Children placed in Luton</h1>' in html


@pytest.mark.django_db
def test_the_host_councils_name_is_data(client, host):
    """From the host's configuration file (display_name), or the council's name when it gives none."""
    host.display_name = "Luton Council"
    host.save(update_fields=["display_name"])
    assert masthead(client.get(reverse("home:home")).content.decode()).startswith("Luton Council ")
    host.display_name = ""
    host.save(update_fields=["display_name"])
    assert masthead(client.get(reverse("home:home")).content.decode()).startswith("Luton Sign in")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "own_organisation_shown"),
    [("sqa_officer", False), ("carer", True), ("placing_social_worker", True), ("police", True)],
)
def test_signed_in_people_see_the_host_council_and_their_own_organisation(
    client, sign_in, host, role, own_organisation_shown, request
):
    user = request.getfixturevalue(role)
    sign_in(user)
    text = masthead(client.get(reverse("home:home")).content.decode())
    assert text.startswith("Luton Borough Council")
    assert user.full_name in text
    assert (f", {user.organisation.name}" in text) is own_organisation_shown
