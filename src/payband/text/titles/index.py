"""The bundled title index: normalised title → catalog role, or an occupation outside the catalog.

Built by ``scripts/build_titles.py`` from the catalog's titles and aliases, O*NET 28.0 alternate titles
and ESCO 1.1.1 occupation labels. It also holds titles of occupations outside the catalog ("Registered
Nurse", "Sales Associate"), so those map to no role rather than to the nearest tech role.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from payband.errors import DataError
from payband.text.titles.normalise import _GENERIC_HEADS, _MANAGEMENT_HEADS

__all__ = ["NO_RUNNER", "OUTSIDE", "SOURCE_NAMES", "TitleIndex", "load_title_index"]

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
    "catalog aliases, combined",  # an O*NET/ESCO title made of one role's catalog aliases
)
_SOURCE_CONFIDENCE = (0.97, 0.92, 0.87, 0.85, 0.78, 0.9)
_RESPELL_MIN = 6  # shortest unknown word that may be read as a misspelt title word
# Last words of managing titles ("IT Director", "Engineering Lead", "Chief Information Officer").
_MANAGING_HEADS = frozenset({*_MANAGEMENT_HEADS, "lead", "officer"})


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
    # roles whose every catalog title is a managing one ("engineering manager", "it director", "cto")
    manager_roles: frozenset[str] = frozenset()
    vocabulary: frozenset[str] = frozenset()  # every word of a title or skill key
    # a catalog alias word or job noun by each of its one-letter deletions (and itself), for respelling
    spellings: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # words of catalog aliases, skill names and disciplines: words that keep a title technical
    tech_words: frozenset[str] = frozenset()

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
        alias_heads: dict[str, set[str]] = {}
        for key, entry in titles.items():
            if entry.source == 0 and entry.cls >= 0:
                alias_tokens.setdefault(roles[entry.cls], set()).update(key.split())
                alias_heads.setdefault(roles[entry.cls], set()).add(key.rsplit(" ", 1)[-1])
                head = key.rsplit(" ", 1)[-1]
                if head in _GENERIC_HEADS and roles[entry.cls] not in head_roles.setdefault(head, []):
                    head_roles[head].append(roles[entry.cls])
        vocabulary = {t for key in (*titles, *raw["skill_roles"]) for t in key.split()}
        spellings: dict[str, set[str]] = {}
        for word in {t for toks in alias_tokens.values() for t in toks} | _GENERIC_HEADS:
            if len(word) >= _RESPELL_MIN - 1:
                for variant in {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}:
                    spellings.setdefault(variant, set()).add(word)
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
            vocabulary=frozenset(vocabulary),
            spellings={k: tuple(sorted(v)) for k, v in spellings.items()},
            manager_roles=frozenset(r for r, heads in alias_heads.items() if heads <= _MANAGING_HEADS),
            tech_words=frozenset(
                {t for toks in alias_tokens.values() for t in toks}
                | {t for key in (*raw["skill_roles"], *raw["disciplines"]) for t in key.split()}
            ),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise DataError(f"bundled title index is invalid: {exc}") from exc
