"""The pay model's arithmetic behind payband.advice.paymodel (see there for the model itself).

Compiled by mypyc (setup.py): an advice estimates the person's pay in each role it shows and their
P50 in every role it weighs, each from the same cached factors. The public entry points that take a
person's inputs as given (estimate_pay, estimate_from_band, estimate_p50) stay plain Python in
payband.advice.paymodel and call ``estimate_on_band`` and ``p50_on_band`` here, which check those
inputs themselves: a compiled function would refuse a wrong type with its own TypeError before the
check could say what is wrong.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from functools import cache, lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Literal

from payband.advice.pay_models import Factor, PayEstimate, PayModel, SkillEffect, Spread
from payband.errors import DataError, InputError, NotFound, PaybandError
from payband.memo import per_question
from payband.pay.bands import PayBand, catalog_band, format_usd, pay_at
from payband.reference.areas import AreaMatch, load_areas
from payband.reference.catalog import Role, find_role
from payband.reference.wages import PERCENTILES

if TYPE_CHECKING:
    from payband.reference.skills import SkillTaxonomy

__all__ = [
    "LEVELS",
    "PersonP50",
    "estimate_on_band",
    "load_pay_model",
    "p50_on_band",
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


def _check_years(years: object) -> float | None:
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
        source = f"{source}; {model.so_source}"
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


def _shipped_skill_factors(
    role_id: str, table: _SkillTable, person: _Person
) -> tuple[list[Factor], float, list[float | None]]:
    """``_skill_factors`` for the shipped model on the person's skills already sorted, and the factors'
    log effects (read from the role's table, not from each factor)."""
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
    names: tuple[object, ...], model: PayModel
) -> tuple[tuple[tuple[str, str], ...], Factor | None]:
    """Skill names → the (id, label) of those with a measured premium, and one factor for the rest.

    The names are as given (typed ``object``: each is checked here, which a compiled loop over
    ``tuple[str, ...]`` would do first with its own TypeError)."""
    labels = _skill_labels()
    premiums, counts = model.skills, model.skill_counts
    seen: set[str] = set()
    measured: list[tuple[str, str]] = []
    not_asked: list[str] = []
    too_few: list[str] = []
    for name in names:
        if not isinstance(name, str) or not name.strip():
            raise InputError(f"a skill must be a non-empty name, not {name!r}")
        skill_id = name.strip()
        label = labels.get(skill_id)
        if label is None:  # not a skill id: a label or an alias, as people type them
            skill = _taxonomy().resolve(name)
            if skill is None:
                suggestions = [s.id for s in _taxonomy().suggest(name)]
                raise NotFound(f"unknown skill {name!r}", suggestions=suggestions)
            skill_id, label = skill.id, skill.label
        if skill_id in seen:
            continue
        seen.add(skill_id)
        if skill_id in premiums:
            measured.append((skill_id, label))
            continue
        n = counts.get(skill_id, 0)
        (too_few if n else not_asked).append(f"{label} (n={n})" if n else label)
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


def _taxonomy() -> SkillTaxonomy:
    """The skill taxonomy, imported when first asked for (an estimate without skills needs none)."""
    from payband.reference.skills import load_skills

    return load_skills()


@cache
def _skill_labels() -> dict[str, str]:
    """Every skill's label by its id (reference data: kept for the process)."""
    return {skill.id: skill.label for skill in _taxonomy()}


class _Person:
    """What the shipped model makes of one person's inputs, the same in every role."""

    def __init__(
        self,
        experience: Factor,
        measured: tuple[tuple[str, str], ...],
        no_data: Factor | None,
        spread: _SpreadTerms,
    ) -> None:
        self.experience = experience
        self.experience_log = experience.log_effect  # read once
        self.measured = measured  # (skill id, label) of the skills with a measured premium
        order = _skill_order()
        self.measured_at = tuple(order[skill_id] for skill_id, _ in measured)  # their places in the model
        self.no_data = no_data  # the skills without one
        self.spread = spread  # the spread's terms, with or without experience given


@per_question
def _shipped_person(years: float | None, level: str | None, names: tuple[str, ...]) -> _Person:
    """The person's experience factor and sorted skills under the shipped model, once per question
    (an advice weighs every role with the same inputs): one memo look-up per role, not two."""
    model = load_pay_model()
    experience = _experience_factor(model, years, level)
    # which skills have a premium depends on neither the role nor experience; errors are never kept
    measured, no_data = _sort_skills(names, model)
    return _Person(experience, measured, no_data, _shipped_spread(_spread_key(years, level)))


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


_SkillTable = dict[str, tuple[Factor, float, float | None]]
"""A role's skill factors under the shipped model by skill id: (factor, variance term, log effect)."""


@lru_cache(maxsize=1024)
def _shipped_skill_table(role_id: str) -> _SkillTable:
    """The shipped model's skill factors in a role, filled as skills are asked for (factors are immutable
    and depend only on role and skill: reference data only, each built once)."""
    return {}


def _round10(value: float) -> int:
    """``round(value / 10.0) * 10`` for a value ≥ 0: to the nearest 10, a tie to the even ten.

    round's rule written with floor (round is a generic call from compiled code, floor a few
    instructions): ``tens - down`` is exact for tens ≥ 0, so ties are found exactly."""
    tens = value / 10.0
    down = math.floor(tens)
    rest = tens - down
    if rest > 0.5 or (rest == 0.5 and down % 2 == 1):
        down += 1
    return down * 10


class _Assembly:
    """An estimate's factors and the numbers built from them, before they become a PayEstimate."""

    def __init__(
        self,
        years: float | None,
        level: str | None,
        factors: tuple[Factor, ...],
        values: dict[str, int],
        base_top: bool,
        source: str,
    ) -> None:
        self.years = years
        self.level = level
        self.factors = factors
        self.values = values
        self.base_top = base_top
        self.source = source


def _check_inputs(years: object, level: str | None, skills: Sequence[str]) -> tuple[float | None, str | None]:
    """Years and level checked (one of them at most), and skills that are a list, not one string."""
    if level is None and not isinstance(skills, str):
        # the usual question (years or nothing) in one step: _check_years gives the same value
        if type(years) is float and 0.0 <= years <= MAX_YEARS:
            return years, None
        if type(years) is int and 0 <= years <= MAX_YEARS:  # not bool: True is no number of years
            return float(years), None
    checked = _check_years(years)
    level = _check_level(level)
    if checked is not None and level is not None:
        raise InputError("give years of experience or an experience level, not both")
    if isinstance(skills, str):
        raise InputError("skills must be a list of names, not one string")
    return checked, level


def _base_value(band: PayBand) -> int:
    """The OEWS median an estimate starts from; NotFound when BLS publishes none."""
    published = band.p50
    if published is not None:  # what band.value gives, without the call
        return published
    base_value = band.value("p50")
    if base_value is None:
        raise NotFound(f"BLS publishes no median wage for {band.soc} in {band.area_name}")
    return base_value


def _center(base_value: int, log_effects: list[float | None]) -> float:
    """The log P50: the base's log plus the factors' effects, summed in factor order (one arithmetic
    for full estimates and P50-only ones, so both give the same figure to the last bit)."""
    total = 0.0  # the same additions, in the same order, as sum(e or 0.0 for e in log_effects)
    for effect in log_effects:
        total += effect or 0.0
    return math.log(base_value) + total


def _assemble(
    role: Role,
    band: PayBand,
    given_years: object,
    given_level: str | None,
    skills: Sequence[str],
    model: PayModel | None,
    percentiles: tuple[str, ...] = PERCENTILES,
) -> _Assembly:
    """Check the inputs, list the factors and compute P10–P90, or only ``percentiles`` (one place for
    the arithmetic)."""
    shipped = load_pay_model()
    model = model or shipped
    years, level = _check_inputs(given_years, given_level, skills)
    base_value = _base_value(band)
    # Factors depend on reference data alone (base, role, role × skill) or on the question (experience,
    # which skills have a premium): the shipped model's are built once, not once per role weighed.
    role_id, top_coded = role.id, band.top_coded
    # what the base factor is built from: the band's published values (reference data)
    band_values: _BandValues = (
        band.soc,
        band.soc_title,
        band.area_name,
        band.source,
        top_coded,
        band.top_code_annual,
        base_value,
    )
    if model is shipped:
        base, role_factor, role_var, source, table = _shipped_band_parts(role_id, band_values)
        person = _shipped_person(years, level, tuple(skills))
        skill_factors, skill_var, skill_logs = _shipped_skill_factors(role_id, table, person)
        factors = (base, role_factor, person.experience, *skill_factors)
        center = _center(base_value, [None, role_factor.log_effect, person.experience_log, *skill_logs])
        sd, sd2, offsets = person.spread
    else:
        role_factor, role_var = _role_factor(role, band.soc, band.soc_title, model)
        experience = _experience_factor(model, years, level)
        skill_factors, skill_var = _skill_factors(role_id, skills, model)
        base = _base_factor(band_values)
        source = _source_line(band.source, model)
        factors = (base, role_factor, experience, *skill_factors)
        center = _center(base_value, [f.log_effect for f in factors])
        sd, sd2, offsets = _spread_terms(model.spread[_spread_key(years, level)])
    if percentiles == ("p50",):  # the spread leaves the median where it is
        values = {"p50": _round10(math.exp(center))}
    else:
        scale = math.sqrt(sd2 + role_var + skill_var) / sd
        values = {p: _round10(math.exp(center + offsets[p] * scale)) for p in percentiles}
    return _Assembly(years, level, factors, values, "p50" in top_coded, source)


_SpreadTerms = tuple[float, float, dict[str, float]]
"""A spread's sd, its square and the log offset of each percentile from the median."""
_SpreadKey = Literal["with_experience", "without_experience"]


def _spread_key(years: float | None, level: str | None) -> _SpreadKey:
    """Which spread an estimate takes: the wider one when experience is not given."""
    return "without_experience" if years is None and level is None else "with_experience"


def _spread_terms(spread: Spread) -> _SpreadTerms:
    """A spread's terms (see _SpreadTerms)."""
    offsets = {"p10": spread.p10, "p25": spread.p25, "p50": 0.0, "p75": spread.p75, "p90": spread.p90}
    return spread.sd, spread.sd**2, offsets


@cache
def _shipped_spread(key: _SpreadKey) -> _SpreadTerms:
    """The shipped model's spread terms (model constants, read once)."""
    return _spread_terms(load_pay_model().spread[key])


_BandValues = tuple[str, str, str, str, tuple[str, ...], int | None, int]
"""What a base factor is built from: a band's soc, soc_title, area_name, source, top_coded and
top_code_annual, then the OEWS median the estimate starts from (published values: reference data)."""


@lru_cache(maxsize=4096)
def _shipped_band_parts(
    role_id: str, band_values: _BandValues
) -> tuple[Factor, Factor, float, str, _SkillTable]:
    """What an estimate of a role on a band takes from reference data alone under the shipped model:
    the base and role factors, the role's variance, the source line and the role's skill factors (one
    cache look-up, not four)."""
    soc, soc_title, _, source, *_ = band_values
    role_factor, role_var = _shipped_role_factor(role_id, soc, soc_title)
    base = _base_factor(band_values)
    return base, role_factor, role_var, _shipped_source(source), _shipped_skill_table(role_id)


@lru_cache(maxsize=4096)
def _base_factor(band_values: _BandValues) -> Factor:
    """The OEWS median an estimate starts from (a published statistic: kept for the process)."""
    soc, soc_title, area_name, source, top_coded, top_code_annual, base_value = band_values
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


@cache
def _skill_order() -> dict[str, int]:
    """The place of each measured skill in the shipped model (reference data): a role's skill effects are
    listed in this order, so a person's are found by place, not looked up by id role after role."""
    return {skill_id: place for place, skill_id in enumerate(load_pay_model().skills)}


@lru_cache(maxsize=1024)
def _shipped_role_logs(role_id: str, soc: str, soc_title: str) -> tuple[float | None, list[float]]:
    """The shipped model's role effect on a SOC and its measured skill effects in the role, in the
    model's order (reference data only, never changed): what a P50-only estimate adds up."""
    logs = [skill_log_effect(eff, role_id)[0] for eff in load_pay_model().skills.values()]
    return _shipped_role_factor(role_id, soc, soc_title)[0].log_effect, logs


def estimate_on_band(
    role: Role,
    band: PayBand,
    years: object,
    level: str | None,
    skills: Sequence[str],
    model: PayModel | None,
) -> PayEstimate:
    """``paymodel.estimate_from_band``: the estimate for a role on a given OEWS band (the band must be
    the role's primary SOC), ``years`` as given."""
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
    # The model's own validator on a dict: the checks of PayEstimate(...) and model_validate, without
    # their Python wrappers (which cost a seventh as much again).
    estimate: PayEstimate = PayEstimate.__pydantic_validator__.validate_python(
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
    return estimate


def p50_on_band(
    role: Role,
    band: PayBand,
    years: object,
    level: str | None,
    skills: Sequence[str],
    model: PayModel | None,
) -> tuple[int, bool, str]:
    """``paymodel.estimate_p50``: ``estimate_on_band``'s P50 (or its lower bound), whether it is one,
    and its source line, from the same factors and arithmetic without building the full estimate."""
    if model is not None and model is not load_pay_model():
        built = _assemble(role, band, years, level, skills, model, ("p50",))
        return built.values["p50"], built.base_top, built.source
    # The shipped model: the effects alone, without building factors (a search weighs every role).
    checked, level = _check_inputs(years, level, skills)
    base_value = _base_value(band)
    person = _shipped_person(checked, level, tuple(skills))
    role_log, logs = _shipped_role_logs(role.id, band.soc, band.soc_title)
    # the base, role, experience and measured skill factors' effects, in factor order
    effects = [None, role_log, person.experience_log, *[logs[place] for place in person.measured_at]]
    # a "no measured premium" factor would add 0.0: no change to the sum
    value = _round10(math.exp(_center(base_value, effects)))
    return value, "p50" in band.top_coded, _shipped_source(band.source)


class _P50Terms:
    """What a P50-only estimate on a catalog role's published band adds up (reference data only)."""

    def __init__(
        self, log_base: float, role_log: float, skill_logs: list[float], lower_bound: bool, source: str
    ) -> None:
        self.log_base = log_base  # math.log of the OEWS median
        self.role_log = role_log  # the role premium's log effect (0.0 for none)
        self.skill_logs = skill_logs  # the measured skills' log effects in the role (_skill_order)
        self.lower_bound = lower_bound  # the OEWS median is top-coded
        self.source = source


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
        self._experience_log = 0.0
        self._measured_at: tuple[int, ...] = ()
        try:
            checked, _ = _check_inputs(years, None, skills)
            person = _shipped_person(checked, None, tuple(skills))
            area_code = _area_match(area).area.code
        except PaybandError:
            return
        self._area_code = area_code
        self._experience_log = person.experience_log or 0.0
        self._measured_at = person.measured_at

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
        for place in self._measured_at:
            total += logs[place] or 0.0
        return _round10(math.exp(terms.log_base + total)), terms.lower_bound, terms.source


@per_question
def role_band(role_id: str, area: str) -> PayBand:
    """``payband.pay(role_id, area)``, looked up once per question (an advice asks for every role)."""
    return pay_at(role_id, _area_match(area))


@per_question
def _area_match(area: str) -> AreaMatch:
    """The person's area, resolved once per question."""
    return load_areas().resolve(area)
