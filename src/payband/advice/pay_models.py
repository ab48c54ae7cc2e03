"""The pay model's records: the fitted parameters (pay_model.json) and the estimates built from them.

Plain pydantic models, kept apart from payband.advice.pay_core, which computes the estimates and is
compiled by mypyc (setup.py): pydantic builds a model from its class body, and a compiled class body
is not what it reads. Each model is also importable from payband.advice.paymodel.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from payband.errors import DataError
from payband.pay.bands import format_usd
from payband.reference.wages import PERCENTILES

__all__ = [
    "Factor",
    "LevelEffect",
    "LevelMix",
    "PayEstimate",
    "PayModel",
    "RolePremium",
    "SkillEffect",
    "Spread",
    "SpreadInflation",
    "YearsCurve",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class LevelEffect(_Frozen):
    """A CC0 experience level's log effect against mid level (MI = 0)."""

    log: float
    se: float
    n: int


class LevelMix(_Frozen):
    """The training rows' level mix and its average effect (used when experience is not given)."""

    log: float
    weights: dict[str, float]


class YearsCurve(_Frozen):
    """The Stack Overflow years-of-experience curve (log, 0 at 8 years) on its knots."""

    knots: tuple[float, ...]
    log: tuple[float, ...]
    n: int


class RolePremium(_Frozen):
    """A role's fitted log premium over the OEWS national median of its SOC (None source: no data)."""

    soc: str
    oews_p50: int
    n_cc0: int
    n_so: int
    log: float
    raw: float | None
    se: float | None
    var: float
    n: int
    source: Literal["cc0", "so"] | None


class SkillEffect(_Frozen):
    """A skill's shrunk log premium from the survey, with prevalence overall and by role."""

    log: float
    raw: float
    se: float
    var: float
    n: int
    prev: float
    prev_role: dict[str, float]


class Spread(_Frozen):
    """Residual log quantiles of the training rows around the fitted median, and their sd."""

    p10: float
    p25: float
    p50: float
    p75: float
    p90: float
    sd: float


class SpreadInflation(_Frozen):
    """How much wider one-year-ahead errors were than in-sample ones (already applied to the spread)."""

    p25_p75: float
    p10_p90: float
    checked_on: int | None
    n: int


class PayModel(_Frozen):
    """The fitted parameters as stored in pay_model.json, with their provenance."""

    format: Literal["payband-pay-model/1"]
    provenance: dict[str, Any]
    min_n: int
    reference_year: int
    cc0_years: tuple[int, int]
    n_cc0: int
    n_so: int
    cc0_by_source: dict[str, int]
    levels: dict[str, LevelEffect]
    level_mix: LevelMix
    year_effects: dict[str, float]
    anchor_years: dict[str, float]
    years_curve: YearsCurve
    roles: dict[str, RolePremium]
    tau2_role: float
    spread: dict[Literal["with_experience", "without_experience"], Spread]
    spread_inflation: SpreadInflation
    skills: dict[str, SkillEffect]
    skill_counts: dict[str, int]

    @classmethod
    def from_document(cls, doc: Mapping[str, Any]) -> PayModel:
        """Validate a model document (the bundled file, or one a benchmark fitted in memory)."""
        try:
            return cls.model_validate(dict(doc))
        except ValidationError as exc:
            raise DataError(f"pay model is invalid: {exc}") from exc

    @property
    def cc0_source(self) -> str:
        """Source line of the CC0 salary effects."""
        lo, hi = self.cc0_years
        return (
            f"aijobs.net, isecjobs.com and devopsjobs salaries (Foorilla, CC0), US full-time, "
            f"{lo}–{hi}, n={self.n_cc0:,}"
        )

    @property
    def so_source(self) -> str:
        """Source line of the Stack Overflow survey effects."""
        return (
            "Stack Overflow Developer Survey 2023 US (ODbL 1.0, derived statistics), "
            f"n={self.n_so:,} full-time respondents"
        )

    def experience(self, years: float) -> tuple[float, bool]:
        """Years → (log effect against mid level, whether the survey's curve past 8 years was used)."""
        anchors = [self.anchor_years[k] for k in ("EN", "MI", "SE")]
        values = [self.levels[k].log for k in ("EN", "MI", "SE")]
        if years <= anchors[-1]:
            return _interp(years, anchors, values), False
        knots, curve = self.years_curve.knots, self.years_curve.log
        rise = _interp(years, knots, curve) - _interp(anchors[-1], knots, curve)
        return values[-1] + max(rise, 0.0), True


def _interp(x: float, xs: Sequence[float], ys: Sequence[float]) -> float:
    """Linear interpolation, flat outside the knots."""
    if x <= xs[0]:
        return ys[0]
    for (x0, y0), (x1, y1) in zip(zip(xs, ys, strict=True), zip(xs[1:], ys[1:], strict=True), strict=False):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return ys[-1]


class Factor(_Frozen):
    """One factor of an estimate: the OEWS base (a value) or an effect (log and multiplier)."""

    name: str
    kind: Literal["base", "role", "experience", "skill"]
    value: int | None = None
    log_effect: float | None = None
    multiplier: float | None = None
    n: int | None = None
    se: float | None = None
    source: str
    note: str | None = None

    def contract(self) -> dict[str, Any]:
        """The factor as JSON."""
        return self.model_dump()


class PayEstimate(_Frozen):
    """A personal pay estimate for a role in an area: percentiles, the factors and their sources."""

    role_id: str
    role_title: str
    soc: str
    soc_title: str
    area_code: str
    area_name: str
    years: float | None
    level: str | None
    p10: int | None
    p25: int | None
    p50: int | None
    p75: int | None
    p90: int | None
    top_coded: tuple[str, ...]
    floors: dict[str, int]
    oews_top_coded: tuple[str, ...]
    factors: tuple[Factor, ...]
    source: str
    notes: tuple[str, ...] = ()

    def value(self, percentile: str) -> int | None:
        """A percentile, or its lower bound when it rests on a top-coded OEWS value."""
        raw: int | None = getattr(self, percentile)
        return self.floors.get(percentile) if raw is None else raw

    def display(self, percentile: str) -> str:
        """'$158,900', '≥ $312,400' (lower bound from a top-coded OEWS median) or 'n/a'."""
        if percentile in self.top_coded:
            return f"≥ {format_usd(self.floors[percentile])}"
        return format_usd(getattr(self, percentile))

    def contract(self) -> dict[str, Any]:
        """The CLI/JSON contract: exactly p10, p25, p50, p75, p90, soc, area_code and factors."""
        return {
            **{p: getattr(self, p) for p in PERCENTILES},
            "soc": self.soc,
            "area_code": self.area_code,
            "factors": [f.contract() for f in self.factors],
        }
