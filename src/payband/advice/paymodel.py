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

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from functools import cache, lru_cache
from importlib import resources
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, ValidationError

from payband.errors import DataError, InputError, NotFound, PaybandError
from payband.memo import per_question
from payband.pay.bands import PayBand, catalog_band, format_usd, pay_at
from payband.reference.areas import AreaMatch, load_areas
from payband.reference.catalog import Role, find_role
from payband.reference.wages import PERCENTILES

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

FORMAT = "payband-pay-model/1"
LEVELS: tuple[str, ...] = ("EN", "MI", "SE", "EX")
_LEVEL_WORDS = {
    "en": "EN", "entry": "EN", "junior": "EN", "intern": "EN",
    "mi": "MI", "mid": "MI", "intermediate": "MI",
    "se": "SE", "senior": "SE", "staff": "SE", "principal": "SE", "lead": "SE",
    "ex": "EX", "executive": "EX", "director": "EX",
}  # fmt: skip
_LEVEL_NAMES = {"EN": "entry", "MI": "mid", "SE": "senior", "EX": "executive"}
MAX_YEARS = 60.0


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


# ------------------------------------------------------------------------------------------ loading


@cache
def load_pay_model() -> PayModel:
    """The bundled pay model (read once, cached)."""
    try:
        raw = resources.files("payband.reference").joinpath("data/pay_model.json").read_bytes()
        doc = json.loads(raw.decode("utf-8"))
    except OSError as exc:
        raise DataError(f"bundled pay model is missing ({exc}); run scripts/fit_pay_model.py") from exc
    except ValueError as exc:
        raise DataError(f"bundled pay model is corrupt: {exc}") from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise DataError(f"bundled pay model is not in the {FORMAT} format")
    return PayModel.from_document(doc)


# ----------------------------------------------------------------------------------------- estimating


def _check_years(years: float | None) -> float | None:
    if years is None:
        return None
    if isinstance(years, bool) or not isinstance(years, (int, float)):
        raise InputError(f"years of experience must be a number, not {type(years).__name__}")
    value = float(years)
    if not math.isfinite(value) or value < 0 or value > MAX_YEARS:
        raise InputError(f"years of experience must be between 0 and {MAX_YEARS:g}, not {years!r}")
    return value


def _check_level(level: str | None) -> str | None:
    if level is None:
        return None
    code = _LEVEL_WORDS.get(level.strip().lower())
    if code is None:
        raise InputError(
            f"unknown experience level {level!r}: use EN, MI, SE or EX (entry, mid, senior, executive)",
            suggestions=LEVELS,
        )
    return code


def _role_factor(role: Role, soc: str, soc_title: str, model: PayModel) -> tuple[Factor, float]:
    """The role premium factor and the variance it adds to the spread."""
    premium = model.roles.get(role.id)
    name = f"role premium: {role.title} over {soc} {soc_title}"
    if premium is None or premium.soc != soc:
        why = "role not in the fitted model" if premium is None else f"model fitted on SOC {premium.soc}"
        note = f"not enough data ({why}); no premium applied"
        return Factor(
            name=name, kind="role", log_effect=0.0, multiplier=1.0, n=0, source=model.cc0_source, note=note
        ), model.tau2_role
    if premium.source is None:
        note = (
            f"not enough data (n={premium.n} < {model.min_n} rows in the CC0 salaries and the survey); "
            "no premium applied, range widened"
        )
        return Factor(
            name=name,
            kind="role",
            log_effect=0.0,
            multiplier=1.0,
            n=premium.n,
            source=model.cc0_source,
            note=note,
        ), premium.var
    assert premium.raw is not None and premium.se is not None
    source = model.cc0_source if premium.source == "cc0" else model.so_source
    note = (
        f"median log ratio to the OEWS national median {premium.raw:+.3f} (se {premium.se:.3f}), "
        f"shrunk toward 0 to {premium.log:+.3f}; measured at mid level, {model.reference_year} pay"
    )
    if premium.source == "so":
        note += "; too few CC0 rows, taken from the survey (DevType)"
    factor = Factor(
        name=name,
        kind="role",
        log_effect=premium.log,
        multiplier=math.exp(premium.log),
        n=premium.n,
        se=premium.se,
        source=source,
        note=note,
    )
    return factor, premium.var


def _experience_factor(model: PayModel, years: float | None, level: str | None) -> Factor:
    if level is not None:
        eff = model.levels[level]
        return Factor(
            name=f"experience: {_LEVEL_NAMES[level]} level ({level})",
            kind="experience",
            log_effect=eff.log,
            multiplier=math.exp(eff.log),
            n=eff.n,
            se=eff.se,
            source=model.cc0_source,
            note="CC0 level effect against mid level (MI), median regression with role and year held fixed",
        )
    if years is None:
        mix = ", ".join(f"{model.level_mix.weights[lv]:.0%} {lv}" for lv in LEVELS)
        return Factor(
            name="experience: not given",
            kind="experience",
            log_effect=model.level_mix.log,
            multiplier=math.exp(model.level_mix.log),
            n=model.n_cc0,
            source=model.cc0_source,
            note=f"the salary data's own level mix ({mix}); range widened for unknown experience",
        )
    log, curve = model.experience(years)
    anchors = ", ".join(f"{lv} {model.anchor_years[lv]:g}" for lv in ("EN", "MI", "SE"))
    note = f"CC0 level effects placed at years ({anchors}), linear between, against mid level"
    source = model.cc0_source
    n = model.n_cc0
    if curve:
        note += "; past 8 years the survey's years-of-experience curve (monotone, DevType held fixed)"
        source = f"{model.cc0_source}; {model.so_source}"
        n += model.years_curve.n
    log = round(log, 6)
    return Factor(
        name=f"experience: {years:g} years",
        kind="experience",
        log_effect=log,
        multiplier=math.exp(log),
        n=n,
        source=source,
        note=note,
    )


def _skill_factors(role_id: str, skills: Sequence[str], model: PayModel) -> tuple[list[Factor], float]:
    """One factor per skill with a measured premium, then one that lists the skills without one."""
    measured, no_data = _sort_skills(tuple(skills), model)
    out: list[Factor] = []
    variance = 0.0
    for skill_id, label in measured:
        factor, var = _skill_factor(model, role_id, skill_id, label)
        out.append(factor)
        variance += var
    if no_data is not None:
        out.append(no_data)
    return out, variance


def _shipped_skill_factors(role_id: str, person: _Person) -> tuple[list[Factor], float, list[float | None]]:
    """``_skill_factors`` for the shipped model on the person's skills already sorted, and the factors'
    log effects (read from the table, not from each factor)."""
    # Factors are immutable and depend only on (role, skill): the shipped model's are built once.
    table = _shipped_skill_table(role_id)
    out: list[Factor] = []
    logs: list[float | None] = []
    variance = 0.0
    for skill_id, label in person.measured:
        entry = table.get(skill_id)
        if entry is None:
            factor, var = _skill_factor(load_pay_model(), role_id, skill_id, label)
            entry = table[skill_id] = (factor, var, factor.log_effect)
        out.append(entry[0])
        variance += entry[1]
        logs.append(entry[2])
    if person.no_data is not None:
        out.append(person.no_data)
        logs.append(person.no_data.log_effect)
    return out, variance, logs


def _sort_skills(
    names: tuple[str, ...], model: PayModel
) -> tuple[tuple[tuple[str, str], ...], Factor | None]:
    """Skill names → the (id, label) of those with a measured premium, and one factor for the rest."""
    from payband.reference.skills import load_skills

    taxonomy = load_skills()
    seen: set[str] = set()
    measured: list[tuple[str, str]] = []
    not_asked: list[str] = []
    too_few: list[str] = []
    for name in names:
        if not isinstance(name, str) or not name.strip():
            raise InputError(f"a skill must be a non-empty name, not {name!r}")
        skill = taxonomy.get(name.strip()) or taxonomy.resolve(name)
        if skill is None:
            raise NotFound(f"unknown skill {name!r}", suggestions=[s.id for s in taxonomy.suggest(name)])
        if skill.id in seen:
            continue
        seen.add(skill.id)
        if skill.id in model.skills:
            measured.append((skill.id, skill.label))
            continue
        n = model.skill_counts.get(skill.id, 0)
        (too_few if n else not_asked).append(f"{skill.label} (n={n})" if n else skill.label)
    if not not_asked and not too_few:
        return tuple(measured), None
    # One line for all of them: a factor per skill repeated "no effect" dozens of times per role.
    why = [f"not asked in the survey: {', '.join(not_asked)}"] if not_asked else []
    if too_few:
        why.append(f"fewer than {model.min_n} respondents: {', '.join(too_few)}")
    no_data = Factor(
        name=f"skills without a measured premium ({len(not_asked) + len(too_few)})",
        kind="skill",
        log_effect=0.0,
        multiplier=1.0,
        n=0 if not too_few else None,
        source=model.so_source,
        note=f"not enough data ({'; '.join(why)}); no effect",
    )
    return tuple(measured), no_data


class _Person(NamedTuple):
    """What the shipped model makes of one person's inputs, the same in every role."""

    experience: Factor
    experience_log: float | None  # experience.log_effect, read once
    measured: tuple[tuple[str, str], ...]  # (skill id, label) of the skills with a measured premium
    measured_ids: tuple[str, ...]  # their ids alone
    no_data: Factor | None  # the skills without one


@per_question
def _shipped_person(years: float | None, level: str | None, names: tuple[str, ...]) -> _Person:
    """The person's experience factor and sorted skills under the shipped model, once per question
    (an advice weighs every role with the same inputs): one memo look-up per role, not two."""
    model = load_pay_model()
    experience = _experience_factor(model, years, level)
    # which skills have a premium depends on neither the role nor experience; errors are never kept
    measured, no_data = _sort_skills(names, model)
    ids = tuple(skill_id for skill_id, _ in measured)
    return _Person(experience, experience.log_effect, measured, ids, no_data)


def skill_log_effect(eff: SkillEffect, role_id: str) -> tuple[float, float, bool]:
    """A measured skill premium applied in a role: (log effect, share that has the skill, whether that
    share is the role's own rather than all respondents'). The premium counts only for those without it."""
    share = eff.prev_role.get(role_id)
    has = eff.prev if share is None else share
    return round(eff.log * (1.0 - has), 6), has, share is not None


def _skill_factor(model: PayModel, role_id: str, skill_id: str, label: str) -> tuple[Factor, float]:
    """A measured skill premium in a role: its factor and its variance term."""
    eff = model.skills[skill_id]
    log, has, own = skill_log_effect(eff, role_id)
    who = "respondents in this role" if own else "respondents"
    note = (
        f"premium {eff.log:+.3f} (raw {eff.raw:+.3f}, se {eff.se:.3f}, shrunk) × the "
        f"{1 - has:.0%} of {who} without it; an association in the survey, not a promise"
    )
    factor = Factor(
        name=f"skill: {label}",
        kind="skill",
        log_effect=log,
        multiplier=math.exp(log),
        n=eff.n,
        se=eff.se,
        source=model.so_source,
        note=note,
    )
    return factor, eff.var * (1.0 - has) ** 2


@lru_cache(maxsize=1024)
def _shipped_skill_table(role_id: str) -> dict[str, tuple[Factor, float, float | None]]:
    """The shipped model's skill factors in a role by skill id (factor, variance term, log effect),
    filled as skills are asked for (reference data only: a dict look-up per skill, not a cache call)."""
    return {}


def _round10(value: float) -> int:
    return round(value / 10.0) * 10


class _Assembly(NamedTuple):
    """An estimate's factors and the numbers built from them, before they become a PayEstimate."""

    years: float | None
    level: str | None
    factors: tuple[Factor, ...]
    values: dict[str, int]
    base_top: bool
    source: str


def _check_inputs(
    years: float | None, level: str | None, skills: Sequence[str]
) -> tuple[float | None, str | None]:
    """Years and level checked (one of them at most), and skills that are a list, not one string."""
    if level is None and not isinstance(skills, str):
        # the usual question (years or nothing) in one step: _check_years gives the same value
        if type(years) is float and 0.0 <= years <= MAX_YEARS:
            return years, None
        if type(years) is int and 0 <= years <= MAX_YEARS:  # not bool: True is no number of years
            return float(years), None
    years = _check_years(years)
    level = _check_level(level)
    if years is not None and level is not None:
        raise InputError("give years of experience or an experience level, not both")
    if isinstance(skills, str):
        raise InputError("skills must be a list of names, not one string")
    return years, level


def _base_value(band: PayBand) -> int:
    """The OEWS median an estimate starts from; NotFound when BLS publishes none."""
    if band.p50 is not None:  # published: what band.value gives, without the call
        return band.p50
    base_value = band.value("p50")
    if base_value is None:
        raise NotFound(f"BLS publishes no median wage for {band.soc} in {band.area_name}")
    return base_value


def _center(base_value: int, log_effects: Iterable[float | None]) -> float:
    """The log P50: the base's log plus the factors' effects, summed in factor order (one arithmetic
    for full estimates and P50-only ones, so both give the same figure to the last bit)."""
    total = 0.0  # the same additions, in the same order, as sum(e or 0.0 for e in log_effects)
    for effect in log_effects:
        total += effect or 0.0
    return math.log(base_value) + total


def _assemble(
    role: Role,
    band: PayBand,
    years: float | None,
    level: str | None,
    skills: Sequence[str],
    model: PayModel | None,
    percentiles: tuple[str, ...] = PERCENTILES,
) -> _Assembly:
    """Check the inputs, list the factors and compute P10–P90, or only ``percentiles`` (one place for
    the arithmetic)."""
    model = model or load_pay_model()
    years, level = _check_inputs(years, level, skills)
    base_value = _base_value(band)
    # Factors depend on reference data alone (base, role, role × skill) or on the question (experience,
    # which skills have a premium): the shipped model's are built once, not once per role weighed.
    spread_key: Literal["with_experience", "without_experience"] = (
        "without_experience" if years is None and level is None else "with_experience"
    )
    # what the base factor is built from: the band's published values (reference data)
    band_values = (
        band.soc,
        band.soc_title,
        band.area_name,
        band.source,
        band.top_coded,
        band.top_code_annual,
        base_value,
    )
    if model is load_pay_model():
        base, role_factor, role_var, source = _shipped_band_parts(role.id, *band_values)
        person = _shipped_person(years, level, tuple(skills))
        skill_factors, skill_var, skill_logs = _shipped_skill_factors(role.id, person)
        factors = (base, role_factor, person.experience, *skill_factors)
        center = _center(base_value, [None, role_factor.log_effect, person.experience_log, *skill_logs])
        sd, sd2, offsets = _shipped_spread(spread_key)
    else:
        role_factor, role_var = _role_factor(role, band.soc, band.soc_title, model)
        experience = _experience_factor(model, years, level)
        skill_factors, skill_var = _skill_factors(role.id, skills, model)
        base = _base_factor(*band_values)
        source = _source_line(band.source, model)
        factors = (base, role_factor, experience, *skill_factors)
        center = _center(base_value, [f.log_effect for f in factors])
        sd, sd2, offsets = _spread_terms(model.spread[spread_key])
    if percentiles == ("p50",):  # the spread leaves the median where it is
        values = {"p50": _round10(math.exp(center))}
    else:
        scale = math.sqrt(sd2 + role_var + skill_var) / sd
        # _round10, written out: five calls per estimate
        values = {p: round(math.exp(center + offsets[p] * scale) / 10.0) * 10 for p in percentiles}
    return _Assembly(years, level, factors, values, "p50" in band.top_coded, source)


def _spread_terms(spread: Spread) -> tuple[float, float, dict[str, float]]:
    """A spread's sd, its square and the log offset of each percentile from the median."""
    offsets = {"p10": spread.p10, "p25": spread.p25, "p50": 0.0, "p75": spread.p75, "p90": spread.p90}
    return spread.sd, spread.sd**2, offsets


@cache
def _shipped_spread(
    key: Literal["with_experience", "without_experience"],
) -> tuple[float, float, dict[str, float]]:
    """The shipped model's spread terms (model constants, read once)."""
    return _spread_terms(load_pay_model().spread[key])


@lru_cache(maxsize=4096)
def _shipped_band_parts(
    role_id: str,
    soc: str,
    soc_title: str,
    area_name: str,
    source: str,
    top_coded: tuple[str, ...],
    top_code_annual: int | None,
    base_value: int,
) -> tuple[Factor, Factor, float, str]:
    """What an estimate of a role on a band takes from reference data alone under the shipped model:
    the base and role factors, the role's variance and the source line (one cache look-up, not three)."""
    role_factor, role_var = _shipped_role_factor(role_id, soc, soc_title)
    base = _base_factor(soc, soc_title, area_name, source, top_coded, top_code_annual, base_value)
    return base, role_factor, role_var, _shipped_source(source)


@lru_cache(maxsize=4096)
def _base_factor(
    soc: str,
    soc_title: str,
    area_name: str,
    source: str,
    top_coded: tuple[str, ...],
    top_code_annual: int | None,
    base_value: int,
) -> Factor:
    """The OEWS median an estimate starts from (a published statistic: kept for the process)."""
    note = "the median of all workers in this occupation and area"
    if top_coded:
        note += f"; OEWS top-codes {', '.join(top_coded)} here (≥ {format_usd(top_code_annual)})"
    if "p50" in top_coded:
        note += ": the median is a lower bound, so every estimate is one too"
    return Factor(
        name=f"OEWS median: {soc} {soc_title}, {area_name}",
        kind="base",
        value=base_value,
        source=source,
        note=note,
    )


@lru_cache(maxsize=1024)
def _shipped_role_factor(role_id: str, soc: str, soc_title: str) -> tuple[Factor, float]:
    """The shipped model's role premium on a SOC (reference data only: kept for the process)."""
    return _role_factor(find_role(role_id), soc, soc_title, load_pay_model())


def _source_line(band_source: str, model: PayModel) -> str:
    return (
        f"payband pay model: {band_source} × role, experience and skill effects fitted on "
        f"{model.cc0_source} and the {model.so_source}; range from training residuals"
    )


@lru_cache(maxsize=64)
def _shipped_source(band_source: str) -> str:
    """The source line of the shipped model's estimates on a wage release (reference data only)."""
    return _source_line(band_source, load_pay_model())


@lru_cache(maxsize=1024)
def _shipped_role_logs(role_id: str, soc: str, soc_title: str) -> tuple[float | None, Mapping[str, float]]:
    """The shipped model's role effect on a SOC and its measured skill effects in the role, by skill id
    (reference data only): what a P50-only estimate adds up."""
    skills = load_pay_model().skills
    logs = {skill_id: skill_log_effect(eff, role_id)[0] for skill_id, eff in skills.items()}
    return _shipped_role_factor(role_id, soc, soc_title)[0].log_effect, logs


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
    built = _assemble(role, band, years, level, skills, model)
    values = built.values  # every percentile, in PERCENTILES order
    top: tuple[str, ...] = ()
    floors: dict[str, int] = {}
    shown: Mapping[str, int | None] = values
    if built.base_top:  # a lower bound: the values are floors, none is shown as an estimate
        top, floors, shown = PERCENTILES, dict(values), dict.fromkeys(PERCENTILES)
    notes: list[str] = []
    if band.area_note:
        notes.append(band.area_note)
    if band.area_type != "national":
        notes.append("role, experience and skill effects were measured nationally and applied to this area")
    # model_validate of a dict: the same validation as PayEstimate(...), without packing keywords
    return PayEstimate.model_validate(
        {
            "role_id": role.id,
            "role_title": role.title,
            "soc": band.soc,
            "soc_title": band.soc_title,
            "area_code": band.area_code,
            "area_name": band.area_name,
            "years": built.years,
            "level": built.level,
            "p10": shown["p10"],
            "p25": shown["p25"],
            "p50": shown["p50"],
            "p75": shown["p75"],
            "p90": shown["p90"],
            "top_coded": top,
            "floors": floors,
            "oews_top_coded": band.top_coded,
            "factors": built.factors,
            "source": built.source,
            "notes": tuple(notes),
        }
    )


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
    if model is not None and model is not load_pay_model():
        built = _assemble(role, band, years, level, skills, model, ("p50",))
        return built.values["p50"], built.base_top, built.source
    # The shipped model: the effects alone, without building factors (a search weighs every role).
    years, level = _check_inputs(years, level, skills)
    base_value = _base_value(band)
    person = _shipped_person(years, level, tuple(skills))
    role_log, logs = _shipped_role_logs(role.id, band.soc, band.soc_title)
    # the base, role, experience and measured skill factors' effects, in factor order
    effects = [None, role_log, person.experience_log, *map(logs.__getitem__, person.measured_ids)]
    # a "no measured premium" factor would add 0.0: no change to the sum
    value = _round10(math.exp(_center(base_value, effects)))
    return value, "p50" in band.top_coded, _shipped_source(band.source)


class _P50Terms(NamedTuple):
    """What a P50-only estimate on a catalog role's published band adds up (reference data only)."""

    log_base: float  # math.log of the OEWS median
    role_log: float  # the role premium's log effect (0.0 for none)
    skill_logs: Mapping[str, float]  # measured skill id → its log effect in the role
    lower_bound: bool  # the OEWS median is top-coded
    source: str


@lru_cache(maxsize=4096)
def _catalog_p50_terms(role_id: str, area_code: str) -> _P50Terms | None:
    """The shipped model's P50 terms of a catalog role on its published band in an area, None where there
    is no band or no published median (reference data only: kept for the process)."""
    band = catalog_band(role_id, area_code)
    if band is None or band.p50 is None:
        return None
    role_log, logs = _shipped_role_logs(role_id, band.soc, band.soc_title)
    source = _shipped_source(band.source)
    return _P50Terms(math.log(band.p50), role_log or 0.0, logs, "p50" in band.top_coded, source)


class PersonP50:
    """``estimate_p50(role, role_band(role_id, area), years=years, skills=skills)`` under the shipped model
    for one person in many catalog roles: the inputs are checked, and the skills sorted, once.

    ``at`` gives None where the full path must answer: a role id it does not know, no published median,
    or inputs the full path rejects (it raises, or reports the area, role by role as it always has).
    """

    def __init__(self, area: str, years: float | None, skills: Sequence[str]) -> None:
        self._area_code: str | None = None
        try:
            checked, _ = _check_inputs(years, None, skills)
            person = _shipped_person(checked, None, tuple(skills))
            area_code = _area_match(area).area.code
        except PaybandError:
            return
        self._area_code = area_code
        self._experience_log = person.experience_log or 0.0
        self._measured = person.measured_ids

    def at(self, role_id: str) -> tuple[int, bool, str] | None:
        """``estimate_p50``'s (P50, is a lower bound, source) in a catalog role, or None (see above)."""
        if self._area_code is None:
            return None
        terms = _catalog_p50_terms(role_id, self._area_code)
        if terms is None:
            return None
        # _center's additions in factor order: role, experience, then each measured skill
        total = terms.role_log + self._experience_log
        logs = terms.skill_logs
        for skill_id in self._measured:
            total += logs[skill_id] or 0.0
        return _round10(math.exp(terms.log_base + total)), terms.lower_bound, terms.source


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
    return estimate_from_band(found, band, years=years, level=level, skills=skills, model=model)


@per_question
def role_band(role_id: str, area: str) -> PayBand:
    """``payband.pay(role_id, area)``, looked up once per question (an advice asks for every role)."""
    return pay_at(role_id, _area_match(area))


@per_question
def _area_match(area: str) -> AreaMatch:
    """The person's area, resolved once per question."""
    return load_areas().resolve(area)
