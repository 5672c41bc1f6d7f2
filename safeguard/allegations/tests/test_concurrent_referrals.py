"""The public referral form's limit under a burst of parallel requests (docs/adr/0033-concurrent-writers-and-edit-conflicts.md).

Checking the count and then adding to it let every request of a burst pass the check before any was
counted. Each request now counts itself and reads the count it made, in one step of the cache."""

import pytest
from django.core.cache import cache
from django.test import Client

from safeguard.allegations import throttle
from safeguard.allegations.models import LadoCase
from safeguard.core.tests.concurrency import pause_after, run_together

from .test_referral_form import URL, answers

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def test_a_burst_of_parallel_referrals_from_one_address_gets_only_the_limit_through(monkeypatch, host, settings):
    settings.LADO_REFERRAL_RATE = (2, 20, 600)
    # Every request has passed the limiter before any referral is stored.
    pause_after(monkeypatch, throttle, "admit", parties=6, wait=10)
    responses = run_together(*[lambda: Client().post(URL, answers()) for _ in range(6)], timeout=120)
    assert not any(isinstance(r, Exception) for r in responses), responses
    assert sorted(r.status_code for r in responses) == [302, 302, 429, 429, 429, 429]
    assert LadoCase.objects.count() == 2
    assert all(0 < int(r["Retry-After"]) <= 600 for r in responses if r.status_code == 429)


def test_a_referral_with_mistakes_gives_its_place_back(host, settings):
    settings.LADO_REFERRAL_RATE = (1, 20, 600)
    client = Client()
    assert client.post(URL, answers(referrer_name="")).status_code == 200  # to be put right, not accepted
    assert client.post(URL, answers()).status_code == 302
    assert client.post(URL, answers()).status_code == 429
    assert LadoCase.objects.count() == 1
