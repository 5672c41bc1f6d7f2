"""Editors keep events in /cms/ as snippets with drafts: a draft is not public, publishing makes it public
(audited), and another council's editor can neither see nor change it (docs/adr/0027)."""

import pytest
from django.urls import reverse

from safeguard.core.models import AuditEvent
from safeguard.learning.models import Event

from .conftest import TEST_ACTOR
from .factories import event_make

pytestmark = pytest.mark.django_db

FORM = {
    "title": "Domestic abuse and children",
    "kind": "course",
    "summary": "What domestic abuse does to children.",
    "description": "A morning course.",
    "starts_at": "2030-01-14 09:30",
    "ends_at": "2030-01-14 12:30",
    "venue": "Luton Town Hall",
    "online_link": "",
    "audience": "Practitioners",
    "capacity": "20",
    "charge": "0",
    "charge_note": "",
    "review": "",
}


def test_an_editor_saves_a_draft_then_publishes_it(client, sign_in, luton, organiser):
    sign_in(organiser)
    assert client.get("/cms/").status_code == 200  # joins the host's editors
    response = client.post("/cms/snippets/learning/event/add/", FORM)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(title="Domestic abuse and children")
    assert event.host == luton and not event.live
    assert AuditEvent.objects.filter(action="learning.event_draft_save", actor=organiser).exists()
    assert client.get(reverse("learning:event", kwargs={"pk": event.pk})).status_code == 404

    response = client.post(
        f"/cms/snippets/learning/event/edit/{event.pk}/", FORM | {"action-publish": "action-publish"}
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.live
    assert AuditEvent.objects.filter(action="learning.event_publish", actor=organiser).exists()
    assert "Domestic abuse and children" in client.get(reverse("learning:events")).content.decode()


def test_another_councils_editor_cannot_see_or_change_the_event(client, sign_in, luton):
    from safeguard.accounts.models import HostCouncil, Organisation, Role
    from safeguard.accounts.tests.factories import UserFactory
    from safeguard.content.services import host_content_ensure

    event = event_make(luton, title="Luton's own course")
    other = HostCouncil.objects.create(organisation=Organisation.objects.get(dfe_code="826"), slug="milton-keynes")
    host_content_ensure(actor=TEST_ACTOR, host=other)
    far_editor = UserFactory(role=Role.PARTNERSHIP_EDITOR, organisation=other.organisation)
    sign_in(far_editor)
    client.get("/cms/")
    assert "Luton's own course" not in client.get("/cms/snippets/learning/event/").content.decode()
    assert client.get(f"/cms/snippets/learning/event/edit/{event.pk}/").status_code in (302, 403, 404)
    client.post(f"/cms/snippets/learning/event/delete/{event.pk}/")
    assert Event.objects.filter(pk=event.pk).exists()
