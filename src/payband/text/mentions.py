"""A skill mention: the public record the skill matcher returns.

Kept apart from payband.text.skill_extraction, which is compiled (see setup.py): pydantic and FastAPI
read this record's fields as those of a plain dataclass (API responses, JSON schema), and a compiled
class does not show them that way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from payband.text.sections import SectionKind

__all__ = ["SkillMention", "new_mention"]


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


class _MentionDraft:
    """A mutable twin of :class:`SkillMention` (the same slots, in the same order): filled with plain
    attribute stores, then made a ``SkillMention`` by assigning ``__class__``. The frozen dataclass's
    ``__init__`` calls ``object.__setattr__`` once per field, which cost more than the rest of turning
    a hit into a mention."""

    __slots__ = SkillMention.__slots__


def new_mention(
    skill_id: str,
    label: str,
    category: str,
    start: int,
    end: int,
    surface: str,
    confidence: float,
    section: SectionKind,
    counted: bool,
    reason: str,
) -> SkillMention:
    """``SkillMention(...)``, field by field, without the frozen ``__init__`` (see _MentionDraft)."""
    m: Any = object.__new__(_MentionDraft)  # typed as the mention it becomes below
    m.skill_id, m.label, m.category, m.start, m.end = skill_id, label, category, start, end
    m.surface, m.confidence, m.section, m.counted, m.reason = surface, confidence, section, counted, reason
    m.__class__ = SkillMention
    mention: SkillMention = m
    return mention
