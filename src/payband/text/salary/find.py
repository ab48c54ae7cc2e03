"""find_salaries: the pay statements inside a whole posting (plain text or HTML), with html_to_text."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from payband.text.salary.amounts import _MONEY, _lower, _plain
from payband.text.salary.annualise import _MENTION_ANNUAL_USD_BOUNDS, _build
from payband.text.salary.candidates import _may_have_currency, _scan
from payband.text.salary.context import _PERIOD, _estimate, _extras
from payband.text.salary.models import SalaryMention, _fast
from payband.text.salary.parse import _check

#: Longest text find_salaries accepts (one posting, HTML included).
MAX_DESCRIPTION_CHARS = 1_000_000


class _TextExtractor(HTMLParser):
    _BLOCK = frozenset(
        {
            "p", "div", "br", "li", "ul", "ol", "tr", "td", "th", "table", "section", "article", "header",
            "footer", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "blockquote", "pre", "hr", "title",
        }
    )  # fmt: skip
    _SKIP = frozenset({"script", "style", "noscript", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


_HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]{0,2000})?/?>|<!--|&(?:[a-zA-Z]{2,8}|#\d{1,6});")
_BLANK_LINES = re.compile(r"[ \t\r\f\v]*\n\s*")


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment or page: tags dropped, entities decoded, blocks on their own lines.

    Text with no tags or entities comes back unchanged, so spans found in it index the input itself.
    """
    if ("<" not in html and "&" not in html) or _HTML_TAG.search(html) is None:  # every match has one
        return html
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return _BLANK_LINES.sub("\n", "".join(parser.parts)).strip()


_CLAUSE_END = re.compile(r"\n|[.!?;](?=\s|$)")


def _sentence(low: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the sentence (at most 200 characters either side) holding [start, end)."""
    lo = max(0, start - 200)
    s = lo
    for m in _CLAUSE_END.finditer(low, lo, start):
        s = m.end()
    stop = _CLAUSE_END.search(low, end, min(len(low), end + 200))
    return s, stop.start() if stop is not None else min(len(low), end + 200)


def find_salaries(description: str, *, max_chars: int = MAX_DESCRIPTION_CHARS) -> list[SalaryMention]:
    """Every pay statement in a posting (plain text or HTML), in order of appearance.

    Stricter than parse_salary: an amount needs a currency and either a pay period, a salary word
    before it in the same clause ("Salary:", "pay", "compensation"...), or a second amount making a
    range, and must annualise to between USD 1,000 and 5,000,000; amounts about funding, revenue,
    perks, tuition and the like are skipped. OTE, bonus, commission and equity figures in the same
    sentence become the mention's extras. Spans index the plain text (``html_to_text(description)``
    for HTML input, the input itself otherwise). Raises InputError above ``max_chars``.
    """
    raw = _check(
        description,
        max_chars,
        "find_salaries",
        "posting text",
        "pass max_chars= to raise the limit, or split the input into single postings",
    )
    plain = html_to_text(raw)
    t = _plain(plain)
    matches = list(_MONEY.finditer(t))
    # every statement has a currency: a text whose amounts have none has no statement (the common
    # case; this skips the lower-casing and the context analysis of each amount)
    if not any(_may_have_currency(t, m) for m in matches):
        return []
    low = _lower(t)
    cands = _scan(t, low, matches)
    out: list[SalaryMention] = []
    for c in cands:
        if c.negative or c.kind is not None or c.currency is None:
            continue
        is_range = c.lo is not None and c.hi is not None and c.lo != c.hi
        if c.period is None and not c.salary_word and not is_range:
            continue
        s, e = _sentence(low, c.start, c.end)
        nearby = [x for x in cands if x.kind is not None and s <= x.start < e]
        extras = _extras(t, low, nearby, s, e)
        end = c.end
        if c.period is not None:  # take the period words into the statement
            p = _PERIOD.search(low, c.end, min(len(low), c.end + 48))
            if p is not None and p.start() - c.end <= 28 and p.lastgroup == c.period:
                end = p.end()
        statement = plain[c.start : end]
        parsed = _build(
            c, statement, _estimate(low[c.end : c.end + 40]), extras, [], _MENTION_ANNUAL_USD_BOUNDS
        )
        if parsed is not None and parsed.period_inferred and parsed.period == "month" and not c.salary_word:
            parsed = None  # "add $3.5k-$5k": without a period or salary word, mid-size sums are not pay
        if parsed is not None:
            out.append(
                _fast(SalaryMention, {"parse": parsed, "start": c.start, "end": end, "text": statement})
            )
    return out
