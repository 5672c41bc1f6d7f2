"""Two people reporting one child missing at the same moment (docs/adr/0033-concurrent-writers-and-edit-conflicts.md):
one open episode, and the second person is shown it, not an error page."""

import html

import pytest
from django.db import connection
from django.test import Client

from safeguard.core.tests.concurrency import pause_after, run_together
from safeguard.missing.models import MissingEpisode
from safeguard.missing.services import episodes

from .test_episodes import report

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_people_reporting_one_child_at_once_make_one_episode(monkeypatch, sign_in, carer, sqa_officer, world):
    assert connection.vendor == "postgresql"
    # Each has checked that the child has no open episode before either writes one.
    pause_after(monkeypatch, episodes, "_refuse_when_open")
    clients = {carer: Client(), sqa_officer: Client()}
    for person, person_client in clients.items():
        sign_in(person, person_client)

    def reporting(person):
        return lambda: report(clients[person], world.child, last_seen_where=f"reported by {person.full_name}")

    first, second = run_together(reporting(carer), reporting(sqa_officer))
    assert not isinstance(first, Exception), first
    assert not isinstance(second, Exception), second
    assert sorted([first.status_code, second.status_code]) == [200, 302]
    episode = MissingEpisode.objects.get(child=world.child, returned_at__isnull=True)  # one open episode
    assert episode.reported_by in (carer, sqa_officer)
    shown = html.unescape((first if first.status_code == 200 else second).content.decode())
    assert f"was already reported missing by {episode.reported_by.full_name}" in shown
    assert f"/missing/{episode.pk}/reported/" in shown and f"/missing/{episode.pk}/return/" in shown
