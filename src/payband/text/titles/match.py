"""The matching cascade: a normalised title → catalog role (or outside), confidence and evidence.

Matching runs from exact to loose: the whole normalised title; the title with a specialism
("Software Engineer, Machine Learning" → "ml software engineer"); the main part alone; each part of a
multi-role title ("Platform/SRE", "Web Developer cum Web Designer"; the first-named job wins unless a later
one is clearly surer); a tech skill before an engineer/developer/programmer/coder head
("Senior Java Engineer" → software-developer, "Spark Engineer" → data-engineer, "AWS Engineer" →
cloud-engineer, "PL/SQL Developer" → data-engineer, ESCO's database developer), through the index's
skill → role table that ``scripts/build_titles.py`` derives from the catalog's aliases and role skills
(its docstring gives the rule; a full-stack developer of a specialist platform skill, "Flutter Fullstack
Developer", is the alias "Flutter Developer"); with other words left, the title
without the skill words ("Backend Java Engineer" → "backend engineer"); the same words in any order; a
management head over a discipline ("Data Science Manager" → data-scientist, seniority manager), also
before a trailing department when the title says a level ("DevOps Lead - Campaign"); "Tech Lead"
("Technical Lead (Java)", "Tech Lead - Payments": a lead developer, of the skills' role when only skills
follow); a developer/programmer head opening the title before a team name ("Developer TCore"); a
consultant of a role whose aliases name consultants, as its analyst alias ("Applications Consultant":
"Applications Analyst"); the rank noun with a catalog discipline ("IT Executive", "Assistant - IT": the
discipline's worker); an ERP
or business-application consultant ("SAP FICO Consultant", "Oracle Retail Functional Lead": the catalog
aliases "SAP Consultant", "Functional Consultant"; "SAP Business Analyst"); a software test title
with no hardware cue ("Test Analyst": qa-engineer); an architect of a data field ("Analytics Architect":
the data-engineer alias "Data Architect"); a product consultant whose developer is an alias ("DataStage
Consultant"); application, production, software and service-desk support ("Application Support
Analyst": it-support-specialist, its manager it-manager); an engineer/analyst or support post at a
support tier ("MS Engineer (L1)": it-support-specialist); the longest known phrase inside the title (a
managing head there keeps its discipline only when the words before it are technical: "Precision Engineering
Manager" is no software manager). A description, when given, breaks ties between close roles with
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

import re
from collections.abc import Sequence
from itertools import pairwise

from payband.errors import InputError
from payband.memo import corpus_cache
from payband.text.titles.index import (
    _RESPELL_MIN,
    _SOURCE_CONFIDENCE,
    NO_RUNNER,
    OUTSIDE,
    SOURCE_NAMES,
    TitleIndex,
    _Entry,
    load_title_index,
)
from payband.text.titles.models import TitleMatch, TitleRole
from payband.text.titles.normalise import (
    _FINAL_APPEND,
    _GENERIC_HEADS,
    _JOB_NOUNS,
    _MANAGEMENT_HEADS,
    _TECH_SUPPORT,
    _analyse,
    _Analysis,
    _fold,
    _seniority,
)

__all__ = [
    "MAX_CONFIDENCE",
    "MAX_DESCRIPTION_CHARS",
    "MAX_TITLE_CHARS",
    "SURE_CONFIDENCE",
    "can_name_surely",
    "classify_title",
    "title_role",
]

MAX_TITLE_CHARS = 500
MAX_DESCRIPTION_CHARS = 100_000
# The most confidence a role is given with: no hit is surer than its index source's trust (every factor
# below is at most 1). Readers of many pieces stop early on it.
MAX_CONFIDENCE = max(_SOURCE_CONFIDENCE)
# A role given with this confidence or more comes from an index key of the catalog, an ESCO preferred
# label or combined catalog aliases, made of the title's own words (see can_name_surely).
SURE_CONFIDENCE = 0.9
_SURE_SOURCES = frozenset(i for i, conf in enumerate(_SOURCE_CONFIDENCE) if conf >= SURE_CONFIDENCE)
_ACCEPT = 0.5  # below this confidence a role is not given
_DECISIVE_HEADS = frozenset({"developer", "programmer"})
# Heads a tech-skill modifier can name a role with ("Java Engineer"), and the head family each reads as.
_SKILL_HEADS = {
    "engineer": "engineer",
    "developer": "developer",
    "programmer": "developer",
    "coder": "developer",
}
_MAX_SKILL_WORDS = 4
# Heads that name a developer only through tech skills before them ("SAP ABAP Consultant", ".NET
# Specialist"); on their own, or with other words, they name nothing.
_SOFT_SKILL_HEADS = frozenset({"consultant", "specialist", "expert"})
# A department word before a kept "lead" names the lead's job: "Development Lead" → developer.
# Nouns that say a rank or a post, not a job ("IT Executive", "Assistant - IT", "Software Officer"): the
# job is the discipline they are said with.
_RANK_NOUNS = frozenset(
    {"executive", "assistant", "officer", "staff", "professional", "practitioner", "personnel", "associate"}
)
# Heads an ERP/business-application consultant is named with ("SAP FICO Consultant", "Oracle Retail
# Functional Lead"); "functional" before them (or ending the title) names the functional consultant.
_FUNCTIONAL_HEADS = frozenset({"consultant", "analyst", "expert", "specialist", "lead", "member"})
_FUNCTIONAL_WORDS = frozenset({"functional", "techno"})
_MAX_MODULE_WORDS = 3
# Words that widen a managing title's scope without naming a different discipline ("Regional IT Manager").
_SCOPE_WORDS = frozenset({"regional", "global", "group", "country", "deputy"})
_LEAD_NOUNS = {
    "development": "developer", "programming": "programmer", "testing": "tester", "test": "tester",
    "engineering": "engineer",
}  # fmt: skip


class _Hit:
    """An index key a title matched, its entry, the method that found it, the confidence and a note.

    A plain class, not a NamedTuple: compiled, its constructor is native code, where a NamedTuple's is
    interpreted. Not changed once built."""

    __slots__ = ("confidence", "entry", "key", "method", "note")

    def __init__(self, key: str, entry: _Entry, method: str, confidence: float, note: str = "") -> None:
        self.key = key
        self.entry = entry
        self.method = method
        self.confidence = confidence
        self.note = note


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
    return tuple([t for t in seg if t != "/"]) if "/" in seg else seg


_SWAP_HEADS = {"engineer": "developer", "developer": "engineer"}
_LATER_PART = 0.85  # a later part of a multi-job title yields to the first unless clearly surer


def _swapped(index: TitleIndex, tokens: Sequence[str]) -> tuple[str, _Entry] | None:
    """ "Mobile Application Engineer", not a known title, as the catalog alias "Mobile Application
    Developer": the other of engineer/developer, when that is a catalog alias of a role."""
    if len(tokens) < 2 or tokens[-1] not in _SWAP_HEADS:
        return None
    key = " ".join((*tokens[:-1], _SWAP_HEADS[tokens[-1]]))
    entry = index.titles.get(key)
    if entry is None or entry.cls < 0 or entry.source != 0:
        return None
    return key, entry


def _consultant_as_analyst(index: TitleIndex, tokens: Sequence[str]) -> tuple[str, _Entry] | None:
    """ "Applications Consultant", not a known title, as the catalog alias "Applications Analyst": the
    analyst of a role whose own aliases name consultants too ("ERP Consultant", "BI Consultant")."""
    if len(tokens) < 2 or tokens[-1] != "consultant":
        return None
    key = " ".join((*tokens[:-1], "analyst"))
    entry = index.titles.get(key)
    if entry is None or entry.cls < 0 or entry.source != 0:
        return None
    if "consultant" not in _catalog_facts(index)[1].get(index.roles[entry.cls], frozenset()):
        return None
    return key, entry


def _hit(index: TitleIndex, key: str, entry: _Entry, method: str, factor: float, note: str = "") -> _Hit:
    conf = _SOURCE_CONFIDENCE[entry.source] * factor
    if entry.runner != NO_RUNNER:
        conf *= 0.92
    return _Hit(key, entry, method, conf, note)


def _match_slash(index: TitleIndex, main: tuple[str, ...]) -> _Hit | None:
    if "/" not in main:
        return None
    parts = _parts(main)
    if len(parts) < 2:
        return None
    head = parts[-1][-1]
    # each part a job of its own ("Node.js Developer/Support Engineer", not "Java/Kotlin Engineer")
    own_heads = all(p[-1] in _GENERIC_HEADS for p in parts)
    best: _Hit | None = None
    best_rank = 0.0
    for n, part in enumerate(parts):
        tries = [part]
        if part[-1] not in _GENERIC_HEADS and head in _GENERIC_HEADS:
            tries.insert(0, (*part, head))
        hit: _Hit | None = None
        for t in tries:
            entry = _lookup(index, t)
            if entry is not None:
                hit = _hit(index, " ".join(t), entry, "part", 0.92)
                break
        else:
            hit = _match_skill_head(index, part) if own_heads else None
        if hit is None:
            continue
        # a title naming several jobs names its main one first ("Node.js Developer/Support Engineer")
        rank = hit.confidence * (1.0 if n == 0 else _LATER_PART)
        if best is None or rank > best_rank:
            best, best_rank = hit, rank
    return best


def _skill_cover(index: TitleIndex, tokens: Sequence[str]) -> tuple[list[str], list[str]]:
    """Split tokens into skill names (longest first) and the other words, in order; "/" is dropped."""
    keys: list[str] = []
    rest: list[str] = []
    i, n = 0, len(tokens)
    slash = "/" in tokens
    while i < n:
        if tokens[i] == "/":
            i += 1
            continue
        for j in range(min(n, i + _MAX_SKILL_WORDS), i, -1):
            if slash and "/" in tokens[i:j]:
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


_PROGRAMMING_WHY = re.compile(
    r"catalog alias '[^']* (?:developer|programmer|coder)'|\b(?:language|framework|library|database|os) skill"
)


def _programming(index: TitleIndex, keys: Sequence[str]) -> bool:
    """Whether every skill named is one a developer is named by: a catalog alias "<skill> developer", or a
    language, framework, library, database or OS skill (the why the index records for its developer role)."""
    for key in keys:
        dev_role, dev_why = index.skill_roles[key][2:]
        if dev_role is None or _PROGRAMMING_WHY.search(dev_why) is None:
            return False
    return True


def _specialist_skill(index: TitleIndex, key: str) -> bool:
    """Whether a skill names one specialist role (not the generic developer) before either head."""
    eng_role, _, dev_role, _ = index.skill_roles[key]
    if eng_role is None or eng_role != dev_role or eng_role == index.generic_developer:
        return False
    # a product's name, not ordinary title words ("Informatica", not "Data Processing")
    return not any(t in _catalog_facts(index)[0] for t in key.split())


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


_STACK_WORDS = frozenset({"fullstack"})


def _generic_cls(index: TitleIndex) -> int:
    return index.roles.index(index.generic_developer) if index.generic_developer is not None else NO_RUNNER


def _match_skill_head(index: TitleIndex, main: tuple[str, ...]) -> _Hit | None:
    """ "<skills> engineer/developer/programmer/coder": the role the skills point to, or the title left
    when the skill words are taken out ("Backend Java Engineer" → "backend engineer")."""
    if len(main) < 2 or (main[-1] not in _SKILL_HEADS and main[-1] not in _SOFT_SKILL_HEADS):
        return None
    head = main[-1]
    keys, rest = _skill_cover(index, main[:-1])
    if not keys:
        return None
    words = " ".join(t for t in main if t != "/")
    if head in _SOFT_SKILL_HEADS:
        if rest:
            # "Azure DevOps Consultant": the title left once the skills are taken out, when it is a role's
            key = " ".join((*rest, head))
            entry = index.titles.get(key)
            if entry is None or entry.cls < 0:
                return None
            named = ", ".join(f"'{k}'" for k in keys)
            note = f"title '{key}' ({index.roles[entry.cls]}) once skill {named} is taken out"
            return _hit(index, key, entry, "skill", 0.9, note)
        # only tech skills before a consultant/specialist head: a developer of those skills, or the
        # specialist role both heads name ("Informatica Consultant": data-engineer)
        if not all(_programming(index, (k,)) or _specialist_skill(index, k) for k in keys):
            return None
        return _skill_hit(index, keys, "developer", words, 0.85)
    if not rest:
        return _skill_hit(index, keys, head, words, 1.0)
    if set(rest) <= _STACK_WORDS:
        # "Flutter Fullstack Developer": full stack says across layers, not which platform; a skill whose
        # developer is a specialist role's catalog alias ("Flutter Developer") names the platform
        hit = _skill_hit(index, keys, head, words, 0.95)
        if hit is not None and "catalog alias" in hit.note and hit.entry.cls != _generic_cls(index):
            return hit
    key = " ".join((*rest, head))
    entry = index.titles.get(key)
    if entry is None:
        swap = _swapped(index, (*rest, head))
        if swap is None:
            return None
        key, entry = swap
    named = ", ".join(f"'{k}'" for k in keys)
    what = "outside the catalog" if entry.cls == OUTSIDE else f"{index.roles[entry.cls]}"
    return _hit(index, key, entry, "skill", 0.95, f"title '{key}' ({what}) once skill {named} is taken out")


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
    """ "Developer TCore": a decisive head opening the title before a team or product name; "Engineer
    Java (Web API)": a skill head before tech skills only, the skills' role."""
    if len(main) < 2 or "/" in main:
        return None
    if main[0] in _SKILL_HEADS:
        keys, rest = _skill_cover(index, main[1:])
        if keys and not rest:
            return _skill_hit(index, keys, main[0], " ".join(main), 0.9)
    if main[0] not in _DECISIVE_HEADS:
        return None
    if any(t in _JOB_NOUNS or t in index.domain_tokens or t in _MANAGEMENT_HEADS for t in main[1:]):
        return None
    entry = index.titles.get(main[0])
    if entry is None or entry.cls < 0:
        return None
    note = f"head '{main[0]}' opens the title before '{' '.join(main[1:])}' ({index.roles[entry.cls]})"
    return _Hit(main[0], entry, "skill", 0.6, note)


def _discipline_worker(index: TitleIndex, phrase: str, manager: str) -> _Hit | None:
    """A managed discipline named with no managing word ("Software Intern", "IT Trainee") is its worker's
    job, the role of "<discipline> specialist/technician/developer/engineer" in the index; none when that
    is an outside title or another managing role."""
    for head in ("specialist", "technician", "developer", "engineer"):
        key = f"{phrase} {head}"
        entry = index.titles.get(key)
        if entry is None:
            continue
        if entry.cls < 0 or index.roles[entry.cls] in index.manager_roles:
            return None
        role = index.roles[entry.cls]
        note = f"discipline '{phrase}' named with no job noun or managing word: its worker '{key}' ({role})"
        return _Hit(key, entry, "discipline", 0.55, note)
    return None


def _match_lead_of(index: TitleIndex, main: tuple[str, ...]) -> _Hit | None:
    """ "PHP Lead", "Development Team Lead", "Back End Lead": a lead of the job the words before it name
    (a developer of tech skills, "<words> developer", a department's job)."""
    if len(main) < 2 or main[-1] != "lead" or "/" in main:
        return None
    rest = main[:-1]
    keys, left = _skill_cover(index, rest)
    if keys and not left and _programming(index, keys):
        hit = _skill_hit(index, keys, "developer", " ".join(main), 0.9)
        if hit is not None:
            return hit
    tries = [(*rest, "developer")]
    if rest[-1] in _LEAD_NOUNS:
        tries.insert(0, (*rest[:-1], _LEAD_NOUNS[rest[-1]]))
    for tokens in tries:
        key = " ".join(tokens)
        entry = index.titles.get(key)
        if entry is not None and entry.cls >= 0:
            note = f"'{' '.join(main)}' is a lead {key} ({index.roles[entry.cls]})"
            return _hit(index, key, entry, "skill", 0.85, note)
    return None


def _match_skills_only(index: TitleIndex, main: tuple[str, ...]) -> _Hit | None:
    """ "Senior Android", "Big Data": tech skills and nothing else name a developer of those skills."""
    plain = _plain(main)
    if not plain or not _JOB_NOUNS.isdisjoint(plain):
        return None
    keys, rest = _skill_cover(index, plain)
    if not keys or rest or not _programming(index, keys):
        return None
    return _skill_hit(index, keys, "developer", " ".join(plain), 0.8)


def _match_rank_noun(index: TitleIndex, main: tuple[str, ...]) -> _Hit | None:
    """ "IT Executive", "Assistant - IT", "IT Support Executive": a rank noun said with a catalog discipline
    (or a tech support function) is the discipline's worker ("it specialist"); none for other words
    ("Marketing Executive", "Data Executive")."""
    if "/" in main or not (main[0] in _RANK_NOUNS or main[-1] in _RANK_NOUNS):
        return None
    start, end = 0, len(main)
    while start < end and main[start] in _RANK_NOUNS:
        start += 1
    while end > start and main[end - 1] in _RANK_NOUNS:
        end -= 1
    rest = main[start:end]
    if not rest or len(rest) > 3 or not _GENERIC_HEADS.isdisjoint(rest):
        return None
    phrase = " ".join(rest)
    if phrase in index.disciplines:
        return _discipline_worker(index, phrase, index.disciplines[phrase])
    last = rest[-1]
    if last in _FINAL_APPEND and (last != "support" or (len(rest) > 1 and rest[-2] in _TECH_SUPPORT)):
        key = f"{phrase} {_FINAL_APPEND[last]}"
        entry = index.titles.get(key)
        if entry is not None and entry.cls >= 0:
            role = index.roles[entry.cls]
            note = f"'{' '.join(main)}' is a post in '{phrase}': its worker '{key}' ({role})"
            return _hit(index, key, entry, "discipline", 0.7, note)
    return None


def _match_functional(index: TitleIndex, main: tuple[str, ...]) -> _Hit | None:
    """ERP and business-application consultants: "<X> Functional Consultant/Lead", "Oracle Retail
    Functional" (the catalog alias "functional consultant"), and "<product> <modules> Consultant" where
    "<product> consultant" is a known role title ("SAP FICO Consultant" as "sap consultant")."""
    plain = _plain(main)
    if len(plain) < 2:
        return None
    head = plain[-1]
    if head in _FUNCTIONAL_WORDS or (head in _FUNCTIONAL_HEADS and plain[-2] in _FUNCTIONAL_WORDS):
        key = f"functional {head}" if f"functional {head}" in index.titles else "functional consultant"
        entry = index.titles.get(key)
        if entry is not None and entry.cls >= 0:
            note = f"'{' '.join(plain)}' is a functional consultant: '{key}' ({index.roles[entry.cls]})"
            return _hit(index, key, entry, "skill", 0.9, note)
        return None
    if head not in _FUNCTIONAL_HEADS or len(plain) < 3 or len(plain) > _MAX_MODULE_WORDS + 2:
        return None
    key = f"{plain[0]} consultant"
    entry = index.titles.get(key)
    if entry is None or entry.cls < 0:
        return None
    modules = plain[1:-1]
    known = index.titles.get(" ".join(plain[1:]))
    if (known is None or known.cls != OUTSIDE or entry.source != 0) and any(
        t in index.vocabulary and t not in _FUNCTIONAL_WORDS for t in modules
    ):
        # module codes are no title words: "SAP FICO", not "Software Quality"; but a general title
        # outside the catalog said of the product is its business-application job ("SAP Business Analyst")
        return None
    note = f"'{' '.join(plain)}': a '{key}' ({index.roles[entry.cls]}) of modules '{' '.join(modules)}'"
    return _hit(index, key, entry, "skill", 0.85, note)


# Words that say a support function is IT support ("Application Support", "Service Desk Engineer").
_SUPPORT_NOUNS = frozenset({"support", "servicedesk", "helpdesk"})
_SUPPORT_SCOPE = _TECH_SUPPORT | {"software", "app", "production", "servicedesk", "helpdesk", "user", "desk"}
_SUPPORT_FILLER = frozenset({"level", "tier", "end", "operations", "service"})
_SUPPORT_POSTS = frozenset(
    {"specialist", "analyst", "engineer", "executive", "officer", "associate", "consultant", "technician",
     "staff", "agent", "lead", "representative", "assistant", "professional"}
)  # fmt: skip
_SUPPORT_MANAGERS = frozenset({"manager", "head", "director", "supervisor"})


def _match_support(index: TitleIndex, main: tuple[str, ...]) -> _Hit | None:
    """Application, production, software and service-desk support ("Application Production Support",
    "L2 Application Support Analyst", "Service Desk Engineer"): IT support, the role of the catalog alias
    "IT Support Specialist"; a manager of it is the IT manager's job."""
    plain = _plain(main)
    if _SUPPORT_NOUNS.isdisjoint(plain):
        return None
    at = max(i for i, t in enumerate(plain) if t in _SUPPORT_NOUNS)
    if len(plain) - at > 2:
        return None
    after, before = plain[at + 1 :], plain[:at]
    if after and after[0] not in _SUPPORT_POSTS and after[0] not in _SUPPORT_MANAGERS:
        return None
    if plain[at] == "support" and not any(t in _SUPPORT_SCOPE for t in before):
        return None
    if any(t in index.domain_tokens or t in _GENERIC_HEADS for t in before):
        return None
    if any(t not in _SUPPORT_SCOPE and t not in _SUPPORT_FILLER and t not in index.skill_roles
           and t not in index.tech_words for t in before):  # fmt: skip
        return None
    key = "it manager" if after and after[0] in _SUPPORT_MANAGERS else "it support specialist"
    entry = index.titles.get(key)
    if entry is None or entry.cls < 0:
        return None
    note = f"'{' '.join(plain)}' is IT support work: alias '{key}' ({index.roles[entry.cls]})"
    return _Hit(key, entry, "skill", 0.78, note)


def _match_tier(index: TitleIndex, analysis: _Analysis, plain: tuple[str, ...]) -> _Hit | None:
    """ "MS Engineer (L1)", "L1 Engineer", "L2 Support": a support tier (L1–L3) said of an engineer/analyst
    post that no known title names is IT support work, the role of the catalog alias "IT Support
    Specialist"."""
    if not analysis.support_tier or not plain or len(plain) > 3:
        return None
    if plain[-1] not in _SUPPORT_POSTS and plain[-1] not in _SUPPORT_NOUNS:
        return None
    if any(t in index.domain_tokens or t in _GENERIC_HEADS or t in _MANAGEMENT_HEADS for t in plain[:-1]):
        return None
    entry = index.titles.get("it support specialist")
    if entry is None or entry.cls < 0:
        return None
    note = f"'{' '.join(plain)}' at a support tier (L1–L3) is IT support work ({index.roles[entry.cls]})"
    return _Hit("it support specialist", entry, "skill", 0.7, note)


_TEST_WORDS = frozenset({"test", "testing"})
_TEST_POSTS = (_SUPPORT_POSTS - {"technician"}) | {"tester", "manager", "architect", "coordinator"}
# Words a software test title is said with besides the QA role's own alias words.
_SOFTWARE_TEST_WORDS = frozenset(
    {"it", "software", "system", "functional", "function", "manual", "automated", "uat", "performance",
     "integration", "regression", "development", "application", "web", "mobile", "game", "data", "etl"}
)  # fmt: skip
# Words that put a test job on hardware, not software ("Electrical Test Engineer", "RF Test Engineer").
_HARDWARE_CUES = frozenset(
    {"hardware", "electrical", "electronic", "electronics", "mechanical", "aerospace", "automotive",
     "vehicle", "flight", "rf", "semiconductor", "silicon", "chip", "asic", "fpga", "pcb", "battery",
     "manufacturing", "materials", "ndt", "nondestructive", "wafer", "device", "equipment", "component",
     "board", "instrument", "instrumentation", "lab", "laboratory", "field", "environmental", "structural",
     "engine", "avionics", "product", "process", "production", "quality", "reliability", "failure",
     "packaging", "analog", "digital", "power", "emc", "radio", "antenna", "optical", "photonics", "soil",
     "hw", "material", "chemical", "clinical", "medical", "drug", "water", "welding", "pressure", "petroleum"}
)  # fmt: skip


def _match_testing(index: TitleIndex, plain: tuple[str, ...], context: Sequence[str] = ()) -> _Hit | None:
    """A test analyst/engineer/lead with no hardware cue is a software tester ("Senior Test Analyst",
    "IT Test Engineer", "Automation Test Analyst"), the catalog's QA role; ESCO's and O*NET's test
    engineers and analysts are hardware jobs, said with words such as "electrical" or "flight"."""
    if len(plain) < 2 or plain[-1] not in _TEST_POSTS or _TEST_WORDS.isdisjoint(plain[:-1]):
        return None
    if any(t in _HARDWARE_CUES or t in index.domain_tokens for t in (*plain, *context)):
        return None
    entry = index.titles.get("software tester")
    if entry is None or entry.cls < 0:
        return None
    own = index.alias_tokens.get(index.roles[entry.cls], frozenset())
    if any(
        t not in own
        and t not in _SOFTWARE_TEST_WORDS
        and t not in _TEST_WORDS
        and (t not in index.skill_roles or _alias_word_count(index, t) > 0)
        for t in plain[:-1]
    ):
        return None  # other words ("Well Test", "ATE Test", "Penetration Test") name other testing
    role = index.roles[entry.cls]
    note = f"'{' '.join(plain)}' names testing with no hardware cue: a software tester ({role})"
    return _Hit("software tester", entry, "skill", 0.8, note)


_ARCHITECT_SCOPE = frozenset({"solution", "technical", "enterprise"})


def _match_architect(index: TitleIndex, plain: tuple[str, ...]) -> _Hit | None:
    """ "Big Data Solution Architect", "Analytics Architect": an architect of a field whose engineer is a
    catalog alias of a role that also has an architect alias ("Analytics Engineer", "Data Architect":
    data-engineer), or of skills such a role is named by; "Solution"/"Enterprise" only widen the scope."""
    if len(plain) < 2 or plain[-1] != "architect":
        return None
    field = tuple(t for t in plain[:-1] if t not in _ARCHITECT_SCOPE)
    if not field:
        return None
    role: str | None = None
    entry = index.titles.get(" ".join((*field, "engineer")))
    if entry is not None and entry.cls >= 0 and entry.source == 0:
        role = index.roles[entry.cls]
    else:
        keys, rest = _skill_cover(index, field)
        found = {index.skill_roles[k][0] for k in keys}
        if keys and not rest and len(found) == 1:
            role = found.pop()
    heads = _catalog_facts(index)[1]
    if role is None or "architect" not in heads.get(role, frozenset()):
        return None
    if any(
        t in index.alias_tokens.get(other, frozenset())
        for other in index.roles
        if other != role and "architect" in heads.get(other, frozenset())
        for t in field
    ):
        return None  # another architect role's word ("Infrastructure": Cloud Infrastructure Architect)
    hit_entry = _Entry(index.roles.index(role), 0, -1, NO_RUNNER)
    note = f"'{' '.join(plain)}' is an architect of '{' '.join(field)}', the field of {role}"
    return _Hit(" ".join(plain), hit_entry, "skill", 0.75, note)


def _match_product_consultant(index: TitleIndex, plain: tuple[str, ...]) -> _Hit | None:
    """ "DataStage Consultant": a consultant/specialist/expert of a product whose developer is a catalog
    alias ("DataStage Developer"), the product's word being in no other alias."""
    if len(plain) != 2 or plain[1] not in _SOFT_SKILL_HEADS:
        return None
    key = f"{plain[0]} developer"
    entry = index.titles.get(key)
    if entry is None or entry.cls < 0 or entry.source != 0 or _alias_word_count(index, plain[0]) != 1:
        return None
    note = f"'{' '.join(plain)}' is a consultant of the product of alias '{key}' ({index.roles[entry.cls]})"
    return _hit(index, key, entry, "skill", 0.85, note)


def _alias_word_count(index: TitleIndex, word: str) -> int:
    return _catalog_facts(index)[0].get(word, 0)


_FACTS: dict[int, tuple[dict[str, int], dict[str, frozenset[str]]]] = {}


def _catalog_facts(index: TitleIndex) -> tuple[dict[str, int], dict[str, frozenset[str]]]:
    """How many catalog aliases use each word, and each role's alias heads (computed once per index)."""
    facts = _FACTS.get(id(index))
    if facts is None:
        counts: dict[str, int] = {}
        heads: dict[str, set[str]] = {}
        for key, entry in index.titles.items():
            if entry.source == 0 and entry.cls >= 0:
                toks = key.split()
                heads.setdefault(index.roles[entry.cls], set()).add(toks[-1])
                for tok in set(toks):
                    counts[tok] = counts.get(tok, 0) + 1
        facts = counts, {role: frozenset(h) for role, h in heads.items()}
        _FACTS.clear()
        _FACTS[id(index)] = facts
    return facts


def _match_discipline(
    index: TitleIndex, main: tuple[str, ...], specs: Sequence[tuple[str, ...]], levels: Sequence[str] = ()
) -> _Hit | None:
    plain = _plain(main)
    if (not specs or levels) and " ".join(plain) in index.disciplines:
        phrase = " ".join(plain)
        role = index.disciplines[phrase]
        if role in index.manager_roles and "lead" not in levels:
            return _discipline_worker(index, phrase, role)
        entry = _Entry(index.roles.index(role), 0, -1, NO_RUNNER)
        return _Hit(phrase, entry, "discipline", 0.55, f"discipline '{phrase}' named without a job noun")
    if not plain or (plain[-1] not in _MANAGEMENT_HEADS and plain[-1] not in {"lead", "management"}):
        return None
    rests = [plain[:-1]] + [_plain(s) for s in specs]
    tech = index.tech_words
    for rest in rests:
        if any(t in index.domain_tokens for t in rest):
            continue
        for n in range(len(rest), 0, -1):
            for i in range(len(rest) - n + 1):
                phrase = " ".join(rest[i : i + n])
                managed = index.disciplines.get(phrase)
                # other words must keep it technical: "Precision Engineering Manager" is no software manager
                if managed is not None and all(
                    t in tech or t in _SCOPE_WORDS for t in (*rest[:i], *rest[i + n :])
                ):
                    entry = _Entry(index.roles.index(managed), 0, -1, NO_RUNNER)
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
                if best is not None and best_rank[0] > n:
                    break  # a shorter phrase ranks below the one found
                # a single word only as the head, the last word
                for i in range(n_all - n + 1) if n > 1 else (n_all - 1,):
                    has_head = i + n == n_all
                    sub = part[i : i + n]
                    entry = index.titles.get(" ".join(sub))
                    if entry is None:
                        continue
                    if (
                        has_head
                        and (sub[-1] in _MANAGEMENT_HEADS or sub[-1] == "lead")
                        and any(t not in index.tech_words and t not in _SCOPE_WORDS for t in part[:i])
                    ):
                        continue  # words before a managing head name what it manages: "Precision ..."
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
        if entry.cls == OUTSIDE and len(segs) == 1:
            hit = _match_testing(index, _plain(segs[0]), analysis.removed) or (
                _match_tier(index, analysis, segs[0]) if " " not in full else None  # "L1 Engineer"
            )
            if hit is not None:
                return hit
        return _hit(index, full, entry, "exact", 1.0)
    plains = [_plain(s) for s in segs]
    # a segment with a specialism: "Software Engineer, Machine Learning" → "ml software engineer"
    for a, pa in enumerate(plains):
        for b in range(1, len(plains)):
            if a != b:
                tokens = (*plains[b], *pa)
                entry = _lookup(index, tokens)
                if entry is not None:
                    return _hit(index, " ".join(tokens), entry, "specialism", 0.98)
    # the most specific segment that is a title on its own (a lone segment is the whole title, looked
    # up above); a rank noun alone in its part ("Assistant - IT") is said of the other part, not a title
    exact = [
        (i == 0 and len(p) > 1, len(p), -i, p)
        for i, p in enumerate(plains)
        if len(plains) > 1 and not (len(p) == 1 and p[0] in _RANK_NOUNS) and " ".join(p) in index.titles
    ]
    if exact:
        *_, tokens = max(exact)
        key = " ".join(tokens)
        entry = index.titles[key]
        if entry.cls == OUTSIDE and len(plains) > 1:
            others = [p for p in plains if p != tokens]
            hit = (
                _override_outside(index, key, others)
                or _match_testing(index, tokens, [t for p in others for t in p])
                # "Business Analyst - SAP": the product's business-application job
                or next(filter(None, (_match_functional(index, (*p, *tokens)) for p in others)), None)
            )
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
    lone_rank = len(plains) > 1 and len(plains[0]) == 1 and plains[0][0] in _RANK_NOUNS
    every = tuple([t for p in plains for t in p]) if len(plains) > 1 else plains[0]  # all segments' words
    for tokens in (plains[0], every)[lone_rank:] if len(plains) > 1 else plains:
        bag_key = index.bags.get(tuple(sorted(set(tokens))))
        if bag_key is not None:
            return _hit(index, bag_key, index.titles[bag_key], "reordered", 0.94)
    swap = _swapped(index, plains[0]) or _consultant_as_analyst(index, plains[0])
    if swap is not None:
        key, entry = swap
        return _hit(index, key, entry, "swap", 0.9, f"'{' '.join(plains[0])}' as alias '{key}'")
    hit = (
        _match_discipline(index, plains[0], plains[1:], analysis.levels)
        or _match_lead_of(index, plains[0])
        or _match_tech_lead(index, analysis, plains)
        or _match_head_first(index, plains[0])
        or _match_rank_noun(index, every if lone_rank else plains[0])
        or _match_functional(index, plains[0])
        or _match_testing(index, plains[0], every[len(plains[0]) :])
        or _match_architect(index, plains[0])
        or _match_product_consultant(index, plains[0])
        or next(filter(None, (_match_support(index, p) for p in plains)), None)
        or _match_tier(index, analysis, plains[0])
    )
    if hit is not None:
        return hit
    return _match_phrase(index, segs) or _match_skills_only(index, plains[0])


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


def _describe(index: TitleIndex, hit: _Hit, analysis: _Analysis) -> str:
    entry = hit.entry
    if hit.method == "discipline":
        what = f"{hit.note} (catalog discipline)"
    elif hit.method == "skill" or hit.note:
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
    if analysis.respelt:
        what += " reading " + ", ".join(f"'{a}' as '{b}'" for a, b in analysis.respelt)
    return what


def _check_title(title: str) -> None:
    if not isinstance(title, str):
        raise InputError(f"a job title must be text, not {type(title).__name__}")
    if len(title) > MAX_TITLE_CHARS:
        raise InputError(f"job title is {len(title)} characters long; the limit is {MAX_TITLE_CHARS}")


def classify_title(title: str, description: str | None = None) -> TitleMatch:
    """Classify a job title: catalog role (None outside the catalog), seniority, confidence, evidence."""
    _check_title(title)
    if description is not None and len(description) > MAX_DESCRIPTION_CHARS:
        raise InputError(
            f"job description is {len(description)} characters long; the limit is {MAX_DESCRIPTION_CHARS}"
        )
    if description is None or not description.strip():
        return _classify(title)
    return _classify_with(title, description)


def title_role(title: str) -> TitleRole:
    """What ``classify_title(title)`` says of the role, seniority and confidence, and by which method,
    without its evidence (for weighing many pieces of text; nothing is remembered)."""
    _check_title(title)
    index = load_title_index()
    analysis, hit = _find_respelled(index, _analyse(title))
    if hit is None:
        return TitleRole(None, _seniority(analysis, None), 0.4 if analysis.core else 0.2, "none")
    role, confidence, _ = _verdict(index, hit)
    return TitleRole(role, _seniority(analysis, role), round(min(max(confidence, 0.0), 1.0), 3), hit.method)


def can_name_surely(title: str, role: str) -> bool:
    """False when ``title_role(title)`` cannot name ``role`` with SURE_CONFIDENCE or more: no index key
    of the role from a sure source is made of the title's words, respelt or with engineer and developer
    swapped (the only words the sure rules look up: exact, specialism, segment, skill-less and reordered
    titles). Cheaper than classifying when the answer is no."""
    _check_title(title)
    index = load_title_index()
    keys = _sure_keys(index).get(role, ())
    words = {tok for seg in _analyse(title).segments for tok in seg}
    for tok in [tok for tok in words if tok not in index.vocabulary]:
        fixed = _respelling(index, tok)
        if fixed is not None:
            words.add(fixed)
    words.update([_SWAP_HEADS[tok] for tok in words if tok in _SWAP_HEADS])
    return any(key <= words for key in keys)


_SURE_KEYS: dict[int, dict[str, tuple[frozenset[str], ...]]] = {}


def _sure_keys(index: TitleIndex) -> dict[str, tuple[frozenset[str], ...]]:
    """Per role, the words of each index key that names it from a sure source (computed once per index)."""
    keys = _SURE_KEYS.get(id(index))
    if keys is None:
        found: dict[str, set[frozenset[str]]] = {}
        for key, entry in index.titles.items():
            if entry.cls >= 0 and entry.source in _SURE_SOURCES:
                found.setdefault(index.roles[entry.cls], set()).add(frozenset(key.split()))
        keys = {role: tuple(sorted(sets, key=sorted)) for role, sets in found.items()}
        _SURE_KEYS.clear()
        _SURE_KEYS[id(index)] = keys
    return keys


@corpus_cache(maxsize=32_768)
def _classify(title: str) -> TitleMatch:
    index = load_title_index()
    analysis, hit = _find_respelled(index, _analyse(title))
    return _result(index, title, analysis, hit, None)


def _classify_with(title: str, description: str) -> TitleMatch:
    index = load_title_index()
    analysis, hit = _find_respelled(index, _analyse(title))
    return _result(index, title, analysis, hit, description)


def _respelling(index: TitleIndex, word: str) -> str | None:
    """The one catalog title word an unknown word is one typo away from ("programer", "analsyt")."""
    if len(word) < _RESPELL_MIN or word in index.vocabulary or not word.isalpha():
        return None
    found = set(index.spellings.get(word, ()))
    for i in range(len(word)):  # and each of its one-letter deletions
        found.update(index.spellings.get(word[:i] + word[i + 1 :], ()))
    return found.pop() if len(found) == 1 else None


def _find_respelled(index: TitleIndex, analysis: _Analysis) -> tuple[_Analysis, _Hit | None]:
    """Match; when nothing matches, match again with misspelt title words respelt."""
    hit = _find(index, analysis)
    if hit is not None and (hit.method != "phrase" or hit.entry.cls >= 0):
        return analysis, hit
    fixes: dict[str, str] = {}
    for tok in analysis.core.split():
        if tok in index.vocabulary:
            continue
        fixed = _respelling(index, tok)
        if fixed is not None:
            fixes[tok] = fixed
    if not fixes:
        return analysis, hit
    segments = tuple(tuple(fixes.get(t, t) for t in seg) for seg in analysis.segments)
    respelt = _Analysis(
        segments,
        " ".join(t for seg in segments for t in seg if t != "/"),
        analysis.levels,
        analysis.numeric_level,
        analysis.removed,
        analysis.tech_lead,
        analysis.lead_alone,
        tuple(fixes.items()),
        analysis.support_tier,
    )
    again = _find(index, respelt)
    if again is None or (hit is not None and again.method == "phrase"):
        return analysis, hit
    return respelt, again


def _verdict(index: TitleIndex, hit: _Hit) -> tuple[str | None, float, str | None]:
    """(role, confidence, runner-up) of a hit; a role named too weakly is given as the runner-up of no
    role, with the confidence that it is not that role."""
    role = index.role_of(hit.entry.cls)
    if role is not None and hit.confidence < _ACCEPT:
        return None, 1.0 - hit.confidence, role
    return role, hit.confidence, index.role_of(hit.entry.runner) if hit.entry.runner >= 0 else None


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
    role, confidence, runner = _verdict(index, hit)
    evidence = _describe(index, hit, analysis)
    if role is None and hit.entry.cls >= 0:
        evidence += f"; too weak (confidence {hit.confidence:.2f} < {_ACCEPT})"
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
