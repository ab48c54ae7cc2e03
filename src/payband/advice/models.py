"""The advice's result records: role fits, skills to learn, target choices, career paths, positions.

Plain pydantic models, kept apart from the modules that compute them (fit, gaps, paths, positions),
which are compiled by mypyc (setup.py): pydantic builds a model from its class body, and a compiled
class body is not what it reads. Each model is also importable from the module that computes it.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "CareerPath",
    "GapReport",
    "PathStep",
    "PayUplift",
    "Position",
    "RoleFit",
    "SkillGap",
    "TargetChoice",
]


class RoleFit(BaseModel):
    """How well a person's skills cover one role, and why."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    role_id: str
    title: str
    family: str
    score: float
    required_coverage: float
    matched: tuple[str, ...]
    partial: dict[str, str]
    missing_required: tuple[str, ...]
    missing_valued: tuple[str, ...]
    multipliers_listed: tuple[str, ...]
    multipliers_present: tuple[str, ...]
    multipliers_missing: tuple[str, ...]
    reason: str


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PayUplift(_Frozen):
    """The pay model's evidence for a skill in one role: premium, sample size, source."""

    role_id: str
    enough_data: bool
    premium: float | None
    share_without: float | None
    log_effect: float
    multiplier: float
    usd: int | None
    n: int
    se: float | None
    source: str
    note: str


class SkillGap(_Frozen):
    """One skill to learn, with its evidence and its rank inputs."""

    skill_id: str
    label: str
    category: str
    role_id: str
    for_roles: tuple[str, ...]
    weight: Literal["required", "valued"]
    is_multiplier: bool
    pay: PayUplift
    fit_before: float
    fit_after: float
    fit_gain: float
    opens: tuple[str, ...]
    cost: Literal["cheaper", "new"]
    cost_via: str | None
    value: float
    priority: float
    reason: str


class TargetChoice(_Frozen):
    """A role weighed as a target (target=None): its pay for the person, fit, and the verdict."""

    role_id: str
    title: str
    fit: float
    p50: int | None
    pay_gain: int | None
    chosen: bool
    reason: str


class GapReport(_Frozen):
    """Skills to learn, best first, for a target role or for the best-paying reachable roles."""

    current_role: str
    current_role_given: bool
    target: str | None
    targets: tuple[str, ...]
    considered: tuple[TargetChoice, ...]
    skills: tuple[SkillGap, ...]
    multipliers: tuple[SkillGap, ...]
    rule: str
    notes: tuple[str, ...]


class PathStep(_Frozen):
    """One move: the skills to close for the next role and what it does to pay."""

    from_role: str
    from_title: str
    to_role: str
    to_title: str
    overlap: float
    required_coverage: float
    skills_to_close: tuple[str, ...]
    close_required: tuple[str, ...]
    close_valued: tuple[str, ...]
    p50_from: int | None
    p50_to: int | None
    pay_change: int | None
    pay_lower_bound: bool
    pay_note: str
    reason: str


class CareerPath(_Frozen):
    """The route from the start role to the target, step by step."""

    start_role: str
    start_given: bool
    target: str
    direct: bool
    direct_overlap: float
    steps: tuple[PathStep, ...]
    pay_change: int | None
    cost: float
    rule: str
    notes: tuple[str, ...]


class Position(BaseModel):
    """One dated position read from a resume, and what it adds to the years of experience."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    label: str = Field(description="the position line as written, without its dates")
    title: str | None = Field(description="the job title found in or next to the line, if any")
    role: str | None = Field(description="catalog role id of the title, or None")
    seniority: str | None = None
    dates: str = Field(description="the date range as written")
    start: date
    end: date = Field(description="exclusive end: the day after the last day counted")
    ongoing: bool = Field(description="ends 'Present' (or later than as_of)")
    years: float = Field(ge=0.0, description="this position's own span, rounded to 0.1 year")
    overlaps: bool = Field(description="overlaps another position; the overlap counts once in the total")

    def evidence(self) -> str:
        """'Senior Data Scientist, Acme — Mar 2021 – Present: 5.3 years' (plus an overlap note)."""
        note = " (overlaps another position; counted once)" if self.overlaps else ""
        return f"{self.label} — {self.dates}: {self.years:.1f} years{note}"
