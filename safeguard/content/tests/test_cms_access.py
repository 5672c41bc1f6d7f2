"""The editor's admin at /cms/: a host council's content editors only, through Safeguard's sign-in;
every publish audited."""

import pytest
from django.urls import reverse

from safeguard.core.audit import SystemActor

pytestmark = pytest.mark.django_db


@pytest.fixture
def content_home(host):
    from safeguard.content.services import host_content_ensure

    return host_content_ensure(actor=SystemActor("Safeguard test suite"), host=host)


def test_not_signed_in_is_sent_to_safeguards_sign_in(client, content_home):
    for path in ("/cms/", "/cms/pages/", "/cms/login/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign_in"))


def test_staff_who_are_not_editors_get_404(client, sign_in, content_home, sqa_officer, host_admin):
    for person in (sqa_officer, host_admin):
        sign_in(person)
        assert client.get("/cms/").status_code == 404
        assert client.get(f"/cms/pages/{content_home.pk}/").status_code == 404
        assert client.post("/cms/pages/add/content/hosthomepage/1/", {}).status_code == 404


def test_an_editor_without_their_second_factor_is_signed_out(client, content_home, partnership_editor):
    client.force_login(partnership_editor)  # password only: no verified second factor
    response = client.get("/cms/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:sign_in"))


def test_the_hosts_editor_opens_the_admin_and_their_councils_pages(client, sign_in, content_home, partnership_editor):
    from safeguard.core.models import AuditEvent

    sign_in(partnership_editor)
    response = client.get("/cms/")
    assert response.status_code == 200
    assert "Luton" in response.content.decode()
    assert client.get(f"/cms/pages/{content_home.pk}/").status_code == 200
    assert AuditEvent.objects.filter(action="content.editor_join", object_id=str(partnership_editor.pk)).count() == 1
    client.get("/cms/")
    assert AuditEvent.objects.filter(action="content.editor_join").count() == 1  # joined once


def test_another_hosts_editor_cannot_edit_lutons_pages(client, sign_in, content_home):
    from safeguard.accounts.models import HostCouncil, Organisation, Role
    from safeguard.accounts.tests.factories import UserFactory
    from safeguard.content.services import host_content_ensure

    other = HostCouncil.objects.create(organisation=Organisation.objects.get(dfe_code="826"), slug="milton-keynes")
    other_home = host_content_ensure(actor=SystemActor("Safeguard test suite"), host=other)
    editor = UserFactory(role=Role.PARTNERSHIP_EDITOR, organisation=other.organisation)
    sign_in(editor)
    assert client.get(f"/cms/pages/{other_home.pk}/edit/").status_code == 200
    response = client.get(f"/cms/pages/{content_home.pk}/edit/")
    assert response.status_code in (302, 403)
    assert "Luton" not in response.content.decode()


def test_every_publish_is_audited_with_who_published(content_home, partnership_editor):
    from safeguard.content.models import HostHomePage
    from safeguard.content.publishing import publishing_as
    from safeguard.core.models import AuditEvent

    page = HostHomePage.objects.get(pk=content_home.pk)
    with publishing_as(partnership_editor):
        page.save_revision(user=partnership_editor).publish()
    event = AuditEvent.objects.filter(action="content.page_publish", object_id=str(page.pk)).latest("pk")
    assert event.actor == partnership_editor and event.host_council == content_home.host_council
    # A scheduled publish, with nobody's request behind it, is named as such.
    page.save_revision().publish()
    event = AuditEvent.objects.filter(action="content.page_publish", object_id=str(page.pk)).latest("pk")
    assert event.actor is None and event.actor_label == "Safeguard (scheduled publishing)"


def test_one_wagtail_site_per_host_and_the_default_hosts_answers_other_names(content_home, host):
    from wagtail.models import Site

    site = Site.objects.get(root_page=content_home)
    assert site.is_default_site and site.hostname == "luton.localhost"
    assert Site.objects.filter(is_default_site=True).count() == 1


def test_rich_text_is_cleaned():
    from safeguard.content.sanitise import rich_text

    html = str(
        rich_text(
            '<p onclick="x()">Hi<script>alert(1)</script> <a href="javascript:alert(1)">bad</a>'
            ' <a href="https://www.gov.uk/">good</a><img src=x onerror=alert(1)></p>'
        )
    )
    assert "script" not in html and "onclick" not in html and "javascript" not in html and "onerror" not in html
    assert 'href="https://www.gov.uk/"' in html and "Hi" in html
