"""A skill mention: the public record the skill matcher returns.

Kept apart from payband.text.skill_extraction, which is compiled (see setup.py): pydantic and FastAPI
read this record's fields as those of a plain dataclass (API responses, JSON schema), and a compiled
class does not show them that way.
"""

from __future__ import annotations

from dataclasses import dataclass

from payband.text.sections import SectionKind

__all__ = ["SkillMention"]


@dataclass(frozen=True, slots=True)
class SkillMention:
    """One mention of a taxonomy skill: ``text[start:end] == surface``.

    ``counted`` is False only for mentions in boilerplate (returned when ``include_boilerplate``);
    ``reason`` says which name matched and, for an ambiguous name, which context supported it.
    """

    skill_id: str
    label: str
    category: str
    start: int
    end: int
    surface: str
    confidence: float
    section: SectionKind
    counted: bool
    reason: str
