"""Writers at the same moment, on PostgreSQL with real commits (docs/adr/0033-concurrent-writers-and-edit-conflicts.md).

Each writer is a thread with its own database connection. A barrier holds each one just after the step
a race would slip through (the idempotency check, the match against the register), so both have
looked before either has written; without the protections these tests make two of what must be one.
"""

import json

import pytest
from django.db import connection
from django.test import Client

from safeguard.core.tests.concurrency import pause_after, run_together
from safeguard.notifications import matching
from safeguard.notifications.api import services as api_services
from safeguard.notifications.models import IdempotencyRecord, Notification
from safeguard.notifications.services import api_token_create, notification_receive
from safeguard.register.models import Child

from .payloads import CASE_SYSTEM, TOKEN_COMMAND, start_payload

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def token(host, placing_council):
    assert connection.vendor == "postgresql", "these races are about PostgreSQL's isolation; the suite runs on it"
    return api_token_create(actor=TOKEN_COMMAND, placing_authority=placing_council)[1]


def api_post(token, payload, key):
    def call():
        return Client().post(
            "/api/v1/notifications",
            data=json.dumps(payload),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
            HTTP_IDEMPOTENCY_KEY=key,
        )

    return call


def test_the_same_notification_posted_twice_at_once_with_one_key_makes_one(monkeypatch, token):
    # Both requests have looked for an earlier answer to the key, found none, and received the
    # notification before either commits.
    pause_after(monkeypatch, api_services, "notification_receive")
    payload = start_payload()
    first, second = run_together(api_post(token, payload, "case-7-start"), api_post(token, payload, "case-7-start"))
    assert [first.status_code, second.status_code] == [201, 201], (first.content, second.content)
    assert first.json() == second.json()
    assert Notification.objects.count() == 1
    assert Child.objects.count() == 1
    assert IdempotencyRecord.objects.count() == 1
    assert Notification.objects.get().reference == first.json()["reference"]


def test_two_notifications_of_one_child_at_once_make_one_register_entry(monkeypatch, host, placing_council):
    """Two notifications of one child from the placing council's systems (say its case system and an
    officer's form), at the same moment: one entry on the register, both notifications on it."""
    barrier = pause_after(monkeypatch, matching, "child_match")

    def receive(payload):
        return lambda: notification_receive(
            actor=CASE_SYSTEM,
            channel=Notification.Channel.API,
            payload=payload,
            placing_authority=placing_council,
        )

    first, second = run_together(receive(start_payload()), receive(start_payload(placement__carer="Mr and Mrs Okafor")))
    assert not isinstance(first, Exception), first
    assert not isinstance(second, Exception), second
    assert Child.objects.count() == 1, "the same child was put on the register twice"
    child = Child.objects.get()
    assert set(Notification.objects.values_list("child", flat=True)) == {child.pk}
    # The second writer waited for the first's entry rather than racing it: the barrier broke.
    assert barrier.broken
