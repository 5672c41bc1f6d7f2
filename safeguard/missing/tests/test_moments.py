"""Date and time last seen, of the return, of the interview: the GOV.UK date input and a time box,
starting at now, with the format in the hint before any error."""

import html
from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine

from safeguard.core.tests.forms import moment_fields
from safeguard.missing.models import MissingEpisode

LONDON = ZoneInfo("Europe/London")
SATURDAY_2305 = datetime(2026, 11, 21, 23, 5, tzinfo=LONDON)
HINT = "For example, 21 11 2026, and the time on the 24-hour clock, like 22:30"


def _page(response) -> str:
    return html.unescape(response.content.decode())


def test_the_report_starts_at_now_and_shows_the_format_first(client, sign_in, carer, world):
    sign_in(carer)
    with time_machine.travel(SATURDAY_2305, tick=False):
        page = _page(client.get(f"/children/{world.child.pk}/missing/"))
    assert HINT in page
    for name, value in (("last_seen_at_0", "21"), ("last_seen_at_1", "11"), ("last_seen_at_2", "2026")):
        assert f'name="{name}" type="text" value="{value}"' in page or f'value="{value}"' in page
    assert 'name="last_seen_at_3"' in page and 'value="23:05"' in page
    assert "There is a problem" not in page


def test_a_time_in_twelve_hour_words_is_read(client, sign_in, carer, world):
    sign_in(carer)
    with time_machine.travel(SATURDAY_2305, tick=False):
        fields = {**moment_fields("last_seen_at", "2026-11-21T00:00"), "last_seen_at_3": "9:40pm", "kind": "M"}
        assert client.post(f"/children/{world.child.pk}/missing/", fields).status_code == 302
    episode = MissingEpisode.objects.get(child=world.child, returned_at__isnull=True)
    assert episode.last_seen_at == datetime(2026, 11, 21, 21, 40, tzinfo=LONDON)


def test_a_missing_or_wrong_time_is_named_on_the_field(client, sign_in, carer, world):
    sign_in(carer)
    base = {**moment_fields("last_seen_at", "2026-11-21T22:30"), "kind": "M"}
    with time_machine.travel(SATURDAY_2305, tick=False):
        no_time = _page(client.post(f"/children/{world.child.pk}/missing/", {**base, "last_seen_at_3": ""}))
        assert "The date and time last seen must include a time" in no_time
        assert 'href="#id_last_seen_at_0"' in no_time
        wrong = _page(client.post(f"/children/{world.child.pk}/missing/", {**base, "last_seen_at_3": "25:70"}))
        assert "Enter the time as hours and minutes on the 24-hour clock, like 22:30" in wrong
        assert 'value="25:70"' in wrong  # what was typed is kept
        not_a_day = _page(
            client.post(f"/children/{world.child.pk}/missing/", {**base, "last_seen_at_0": "31", "last_seen_at_1": "2"})
        )
        assert "The date and time last seen must be a real date" in not_a_day
        future = _page(client.post(f"/children/{world.child.pk}/missing/", {**base, "last_seen_at_0": "22"}))
        assert "The time the child was last seen must be in the past" in future
    assert not MissingEpisode.objects.filter(child=world.child, returned_at__isnull=True).exists()


def test_the_return_starts_at_now(client, sign_in, carer, world):
    episode = world.missing_child.missing_episodes.get()
    sign_in(carer)
    with time_machine.travel(SATURDAY_2305, tick=False):
        page = _page(client.get(f"/missing/{episode.pk}/return/"))
    assert HINT in page and 'name="returned_at_3"' in page and 'value="23:05"' in page
