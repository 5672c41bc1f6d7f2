"""Every action the code records has plain words: a scan of the source for the actions services and
selectors pass to the audit trail, as a reviewer would grep for them."""

import ast
import re
from pathlib import Path

from safeguard.accounts.audit_words import ACTION_WORDS, action_words

ROOT = Path(__file__).resolve().parents[2]  # safeguard/
# The keyword arguments that name an audit action, and the parameters whose default names one.
ACTION_ARGUMENTS = {"action", "audit_action"}


def _patterns(node: ast.AST) -> list[str]:
    """The action strings in an argument's value, an f-string as a regular expression (`{x}` = any text).
    A string without a dot is not an action (argparse's `action="store_true"`)."""
    found = []
    in_fstrings = {id(p) for f in ast.walk(node) if isinstance(f, ast.JoinedStr) for p in f.values}
    for part in ast.walk(node):
        if (
            isinstance(part, ast.Constant)
            and id(part) not in in_fstrings
            and isinstance(part.value, str)
            and "." in part.value
        ):
            found.append(re.escape(part.value))
        elif isinstance(part, ast.JoinedStr):
            pieces = [re.escape(p.value) if isinstance(p, ast.Constant) else ".+" for p in part.values]
            found.append("".join(pieces))
    return found


def recorded_actions() -> dict[str, str]:
    """{pattern: where} for every action named in the code outside tests and migrations."""
    actions = {}
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            values = []
            if isinstance(node, ast.Call):
                values = [k.value for k in node.keywords if k.arg in ACTION_ARGUMENTS]
            elif isinstance(node, ast.FunctionDef):
                args = node.args.args + node.args.kwonlyargs
                defaults = [None] * (len(node.args.args) - len(node.args.defaults)) + node.args.defaults
                defaults += node.args.kw_defaults
                values = [d for a, d in zip(args, defaults, strict=True) if a.arg in ACTION_ARGUMENTS and d]
            for value in values:
                for pattern in _patterns(value):
                    actions.setdefault(pattern, f"{path.relative_to(ROOT.parent)}:{node.lineno}")
    return actions


def test_the_scan_finds_the_actions_it_must():
    actions = recorded_actions()
    # A literal, one chosen by a condition, one made with an f-string, and a parameter's default.
    assert re.escape("grab_pack.open") in actions
    assert re.escape("match.different_child") in actions
    assert "child\\.export_.+" in actions
    assert re.escape("user.create") in actions
    assert len(actions) > 80


def test_every_recorded_action_has_plain_words():
    missing = [
        f"{pattern} ({where})"
        for pattern, where in recorded_actions().items()
        if not any(re.fullmatch(pattern, name) for name in ACTION_WORDS)
    ]
    assert not missing, "Actions without plain words in accounts/audit_words.py: " + ", ".join(missing)


def test_plain_words_read_as_a_sentence():
    assert action_words("grab_pack.open") == "Viewed the grab pack"
    assert action_words("child.export_csv") == "Exported the register (CSV)"
    for words in ACTION_WORDS.values():
        assert words[0].isupper() and "_" not in words and "." not in words
    # An action recorded before its words were written is shown as recorded, not hidden.
    assert action_words("something.old") == "something.old"
