"""Job titles → catalog role, seniority, confidence and the evidence that decided.

A raw vacancy title ("Sr. ML Eng II (Remote)") is normalised (abbreviations expanded, noise such as
remote/hybrid, requisition numbers and parenthesised locations dropped, seniority words and levels taken
out), then looked up in the bundled title index built by ``scripts/build_titles.py`` from the catalog's
titles and aliases, O*NET 28.0 alternate titles and ESCO 1.1.1 occupation labels. The index also holds
titles of occupations outside the catalog ("Registered Nurse", "Sales Associate"), so those map to no
role rather than to the nearest tech role.

Matching runs from exact to loose: the whole normalised title; the title with a specialism
("Software Engineer, Machine Learning" → "ml software engineer"); the main part alone; each part of a
multi-role title ("Platform/SRE"); a tech skill before an engineer/developer/programmer/coder head
("Senior Java Engineer" → software-developer, "Spark Engineer" → data-engineer, "AWS Engineer" →
cloud-engineer), through the index's skill → role table that ``scripts/build_titles.py`` derives from
the catalog's aliases and role skills (its docstring gives the rule); with other words left, the title
without the skill words ("Backend Java Engineer" → "backend engineer"); the same words in any order; a
management head over a discipline ("Data Science Manager" → data-scientist, seniority manager), also
before a trailing department when the title says a level ("DevOps Lead - Campaign"); "Tech Lead"
("Technical Lead (Java)", "Tech Lead - Payments": a lead developer, of the skills' role when only skills
follow); a developer/programmer head opening the title before a team name ("Developer TCore"); the
longest known phrase inside the title. A description, when given, breaks ties between close roles with
the roles' skill keywords.

An outside title with such a head ("Automation Engineer", ESCO's industrial job) yields to a tech-skill
part ("(Selenium)") only when the skill is a specialist role's own and the title's other words are words
of that role's aliases ("Test Automation Engineer"): "Sales Engineer (AWS)", "Process Engineer (Python)"
stay outside. Exact titles outrank the skill rule: O*NET files "Salesforce Developer" under Web
Developers, ESCO "Integration Engineer" and "Sales Engineer" (pre-sales) are outside occupations.

Manager titles: a role that is itself a manager job (product manager, technical program manager) keeps
"manager" as its name, not its level. A manager of a discipline with no manager role in the catalog
("Data Science Manager", "Machine Learning Manager") gets the discipline's role with seniority
"manager"; "Engineering Manager", "Director of Engineering", "VP of Engineering" get
software-engineering-manager and "IT Director", "CTO", "CIO" get it-manager, as the catalog's aliases say.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from itertools import pairwise
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from payband.errors import DataError, InputError

__all__ = [
    "MAX_TITLE_CHARS",
    "SENIORITIES",
    "TitleIndex",
    "TitleMatch",
    "classify_title",
    "load_title_index",
    "normalise_title",
]

MAX_TITLE_CHARS = 500
MAX_DESCRIPTION_CHARS = 100_000
SENIORITIES: tuple[str, ...] = (
    "intern", "junior", "mid", "senior", "staff", "principal", "lead", "manager", "director", "executive",
)  # fmt: skip
_RANK = {name: i for i, name in enumerate(SENIORITIES)}

_PACKAGE = "payband.reference"
_FILES = ("data/title_index.json", "data/title_index.json.gz")

OUTSIDE = -1
NO_RUNNER = -2
# Where an index entry came from: the order is the order of trust.
SOURCE_NAMES: tuple[str, ...] = (
    "catalog",
    "ESCO preferred label",
    "ESCO alternative label",
    "O*NET alternate title",
    "O*NET alternate title, shared code",
)
_SOURCE_CONFIDENCE = (0.97, 0.92, 0.87, 0.85, 0.78)
_ACCEPT = 0.5  # below this confidence a role is not given


class TitleMatch(BaseModel):
    """What a job title says: the catalog role (or None outside the catalog), seniority and why."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str
    normalised: str = Field(description="the cleaned core title the match was made on")
    role: str | None = Field(description="catalog role id, or None when the title is outside the catalog")
    seniority: str | None = Field(description="one of SENIORITIES, or None when nothing in the title says")
    confidence: float = Field(ge=0.0, le=1.0, description="how sure the role (or no role) is, 0–1")
    evidence: str = Field(description="which alias or words decided")
    runner_up: str | None = None
    method: str = Field(description="exact, specialism, part, skill, reordered, discipline, phrase or none")

    def contract(self) -> dict[str, Any]:
        """The CLI/JSONL contract: exactly role, seniority and confidence."""
        return {"role": self.role, "seniority": self.seniority, "confidence": self.confidence}


# ---------------------------------------------------------------------------------------- normalising

# Spellings with symbols, fixed before tokenising (only run when the title has one of "+#./").
_SYMBOLS_RE = re.compile(
    r"c\+\+|c#|(?<![a-z0-9])\.net\b|\bi\.t\.(?!\w)|\b(?:node|vue|react|next)\s?\.\s?js\b"
    r"|\b[mfwdx]\s*/\s*[mfwdx](?:\s*/\s*[mfwdx])?\b"
)
_SYMBOLS = {"c++": " cpp ", "c#": " csharp ", ".net": " dotnet ", "i.t.": " it "}


def _symbol(m: re.Match[str]) -> str:
    text = m.group(0)
    if text in _SYMBOLS:
        return _SYMBOLS[text]
    return " js " if text.endswith("js") else " "


# Multi-word spellings folded to one canonical form, on tokens ("front end" → "frontend").
_PHRASES: dict[tuple[str, ...], tuple[str, ...]] = {
    tuple(k.split()): tuple(v.split())
    for k, v in {
        "software engineer in test": "sdet", "software development engineer in test": "sdet",
        "software engineering in test": "sdet", "site reliability engineer": "sre",
        "site reliability engineering": "sre", "site reliability": "sre", "machine learning": "ml",
        "artificial intelligence": "ai", "business intelligence": "bi", "quality assurance": "qa",
        "quality analyst": "qa analyst", "user experience": "ux", "user interface": "ui",
        "information technology": "it", "information and communication technology": "it",
        "information and communications technology": "it", "information communication technology": "it",
        "front end": "frontend", "back end": "backend", "full stack": "fullstack", "dev ops": "devops",
        "dev sec ops": "devsecops", "sec ops": "secops", "ml ops": "mlops",
        "sys admin": "system administrator",
        "cyber security": "cybersecurity", "vice president": "vp", "entry level": "junior",
        "mid level": "mid", "mid senior": "mid", "team lead": "lead", "team leader": "lead",
        "tech lead": "techlead", "tech leader": "techlead", "technical lead": "techlead",
        "technical leader": "techlead",
        "full time": "", "part time": "", "part timer": "", "fulltime": "", "parttime": "",
        "work from home": "", "working from home": "", "on site": "", "co op": "intern",
        "working student": "intern", "web 3": "web3", "dot net": "dotnet", "help desk": "helpdesk",
        "service desk": "servicedesk", "e commerce": "ecommerce", "node js": "js",
    }.items()
}  # fmt: skip
_PHRASE_FIRST: dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]] = {}
for _seq, _rep in sorted(_PHRASES.items(), key=lambda kv: -len(kv[0])):
    _PHRASE_FIRST[_seq[0]] = (*_PHRASE_FIRST.get(_seq[0], ()), (_seq, _rep))


def _fold(tokens: list[str]) -> list[str]:
    """Fold multi-word spellings to their canonical tokens."""
    out: list[str] = []
    i, n = 0, len(tokens)
    while i < n:
        options = _PHRASE_FIRST.get(tokens[i])
        if options is not None:
            for seq, rep in options:
                if tuple(tokens[i : i + len(seq)]) == seq:
                    out.extend(rep)
                    i += len(seq)
                    break
            else:
                out.append(tokens[i])
                i += 1
        else:
            out.append(tokens[i])
            i += 1
    return out


# One token → one or more canonical tokens.
_TOKEN_MAP: dict[str, tuple[str, ...]] = {
    "sr": ("senior",), "snr": ("senior",), "sen": ("senior",), "jr": ("junior",), "jnr": ("junior",),
    "eng": ("engineer",), "engr": ("engineer",), "engg": ("engineer",), "engineers": ("engineer",),
    "mgr": ("manager",), "mngr": ("manager",), "mgmt": ("management",), "mgt": ("management",),
    "dev": ("developer",), "devs": ("developer",), "developers": ("developer",),
    "admin": ("administrator",), "sysadmin": ("system", "administrator"), "dir": ("director",),
    "assoc": ("associate",), "asst": ("assistant",), "exec": ("executive",), "coord": ("coordinator",),
    "ops": ("operations",), "infra": ("infrastructure",), "k8s": ("kubernetes",),
    "swe": ("software", "engineer"), "sde": ("software", "development", "engineer"),
    "pm": ("product", "manager"), "tpm": ("technical", "program", "manager"),
    "dba": ("database", "administrator"), "ict": ("it",), "programme": ("program",),
    "programmes": ("program",), "programs": ("program",), "systems": ("system",),
    "solutions": ("solution",), "services": ("service",), "applications": ("application",),
    "apps": ("app",), "networks": ("network",),
    "products": ("product",), "databases": ("database",), "technologies": ("technology",),
    "sciences": ("science",), "analysts": ("analyst",), "designers": ("designer",),
    "managers": ("manager",), "specialists": ("specialist",), "consultants": ("consultant",),
    "architects": ("architect",), "scientists": ("scientist",), "programmers": ("programmer",),
    "technicians": ("technician",), "testers": ("tester",), "writers": ("writer",),
    "svp": ("vp",), "evp": ("vp",), "avp": ("vp",),
    "internship": ("intern",), "interns": ("intern",), "leader": ("lead",), "medior": ("mid",),
    "intermediate": ("mid",),
}  # fmt: skip

# Words that never name a job (recruiting noise); dropped and reported as removed.
_NOISE = frozenset(
    {
        "remote", "hybrid", "onsite", "wfh", "freelance", "temporary", "temp", "permanent", "urgent",
        "urgently", "immediate", "immediately", "hiring", "needed", "wanted", "required", "vacancy",
        "vacancies", "job", "jobs", "position", "positions", "opening", "openings", "opportunity", "based",
        "new", "home", "anywhere", "worldwide", "contractual",
    }
)  # fmt: skip
_STOP = frozenset({"of", "the", "a", "an", "and", "for", "in", "with", "to", "at", "on", "or"})
_ROMAN_LEVELS = {"i": "junior", "ii": "mid", "iii": "senior", "iv": "staff", "v": "staff"}
_DIGIT_LEVELS = {"1": "junior", "2": "mid", "3": "senior", "4": "staff", "5": "staff"}
# Seniority words taken out of the core title. "final" ones may end a title ("Data Analyst Intern").
_LEVEL_WORDS_ANYWHERE = {"intern": "intern", "trainee": "intern", "apprentice": "intern"}
_LEVEL_WORDS_PREFIX = {
    "junior": "junior", "graduate": "junior", "associate": "junior", "mid": "mid",
    "senior": "senior", "staff": "staff", "principal": "principal", "distinguished": "principal",
}  # fmt: skip
# Head words that stay in the core (they are part of titles) but also say the level.
_MANAGEMENT_HEADS = {
    "manager": "manager", "head": "director", "director": "director", "vp": "executive",
    "chief": "executive", "cto": "executive", "cio": "executive", "ciso": "executive", "ceo": "executive",
    "cdo": "executive", "coo": "executive", "president": "executive",
}  # fmt: skip
_OF_HEADS = frozenset({"manager", "head", "director", "vp", "chief", "lead", "officer", "management"})
# Roles whose own name ends in "manager": "manager" is their job, not their level.
_MANAGER_NAMED_ROLES = frozenset({"product-manager", "ai-product-manager", "technical-program-manager"})
_GENERIC_HEADS = frozenset(
    {
        "engineer", "developer", "analyst", "scientist", "architect", "designer", "manager", "consultant",
        "specialist", "officer", "executive", "assistant", "technician", "administrator", "lead",
        "programmer", "tester", "writer", "director", "head", "coordinator", "supervisor", "associate",
        "representative", "expert",
    }
)  # fmt: skip
_DECISIVE_HEADS = frozenset({"developer", "programmer"})
# Heads a tech-skill modifier can name a role with ("Java Engineer"), and the head family each reads as.
_SKILL_HEADS = {
    "engineer": "engineer",
    "developer": "developer",
    "programmer": "developer",
    "coder": "developer",
}
_MAX_SKILL_WORDS = 4
_JOB_NOUNS = _GENERIC_HEADS | {
    "sre",
    "sdet",
    "dba",
    "devops",
    "qa",
    "ux",
    "ui",
    "bi",
    "it",
    "owner",
    "master",
}
# A department name ending a title stands for the job: "Software Development" → "software developer".
_FINAL_NOUN = {
    "engineering": "engineer", "development": "developer", "programming": "programmer",
    "administration": "administrator", "analytics": "analyst", "analytic": "analyst", "analysis": "analyst",
    "design": "designer", "testing": "tester",
}  # fmt: skip
# A function named without a job noun gets the usual one: "IT Support" → "it support specialist".
_TECH_SUPPORT = frozenset(
    {"it", "technical", "desktop", "technology", "application", "system", "computer", "network"}
)
_FINAL_APPEND = {"support": "specialist", "helpdesk": "technician", "servicedesk": "analyst", "bi": "analyst"}
_SPLIT_RE = re.compile(r"\s[-–—]+\s?|[-–—]+\s|[,;:|•]|\s@\s?|\bat\s(?=[a-z])|\s\+\s")
_PAREN_RE = re.compile(r"[(\[{][^)\]}]*[)\]}]?")
_TOKEN_RE = re.compile(r"[a-z0-9]+(?:\.[a-z0-9]+)*|/")
_REQ_RE = re.compile(r"^(?:[a-z]*\d{3,}[a-z0-9]*|\d+[a-z]+\d+[a-z0-9]*|req\d*|l\d|#\d+)$")
_KEEP_DIGIT_TOKENS = frozenset({"3d", "2d", "web3", "5g", "4g", "c2", "b2b", "b2c", "s4", "s4hana"})


@dataclass(frozen=True, slots=True)
class _Analysis:
    segments: tuple[tuple[str, ...], ...]  # core tokens per segment ("/" marks a multi-role split)
    core: str  # all core tokens, space-separated: the index key
    levels: tuple[str, ...]  # seniority words taken out, in order
    numeric_level: str | None  # seniority implied by "II", "3"
    removed: tuple[str, ...]  # raw pieces dropped (for the evidence)
    tech_lead: bool = False  # "Tech Lead"/"Technical Lead" was said (a lead developer unless more is said)
    lead_alone: bool = False  # ... and it opened the title with no other word in its part


def _segment_tokens(
    raw: str, levels: list[str], numeric: list[str], removed: list[str], flags: list[str] | None = None
) -> tuple[str, ...]:
    tokens: list[str] = []
    for tok in _fold(_TOKEN_RE.findall(raw)):
        if "." in tok:
            for part in tok.split("."):
                if part:
                    tokens.extend(_TOKEN_MAP.get(part, (part,)))
        else:
            tokens.extend(_TOKEN_MAP.get(tok, (tok,)))
    out: list[str] = []
    for i, tok in enumerate(tokens):
        if tok == "/":
            if out and out[-1] != "/":
                out.append("/")
            continue
        if tok in _NOISE:
            removed.append(tok)
            continue
        if any(ch.isdigit() for ch in tok) and tok not in _KEEP_DIGIT_TOKENS:
            if tok in _DIGIT_LEVELS and i > 0:
                numeric.append(_DIGIT_LEVELS[tok])
            removed.append(tok)
            continue
        if tok in _ROMAN_LEVELS and i > 0 and (i == len(tokens) - 1 or tokens[i + 1] == "/"):
            numeric.append(_ROMAN_LEVELS[tok])
            removed.append(tok)
            continue
        if tok in _LEVEL_WORDS_ANYWHERE:
            levels.append(_LEVEL_WORDS_ANYWHERE[tok])
            removed.append(tok)
            continue
        if tok == "techlead":
            levels.append("lead")
            removed.append("tech lead")
            if flags is not None:
                flags.append("techlead")
            continue
        if tok == "lead":
            # "Lead Engineer", "SRE Lead": a level; "Engineering Lead", "Product Lead": a title.
            prev = out[-1] if out else "/"
            nxt = next((t for t in tokens[i + 1 :] if t not in _NOISE), None)
            if (nxt is not None and nxt != "/") or prev == "/" or prev in _JOB_NOUNS:
                levels.append("lead")
                removed.append(tok)
                continue
        if tok in _LEVEL_WORDS_PREFIX:
            nxt = next((t for t in tokens[i + 1 :] if t not in _NOISE and t != "/"), None)
            if nxt is not None:
                levels.append(_LEVEL_WORDS_PREFIX[tok])
                removed.append(tok)
                continue
        out.append(tok)
    while out and out[-1] == "/":
        out.pop()
    while out and out[0] == "/":
        out.pop(0)
    # "director of engineering" → "engineering director" (both the index and queries)
    if "of" in out:
        i = out.index("of")
        if 0 < i < len(out) - 1 and out[i - 1] in _OF_HEADS and "/" not in out[i + 1 :]:
            out = out[i + 1 :] + out[:i]
    return tuple(t for t in out if t not in _STOP)


def _paren(m: re.Match[str], removed: list[str]) -> str:
    inner = m.group(0).strip("()[]{} ")
    if not _segment_tokens(inner, [], [], []):
        removed.append(m.group(0).strip())
        return " , "
    return " , " + inner + " , "


@lru_cache(maxsize=65_536)
def _analyse(title: str) -> _Analysis:
    text = unicodedata.normalize("NFKC", title).casefold()
    removed: list[str] = []
    if "(" in text or "[" in text or "{" in text:
        # a parenthesis is a specialism ("(ETL Developer)"), or noise ("(Remote)") when nothing is left
        text = _PAREN_RE.sub(lambda m: _paren(m, removed), text)
    if "+" in text or "#" in text or "." in text or "/" in text:
        text = _SYMBOLS_RE.sub(_symbol, text)
    levels: list[str] = []
    numeric: list[str] = []
    segments: list[tuple[str, ...]] = []
    flags: list[str] = []
    lead_alone = False
    for raw in _SPLIT_RE.split(text):
        had = len(flags)
        seg = _segment_tokens(raw, levels, numeric, removed, flags)
        if seg:
            segments.append(seg)
        elif len(flags) > had and not segments:
            lead_alone = True
    # "Director, Software Engineering" → "software engineering director"
    if len(segments) > 1 and len(segments[0]) == 1 and segments[0][0] in _OF_HEADS and len(segments[1]) <= 4:
        segments[:2] = [(*segments[1], segments[0][0])]
    for i, seg in enumerate(segments):
        last = _FINAL_NOUN.get(seg[-1])
        if last is not None and (len(seg) > 1 or i == 0):
            segments[i] = (*seg[:-1], last)
        elif seg[-1] in _FINAL_APPEND and (
            seg[-1] != "support" or (len(seg) > 1 and seg[-2] in _TECH_SUPPORT)
        ):
            segments[i] = (*seg, _FINAL_APPEND[seg[-1]])
    core = " ".join(t for seg in segments for t in seg if t != "/")
    return _Analysis(
        tuple(segments), core, tuple(levels), numeric[0] if numeric else None, tuple(removed), bool(flags),
        lead_alone,
    )  # fmt: skip


def normalise_title(title: str) -> str:
    """The cleaned core of a title: the key the index is built on and matched with."""
    return _analyse(title).core


# ---------------------------------------------------------------------------------------------- index


@dataclass(frozen=True, slots=True)
class _Entry:
    cls: int  # role index, or OUTSIDE
    source: int  # index into SOURCE_NAMES
    occupation: int  # index into TitleIndex.occupations, -1 for catalog entries
    runner: int  # another class with real weight for the same title, or NO_RUNNER


@dataclass(frozen=True)
class TitleIndex:
    """The bundled title index: normalised title → role (or outside), plus tie-break keywords."""

    version: str
    roles: tuple[str, ...]
    occupations: tuple[str, ...]
    titles: dict[str, _Entry]
    bags: dict[tuple[str, ...], str]
    disciplines: dict[str, str]
    domain_tokens: frozenset[str]
    keywords: dict[str, frozenset[str]]
    head_roles: dict[str, tuple[str, ...]]
    meta: dict[str, Any]
    skill_roles: dict[str, tuple[str | None, str, str | None, str]] = field(default_factory=dict)
    generic_developer: str | None = None
    alias_tokens: dict[str, frozenset[str]] = field(default_factory=dict)

    def role_of(self, cls: int) -> str | None:
        return None if cls < 0 else self.roles[cls]


@cache
def load_title_index() -> TitleIndex:
    """Load the bundled title index once (built by scripts/build_titles.py)."""
    base = resources.files(_PACKAGE)
    raw: dict[str, Any] | None = None
    for name in _FILES:
        res = base.joinpath(name)
        if res.is_file():
            data = res.read_bytes()
            if name.endswith(".gz"):
                data = gzip.decompress(data)
            raw = json.loads(data)
            break
    if raw is None:
        raise DataError("bundled title index is missing; run scripts/build_titles.py or reinstall payband")
    try:
        roles = tuple(raw["roles"])
        titles = {key: _Entry(*row) for key, row in raw["titles"].items()}
        bags: dict[tuple[str, ...], str] = {}
        for key in sorted(titles, key=lambda k: (titles[k].source, k)):
            bags.setdefault(tuple(sorted(set(key.split()))), key)
        head_roles: dict[str, list[str]] = {}
        alias_tokens: dict[str, set[str]] = {}
        for key, entry in titles.items():
            if entry.source == 0 and entry.cls >= 0:
                alias_tokens.setdefault(roles[entry.cls], set()).update(key.split())
                head = key.rsplit(" ", 1)[-1]
                if head in _GENERIC_HEADS and roles[entry.cls] not in head_roles.setdefault(head, []):
                    head_roles[head].append(roles[entry.cls])
        return TitleIndex(
            version=raw["version"],
            roles=roles,
            occupations=tuple(raw["occupations"]),
            titles=titles,
            bags=bags,
            disciplines=dict(raw["disciplines"]),
            domain_tokens=frozenset(raw["domain_tokens"]),
            keywords={role: frozenset(words) for role, words in raw["keywords"].items()},
            head_roles={head: tuple(rs) for head, rs in head_roles.items()},
            meta={k: raw[k] for k in ("version", "sources", "counts", "generated_by")},
            skill_roles={key: (row[0], row[1], row[2], row[3]) for key, row in raw["skill_roles"].items()},
            generic_developer=raw["generic_developer"],
            alias_tokens={role: frozenset(toks) for role, toks in alias_tokens.items()},
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise DataError(f"bundled title index is invalid: {exc}") from exc


# -------------------------------------------------------------------------------------------- matching


@dataclass(frozen=True, slots=True)
class _Hit:
    key: str
    entry: _Entry
    method: str
    confidence: float
    note: str = ""


def _lookup(index: TitleIndex, tokens: Sequence[str]) -> _Entry | None:
    return index.titles.get(" ".join(tokens)) if tokens else None


def _parts(seg: tuple[str, ...]) -> list[tuple[str, ...]]:
    parts: list[list[str]] = [[]]
    for tok in seg:
        if tok == "/":
            parts.append([])
        else:
            parts[-1].append(tok)
    return [tuple(p) for p in parts if p]


def _plain(seg: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(t for t in seg if t != "/")


def _hit(index: TitleIndex, key: str, entry: _Entry, method: str, factor: float, note: str = "") -> _Hit:
    conf = _SOURCE_CONFIDENCE[entry.source] * factor
    if entry.runner != NO_RUNNER:
        conf *= 0.92
    return _Hit(key, entry, method, conf, note)


def _match_slash(index: TitleIndex, main: tuple[str, ...]) -> _Hit | None:
    parts = _parts(main)
    if len(parts) < 2:
        return None
    head = parts[-1][-1]
    best: _Hit | None = None
    for part in parts:
        tries = [part]
        if part[-1] not in _GENERIC_HEADS and head in _GENERIC_HEADS:
            tries.insert(0, (*part, head))
        for t in tries:
            entry = _lookup(index, t)
            if entry is not None:
                hit = _hit(index, " ".join(t), entry, "part", 0.92)
                if best is None or hit.confidence > best.confidence:
                    best = hit
                break
    return best


def _skill_cover(index: TitleIndex, tokens: Sequence[str]) -> tuple[list[str], list[str]]:
    """Split tokens into skill names (longest first) and the other words, in order; "/" is dropped."""
    keys: list[str] = []
    rest: list[str] = []
    i, n = 0, len(tokens)
    while i < n:
        if tokens[i] == "/":
            i += 1
            continue
        for j in range(min(n, i + _MAX_SKILL_WORDS), i, -1):
            if "/" in tokens[i:j]:
                continue
            key = " ".join(tokens[i:j])
            if key in index.skill_roles:
                keys.append(key)
                i = j
                break
        else:
            rest.append(tokens[i])
            i += 1
    return keys, rest


def _skill_hit(index: TitleIndex, keys: Sequence[str], head: str, words: str, factor: float) -> _Hit | None:
    """The role skill names before a head point to: one role when they agree, else the generic developer."""
    engineer = _SKILL_HEADS[head] == "engineer"
    found: dict[str, str] = {}
    for key in keys:
        eng_role, eng_why, dev_role, dev_why = index.skill_roles[key]
        role, why = (eng_role, eng_why) if engineer else (dev_role, dev_why)
        if role is not None:
            found.setdefault(role, why)
    if not found:
        return None
    if len(found) == 1:
        role, why = next(iter(found.items()))
    elif index.generic_developer is not None and index.generic_developer in found:
        role, why = index.generic_developer, "skills of several roles, the generic developer role"
        factor *= 0.95
    else:
        role, why = next(iter(found.items()))
        factor *= 0.9
    conf = 0.82 if "catalog alias" in why else 0.74 if "generic developer" in why else 0.78
    named = ", ".join(f"'{k}'" for k in keys)
    note = f"skill {named} before '{head}' points to {role} ({why})"
    return _Hit(words, _Entry(index.roles.index(role), 0, -1, NO_RUNNER), "skill", conf * factor, note)


def _match_skill_head(index: TitleIndex, main: tuple[str, ...]) -> _Hit | None:
    """ "<skills> engineer/developer/programmer/coder": the role the skills point to, or the title left
    when the skill words are taken out ("Backend Java Engineer" → "backend engineer")."""
    if len(main) < 2 or main[-1] not in _SKILL_HEADS:
        return None
    head = main[-1]
    keys, rest = _skill_cover(index, main[:-1])
    if not keys:
        return None
    words = " ".join(t for t in main if t != "/")
    if not rest:
        return _skill_hit(index, keys, head, words, 1.0)
    key = " ".join((*rest, head))
    entry = index.titles.get(key)
    if entry is None:
        return None
    named = ", ".join(f"'{k}'" for k in keys)
    hit = _hit(index, key, entry, "skill", 0.95)
    what = "outside the catalog" if entry.cls == OUTSIDE else f"{index.roles[entry.cls]}"
    return _Hit(
        key, entry, "skill", hit.confidence, f"title '{key}' ({what}) once skill {named} is taken out"
    )


def _override_outside(index: TitleIndex, key: str, specs: Sequence[tuple[str, ...]]) -> _Hit | None:
    """An outside title with a dev head ("Automation Engineer") and a tech-skill part ("(Selenium)") is the
    skill's role when the skill is that role's own (not the generic developer's) and every other word of
    the title is a word of that role's catalog aliases ("test automation engineer")."""
    toks = key.split()
    if toks[-1] not in _SKILL_HEADS:
        return None
    for spec in specs:
        keys, rest = _skill_cover(index, spec)
        if not keys or rest:
            continue
        hit = _skill_hit(index, keys, toks[-1], " ".join((*toks, *spec)), 0.95)
        if hit is None:
            continue
        role = index.roles[hit.entry.cls]
        if len(toks) > 1 and (
            role == index.generic_developer or not set(toks[:-1]) <= index.alias_tokens.get(role, frozenset())
        ):
            continue
        return _Hit(hit.key, hit.entry, "skill", hit.confidence, f"'{key}' with {hit.note}")
    return None


def _match_tech_lead(
    index: TitleIndex, analysis: _Analysis, plains: Sequence[tuple[str, ...]]
) -> _Hit | None:
    """ "Tech Lead (Java)": a lead developer, of the skills' role when the rest are skill names."""
    if not analysis.tech_lead:
        return None
    for tokens in plains[:1] if not analysis.lead_alone else plains:
        keys, rest = _skill_cover(index, tokens)
        if keys and not rest:
            hit = _skill_hit(index, keys, "developer", " ".join(tokens), 0.95)
            if hit is not None:
                return hit
    if not analysis.lead_alone or index.generic_developer is None:
        return None
    role = index.generic_developer
    entry = _Entry(index.roles.index(role), 0, -1, NO_RUNNER)
    return _Hit("tech lead", entry, "skill", 0.62, f"'tech lead' is a lead developer ({role})")


def _match_head_first(index: TitleIndex, main: tuple[str, ...]) -> _Hit | None:
    """ "Developer TCore": a decisive head opening the title before a team or product name."""
    if len(main) < 2 or main[0] not in _DECISIVE_HEADS or "/" in main:
        return None
    if any(t in _JOB_NOUNS or t in index.domain_tokens or t in _MANAGEMENT_HEADS for t in main[1:]):
        return None
    entry = index.titles.get(main[0])
    if entry is None or entry.cls < 0:
        return None
    note = f"head '{main[0]}' opens the title before '{' '.join(main[1:])}' ({index.roles[entry.cls]})"
    return _Hit(main[0], entry, "skill", 0.6, note)


def _match_discipline(
    index: TitleIndex, main: tuple[str, ...], specs: Sequence[tuple[str, ...]], levels: Sequence[str] = ()
) -> _Hit | None:
    plain = _plain(main)
    if (not specs or levels) and " ".join(plain) in index.disciplines:
        phrase = " ".join(plain)
        entry = _Entry(index.roles.index(index.disciplines[phrase]), 0, -1, NO_RUNNER)
        return _Hit(phrase, entry, "discipline", 0.55, f"discipline '{phrase}' named without a job noun")
    if not plain or (plain[-1] not in _MANAGEMENT_HEADS and plain[-1] not in {"lead", "management"}):
        return None
    rests = [plain[:-1]] + [_plain(s) for s in specs]
    for rest in rests:
        if any(t in index.domain_tokens for t in rest):
            continue
        for n in range(len(rest), 0, -1):
            for i in range(len(rest) - n + 1):
                phrase = " ".join(rest[i : i + n])
                role = index.disciplines.get(phrase)
                if role is not None:
                    entry = _Entry(index.roles.index(role), 0, -1, NO_RUNNER)
                    return _Hit(phrase, entry, "discipline", 0.66, f"'{plain[-1]}' of discipline '{phrase}'")
    return None


def _match_phrase(index: TitleIndex, segs: Sequence[tuple[str, ...]]) -> _Hit | None:
    """The longest known phrase inside the title; dropped words lower the confidence, domain words most."""
    best: _Hit | None = None
    best_rank: tuple[float, ...] = ()
    domain = index.domain_tokens
    for si, seg in enumerate(segs):
        for part in [*_parts(seg), _plain(seg)] if "/" in seg else [seg]:
            n_all = len(part)
            for n in range(n_all - 1, 0, -1):
                for i in range(n_all - n + 1):
                    sub = part[i : i + n]
                    has_head = i + n == n_all
                    if n == 1 and not has_head:
                        continue
                    entry = _lookup(index, sub)
                    if entry is None:
                        continue
                    factor = (0.9 if has_head else 0.7) * (1.0 if si == 0 else 0.85)
                    penalty = 0.8 if sub[-1] in _DECISIVE_HEADS else 0.55
                    for tok in (*part[:i], *part[i + n :]):
                        factor *= penalty if tok in domain else 0.95
                    rank = (n, has_head, -si, factor)
                    if best is None or rank > best_rank:
                        best, best_rank = _hit(index, " ".join(sub), entry, "phrase", factor), rank
        if best is not None:
            return best
    return best


def _find(index: TitleIndex, analysis: _Analysis) -> _Hit | None:
    segs = analysis.segments
    if not segs:
        return _match_tech_lead(index, analysis, ())
    full = analysis.core
    entry = index.titles.get(full)
    if entry is not None:
        return _hit(index, full, entry, "exact", 1.0)
    plains = [_plain(s) for s in segs]
    # a segment with a specialism: "Software Engineer, Machine Learning" → "ml software engineer"
    for a, pa in enumerate(plains):
        for b, pb in enumerate(plains):
            if a != b and b > 0:
                tokens = (*pb, *pa)
                entry = _lookup(index, tokens)
                if entry is not None:
                    return _hit(index, " ".join(tokens), entry, "specialism", 0.98)
    # the most specific segment that is a title on its own
    exact = [
        (i == 0 and len(p) > 1, len(p), -i, p) for i, p in enumerate(plains) if " ".join(p) in index.titles
    ]
    if exact:
        *_, tokens = max(exact)
        key = " ".join(tokens)
        entry = index.titles[key]
        if entry.cls == OUTSIDE and len(plains) > 1:
            hit = _override_outside(index, key, [p for p in plains if p != tokens])
            if hit is not None:
                return hit
        return _hit(index, key, entry, "exact", 0.97 if len(segs) > 1 else 1.0)
    for seg in segs:
        hit = _match_slash(index, seg)
        if hit is not None:
            return hit
    hit = _match_skill_head(index, segs[0])
    if hit is not None:
        return hit
    for tokens in (plains[0], tuple(t for p in plains for t in p)):
        bag_key = index.bags.get(tuple(sorted(set(tokens))))
        if bag_key is not None:
            return _hit(index, bag_key, index.titles[bag_key], "reordered", 0.94)
    hit = (
        _match_discipline(index, segs[0], segs[1:], analysis.levels)
        or _match_tech_lead(index, analysis, plains)
        or _match_head_first(index, plains[0])
    )
    if hit is not None:
        return hit
    return _match_phrase(index, segs)


_DESC_TOKEN_RE = re.compile(r"[a-z0-9][a-z0-9+#]*")


def _description_terms(description: str) -> frozenset[str]:
    words = _fold(_DESC_TOKEN_RE.findall(description.casefold()))
    return frozenset(words) | frozenset(f"{a} {b}" for a, b in pairwise(words))


def _tie_break(
    index: TitleIndex, hit: _Hit, role: str | None, description: str
) -> tuple[str | None, str | None, str]:
    """Return (role, runner_up, note) after weighing the description's words."""
    candidates: list[str] = []
    if role is not None:
        candidates.append(role)
    runner = index.role_of(hit.entry.runner) if hit.entry.runner >= 0 else None
    if runner is not None:
        candidates.append(runner)
    head = hit.key.rsplit(" ", 1)[-1]
    if hit.confidence < 0.8 or " " not in hit.key:
        candidates.extend(index.head_roles.get(head, ()))
    candidates = list(dict.fromkeys(candidates))
    if len(candidates) < 2:
        return role, runner, ""
    terms = _description_terms(description)
    scored: list[tuple[int, str | None, list[str]]] = []
    for cand in candidates:
        found = sorted(index.keywords.get(cand, frozenset()) & terms)
        scored.append((len(found), cand, found))
    no_words: list[str] = []
    current = next((s for s in scored if s[1] == role), (0, role, no_words))
    best = max(scored, key=lambda s: s[0])
    if best[1] != role and best[0] >= 2 and best[0] > current[0]:
        words = ", ".join(f"'{w}'" for w in best[2][:4])
        return best[1], role, f"; description words {words} favour {best[1]}"
    others = [s for s in scored if s[1] != role]
    return role, (max(others, key=lambda s: s[0])[1] if others else runner), ""


def _seniority(analysis: _Analysis, role: str | None) -> str | None:
    found = list(analysis.levels)
    core = [t for seg in analysis.segments for t in seg]
    for tok in core:
        level = _MANAGEMENT_HEADS.get(tok)
        if level is None:
            continue
        if level == "manager" and role in _MANAGER_NAMED_ROLES:
            continue
        found.append(level)
    if "intern" in found:
        return "intern"
    if found:
        return max(found, key=_RANK.__getitem__)
    return analysis.numeric_level


def _describe(index: TitleIndex, hit: _Hit, analysis: _Analysis) -> str:
    entry = hit.entry
    if hit.method == "discipline":
        what = f"{hit.note} (catalog discipline)"
    elif hit.method == "skill":
        what = hit.note
    elif entry.cls == OUTSIDE:
        occ = index.occupations[entry.occupation] if entry.occupation >= 0 else "another occupation"
        what = f"title '{hit.key}' ({SOURCE_NAMES[entry.source]} of {occ}, outside the catalog)"
    elif entry.source == 0:
        what = f"alias '{hit.key}' (catalog)"
    else:
        occ = index.occupations[entry.occupation] if entry.occupation >= 0 else ""
        what = f"title '{hit.key}' ({SOURCE_NAMES[entry.source]}{' of ' + occ if occ else ''})"
    if hit.method == "phrase":
        what = f"words {what} inside '{analysis.core}'"
    elif hit.method == "part":
        what = f"part {what}"
    elif hit.method == "reordered":
        what = f"reordered {what}"
    elif hit.method == "specialism":
        what = f"{what} with its specialism"
    if analysis.removed:
        what += " after removing " + ", ".join(f"'{r}'" for r in analysis.removed)
    return what


def classify_title(title: str, description: str | None = None) -> TitleMatch:
    """Classify a job title: catalog role (None outside the catalog), seniority, confidence, evidence."""
    if not isinstance(title, str):
        raise InputError(f"a job title must be text, not {type(title).__name__}")
    if len(title) > MAX_TITLE_CHARS:
        raise InputError(f"job title is {len(title)} characters long; the limit is {MAX_TITLE_CHARS}")
    if description is not None and len(description) > MAX_DESCRIPTION_CHARS:
        raise InputError(
            f"job description is {len(description)} characters long; the limit is {MAX_DESCRIPTION_CHARS}"
        )
    if description is None or not description.strip():
        return _classify(title)
    return _classify_with(title, description)


@lru_cache(maxsize=32_768)
def _classify(title: str) -> TitleMatch:
    index = load_title_index()
    analysis = _analyse(title)
    hit = _find(index, analysis)
    return _result(index, title, analysis, hit, None)


def _classify_with(title: str, description: str) -> TitleMatch:
    index = load_title_index()
    analysis = _analyse(title)
    return _result(index, title, analysis, _find(index, analysis), description)


def _result(
    index: TitleIndex, title: str, analysis: _Analysis, hit: _Hit | None, description: str | None
) -> TitleMatch:
    if hit is None:
        words = analysis.core
        evidence = f"no known title in '{words}'" if words else "no title words left after cleaning"
        return TitleMatch(
            title=title, normalised=words, role=None, seniority=_seniority(analysis, None),
            confidence=0.4 if words else 0.2, evidence=evidence, runner_up=None, method="none",
        )  # fmt: skip
    role = index.role_of(hit.entry.cls)
    confidence = hit.confidence
    evidence = _describe(index, hit, analysis)
    runner = index.role_of(hit.entry.runner) if hit.entry.runner >= 0 else None
    if role is not None and confidence < _ACCEPT:
        runner, role = role, None
        evidence += f"; too weak (confidence {confidence:.2f} < {_ACCEPT})"
        confidence = 1.0 - confidence
    if description is not None:
        new_role, runner, note = _tie_break(index, hit, role, description)
        if new_role != role:
            role = new_role
            confidence = max(0.55, min(confidence, 0.75))
            evidence += note
    return TitleMatch(
        title=title, normalised=analysis.core, role=role, seniority=_seniority(analysis, role),
        confidence=round(min(max(confidence, 0.0), 1.0), 3), evidence=evidence, runner_up=runner,
        method=hit.method,
    )  # fmt: skip
