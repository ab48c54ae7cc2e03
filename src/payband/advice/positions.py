"""Dated positions in a resume: date ranges, their intervals and overlaps, the current position,
and years of experience stated in a summary."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from itertools import pairwise

from payband.advice.models import Position
from payband.text.sections import Section, split_sections
from payband.text.titles import (
    MAX_CONFIDENCE,
    SURE_CONFIDENCE,
    TitleMatch,
    TitleRole,
    can_name_surely,
    classify_title,
    title_role,
)

__all__ = [
    "MAX_YEARS",
    "ROLE_MIN_CONFIDENCE",
    "Position",
    "current_position",
    "find_positions",
    "stated_years",
    "title_match",
    "title_pieces",
    "union_years",
]

MAX_YEARS = 60.0
ROLE_MIN_CONFIDENCE = 0.6
_MAX_DATED_LINES = 200
_DAYS_PER_YEAR = 365.25


# ------------------------------------------------------------------------------------------- dates

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12, "spr": 3, "sum": 6, "fal": 9, "aut": 9, "win": 1,
}  # fmt: skip
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?|spring|summer|fall|autumn|winter"
)


def _date_pattern(p: str) -> str:
    """One date: 'Mar 2021', 'March, 2021', "Mar '21", '03/2021', '3.2021', '03/21', '2021-03', '2021'."""
    return (
        rf"(?:(?P<{p}mon>{_MONTH})\s*,?\s*(?P<{p}my>(?:19|20)\d\d|['’]\d\d)"
        rf"|(?P<{p}nm>0?[1-9]|1[0-2])[/.-](?P<{p}ny>(?:19|20)\d\d)"
        rf"|(?P<{p}sm>0[1-9]|1[0-2])/(?P<{p}sy>\d\d)"
        rf"|(?P<{p}iy>(?:19|20)\d\d)[-/.](?P<{p}im>0[1-9]|1[0-2])"
        rf"|(?P<{p}y>(?:19|20)\d\d))(?![\d/])"
    )


_SEP = r"\s*(?:[-–—−‐‑~]+|\bto\b|\buntil\b|\btill\b|\bthrough\b|\bthru\b)\s*"
_NOW = r"(?P<now>present|current(?:ly)?|now|today|ongoing|date)\b"
# A date starts with a digit or a month or season's first letter; saying so up front lets the regex
# engine give up at once on the other characters instead of trying every alternative there.
_RANGE = re.compile(
    rf"(?<![\w/.])(?=[\djfmasondw]){_date_pattern('a')}{_SEP}(?:{_date_pattern('b')}|{_NOW})", re.IGNORECASE
)
# Every _RANGE match holds this: a start date's last two digits, then a separator. One pass over the
# text finds the lines that may hold a range (``[^\S\n]`` keeps a hit on one line).
_RANGE_HINT = re.compile(r"\d\d(?![\d/])[^\S\n]*(?:[-–—−‐‑~]|to|until|till|through|thru)", re.IGNORECASE)
# Read backwards from a range hint: the start date's digits, spaces and marks, then its month (no spaces).
_DATE_BEFORE_HINT = re.compile(r"[\d\s,./'’-]*\S*")


# For _hinted_lines, per byte of a text's ASCII encoding ("?" for each non-ASCII character, so for each
# digit but 0-9): "0" for a digit or "?", "." for any other byte
_DIGIT_MARKS = bytes(48 if b in b"0123456789?" else 46 for b in range(256))


def _hinted_lines(text: str) -> list[tuple[int, int, int]]:
    """(start, end, first hint) of each line of the text with a _RANGE_HINT match, in text order.

    A hint starts with two digits (``\\d``: ASCII digits, or characters that ASCII encoding makes "?"), so
    only the lines where the text's digit marks have "00" are searched, from the first "00"; a hint
    never spans lines, so the first in a line is the search's within it. Scanning the whole text with
    the regex cost ~100 instructions a character (``\\d`` is a Unicode category test).
    """
    marks = text.encode("ascii", "replace").translate(_DIGIT_MARKS).decode("ascii")
    found: list[tuple[int, int, int]] = []
    at = marks.find("00")
    while at >= 0:
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        if end < 0:
            end = len(text)
        hint = _RANGE_HINT.search(text, at, end)  # (no digit pair in the line before ``at``)
        if hint is not None:
            found.append((start, end, hint.start()))
        at = marks.find("00", end)
    return found


def _range_from(line: str, hint: int) -> int:
    """Where the first range of a line can start at the earliest, given where its first hint starts.

    A range's start date ends in a hint, so it starts at or before one, and between the two there are
    only its month, then digits, spaces and marks. Searching from here skips the title before it.
    """
    if hint == 0:
        return 0
    found = _DATE_BEFORE_HINT.match(line[hint - 1 :: -1])
    return hint - found.end() if found is not None else hint


def _point(m: re.Match[str], p: str, as_of: date) -> tuple[int, int | None]:
    """(year, month or None) of one side of a range match (each group read once)."""
    month = m.group(p + "mon")
    if month:
        raw = m.group(p + "my").lstrip("'’")
        year = int(raw) if len(raw) == 4 else _two_digit_year(int(raw), as_of)
        return year, _MONTHS[month[:3].lower()]
    month = m.group(p + "nm")
    if month:
        return int(m.group(p + "ny")), int(month)
    month = m.group(p + "sm")
    if month:
        return _two_digit_year(int(m.group(p + "sy")), as_of), int(month)
    year_first = m.group(p + "iy")
    if year_first:
        return int(year_first), int(m.group(p + "im"))
    return int(m.group(p + "y")), None


def _two_digit_year(yy: int, as_of: date) -> int:
    return 2000 + yy if 2000 + yy <= as_of.year + 1 else 1900 + yy


def _next_month(year: int, month: int) -> date:
    return date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)


def _interval(m: re.Match[str], as_of: date) -> tuple[date, date, bool] | str:
    """(start, exclusive end, ongoing) of a range match, or why it is not counted."""
    sy, sm = _point(m, "a", as_of)
    if sy < 1950:
        return "starts before 1950"
    start = date(sy, sm, 1) if sm else date(sy, 7, 1)
    ongoing = bool(m.group("now"))
    if ongoing:
        end = as_of
    else:
        ey, em = _point(m, "b", as_of)
        if em:
            end = _next_month(ey, em)
        elif sm is None and ey == sy:
            start, end = date(sy, 1, 1), date(sy, 7, 1)  # "2019 – 2019": half a year
        else:
            end = date(ey, 7, 1)
    if start > as_of:
        return f"starts after {as_of.isoformat()}"
    if end > as_of:
        end, ongoing = as_of, True
    if end <= start:
        return "ends before it starts"
    return start, end, ongoing


# --------------------------------------------------------------------------------------- positions

# Words that make a heading's section one whose dates are no positions, found anywhere in it in any case
# (as re.IGNORECASE finds them: see _skipped_section). Looked for in the lower-cased heading: a regex
# search cost several hundred instructions per character of a heading, as no literal starts it.
_SKIP_WORDS = (
    "project", "certific", "course", "award", "volunteer", "publication", "interests", "training", "talks",
    "speaking", "reference", "patent", "hackathon", "hobbies", "honor", "honour", "competition",
)  # fmt: skip
# The characters other than A-Z and a-z that re.IGNORECASE matches to an ASCII letter, and that letter;
# str.lower() makes the Kelvin sign "k" too, but "İ" two characters and the others no ASCII letter.
_ODD_LETTERS = "İıſ\u212a"
_ODD_TO_ASCII = str.maketrans(dict(zip(_ODD_LETTERS, "iisk", strict=True)))
_DEGREE = re.compile(
    r"\b(?:b\.?\s?sc?|m\.?\s?sc?|b\.?\s?a|m\.?\s?a|b\.?\s?f\.?\s?a|m\.?\s?f\.?\s?a|b\.?\s?eng|m\.?\s?eng|mba|ph\.?\s?d"
    r"|bachelor'?s?|master'?s?|doctorate|associate'?s? degree|degree|diploma|gpa|coursework|thesis"
    r"|high school)(?![a-z])",
    re.IGNORECASE,
)
_SCHOOL = re.compile(r"\b(?:university|college|school|institute of|academy|bootcamp)\b", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-*•·▪◦●■–+]|\d{1,2}[.)])\s+")
# every separator starts with one of the lookahead's characters: elsewhere the alternatives are not tried
_SPLIT = re.compile(
    r"(?=[\s—–|·•()\[\]{}:])"
    r"(?:\s+[—–-]+\s+|\s*[—–]\s*|\s*[|·•]\s*|\s+/\s+|\s+@\s+|\s+at\s+|\t+|\s{2,}|[()\[\]{}]+|\s*:\s+)"
)
_EDGE = " \t-–—|,;:·•*_#()[]{}/@"
_LABEL_EDGE = _EDGE.replace(")", "")
_TITLE_WORD = re.compile(
    r"\b(?:engineer|developer|programmer|analyst|scientist|architect|administrator|admin|manager|director"
    r"|lead|head of|intern|consultant|designer|specialist|technician|researcher|assistant|associate"
    r"|officer|coordinator|tester|writer|founder|co-founder|owner|president|vp|cto|ceo|cio|cfo"
    r"|contractor|freelancer|fellow|apprentice|trainee|instructor|teacher|tutor|editor|chef|nurse"
    r"|clerk|cashier|accountant|representative|agent|operator|supervisor)\b",
    re.IGNORECASE,
)


_TOP_SCORE = 1.0 + MAX_CONFIDENCE  # no piece scores more (see _score)
_AS_GOOD = 0.06  # a piece naming the best piece's role this close to its score is as good: the shorter wins
# A piece that cannot name the top piece's role surely (SURE_CONFIDENCE) scores less than as good as it.
assert _TOP_SCORE - _AS_GOOD > 1.0 + SURE_CONFIDENCE


class _Title:
    """A piece of a line, how much it looks like a job title (see _score), and how it classified.

    A plain class, not a dataclass: compiled, its constructor is native code, where a dataclass's
    generated ``__init__`` is interpreted. Not changed once built."""

    __slots__ = ("match", "score", "text")

    def __init__(self, text: str, score: float, match: TitleRole | None) -> None:
        self.text = text
        self.score = score
        self.match = match


def _tidy(text: str) -> str:
    return " ".join(text.split()).strip(_EDGE)


def _tidy_label(text: str) -> str:
    """The line without its dates, its edges trimmed; a closing bracket that has its pair is kept."""
    label = " ".join(_BULLET.sub("", text, count=1).split()).strip(_LABEL_EDGE)
    while label.endswith(")") and label.count(")") > label.count("("):
        label = label[:-1].rstrip(_LABEL_EDGE)
    return label.lstrip(")")


def _may_be_title(text: str) -> bool:
    return 2 <= len(text) <= 100 and any(map(str.isalpha, text))


def _score(text: str) -> _Title:
    """How much a piece of a line looks like a job title: 1–2 a catalog role, 0.5–0.9 another title."""
    if not _may_be_title(text):
        return _Title(text, 0.0, None)
    match = title_role(text)
    if match.role is not None and match.confidence >= ROLE_MIN_CONFIDENCE:
        return _Title(text, 1.0 + match.confidence, match)
    if match.method not in ("none", "phrase") and match.confidence >= 0.5:
        return _Title(text, 0.5 + 0.4 * match.confidence, match)
    if _TITLE_WORD.search(text):
        return _Title(text, 0.5, match)
    return _Title(text, 0.0, match)


def _candidates(text: str) -> list[str]:
    """Pieces of a line that may be a title: its parts and, within a part, comma pieces and pairs."""
    out: list[str] = []
    for raw in _SPLIT.split(text):
        part = _tidy(raw)
        if not part:
            continue
        out.append(part)
        if "," not in part:  # a tidy part without commas is its only piece
            continue
        pieces = [p for p in (_tidy(x) for x in part.split(",")) if p]
        if len(pieces) > 1:
            out.extend(pieces)
            out.extend(f"{a}, {b}" for a, b in pairwise(pieces))
    return list(dict.fromkeys(out))[:16]


def _best_title(scored: Sequence[_Title]) -> _Title | None:
    """The title among a line's scored pieces, if any piece looks like one."""
    scored = [t for t in scored if t.score > 0]
    if not scored:
        return None
    best = max(scored, key=lambda t: t.score)  # first of equals: the earliest piece
    role = best.match.role if best.match is not None else None
    if role is not None:  # the shortest piece naming the same role: the title without the company
        same = [
            t
            for t in scored
            if t.match is not None and t.match.role == role and t.score >= best.score - _AS_GOOD
        ]
        best = min(same, key=lambda t: len(t.text))
    if best.match is None:
        return best
    # "Software Engineer, Machine Learning": a specialism that names another role beats the head alone
    head = best.text + ","
    special = [
        t
        for t in scored
        if t.text.startswith(head)
        and t.match is not None
        and t.match.role not in (None, best.match.role)
        and t.match.confidence >= 0.9
    ]
    return min(special, key=lambda t: len(t.text)) if special else best


class _TitleReader:
    """Reads titles in the lines of one resume, scoring each distinct piece and line once.

    A resume repeats pieces (a company, a title held twice) and lines (a dated line read again as the
    neighbour of another); the memo lives only as long as the call that reads the resume.
    """

    __slots__ = ("_lines", "_pieces")

    def __init__(self) -> None:
        self._pieces: dict[str, _Title] = {}
        self._lines: dict[str, _Title | None] = {}

    def score(self, piece: str) -> _Title:
        title = self._pieces.get(piece)
        if title is None:
            title = self._pieces[piece] = _score(piece)
        return title

    def best(self, line: str) -> _Title | None:
        """The title in a line, as :func:`_best_title` picks it from the line's scored pieces.

        Once a piece scores the most any can, a later piece without a comma is left unscored when it is
        no shorter, or cannot name the same role surely: it cannot outscore that piece, be the shorter
        piece naming its role as well, nor be its specialism.
        """
        if line in self._lines:
            return self._lines[line]
        scored: list[_Title] = []
        top: _Title | None = None
        role = ""  # top's role
        for piece in _candidates(line):
            if (
                top is not None
                and "," not in piece
                and (len(piece) >= len(top.text) or not can_name_surely(piece, role))
            ):
                continue
            scored.append(title := self.score(piece))
            if top is None and title.score >= _TOP_SCORE and title.match and title.match.role is not None:
                top, role = title, title.match.role
        best = self._lines[line] = _best_title(scored)
        return best


def title_pieces(line: str) -> list[str]:
    """The parts of a line that may each be a job title, tidied; empty parts are left out."""
    return [piece for piece in (_tidy(part) for part in _SPLIT.split(line)) if piece]


def title_match(text: str) -> TitleMatch | None:
    """How a piece of a line classifies as a title; None when it cannot be one (length, no letters)."""
    return classify_title(text) if _may_be_title(text) else None


class _Rows:
    """A text's lines and the section each lies in, for looking around a dated line."""

    __slots__ = ("sections", "texts")

    def __init__(self, text: str, sections: Sequence[Section]) -> None:
        self.texts = text.split("\n")
        self.sections: list[Section | None] = []
        pos = 0
        k = 0
        for raw in self.texts:
            while k + 1 < len(sections) and sections[k + 1].start <= pos:
                k += 1
            self.sections.append(sections[k] if sections else None)
            pos += len(raw) + 1


def _skipped_section(sec: Section) -> bool:
    """An education section, or one whose heading names projects, awards, courses, ... (_SKIP_WORDS)."""
    if sec.kind == "education":
        return True
    heading = sec.heading
    if not heading:
        return False
    if not heading.isascii() and any(c in heading for c in _ODD_LETTERS):
        heading = heading.translate(_ODD_TO_ASCII)
    words = heading.lower()
    return any(word in words for word in _SKIP_WORDS)


def _has_range(line: str) -> bool:
    hint = _RANGE_HINT.search(line)
    return hint is not None and _RANGE.search(line, _range_from(line, hint.start())) is not None


def _neighbour_title(rows: _Rows, i: int, reader: _TitleReader) -> _Title | None:
    """A title on the lines just above a dates-only line (two at most), else on the line below."""
    found: list[_Title] = []
    seen = 0
    j = i - 1
    while j >= 0 and seen < 2:
        line = rows.texts[j]
        section = rows.sections[j]
        j -= 1
        if not line.strip():
            continue
        seen += 1
        if _BULLET.match(line) or _has_range(line) or section is not rows.sections[i]:
            break
        title = reader.best(line)
        if title is not None:
            found.append(title)
    if not found:
        for line in rows.texts[i + 1 : i + 3]:
            if not line.strip():
                continue
            if not _BULLET.match(line) and not _has_range(line):
                title = reader.best(line)
                if title is not None:
                    found.append(title)
            break
    return max(found, key=lambda t: t.score) if found else None


def find_positions(
    text: str,
    *,
    as_of: date | None = None,
    sections: Sequence[Section] | None = None,
    warnings: list[str] | None = None,
) -> list[Position]:
    """The dated positions of a resume, in text order (the rules: :mod:`payband.advice.profile`).

    ``sections`` are the text's sections when the caller has them; ``warnings`` collects the date
    ranges left out and why.
    """
    today = as_of or date.today()
    if sections is None:
        sections = split_sections(text)
    reader = _TitleReader()
    rows: _Rows | None = None  # built only when a title is looked for around a line
    skipped: dict[int, bool] = {}  # per section index
    raw: list[tuple[str, str, _Title | None, date, date, bool]] = []
    dated = 0
    i = 0  # the line number of line_start
    line_start = 0
    k = 0  # the section of line_start: sections[k]
    for next_start, line_end, pos in _hinted_lines(text):
        i += text.count("\n", line_start, next_start)
        line_start = next_start
        while k + 1 < len(sections) and sections[k + 1].start <= line_start:
            k += 1
        section = sections[k] if sections else None
        if section is not None:
            if k not in skipped:
                skipped[k] = _skipped_section(section)
            if skipped[k]:
                continue
        line = text[line_start:line_end]
        matches = list(_RANGE.finditer(line, _range_from(line, pos - line_start)))
        if not matches:
            continue
        dated += 1
        if dated > _MAX_DATED_LINES:
            if warnings is not None:
                warnings.append(f"only the first {_MAX_DATED_LINES} lines with dates were read")
            break
        in_experience = section is not None and section.kind == "experience"
        for m in matches:
            rest = line[: m.start()] + "  " + line[m.end() :]
            title = reader.best(rest)
            role_found = title is not None and title.match is not None and title.match.role is not None
            if not role_found and _DEGREE.search(rest):
                continue  # a degree line
            if not in_experience and (title is None or _SCHOOL.search(rest)):
                continue  # outside an experience section only a line with a job title counts
            if title is None and _BULLET.match(line):
                continue  # a dated achievement inside a position
            label = _tidy_label(rest)
            if title is None:
                if rows is None:
                    rows = _Rows(text, sections)
                title = _neighbour_title(rows, i, reader)
                if title is not None:
                    label = f"{title.text}, {label}" if label and title.text not in label else title.text
            span = _interval(m, today)
            dates = " ".join(m.group().split())
            if isinstance(span, str):
                if warnings is not None:
                    warnings.append(f"date range {dates!r} not counted: it {span}")
                continue
            raw.append((label or "(untitled position)", dates, title, *span))
    intervals = [(start, end) for *_, start, end, _ in raw]
    out: list[Position] = []
    for k, (label, dates, title, start, end, ongoing) in enumerate(raw):
        others = intervals[:k] + intervals[k + 1 :]
        match = title.match if title is not None else None
        out.append(
            Position(
                label=label[:160],
                title=title.text if title is not None else None,
                role=match.role if match is not None and title is not None and title.score >= 1 else None,
                seniority=match.seniority if match is not None else None,
                dates=dates,
                start=start,
                end=end,
                ongoing=ongoing,
                years=round((end - start).days / _DAYS_PER_YEAR, 1),
                overlaps=any(s < end and start < e for s, e in others),
            )
        )
    return out


def union_years(positions: Sequence[Position]) -> float:
    """Years covered by the positions, overlaps counted once."""
    total = 0
    cur_start: date | None = None
    cur_end = date.min
    for p in sorted(positions, key=lambda p: p.start):
        if cur_start is None or p.start > cur_end:
            if cur_start is not None:
                total += (cur_end - cur_start).days
            cur_start, cur_end = p.start, p.end
        else:
            cur_end = max(cur_end, p.end)
    if cur_start is not None:
        total += (cur_end - cur_start).days
    return total / _DAYS_PER_YEAR


def current_position(positions: Sequence[Position]) -> Position | None:
    """The most recent position: latest end, then one with a catalog role, then one with a title."""
    if not positions:
        return None
    latest = max(p.end for p in positions)
    recent = [p for p in positions if p.end >= latest - timedelta(days=1)]
    return min(recent, key=lambda p: (p.role is None, p.title is None))


# ------------------------------------------------------------------------------------ stated years

_NUMBER_WORDS = {
    w: i
    for i, w in enumerate((
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
    ))
}  # fmt: skip
_STATED = re.compile(
    r"(?P<over>\b(?:over|more than|nearly|almost|about|around|approximately)\s+)?"
    rf"(?<![\w.])(?P<n>\d{{1,2}}(?:\.\d)?|{'|'.join(_NUMBER_WORDS)})"
    r"(?P<plus>\s*\+|\s+plus)?\s*(?:full[- ])?(?:years?|yrs?)\b"
    r"(?P<exp>(?:\s+of)?(?:\s+[\w/&+-]+){0,3}?\s+(?:experience|exp)\b)?",
    re.IGNORECASE,
)
_YEARS_HINT = re.compile(r"[yY](?i:ea|r)")  # every _STATED match holds "year" or "yr": a cheap first look


def stated_years(text: str, *, sections: Sequence[Section] | None = None) -> tuple[float, str] | None:
    """Years of experience stated in the summary ("7 years of experience", "10+ years"), and the words.

    Only sections that are neither experience, education nor skills are read (the header, summary,
    profile); the first statement wins.
    """
    if sections is None:
        sections = split_sections(text)
    for sec in sections or [Section(0, len(text), "other")]:
        if sec.kind in ("experience", "education", "skills"):
            continue
        if not _YEARS_HINT.search(text, sec.start, sec.end):
            continue
        for m in _STATED.finditer(text, sec.start, sec.end):
            if not (m.group("plus") or m.group("exp") or m.group("over")):
                continue
            n = m.group("n").lower()
            value = float(_NUMBER_WORDS[n]) if n in _NUMBER_WORDS else float(n)
            if 0 < value <= MAX_YEARS:
                return value, " ".join(m.group().split())
    return None
