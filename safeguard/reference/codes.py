"""SSDA903 code lists, read from the versioned files in data/ssda903/<year>/.

The data keeps codes; people see the words (`label`).
"""

import csv
from functools import lru_cache
from pathlib import Path

from django.conf import settings

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_VERSION = "2025-26"
LISTS = (
    "legal_status",
    "placement_type",
    "reason_episode_ceased",
    "reason_new_episode",
    "reason_placement_change",
    "missing_type",
)


def version() -> str:
    return getattr(settings, "SSDA903_VERSION", DEFAULT_VERSION)


@lru_cache(maxsize=32)
def _load(list_name: str, list_version: str) -> dict[str, str]:
    if list_name not in LISTS:
        raise KeyError(f"Unknown SSDA903 code list: {list_name}")
    path = DATA_DIR / "ssda903" / list_version / f"{list_name}.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        return {row["code"].strip(): row["label"].strip() for row in csv.DictReader(handle)}


def code_list(list_name: str) -> dict[str, str]:
    """{code: label} for one list, in file order."""
    return _load(list_name, version())


def code_label(list_name: str, code: str) -> str:
    """The words for a code; the code itself when it is not in the list (never an error on display)."""
    return code_list(list_name).get(code, code)


def code_choices(list_name: str) -> list[tuple[str, str]]:
    return [(code, f"{label} ({code})") for code, label in code_list(list_name).items()]


def is_valid_code(list_name: str, code: str) -> bool:
    return code in code_list(list_name)
