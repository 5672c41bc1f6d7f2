"""The API's answers to a request of the wrong form, in the words of the one validation where it has them."""

import json
from typing import Any

from django.http import HttpRequest

from ..validation import notification_validate

_EXPECTED = {
    "model_type": "a JSON object",
    "model_attributes_type": "a JSON object",
    "dict_type": "a JSON object",
    "string_type": "a JSON string",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
}


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (list, tuple)):
        return "an array"
    return "a JSON object"


_NOTHING = object()


def _sent(request: HttpRequest, error: dict) -> Any:
    """The value sent at the error's place in the JSON body (ninja leaves it out of the error)."""
    if "input" in error:
        return error["input"]
    if not error.get("loc") or error["loc"][0] != "body":
        return _NOTHING
    try:
        node = json.loads(request.body)
        for part in error["loc"][2:]:
            node = node[part]
    except (ValueError, KeyError, IndexError, TypeError):
        return _NOTHING
    return node


def field_error(request: HttpRequest, error: dict) -> dict[str, str]:
    """One pydantic error in our words: the field, what it must be, and what was sent."""
    location = [str(part) for part in error.get("loc", []) if part not in ("body", "payload")]
    field = ".".join(location) or "body"
    kind = error.get("type", "")
    if kind == "missing":
        return {"field": field, "message": f"Enter {field}"}
    if kind == "json_invalid":
        return {"field": "body", "message": "Send the notification as a JSON object: the body is not valid JSON"}
    if kind in ("greater_than_equal", "less_than_equal"):
        return {"field": field, "message": f"{field} {error.get('msg', 'is out of range').lower()}"}
    if kind in ("literal_error", "string_pattern_mismatch", "enum"):
        return {"field": field, "message": _value_message(field, _sent(request, error))}
    if kind in _EXPECTED:
        name = "The body" if field == "body" else field
        sent = _sent(request, error)
        message = f"{name} must be {_EXPECTED[kind]}"
        return {"field": field, "message": message if sent is _NOTHING else f"{message}, not {_json_type(sent)}"}
    return {"field": field, "message": str(error.get("msg", "is not valid"))}


_EXAMPLES = {
    "kind": "placement_start",
    "sex": "F",
    "legal_status": "C2",
    "type": "U4",
    "end_reason": "E11",
    "placing_authority": "823",
    "maintaining_authority": "823",
}


def _value_message(field: str, sent: Any) -> str:
    """The one validation's words for a value of the wrong form; its own check when it would take it."""
    if sent is not _NOTHING and not isinstance(sent, str):
        return f"{field} must be a JSON string, not {_json_type(sent)}"
    if isinstance(sent, str) and sent.strip():
        payload: dict = {}
        node = payload
        *parents, last = field.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = sent
        for error in notification_validate(payload, council_exists=lambda code: True).errors:
            if error.field == field:
                return error.message
    if isinstance(sent, str) and not sent.strip():
        return f"Leave {field} out, or send null, when it is not known"
    example = _EXAMPLES.get(field.rsplit(".", 1)[-1], "the OpenAPI document's form")
    return f"{field} must be written exactly as the OpenAPI document lists it, like {example}"
