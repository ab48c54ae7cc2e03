"""Postings and resumes → sections: requirements, duties, skills, ... and the boilerplate around them.

A section starts at a heading line: a markdown ``#`` heading, a ``**bold**`` line, an ALL CAPS line, a
short line ending in ``:``, a short Title Case line or a well-known heading phrase ("What you'll do"),
or an inline label ("Requirements: 5+ years of Python"). The heading's words give the kind
(``requirements``, ``benefits``, ...); an unmarked line only counts as a heading when its words name a
kind and it follows a blank line, so a resume's job-title lines never cut a section.

Boilerplate often comes without a heading: an equal-opportunity paragraph after the requirements, a
company blurb before them, a benefits list. Cue phrases ("equal opportunity employer", "without regard
to race", "401(k)", "paid time off", "we are a leading", "our mission") re-label such paragraphs (or
single bullet lines): one cue suffices where no heading decided the kind, two (or one strong legal cue)
inside a requirements-like section; a pay range ("$120,000 - $150,000") is a pay cue. Cue phrases are
found in one Aho-Corasick pass over :func:`match_form` (skill extraction shares that pass), headings
with short regexes on short lines only: linear in the text.
"""

from __future__ import annotations

import codecs
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from itertools import groupby
from typing import Any, Literal

import ahocorasick  # type: ignore[import-not-found, unused-ignore]

from payband.memo import corpus_cache

__all__ = [
    "BOILERPLATE_KINDS",
    "CUE_PHRASES",
    "SECTION_KINDS",
    "Section",
    "SectionKind",
    "classify_heading",
    "match_form",
    "section_at",
    "split_sections",
]

SectionKind = Literal[
    "requirements", "responsibilities", "skills", "experience", "education", "about", "benefits",
    "legal", "compensation", "application", "other",
]  # fmt: skip
SECTION_KINDS: tuple[SectionKind, ...] = (
    "requirements", "responsibilities", "skills", "experience", "education", "about", "benefits",
    "legal", "compensation", "application", "other",
)  # fmt: skip
BOILERPLATE_KINDS: frozenset[str] = frozenset({"about", "benefits", "legal", "compensation", "application"})
_CONTENT_KINDS = frozenset({"requirements", "responsibilities", "skills", "experience", "education"})


@dataclass(frozen=True, slots=True)
class Section:
    """A span ``text[start:end]`` of one kind; ``heading`` is the heading text that opened it, if any."""

    start: int
    end: int
    kind: SectionKind
    heading: str | None = None
    how: Literal["heading", "cue", "default"] = "default"

    @property
    def boilerplate(self) -> bool:
        """True for company blurb, benefits, legal/EEO, pay and how-to-apply text."""
        return self.kind in BOILERPLATE_KINDS


# Heading words → kind, tried in this order ("about you" is requirements, "about the role" duties,
# "compensation & benefits" benefits, "skills & experience" requirements-like skills).
_HEADING_SOURCES: tuple[tuple[SectionKind, str], ...] = (
    ("other", r"\babout (me|myself)\b"),  # a resume's "About me" is the person, not a company blurb
    ("legal", r"equal (employment )?opportunit|\beeoc?\b|\beoe\b|diversity|inclusion|accommodation"
              r"|discriminat|disclaimer|\blegal\b|privacy (notice|policy|statement)|e-verify"
              r"|affirmative action|notice to (agencies|recruiters)|agenc(y|ies)|fraud|scam"),
    ("benefits", r"benefit|perks?\b|what we offer|we offer|our offer|why (join|work)|in it for you"
                 r"|rewards|life at|working (at|here|with us)|what you('ll| will)? get"),
    ("compensation", r"salary|compensation|\bpay\b|wage|remuneration|\bote\b"),
    ("application", r"how to apply|to apply|^apply|application (process|instructions)|next steps"
                    r"|hiring process|interview process|recruit(ing|ment) process|what happens next"),
    ("requirements", r"requirement|qualification|must[- ]haves?|nice[- ]to[- ]haves?|preferred|bonus"
                     r"|what you('ll| will)? (bring|need|have)|looking for|who you are|about you\b"
                     r"|you (have|are|bring|might|should)|ideal candidate|desired|prerequisite"
                     r"|minimum|basic qual|competenc|your profile|candidate profile|need to succeed"),
    ("responsibilities", r"responsibilit|what you('ll| will)? (do|work on|be doing|achieve)|duties"
                         r"|the role|your role|about (the|this) (role|job|position|opportunity|team)"
                         r"|role (overview|description|summary)|job (description|summary|overview)"
                         r"|day[- ]to[- ]day|your (mission|impact)|in this role|the opportunity"
                         r"|position (summary|overview|description)|accountabilit|key tasks|\btasks\b"
                         r"|you will|what the job involves"),
    ("about", r"\babout\b|who we are|our (mission|story|company|culture|values|vision)|company"
              r"|mission|culture|who are we"),
    ("skills", r"skills?\b|stack|technolog|tools|languages|frameworks|proficienc|expertise|toolbox"),
    ("education", r"education|academic|degrees?\b|certifications?|licen[cs]es|training|courses"),
    ("experience", r"experience|employment|work history|career|projects|professional background"
                   r"|positions"),
    ("other", r"summary|profile|objective|overview|introduction|location|details|contact"),
)  # fmt: skip
_HEADING_RULES: tuple[tuple[SectionKind, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern)) for kind, pattern in _HEADING_SOURCES
)


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regular expression (split at ``|`` outside groups and sets)."""
    out: list[str] = []
    depth, in_set, start, i = 0, False, 0, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 1
        elif in_set:
            in_set = c != "]"
        elif c == "[":
            in_set = True
        elif c in "()":
            depth += 1 if c == "(" else -1
        elif c == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
        i += 1
    out.append(pattern[start:])
    return out


def _literal_start(alternative: str) -> str:
    """The plain text that every match of a regex alternative starts with ("" when none is sure):
    leading ``\\b`` and ``^`` skipped, up to the first special character, less a character that a
    quantifier makes optional ("perks?" → "perk")."""
    while alternative.startswith(("\\b", "^")):
        alternative = alternative[2:] if alternative[0] == "\\" else alternative[1:]
    n = 0
    while n < len(alternative) and alternative[n] not in "\\()[]{}?*+.|^$":
        n += 1
    if n < len(alternative) and alternative[n] in "?*{":
        n -= 1
    return alternative[:n]


@cache
def _heading_words() -> tuple[Any, int]:
    """Automaton over the text each heading rule's matches start with, and the rules to search always.

    A value is a bit mask of rules (bit ``i`` for ``_HEADING_RULES[i]``). A rule can only match a
    heading that holds one of its words, so one pass finds the few rules worth a regex search; searching
    every rule cost most on the lines that name no kind at all (a resume's job-title lines). The rules
    are alternations of plain lower-case text; one with flags, or an alternative that starts with no
    plain text, is always searched.
    """
    masks: dict[str, int] = {}
    always = 0
    for i, (_, rule) in enumerate(_HEADING_RULES):
        words = [_literal_start(alternative) for alternative in _alternatives(rule.pattern)]
        if rule.flags & (re.IGNORECASE | re.VERBOSE) or not all(words):
            always |= 1 << i
            continue
        for word in words:
            masks[word] = masks.get(word, 0) | 1 << i
    automaton = ahocorasick.Automaton()
    for word, mask in masks.items():
        automaton.add_word(word, mask)
    automaton.make_automaton()
    return automaton, always


_LETTERS = re.compile(r"[A-Za-z]")
_KNOWN_PHRASE = re.compile(
    r"(what (you('ll| will)|we) \w+( \w+)?|about (you|us|the \w+)|who (we|you) are|why \w+( \w+)?"
    r"|nice to haves?|must haves?|the role|your role|the team|benefits|perks|requirements"
    r"|qualifications|responsibilities|skills|education|experience|tech stack|our stack)[?!]?"
)
_MD = re.compile(r"[ \t]{0,3}#{1,6}[ \t]+(?P<h>.+?)[ \t#]*")
_BOLD = re.compile(r"[ \t]*(\*\*|__)(?P<h>[^*_\n]{2,80}?)\1[ \t]*:?[ \t]*")
_INLINE = re.compile(r"[ \t]*(?:[-*•·▪◦][ \t]+)?(?P<h>[A-Z][A-Za-z0-9 &/'’,()-]{2,48}?)[ \t]*:[ \t]+(?=\S)")
_BULLET = re.compile(r"[ \t]*(?:[-*•·▪◦●■–]|\d{1,2}[.)])[ \t]+")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’&-]*")
_SMALL = frozenset(
    [
        *re.findall(
            r"\w+", "a an and as at by for from in into of on or our the to we with you your us is are"
        ),
        "be",
        "will",
        "who",
        "what",
        "why",
        "how",
    ]
)

# Paragraph cues (group → "|"-separated phrases), matched as whole words on the match form (see
# :func:`match_form`); legal_strong counts twice.
CUE_PHRASES: dict[str, str] = {
    "legal_strong": "equal opportunity|equal employment opportunity|without regard to|regardless of race"
    "|regardless of age|regardless of gender|regardless of sex|regardless of religion"
    "|reasonable accommodation|reasonable accommodations|protected veteran|protected veterans"
    "|affirmative action|e verify|everify"
    "|sexual orientation|gender identity|national origin|fair chance|unsolicited resumes|unsolicited cvs"
    "|unsolicited applications|equal opportunity employer",
    "legal": "eeo|eoe|eeoc|disability|disabilities|veteran status|background check|background checks"
    "|drug free|privacy notice|privacy policy|discrimination|discriminate|harassment|diverse and inclusive"
    "|all qualified applicants|recruitment agencies|recruiting agencies|genetic information|marital status",
    "benefits": "401 k|401k|dental|vision insurance|vision coverage|vision plan|vision plans|vision care"
    "|medical insurance|medical coverage|medical benefits|medical plan|health insurance|health care"
    "|health benefits|health coverage|healthcare benefits|paid time off|pto|parental leave|maternity"
    "|paternity|stock options|equity package|equity grant|equity grants|rsu|rsus|tuition"
    "|tuition reimbursement"
    "|wellness|gym|commuter|life insurance|disability insurance|unlimited vacation|unlimited pto|vacation"
    "|paid holidays|retirement plan|retirement savings|pension|free lunch|free snacks|free meals|stipend"
    "|employee assistance|flexible hours|flexible working|flexible schedule|sick leave|sick days|hsa|fsa"
    "|perks|benefits package|competitive benefits|employee discount|employee discounts",
    "about": "we are a leading|we are the leading|we are a global|we are a fast growing|we are a growing"
    "|is a leading|is the leading|is a global|is a fast growing|our mission|founded in|headquartered"
    "|fortune 500|fortune 100|fortune 1000|our customers|our clients|we are on a mission|we re on a mission"
    "|backed by|series a|series b|series c|series d|industry leader|world s largest|world s leading"
    "|trusted by|serving customers|offices in|offices across|offices around|award winning|our story"
    "|our values|our culture|we re a|we are a",
    "compensation": "salary range|pay range|base salary|base pay|compensation range|compensation package"
    "|annual salary|per hour|per year|per annum|hourly rate|ote|salary",
    "application": "to apply|apply now|apply today|apply online|apply via|apply through|apply at|apply here"
    "|submit your resume|submit your cv|submit a resume|submit your application|send your resume"
    "|send us your resume|send your cv|cover letter|application deadline|click apply",
}
_MONEY_RANGE = re.compile(r"\$\s?\d[\d,.]*\s?[kK]?\s?(?:-|–|—|to)\s?\$?\s?\d")
_CUE_KINDS: dict[str, SectionKind] = {
    "legal_strong": "legal", "legal": "legal", "benefits": "benefits", "about": "about",
    "compensation": "compensation", "application": "application",
}  # fmt: skip

# The match form: lower case, ASCII punctuation and white space → space except "+", "#", "_", "@";
# a dot is a space unless it starts a word (".net"); "+"/"#" before a word character is a space
# ("#hashtag", "python+sql"); non-ASCII letters → "_" (a word character no name uses), other
# non-ASCII characters → space. One character in, one out.
_BYTES = bytes(b if (chr(b).isalnum() or chr(b) in "+#_@") else 32 for b in range(128)).lower() + bytes(
    range(128, 256)
)
_LEAD_DOT = re.compile(r"\.(?=[A-Za-z])")
_PLUS_WORD = re.compile(r"[+#](?=\w)")


_KELVIN = "\u212a"  # the one non-ASCII character that lower-cases to one ASCII letter ("k")


def _fix_run(run: str) -> str:
    """The match form of a run of non-ASCII characters, before the ASCII table: "k" for the Kelvin sign
    (it lower-cases to "k"), "_" for a letter or digit, else a space. Same as lower-casing the run (a
    character that lower-cases to two is kept) and mapping alphanumerics to "_": lower-casing changes no
    character's ``isalnum``. (Nothing is cached: the runs are pieces of people's text.)"""
    return "".join("k" if c == _KELVIN else "_" if c.isalnum() else " " for c in run)


def _match_form_errors(exc: UnicodeError) -> tuple[str, int]:
    """``str.encode`` error handler: each run of non-ASCII characters → :func:`_fix_run` (one call per
    run, no regex scan of the whole text)."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    return _fix_run(exc.object[exc.start : exc.end]), exc.end


def _ascii_stand_in(text: str) -> str:
    """``text`` with each non-ASCII character replaced as :func:`_fix_run` does, ASCII kept.

    A text with few non-ASCII characters (dashes, bullets, curly quotes, accents) is encoded with
    "replace" (one "?" per character, in C) and only the "?" positions are looked at: cheaper than an
    error-handler call per run. A text with many goes through the error handler."""
    coded = text.encode("ascii", "replace")
    marked = coded.decode("ascii")  # searched as text: str.find costs less than bytes.find
    if marked.count("?") > len(text) >> 4:
        return text.encode("ascii", "payband-match-form").decode("ascii")
    fixed = bytearray(coded)
    i = marked.find("?")
    while i >= 0:
        c = text[i]
        if c != "?":
            fixed[i] = 107 if c == _KELVIN else 95 if c.isalnum() else 32  # "k", "_", " "
        i = marked.find("?", i + 1)
    return fixed.decode("ascii")


codecs.register_error("payband-match-form", _match_form_errors)


def match_form(text: str) -> str:
    """The length-preserving normal form phrase matching works on: ``len(match_form(t)) == len(t)``."""
    if not text.isascii():
        # the non-ASCII characters become "_", " " or "k" (see _fix_run); ASCII letters are lower-cased below
        text = _ascii_stand_in(text)
    form = text.encode("ascii").translate(_BYTES).decode("ascii")
    patches: list[tuple[int, str]] = []
    if "." in text:
        for m in _LEAD_DOT.finditer(text):
            i = m.start()
            if i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "._"):
                patches.append((i, "."))
    for sign in "+#":  # "+"/"#" before a word character (_PLUS_WORD), found with str.find: faster
        i = form.find(sign)
        while i >= 0:
            after = form[i + 1 : i + 2]
            if after and (after.isalnum() or after == "_"):
                patches.append((i, " "))
            i = form.find(sign, i + 1)
    if patches:
        patches.sort()
        parts: list[str] = []
        last = 0
        for i, ch in patches:
            parts.append(form[last:i])
            parts.append(ch)
            last = i + 1
        parts.append(form[last:])
        form = "".join(parts)
    return form


@cache
def _cue_automaton() -> Any:
    automaton = ahocorasick.Automaton()
    for group, phrases in CUE_PHRASES.items():
        for phrase in phrases.split("|"):
            automaton.add_word(" " + phrase + " ", (len(phrase), group))
    automaton.make_automaton()
    return automaton


def _money(text: str) -> list[tuple[int, str]]:
    return [(m.start(), "compensation") for m in _MONEY_RANGE.finditer(text)]


def _cues(text: str) -> list[tuple[int, str]]:
    """(position, cue group) of every cue phrase and pay range, in text order."""
    found = [
        (end - size, group) for end, (size, group) in _cue_automaton().iter(" " + match_form(text) + " ")
    ]
    if "$" in text:
        found = sorted(found + _money(text))
    return found


@corpus_cache(maxsize=8192)  # headings repeat across postings ("Requirements:", "Benefits", ...)
def classify_heading(heading: str) -> SectionKind:
    """The kind a heading names ("What you'll bring" → requirements); ``other`` when none."""
    # (str.lower is str.casefold for ASCII text, and much cheaper)
    h = (heading.lower() if heading.isascii() else heading.casefold().replace("’", "'")).strip(" \t:#*_-")
    automaton, candidates = _heading_words()
    for _, mask in automaton.iter(h):
        candidates |= mask
    while candidates:  # in rule order: the first rule that matches decides
        lowest = candidates & -candidates
        kind, rule = _HEADING_RULES[lowest.bit_length() - 1]
        if rule.search(h):
            return kind
        candidates ^= lowest
    return "other"


# Headings that open most resumes and postings, in lower case: their kinds are looked up in a table built
# once per process (reference vocabulary, not anyone's text), where classifying one costs a memo or cache
# lookup and an automaton pass. Each is also there in Title Case, Sentence case and upper case.
_COMMON_HEADINGS = (
    "summary|professional summary|profile|professional profile|about me|objective|experience|work experience"
    "|professional experience|relevant experience|employment|employment history|work history|career history"
    "|education|skills|technical skills|core skills|key skills|skills & tools|tools|technologies|projects"
    "|selected projects|certifications|certificates|licenses & certifications|publications|languages"
    "|interests|awards|achievements|volunteering|volunteer experience|references|contact|training|courses"
    "|responsibilities|key responsibilities|primary responsibilities|duties|job description|description"
    "|job summary|position summary|overview|the role|your role|about the role|about the job|about the team"
    "|qualifications|requirements|job requirements|preferred qualifications|basic qualifications"
    "|minimum qualifications|required qualifications|required skills|preferred skills|nice to have"
    "|nice to haves|must have|what you'll do|what you will do|what you'll bring|what you bring|who you are"
    "|about you|benefits|perks|perks & benefits|what we offer|compensation|salary|pay|about us|who we are"
    "|about the company|company description|our mission|our culture|why join us|location|how to apply"
    "|apply now|tech stack|our stack|equal opportunity employer"
)
_COMMON_KINDS: dict[str, SectionKind] = {}  # filled on first use


def _common_kinds() -> dict[str, SectionKind]:
    """The table of :data:`_COMMON_HEADINGS` (each variant → its kind, as :func:`classify_heading` says)."""
    if not _COMMON_KINDS:
        for phrase in _COMMON_HEADINGS.split("|"):
            title = " ".join(word[:1].upper() + word[1:] for word in phrase.split(" "))
            for variant in {phrase, title, phrase[:1].upper() + phrase[1:], phrase.upper()}:
                _COMMON_KINDS[variant] = classify_heading.__wrapped__(variant)
    return _COMMON_KINDS


def _kind(heading: str) -> SectionKind:
    """:func:`classify_heading`, with the common headings read from a table."""
    kind = (_COMMON_KINDS or _common_kinds()).get(heading)
    return kind if kind is not None else classify_heading(heading)


def _is_title_case(line: str) -> bool:
    words = _WORD.findall(line)
    if not words or len(words) > 6:
        return False
    big = [w for w in words if w.casefold() not in _SMALL or w is words[0]]
    return bool(big) and all(w[0].isupper() or w[0].isdigit() for w in big)


def _heading(line: str, after_blank: bool) -> tuple[str, SectionKind] | None:
    """(heading text, kind) when the line is a heading, else None.

    Marked headings (markdown, bold, ALL CAPS, trailing colon) open a section even when their words name
    no kind (kind ``other``); unmarked ones (Title Case, known phrase) only when they do and follow a
    blank line (or start the text); inline labels ("Requirements: ...") only when they do.
    """
    stripped = line.strip()
    if not stripped or len(stripped) > 120:
        return None
    first = stripped[0]
    if first == "#":
        head = _md_heading(stripped)
        if head is not None:
            return head, _kind(head)
    elif first in "*_":
        head = _bold_heading(stripped)
        if head is not None:
            return head, _kind(head)
    elif first not in "-•·▪◦●■–" and stripped[-1] not in ".,;!" and len(stripped) <= 70:
        found = _unmarked(stripped, after_blank)
        if found is not None:
            return found
    elif stripped[-1] == ":" and len(stripped) <= 70:
        body = _BULLET.sub("", stripped, count=1)[:-1].strip()
        if body and body.count(" ") < 8:
            return body, _kind(body)
    m = _INLINE.match(line) if ":" in line else None
    if m:
        head = m.group("h").strip()
        kind = _kind(head)
        return (head, kind) if kind != "other" else None
    return None


def _md_heading(stripped: str) -> str | None:
    """``_MD.fullmatch(stripped).group("h")`` (None when no match) for a stripped line, without the
    regex: its lazy group cost a backtracking step per character. One to six ``#``, spaces or tabs, then
    the text less the trailing ``#``, spaces and tabs (at least one character)."""
    body = stripped.lstrip("#")
    if len(stripped) - len(body) > 6 or body[:1] not in (" ", "\t"):
        return None
    rest = body.lstrip(" \t")
    return rest[: max(1, len(rest.rstrip(" \t#")))] if "\n" not in rest else None


def _bold_heading(stripped: str) -> str | None:
    """``_BOLD.fullmatch(stripped).group("h")`` (None when no match) for a stripped line, without the
    regex: ``**`` or ``__``, 2 to 80 characters other than ``*``, ``_`` and line breaks, the same
    marker again, then at most a colon between spaces and tabs."""
    mark = stripped[:2]
    if mark != "**" and mark != "__":
        return None
    end = stripped.find(mark, 2)  # the closing marker: the first "*" or "_" after the opening one
    head = stripped[2:end]
    if end < 0 or not 2 <= len(head) <= 80 or "*" in head or "_" in head or "\n" in head:
        return None
    return head if stripped[end + 2 :].strip(" \t") in ("", ":") else None


def _unmarked(stripped: str, after_blank: bool) -> tuple[str, SectionKind] | None:
    """A short line that is no bullet and does not end a sentence: ``Heading:``, ALL CAPS, Title Case."""
    if stripped.count(" ") >= 8 or ":" in stripped[:-1]:
        return None
    if stripped.endswith(":"):
        body = stripped[:-1].strip()
        return (body, _kind(body)) if body else None
    if stripped.upper() == stripped:
        if len(_LETTERS.findall(stripped)) >= 3:
            return stripped, _kind(stripped)
        return None
    if not after_blank or "," in stripped:
        return None
    kind = _kind(stripped)
    if kind == "other" or stripped.count(" ") >= 6:
        return None
    key = re.sub(r"[^a-z' ]+", " ", stripped.casefold().replace("’", "'")).strip()
    key = re.sub(r"\s+", " ", key)
    if _KNOWN_PHRASE.fullmatch(key) or _is_title_case(stripped):
        return stripped, kind
    return None


def _cue_counts(start: int, end: int, cues: list[tuple[int, str]], cue_at: list[int]) -> dict[str, int]:
    """Cue weight per kind in ``[start, end)``; ``cue_at`` holds the cues' positions."""
    counts: dict[str, int] = {}
    for i in range(bisect_right(cue_at, start - 1), len(cues)):
        pos, group = cues[i]
        if pos >= end:
            break
        kind = _CUE_KINDS[group]
        counts[kind] = counts.get(kind, 0) + (2 if group == "legal_strong" else 1)
    return counts


def _cue_kind(counts: dict[str, int], threshold: int) -> SectionKind | None:
    if not counts:
        return None
    kind = max(counts, key=lambda k: counts[k])
    return _CUE_KINDS[kind] if counts[kind] >= threshold else None


def split_sections(text: str, *, cues: list[tuple[int, str]] | None = None) -> list[Section]:
    """Sections covering ``text`` end to end, in order; adjacent sections of one kind are merged.

    ``cues`` are the (position, group) matches of :data:`CUE_PHRASES` in ``text`` when the caller has them
    already (skill extraction finds them in the same automaton pass as the skills); positions in order.
    """
    if not text:
        return []
    # 1. lines: line i is text[starts[i]:ends[i]], its "\n" included (none after the last line; an empty
    # line after a final "\n" is no line), and headings
    raw = text.split("\n")
    count = len(raw) if raw[-1] else len(raw) - 1
    starts = [0]
    heads: list[tuple[int, str, SectionKind]] = []  # (line index, heading, kind)
    pos = 0
    for idx, line in enumerate(raw):
        size = len(line)
        pos += size + 1
        starts.append(pos)
        if size and (size <= 70 or line.lstrip()[:1] in "#*_" or ":" in line[:52]):
            found = _heading(line, idx == 0 or not raw[idx - 1].strip())
            if found is not None:
                heads.append((idx, found[0], found[1]))
    ends = starts[1 : count + 1]
    ends[-1] = len(text)
    # 2. heading-based sections, as per-line kinds
    line_kind: list[SectionKind] = ["other"] * count
    line_head: list[str | None] = [None] * count
    line_how: list[Literal["heading", "cue", "default"]] = ["default"] * count
    for n, (idx, head, kind) in enumerate(heads):
        stop = heads[n + 1][0] if n + 1 < len(heads) else count
        line_kind[idx:stop] = [kind] * (stop - idx)
        line_head[idx:stop] = [head] * (stop - idx)
        line_how[idx:stop] = ["heading"] * (stop - idx)
    # 3. cue phrases: whole prose paragraphs (runs of non-blank lines), else single lines; only the
    # paragraphs that hold a cue are looked at, each once (a cue starts on a non-blank line)
    if cues is None:
        cues = _cues(text)
    elif "$" in text:
        cues = sorted(cues + _money(text))
    if cues:
        lines = list(zip(starts, ends, strict=False))  # starts has one more: the end of the text
        cue_at = [p for p, _ in cues]
        done = -1  # the last line of the paragraph relabelled last (cues are in text order)
        for at in cue_at:
            first = bisect_right(starts, at) - 1
            if first <= done:
                continue
            last = first
            while first > 0 and raw[first - 1].strip():
                first -= 1
            while last + 1 < count and raw[last + 1].strip():
                last += 1
            _relabel(text, lines, list(range(first, last + 1)), cues, cue_at, line_kind, line_how)
            done = last
    # 4. merge runs of lines of one kind and heading into sections
    out: list[Section] = []
    first = 0
    for (kind, heading), run in groupby(zip(line_kind, line_head, strict=True)):
        last = first + len(list(run)) - 1
        out.append(Section(starts[first], ends[last], kind, heading, line_how[first]))
        first = last + 1
    return out


def _relabel(
    text: str,
    lines: list[tuple[int, int]],
    para: list[int],
    cues: list[tuple[int, str]],
    cue_at: list[int],
    line_kind: list[SectionKind],
    line_how: list[Literal["heading", "cue", "default"]],
) -> None:
    """Re-label a paragraph (prose) or its lines (a list) whose cue phrases say boilerplate; the
    paragraph holds a cue (the caller checks)."""
    start, end = lines[para[0]][0], lines[para[-1]][1]
    kinds = {line_kind[i] for i in para}
    bulleted = sum(1 for i in para if _BULLET.match(text, lines[i][0])) >= max(2, len(para) // 2)
    if not bulleted and len(kinds) == 1:
        current = line_kind[para[0]]
        threshold = 1 if current == "other" else 2
        kind = _cue_kind(_cue_counts(start, end, cues, cue_at), threshold)
        if kind is not None and kind != current:
            for i in para:
                line_kind[i], line_how[i] = kind, "cue"
        return
    for i in para:
        current = line_kind[i]
        if current in BOILERPLATE_KINDS:
            continue
        threshold = 1 if current == "other" else 2
        kind = _cue_kind(_cue_counts(lines[i][0], lines[i][1], cues, cue_at), threshold)
        if kind is not None:
            line_kind[i], line_how[i] = kind, "cue"


def section_at(sections: list[Section], pos: int) -> Section | None:
    """The section holding character ``pos`` (sections as returned by :func:`split_sections`)."""
    if not sections:
        return None
    i = bisect_right([s.start for s in sections], pos) - 1
    if i < 0 or pos >= sections[i].end:
        return None
    return sections[i]
