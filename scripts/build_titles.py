"""Build the bundled job-title index (src/payband/reference/data/title_index.json[.gz]).

Inputs: the roles catalog (titles and aliases, highest weight), O*NET 28.0 alternate titles (CC BY 4.0,
"O*NET 28.0 Database, USDOL/ETA") and ESCO 1.1.1 occupation labels (CC BY 4.0, "ESCO, European
Commission"). Titles of the occupations a role links go to that role; titles of every other occupation
are kept as "outside" evidence, so "Registered Nurse" maps to no role instead of the nearest tech role.
Keys are made by ``payband.text.titles.normalise_title``, the same function queries go through.

Shared codes: when several roles link one O*NET code or ESCO occupation, a title goes to the role whose
own title or aliases it matches best; a title that matches none goes to the code's default role (the
one whose SOC link is exact, the only linking role with a close link, or the role named by the
occupation's own title), and, where there is no default, counts as outside evidence at low weight
(O*NET files product managers under 11-2021 Marketing Managers: "Marketing Manager" is not a role).

Catalog first (``prefer_catalog``): an O*NET/ESCO title made of one role's catalog aliases goes to that
role ("Back End Software Engineer" = "Backend Engineer" + "Software Engineer"), and a linked label whose
last two words are an outside occupation's ESCO preferred label, foreign to the role's aliases, is
outside ("Product Marketing Manager"). A multi-word O*NET title filed under more outside codes than
linked ones (at least two) is outside evidence ("Quality Analyst": software QA, and two quality-control
codes).

Skill heads: ``skill_roles`` maps a tech skill's name (normalised like a title) to the role a title
"<skill> engineer" and a title "<skill> developer/programmer/coder" point to, and why. The rule reads the
catalog and the skill taxonomy only, no hand lists of skills (see ``skill_role``):

1. a catalog alias is "<skill> <head>" ("React Developer" → web-developer for "React Engineer" too), or
   "<skill> <one word> <head>" ("AWS Cloud Engineer" → cloud-engineer for "AWS Engineer");
   then, before a developer head only, a database skill or a query language (a language the taxonomy
   relates to a database: SQL, PL/SQL, T-SQL) names a database developer, the role that links ESCO's
   "database developer" ("PL/SQL Developer", "SQL Server Developer" → data-engineer);
2. else the roles using that head (a catalog alias ends in it) that list the skill: a programming skill
   (language, framework, library) that the generic developer role lists goes to it ("Python", "Java");
   otherwise the role that lists it at the highest weight (required over valued), ties broken by how many
   of the role's skills share the skill's category, then catalog order ("Spark" → data-engineer,
   "Kubernetes" → devops-engineer, "Selenium" → qa-engineer);
3. else a programming, database or OS skill goes to the generic developer role (the role of the bare
   alias "Programmer": "Mainframe", "Django", "COBOL"), and a cloud, devops, data, AI/ML, blockchain,
   networking or security skill to the role with the most skills of that category ("Hadoop" →
   data-engineer). Business, domain, design, soft and methodology skills, and tools no role lists, name
   no role ("AutoCAD Engineer", "PLC Programmer" stay outside).

Run: ``python scripts/build_titles.py [--shared DIR]``; ``--check`` rebuilds in memory and fails if the
bundled file differs. The dev-only title benchmark (titles-dev) is never read here.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from payband.reference.catalog import Role, load_catalog  # noqa: E402
from payband.text.titles import (  # noqa: E402
    _GENERIC_HEADS,
    _JOB_NOUNS,
    _SKILL_HEADS,
    _STOP,
    NO_RUNNER,
    OUTSIDE,
    _fold,
    normalise_title,
)

OUT_DIR = REPO / "src" / "payband" / "reference" / "data"
OUT_JSON = OUT_DIR / "title_index.json"
OUT_GZ = OUT_DIR / "title_index.json.gz"
SKILLS_JSON = OUT_DIR / "skills.json"
GZIP_ABOVE = 2_000_000
FORMAT_VERSION = 2

# Source codes (see payband.text.titles.SOURCE_NAMES) and the weight each carries in a conflict.
CATALOG, ESCO_PREF, ESCO_ALT, ONET, ONET_SHARED, CATALOG_COMBINED = range(6)
W_CATALOG = 100.0
W_ESCO_PREF, W_ESCO_ALT = 50.0, 30.0
W_OUT_ESCO_PREF, W_OUT_ESCO_ALT = 45.0, 25.0
W_ONET, W_ONET_EXACT_DEFAULT, W_ONET_DEFAULT = 20.0, 18.0, 14.0
W_OUT_ONET, W_OUT_ONET_LOOSE = 16.0, 10.0
RUNNER_SHARE = 0.6  # a second class is a runner-up when its weight is at least this share of the winner's
ALIAS_MATCH = 88.0  # token_sort_ratio for a shared title to count as matching a role's own alias
# A bare generic head ("Administrator", "Scientist") names no role on its own, except these.
DECISIVE_HEADS = frozenset({"developer", "programmer", "tester", "coder"})
# A word in at least this many outside titles and in no role title or skill is a domain word.
DOMAIN_MIN_TITLES = 2

# Skill heads (see the module docstring): which skill categories name a role in "<skill> engineer".
GENERIC_SKILL_CATEGORIES = frozenset({"language", "framework", "library"})
FALLBACK_GENERIC_CATEGORIES = GENERIC_SKILL_CATEGORIES | {"database", "os"}
FALLBACK_BY_CATEGORY = frozenset({"cloud", "devops", "data", "ai-ml", "blockchain", "networking", "security"})
LISTED_ONLY_CATEGORIES = frozenset({"tool"})  # a tool names a role only where a role lists it
SKILL_WEIGHT = {"required": 2, "valued": 1}
OUTSIDE_WORD_MIN = 5  # an alias word in this many outside titles is an ordinary word there
CATEGORY_SHARE = 0.25  # a category names a role when it is at least this share of the role's skill weight

# Curated: the discipline a "manager/director/head of X" title manages, for roles with no manager title
# of their own ("Data Science Manager" → data-scientist at seniority manager). Exact outside titles
# ("Security Manager", "QA Manager" when ESCO lists them) win before this table is consulted.
DISCIPLINES: dict[str, str] = {
    "data science": "data-scientist", "ml": "ml-engineer", "ai": "ml-engineer", "ai ml": "ml-engineer",
    "deep learning": "ml-engineer", "mlops": "ml-engineer", "ai research": "ai-research-scientist",
    "data analytics": "data-analyst", "analytics": "data-analyst", "data analysis": "data-analyst",
    "bi": "business-intelligence-analyst", "data engineering": "data-engineer",
    "data platform": "data-engineer", "software engineering": "software-engineering-manager",
    "software development": "software-engineering-manager", "engineering": "software-engineering-manager",
    "application development": "software-engineering-manager", "software": "software-engineering-manager",
    "it": "it-manager", "it operations": "it-manager", "it infrastructure": "it-manager",
    "technology": "it-manager", "devops": "devops-engineer", "platform engineering": "devops-engineer",
    "sre": "site-reliability-engineer", "reliability": "site-reliability-engineer",
    "cloud": "cloud-engineer", "cloud engineering": "cloud-engineer", "qa": "qa-engineer",
    "test automation": "qa-engineer", "quality engineering": "qa-engineer", "ux": "ux-designer",
    "ui ux": "ux-designer", "ux ui": "ux-designer", "product design": "ux-designer",
    "network": "network-engineer", "network engineering": "network-engineer",
    "network security": "network-engineer",
    "database": "database-administrator", "product": "product-manager",
    "product management": "product-manager", "ai product": "ai-product-manager",
    "mobile": "mobile-developer", "mobile engineering": "mobile-developer",
    "web development": "web-developer", "frontend": "web-developer", "game development": "game-developer",
    "blockchain": "blockchain-developer", "web3": "blockchain-developer", "embedded": "embedded-engineer",
    "firmware": "embedded-engineer", "technical writing": "technical-writer",
    "penetration testing": "penetration-tester", "offensive security": "penetration-tester",
}  # fmt: skip


@dataclass(frozen=True)
class Candidate:
    cls: int
    weight: float
    source: int
    occupation: int


def read_onet(shared: Path) -> tuple[dict[str, str], dict[str, list[tuple[str, str]]]]:
    """O*NET occupation titles by code, and alternate titles (title, short title) by code."""
    base = shared / "onet-28.0"
    titles: dict[str, str] = {}
    with (base / "ONET.OccupationData.tsv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            titles[row["oNETSOCCode"]] = row["title"]
    alternates: dict[str, list[tuple[str, str]]] = defaultdict(list)
    with (base / "ONET.AlternateTitles.tsv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            alternates[row["oNETSOCCode"]].append((row["alternateTitle"], row["shortTitle"]))
    return titles, alternates


def read_esco(shared: Path) -> list[tuple[str, str, list[str]]]:
    """ESCO occupations: (uri, preferred label, alternative labels), released ones only."""
    out = []
    with (shared / "esco-1.1.1" / "occupations_en.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["conceptType"] != "Occupation" or row["status"] != "released":
                continue
            alts = [a.strip() for a in row["altLabels"].split("\n") if a.strip()]
            out.append((row["conceptUri"], row["preferredLabel"].strip(), alts))
    out.sort()
    return out


def onet_variants(title: str, short: str) -> list[str]:
    """An O*NET alternate title, its parenthesised expansion and a multi-word short title."""
    out = [title]
    m = re.match(r"^(.*?)\s*\(([^)]*)\)\s*$", title)
    if m:
        out = [m.group(1)]
        inner = m.group(2).strip()
        if " " in inner and inner != short:
            out.append(inner)
    if short and short != "n/a" and " " in short.strip():
        out.append(short.strip())
    return out


def role_keys(role: Role) -> list[str]:
    return sorted({k for k in (normalise_title(t) for t in (role.title, *role.aliases)) if k})


def similarity(key: str, alias_keys: list[str], scorer: Any = fuzz.token_sort_ratio) -> float:
    head = key.rsplit(" ", 1)[-1]
    best = 0.0
    for alias in alias_keys:
        if alias.rsplit(" ", 1)[-1] != head:
            continue
        best = max(best, float(scorer(key, alias)))
    return best


def best_alias_role(key: str, candidates: list[int], alias_keys: dict[int, list[str]]) -> int | None:
    """The candidate role whose own alias the title matches clearly best, or None."""
    scored = sorted(((similarity(key, alias_keys[c]), -c) for c in candidates), reverse=True)
    if not scored or scored[0][0] < ALIAS_MATCH:
        return None
    if len(scored) > 1 and scored[0][0] - scored[1][0] < 3:
        return None
    return -scored[0][1]


def onet_default(
    code: str, linking: list[int], roles: list[Role], alias_keys: dict[int, list[str]], occ_title: str
) -> int | None:
    """The role a generic title of a shared or loosely linked O*NET code goes to, or None."""
    soc = code[:7]
    exact = [i for i in linking if any(s.code == soc and s.match == "exact" for s in roles[i].soc)]
    if len(exact) == 1:
        return exact[0]
    if len(linking) == 1 and any(s.code == soc and s.match == "close" for s in roles[linking[0]].soc):
        return linking[0]
    key = normalise_title(occ_title)
    scored = []
    for i in linking:
        for alias in alias_keys[i]:
            shared_words = set(alias.split()) & set(key.split())
            if len(shared_words) >= 2 and fuzz.token_set_ratio(key, alias) >= 90:
                scored.append((float(fuzz.token_set_ratio(key, alias)), -i))
    return -max(scored)[1] if scored else None


def role_keywords(
    role: Role, skills: dict[str, dict[str, Any]], alias_token_roles: dict[str, set[str]]
) -> list[str]:
    """Description words that point to the role: its skills' labels and aliases, distinctive alias words."""
    words: set[str] = set()

    def add(text: str) -> None:
        toks = _fold(re.findall(r"[a-z0-9][a-z0-9+#]*", text.casefold()))
        if 1 <= len(toks) <= 2 and not (len(toks) == 1 and len(toks[0]) < 2):
            words.add(" ".join(toks))

    for rs in role.skills:
        skill = skills.get(rs.id)
        add(rs.id.replace("-", " "))
        if skill is not None:
            add(skill["label"])
            for alias in skill.get("aliases", []):
                add(alias)
    for token, owners in alias_token_roles.items():
        if role.id in owners and len(owners) <= 2 and token not in _GENERIC_HEADS and token not in _STOP:
            words.add(token)
    return sorted(w for w in words if w not in _STOP)


def head_family(head: str) -> str:
    """The head a skill title is read with: "engineer", or "developer" for developer/programmer/coder."""
    return _SKILL_HEADS[head]


def skill_role(
    skill: dict[str, Any],
    names: list[str],
    family: str,
    roles: list[Role],
    alias_keys: dict[int, list[str]],
    generic: int,
    categories: dict[str, str],
    database_developer: int | None = None,
) -> tuple[int, str, int] | None:
    """The role "<skill> <head>" points to for a head family, why, and the rule's step (1–3); or None."""
    category = skill["category"]
    family_roles = [
        i for i in range(len(roles)) if any(head_family(k.rsplit(" ", 1)[-1]) == family
                                            for k in alias_keys[i] if k.rsplit(" ", 1)[-1] in _SKILL_HEADS)
    ]  # fmt: skip
    # 1. a catalog alias names the skill before a head (same head family first)
    for n_between in (0, 1):
        found: list[tuple[bool, int, str]] = []
        for i in range(len(roles)):
            for alias in alias_keys[i]:
                toks = alias.split()
                if toks[-1] not in _SKILL_HEADS:
                    continue
                for name in names:
                    ntoks = name.split()
                    if len(toks) == len(ntoks) + 1 + n_between and toks[: len(ntoks)] == ntoks:
                        found.append((head_family(toks[-1]) != family, i, alias))
        if found:
            counts: dict[int, int] = defaultdict(int)
            for _, i, _ in found:
                counts[i] += 1
            _, i, alias = min(found, key=lambda f: (f[0], -counts[f[1]], f[1], f[2]))
            return i, f"catalog alias '{alias}'", 1

    # 1b. a database, or a query language the taxonomy relates to one ("SQL", "PL/SQL", "T-SQL"), before a
    # developer head names a database developer: the role linking ESCO's 'database developer'
    if family == "developer" and database_developer is not None and is_database_skill(skill, categories):
        role = roles[database_developer].id
        return database_developer, f"{category} skill: a database developer (ESCO, linked to {role})", 1

    def cat_score(i: int) -> int:
        return sum(
            SKILL_WEIGHT[rs.weight.value] for rs in roles[i].skills if categories.get(rs.id) == category
        )

    # 2. the roles using this head that list the skill
    listing = [
        (SKILL_WEIGHT[rs.weight.value], i)
        for i in family_roles
        for rs in roles[i].skills
        if rs.id == skill["id"]
    ]
    if listing:
        if category in GENERIC_SKILL_CATEGORIES and any(i == generic for _, i in listing):
            return generic, f"{category} skill of the generic developer role {roles[generic].id}", 2
        weight, i = max(listing, key=lambda wi: (wi[0], cat_score(wi[1]), -wi[1]))
        return i, f"{'required' if weight == 2 else 'valued'} skill of {roles[i].id}", 2
    # 3. a skill no such role lists
    if category in FALLBACK_GENERIC_CATEGORIES:
        return generic, f"{category} skill, the generic developer role {roles[generic].id}", 3
    if category in FALLBACK_BY_CATEGORY:
        scored = [(cat_score(i), -i) for i in family_roles]
        best, neg = max(scored, default=(0, 0))
        total = sum(SKILL_WEIGHT[rs.weight.value] for rs in roles[-neg].skills) if scored else 0
        if best > 0 and best >= CATEGORY_SHARE * total:
            return -neg, f"{category} skill, {roles[-neg].id} lists the most {category} skills", 3
        if family == "developer":
            return generic, f"{category} skill, the generic developer role {roles[generic].id}", 3
    return None


def is_database_skill(skill: dict[str, Any], categories: dict[str, str]) -> bool:
    """A database product or method, or a language the taxonomy relates to a database (a query language)."""
    if skill["category"] == "database":
        return True
    return skill["category"] == "language" and any(
        categories.get(r) == "database" for r in skill.get("related", ())
    )


def database_developer_role(roles: list[Role]) -> int | None:
    """The catalog role linking ESCO's 'database developer' occupation, if one does."""
    for i, role in enumerate(roles):
        if any(link.label == "database developer" for link in role.esco_occupations):
            return i
    return None


def build_skill_roles(
    roles: list[Role],
    alias_keys: dict[int, list[str]],
    skills: dict[str, dict[str, Any]],
    outside_freq: dict[str, int],
) -> dict[str, list[str | None]]:
    """Skill name (normalised like a title) → [engineer role, why, developer role, why].

    A skill's label always counts as a name; an alias does not when one of its words is common in outside
    titles ("Forge" for Foundry, "Compliance") or, where only the weak step 3 decides, when it is three
    letters or fewer ("PoS" for consensus mechanisms, "POS Developer" is a point-of-sale job)."""
    alias_words = {t for keys in alias_keys.values() for k in keys for t in k.split()}
    categories = {sid: s["category"] for sid, s in skills.items()}
    listed = {rs.id for r in roles for rs in r.skills}
    generic = generic_developer(alias_keys)
    database_dev = database_developer_role(roles)
    eligible = FALLBACK_GENERIC_CATEGORIES | FALLBACK_BY_CATEGORY
    by_key: dict[str, tuple[tuple[int, int, str], list[str | None]]] = {}
    for sid in sorted(skills):
        skill = skills[sid]
        if "curated" not in skill.get("sources", ()):
            continue
        if skill["category"] not in eligible and not (
            skill["category"] in LISTED_ONLY_CATEGORIES and sid in listed
        ):
            continue
        keyed: dict[str, bool] = {}
        for n, name in enumerate((skill["label"], *skill.get("aliases", []))):
            key = normalise_title(name)
            if (
                not key
                or "/" in key
                or key in keyed
                or any(t in _JOB_NOUNS or t in _STOP for t in key.split())
            ):
                continue
            if (
                " " not in key
                and len(re.findall(r"[a-z0-9]+", name.casefold())) > 1
                and key not in names_of(name)
            ):
                continue  # "On-call" → "call", "Microsoft 365" → "microsoft": a lone leftover word is no name
            if n > 0 and any(
                outside_freq.get(t, 0) >= OUTSIDE_WORD_MIN and t not in alias_words for t in key.split()
            ):
                continue
            keyed[key] = n == 0
        if not keyed:
            continue
        names = list(keyed)
        row: list[str | None] = []
        steps: list[int] = []
        for family in ("engineer", "developer"):
            hit = skill_role(skill, names, family, roles, alias_keys, generic, categories, database_dev)
            label = skill["label"]
            row += (
                [roles[hit[0]].id, f"{label}: {hit[1]}"] if hit is not None else [None, f"{label}: no role"]
            )
            steps.append(hit[2] if hit is not None else 4)
        if row[0] is None and row[2] is None:
            continue
        for key, is_label in keyed.items():
            if not is_label and min(steps) == 3 and len(key) <= 3:
                continue
            # a key two skills share goes to the one it is the label of, then to the listed one, then by id
            rank = (0 if is_label else 1, 0 if sid in listed else 1, sid)
            if key not in by_key or rank < by_key[key][0]:
                by_key[key] = (rank, row)
    return {key: by_key[key][1] for key in sorted(by_key)}


def names_of(name: str) -> set[str]:
    """The one-word spellings a multi-word skill name may legitimately fold to ("Node.js" → "js")."""
    folded = re.sub(r"[^a-z0-9+#]", "", name.casefold())
    return {folded, normalise_title(folded)}


def generic_developer(alias_keys: dict[int, list[str]]) -> int:
    """The role the bare alias "Programmer" names: the generic developer role."""
    return next(i for i in sorted(alias_keys) if "programmer" in alias_keys[i])


def build(shared: Path) -> dict[str, Any]:
    catalog = load_catalog()
    roles = list(catalog.roles)
    ids = [r.id for r in roles]
    alias_keys = {i: role_keys(r) for i, r in enumerate(roles)}
    onet_titles, onet_alts = read_onet(shared)
    esco = read_esco(shared)

    occupations: list[str] = []
    occ_index: dict[str, int] = {}

    def occ(name: str) -> int:
        if name not in occ_index:
            occ_index[name] = len(occupations)
            occupations.append(name)
        return occ_index[name]

    cands: dict[str, dict[int, Candidate]] = defaultdict(dict)
    counts: dict[str, int] = defaultdict(int)

    def add(key: str, cls: int, weight: float, source: int, occupation: int, count_as: str) -> None:
        if not key:
            return
        if cls != OUTSIDE and source != CATALOG and key in _GENERIC_HEADS and key not in DECISIVE_HEADS:
            counts["skipped_bare_heads"] += 1
            return
        counts[count_as] += 1
        have = cands[key].get(cls)
        if have is None or (weight, -source) > (have.weight, -have.source):
            cands[key][cls] = Candidate(cls, weight, source, occupation)

    for i in range(len(roles)):
        for key in alias_keys[i]:
            add(key, i, W_CATALOG, CATALOG, -1, "catalog")

    esco_links: dict[str, list[int]] = defaultdict(list)
    for i, role in enumerate(roles):
        for link in role.esco_occupations:
            esco_links[link.uri].append(i)
    for uri, pref, alts in esco:
        linking = esco_links.get(uri, [])
        o = occ(f"ESCO '{pref}'")
        labels = [(pref, True), *((a, False) for a in alts if a != pref)]
        if not linking:
            for label, is_pref in labels:
                w = W_OUT_ESCO_PREF if is_pref else W_OUT_ESCO_ALT
                add(normalise_title(label), OUTSIDE, w, ESCO_PREF if is_pref else ESCO_ALT, o, "esco_outside")
            continue
        default = linking[0]
        if len(linking) > 1:
            default = best_alias_role(normalise_title(pref), linking, alias_keys) or max(
                linking,
                key=lambda c: (similarity(normalise_title(pref), alias_keys[c], fuzz.token_set_ratio), -c),
            )
        for label, is_pref in labels:
            key = normalise_title(label)
            target = default
            if len(linking) > 1:
                target = best_alias_role(key, linking, alias_keys) or default
            w = W_ESCO_PREF if is_pref else W_ESCO_ALT
            add(key, target, w, ESCO_PREF if is_pref else ESCO_ALT, o, "esco_linked")

    onet_links: dict[str, list[int]] = defaultdict(list)
    for i, role in enumerate(roles):
        for code in role.onet_soc:
            onet_links[code].append(i)
    defaults: dict[str, int | None] = {}
    onet_codes: dict[str, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for code in sorted(onet_alts):
        o = occ(f"O*NET {code} {onet_titles.get(code, '')}".strip())
        linking = onet_links.get(code, [])
        if linking:
            defaults[code] = onet_default(code, linking, roles, alias_keys, onet_titles.get(code, ""))
        for title, short in sorted(onet_alts[code]):
            for variant in onet_variants(title, short):
                key = normalise_title(variant)
                onet_codes[key][bool(linking)].add(code)
                if not linking:
                    add(key, OUTSIDE, W_OUT_ONET, ONET, o, "onet_outside")
                    continue
                matched = best_alias_role(key, linking, alias_keys)
                if matched is not None:
                    add(key, matched, W_ONET, ONET, o, "onet_linked")
                elif (fallback := defaults[code]) is not None:
                    exact = any(s.code == code[:7] and s.match == "exact" for s in roles[fallback].soc)
                    weight = W_ONET_EXACT_DEFAULT if exact else W_ONET_DEFAULT
                    add(key, fallback, weight, ONET if len(linking) == 1 else ONET_SHARED, o, "onet_linked")
                else:
                    add(key, OUTSIDE, W_OUT_ONET_LOOSE, ONET, o, "onet_loose_outside")

    titles: dict[str, list[int]] = {}
    for key in sorted(cands):
        ranked = sorted(cands[key].values(), key=lambda c: (-c.weight, c.source, c.cls))
        win = ranked[0]
        runner = NO_RUNNER
        if len(ranked) > 1 and ranked[1].weight >= RUNNER_SHARE * win.weight:
            runner = ranked[1].cls
        outside_codes, linked_codes = onet_codes.get(key, (set(), set()))
        if (
            " " in key
            and win.source in (ONET, ONET_SHARED)
            and len(outside_codes) > max(1, len(linked_codes))
        ):
            # O*NET files it under more outside codes than linked ones ("Quality Analyst": software QA,
            # but also two quality-control codes): a generic title, not evidence for the role
            best_out = next((c for c in ranked if c.cls == OUTSIDE), None)
            if best_out is not None:
                counts["onet_mostly_outside"] += 1
                win, runner = best_out, win.cls
        titles[key] = [win.cls, win.source, win.occupation, runner]
    counts["catalog_combined"], counts["outside_head"] = prefer_catalog(titles, alias_keys)

    skills = {s["id"]: s for s in json.loads(SKILLS_JSON.read_text("utf-8"))["skills"]}
    alias_token_roles: dict[str, set[str]] = defaultdict(set)
    for i, role in enumerate(roles):
        for key in alias_keys[i]:
            for token in key.split():
                alias_token_roles[token].add(role.id)
    for phrase, role_id in DISCIPLINES.items():
        if role_id not in ids:
            raise SystemExit(f"discipline {phrase!r} names unknown role {role_id!r}")

    keywords = {r.id: role_keywords(r, skills, alias_token_roles) for r in roles}
    tech_tokens: set[str] = set(alias_token_roles)
    for phrases in keywords.values():
        for phrase in phrases:
            tech_tokens.update(phrase.split())
    for skill in skills.values():
        tech_tokens.update(normalise_title(skill["label"]).split())
    outside_freq: dict[str, int] = defaultdict(int)
    for key, row in titles.items():
        if row[0] == OUTSIDE:
            for token in set(key.split()):
                outside_freq[token] += 1
    domain_tokens = sorted(
        t for t, n in outside_freq.items() if n >= DOMAIN_MIN_TITLES and t not in tech_tokens
    )
    for key, row in titles.items():
        if row[0] != OUTSIDE:
            tech_tokens.update(key.split())
    skill_roles = build_skill_roles(roles, alias_keys, skills, outside_freq)

    by_class: dict[str, int] = defaultdict(int)
    for row in titles.values():
        by_class["outside" if row[0] == OUTSIDE else ids[row[0]]] += 1
    return {
        "format_version": FORMAT_VERSION,
        "version": f"{catalog.version}+onet28.0+esco1.1.1",
        "generated_by": "scripts/build_titles.py",
        "sources": [
            {
                "name": "payband roles catalog",
                "version": catalog.version,
                "licence": "Apache-2.0",
                "use": "role titles and aliases (highest weight), role skills for description keywords",
            },
            {
                "name": "O*NET 28.0 Database, USDOL/ETA",
                "file": "ONET.AlternateTitles.tsv, ONET.OccupationData.tsv",
                "licence": "CC BY 4.0",
                "attribution": "O*NET 28.0 Database, USDOL/ETA",
                "use": "alternate titles of the O*NET-SOC codes each role links; all other codes as outside",
            },
            {
                "name": "ESCO 1.1.1, European Commission",
                "file": "occupations_en.csv",
                "licence": "CC BY 4.0",
                "attribution": "ESCO, European Commission",
                "use": "labels of each role's ESCO occupations; labels of all others as outside",
            },
        ],
        "counts": {
            "titles": len(titles),
            "role_titles": sum(v for k, v in by_class.items() if k != "outside"),
            "outside_titles": by_class["outside"],
            "by_role": dict(sorted(by_class.items())),
            "inputs": dict(sorted(counts.items())),
            "onet_defaults": {c: (ids[d] if d is not None else None) for c, d in sorted(defaults.items())},
        },
        "roles": ids,
        "occupations": occupations,
        "disciplines": dict(sorted(DISCIPLINES.items())),
        "domain_tokens": domain_tokens,
        "keywords": keywords,
        "generic_developer": ids[generic_developer(alias_keys)],
        "skill_roles": skill_roles,
        "titles": titles,
    }


def alias_cover(tokens: list[str], by_head: dict[str, list[tuple[list[str], int]]]) -> int | None:
    """The one role whose catalog aliases (two words or more, in order, with the title's head) together
    use every word of the title ("backend software engineer" = "backend engineer" + "software engineer");
    None when no such aliases cover it or they belong to several roles."""
    used: set[int] = set()
    found: set[int] = set()
    for alias, role in by_head.get(tokens[-1], ()):
        it = iter(enumerate(tokens))
        pos = [next((i for i, t in it if t == a), -1) for a in alias]
        if -1 not in pos:
            used.update(pos)
            found.add(role)
    if len(found) == 1 and len(used) == len(tokens):
        return found.pop()
    return None


def prefer_catalog(titles: dict[str, list[int]], alias_keys: dict[int, list[str]]) -> tuple[int, int]:
    """Catalog aliases win over O*NET and ESCO titles when both match, in four ways:

    * a word-order variant of one role's catalog alias goes to that role ("Analyst Programmer", the
      alias "Programmer Analyst", though O*NET files it under Computer Programmers);
    * a linked title ending in the last two words of only one other role's aliases, that role's title,
      after a word of only that role's aliases, goes to that role (O*NET files "Software Application
      Support Specialist" under QA; "support" is an IT-support word);

    * a title of a role's O*NET code or ESCO occupation made of another role's catalog aliases goes to
      that role (O*NET files "Back End Software Engineer" under Web Developers; the catalog's "Backend
      Engineer" and "Software Engineer" are software-developer), with source CATALOG_COMBINED;
    * a linked title whose last two words are an outside occupation's ESCO preferred label, not a
      catalog alias, and whose next-to-last word is in none of the role's aliases names that outside
      job (ESCO lists "product marketing manager" under product manager: it is a marketing manager)."""
    by_head: dict[str, list[tuple[list[str], int]]] = defaultdict(list)
    for i in sorted(alias_keys):
        for key in alias_keys[i]:
            toks = key.split()
            if len(toks) >= 2:
                by_head[toks[-1]].append((toks, i))
    catalog_keys = {k for keys in alias_keys.values() for k in keys}
    alias_words = {i: {t for k in keys for t in k.split()} for i, keys in alias_keys.items()}
    bag_roles: dict[tuple[str, ...], set[int]] = defaultdict(set)
    tail_roles: dict[str, set[int]] = defaultdict(set)
    word_roles: dict[str, set[int]] = defaultdict(set)
    for i, keys in alias_keys.items():
        for k in keys:
            toks = k.split()
            bag_roles[tuple(sorted(toks))].add(i)
            if len(toks) >= 3:
                tail_roles[" ".join(toks[-2:])].add(i)
            for t in toks:
                word_roles[t].add(i)
    combined = outside = 0
    for key, row in titles.items():
        if row[1] == CATALOG:
            continue
        toks = key.split()
        # a word-order variant of one role's catalog alias follows the catalog ("Analyst Programmer" is
        # the alias "Programmer Analyst", though O*NET files it under Computer Programmers)
        owners = bag_roles.get(tuple(sorted(toks)), set())
        if len(toks) > 1 and len(owners) == 1 and row[0] not in owners:
            row[:] = [owners.pop(), CATALOG_COMBINED, -1, NO_RUNNER]
            combined += 1
            continue
        if row[0] == OUTSIDE:
            continue
        if len(toks) < 3:
            continue
        tail = " ".join(toks[-2:])
        head_row = titles.get(tail)
        if (
            tail not in catalog_keys
            and toks[-2] not in alias_words[row[0]]
            and head_row is not None
            and head_row[0] == OUTSIDE
            and head_row[1] == ESCO_PREF
        ):
            row[:] = [OUTSIDE, row[1], head_row[2], NO_RUNNER]
            outside += 1
            continue
        # a linked title ending in another role's alias ending, with a word foreign to its own role's
        # aliases and only in that role's before it, names that role's job (O*NET files "Software
        # Application Support Specialist" under QA: "support specialist" is an IT-support title and ends
        # only IT-support aliases, "support" is a word of no other role's aliases)
        owners = tail_roles.get(tail, set())
        tail_row = titles.get(tail)
        if (
            len(owners) == 1
            and row[0] not in owners
            and row[1] in (ONET, ONET_SHARED, ESCO_ALT)
            and tail_row is not None
            and tail_row[0] in owners
            and word_roles.get(toks[-2]) == owners
        ):
            row[:] = [tail_row[0], CATALOG_COMBINED, -1, NO_RUNNER]
            combined += 1
            continue
        role = alias_cover(toks, by_head)
        if role is not None and role != row[0]:
            row[:] = [role, CATALOG_COMBINED, -1, NO_RUNNER]
            combined += 1
    return combined, outside


def serialise(index: dict[str, Any]) -> bytes:
    return (json.dumps(index, ensure_ascii=False, sort_keys=False, separators=(",", ":")) + "\n").encode()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("/work/shared/data"), help="upstream data folder")
    parser.add_argument("--check", action="store_true", help="fail if the bundled index is out of date")
    args = parser.parse_args(argv)
    data = serialise(build(args.shared))
    gz = len(data) > GZIP_ABOVE
    target, stale = (OUT_GZ, OUT_JSON) if gz else (OUT_JSON, OUT_GZ)
    if args.check:
        if not target.exists():
            print(f"{target.relative_to(REPO)} is missing; run scripts/build_titles.py", file=sys.stderr)
            return 1
        current = target.read_bytes()
        if gz:
            current = gzip.decompress(current)
        if current != data:
            print(f"{target.relative_to(REPO)} is out of date; run scripts/build_titles.py", file=sys.stderr)
            return 1
        print(f"{target.relative_to(REPO)} is up to date")
        return 0
    payload = gzip.compress(data, compresslevel=9, mtime=0) if gz else data
    target.write_bytes(payload)
    if stale.exists():
        stale.unlink()
    index = json.loads(data)
    print(f"wrote {target.relative_to(REPO)}: {len(payload):,} bytes, {index['counts']['titles']:,} titles "
          f"({index['counts']['outside_titles']:,} outside the catalog)")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
