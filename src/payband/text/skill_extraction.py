"""Skill mentions in postings and resumes, mapped to the payband taxonomy, with spans and evidence.

Matching: one Aho-Corasick automaton (pyahocorasick) over every label and alias of the taxonomy, built
once per process; the section cue phrases (:data:`payband.text.sections.CUE_PHRASES`) ride in the same
automaton, so one pass over the text finds both. Text and names share a length-preserving normal form
(:func:`payband.text.sections.match_form`): lower case; punctuation and white space become spaces,
except ``+`` and ``#`` ("C++", "C#") and a dot that starts a word (".NET"); an inner dot is a space
("Node.js" = "node js"; "NodeJS" is an alias). Offsets in the form are offsets in the text. Names with
inner punctuation also get a joined key ("CI/CD" → "cicd", "scikit-learn" → "scikitlearn") and a spaced
one ("CI / CD"). Keys carry a space on each side, so a name never matches inside a word ("Java" in
"JavaScript", "R" in "Rust"); a multi-word name never spans a comma, colon, bracket or line break. Of
overlapping matches the longest wins.

Casing: short all-caps names ("CAN", "BI", "ML") must be upper case in the text (except well-known
acronyms written either way, such as "sql" or "aws"), and not in an all-caps line; one-letter names
("C", "R") must match exactly; other names match in any case.

Ambiguous names (``Skill.ambiguous``: "Go", "R", "C", "Swift", "Rust", "Spark", "Excel", ...) and a few
more common-word names listed here count only with supporting context, one of (confidence in
brackets): in a list next to another skill ("Python, Go and Rust", "C/C++") [0.8]; a cue word on the
line ("programming", "language", "experience with", per-skill cues such as "iOS" for Swift, "big data"
for Spark, "statistics" for R) or a cue word right after the name ("Go services") [0.75]; right after
"in", "using", "with", ... mid-sentence ("written in Go") [0.7]; two or more other tech skills within 80
characters on the line [0.7]; a skills section [0.6]. Generic cue words and the "in"/"using" rule apply
to capitalised product names (Go, Spark, Tableau) only; ambiguous concept words ("cloud", "analytics",
"strategy") need a list, neighbours, a per-skill cue or a skills section. The name must also keep its
casing ("Go", "GO",
not "go"); a lower-case product name ("python, go, rust") counts only inside a list of skills [0.6].
At the start of a sentence or in a Title Case line followed by prose ("Swift delivery of ...") only
list or cue evidence counts. Hard vetoes: "&" or "-" next to the name ("R&D", "C-suite",
"go-to-market"; "-based", "-native" are fine), a single letter in a letter series ("A, B or C"), and
known phrases ("go live", "spark joy", "swift delivery", "Section C"). Unambiguous matches get 0.95
(label), 0.9 (alias) or 0.85 (names of three characters or fewer, such as "SQL", "k8s", "C++").

Boilerplate: the text is split into sections (:mod:`payband.text.sections`); mentions in company
blurb, benefits, legal/EEO, pay and how-to-apply sections are left out, or with
``include_boilerplate=True`` returned with ``counted=False``; :func:`skill_counts` and
:func:`extract_skill_ids` use counted mentions only.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from operator import attrgetter
from string import ascii_letters
from typing import cast

import ahocorasick

from payband.errors import InputError
from payband.reference.skills import Skill, load_skills
from payband.text.mentions import SkillMention, new_mention
from payband.text.sections import (
    BOILERPLATE_KINDS,
    CUE_PHRASES,
    Section,
    match_form,
    split_sections,
)

__all__ = [
    "MAX_TEXT_CHARS",
    "SkillMatcher",
    "SkillMention",
    "extract_skill_ids",
    "extract_skill_ids_many",
    "extract_skills",
    "extract_skills_and_sections",
    "load_skill_matcher",
    "skill_counts",
    "skill_surfaces_and_sections",
]

MAX_TEXT_CHARS = 2_000_000


def _words(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Names never matched on their own: common words that the taxonomy maps to a skill they do not mean
# here ("design" → think creatively, "Google" → search engines, "API" → LINDO API, "lead" → lead others).
_NEVER: frozenset[str] = _words(
    """api sdk noc one spe cis esb alm dms ecm eem fms hap cmp tam tim ice fit nec esp ras ssi vam xde chp
    hlm qve sai qfx wcs ort asap lead design report schedule decide choose climb sing dance draw paint
    invent innovate persist persuade cooperate negotiate delegate experiment imagine improvise lecture
    bargain treat heed pass guide plan google yahoo computer integrity chips drone absorb algae grape sand
    smash smarts rage myrtle pasta cops rapide heed source route"""
)
# Names the taxonomy does not flag but that are ordinary words or company names: need context too.
_EXTRA_AMBIGUOUS: frozenset[str] = _words(
    """abbott basic bind can less fair clipper curl eko forth hack loom raft rudder seesaw shiva stan
    trojan turing ning travis facebook youtube linkedin tiktok twitter editing rendering mongo
    presto dash ts emr doe"""
)
# All-caps names that people also write in lower case ("sql", "aws"): matched in any case.
_LOWER_OK: frozenset[str] = _words(
    """aws gcp sql css html php json xml yaml etl elt nlp llm llms sre jvm dns tcp udp http https ssl tls
    vpn cicd seo crm erp kpi kpis okr okrs uml gis hpc cuda awk sqs eks aks gke emr iam sso mfa jwt ldap
    vba tdd bdd oop qa ui ux ai mdm dwh rdbms dbms mssql plsql tsql saml smtp snmp dhcp bgp ospf mpls vlan
    siem soar edr xdr dlp waf plc fpga rtos uart rpa sdlc itil itsm gdpr hipaa cissp ccna ccnp pmp
    sass scss ajax dax cobol sap sas"""
)
_PRODUCT_CATEGORIES = frozenset(
    {"language", "framework", "library", "database", "data", "cloud", "devops", "security", "ai-ml",
     "blockchain", "os", "tool", "networking", "design"}
)  # fmt: skip
_NON_TECH = frozenset({"soft", "transversal", "business"})

# Phrases that veto an ambiguous match: next word / previous word (lower case) per normalised name.
_BAD_NEXT: dict[str, frozenset[str]] = {
    "go": _words(
        "live to beyond above ahead through back out far further forward wrong deep deeper get hand the a"
        " an for over into green big fast along away down up home off unnoticed smoothly public getter"
        " getters around against together first hard all extra"
    ),
    "spark": _words(
        "joy curiosity innovation conversation conversations interest ideas change creativity excitement"
        " imagination passion new growth discussion discussions debate plugs"
    ),
    "swift": _words(
        "delivery response action turnaround resolution execution decision decisions pace progress"
        " completion return responses"
    ),
    "rust": _words("belt resistant proof removal prevention inhibitor"),
    "c": _words("suite level corp corporation grade class section shares"),
    "r": _words("street value squared rated"),
    "excel": _words("at in"),
    "ba": _words("bs ba ms ma degree degrees in or"),
}
_BAD_PREV: dict[str, frozenset[str]] = {
    "go": _words("to let's lets let will can must should would could i we you they on and"),
    "spark": _words("to will can could may help helps that which who"),
    "swift": _words("a"),
}
_LETTER_BAD_PREV = _words(
    "section part class grade plan type tier phase exhibit appendix item vitamin dr mr ms mrs jr sr option"
    " level group team building floor schedule"
)
_SKILL_CUES: dict[str, re.Pattern[str]] = {
    key: re.compile(pattern)
    for key, pattern in {
        "go": r"goroutine|concurren|\bgin\b|grpc|microservice|backend|back-end|cloud[- ]native",
        "r": r"statistic|rstudio|tidyverse|ggplot|\bcran\b|shiny|biostat|\bsas\b|stata|spss|matlab|regression"
             r"|data analysis|modell?ing|econometric",
        "c": r"embedded|firmware|pointer|kernel|low[- ]level|systems programming|microcontroller|rtos|driver",
        "swift": r"\bios\b|xcode|apple|swiftui|objective[- ]c|cocoa|uikit|mobile|iphone|ipad",
        "rust": r"memory[- ]safe|cargo|tokio|systems programming|webassembly|wasm|borrow checker",
        "spark": r"big data|hadoop|databricks|pyspark|streaming|\betl\b|scala|cluster|kafka|\bhive\b"
                 r"|distributed|data pipeline|data processing",
    }.items()
}  # fmt: skip
_CUE = re.compile(
    r"\b(programming|program in|languages?|golang|coding|code ?base|codebases|source code|developers?"
    r"|frameworks?|librar(y|ies)|sdks?|tech(nology)? stack|scripting|compilers?|syntax|proficien(t|cy)"
    r"|expertise in|experience (with|in|using|building|writing)|knowledge of|familiar(ity)? with"
    r"|fluen(t|cy) in|written in|built (with|in|on|using)|hands[- ]on|tools? (like|such as)"
    r"|such as|including)\b"
)
_NEXT_CUE = _words(
    "programming language languages developer developers engineer engineers engineering code codebase"
    " experience services microservices modules backend apps applications app development scripts"
    " scripting packages libraries library jobs streaming cluster clusters sql framework sdk runtime"
    " compiler toolchain ecosystem stack knowledge skills proficiency expertise dashboards notebooks"
    " pipelines queries macros"
)
_PREV_CUE = _words("in using with use uses used via on into leveraging")
_LIST_GAP = re.compile(r"[\s,/|;&+()\[\]]*(?:(?:and|or|as well as|plus|&)[\s,/|;&+()]*)?", re.IGNORECASE)
_TIGHT_GAP = re.compile(r"\s*[,/|;]\s*")
_OK_HYPHEN = re.compile(r"-(based|native|powered|driven|centric|first|heavy|focused|oriented|backed)\b")
_WORD_BEFORE = re.compile(r"([A-Za-z']+)[\s(]*$")
_WORD_AFTER = re.compile(r"[\s]*([A-Za-z][A-Za-z-]*)")
_LETTER_LEFT = re.compile(r"(?:^|[^A-Za-z0-9+#])([A-Z])(?:[\s,/&]+|\s+(?:and|or)\s+)$")
_LETTER_RIGHT = re.compile(r"^(?:[\s,/&]+|\s+(?:and|or)\s+)([A-Z])(?![A-Za-z0-9+#])")
_INNER = re.compile(r"(?<=[A-Za-z0-9])[./_-](?=[A-Za-z0-9])")
_INNER_SYMBOL = re.compile(r"(?<=[A-Za-z0-9])[/&-](?=[A-Za-z0-9])")
_LETTERS = re.compile(r"[A-Za-z]")
_LONG_WORD = re.compile(r"[A-Za-z][a-z]{3,}")
_HARD_BREAK = re.compile(r"[,;:()\n|•]")
_APOSTROPHES = "'’‘`"

# Entry flags
_LABEL = 1
_AMBIGUOUS = 2
_CASE = 4  # letters must match exactly (one letter) or be upper case (short acronyms)
_PRODUCT = 8
_CAPS = 16  # the name has an upper-case letter
_ACRONYM = 32  # the name is all caps


def _key(name: str) -> str:
    return " ".join(match_form(name).split())


def _variants(name: str) -> set[str]:
    """Keys for a name: its match form, joined ("CI/CD" → "cicd") and spaced ("CI / CD") variants."""
    keys = {_key(name), match_form(name).strip()}
    if _INNER.search(name) and all(len(p) > 1 for p in re.split(r"[./_-]", name)):
        keys.add(_key(_INNER.sub("", name)))
    if _INNER_SYMBOL.search(name):
        spaced = _INNER_SYMBOL.sub(lambda m: " " + m.group() + " ", name)
        keys.add(" ".join(match_form(spaced).split(" ")).strip())
    return keys


@dataclass(frozen=True, slots=True)
class _Entry:
    skill: Skill
    name: str
    key: str
    flags: int
    letters: str  # the name's letters, for casing checks
    plain: bool  # no check beyond "not followed by ://" (not ambiguous, case-free, 3+ chars, one word)
    spaced: bool  # like plain but several words: also no hard break (comma, colon, ...) inside
    sure: tuple[float, str]  # confidence and reason of a match that needs no context (unambiguous)
    tech: bool  # a technical skill (not a soft, transversal or business one)
    # the skill's id, label and category, copied: reading a field of the (pydantic) Skill costs several
    # times as much as reading a slot, and the mentions need them per hit
    skill_id: str
    label: str
    category: str


# What the automaton holds per key: the name's length, the entries it may be (best first), and the
# section cue group the key is a phrase of, if any
_Value = tuple[int, tuple[_Entry, ...], str | None]


class _Hit:
    """A name found at ``text[start:end]``, and the confidence and reason it is accepted with.

    A plain class, not a dataclass: compiled, its constructor is native code, where a dataclass's
    generated ``__init__`` is interpreted (a text has a hit per skill mention)."""

    __slots__ = ("confidence", "end", "entry", "reason", "start")

    def __init__(self, start: int, end: int, entry: _Entry) -> None:
        self.start = start
        self.end = end
        self.entry = entry
        self.confidence = 0.0
        self.reason = ""


class SkillMatcher:
    """The automaton over every taxonomy name, and the matching rules (module docstring)."""

    def __init__(self, skills: Iterable[Skill]) -> None:
        self._entries: list[_Entry] = []
        by_key: dict[str, list[int]] = {}
        for sk in skills:
            for i, name in enumerate(sk.names()):
                entry = self._entry(sk, name, i == 0)
                if entry is None:
                    continue
                for key in _variants(name):
                    if not key or len(key) > 100:
                        continue
                    self._entries.append(entry)
                    by_key.setdefault(key, []).append(len(self._entries) - 1)
        # section cue phrases ride along, so one pass over the text finds both
        cue_keys: dict[str, str] = {}
        for group, phrases in CUE_PHRASES.items():
            for phrase in phrases.split("|"):
                cue_keys[phrase] = group
        self._automaton = ahocorasick.Automaton()
        for key in by_key.keys() | cue_keys.keys():
            ids = by_key.get(key, [])
            # labels first, then unambiguous names, then curated skills
            ids.sort(key=self._priority)
            # the value holds the entries themselves (no index lookups in the matching loop)
            candidates = tuple(self._entries[j] for j in ids)
            self._automaton.add_word(" " + key + " ", (len(key), candidates, cue_keys.get(key)))
        self._automaton.make_automaton()

    def _priority(self, j: int) -> tuple[bool, bool, bool]:
        entry = self._entries[j]
        return (
            not entry.flags & _LABEL,
            bool(entry.flags & _AMBIGUOUS),
            "curated" not in entry.skill.sources,
        )

    @staticmethod
    def _entry(sk: Skill, name: str, label: bool) -> _Entry | None:
        key = _key(name)
        if not key or key in _NEVER:
            return None
        letters = "".join(c for c in name if c.isalpha())
        flags = _LABEL if label else 0
        if sk.is_ambiguous(name) or key in _EXTRA_AMBIGUOUS:
            flags |= _AMBIGUOUS
        if sk.category in _PRODUCT_CATEGORIES:
            flags |= _PRODUCT
        if any(c.isupper() for c in letters):
            flags |= _CAPS
        if letters and letters.isupper() and len(letters) > 1:
            flags |= _ACRONYM
        plain_caps = name.isalpha() and name.isupper()
        if len(letters) == 1 or (plain_caps and len(name) <= 5 and key not in _LOWER_OK):
            flags |= _CASE
        simple = not flags & (_AMBIGUOUS | _CASE) and len(key) > 2
        if flags & _CASE or len(key) <= 3:
            sure = (0.85, f"short name {name!r}")
        elif flags & _LABEL:
            sure = (0.95, "label")
        else:
            sure = (0.9, f"alias {name!r}")
        plain, spaced = simple and " " not in key, simple and " " in key
        tech = sk.category not in _NON_TECH
        return _Entry(sk, name, key, flags, letters, plain, spaced, sure, tech, sk.id, sk.label, sk.category)

    def __len__(self) -> int:
        return len(self._automaton)

    # -- matching ---------------------------------------------------------------------------------------

    def _raw_hits(self, text: str) -> tuple[list[_Hit], list[tuple[int, str]]]:
        """Skill hits that pass the surface checks, and section cue phrases (position, group)."""
        hits: list[_Hit] = []
        cues: list[tuple[int, str]] = []
        # a name right before "://" is a URL scheme ("http://"), not a skill: where "://" starts
        schemes: set[int] = set()
        at = text.find("://")
        while at >= 0:
            schemes.add(at)
            at = text.find("://", at + 1)
        # ``candidates`` lists entries best first; the first whose surface checks pass wins. (Typed: the
        # compiled loop then does its arithmetic, iteration and attribute reads natively.)
        found: Iterator[tuple[int, _Value]] = self._automaton.iter(" " + match_form(text) + " ")
        for last, (size, candidates, cue) in found:
            # the key " name " ends at ``last`` in the padded form, so the name is text[s:e]
            s = last - size - 1
            if cue is not None:
                cues.append((s, cue))
            e = last - 1
            for entry in candidates:
                if entry.plain:
                    if e in schemes:
                        break
                elif entry.spaced:  # _form_ok's checks for such a name, inline
                    if e in schemes or _HARD_BREAK.search(text, s, e) is not None:
                        continue
                elif e in schemes or not self._form_ok(text, s, e, entry):
                    continue
                hits.append(_Hit(s, e, entry))
                break
        if cues:
            cues.sort()
        return hits, cues

    @staticmethod
    def _form_ok(text: str, s: int, e: int, entry: _Entry) -> bool:
        """Checks on the surface form alone: casing, neighbouring characters, line breaks (the caller
        checks for a URL scheme)."""
        flags = entry.flags
        surface = text[s:e]
        if " " in entry.key and _HARD_BREAK.search(surface):
            return False
        if flags & _CASE and surface != entry.name:
            got = surface if surface.isalpha() else "".join(c for c in surface if c.isalpha())
            want = entry.letters
            if got != want and not (len(want) > 1 and got == want.upper()):
                return False
        if flags & _CASE and len(entry.letters) > 1 and _caps_line(text, s, e):
            return False
        short = len(entry.key) <= 2
        if flags & _AMBIGUOUS or short:
            before = text[s - 1] if s > 0 else " "
            after = text[e] if e < len(text) else " "
            if before in "&@_" or after in "&@_":
                return False
            if before == "-" or (after == "-" and not _OK_HYPHEN.match(text, e)):
                return False
            if short and before in _APOSTROPHES:
                return False
            if short and after == "." and e + 1 < len(text) and text[e + 1].isalnum():
                return False
            if short and before == "." and s > 1 and text[s - 2].isalnum():
                return False
        return True

    def scan(
        self, text: str, include_boilerplate: bool = False
    ) -> tuple[list[Section], list[tuple[_Hit, Section]]]:
        """The sections, and the accepted hits with their sections in text order."""
        hits, cues = self._raw_hits(text)
        return self._place(text, hits, cues, include_boilerplate)

    def _place(
        self,
        text: str,
        hits: list[_Hit],
        cues: list[tuple[int, str]],
        include_boilerplate: bool,
        explain: bool = True,
    ) -> tuple[list[Section], list[tuple[_Hit, Section]]]:
        """:meth:`scan` after the automaton pass: sections, boilerplate, confidence, ambiguous names.

        ``explain=False`` (skill ids only) leaves the confidence and reason of unambiguous hits unset."""
        sections = split_sections(text, cues=cues)
        if not hits:
            return sections, []
        starts = [sec.start for sec in sections]
        last = len(starts) - 1
        i = 0
        sec = sections[0]
        skip = BOILERPLATE_KINDS if not include_boilerplate else frozenset()
        sure: list[tuple[_Hit, Section]] = []
        pending: list[tuple[_Hit, Section]] = []
        for hit in _longest(hits):  # in text order: walk the sections along
            at = hit.start
            if i < last and starts[i + 1] <= at:
                i += 1
                while i < last and starts[i + 1] <= at:
                    i += 1
                sec = sections[i]
            if sec.kind in skip:
                continue
            entry = hit.entry
            flags = entry.flags
            if flags & _AMBIGUOUS:
                pending.append((hit, sec))
                continue
            if explain:
                hit.confidence, hit.reason = entry.sure
            sure.append((hit, sec))
        if pending:
            sure = self._resolve_ambiguous(text, sure, pending)
        return sections, sure

    def _resolve_ambiguous(
        self, text: str, sure: list[tuple[_Hit, Section]], pending: list[tuple[_Hit, Section]]
    ) -> list[tuple[_Hit, Section]]:
        """Accept the ambiguous hits that have context, in rounds: a hit accepted in one round can be the
        list neighbour or nearby skill that another needs.

        A hit left without evidence is asked again only when a hit was accepted on its line since it was
        last asked: what :func:`_context` reads of the accepted hits lies on the hit's line (hits never
        span lines), so nothing else can change its answer."""
        accepted = sure  # in text order already (``_place`` walks the hits in order)
        memo: dict[int, list[object]] = {}  # per pending hit, what does not depend on ``accepted``
        recent: list[int] = []  # starts of the hits accepted in the previous round, in text order
        for round_ in range(3):
            still: list[tuple[_Hit, Section]] = []
            starts = [h.start for h, _ in accepted]
            fresh: list[int] = []  # starts of the hits accepted in this round, in text order
            for hit, sec in pending:
                known = memo.get(id(hit)) if round_ else None  # starts with the hit's line (_context)
                if known is not None:
                    ls, le = cast(int, known[0]), cast(int, known[1])
                    if not (_any_within(recent, ls, le) or _any_within(fresh, ls, le)):
                        still.append((hit, sec))
                        continue
                verdict = _context(text, hit, sec, accepted, starts, memo)
                if verdict is None:
                    still.append((hit, sec))
                    continue
                if verdict:
                    k = bisect_left(starts, hit.start)
                    accepted.insert(k, (hit, sec))
                    starts.insert(k, hit.start)
                    fresh.append(hit.start)
            if len(still) == len(pending):
                break
            pending = still
            recent = fresh
        return accepted

    def extract(self, text: str, include_boilerplate: bool = False) -> list[SkillMention]:
        """See :func:`extract_skills`."""
        return self.extract_with_sections(text, include_boilerplate)[0]

    def extract_with_sections(
        self, text: str, include_boilerplate: bool = False
    ) -> tuple[list[SkillMention], list[Section]]:
        """See :func:`extract_skills_and_sections`."""
        sections, placed = self.scan(text, include_boilerplate)
        out: list[SkillMention] = []
        for hit, sec in placed:
            entry = hit.entry
            s, e, kind = hit.start, hit.end, sec.kind
            out.append(
                new_mention(
                    entry.skill_id, entry.label, entry.category, s, e, text[s:e], hit.confidence, kind,
                    kind not in BOILERPLATE_KINDS, hit.reason,
                )
            )  # fmt: skip
        return out, sections

    def surfaces_with_sections(
        self, text: str, most: int
    ) -> tuple[dict[str, tuple[str, ...]], list[Section]]:
        """See :func:`skill_surfaces_and_sections`."""
        hits, cues = self._raw_hits(text)
        sections, placed = self._place(text, hits, cues, False, explain=False)
        found: dict[str, list[str]] = {}
        for hit, _ in placed:
            sid, surface = hit.entry.skill_id, text[hit.start : hit.end]
            surfaces = found.get(sid)
            if surfaces is None:
                found[sid] = [surface]
            elif len(surfaces) < most and surface not in surfaces:
                surfaces.append(surface)
        return {sid: tuple(surfaces) for sid, surfaces in found.items()}, sections

    def skill_ids(self, text: str) -> set[str]:
        """See :func:`extract_skill_ids`."""
        hits, cues = self._raw_hits(text)
        return {hit.entry.skill_id for hit, _ in self._place(text, hits, cues, False, explain=False)[1]}

    def skill_ids_many(self, texts: Sequence[str]) -> list[set[str]]:
        """:meth:`skill_ids` of each text. The automaton pass runs over all texts first, then the rest:
        the automaton (megabytes) stays in the CPU cache, which makes a batch about a quarter faster."""
        raw = [self._raw_hits(text) for text in texts]
        return [
            {hit.entry.skill_id for hit, _ in self._place(text, hits, cues, False, explain=False)[1]}
            for text, (hits, cues) in zip(texts, raw, strict=True)
        ]


_START = attrgetter("start")


def _longer_first(hit: _Hit) -> int:
    return hit.start - hit.end


def _longest(hits: list[_Hit]) -> list[_Hit]:
    """Non-overlapping hits, longest first (ties: the earlier), returned in text order.

    A hit competes only with the hits of its run of (chained) overlaps, so each run is settled on its
    own; most runs are one hit long and need nothing."""
    hits.sort(key=_START)
    keep: list[_Hit] = []
    first = 0  # where the run starts in ``hits`` (no list per run: most runs are one hit)
    end = -1  # where the run ends (the furthest end of its hits)
    for i, hit in enumerate(hits):
        if hit.start >= end:  # the run hits[first:i] is over
            if i - first == 1:
                keep.append(hits[first])
            elif i:
                keep += _settle(hits[first:i])
            first = i
        if hit.end > end:
            end = hit.end
    if len(hits) - first == 1:
        keep.append(hits[first])
    elif hits:
        keep += _settle(hits[first:])
    return keep


def _settle(run: list[_Hit]) -> list[_Hit]:
    """The hits of one run of overlaps that :func:`_longest` keeps, in text order."""
    if len(run) == 2:  # the common case: two hits that overlap; the longer (or the earlier) stays
        a, b = run
        return [a if a.end - a.start >= b.end - b.start else b]
    kept: list[_Hit] = []
    # the run is in start order and the sort is stable: longest first, then by start
    for hit in sorted(run, key=_longer_first):
        s, e = hit.start, hit.end
        if all(e <= k.start or k.end <= s for k in kept):
            kept.append(hit)
    kept.sort(key=_START)
    return kept


# Gaps between list items that _LIST_GAP accepts, common enough to look up before running the regex
_COMMON_LIST_GAPS = frozenset(
    gap
    for gap in (", ", ",", "/", " / ", "; ", " | ", " and ", " or ", ", and ", ", or ", " & ", " ", " + ")
    if _LIST_GAP.fullmatch(gap)
)


def _list_gap(text: str, a: int, b: int) -> bool:
    """True when ``text[a:b]`` separates two items of a list (``_LIST_GAP``: commas, "and", ...)."""
    return text[a:b] in _COMMON_LIST_GAPS or _LIST_GAP.fullmatch(text, a, b) is not None


def _any_within(starts: list[int], lo: int, hi: int) -> bool:
    """True when a value of the sorted ``starts`` lies in ``[lo, hi)``."""
    i = bisect_left(starts, lo)
    return i < len(starts) and starts[i] < hi


def _line_bounds(text: str, s: int, e: int) -> tuple[int, int]:
    ls = text.rfind("\n", 0, s) + 1
    le = text.find("\n", e)
    return ls, (len(text) if le < 0 else le)


def _caps_line(text: str, s: int, e: int) -> bool:
    """True when the mention sits in a shouted line ("WHAT YOU CAN EXPECT")."""
    ls, le = _line_bounds(text, s, e)
    rest = text[ls:s] + text[e:le]
    return rest.upper() == rest and len(_LETTERS.findall(rest)) >= 6


def _sentence_start(text: str, s: int) -> bool:
    i = s - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    if i < 0 or text[i] in '.!?\n:;•*>"“(':
        return True
    return text[i] == "-" and (i == 0 or text[i - 1] in " \t\n")


def _title_line(text: str, ls: int, le: int) -> bool:
    if le - ls > 100:
        return False
    words = _LONG_WORD.findall(text, ls, le)
    return len(words) >= 2 and len([w for w in words if w[0].isupper()]) >= 0.8 * len(words)


def _case_ok(surface: str, entry: _Entry) -> bool:
    if not entry.flags & _CAPS:
        return True
    if surface == entry.name:
        return True
    got = surface if surface.isalpha() else "".join(c for c in surface if c.isalpha())
    want = entry.letters
    return got == want or (len(want) > 1 and got == want.upper())


_WORD_LETTERS = frozenset(ascii_letters)
_WORD_BEFORE_CHARS = ascii_letters + "'"
_WORD_AFTER_CHARS = ascii_letters + "-"


def _word_before(text: str, lo: int, s: int) -> str:
    """``_WORD_BEFORE.search(text, lo, s).group(1)`` ("" when no match), without the regex: the run of
    letters and apostrophes that ends where the spaces and brackets before ``s`` start."""
    head = text[lo:s].rstrip()  # str.rstrip() strips what str.isspace() calls white space
    while head.endswith("("):
        head = head[:-1].rstrip()
    return head[len(head.rstrip(_WORD_BEFORE_CHARS)) :]


def _word_after(text: str, e: int, stop: int) -> str | None:
    """``_WORD_AFTER.match(text, e, stop).group(1)`` (None when no match), without the regex."""
    tail = text[e:stop].lstrip()
    if not tail or tail[0] not in _WORD_LETTERS:
        return None
    rest = tail[1:].lstrip(_WORD_AFTER_CHARS)
    return tail[: len(tail) - len(rest)]


def _static_evidence(
    text: str, entry: _Entry, s: int, e: int, ls: int, le: int, prev: str, m_next: str | None, nxt: str
) -> tuple[str, str] | bool:
    """The evidence for an ambiguous hit that does not depend on the other hits, in :func:`_context`'s
    order: a cue word nearby (("cue", word)), prose (False: no evidence), the word before
    (("prev", word)), or True (none of these: nearby skills and the section decide)."""
    key = entry.key
    product = bool(entry.flags & _PRODUCT and entry.flags & _CAPS)
    # (conditional expressions, not min()/max(): a builtin call with two ints costs more than the test)
    lo, hi = (s - 60 if s - 60 > ls else ls), (e + 60 if e + 60 < le else le)
    window = (text[lo:s] + " | " + text[e:hi]).lower()
    cue = _CUE.search(window) if product else None
    per_skill = _SKILL_CUES.get(key)
    cue2 = per_skill.search(window) if per_skill is not None else None
    found = cue or cue2
    if found is not None or (product and nxt in _NEXT_CUE):
        return ("cue", found.group() if found is not None else nxt)
    prose = (  # (the cheap tests first: reading the line's words for _title_line costs the most)
        not entry.flags & _ACRONYM
        and bool(nxt)
        and text[e : e + 1] == " "
        and nxt[0].islower()
        and (_sentence_start(text, s) or _title_line(text, ls, le))
    )
    if prose:
        return False
    prev_ok = product and not entry.flags & _ACRONYM and not _sentence_start(text, s)
    if len(key) == 1 and m_next is not None and not nxt[0].islower():
        prev_ok = False  # "with C Space colleagues"
    if prev_ok and prev in _PREV_CUE:
        return ("prev", prev)
    return True


def _context(
    text: str,
    hit: _Hit,
    sec: Section,
    accepted: list[tuple[_Hit, Section]],
    starts: list[int],
    memo: dict[int, list[object]] | None = None,
) -> bool | None:
    """True (accepted, confidence set), False (vetoed) or None (no evidence yet; may come later).

    ``memo`` (keyed by ``id(hit)``, for the hits of one text) keeps what does not depend on ``accepted``
    between the rounds of :meth:`SkillMatcher._resolve_ambiguous`: a hit with no evidence yet is asked
    again after others were accepted, and only its list neighbours and nearby skills can have changed.
    """
    entry = hit.entry
    s, e = hit.start, hit.end
    key = entry.key
    known = memo.get(id(hit)) if memo is not None else None
    if known is None:
        ls, le = _line_bounds(text, s, e)
        # (conditional expressions, not min()/max(): a builtin call with two ints costs more than the test)
        prev = _word_before(text, s - 30 if s - 30 > ls else ls, s).lower()
        m_next = _word_after(text, e, e + 30 if e + 30 < le else le)
        nxt = m_next.lower() if m_next is not None else ""
        # vetoes
        if nxt in _BAD_NEXT.get(key, ()) or prev in _BAD_PREV.get(key, ()):
            return False
        if len(key) == 1:
            if prev in _LETTER_BAD_PREV:
                return False
            left = _LETTER_LEFT.search(text[s - 8 if s - 8 > ls else ls : s])
            right = _LETTER_RIGHT.match(text[e : e + 8 if e + 8 < le else le])
            if (left and left.group(1) not in "CRJ") or (right and right.group(1) not in "CRJ"):
                return False
        case_ok = _case_ok(text[s:e], entry)
        known = [ls, le, prev, m_next, nxt, case_ok, None]
        if memo is not None:
            memo[id(hit)] = known
    else:
        ls, le, prev, m_next, nxt, case_ok = known[:6]  # type: ignore[assignment]
    # list neighbours
    k = bisect_left(starts, s)
    left_n = accepted[k - 1][0] if k > 0 and accepted[k - 1][0].end <= s else None
    right_n = accepted[k][0] if k < len(accepted) and accepted[k][0].start >= e else None
    left_list = left_n is not None and left_n.end >= ls and _list_gap(text, left_n.end, s)
    # (with the casing right, a list neighbour on the left decides: the right one is not needed)
    right_list = (
        not (case_ok and left_list)
        and right_n is not None
        and right_n.start <= le
        and _list_gap(text, e, right_n.start)
    )
    if not case_ok:
        # lower-case product name: only as an item of a comma/slash list of skills
        tight_left = left_list and left_n is not None and _TIGHT_GAP.fullmatch(text, left_n.end, s)
        tight_right = right_list and right_n is not None and _TIGHT_GAP.fullmatch(text, e, right_n.start)
        end_ok = not nxt or text[e : e + 1] in ",;/|." or tight_right
        if (tight_left and end_ok) or (tight_right and (_sentence_start(text, s) or tight_left)):
            hit.confidence, hit.reason = 0.6, "lower-case name in a list of skills"
            return True
        return None
    if left_list or right_list:
        other = left_n if left_list else right_n
        assert other is not None
        hit.confidence = 0.8
        listed = text[other.start : other.end]
        hit.reason = f"ambiguous name {entry.name!r} with context: listed with {listed!r}"
        return True
    static = known[6]
    if static is None:
        static = known[6] = _static_evidence(text, entry, s, e, ls, le, prev, m_next, nxt)
    if static is False:  # prose: no evidence
        return None
    if isinstance(static, tuple):  # a cue word nearby, or the word before: accepted now
        how, word = static
        if how == "cue":
            hit.confidence = 0.75
            hit.reason = f"ambiguous name {entry.name!r} with context: {word!r} nearby"
        else:
            hit.confidence, hit.reason = 0.7, f"ambiguous name {entry.name!r} with context: after {word!r}"
        return True
    lo = bisect_left(starts, s - 80 if s - 80 > ls else ls)
    hi = bisect_left(starts, e + 80 if e + 80 < le else le)
    near = {h.entry.skill_id for h, _ in accepted[lo:hi] if h.entry.tech} - {entry.skill_id}
    if len(near) >= 2:
        hit.confidence = 0.7
        hit.reason = f"ambiguous name {entry.name!r} with context: {len(near)} tech skills nearby"
        return True
    if sec.kind == "skills":
        hit.confidence, hit.reason = 0.6, f"ambiguous name {entry.name!r} with context: skills section"
        return True
    return None


@cache
def load_skill_matcher() -> SkillMatcher:
    """The matcher over the bundled taxonomy (built once per process)."""
    return SkillMatcher(load_skills())


def _check(text: str) -> None:
    if not isinstance(text, str):
        raise InputError(f"text must be a string, not {type(text).__name__}")
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(f"text too long: {len(text):,} characters (limit {MAX_TEXT_CHARS:,})")


def extract_skills(text: str, *, include_boilerplate: bool = False) -> list[SkillMention]:
    """Every taxonomy skill mentioned in a posting or resume, in text order, with span and evidence.

    Mentions in boilerplate (company blurb, benefits, EEO/legal, pay, how to apply) are left out unless
    ``include_boilerplate``; then they come with ``counted=False``.
    """
    _check(text)
    return load_skill_matcher().extract(text, include_boilerplate)


def extract_skills_and_sections(
    text: str, *, include_boilerplate: bool = False
) -> tuple[list[SkillMention], list[Section]]:
    """:func:`extract_skills` and the text's sections (as ``split_sections`` gives them), from one pass.

    For callers that need both: splitting a document twice cost as much again (the resume profile, which
    keeps only surfaces, reads :func:`skill_surfaces_and_sections`).
    """
    _check(text)
    return load_skill_matcher().extract_with_sections(text, include_boilerplate)


def skill_surfaces_and_sections(
    text: str, *, most: int = 5
) -> tuple[dict[str, tuple[str, ...]], list[Section]]:
    """The skills a text counts, each with its first ``most`` distinct surface forms, and its sections.

    What the resume profile keeps of :func:`extract_skills_and_sections` (skills in the order of their first
    counted mention, surfaces in text order), from the same pass, without a mention object per hit.
    """
    _check(text)
    return load_skill_matcher().surfaces_with_sections(text, most)


def extract_skill_ids(text: str) -> set[str]:
    """The ids of the skills a text counts (no boilerplate): the fast path for corpus work."""
    _check(text)
    return load_skill_matcher().skill_ids(text)


def extract_skill_ids_many(texts: Sequence[str]) -> list[set[str]]:
    """:func:`extract_skill_ids` of each text (same results), faster over a batch of texts."""
    for text in texts:
        _check(text)
    return load_skill_matcher().skill_ids_many(texts)


def skill_counts(mentions: Iterable[SkillMention]) -> dict[str, int]:
    """Counted mentions per skill id, most mentioned first (ties by id)."""
    counts: dict[str, int] = {}
    for m in mentions:
        if m.counted:
            counts[m.skill_id] = counts.get(m.skill_id, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
