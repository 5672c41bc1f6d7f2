"""The test data the suite reads is in the repository, whole."""

from pathlib import Path

import pytest

from safeguard.reference.tests.samples import SSDA903_FILES, ssda903_sample


@pytest.mark.parametrize("name", SSDA903_FILES)
def test_every_ssda903_sample_file_is_in_the_repository(name):
    assert ssda903_sample(name).stat().st_size > 0


def test_a_missing_sample_file_fails_rather_than_skips():
    with pytest.raises(AssertionError, match="test data missing from the repository"):
        ssda903_sample("no-such-table.csv")


def test_no_test_reads_data_from_outside_the_repository():
    """A test that read a path beside the project would skip, or fail, on a clean clone."""
    root = Path(__file__).resolve().parents[3]
    # Written in pieces so that this file does not name them itself.
    outside = ("/" + "work/shared", '"shared"' + ' / "data"')
    offenders = [
        str(path.relative_to(root))
        for path in sorted((root / "safeguard").rglob("tests/**/*.py"))
        if any(text in path.read_text(encoding="utf-8") for text in outside)
    ]
    assert offenders == []
