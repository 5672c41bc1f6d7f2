"""The public forms' limiter counts in one step of the cache (docs/adr/0033-concurrent-writers-and-edit-conflicts.md)."""

import threading

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from safeguard.core.throttle import RateLimit

LIMIT = RateLimit("test-form", "TEST_FORM_RATE", default=(5, 50, 600))


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def request_from(address="203.0.113.9"):
    return RequestFactory().post("/form/", REMOTE_ADDR=address)


def test_twenty_requests_at_once_admit_exactly_the_limit():
    start = threading.Barrier(20)
    admitted: list[bool] = []

    def one():
        start.wait(timeout=10)
        admitted.append(LIMIT.admit(request_from()) is None)

    threads = [threading.Thread(target=one) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert admitted.count(True) == 5 and admitted.count(False) == 15
    # The refused did not count themselves: another address is untouched, this one is full.
    assert LIMIT.admit(request_from("198.51.100.1")) is None
    assert 0 < LIMIT.retry_after(request_from()) <= 600


def test_a_released_place_can_be_taken_again_and_the_attempts_still_count(settings):
    settings.TEST_FORM_RATE = (1, 3, 600)
    first = request_from()
    assert LIMIT.admit(first) is None
    assert LIMIT.admit(request_from()) is not None  # the one place is taken
    LIMIT.release(first)
    LIMIT.release(first)  # twice gives back once
    assert LIMIT.admit(request_from()) is None
    assert LIMIT.admit(request_from()) is not None
    # Attempts count whether or not what was sent is accepted: past three, refused with places free.
    settings.TEST_FORM_RATE = (5, 3, 600)
    assert LIMIT.admit(request_from()) is None  # the third attempt admitted
    assert LIMIT.admit(request_from()) is not None


def test_the_form_stays_open_when_the_cache_is_down(monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("cache unreachable")

    monkeypatch.setattr(cache, "add", down)
    assert LIMIT.admit(request_from()) is None
