"""HTML → visible text and its title, through ``html.parser``, bounded in time.

HTML comments and unclosable ``<`` are defused in one linear pass before ``html.parser`` sees the
page (it rescans the whole input for each unclosed construct otherwise), and the parser checks the
read's deadline (``ReadLimits.pdf_timeout_s``) as a backstop.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from html.parser import HTMLParser

from payband.text.readers.normalise import one_line
from payband.text.readers.refusals import StopParsing, refuse

__all__ = ["html_to_text"]

_HTML_SKIP = frozenset(
    {"script", "style", "nav", "head", "noscript", "template", "svg", "iframe", "object", "canvas", "select"}
)
_HTML_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
_HTML_PARAGRAPH = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "blockquote", "pre", "section",
     "article", "header", "footer", "main", "aside", "form", "figure", "address", "fieldset", "details",
     "hr"}
)  # fmt: skip
_HTML_SPACE = re.compile(r"[ \t\n\r\x0c]+")  # inline whitespace runs show as one space
_HTML_LINE = frozenset({"div", "li", "tr", "br", "dt", "dd", "figcaption", "summary", "caption", "option"})


class _HTMLText(HTMLParser):
    """Collects visible text: skipped elements dropped, blocks as line breaks, list items as "- "."""

    def __init__(self, deadline: float, clock: Callable[[], float]) -> None:
        super().__init__(convert_charrefs=True)
        self.deadline = deadline
        self.clock = clock
        self.parts: list[str] = []
        self.pending = 0  # line breaks owed before the next text: 1 = new line, 2 = new paragraph
        self.skip: list[str] = []  # open elements whose content is dropped
        self.lists: list[list[int]] = []  # per open list: [is ordered, item counter]
        self.cells = 0
        self.pre = 0
        self.title: list[str] | None = None
        self.title_text: str | None = None
        self.h1: list[str] | None = None
        self.h1_text: str | None = None

    def _break(self, lines: int) -> None:
        self.pending = max(self.pending, lines)

    def _emit(self, text: str) -> None:
        if self.pending:
            self.parts.append("\n" * self.pending)
            self.pending = 0
        self.parts.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.clock() > self.deadline:
            raise StopParsing("time")
        if tag == "title" and self.title_text is None:
            self.title = []
        if tag == "body" and "head" in self.skip:
            del self.skip[self.skip.index("head") :]
        if tag in _HTML_SKIP and tag not in _HTML_VOID:
            self.skip.append(tag)
            return
        if self.skip:
            return
        if tag == "h1" and self.h1_text is None:
            self.h1 = []
        if tag == "pre":
            self.pre += 1
        if tag in ("ul", "ol"):
            self.lists.append([tag == "ol", 0])
        if tag in _HTML_PARAGRAPH:
            self._break(2)
        elif tag in _HTML_LINE:
            self._break(1)
        if tag == "li":
            if self.lists and self.lists[-1][0]:
                self.lists[-1][1] += 1
                self._emit(f"{self.lists[-1][1]}. ")
            else:
                self._emit("- ")
        elif tag == "tr":
            self.cells = 0
        elif tag in ("td", "th"):
            if self.cells:
                self._emit(" | ")
            self.cells += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self.title is not None:
            self.title_text = "".join(self.title)
            self.title = None
        if tag in self.skip:
            del self.skip[len(self.skip) - 1 - self.skip[::-1].index(tag) :]
            return
        if self.skip or tag in _HTML_VOID:
            return
        if tag == "h1" and self.h1 is not None:
            self.h1_text = "".join(self.h1)
            self.h1 = None
        if tag == "pre" and self.pre:
            self.pre -= 1
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        if tag in _HTML_PARAGRAPH:
            self._break(2)
        elif tag in _HTML_LINE:
            self._break(1)

    def handle_data(self, data: str) -> None:
        if self.clock() > self.deadline:
            raise StopParsing("time")
        if self.title is not None:
            self.title.append(data)
        if self.skip:
            return
        if self.h1 is not None:
            self.h1.append(data)
        if self.pre:
            self._emit(data)
        elif data.strip():
            self._emit(_HTML_SPACE.sub(" ", data))
        elif self.parts and not self.pending:
            self.parts.append(" ")  # whitespace between inline elements still separates words


_LONE_LT = re.compile(r"<(?![^<>]*>)")  # a "<" that no ">" closes before the next "<"


def _defuse_html(source: str) -> str:
    """Comments removed and unclosable "<" escaped, in linear time.

    ``html.parser`` rescans to the end of the input for every unclosed comment, declaration or
    processing instruction, which is quadratic on hostile input; after this every construct it
    starts has its end before the next one begins. An unclosed comment hides the rest of the page,
    as in browsers.
    """
    kept: list[str] = []
    start = 0
    while (opened := source.find("<!--", start)) >= 0:
        kept.append(source[start:opened])
        closed = source.find("-->", opened + 4)
        if closed < 0:
            start = len(source)
            break
        start = closed + 3
    kept.append(source[start:])
    return _LONE_LT.sub("&lt;", "".join(kept))


_ANY_TAG = re.compile(r"<[^<>]*>")
_HIDDEN_OPEN = re.compile(r"<(script|style|head|nav|noscript|template|svg)\b")


def _strip_tags(source: str) -> str:
    """The fallback for HTML that html.parser rejects: hidden elements and tags removed, linearly."""
    lower = source.lower()
    kept: list[str] = []
    start = 0
    while opened := _HIDDEN_OPEN.search(lower, start):
        kept.append(source[start : opened.start()])
        closing = lower.find("</" + opened.group(1), opened.end())
        end = lower.find(">", closing) if closing >= 0 else -1
        start = len(source) if end < 0 else end + 1
    kept.append(source[start:])
    return html.unescape(_ANY_TAG.sub("\n", "\n".join(kept)))


def html_to_text(
    source: str, deadline: float, label: str, warnings: list[str], *, clock: Callable[[], float]
) -> tuple[str, str | None]:
    """The page's visible text and title (``<title>``, else the first ``<h1>``), read by ``deadline``."""
    parser = _HTMLText(deadline, clock)
    step = 1 << 16
    source = _defuse_html(source)
    try:
        for start in range(0, len(source), step):
            parser.feed(source[start : start + step])
        parser.close()
    except StopParsing as stop:
        raise refuse(
            label, "too complex to read in time; save the page as plain text and try again"
        ) from stop
    except Exception:  # html.parser gives up on some malformed declarations ("<![>"): strip tags instead
        warnings.append("the HTML is malformed; its tags were stripped without keeping structure")
        return _strip_tags(source), None
    return "".join(parser.parts), one_line(parser.title_text) or one_line(parser.h1_text)
