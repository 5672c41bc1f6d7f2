import html
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.utils import timezone

from safeguard.core.models import AuditEvent, OutboxMessage
from safeguard.core.tests.forms import moment_fields
from safeguard.missing.models import MissingEpisode

LONDON = ZoneInfo("Europe/London")
SATURDAY_2300 = datetime(2026, 11, 21, 23, 0, tzinfo=LONDON)


def report(client, child, **data):
    fields = {
        "kind": "M",
        **moment_fields("last_seen_at", "2026-11-21T22:30"),
        "last_seen_where": "Luton bus station",
        "clothing": "Black hoodie, white trainers",
        "risk_grade": "",
    }
    fields.update(data)
    return client.post(f"/children/{child.pk}/missing/", fields)


def test_carer_reports_at_2300_on_a_saturday_and_is_told_to_call_101(client, sign_in, carer, police, world):
    world.child.social_worker_email, world.child.iro_email = "sw@herts.example", "iro@herts.example"
    world.child.save()
    with time_machine.travel(SATURDAY_2300, tick=False):
        sign_in(carer)
        page = html.unescape(client.get(f"/children/{world.child.pk}/missing/").content.decode())
        assert "Call the police first" in page
        assert "Bedfordshire Police non-emergency number" in page and "101" in page
        assert "missing persons unit is closed now" in page
        response = report(client, world.child)
        assert response.status_code == 302
    episode = MissingEpisode.objects.get(child=world.child, returned_at__isnull=True)
    assert (episode.kind, episode.last_seen_where, episode.reported_by) == ("M", "Luton bus station", carer)
    assert set(OutboxMessage.objects.filter(purpose="missing.tell").values_list("to", flat=True)) == {
        "sw@herts.example",
        "iro@herts.example",
    }
    assert AuditEvent.objects.filter(action="missing.report", actor=carer).exists()
    # The police can now open the child's record.
    sign_in(police)
    assert client.get(f"/children/{world.child.pk}/").status_code == 200


def test_a_high_risk_grade_tells_referral_and_assessment(client, sign_in, carer, world):
    sign_in(carer)
    with time_machine.travel(SATURDAY_2300, tick=False):
        report(client, world.child, risk_grade="High")
    ra_email = world.child.host_council.teams.get(kind="referral_assessment").email
    assert OutboxMessage.objects.filter(purpose="missing.tell", to=ra_email).exists()


def test_bad_reports_are_explained_and_nothing_is_saved(client, sign_in, carer, world):
    sign_in(carer)
    with time_machine.travel(SATURDAY_2300, tick=False):
        page = html.unescape(
            report(
                client, world.child, **moment_fields("last_seen_at", "2026-11-22T09:00"), risk_grade="Purple", kind=""
            ).content.decode()
        )
    assert "Select whether the child is missing or away without authorisation" in page
    assert "Choose one of the risk grades in the list" in page
    with time_machine.travel(SATURDAY_2300, tick=False):
        page = html.unescape(
            report(client, world.child, **moment_fields("last_seen_at", "2026-11-22T09:00")).content.decode()
        )
    assert "The time the child was last seen must be in the past" in page
    sign_in(carer)  # back in the present, the travelled session has idled out
    page = html.unescape(report(client, world.child, last_seen_at_3="yesterday evening").content.decode())
    assert "Enter the time as hours and minutes on the 24-hour clock, like 22:30" in page
    assert not MissingEpisode.objects.filter(child=world.child, returned_at__isnull=True).exists()


def test_a_second_report_while_missing_is_refused(client, sign_in, carer, world):
    sign_in(carer)
    episode = world.missing_child.missing_episodes.get()
    page = html.unescape(report(client, world.missing_child).content.decode())
    assert "was already reported missing" in page and "record the return first" in page
    # The report already made is shown, with the way to its return.
    assert f"/missing/{episode.pk}/return/" in page and f"/missing/{episode.pk}/reported/" in page


def test_the_return_closes_the_episode_and_the_police_lose_access(client, sign_in, carer, police, world):
    episode = world.missing_child.missing_episodes.get()
    sign_in(carer)
    before = moment_fields("returned_at", episode.last_seen_at - timedelta(hours=1))
    page = html.unescape(
        client.post(f"/missing/{episode.pk}/return/", {**before, "police_told": "yes"}).content.decode()
    )
    assert "The time of the return must be after the child was last seen" in page
    now = moment_fields("returned_at", timezone.now())
    response = client.post(
        f"/missing/{episode.pk}/return/", {**now, "found_where": "Friend's house", "police_told": "yes"}
    )
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.returned_at is not None and episode.found_where == "Friend's house"
    sign_in(police)
    assert client.get(f"/children/{world.missing_child.pk}/").status_code == 404


def test_the_return_asks_whether_the_police_know_and_offers_a_concern_on_signs_of_harm(client, sign_in, carer, world):
    episode = world.missing_child.missing_episodes.get()
    sign_in(carer)
    url = f"/missing/{episode.pk}/return/"
    fields = {**moment_fields("returned_at", timezone.now()), "harm_indicators": "A new phone and £50"}
    page = html.unescape(client.post(url, fields).content.decode())
    assert "Select whether the police have been told that the child is back" in page
    response = client.post(url, {**fields, "police_told": "no"})
    assert response["Location"] == f"/missing/{episode.pk}/returned/"
    episode.refresh_from_db()
    assert episode.police_told_of_return is False
    event = AuditEvent.objects.get(action="missing.return", object_id=str(episode.pk))
    assert event.changes["police_told_of_return"] == [None, False]
    page = html.unescape(client.get(response["Location"]).content.decode())
    assert "Tell the police Milo is back" in page
    # The concern it offers is about this episode (it is ticked on the concern's form).
    assert f'href="/children/{world.missing_child.pk}/exploitation-concerns/new/?episode={episode.pk}"' in page
    # The child's page lists the episode with its return-home interview.
    child_page = html.unescape(client.get(f"/children/{world.missing_child.pk}/").content.decode())
    assert "The police had not been told at the time" in child_page and "Due by" in child_page


def test_no_signs_of_harm_no_concern_offered(client, sign_in, carer, world):
    episode = world.missing_child.missing_episodes.get()
    sign_in(carer)
    fields = {**moment_fields("returned_at", timezone.now()), "police_told": "yes"}
    response = client.post(f"/missing/{episode.pk}/return/", fields)
    page = html.unescape(client.get(response["Location"]).content.decode())
    assert "Milo's return is recorded" in page
    assert "exploitation-concerns/new" not in page and "Tell the police" not in page
