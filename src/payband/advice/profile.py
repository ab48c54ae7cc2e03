"""A person's profile for advice: skills, years of experience, current role and area, each with evidence.

:meth:`Profile.build` takes a resume (a path, bytes or a :class:`~payband.text.readers.Document`, read
with :func:`~payband.text.readers.read_document`), or its text, a list of skill names, or both, plus
anything the person states outright (years, current role, area). A stated value always wins over an
inferred one, and every field says where it came from (``given``, ``inferred`` or ``unknown``).

Skills: the taxonomy skills found in the text (:func:`~payband.text.skill_extraction.extract_skills`,
counted mentions only) and the given names, resolved by id, label or alias (unknown names raise
:class:`~payband.errors.NotFound` with the closest skills).

Years of experience are inferred from dated positions: a date range ("Mar 2021 – Present",
"06/2016 - 02/2018", "2017–2019", "Sep 2020 to May 2022") on a line of an experience section, or on
any other line that also holds a job title. Education sections and sections headed projects,
volunteering, certifications, awards, publications or courses are skipped, and so are degree lines
outside experience sections. A month range runs from the first day of the start month to the end of
the end month; a bare year stands for its middle (1 July), a range within one year for half a year;
"Present", "Current", "Now", "Today", "Ongoing" and "to date" end at ``as_of``. A range that starts
after ``as_of`` is ignored, one that ends after it is cut there. Overlapping positions (two jobs at
once) are merged before the years are added up, so no month counts twice; gaps between jobs do not
count. When no position parses, a statement in the summary ("7 years of experience", "10+ years")
is used instead. The total is rounded to 0.1 year.

Current role: the position with the latest end ("Present" first; among several, the one whose title
names a catalog role, then the first listed), its title classified with
:func:`~payband.text.titles.classify_title` into a catalog role and a seniority. With no dated
position, a title in the document's header ("Senior Data Engineer" under the name) is used.

Area: a given area is resolved with :meth:`~payband.reference.areas.AreaIndex.resolve` (ambiguous →
InputError, unknown → NotFound, both with suggestions); otherwise a "City, ST" in the document's
header is resolved with the location parser (:func:`~payband.text.locations.resolve_location`).

Privacy: everything happens in memory and nothing is written; the profile keeps the text's length,
the skill surfaces and the dated position lines as evidence, never the text itself unless
``keep_text=True``.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from itertools import islice
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from payband.advice.positions import (
    MAX_YEARS,
    ROLE_MIN_CONFIDENCE,
    Position,
    current_position,
    find_positions,
    stated_years,
    title_match,
    title_pieces,
    union_years,
)
from payband.errors import InputError, NotFound
from payband.memo import asks
from payband.reference.areas import load_areas
from payband.reference.catalog import find_role
from payband.reference.skills import load_skills
from payband.text.locations import resolve_location
from payband.text.readers import Document, read_document
from payband.text.skill_extraction import skill_surfaces_and_sections
from payband.text.titles import TitleMatch, classify_title

__all__ = ["MAX_YEARS", "Position", "Profile", "Source", "find_positions", "stated_years"]

Source = Literal["given", "inferred", "unknown"]
_HEADER_LINES = 6


class Profile(BaseModel):
    """What payband knows about a person: skills, experience, current role, area, and why."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    skills: tuple[str, ...] = Field(description="taxonomy skill ids, sorted, unique (given ∪ found)")
    skill_evidence: dict[str, tuple[str, ...]] = Field(
        description="per skill id: the surface forms found in the document, and/or 'given'"
    )
    given_skills: tuple[str, ...] = ()
    found_skills: tuple[str, ...] = ()
    years: float | None = Field(default=None, ge=0.0, le=MAX_YEARS)
    years_source: Source = "unknown"
    years_evidence: tuple[str, ...] = ()
    positions: tuple[Position, ...] = Field(default=(), description="the dated positions counted")
    current_title: str | None = Field(default=None, description="the most recent title in the document")
    current_role: str | None = Field(default=None, description="catalog role id")
    role_source: Source = "unknown"
    role_evidence: str | None = None
    seniority: str | None = None
    area_code: str | None = None
    area_name: str | None = None
    area_source: Source = "unknown"
    area_evidence: str | None = None
    as_of: date
    warnings: tuple[str, ...] = ()
    source_name: str | None = Field(default=None, description="the document's file name, if any")
    text_chars: int = Field(default=0, ge=0, description="length of the document text")
    text: str | None = Field(default=None, description="the document text, only with keep_text=True")

    @classmethod
    @asks
    def build(
        cls,
        document: str | os.PathLike[str] | bytes | Document | None = None,
        *,
        text: str | None = None,
        skills: Sequence[str] | str = (),
        years: float | None = None,
        current_role: str | None = None,
        area: str | None = None,
        as_of: date | None = None,
        filename: str | None = None,
        keep_text: bool = False,
    ) -> Profile:
        """Build a profile from a resume (path, bytes, Document or ``text``), skill names, or both.

        ``skills`` may be a list of names or one comma-separated string; ``years``, ``current_role``
        and ``area`` override what the document says; ``as_of`` (default today) ends "Present"
        ranges; ``filename`` names bytes input. Raises InputError for bad input, NotFound (with
        suggestions) for an unknown skill, role or area.
        """
        if document is not None and text is not None:
            raise InputError("give a document or its text, not both")
        names = _skill_names(skills)
        if document is None and text is None and not names:
            raise InputError("give a resume (a file or its text), a list of skills, or both")
        if isinstance(as_of, datetime):
            as_of = as_of.date()
        today = as_of or date.today()
        warnings: list[str] = []

        doc_text: str | None = None
        source_name: str | None = None
        if isinstance(document, Document):
            doc_text, source_name = document.text, document.source_name
            warnings.extend(document.warnings)
        elif document is not None:
            read = read_document(document, filename=filename)
            doc_text, source_name = read.text, read.source_name
            warnings.extend(read.warnings)
        elif text is not None:
            if not isinstance(text, str):
                raise InputError(f"text must be a string, not {type(text).__name__}")
            doc_text = text

        given = _resolve_skills(names)
        found: dict[str, tuple[str, ...]] = {}
        positions: list[Position] = []
        stated: tuple[float, str] | None = None
        header: list[str] = []
        header_area: tuple[str, str, str] | None = None
        if doc_text is not None:
            if not doc_text.strip():
                warnings.append("the document has no text")
            else:
                found, sections = skill_surfaces_and_sections(doc_text)  # each skill's first five surfaces
                positions = find_positions(doc_text, as_of=today, sections=sections, warnings=warnings)
                stated = stated_years(doc_text, sections=sections)
                header = _header(doc_text)
                header_area = None if area is not None else _header_area(header)
            if not found:
                warnings.append("no skills found in the document")

        # skills
        evidence = dict(found)
        for sid in given:
            evidence[sid] = (*evidence.get(sid, ()), "given")
        all_skills = tuple(sorted(evidence))

        # years
        years_value: float | None
        years_source: Source
        years_evidence: tuple[str, ...]
        if years is not None:
            years_value, years_source, years_evidence = _check_years(years), "given", ("given",)
        elif positions:
            years_value = round(union_years(positions), 1)
            years_source, years_evidence = "inferred", tuple(p.evidence() for p in positions)
            if stated is not None and abs(stated[0] - years_value) >= 2:
                warnings.append(
                    f"the resume states {stated[1]!r} but its dated positions add up to "
                    f"{years_value:.1f} years (used)"
                )
        elif stated is not None:
            years_value, years_source = min(stated[0], MAX_YEARS), "inferred"
            years_evidence = (f"stated in summary: {stated[1]!r}",)
        else:
            years_value, years_source, years_evidence = None, "unknown", ()
            if doc_text is not None and doc_text.strip():
                warnings.append("no dated positions or stated years found; years of experience unknown")

        # current title and role
        current = current_position(positions)
        current_title: str | None = None
        inferred: TitleMatch | None = None
        inferred_how = ""
        if current is not None and current.title is not None:
            current_title, inferred = current.title, classify_title(current.title)
            inferred_how = f"most recent position {current.label!r} ({current.dates})"
        elif not positions and (header_title := _header_title(header)) is not None:
            # only read when no position has a date: a dated position's title always wins
            current_title, inferred = header_title[0], header_title[1]
            inferred_how = f"title {header_title[0]!r} in the document's header"
        role_id: str | None = None
        role_source: Source = "unknown"
        role_evidence: str | None = None
        seniority = inferred.seniority if inferred is not None else None
        if current_role is not None:
            role_id, given_seniority, role_evidence = _given_role(current_role)
            role_source = "given"
            seniority = given_seniority or seniority
        elif inferred is not None and inferred.role is not None:
            role_id, role_source = inferred.role, "inferred"
            role_evidence = f"{inferred_how}: {inferred.evidence}"
        elif current_title is not None:
            warnings.append(
                f"the most recent title {current_title!r} matches no catalog role; "
                "give the current role to get role advice"
            )
        elif doc_text is not None and doc_text.strip():
            warnings.append("no job title found in the document; current role unknown")

        # area
        area_code = area_name = area_evidence = None
        area_source: Source = "unknown"
        if area is not None:
            match = load_areas().resolve(area)
            area_code, area_name, area_source = match.area.code, match.area.name, "given"
            area_evidence = f"given: {area!r} ({match.how})"
        elif header_area is not None:
            area_code, area_name, place = header_area
            area_source, area_evidence = "inferred", f"{place!r} in the document's header"
        elif doc_text is not None:
            warnings.append("no area given or found in the document's header")

        return cls(
            skills=all_skills,
            skill_evidence=evidence,
            given_skills=tuple(sorted(given)),
            found_skills=tuple(sorted(found)),
            years=years_value,
            years_source=years_source,
            years_evidence=years_evidence,
            positions=tuple(positions),
            current_title=current_title,
            current_role=role_id,
            role_source=role_source,
            role_evidence=role_evidence,
            seniority=seniority,
            area_code=area_code,
            area_name=area_name,
            area_source=area_source,
            area_evidence=area_evidence,
            as_of=today,
            warnings=tuple(dict.fromkeys(warnings)),
            source_name=source_name,
            text_chars=len(doc_text) if doc_text is not None else 0,
            text=doc_text if keep_text else None,
        )


# ------------------------------------------------------------------------------------------ inputs


def _skill_names(skills: Sequence[str] | str) -> list[str]:
    if isinstance(skills, str):
        skills = skills.split(",")
    names: list[str] = []
    for name in skills:
        if not isinstance(name, str):
            raise InputError(f"skill names must be text, not {type(name).__name__}")
        if name.strip():
            names.append(name.strip())
    return names


def _resolve_skills(names: Sequence[str]) -> list[str]:
    taxonomy = load_skills()
    ids: list[str] = []
    for name in names:
        skill = taxonomy.resolve(name)
        if skill is None:
            raise NotFound(
                f"unknown skill {name!r}: use a skill id, label or alias (see `payband skills`)",
                suggestions=[s.id for s in taxonomy.suggest(name)],
            )
        if skill.id not in ids:
            ids.append(skill.id)
    return ids


def _check_years(years: float) -> float:
    if isinstance(years, bool) or not isinstance(years, int | float):
        raise InputError(f"years of experience must be a number, not {type(years).__name__}")
    if not math.isfinite(years) or not 0 <= years <= MAX_YEARS:
        raise InputError(f"years of experience must be between 0 and {MAX_YEARS:.0f}, not {years}")
    return float(years)


def _given_role(text: str) -> tuple[str, str | None, str]:
    """(role id, seniority, evidence) for a role the person gives: an id, title or alias."""
    try:
        return find_role(text).id, None, f"given: {text!r}"
    except NotFound as exc:
        match = classify_title(text)
        if match.role is not None and match.confidence >= ROLE_MIN_CONFIDENCE:
            return match.role, match.seniority, f"given: {text!r} ({match.evidence})"
        raise exc


# ------------------------------------------------------------------------------------------ header

_LOCATION_LABEL = re.compile(r"^(?:location|address|based in|lives in)\s*:?\s*", re.IGNORECASE)
_CITY_STATE = re.compile(
    r"^[A-Z][A-Za-z.' -]{1,40},\s*(?:[A-Z]{2}|[A-Z][a-z]+(?: [A-Z][a-z]+)?)(?:\s+\d{5}(?:-\d{4})?)?$"
)


# every separator starts with one of the lookahead's characters: elsewhere the alternatives are not tried
_HEADER_SPLIT = re.compile(r"(?=[\s|·•;()])(?:\s*[|·•;]\s*|\s{2,}|\s+[—–]\s+|[()])")
_ZIP = re.compile(r"\s+\d{5}(?:-\d{4})?$")


def _header(text: str) -> list[str]:
    """The first lines of the text that are not blank (the text is split whole only when the first
    ``2 * _HEADER_LINES`` lines have too few)."""
    first = text.split("\n", 2 * _HEADER_LINES)  # those lines, then the rest in one piece
    lines = list(islice(filter(str.strip, first[: 2 * _HEADER_LINES]), _HEADER_LINES))
    if len(lines) < _HEADER_LINES and len(first) > 2 * _HEADER_LINES:
        lines = list(islice(filter(str.strip, text.split("\n")), _HEADER_LINES))
    return lines


def _header_pieces(line: str) -> Iterator[str]:
    """``_HEADER_SPLIT.split(line)``, piece by piece: a reader that stops early leaves the rest unread."""
    start = 0
    for m in _HEADER_SPLIT.finditer(line):
        yield line[start : m.start()]
        start = m.end()
    yield line[start:]


def _header_area(header: list[str]) -> tuple[str, str, str] | None:
    """(area code, area name, place as written) for a 'City, ST' in the header lines."""
    for line in header:
        if "," not in line:
            continue  # a 'City, ST' has a comma
        for raw in _header_pieces(line):
            if "," not in raw:
                continue
            place = _LOCATION_LABEL.sub("", raw.strip())
            if not _CITY_STATE.match(place):
                continue
            place = _ZIP.sub("", place)
            match = resolve_location(place)
            if match.area_code is not None and match.area_name is not None and match.area_type != "national":
                return match.area_code, match.area_name, place
    return None


def _header_title(header: list[str]) -> tuple[str, TitleMatch] | None:
    """A catalog job title in the header lines ('Senior Data Engineer' under the name)."""
    for line in header[:4]:
        for piece in title_pieces(line):
            if "@" in piece or len(piece) > 60:
                continue
            match = title_match(piece)
            if match is not None and match.role is not None and match.confidence >= 0.8:
                return piece, match
    return None
