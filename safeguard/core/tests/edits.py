"""Helpers for edit-conflict tests (core.edits): two people each with their own client, one page open."""

import html
import re

VERSION = re.compile(r'name="edit_version" value="(\d+)"')


def opened_version(response) -> str:
    """The version an edit page's form was opened at."""
    found = VERSION.search(response.content.decode())
    assert found, "the edit page carries no edit_version field"
    return found.group(1)


def page_text(response) -> str:
    return html.unescape(response.content.decode())
