"""The backup and restore of docs/runbook.md, done for real: pg_dump's custom format of a database with
audited records, pg_restore into a new database, and `verify_audit_chain` against the restored copy.

Run alone with `scripts/test.sh -m restore`. Needs PostgreSQL's client programs (pg_dump, pg_restore) of
the server's major version, which the PostgreSQL packages install.
"""

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from safeguard.core.audit import SystemActor, Target, audit_event_record
from safeguard.notifications.services import api_token_create

pytestmark = [pytest.mark.restore, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[3]


def _program(name: str) -> str:
    # Beside the newest server first (Debian's layout), then on the PATH.
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3]))
    found = str(candidates[-1]) if candidates else shutil.which(name)
    assert found, f"{name} is not installed: install PostgreSQL's client programs (postgresql-client)"
    return found


def _params() -> dict:
    settings = connection.settings_dict
    return {
        "host": settings.get("HOST") or "127.0.0.1",
        "port": str(settings.get("PORT") or 5432),
        "user": settings.get("USER") or "postgres",
        "password": settings.get("PASSWORD") or "",
    }


def _admin_connection():
    p = _params()
    return psycopg.connect(
        host=p["host"], port=p["port"], user=p["user"], password=p["password"], dbname="postgres", autocommit=True
    )


def _env() -> dict:
    env = os.environ.copy()
    if _params()["password"]:
        env["PGPASSWORD"] = _params()["password"]
    return env


def _verify(database: str) -> subprocess.CompletedProcess:
    """`manage.py verify_audit_chain` as an operator runs it, pointed at `database`."""
    p = _params()
    env = _env() | {
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{p['user']}@{p['host']}:{p['port']}/{database}",
    }
    if p["password"]:
        env["DATABASE_URL"] = f"postgres://{p['user']}:{p['password']}@{p['host']}:{p['port']}/{database}"
    return subprocess.run(
        [sys.executable, "manage.py", "verify_audit_chain"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def restored_database():
    """A name for a fresh database, dropped afterwards whatever happens."""
    name = f"sg_restore_{uuid.uuid4().hex[:12]}"
    yield name
    with _admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_dump_restores_and_its_audit_chain_verifies_and_tampering_is_caught(
    restored_database, host, placing_council, tmp_path
):
    if connection.vendor != "postgresql":
        pytest.skip("the restore is PostgreSQL's")
    # Audited records: an API token, and a few events of different kinds.
    api_token_create(actor=SystemActor("Safeguard test suite"), placing_authority=placing_council, name="Case system")
    for n in range(3):
        audit_event_record(
            actor=SystemActor("Safeguard test suite"),
            action="test.restore",
            target=Target("test", str(n)),
            changes={"n": [n, n + 1]},
        )
    source = connection.settings_dict["NAME"]
    p = _params()
    dump = tmp_path / "safeguard.dump"

    # The runbook's backup and restore.
    connection_args = ["-h", p["host"], "-p", p["port"], "-U", p["user"]]
    subprocess.run(
        [_program("pg_dump"), *connection_args, "--format=custom", "--file", str(dump), source],
        check=True,
        env=_env(),
        timeout=300,
    )
    assert dump.stat().st_size > 0
    with _admin_connection() as admin:
        admin.execute(f'CREATE DATABASE "{restored_database}"')
    subprocess.run(
        [
            _program("pg_restore"),
            *connection_args,
            "--no-owner",
            "--exit-on-error",
            "--dbname",
            restored_database,
            str(dump),
        ],
        check=True,
        env=_env(),
        timeout=300,
    )

    intact = _verify(restored_database)
    assert intact.returncode == 0, intact.stderr
    with psycopg.connect(
        host=p["host"], port=p["port"], user=p["user"], password=p["password"], dbname=restored_database
    ) as restored:
        count = restored.execute("SELECT count(*) FROM core_auditevent").fetchone()[0]
        assert count >= 4
        assert f"Audit chain intact: {count} events checked (" in intact.stdout
        # The append-only triggers came back with the restore: an UPDATE is refused ...
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            restored.execute("UPDATE core_auditevent SET action = 'changed' WHERE action = 'test.restore'")
        restored.rollback()
        # ... so someone who owns the table turns them off and changes one event.
        target_id = restored.execute(
            "SELECT id FROM core_auditevent WHERE action = 'test.restore' ORDER BY id LIMIT 1 OFFSET 1"
        ).fetchone()[0]
        restored.execute("ALTER TABLE core_auditevent DISABLE TRIGGER core_auditevent_no_update")
        restored.execute("UPDATE core_auditevent SET changes = '{\"n\": [0, 99]}' WHERE id = %s", [target_id])
        restored.execute("ALTER TABLE core_auditevent ENABLE TRIGGER core_auditevent_no_update")
        restored.commit()

    broken = _verify(restored_database)
    assert broken.returncode != 0
    assert f"Audit chain broken at audit event {target_id}" in broken.stderr
    assert "its contents do not match its hash" in broken.stderr
    # The source database was never touched.
    assert _verify(source).returncode == 0
