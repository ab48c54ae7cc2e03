"""Title normalisation: the cleaned core of a job title (the index key), and the seniority it says.

A raw vacancy title ("Sr. ML Eng II (Remote)") is normalised: abbreviations expanded, noise such as
remote/hybrid, requisition numbers and parenthesised locations dropped, seniority words and levels taken
out. What is left is the key the title index is built on (``scripts/build_titles.py``) and matched with.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import chain

from payband.memo import corpus_cache
from payband.text.titles.models import SENIORITIES

__all__ = ["normalise_title"]

_RANK = {name: i for i, name in enumerate(SENIORITIES)}

# Spellings with symbols, fixed before tokenising (only run when the title has one of "+#./").
_SYMBOLS_RE = re.compile(
    r"c\+\+|c#|(?<![a-z0-9])\.net\b|\bi\.t\.(?!\w)|\b(?:node|vue|react|next)\s?\.\s?js\b"
    r"|\b[mfwdx]\s*/\s*[mfwdx](?:\s*/\s*[mfwdx])?\b|\bpl\s*/\s*sql\b"
)
_SYMBOLS = {"c++": " cpp ", "c#": " csharp ", ".net": " dotnet ", "i.t.": " it "}


def _symbol(m: re.Match[str]) -> str:
    text = m.group(0)
    if text in _SYMBOLS:
        return _SYMBOLS[text]
    if text.startswith("pl"):  # "PL/SQL" is one language, not two jobs
        return " plsql "
    return " js " if text.endswith("js") else " "


# Multi-word spellings folded to one canonical form, on tokens ("front end" → "frontend").
_PHRASES: dict[tuple[str, ...], tuple[str, ...]] = {
    tuple(k.split()): tuple(v.split())
    for k, v in {
        "software engineer in test": "sdet", "software development engineer in test": "sdet",
        "software engineering in test": "sdet", "site reliability engineer": "sre",
        "site reliability engineering": "sre", "site reliability": "sre", "machine learning": "ml",
        "artificial intelligence": "ai", "business intelligence": "bi", "quality assurance": "qa",
        "user experience": "ux", "user interface": "ui",
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
        "trainee program": "trainee", "trainee programme": "trainee", "graduate program": "graduate",
        "graduate programme": "graduate", "internship program": "intern", "internship programme": "intern",
        "graduate trainee": "trainee", "management trainee": "trainee", "graduate trainee program": "trainee",
        "graduate trainee programme": "trainee", "software quality": "software qa",
        # a UI/UX developer builds the interface: the developer head names the job, a UI developer
        "ui ux developer": "ui developer", "ux ui developer": "ui developer",
        "ui / ux developer": "ui developer", "ux / ui developer": "ui developer",
    }.items()
}  # fmt: skip
_PHRASE_FIRST: dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]] = {}
for _seq, _rep in sorted(_PHRASES.items(), key=lambda kv: -len(kv[0])):
    _PHRASE_FIRST[_seq[0]] = (*_PHRASE_FIRST.get(_seq[0], ()), (_seq, _rep))


def _fold(tokens: list[str]) -> list[str]:
    """Fold multi-word spellings to their canonical tokens (the list itself when none starts in it)."""
    # (membership tests in a loop, not set methods: compiled, the loop runs natively)
    if not any(tok in _PHRASE_FIRST for tok in tokens):
        return tokens
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
    "internship": ("intern",), "internships": ("intern",), "interns": ("intern",),
    "apprenticeship": ("intern",), "apprenticeships": ("intern",), "apprentices": ("intern",),
    "traineeship": ("intern",), "traineeships": ("intern",), "trainees": ("intern",),
    "student": ("intern",), "students": ("intern",),
    "website": ("web",), "websites": ("web",), "leader": ("lead",), "medior": ("mid",),
    "intermediate": ("mid",), "midlevel": ("mid",), "fresher": ("junior",),
    # British spellings read as the American ones the catalog and O*NET use
    "modeller": ("modeler",), "modellers": ("modeler",), "modelling": ("modeling",),
    "visualisation": ("visualization",), "visualisations": ("visualization",),
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
# Level words that also end ordinary titles after a job noun ("IT Staff", "Analyst Associate").
_NOUN_LEVEL_WORDS = frozenset({"staff", "associate"})
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
    {"it", "is", "technical", "tech", "desktop", "technology", "application", "system", "computer", "network"}
)  # "IS": information systems, the IT department (O*NET's "IS Tech", "IS Manager")
_FINAL_APPEND = {"support": "specialist", "helpdesk": "technician", "servicedesk": "analyst", "bi": "analyst"}
# Separators between the parts of a title: " - ", "—", ",", ";", ":", "|", "•", " @ ", " at ", " + ". The
# alternatives start with different characters, so their order is free: the quickest to rule out first.
_SPLIT_RE = re.compile(r"[,;:|•]|[-–—]+\s|\s(?:[-–—]+\s?|@\s?|\+\s)|\bat\s(?=[a-z])")
# What each _SPLIT_RE match needs but a lone comma, searched for quickly: a title with neither is split
# at its commas only (str.split: the regex split tried every alternative at every character).
_SPLIT_CHAR_RE = re.compile(r"[-–—;:|•@+]")
_AT_RE = re.compile(r"at\s")
_CUM_RE = re.compile(r"\s+cum\s+")
_PAREN_RE = re.compile(r"[(\[{][^)\]}]*[)\]}]?")
_TOKEN_RE = re.compile(r"[a-z0-9]+(?:\.[a-z0-9]+)*|/")
_SUPPORT_TIERS = frozenset({"l1", "l2", "l3"})  # the levels of an IT support organisation
_KEEP_DIGIT_TOKENS = frozenset({"3d", "2d", "web3", "5g", "4g", "c2", "b2b", "b2c", "s4", "s4hana"})
# Tokens some rule of _take_out applies to besides words with digits; any other word is kept as is.
_SPECIAL_TOKENS = frozenset(
    {"/", "lead", "techlead", *_NOISE, *_ROMAN_LEVELS, *_LEVEL_WORDS_ANYWHERE, *_LEVEL_WORDS_PREFIX}
)


class _Analysis:
    """A title taken apart; not changed once built.

    A plain class, not a NamedTuple: compiled, it is built and read natively, where a NamedTuple's
    constructor is interpreted and its fields are read through descriptors."""

    __slots__ = (
        "core", "lead_alone", "levels", "numeric_level", "removed", "respelt", "segments", "support_tier",
        "tech_lead",
    )  # fmt: skip

    def __init__(
        self,
        segments: tuple[tuple[str, ...], ...],
        core: str,
        levels: tuple[str, ...],
        numeric_level: str | None,
        removed: tuple[str, ...],
        tech_lead: bool = False,
        lead_alone: bool = False,
        respelt: tuple[tuple[str, str], ...] = (),
        support_tier: bool = False,
    ) -> None:
        self.segments = segments  # core tokens per segment ("/" marks a multi-role split)
        self.core = core  # all core tokens, space-separated: the index key
        self.levels = levels  # seniority words taken out, in order
        self.numeric_level = numeric_level  # seniority implied by "II", "3"
        self.removed = removed  # raw pieces dropped (for the evidence)
        self.tech_lead = tech_lead  # "Tech Lead"/"Technical Lead" was said (a lead developer unless more)
        self.lead_alone = lead_alone  # ... and it opened the title with no other word in its part
        self.respelt = respelt  # misspelt words read as title words (set by matching)
        self.support_tier = support_tier  # an IT support tier was said ("L1", "(L2)")


def _segment_tokens(
    raw: str, levels: list[str], numeric: list[str], removed: list[str], flags: list[str] | None = None
) -> tuple[str, ...]:
    words = _fold(_tokens(raw))
    if "." in raw:  # "node.js", "b.sc": each part is a word (split after folding, as the index was built)
        words = [part for word in words for part in word.split(".")]
    tokens = words
    # (membership tests in loops, not set methods: compiled, the loops run natively)
    if any(word in _TOKEN_MAP for word in words):
        tokens = []
        for word in words:
            mapped = _TOKEN_MAP.get(word)
            if mapped is None:
                tokens.append(word)
            else:
                tokens.extend(mapped)
    if all(tok not in _SPECIAL_TOKENS and tok.isalpha() for tok in tokens):
        out = tokens  # ordinary words only, the common case: no level, noise or number to take out
    else:
        out = _take_out(tokens, levels, numeric, removed, flags)
    # "director of engineering" → "engineering director" (both the index and queries)
    if "of" in out:
        i = out.index("of")
        if 0 < i < len(out) - 1 and out[i - 1] in _OF_HEADS and "/" not in out[i + 1 :]:
            out = out[i + 1 :] + out[:i]
    return tuple([t for t in out if t not in _STOP]) if any(t in _STOP for t in out) else tuple(out)


def _tokens(raw: str) -> list[str]:
    """``_TOKEN_RE.findall(raw)``; a segment of lower-case ASCII letters, digits and spaces only (most are)
    is split at its spaces instead, which gives its words as the regex does and costs a fraction."""
    if raw.isascii() and raw.islower() and raw.replace(" ", "").isalnum():
        return raw.split()
    return _TOKEN_RE.findall(raw)


def _take_out(
    tokens: list[str], levels: list[str], numeric: list[str], removed: list[str], flags: list[str] | None
) -> list[str]:
    """The words of a segment left once levels, noise and numbers are taken out (and said in the lists)."""
    out: list[str] = []
    for i, tok in enumerate(tokens):
        if tok not in _SPECIAL_TOKENS and tok.isalpha():
            out.append(tok)  # an ordinary word, the most common token: none of the rules below apply
            continue
        if tok == "/":
            if out and out[-1] != "/":
                out.append("/")
            continue
        if tok in _NOISE:
            removed.append(tok)
            continue
        if not tok.isalpha() and tok not in _KEEP_DIGIT_TOKENS:  # tokens are [a-z0-9]: it has a digit
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
            # "Senior Engineer"; "Engineer Senior", "(Senior)", "- Junior": a level word before a word, after
            # a job noun, or alone in its part of the title
            nxt = next((t for t in tokens[i + 1 :] if t not in _NOISE and t != "/"), None)
            prev = out[-1] if out else "/"
            alone = prev == "/" and nxt is None
            if nxt is not None or alone or (prev in _JOB_NOUNS and tok not in _NOUN_LEVEL_WORDS):
                levels.append(_LEVEL_WORDS_PREFIX[tok])
                removed.append(tok)
                continue
        out.append(tok)
    while out and out[-1] == "/":
        out.pop()
    while out and out[0] == "/":
        out.pop(0)
    return out


def _paren(m: re.Match[str], removed: list[str], levels: list[str]) -> str:
    inner = m.group(0).strip("()[]{} ")
    said: list[str] = []
    if not _segment_tokens(inner, said, [], []):
        # noise ("(Remote)", "(6 Months)"), or only a level ("(Senior)"): the level still counts
        levels.extend(said)
        removed.append(m.group(0).strip())
        return " , "
    return " , " + inner + " , "


@corpus_cache(maxsize=65_536)
def _analyse(title: str) -> _Analysis:
    text = unicodedata.normalize("NFKC", title).casefold()
    removed: list[str] = []
    levels: list[str] = []
    if "(" in text or "[" in text or "{" in text:
        # a parenthesis is a specialism ("(ETL Developer)"), or noise ("(Remote)") when nothing is left
        text = _PAREN_RE.sub(lambda m: _paren(m, removed, levels), text)
    if "cum" in text:
        # "Web Developer cum Web Designer": one post of several jobs, the main one named first
        text = _CUM_RE.sub(" / ", text)
    if "+" in text or "#" in text or "." in text or "/" in text:
        text = _SYMBOLS_RE.sub(_symbol, text)
    numeric: list[str] = []
    segments: list[tuple[str, ...]] = []
    flags: list[str] = []
    lead_alone = False
    if _SPLIT_CHAR_RE.search(text) is not None or _AT_RE.search(text) is not None:
        parts = _SPLIT_RE.split(text)
    else:
        parts = text.split(",")  # what _SPLIT_RE.split gives: only its lone-comma separator can match
    for raw in parts:
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
    words = list(chain.from_iterable(segments))
    core = " ".join([t for t in words if t != "/"] if "/" in words else words)
    return _Analysis(
        tuple(segments), core, tuple(levels), numeric[0] if numeric else None, tuple(removed), bool(flags),
        lead_alone, support_tier=bool(removed) and any(r.strip("()[]{} ") in _SUPPORT_TIERS for r in removed),
    )  # fmt: skip


def normalise_title(title: str) -> str:
    """The cleaned core of a title: the key the index is built on and matched with."""
    return _analyse(title).core


# Core words that still say the level: managing heads, and "lead" kept in the core ("PHP Lead").
_CORE_LEVELS = {**_MANAGEMENT_HEADS, "lead": "lead"}


def _seniority(analysis: _Analysis, role: str | None) -> str | None:
    said = [_CORE_LEVELS[t] for t in chain.from_iterable(analysis.segments) if t in _CORE_LEVELS]
    if role in _MANAGER_NAMED_ROLES:
        said = [level for level in said if level != "manager"]  # "manager" names the role, not its level
    found = [*analysis.levels, *said]
    if "intern" in found:
        return "intern"
    if found:
        return max(found, key=_RANK.__getitem__)
    return analysis.numeric_level
