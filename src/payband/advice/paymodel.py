"""Personal pay estimate: the OEWS median for a role's SOC in an area, moved by fitted, sourced factors.

    P50 = OEWS P50 (role's primary SOC, area) × role premium × experience × Π skill premiums
    Pk  = P50 × exp(residual quantile k)                              (k = 10, 25, 75, 90)

The factors are read from the bundled ``reference/data/pay_model.json``, fitted by
``scripts/fit_pay_model.py`` on ALL years of the CC0 salary files (aijobs, isecjobs, devopsjobs)
and, as derived statistics, on the Stack Overflow Developer Survey 2023 US subset (ODbL). The role
premium (a median) and the level effects (a median regression with role and year held fixed) are
measured against the OEWS national median of the role's SOC on US full-time rows; years of
experience are placed on the CC0 level effects (1, 4, 8 years for entry, mid, senior) and, past 8
years, on the Stack Overflow years curve; skill premiums come from
the survey, applied only for the share of the role that lacks the skill. Effects with fewer rows
than the model's minimum give a "not enough data" factor and no effect. The range comes from the
residual quantiles measured on the training rows, widened by the uncertainty of the role premium.
A top-coded OEWS median makes every estimate a lower bound: those percentiles stay null and marked.
"""

from __future__ import annotations

from collections.abc import Sequence

from payband.advice import pay_core
from payband.advice.pay_core import LEVELS, PersonP50, load_pay_model, role_band, skill_log_effect
from payband.advice.pay_models import (
    Factor,
    LevelEffect,
    PayEstimate,
    PayModel,
    RolePremium,
    SkillEffect,
    Spread,
    SpreadInflation,
)
from payband.advice.pay_models import LevelMix as LevelMix
from payband.advice.pay_models import YearsCurve as YearsCurve
from payband.pay.bands import PayBand
from payband.reference.catalog import Role, find_role

__all__ = [
    "LEVELS",
    "Factor",
    "LevelEffect",
    "PayEstimate",
    "PayModel",
    "PersonP50",
    "RolePremium",
    "SkillEffect",
    "Spread",
    "SpreadInflation",
    "estimate_from_band",
    "estimate_p50",
    "estimate_pay",
    "load_pay_model",
    "role_band",
    "skill_log_effect",
]

# The arithmetic is in payband.advice.pay_core (compiled); the three entry points that take a person's
# inputs as given are plain Python, so a wrong one (years="3") is the InputError that says what is wrong.


def estimate_from_band(
    role: Role,
    band: PayBand,
    *,
    years: float | None = None,
    level: str | None = None,
    skills: Sequence[str] = (),
    model: PayModel | None = None,
) -> PayEstimate:
    """The estimate for a role on a given OEWS band (the band must be the role's primary SOC)."""
    return pay_core.estimate_on_band(role, band, years, level, skills, model)


def estimate_p50(
    role: Role,
    band: PayBand,
    *,
    years: float | None = None,
    level: str | None = None,
    skills: Sequence[str] = (),
    model: PayModel | None = None,
) -> tuple[int, bool, str]:
    """``estimate_from_band(...)``'s P50 (or its lower bound), whether it is one, and its source line.

    The same factors and arithmetic without building the full estimate: searches over every role
    (which roles pay a person more) need only this.
    """
    return pay_core.p50_on_band(role, band, years, level, skills, model)


def estimate_pay(
    role: str,
    area: str = "national",
    years: float | None = None,
    skills: Sequence[str] = (),
    *,
    level: str | None = None,
    model: PayModel | None = None,
) -> PayEstimate:
    """P10–P90 for a person in a role and area, built from OEWS and moved by listed, sourced factors.

    ``role`` is a catalog role id, title or alias (NotFound otherwise, with suggestions); ``area`` as
    people type it; ``years`` of professional experience, or instead ``level`` (EN, MI, SE, EX);
    ``skills`` are taxonomy ids or names. ``model`` defaults to the bundled fitted model.
    """
    found = find_role(role)
    band = role_band(found.id, area)
    return pay_core.estimate_on_band(found, band, years, level, skills, model)
