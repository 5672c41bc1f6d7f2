"""The import contracts (pyproject.toml, docs/adr/0015-layers.md) bite: a module that imports upwards
breaks them. Checked on a copy of the code with one deliberate violation added."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(tree / "pyproject.toml")],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def tree(tmp_path):
    shutil.copytree(ROOT / "safeguard", tmp_path / "safeguard", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_code_as_it_is_keeps_every_contract(tree):
    result = _lint_imports(tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout


@pytest.mark.parametrize(
    ("module", "imports", "contract"),
    [
        ("safeguard/core/probe.py", "from safeguard.register import selectors", "Core imports no app"),
        ("safeguard/register/probe.py", "from safeguard.missing import selectors", "Apps in layers"),
        ("safeguard/missing/probe.py", "from safeguard.notifications import models", "Apps in layers"),
        ("safeguard/accounts/probe.py", "from safeguard.home import homes", "Apps in layers"),
    ],
)
def test_an_upward_import_breaks_a_contract_and_is_named(tree, module, imports, contract):
    (tree / module).write_text(f"{imports}  # deliberate violation\n")
    result = _lint_imports(tree)
    assert result.returncode == 1
    importer = module.removesuffix(".py").replace("/", ".")
    assert f"{importer} -> " in result.stdout
    broken = [line for line in result.stdout.splitlines() if line.endswith("BROKEN") or " BROKEN (" in line]
    assert any(line.startswith(contract) for line in broken), result.stdout


def test_a_circle_between_two_modules_of_an_app_breaks_a_contract(tree):
    (tree / "safeguard/core/probe_a.py").write_text("from safeguard.core import probe_b  # deliberate circle\n")
    (tree / "safeguard/core/probe_b.py").write_text("from safeguard.core import probe_a  # deliberate circle\n")
    result = _lint_imports(tree)
    assert result.returncode == 1
    assert any(line.startswith("No import circles") and "BROKEN" in line for line in result.stdout.splitlines())
