"""HTML to text, for messages whose only body is HTML. Block elements become lines and an empty
paragraph a blank line; a table row becomes one line with its cells separated by tabs, so that a row
"Name | Ava Smith" reads as a labelled line, while a layout table (a table in a cell, or cells holding
many lines) is read as plain lines. Scripts, styles and the head are dropped. The standard library's
lenient html.parser builds a small tree first, closing unclosed cells, rows, paragraphs and list items
the way a browser would; the input's size and nesting are capped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser

from .values import words

_HTML_LIMIT = 5_000_000
_HTML_DEPTH = 200

_SKIP_TAGS = {"script", "style", "head", "title", "template", "noscript"}
_VOID_TAGS = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "param", "source", "wbr"}
_BLOCK_TAGS = words(
    "p div li ul ol dl dt dd tr h1 h2 h3 h4 h5 h6 blockquote pre section article header footer address form"
    " fieldset center caption body html main nav aside"
)


class _Node:
    __slots__ = ("children", "tag")

    def __init__(self, tag: str):
        self.tag = tag
        self.children: list[_Node | str] = []


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Node("root")
        self.stack = [self.root]
        self.skipping: str | None = None

    def handle_starttag(self, tag, attrs):
        if self.skipping:
            if self.skipping == "head" and tag == "body":
                self.skipping = None
            else:
                return
        if tag in _SKIP_TAGS:
            self.skipping = tag
            return
        if tag in ("td", "th"):
            self._close({"td", "th"}, stop={"tr", "table"})
        elif tag == "tr":
            self._close({"tr"}, stop={"table"})
        elif tag == "p":
            self._close({"p"}, stop={"td", "th", "table", "div", "li", "blockquote"})
        elif tag == "li":
            self._close({"li"}, stop={"ul", "ol"})
        node = _Node(tag)
        self.stack[-1].children.append(node)
        if tag not in _VOID_TAGS and len(self.stack) < _HTML_DEPTH:  # deeper nesting is flattened
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        if not self.skipping:
            self.stack[-1].children.append(_Node(tag))

    def handle_endtag(self, tag):
        if self.skipping:
            if tag == self.skipping:
                self.skipping = None
            return
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return
        if tag in ("br", "p"):  # a stray </br> or </p> still breaks the line
            self.stack[-1].children.append(_Node("br"))

    def handle_data(self, data):
        if not self.skipping:
            self.stack[-1].children.append(data)

    def _close(self, tags: set[str], stop: set[str]) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag in tags:
                del self.stack[depth:]
                return
            if self.stack[depth].tag in stop:
                return


class _Lines:
    def __init__(self):
        self.lines: list[str] = []
        self.current: list[str] = []

    def text(self, value: str) -> None:
        self.current.append(value)

    def newline(self) -> None:
        line = re.sub(r"[^\S\t]+", " ", "".join(self.current)).strip(" ")
        self.current = []
        if line.strip():
            self.lines.append(line.strip())

    def blank(self) -> None:
        self.newline()
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def mark(self) -> tuple[int, bool]:
        return len(self.lines), bool("".join(self.current).strip())

    def br(self) -> None:
        if "".join(self.current).strip():
            self.newline()
        else:
            self.blank()


def _contains(node: _Node, tag: str) -> bool:
    return any(isinstance(c, _Node) and (c.tag == tag or _contains(c, tag)) for c in node.children)


def _rows(table: _Node) -> Iterator[_Node]:
    for child in table.children:
        if isinstance(child, _Node):
            if child.tag == "tr":
                yield child
            elif child.tag in ("thead", "tbody", "tfoot"):
                yield from _rows(child)


def _render(node: _Node, out: _Lines, pre: bool = False) -> None:
    for child in node.children:
        if isinstance(child, str):
            out.text(child if pre else re.sub(r"\s+", " ", child))
            continue
        tag = child.tag
        if tag == "br":
            out.br()
        elif tag == "hr":
            out.newline()
        elif tag == "table":
            _render_table(child, out)
        elif tag in ("td", "th"):  # a cell outside a table row
            out.text("\t")
            _render(child, out, pre)
        elif tag in _BLOCK_TAGS:
            out.newline()
            before = out.mark()
            _render(child, out, pre or tag == "pre")
            out.newline()
            if out.mark() == before and tag in ("p", "div"):
                out.blank()  # an empty paragraph is a blank line
        else:
            _render(child, out, pre)


def _render_table(table: _Node, out: _Lines) -> None:
    out.newline()
    for row in _rows(table):
        cells = []
        layout = False
        for cell in row.children:
            if not (isinstance(cell, _Node) and cell.tag in ("td", "th")):
                continue
            sub = _Lines()
            _render(cell, sub)
            sub.newline()
            lines = [line for line in sub.lines if line]
            layout = layout or _contains(cell, "table") or len(lines) > 6
            if lines:
                cells.append(lines)
        if len(cells) > 1 and not layout:
            out.lines.append("\t".join(", ".join(lines).replace("\t", " ") for lines in cells))
        else:
            for lines in cells:
                out.lines.extend(lines)
    out.newline()


def html_to_text(html: str) -> str:
    """The text of an HTML body, as lines: tags stripped, tables flattened to one line per row."""
    builder = _TreeBuilder()
    try:
        builder.feed(html[:_HTML_LIMIT])
        builder.close()
    except Exception:  # html.parser is lenient; this is a last resort
        return re.sub(r"<[^>]*>", " ", html)
    out = _Lines()
    _render(builder.root, out)
    out.newline()
    text = "\n".join(out.lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
