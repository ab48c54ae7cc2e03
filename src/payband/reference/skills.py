"""The tech-skill taxonomy: curated core merged with ESCO 1.1.1 and O*NET 28.0 technology skills.

Built by ``scripts/build_skills.py`` into ``data/skills.json`` (or ``.json.gz``); loaded and indexed here.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError
from rapidfuzz import fuzz, process

from payband.errors import DataError

__all__ = ["CATEGORIES", "OnetCommodity", "Skill", "SkillTaxonomy", "load_skills", "normalise"]

CATEGORIES: frozenset[str] = frozenset(
    {
        "language", "framework", "library", "database", "data", "cloud", "devops", "security",
        "ai-ml", "blockchain", "os", "tool", "methodology", "domain", "soft", "transversal",
        "design", "networking", "business",
    }
)  # fmt: skip

_PACKAGE = "payband.reference"
_FILES = ("data/skills.json", "data/skills.json.gz")


def normalise(text: str) -> str:
    """Lookup key: case-folded, '+'/'#' spelled out, '.net'-style words joined, punctuation -> space."""
    s = text.casefold().strip()
    s = s.replace("+", " plus ").replace("#", " sharp ")
    s = re.sub(r"(^|\s)\.(?=[a-z])", r"\1dot", s)
    return re.sub(r"[^a-z0-9]+", " ", s).strip()


class OnetCommodity(BaseModel):
    """The O*NET (UNSPSC) commodity a skill's technology example belongs to."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    title: str


class Skill(BaseModel):
    """One skill of the taxonomy."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    label: str
    category: str
    aliases: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()
    esco_uri: str | None = None
    onet_commodity: OnetCommodity | None = None
    onet_hot: bool = False
    related: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        """The label followed by every alias."""
        return (self.label, *self.aliases)

    def is_ambiguous(self, name: str) -> bool:
        """True when ``name`` (label or alias) is an ordinary word that needs context to count."""
        key = normalise(name)
        return any(normalise(a) == key for a in self.ambiguous)


class SkillTaxonomy:
    """The skills, indexed by id and by normalised label/alias."""

    def __init__(self, skills: list[Skill]) -> None:
        self._by_id: dict[str, Skill] = {}
        self._by_key: dict[str, Skill] = {}
        self._by_compact: dict[str, Skill | None] = {}
        for sk in skills:
            if sk.id in self._by_id:
                raise DataError(f"skills: duplicate id {sk.id!r}")
            self._by_id[sk.id] = sk
        # ids and labels first, so an alias never shadows another skill's own name
        for sk in skills:
            for name in (sk.id, sk.label):
                self._by_key.setdefault(normalise(name), sk)
        for sk in skills:
            for name in sk.aliases:
                self._by_key.setdefault(normalise(name), sk)
        for key, sk in self._by_key.items():
            compact = key.replace(" ", "")
            prior = self._by_compact.get(compact, sk)
            self._by_compact[compact] = sk if prior is sk else None
        self._choices: list[str] = list(self._by_key)

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[Skill]:
        return iter(self._by_id.values())

    def __contains__(self, skill_id: object) -> bool:
        return skill_id in self._by_id

    def get(self, skill_id: str) -> Skill | None:
        """The skill with this exact id, or None."""
        return self._by_id.get(skill_id)

    def resolve(self, name: str) -> Skill | None:
        """The skill whose id, label or alias matches ``name`` (case/space/punctuation-insensitive)."""
        key = normalise(name)
        if not key:
            return None
        hit = self._by_key.get(key)
        if hit is None:
            hit = self._by_compact.get(key.replace(" ", ""))
        return hit

    def suggest(self, name: str, limit: int = 5) -> list[Skill]:
        """Closest skills to a possibly misspelt name, best first (exact match first when there is one)."""
        key = normalise(name)
        if not key or limit <= 0:
            return []
        out: list[Skill] = []
        exact = self.resolve(name)
        if exact is not None:
            out.append(exact)
        matches = process.extract(key, self._choices, scorer=fuzz.WRatio, limit=limit * 4, score_cutoff=60)
        for choice, _score, _idx in matches:
            sk = self._by_key[choice]
            if sk not in out:
                out.append(sk)
            if len(out) >= limit:
                break
        return out

    def by_category(self, category: str) -> list[Skill]:
        """All skills of a category, sorted by id."""
        return [sk for sk in self._by_id.values() if sk.category == category]


def _read_bundled() -> dict[str, Any]:
    base = resources.files(_PACKAGE)
    for name in _FILES:
        res = base.joinpath(name)
        if not res.is_file():
            continue
        try:
            raw = res.read_bytes()
            if name.endswith(".gz"):
                raw = gzip.decompress(raw)
            doc = json.loads(raw.decode("utf-8"))
        except (OSError, EOFError, ValueError) as exc:
            raise DataError(f"bundled skill taxonomy {name} is corrupt: {exc}") from exc
        if not isinstance(doc, dict) or not isinstance(doc.get("skills"), list):
            raise DataError(f"bundled skill taxonomy {name} has no 'skills' list")
        return doc
    raise DataError("bundled skill taxonomy is missing (run scripts/build_skills.py)")


@cache
def load_skills() -> SkillTaxonomy:
    """The bundled skill taxonomy (read once, cached)."""
    doc = _read_bundled()
    try:
        skills = [Skill.model_validate(rec) for rec in doc["skills"]]
    except ValidationError as exc:
        raise DataError(f"bundled skill taxonomy is invalid: {exc}") from exc
    bad = sorted({sk.category for sk in skills} - CATEGORIES)
    if bad:
        raise DataError(f"bundled skill taxonomy has unknown categories: {bad}")
    return SkillTaxonomy(skills)
