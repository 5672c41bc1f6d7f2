"""Writers at the same moment in tests: each a thread with its own database connection, and a barrier
that holds each one just after the step a race would slip through (docs/adr/0033-concurrent-writers-and-edit-conflicts.md).
Used with `pytest.mark.django_db(transaction=True)`, so that what each writes is really committed."""

import contextlib
import threading

from django.db import connections


def run_together(*calls, timeout=30):
    """Run each call in its own thread (own connection); return what each returned or raised."""
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            results[index] = call()
        except Exception as exc:  # kept for the assertion, not lost in the thread
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads), "a writer never finished (a deadlock?)"
    return results


def pause_after(monkeypatch, owner, name, parties=2, wait=3):
    """Make `owner.name` wait, once it has done its work, until every party has done theirs (or
    `wait` seconds pass: a party held behind a lock never arrives, and the others go on)."""
    original = getattr(owner, name)
    barrier = threading.Barrier(parties)

    def paused(*args, **kwargs):
        answer = original(*args, **kwargs)
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=wait)
        return answer

    monkeypatch.setattr(owner, name, paused)
    return barrier
