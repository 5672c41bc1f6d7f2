"""Run cosmic-ray over groups of modules, each against its own tests; print the score and survivors.

Called by scripts/mutants.sh inside a throwaway copy of the tree (cosmic-ray writes each mutant into
the file on disk). A mutant is killed when its tests fail or time out; it survives when they pass.
"""

import json
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

PYTEST = [
    ".venv/bin/python",
    "-m",
    "pytest",
    "-x",
    "-q",
    "-p",
    "no:cacheprovider",
    "--reuse-db",
    "-m",
    "not browser and not deployment and not restore",
]
SELECTORS = {
    app: ([f"safeguard/{app}/selectors.py"], [f"safeguard/{app}/tests"])
    for app in ("register", "missing", "allegations", "exploitation", "notifications", "accounts", "reference", "core")
}
GROUPS = {
    "audit": (
        ["safeguard/core/audit.py"],
        ["safeguard/core/tests/test_audit.py", "safeguard/core/tests/test_audit_hash.py"],
    ),
    "working_days": (["safeguard/core/working_days.py"], ["safeguard/core/tests/test_working_days.py"]),
    "outbox": (
        ["safeguard/core/outbox.py"],
        [
            "safeguard/core/tests/test_outbox.py",
            "safeguard/core/tests/test_outbox_workers.py",
            "safeguard/core/tests/test_outbox_failed.py",
        ],
    ),
    **{f"selectors_{app}": paths for app, paths in SELECTORS.items()},
}
ALIASES = {"selectors": [f"selectors_{app}" for app in SELECTORS], "all": None}


def _own_database() -> None:
    """A test database of its own (test_<name>_mutants), kept between mutants, so `make test` can run too."""
    url = os.environ["DATABASE_URL"]
    base, _, name = url.rpartition("/")
    os.environ["DATABASE_URL"] = f"{base}/{name.split('?')[0]}_mutants"


def run_group(name: str) -> tuple[int, int, list[str]]:
    modules, tests = GROUPS[name]
    command = [*PYTEST, *tests]
    started = time.monotonic()
    baseline = subprocess.run(command, capture_output=True, text=True)  # noqa: S603 - our own command
    took = time.monotonic() - started
    if baseline.returncode != 0:
        sys.exit(f"{name}: the tests fail before any mutation:\n{baseline.stdout[-3000:]}")
    config, session = Path(f"mutants-{name}.toml"), Path(f"mutants-{name}.sqlite")
    config.write_text(
        "[cosmic-ray]\n"
        f"module-path = {json.dumps(modules)}\n"
        f"timeout = {max(60.0, round(took * 3 + 30))}\n"
        "excluded-modules = []\n"
        f"test-command = {json.dumps(shlex.join(command))}\n"
        "[cosmic-ray.distributor]\n"
        'name = "local"\n'
    )
    cosmic_ray = [".venv/bin/cosmic-ray"]
    subprocess.run([*cosmic_ray, "init", str(config), str(session)], check=True)  # noqa: S603 - our own command
    subprocess.run([*cosmic_ray, "exec", str(config), str(session)], check=True)  # noqa: S603
    dump = subprocess.run([*cosmic_ray, "dump", str(session)], check=True, capture_output=True, text=True)  # noqa: S603
    total, survivors = 0, []
    for line in dump.stdout.splitlines():
        item, result = json.loads(line)
        if not result or result.get("test_outcome") == "incompetent":
            continue  # not run, or the mutant could not even be applied
        total += 1
        if result["test_outcome"] == "survived":
            for mutation in item["mutations"]:
                survivors.append(
                    f"{mutation['module_path']}:{mutation['start_pos'][0]} {mutation['operator_name']}"
                    f" #{mutation['occurrence']}"
                )
    return total - len(survivors), total, survivors


def main(names: list[str]) -> None:
    _own_database()
    chosen: list[str] = []
    for name in names or ["all"]:
        if name not in GROUPS and name not in ALIASES:
            sys.exit(f"unknown group {name!r}; groups: {', '.join([*GROUPS, *ALIASES])}")
        chosen += list(GROUPS) if name == "all" else ALIASES.get(name) or [name]
    report = []
    for name in chosen:
        killed, total, survivors = run_group(name)
        report.append((name, killed, total))
        print(f"\n{name}: {killed} of {total} mutants killed ({100 * killed / max(total, 1):.1f}%)")
        for survivor in survivors:
            print(f"  survived: {survivor}")
    print("\nMutation score")
    for name, killed, total in report:
        print(f"  {name:<26} {killed:>5} / {total:<5} {100 * killed / max(total, 1):5.1f}%")
    killed, total = sum(r[1] for r in report), sum(r[2] for r in report)
    print(f"  {'all':<26} {killed:>5} / {total:<5} {100 * killed / max(total, 1):5.1f}%")


if __name__ == "__main__":
    main(sys.argv[1:])
