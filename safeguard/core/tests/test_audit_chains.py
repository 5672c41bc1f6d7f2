"""One audit chain per host council: councils sharing a deployment never wait for each other's audited
writes, and each chain is checked on its own (docs/adr/0004-audit-trail.md)."""

import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction

from safeguard.accounts.models import HostCouncil, Organisation
from safeguard.core.audit import SystemActor, Target, audit_chain_verify, audit_event_record, chain_key
from safeguard.core.models import AuditChain, AuditEvent

ACTOR = SystemActor("Safeguard test suite")


def _host(code: str, name: str) -> HostCouncil:
    organisation = Organisation.objects.create(kind=Organisation.Kind.COUNCIL, name=name, dfe_code=code)
    return HostCouncil.objects.create(organisation=organisation, slug=name.lower())


def _write(host, i=0) -> AuditEvent:
    return audit_event_record(
        actor=ACTOR, action="test.write", target=Target("test.thing", str(i)), host_council=host, changes={"n": [i, i]}
    )


def _without_append_only_guard(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER USER")
        cursor.execute(sql, params)
        cursor.execute("ALTER TABLE core_auditevent ENABLE TRIGGER USER")


@pytest.fixture
def two_hosts(db):
    return _host("821", "Luton"), _host("825", "Buckinghamshire")


def test_each_host_council_has_its_own_chain_and_events_of_no_host_another(two_hosts):
    luton, bucks = two_hosts
    a1, b1, n1, a2, b2 = _write(luton), _write(bucks), _write(None), _write(luton), _write(bucks)
    assert a1.prev_hash == b1.prev_hash == n1.prev_hash == "0" * 64  # three chains, each from genesis
    assert a2.prev_hash == a1.hash and b2.prev_hash == b1.hash  # each links to its own host's last event
    assert {c.key: c.length for c in AuditChain.objects.all()} == {str(luton.pk): 2, str(bucks.pk): 2, "": 1}
    report = audit_chain_verify()
    assert report.intact and report.checked == 5 and report.chains == 3
    assert audit_chain_verify(chain=chain_key(luton)).checked == 2


def test_a_changed_event_is_found_in_its_hosts_chain_and_the_other_chain_still_verifies(two_hosts):
    luton, bucks = two_hosts
    luton_events = [_write(luton, i) for i in range(3)]
    [_write(bucks, i) for i in range(3)]
    _without_append_only_guard(
        "UPDATE core_auditevent SET changes = %s WHERE id = %s", ['{"n": [0, 999]}', luton_events[1].id]
    )
    report = audit_chain_verify()
    assert report.broken_at == luton_events[1].id and report.chain == str(luton.pk)
    assert "changed" in report.reason
    with pytest.raises(CommandError, match=f"at audit event {luton_events[1].id} \\(host council chain {luton.pk}\\)"):
        call_command("verify_audit_chain", "--host", "821")
    out = StringIO()
    call_command("verify_audit_chain", "--host", "buckinghamshire", stdout=out)
    assert f"intact: 3 events checked (host council chain {bucks.pk})" in out.getvalue()
    with pytest.raises(CommandError, match="at audit event"):
        call_command("verify_audit_chain")


def test_moving_an_event_to_another_hosts_chain_breaks_both(two_hosts):
    luton, bucks = two_hosts
    luton_events = [_write(luton, i) for i in range(3)]
    [_write(bucks, i) for i in range(3)]
    _without_append_only_guard(
        "UPDATE core_auditevent SET chain = %s, host_council_id = %s WHERE id = %s",
        [str(bucks.pk), bucks.pk, luton_events[2].id],
    )
    assert not audit_chain_verify(chain=str(luton.pk)).intact  # its head still counts three
    assert not audit_chain_verify(chain=str(bucks.pk)).intact


def test_a_removed_chain_head_is_found(two_hosts):
    luton, _ = two_hosts
    [_write(luton, i) for i in range(2)]
    AuditChain.objects.filter(key=str(luton.pk)).delete()
    report = audit_chain_verify()
    assert report.broken_at == -1 and "head is missing" in report.reason


def test_an_unknown_host_code_is_refused(two_hosts):
    with pytest.raises(CommandError, match="No host council has the code or slug '999'"):
        call_command("verify_audit_chain", "--host", "999")


@pytest.mark.django_db(transaction=True)
def test_two_host_councils_write_at_the_same_time_without_waiting_for_each_other():
    """Luton's transaction stays open after its audited write (its chain head row locked); Buckinghamshire's
    audited write commits meanwhile. With one chain head for the deployment it would wait for Luton's commit
    (here: fail on its lock timeout)."""
    luton, bucks = _host("821", "Luton"), _host("825", "Buckinghamshire")
    _write(luton), _write(bucks)  # both chains exist: the test is about appends, not a chain's first event
    luton_written, bucks_done = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def luton_writer():
        try:
            with transaction.atomic():
                _write(luton, 1)
                luton_written.set()
                # Hold the transaction (and Luton's chain head) open until Buckinghamshire has committed.
                outcome["bucks_committed_while_luton_open"] = bucks_done.wait(timeout=20)
            outcome["luton"] = "committed"
        except Exception as error:  # noqa: BLE001 - reported by the assertions below
            outcome["luton"] = repr(error)
        finally:
            connections.close_all()

    def bucks_writer():
        try:
            assert luton_written.wait(timeout=20)
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '3s'")
                _write(bucks, 1)
            outcome["bucks"] = "committed"
            bucks_done.set()
        except Exception as error:  # noqa: BLE001
            outcome["bucks"] = repr(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=luton_writer), threading.Thread(target=bucks_writer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert outcome == {"luton": "committed", "bucks": "committed", "bucks_committed_while_luton_open": True}
    assert AuditEvent.objects.filter(host_council=bucks).count() == 2
    assert AuditEvent.objects.filter(host_council=luton).count() == 2
    report = audit_chain_verify()
    assert report.intact and report.checked == 4 and report.chains == 2


@pytest.mark.django_db(transaction=True)
def test_writes_of_one_host_council_still_queue_and_chain_in_order():
    """The other side: two writers of the same host council. The second waits for the first's commit and
    links to its event, so the chain stays one line."""
    luton = _host("821", "Luton")
    _write(luton)
    first_written, outcome = threading.Event(), {}

    def first():
        try:
            with transaction.atomic():
                _write(luton, 1)
                first_written.set()
                outcome["second_blocked"] = not second_done.wait(timeout=1.5)
        finally:
            connections.close_all()

    second_done = threading.Event()

    def second():
        try:
            first_written.wait(timeout=20)
            outcome["second"] = _write(luton, 2).prev_hash
            second_done.set()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    first_event = AuditEvent.objects.get(host_council=luton, object_id="1")
    assert outcome["second_blocked"] is True and outcome["second"] == first_event.hash
    assert audit_chain_verify().intact
