"""What changed between two versions of a chapter, word by word, marked so that it reads without colour.

Each version's rich text is cleaned (as for its page) and reduced to its blocks of text (paragraphs,
headings, list items); the words are compared with difflib's SequenceMatcher, and the result is drawn
as paragraphs in which removed words are in <del> and added words in <ins>, each opened by a visually
hidden "removed:"/"added:" so that a screen reader says it, and closed likewise; browsers draw <del>
struck through and <ins> underlined, which shows without colour.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from html.parser import HTMLParser

from markupsafe import Markup, escape

from safeguard.content.sanitise import html_clean

BLOCK_TAGS = {"p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "td", "th", "caption"}
PARAGRAPH = "\n"


class _Blocks(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._current: list[str] = []

    def _flush(self):
        text = " ".join("".join(self._current).split())
        if text:
            self.blocks.append(text)
        self._current = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS or tag == "br":
            self._flush()

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS:
            self._flush()

    def handle_data(self, data):
        self._current.append(data)

    def close(self):
        super().close()
        self._flush()


def text_blocks(html: str) -> list[str]:
    parser = _Blocks()
    parser.feed(html_clean(html or ""))
    parser.close()
    return parser.blocks


def _tokens(blocks: list[str]) -> list[str]:
    tokens: list[str] = []
    for block in blocks:
        if tokens:
            tokens.append(PARAGRAPH)
        tokens.extend(re.findall(r"\S+", block))
    return tokens


@dataclass
class WordDifference:
    paragraphs: list[Markup]
    added: int
    removed: int

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)


def _run(kind: str, words: list[str]) -> list[object]:
    """Markup for a run of added or removed words, paragraph breaks kept as breaks."""
    tag, said = ("ins", "added") if kind == "insert" else ("del", "removed")
    parts: list[object] = []
    chunk: list[str] = []

    def close():
        if chunk:
            parts.append(
                Markup(
                    '<{0} class="safeguard-change safeguard-change--{1}"><span class="govuk-visually-hidden">[{1}: </span>{2}<span class="govuk-visually-hidden">]</span></{0}>'
                ).format(Markup(tag), said, " ".join(chunk))  # noqa: S704 - tag is "ins" or "del"; format escapes the words
            )
            chunk.clear()

    for word in words:
        if word == PARAGRAPH:
            close()
            parts.append(PARAGRAPH)
        else:
            chunk.append(word)
    close()
    return parts


def word_difference(old_html: str, new_html: str) -> WordDifference:
    old, new = _tokens(text_blocks(old_html)), _tokens(text_blocks(new_html))
    matcher = SequenceMatcher(a=old, b=new, autojunk=False)
    pieces: list[object] = []
    added = removed = 0
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.extend(old[i1:i2])
            continue
        if op in ("delete", "replace"):
            pieces.extend(_run("delete", old[i1:i2]))
            removed += sum(1 for w in old[i1:i2] if w != PARAGRAPH)
        if op in ("insert", "replace"):
            pieces.extend(_run("insert", new[j1:j2]))
            added += sum(1 for w in new[j1:j2] if w != PARAGRAPH)
    paragraphs: list[Markup] = []
    line: list[Markup] = []
    for piece in pieces:
        if piece == PARAGRAPH:
            if line:
                paragraphs.append(Markup(" ").join(line))
            line = []
        else:
            line.append(piece if isinstance(piece, Markup) else escape(piece))
    if line:
        paragraphs.append(Markup(" ").join(line))
    return WordDifference(paragraphs=paragraphs, added=added, removed=removed)
