"""OEWS areas (the nation, states, metro and non-metro areas) and resolving them from what people type.

"Seattle", "seattle wa", "Texas", "TX", "national", "NYC" and small misspellings resolve to one
area; a name that fits several areas, or none, raises an error listing the closest matches rather
than guessing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Literal

from payband.errors import DataError, InputError, NotFound

__all__ = ["NATIONAL_CODE", "Area", "AreaIndex", "AreaMatch", "load_areas", "normalise_place"]

NATIONAL_CODE = "0000000"
MAX_AREA_CHARS = 200
AreaType = Literal["national", "state", "metro", "nonmetro"]

_NATIONAL_WORDS = {
    "national", "nationwide", "us", "usa", "u s", "u s a", "united states", "united states of america",
    "america", "all", "country", "nation",
}  # fmt: skip

# Everyday names for metros that do not appear in the official area names.
_METRO_NICKNAMES = {
    "nyc": "New York-Newark-Jersey City, NY-NJ",
    "new york city": "New York-Newark-Jersey City, NY-NJ",
    "manhattan": "New York-Newark-Jersey City, NY-NJ",
    "brooklyn": "New York-Newark-Jersey City, NY-NJ",
    "sf": "San Francisco-Oakland-Fremont, CA",
    "bay area": "San Francisco-Oakland-Fremont, CA",
    "sf bay area": "San Francisco-Oakland-Fremont, CA",
    "san francisco bay area": "San Francisco-Oakland-Fremont, CA",
    "silicon valley": "San Jose-Sunnyvale-Santa Clara, CA",
    "los angeles county": "Los Angeles-Long Beach-Anaheim, CA",
    "washington dc": "Washington-Arlington-Alexandria, DC-VA-MD-WV",
    "dfw": "Dallas-Fort Worth-Arlington, TX",
    "twin cities": "Minneapolis-St. Paul-Bloomington, MN-WI",
    "research triangle": "Raleigh-Cary, NC",
    "philly": "Philadelphia-Camden-Wilmington, PA-NJ-DE-MD",
    "vegas": "Las Vegas-Henderson-North Las Vegas, NV",
}


# Short forms that are both a state's USPS code and a well-known metro: never guess between them.
_AMBIGUOUS_SHORT = {
    "la": ("Los Angeles-Long Beach-Anaheim, CA", "Louisiana"),
    "dc": ("Washington-Arlington-Alexandria, DC-VA-MD-WV", "District of Columbia"),
}


@dataclass(frozen=True, slots=True)
class Area:
    """An OEWS area: code, kind, state and the official name."""

    code: str
    type: AreaType
    state_code: str
    state_abbr: str | None
    name: str

    @property
    def cities(self) -> tuple[str, ...]:
        """For a metro, the principal cities in its name ('Seattle', 'Tacoma', 'Bellevue')."""
        if self.type != "metro":
            return ()
        head = self.name.rsplit(",", 1)[0]
        return tuple(part.strip() for part in head.split("-") if part.strip())

    @property
    def states(self) -> tuple[str, ...]:
        """For a metro, the USPS codes after its comma ('PA-NJ-DE-MD'); for a state, its own."""
        if self.type == "metro" and "," in self.name:
            return tuple(self.name.rsplit(",", 1)[1].strip().split("-"))
        return (self.state_abbr,) if self.state_abbr else ()

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True)
class AreaMatch:
    """A resolved area and how the text was read (exact, nickname, city, fuzzy)."""

    area: Area
    query: str
    how: str


def normalise_place(text: str) -> str:
    """Lower-case, 'St.' → 'saint', punctuation → spaces: the form all place look-ups use."""
    text = text.lower().replace("&", " and ").replace("st.", "saint").replace("ft.", "fort")
    text = re.sub(r"\bst\b", "saint", text)
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _check_length(text: str) -> None:
    if len(text) > MAX_AREA_CHARS:
        raise InputError(
            f"area text is {len(text):,} characters; at most {MAX_AREA_CHARS} are accepted "
            "(type a metro, a state or 'national')"
        )


class AreaIndex:
    """Every OEWS area with look-ups by code, name, state, city and nickname."""

    def __init__(self, areas: Iterable[Area]) -> None:
        self.areas: tuple[Area, ...] = tuple(areas)
        self.by_code = {a.code: a for a in self.areas}
        if NATIONAL_CODE not in self.by_code:
            raise DataError("areas table has no national row")
        self.national = self.by_code[NATIONAL_CODE]
        self.states = [a for a in self.areas if a.type == "state"]
        self._by_name = {normalise_place(a.name): a for a in self.areas}
        self._state_by_word = {normalise_place(a.name): a for a in self.states}
        self._state_by_word.update({a.state_abbr.lower(): a for a in self.states if a.state_abbr})

    @cached_property
    def _by_city(self) -> dict[str, list[Area]]:
        index: dict[str, list[Area]] = {}
        for area in self.areas:
            for city in area.cities:
                index.setdefault(normalise_place(city), []).append(area)
        return index

    @cached_property
    def _choices(self) -> dict[str, Area]:
        """Strings fuzzy matching runs over: names, cities (with state), state codes."""
        choices: dict[str, Area] = {
            city: areas[0] for city, areas in self._by_city.items() if len(areas) == 1
        }
        for area in self.areas:
            choices.setdefault(normalise_place(area.name), area)
            for city in area.cities:
                for state in area.states:
                    choices.setdefault(normalise_place(f"{city} {state}"), area)
        return choices

    def resolve(self, text: str) -> AreaMatch:
        """Resolve free text to one area; raise NotFound or InputError (ambiguous) with suggestions."""
        _check_length(text)
        query = normalise_place(text)
        if not query:
            raise InputError("empty area: give a metro, a state, or 'national'")
        if query in _AMBIGUOUS_SHORT:
            names = list(_AMBIGUOUS_SHORT[query])
            raise InputError(
                f"area {text!r} is ambiguous: it could be {names[0]} or {names[1]}; type the name in full",
                suggestions=names,
            )
        found = self.match_exact(query)
        if found is not None:
            return AreaMatch(found[0], text, found[1])
        candidates = self.match_city(query)
        if len(candidates) == 1:
            return AreaMatch(candidates[0], text, "city")
        if len(candidates) > 1:
            names = [c.name for c in candidates]
            raise InputError(
                f"area {text!r} is ambiguous: it matches {len(names)} areas; "
                f"add the state (e.g. '{candidates[0].cities[0]} {candidates[0].states[0]}')",
                suggestions=names,
            )
        return self._fuzzy(text, query)

    def match_exact(self, query: str) -> tuple[Area, str] | None:
        """An area named exactly by a normalised query (national word, code, name, nickname, state)."""
        if query in _NATIONAL_WORDS:
            return self.national, "national"
        digits = query.replace(" ", "")
        if digits.isdigit() and digits.zfill(7) in self.by_code:
            return self.by_code[digits.zfill(7)], "code"
        if query in self._by_name:
            area = self._by_name[query]
            if area.type == "state" and query in self._by_city:
                return None  # "New York", "Washington": the state or the metro
            return area, "name"
        if query.endswith(" state") and query[:-6] in self._state_by_word:
            return self._state_by_word[query[:-6]], "state"
        if query in _METRO_NICKNAMES:
            return self._by_name[normalise_place(_METRO_NICKNAMES[query])], "nickname"
        state = self._state_by_word.get(query)
        if state is not None:
            # A state name that is also a metro's principal city ("New York") is ambiguous.
            if len(query) > 2 and query in self._by_city:
                return None
            return state, "state"
        return None

    def state_named(self, query: str) -> Area | None:
        """The state (or DC, PR, GU, VI) a normalised name or USPS code stands for."""
        return self._state_by_word.get(query)

    def match_city(self, query: str) -> list[Area]:
        """Areas whose principal cities include the query; a trailing state narrows them."""
        words = query.split()
        state_filter: Area | None = None
        for cut in (2, 1):  # "... new york", "... wa"
            tail = " ".join(words[-cut:])
            if len(words) > cut and tail in self._state_by_word:
                state_filter = self._state_by_word[tail]
                words = words[:-cut]
                break
        city = " ".join(words)
        areas = list(self._by_city.get(city, []))
        if state_filter is not None:
            return [a for a in areas if state_filter.state_abbr in a.states]
        if city in self._state_by_word and len(city) > 2:
            areas.append(self._state_by_word[city])  # "New York": the state or the metro
        return areas

    def _fuzzy(self, text: str, query: str) -> AreaMatch:
        from rapidfuzz import fuzz, process, utils

        hits = process.extract(
            query, list(self._choices), scorer=fuzz.WRatio, limit=8, processor=utils.default_process
        )
        areas: list[tuple[Area, float]] = []
        for choice, score, _ in hits:
            area = self._choices[choice]
            if all(area is not seen for seen, _ in areas):
                areas.append((area, score))
        if areas:
            best, score = areas[0]
            runner_up = areas[1][1] if len(areas) > 1 else 0.0
            # Accept a misspelling only when it is close and clearly ahead of the next area.
            if score >= 88 and score - runner_up >= 4 and len(query) >= 4:
                return AreaMatch(best, text, f"fuzzy ({score:.0f})")
        raise NotFound(
            f"unknown area {text!r}: give a metro ('Seattle'), a state ('Texas', 'TX') or 'national'",
            suggestions=[a.name for a, s in areas[:5] if s >= 60],
        )

    def search(self, text: str, limit: int = 20) -> list[Area]:
        """Areas whose name, city or state matches the text, best first (for `payband areas`)."""
        _check_length(text)
        query = normalise_place(text)
        if not query:
            return list(self.areas[:limit])
        order = {"national": 0, "state": 1, "metro": 2, "nonmetro": 3}
        words = query.split()
        by_state = self._state_by_word.get(query)
        hits = [a for a in self.areas if by_state is not None and by_state.state_abbr in a.states]
        if hits and len(query) == 2:  # a state code: that state and its areas only
            return sorted(hits, key=lambda a: (order[a.type], a.name))[:limit]
        for area in self.areas:
            name_words = normalise_place(area.name).split()
            if area not in hits and all(any(w.startswith(q) for w in name_words) for q in words):
                hits.append(area)
        if hits:
            return sorted(hits, key=lambda a: (order[a.type], a.name))[:limit]
        from rapidfuzz import fuzz, process, utils

        near = process.extract(
            query, list(self._choices), scorer=fuzz.WRatio, limit=limit * 3,
            processor=utils.default_process, score_cutoff=60,
        )  # fmt: skip
        seen: list[Area] = []
        for choice, _, _ in near:
            area = self._choices[choice]
            if area not in seen:
                seen.append(area)
        return seen[:limit]


@cache
def load_areas(data_dir: Path | None = None) -> AreaIndex:
    """The bundled OEWS areas table."""
    import pyarrow.parquet as pq

    if data_dir is None:
        path = Path(str(resources.files("payband.reference").joinpath("data/oews_areas.parquet")))
    else:
        path = data_dir / "oews_areas.parquet"
    try:
        rows = pq.ParquetFile(path).read().to_pylist()
    except (OSError, ValueError) as exc:
        raise DataError(f"bundled areas table is unreadable ({path}): {exc}") from exc
    return AreaIndex(
        Area(r["area_code"], r["area_type"], r["state_code"], r["state_abbr"], r["name"]) for r in rows
    )
