"""/metrics: Prometheus figures for allowed addresses only, counted from the database at each scrape."""

from datetime import timedelta

import pytest
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from safeguard.core.models import OutboxMessage
from safeguard.core.outbox import outbox_email_enqueue
from safeguard.missing.models import MissingEpisode
from safeguard.notifications.models import Notification, WorkItem


def scrape(client, **extra) -> dict:
    response = client.get("/metrics", **extra)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def value(figures: dict, name: str, **labels) -> float:
    return figures[(name, tuple(sorted(labels.items())))]


class TestWhoMayScrape:
    def test_the_machine_itself_may_without_signing_in(self, client, db):
        figures = scrape(client)
        assert value(figures, "safeguard_metrics_source_up", source="outbox") == 1
        assert any(name.startswith("django_http_requests") for name, _ in figures)

    def test_ipv6_loopback_may(self, client, db):
        assert client.get("/metrics", REMOTE_ADDR="::1").status_code == 200

    @pytest.mark.parametrize("address", ["10.1.2.3", "192.0.2.7", "2001:db8::1", "not-an-address"])
    def test_any_other_address_gets_not_found(self, client, db, address):
        response = client.get("/metrics", REMOTE_ADDR=address)
        assert response.status_code == 404
        assert b"safeguard_" not in response.content

    def test_other_methods_from_elsewhere_get_not_found_too(self, client, db):
        assert client.post("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 404
        assert client.post("/metrics").status_code == 405

    def test_a_listed_network_may(self, client, db, settings):
        settings.METRICS_ALLOWED_ADDRESSES = ["10.20.0.0/16"]
        assert client.get("/metrics", REMOTE_ADDR="10.20.30.40").status_code == 200
        assert client.get("/metrics", REMOTE_ADDR="10.21.0.1").status_code == 404
        assert client.get("/metrics").status_code == 404  # 127.0.0.1 is no longer listed

    def test_a_request_relayed_by_a_proxy_on_this_machine_is_refused(self, client, db, settings):
        # The TLS proxy connects from 127.0.0.1 and appends the client's address.
        settings.SAFEGUARD_TRUSTED_PROXIES = 0
        assert client.get("/metrics", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 404
        settings.SAFEGUARD_TRUSTED_PROXIES = 1
        assert client.get("/metrics", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 404
        # A forged entry in front of the proxy's own does not help.
        assert client.get("/metrics", HTTP_X_FORWARDED_FOR="127.0.0.1, 203.0.113.9").status_code == 404
        # Prometheus scraping gunicorn directly sends no X-Forwarded-For.
        assert client.get("/metrics").status_code == 200

    def test_behind_a_trusted_proxy_the_address_it_saw_counts(self, client, db, settings):
        settings.SAFEGUARD_TRUSTED_PROXIES = 1
        settings.METRICS_ALLOWED_ADDRESSES = ["10.9.0.0/24"]
        assert client.get("/metrics", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="10.9.0.7").status_code == 200
        assert client.get("/metrics", REMOTE_ADDR="10.9.0.7", HTTP_X_FORWARDED_FOR="10.0.0.5").status_code == 404


def test_the_figures_follow_the_data(client, world, sqa_officer):
    before = scrape(client)
    assert value(before, "safeguard_children_missing", kind="missing") == 1  # the world's missing child
    assert value(before, "safeguard_children_missing", kind="away") == 0

    # A child goes missing, an e-mail waits and another has failed for good.
    MissingEpisode.objects.create(
        child=world.other_child, kind=MissingEpisode.Kind.AWAY, last_seen_at=timezone.now() - timedelta(hours=1)
    )
    outbox_email_enqueue(to="someone@herts.example", subject="s", body="b", purpose="test")
    failed = outbox_email_enqueue(to="someone@herts.example", subject="s", body="b", purpose="test")
    OutboxMessage.objects.filter(pk=failed.pk).update(status=OutboxMessage.Status.FAILED)
    # Work passes its escalation time, and a notification arrives by e-mail.
    WorkItem.objects.filter(pk=world.ra_item.pk).update(
        status=WorkItem.Status.OPEN, escalate_at=timezone.now() - timedelta(minutes=1)
    )
    email_notification = (
        Notification.objects.filter(channel=Notification.Channel.WEB).exclude(status=Notification.Status.DRAFT).first()
    )
    Notification.objects.filter(pk=email_notification.pk).update(channel=Notification.Channel.EMAIL)
    # The return-home interview's 72 hours pass.
    world.return_interview.due_at = timezone.now() - timedelta(minutes=1)
    world.return_interview.save(update_fields=["due_at"])

    after = scrape(client)
    assert value(after, "safeguard_children_missing", kind="away") == 1
    assert value(after, "safeguard_children_missing", kind="missing") == 1
    waiting = value(before, "safeguard_outbox_messages", status="waiting")
    assert value(after, "safeguard_outbox_messages", status="waiting") == waiting + 1
    assert value(after, "safeguard_outbox_messages", status="failed") == 1
    assert value(after, "safeguard_outbox_oldest_waiting_seconds") >= 0
    assert value(after, "safeguard_work_items_overdue", kind="new_placement") == (
        value(before, "safeguard_work_items_overdue", kind="new_placement") + 1
    )
    assert value(after, "safeguard_notifications_received_total", channel="email") == (
        value(before, "safeguard_notifications_received_total", channel="email") + 1
    )
    assert value(after, "safeguard_notifications_received_total", channel="web") == (
        value(before, "safeguard_notifications_received_total", channel="web") - 1
    )
    assert value(after, "safeguard_return_home_interviews_overdue") == 1
    # Drafts have not been received.
    drafts = Notification.objects.filter(status=Notification.Status.DRAFT).count()
    total = sum(v for (name, _), v in after.items() if name == "safeguard_notifications_received_total")
    assert drafts and total == Notification.objects.count() - drafts


def test_one_failing_source_does_not_hide_the_others(client, db, monkeypatch):
    from safeguard.core import metrics

    def broken():
        raise RuntimeError("database away")

    monkeypatch.setitem(metrics._sources, "broken", broken)
    figures = scrape(client)
    assert value(figures, "safeguard_metrics_source_up", source="broken") == 0
    assert value(figures, "safeguard_metrics_source_up", source="missing") == 1
    assert ("safeguard_children_missing", (("kind", "missing"),)) in figures
