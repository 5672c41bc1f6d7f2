"""LADO records stay with the LADO team: not in the SQA manager's audit page, not in the admin,
not kept in the outbox once sent; and the public form stays open when the cache is down."""

import html

import pytest
from django.core.cache import cache
from django.test import override_settings

from safeguard.accounts.tests.factories import UserFactory
from safeguard.allegations.models import LadoCase
from safeguard.allegations.throttle import client_address
from safeguard.core.models import OutboxMessage
from safeguard.core.outbox import REMOVED_AFTER_SENDING, outbox_deliver_due

from .test_referral_form import URL, answers


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def _refer(client) -> LadoCase:
    response = client.post(URL, answers(person_name="Zebedee Secretname"))
    assert response.status_code == 302
    return LadoCase.objects.get(person_name="Zebedee Secretname")


def test_the_sqa_managers_audit_page_shows_nothing_of_a_lado_case(client, sign_in, sqa_manager, lado):
    case = _refer(client)
    sign_in(lado)
    client.get(f"/lado/cases/{case.pk}/")
    sign_in(sqa_manager)
    page = html.unescape(client.get("/audit/?object_type=allegations.ladocase").content.decode())
    page += html.unescape(client.get("/audit/").content.decode())
    for secret in ("Zebedee Secretname", "grabbed her arm", "lado_case", case.reference):
        assert secret not in page


def test_administrators_do_not_read_a_referral_in_the_admin(client, host):
    case = _refer(client)
    admin = UserFactory(is_staff=True, is_superuser=True, organisation=host.organisation)
    client.force_login(admin)
    copy = OutboxMessage.objects.get(purpose="lado.referrer_copy")
    page = client.get(f"/admin/core/outboxmessage/{copy.pk}/change/").content.decode()
    assert "Zebedee" not in page and "Robin Pupil" not in page
    events = client.get("/admin/core/auditevent/?q=lado").content.decode()
    assert case.reference not in events and "lado_case.refer" not in events


def test_the_referrers_copy_is_not_kept_once_sent(client, settings, host):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    _refer(client)
    outbox_deliver_due()
    from django.core import mail

    assert any("Zebedee Secretname" in m.body for m in mail.outbox)  # the referrer had their copy
    for message in OutboxMessage.objects.filter(purpose__startswith="lado."):
        assert message.status == "sent" and message.body == REMOVED_AFTER_SENDING


def test_the_form_takes_a_referral_when_the_cache_is_down(client, host):
    unreachable = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    with override_settings(CACHES={"default": unreachable}):
        response = client.post(URL, answers(person_name="Zebedee Secretname"))
        assert response.status_code == 302
        assert "LADO-" in html.unescape(client.get(response["Location"]).content.decode())
    assert LadoCase.objects.filter(person_name="Zebedee Secretname").exists()


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "198.51.100.1", "203.0.113.9"),  # no proxy: the header is not believed
        (1, "10.0.0.2", "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # the proxy's own entry, not the forgeable one
        (1, "10.0.0.2", "", "10.0.0.2"),
        (0, "2001:db8:1:2:3:4:5:6", "", "2001:db8:1:2::/64"),  # one household's IPv6 addresses count together
    ],
)
def test_the_client_address_behind_trusted_proxies(rf, settings, proxies, remote, forwarded, expected):
    settings.SAFEGUARD_TRUSTED_PROXIES = proxies
    request = rf.post(URL, REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected
