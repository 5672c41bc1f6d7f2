"""Two people booking the last place at the same moment never both get it: each booking locks the
event's row before counting its places (PostgreSQL, real commits, two connections in two threads)."""

import threading
import time

import pytest
from django.db import connection

from safeguard.learning import services
from safeguard.learning.models import Booking

from .factories import event_make


@pytest.mark.django_db(transaction=True)
def test_two_people_booking_the_last_place_at_once(luton, monkeypatch):
    assert connection.vendor == "postgresql"
    event = event_make(luton, capacity=1)
    counted = services._places_taken

    def slow_count(event):
        # Widen the window between counting the places and taking one, so that without the row lock both
        # bookings would count a free place.
        taken = counted(event)
        time.sleep(0.5)
        return taken

    monkeypatch.setattr(services, "_places_taken", slow_count)
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def book(n: int) -> None:
        from django.db import connection as thread_connection

        try:
            start.wait()
            services.booking_make(
                actor=services.PUBLIC_BOOKER, host=luton, event_id=event.pk, name=f"Person {n}",
                email=f"person{n}@example.org", agency="health", role="Nurse",
            )  # fmt: skip
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=book, args=(n,)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    assert sorted(Booking.objects.filter(event=event).values_list("status", flat=True)) == ["booked", "waiting"]
