"""Editors keep the partnership site in /cms/, and each host council has its own site."""

import pytest
from wagtail.test.utils.form_data import nested_form_data, rich_text

from safeguard.core.audit import SystemActor
from safeguard.core.models import AuditEvent
from safeguard.partnership.models import NewsArticlePage, NewsIndexPage, PartnershipHomePage
from safeguard.partnership.services import page_add_and_publish

pytestmark = pytest.mark.django_db
TESTER = SystemActor("Safeguard test suite")


def test_the_partnership_editor_publishes_news_in_the_cms_audited_as_theirs(
    client, sign_in, luton_partnership, partnership_editor
):
    news = NewsIndexPage.objects.child_of(luton_partnership).get()
    sign_in(partnership_editor)
    assert client.get(f"/cms/pages/add/partnership/newsarticlepage/{news.pk}/").status_code == 200
    response = client.post(
        f"/cms/pages/add/partnership/newsarticlepage/{news.pk}/",
        nested_form_data(
            {
                "title": "Spotlight on missing children",
                "slug": "spotlight-on-missing-children",
                "date": "2026-11-30",
                "summary": "What practitioners told us at the spotlight event.",
                "body": rich_text("<p>Practitioners told us what could be improved.</p>"),
                "tags": "Missing children, Spotlight",
                "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000},
                "action-publish": "action-publish",
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = NewsArticlePage.objects.get(slug="spotlight-on-missing-children")
    assert article.live
    event = AuditEvent.objects.get(action="content.page_publish", object_id=str(article.pk))
    assert event.actor_id == partnership_editor.pk
    client.logout()
    page = client.get("/partnership/news/?tag=missing-children").content.decode()
    assert "Spotlight on missing children" in page
    assert "Practitioners told us" in client.get("/partnership/news/spotlight-on-missing-children/").content.decode()


def test_an_editor_s_draft_is_not_public_until_published(client, sign_in, luton_partnership, partnership_editor):
    news = NewsIndexPage.objects.child_of(luton_partnership).get()
    sign_in(partnership_editor)
    response = client.post(
        f"/cms/pages/add/partnership/newsarticlepage/{news.pk}/",
        nested_form_data(
            {
                "title": "Not yet",
                "slug": "not-yet",
                "date": "2026-11-30",
                "summary": "A draft.",
                "body": rich_text("<p>Draft words.</p>"),
                "tags": "",
                "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000},
            }
        ),
    )
    assert response.status_code == 302
    client.logout()
    assert client.get("/partnership/news/not-yet/").status_code == 404
    assert "Not yet" not in client.get("/partnership/news/").content.decode()
    assert not AuditEvent.objects.filter(action="content.page_publish", changes__title="Not yet").exists()


def test_each_host_council_has_its_own_partnership_site(client, settings, luton_partnership):
    from safeguard.accounts.models import HostCouncil, Organisation
    from safeguard.content.services import host_content_ensure

    settings.ALLOWED_HOSTS = ["testserver", ".localhost"]
    other = HostCouncil.objects.create(organisation=Organisation.objects.get(dfe_code="826"), slug="milton-keynes")
    page_add_and_publish(
        actor=TESTER,
        parent=host_content_ensure(actor=TESTER, host=other),
        page=PartnershipHomePage(
            title="Milton Keynes Safeguarding Children Partnership", slug="partnership", purpose="<p>MK.</p>"
        ),
    )
    theirs = client.get("/partnership/", HTTP_HOST="milton-keynes.localhost").content.decode()
    assert "Milton Keynes Safeguarding Children Partnership" in theirs and "Luton Safeguarding" not in theirs
    # Milton Keynes has no about page: Luton's is not served on its site.
    assert client.get("/partnership/about/", HTTP_HOST="milton-keynes.localhost").status_code == 404
    ours = client.get("/partnership/").content.decode()
    assert "Luton Safeguarding Children Board" in ours and "Milton Keynes" not in ours
