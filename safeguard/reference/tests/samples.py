"""Test data kept in the repository: a missing file fails the test that needs it, never skips it."""

from pathlib import Path

SSDA903_SAMPLE = Path(__file__).resolve().parent / "data" / "ssda903-sample"
SSDA903_FILES = ("header.csv", "episodes.csv", "sw_episodes.csv", "missing.csv", "fake_903.xml")


def ssda903_sample(name: str) -> Path:
    """The path of one file of the SSDA903 sample; an AssertionError naming it when it is not there."""
    path = SSDA903_SAMPLE / name
    assert path.is_file(), f"test data missing from the repository: {path}"
    return path
