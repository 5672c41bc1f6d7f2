"""Notification payloads for tests: a complete placement start, to vary."""

import copy
from datetime import date, timedelta

from safeguard.core.audit import SystemActor

_BASE = {
    "kind": "placement_start",
    "placing_authority": "919",
    "child": {
        "first_name": "Ava",
        "last_name": "Smith",
        "date_of_birth": "2012-05-01",
        "sex": "F",
        "nhs_number": "9434765919",
        "upn": None,
        "local_id": "HERTS-123",
    },
    "legal_status": "C2",
    "placement": {
        "type": "U4",
        "start_date": None,
        "emergency": False,
        "carer": "The Brown family",
        "address": {"line1": "1 High Street", "town": "Luton", "postcode": "LU1 2BQ"},
    },
    "social_worker": {
        "name": "Sam Jones",
        "email": "sam.jones@herts.example",
        "phone": "01632 960 001",
        "team": "Children in Care 2",
    },
    "iro": {"name": "Alex Reed", "email": "alex.reed@herts.example", "phone": "01632 960 002"},
    "ehc_plan": {"has_plan": True, "maintaining_authority": "919"},
}


def start_payload(start: date | None = None, **changes) -> dict:
    payload = copy.deepcopy(_BASE)
    payload["placement"]["start_date"] = (start or date.today() + timedelta(days=7)).isoformat()
    for path, value in changes.items():
        node = payload
        parts = path.split("__")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        if value is _DELETE:
            node.pop(parts[-1], None)
        else:
            node[parts[-1]] = value
    return payload


_DELETE = object()
DELETE = _DELETE

# Who acts in tests where a placing council's case system or a command would (never actor=None).
CASE_SYSTEM = SystemActor("API token sg_test… of Hertfordshire County Council")
TOKEN_COMMAND = SystemActor("manage.py create_api_token (run by a test)")
