"""Timed clean-ups: expired sessions and sign-in records past the lockout's cool-off."""

import io
from datetime import timedelta

import time_machine
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from safeguard.core import housekeeping


def _session(expiry_seconds: int) -> str:
    store = SessionStore()
    store["anything"] = 1
    store.set_expiry(expiry_seconds)
    store.create()
    return store.session_key


def _attempt(username: str, minutes_ago: int) -> None:
    with time_machine.travel(timezone.now() - timedelta(minutes=minutes_ago), tick=False):
        AccessAttempt.objects.create(
            username=username,
            ip_address="10.0.0.1",
            user_agent="Firefox",
            get_data="",
            post_data="",
            failures_since_start=3,
        )
        AccessFailureLog.objects.create(username=username, ip_address="10.0.0.1", user_agent="Firefox")
        AccessLog.objects.create(username=username, ip_address="10.0.0.1", user_agent="Firefox")


def test_the_beat_schedule_runs_both_clean_ups():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"safeguard.core.tasks.sessions_clear_expired", "safeguard.core.tasks.sign_in_records_clear_old"} <= tasks


def test_expired_sessions_go_and_live_ones_stay(db):
    live = _session(600)
    with time_machine.travel(timezone.now() - timedelta(hours=2), tick=False):
        expired = _session(600)
    housekeeping.sessions_clear_expired()
    assert set(Session.objects.values_list("session_key", flat=True)) == {live}
    assert expired != live


def test_sign_in_records_older_than_the_cool_off_go(db, settings):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=30)
    _attempt("old@herts.example", minutes_ago=45)
    _attempt("recent@herts.example", minutes_ago=10)
    assert housekeeping.sign_in_records_clear_old() == 3
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        assert list(model.objects.values_list("username", flat=True)) == ["recent@herts.example"]


def test_a_lockout_still_in_force_is_kept(client, carer, settings):
    """An account locked a minute ago stays locked after the clean-up."""
    settings.AXES_COOLOFF_TIME = timedelta(minutes=30)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/sign-in/", {"email": carer.email, "password": "wrong-password-guess"})
    housekeeping.sign_in_records_clear_old()
    response = client.post("/sign-in/", {"email": carer.email, "password": "safeguard-test-password"})
    assert response.status_code == 429


def test_without_a_cool_off_nothing_goes(db, settings):
    settings.AXES_COOLOFF_TIME = None
    _attempt("old@herts.example", minutes_ago=600)
    assert housekeeping.sign_in_records_clear_old() == 0
    assert AccessAttempt.objects.count() == 1


def test_the_embedded_defaults_worker_runs_the_clean_ups(db, settings):
    """`outbox_worker` (make run) runs every beat task in its own process: the clean-ups too."""
    settings.AXES_COOLOFF_TIME = timedelta(minutes=30)
    with time_machine.travel(timezone.now() - timedelta(hours=2), tick=False):
        _session(600)
    _attempt("old@herts.example", minutes_ago=45)
    out = io.StringIO()
    call_command("outbox_worker", "--once", stdout=out, stderr=io.StringIO())
    assert Session.objects.count() == 0
    assert AccessAttempt.objects.count() == 0
    assert "sign-in-records-clear-old: 3" in out.getvalue()
