"""The benchmarks' figures as a machine reads them: var/bench/latest.json (docs/adr/0031).

Each benchmark script records its figures with `record(key=value, …)`; they are merged into the file
as they come, so a script that fails leaves the others' figures. `scripts/bench.sh` starts the file
afresh (keeping the last one as previous.json) and prints the table at the end (`python bench/figures.py`).
"""

import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LATEST = Path(os.environ.get("BENCH_FIGURES", ROOT / "var" / "bench" / "latest.json"))

# The figures the issue asks for, with their goals (None: no goal, a fact about the run).
GOALS = {
    "children": (None, ""),
    "api_intake_per_s": (200, ">="),
    "api_intake_concurrent_per_s": (400, ">="),
    "ssda903_sample_rows_per_s": (None, ""),
    "register_first_page_ms": (20, "<="),
    "register_filter_ms": (20, "<="),
    "register_search_ms": (20, "<="),
    "register_queries": (10, "<="),
    "child_page_ms": (20, "<="),
    "missing_dashboard_ms": (50, "<="),
    "return_interview_queue_ms": (50, "<="),
    "partnership_home_ms": (50, "<="),
    "learning_event_ms": (50, "<="),
    "directory_search_ms": (50, "<="),
    "floor_req_per_s": (None, ""),
    "register_load_req_per_s": (None, ""),
    "register_load_p95_ms": (None, ""),
}


def quick() -> bool:
    """BENCH_QUICK=1: the same measures at 10,000 children, in a few minutes."""
    return os.environ.get("BENCH_QUICK", "") not in ("", "0")


def read() -> dict:
    try:
        return json.loads(LATEST.read_text())
    except (FileNotFoundError, ValueError):
        return {}


def record(**figures) -> None:
    """Merge `figures` (numbers) into latest.json."""
    data = read()
    for key, value in figures.items():
        data[key] = round(value, 1) if isinstance(value, float) else value
    data["written_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    data["quick"] = quick()
    LATEST.parent.mkdir(parents=True, exist_ok=True)
    LATEST.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")


def start() -> None:
    """A fresh latest.json for this run; the last run's is kept as previous.json."""
    if LATEST.exists():
        LATEST.replace(LATEST.with_name("previous.json"))
    record()


def table() -> str:
    data = read()
    lines = [f"Figures ({'quick, ' if data.get('quick') else ''}{LATEST}):"]
    for key in list(GOALS) + sorted(set(data) - set(GOALS) - {"written_at", "quick"}):
        goal, sense = GOALS.get(key, (None, ""))
        value = data.get(key)
        if value is None:
            lines.append(f"  {key:<38} (not measured)")
            continue
        verdict = ""
        if goal is not None:
            met = value >= goal if sense == ">=" else value <= goal
            verdict = f"  goal {sense} {goal}: {'met' if met else 'NOT met'}"
        lines.append(f"  {key:<38} {value:>12,}{verdict}")
    floor, register = data.get("floor_req_per_s"), data.get("register_load_req_per_s")
    if floor and register:
        met = register >= floor / 10
        lines.append(
            f"  register page at {register / floor:.2f} of the floor (goal >= 0.10): {'met' if met else 'NOT met'}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    if sys.argv[1:] == ["start"]:
        start()
    else:
        print(table())
