"""Skills to learn: the missing skills of a target role ranked by pay uplift, fit gain and effort.

For each candidate skill (a missing required or valued skill of the target role, multipliers included)::

    pay    = survey premium (shrunk log) × share of the role's respondents without the skill
             (exactly the skill factor ``estimate_pay`` applies; 0 and "not enough data" when the pay
             model has no effect for the skill)
    fit    = score(target, skills + s) − score(target, skills)          (see ``payband.advice.fit``)
    opens  = roles whose required coverage rises from below to at least OPEN_AT by learning s
    value  = fit + pay + OPEN_BONUS × |opens|
    effort = CHEAPER_EFFORT when the person has a close relative or prerequisite of s, else 1
    rank by value / effort, then required before valued, then larger fit gain, then skill id

With no target, the targets are the roles that pay the person more than their current role (the
given one, else the best-fit one) at a fit of at least MIN_TARGET_FIT, the TARGETS best by expected
gain = P50 gain × fit (when none reaches that fit: the closest roles that pay more); each skill is
measured on the chosen target where it ranks highest. Every role considered is listed with why it
was or was not chosen.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from payband.advice.fit import (
    ProfileLike,
    SkillBits,
    bits_fit_score,
    closest_relative,
    coverage_at,
    coverage_skills,
    fit,
    multiplier_ids,
    person_bits,
    profile_skills,
    required_gain_bound,
    required_units,
    resolve_role,
    skill_bits,
    start_role,
)
from payband.advice.models import GapReport, PayUplift, SkillGap, TargetChoice
from payband.advice.paymodel import PersonP50, estimate_p50, load_pay_model, role_band, skill_log_effect
from payband.errors import InputError, NotFound
from payband.memo import asks, per_question
from payband.pay.bands import format_usd
from payband.reference.areas import load_areas
from payband.reference.catalog import Role, find_role, load_catalog
from payband.reference.skills import load_skills

__all__ = [
    "CHEAPER_EFFORT",
    "MIN_TARGET_FIT",
    "OPEN_AT",
    "OPEN_BONUS",
    "RANK_RULE",
    "TARGETS",
    "GapReport",
    "PayUplift",
    "SkillGap",
    "TargetChoice",
    "gaps",
    "person_p50",
]

OPEN_AT = 0.75
OPEN_BONUS = 0.02
CHEAPER_EFFORT = 0.5
MIN_TARGET_FIT = 0.3
TARGETS = 3
_MIN_FIT_SHOWN = f"{MIN_TARGET_FIT:.2f}"
RANK_RULE = (
    f"priority = (fit gain + applied log pay premium + {OPEN_BONUS} × roles opened) / effort, "
    f"effort {CHEAPER_EFFORT} when a related skill is known else 1; ties: required first, "
    "larger fit gain, skill id"
)


# -------------------------------------------------------------------------------------------- pay


def person_p50(
    role_id: str, area: str, years: float | None, skills: Sequence[str]
) -> tuple[int | None, bool, str]:
    """The person's estimated P50 in a role: (value, is a lower bound, note or source).

    NotFound (no published wages for the role's SOC in the area) gives ``None`` and the reason;
    other input errors (bad years) propagate.
    """
    return _pay_of(area, years, skills).at(role_id)


class _PersonPay:
    """The person's P50 per role (``person_p50``), each role worked out once per question."""

    def __init__(self, area: str, years: float | None, skills: tuple[str, ...]) -> None:
        self._args = (area, years, skills)
        self._fast = PersonP50(area, years, skills)
        self._seen: dict[str, tuple[int | None, bool, str]] = {}

    def at(self, role_id: str) -> tuple[int | None, bool, str]:
        """``person_p50`` in the role (a method, not ``__call__``: compiled callers call it directly)."""
        seen = self._seen.get(role_id)
        if seen is None:
            seen = self._fast.at(role_id) or _full_p50(role_id, *self._args)
            self._seen[role_id] = seen  # errors propagate and are not kept
        return seen


@per_question
def _person_pay(area: str, years: float | None, skills: tuple[str, ...]) -> _PersonPay:
    """The person's P50s, one table per question (an advice asks for every role, paths again)."""
    return _PersonPay(area, years, skills)


def _full_p50(
    role_id: str, area: str, years: float | None, skills: tuple[str, ...]
) -> tuple[int | None, bool, str]:
    """``person_p50`` the long way: any role text, a band with no published median, bad inputs."""
    try:
        role = find_role(role_id)
        band = role_band(role.id, area)
    except NotFound as exc:
        return None, False, str(exc)
    value, lower_bound, source = estimate_p50(role, band, years=years, skills=skills)
    return value, lower_bound, source


def _check_area(profile: ProfileLike) -> str:
    area = profile.area_code or "national"
    load_areas().resolve(area)
    return area


def _pay_of(area: str, years: float | None, skills: Iterable[str]) -> _PersonPay:
    """``person_p50`` for one person's inputs, role by role (look it up once, then ask it per role)."""
    ordered = tuple(sorted(skills))
    if isinstance(years, bool):  # True == 1 as a memo key: a table of its own, which no memo keeps
        return _PersonPay(area, years, ordered)
    return _person_pay(area, years, ordered)


@cache
def _uplift_log(skill_id: str, role_id: str) -> float:
    """The skill's expected log pay uplift in the role: its survey premium × the share without it
    (reference data: kept for the process)."""
    eff = load_pay_model().skills.get(skill_id)
    return 0.0 if eff is None else skill_log_effect(eff, role_id)[0]


@cache
def _uplift_fields(skill_id: str, role_id: str) -> dict[str, Any]:
    """A PayUplift's fields but ``usd`` (reference data only: kept for the process; never mutated)."""
    model = load_pay_model()
    eff = model.skills.get(skill_id)
    if eff is None:
        n = model.skill_counts.get(skill_id, 0)
        why = f"n={n} < {model.min_n} respondents" if n else "not asked in the survey"
        return {
            "role_id": role_id,
            "enough_data": False,
            "premium": None,
            "share_without": None,
            "log_effect": 0.0,
            "multiplier": 1.0,
            "n": n,
            "se": None,
            "source": model.so_source,
            "note": f"not enough data ({why})",
        }
    log, has, own = skill_log_effect(eff, role_id)
    who = "respondents in this role" if own else "respondents"
    note = (
        f"premium {eff.log:+.3f} (se {eff.se:.3f}, n={eff.n:,}) × the {1 - has:.0%} of {who} "
        "without it; an association in the survey, not a promise"
    )
    return {
        "role_id": role_id,
        "enough_data": True,
        "premium": eff.log,
        "share_without": round(1.0 - has, 6),
        "log_effect": log,
        "multiplier": math.exp(log),
        "n": eff.n,
        "se": eff.se,
        "source": model.so_source,
        "note": note,
    }


def _uplift(skill_id: str, role_id: str, p50: int | None) -> dict[str, Any]:
    """The fields of the skill's PayUplift in the role, for a person whose P50 there is ``p50``."""
    fields = _uplift_fields(skill_id, role_id)
    usd = None
    if p50 is not None and fields["enough_data"]:
        usd = round(p50 * (math.exp(fields["log_effect"]) - 1.0) / 10.0) * 10
    return {**fields, "usd": usd}


# ------------------------------------------------------------------------------------------ scoring


class _Context:
    """Per-call state: the person's skills, every role's fit score now, and the required credit now of
    each role a skill to learn may open."""

    def __init__(self, profile: ProfileLike, have: frozenset[str]) -> None:
        self.have = have
        self.held = person_bits(have)
        self.roles = load_catalog().roles
        # the question's role fits (an advice has them already)
        self.scores = {rfit.role_id: rfit.score for rfit in fit(profile)}
        self._units: dict[str, int] = {}

    def units_now(self, role: Role, role_id: str) -> int:
        """The role's required credit (units) for the person's skills now, worked out the first time a
        skill to learn may open the role (roles no weighed skill touches are never worked out)."""
        units = self._units.get(role_id)
        if units is None:
            units = self._units[role_id] = required_units(role, self.held)
        return units


def _open_need(role: Role) -> int:
    """The least required credit (units) at which the role's required coverage reaches OPEN_AT (0 for a
    role without required skills: always open). Coverage grows with credit, so ``coverage < OPEN_AT``
    is ``units < need``."""
    units = 0
    while coverage_at(role, units) < OPEN_AT:  # full credit gives coverage 1.0: the loop ends
        units += 1
    return units


@cache
def _open_needs() -> tuple[tuple[Role, int], ...]:
    """Every catalog role (catalog order) that may be below OPEN_AT, with its need (reference data)."""
    return tuple((role, need) for role in load_catalog().roles if (need := _open_need(role)) > 0)


@cache
def _touching(skill_id: str) -> tuple[tuple[Role, str, int, int], ...]:
    """The roles (catalog order) whose required coverage learning ``skill_id`` can change (those that
    require it or one of its close relatives), each with its id, need and the most units the skill can
    add (``required_gain_bound``). Reference data only, so kept for the process."""
    return tuple(
        (role, role.id, need, required_gain_bound(role, skill_id))
        for role, need in _open_needs()
        if skill_id in coverage_skills(role)
    )


def _opens(
    ctx: _Context, touching: tuple[tuple[Role, str, int, int], ...], with_skill: SkillBits
) -> tuple[str, ...]:
    """Roles whose required coverage crosses OPEN_AT when a skill (``touching`` is its ``_touching``)
    joins the person's skills (then ``with_skill``), in catalog order."""
    opened: list[str] = []
    for role, role_id, need, bound in touching:
        units = ctx.units_now(role, role_id)
        if units >= need or units + bound < need:
            continue  # open already, or out of one skill's reach
        if required_units(role, with_skill) >= need:
            opened.append(role_id)
    return tuple(opened)


def _pct(log: float) -> str:
    return f"{math.exp(log) - 1:+.1%}"


class _Candidate:
    """A skill a catalog role lists, with what weighing it for the role reads besides the person's
    skills (reference data, worked out once per role and skill)."""

    def __init__(self, role_id: str, skill_id: str, weight: str) -> None:
        self.skill_id = skill_id
        self.weight = weight
        self.alone = skill_bits((skill_id,))
        self.touching = _touching(skill_id)
        self.uplift_log = _uplift_log(skill_id, role_id)


@cache
def _role_candidates(role_id: str) -> tuple[_Candidate, ...]:
    """A catalog role's skills in its order, weight "required" or "valued" (reference data: kept for
    the process)."""
    role = load_catalog().get(role_id)
    if role is None:
        return ()
    return tuple(_Candidate(role_id, rs.id, rs.weight.value) for rs in role.skills)


class _Weighed:
    """A skill to learn for one role, weighed: the numbers that rank it (its SkillGap is built only
    for the skills an answer shows)."""

    def __init__(
        self,
        role: Role,
        skill_id: str,
        p50: int | None,
        weight: str,
        before: float,
        after: float,
        fit_gain: float,
        opens: tuple[str, ...],
        via: str | None,
        value: float,
        priority: float,
    ) -> None:
        self.role = role
        self.skill_id = skill_id
        self.p50 = p50
        self.weight = weight
        self.before = before
        self.after = after
        self.fit_gain = fit_gain
        self.opens = opens
        self.via = via
        self.value = value
        self.priority = priority
        self.rank_key = (-priority, weight != "required", -fit_gain, skill_id)  # best first


def _weigh(ctx: _Context, role: Role, before: float, skill: _Candidate, p50: int | None) -> _Weighed:
    """The fit gain, pay uplift, roles opened and cost of learning a skill of ``role`` (whose fit now is
    ``before``) for that role."""
    with_skill = ctx.held | skill.alone  # the person's skills and this one
    after = bits_fit_score(role, with_skill)
    fit_gain = round(after - before, 4)
    opens = _opens(ctx, skill.touching, with_skill)
    via = closest_relative(skill.skill_id, ctx.have)
    value = round(fit_gain + skill.uplift_log + OPEN_BONUS * len(opens), 6)
    # round(value / 1.0, 6) is value itself (rounded to 6 places already)
    priority = value if via is None else round(value / CHEAPER_EFFORT, 6)
    return _Weighed(
        role, skill.skill_id, p50, skill.weight, before, after, fit_gain, opens, via, value, priority
    )


def _gap(weighed: _Weighed, for_roles: tuple[str, ...]) -> dict[str, Any]:
    """The fields of a weighed skill's SkillGap, with its evidence and one-line reason."""
    role, skill_id, before, after, opens, via = (
        weighed.role,
        weighed.skill_id,
        weighed.before,
        weighed.after,
        weighed.opens,
        weighed.via,
    )
    taxonomy = load_skills()
    skill = taxonomy.get(skill_id)
    label = skill.label if skill is not None else skill_id
    pay = _uplift(skill_id, role.id, weighed.p50)
    is_multiplier = skill_id in multiplier_ids()
    parts = [f"{weighed.weight} for {role.title}", f"fit {before:.2f} → {after:.2f}"]
    if pay["enough_data"]:
        usd = pay["usd"]
        money = f" ≈ {'+' if (usd or 0) >= 0 else '−'}{format_usd(abs(usd))}" if usd else ""
        parts.append(f"pay {_pct(pay['log_effect'])}{money} (survey n={pay['n']:,}, se {pay['se']:.3f})")
    else:
        parts.append(f"pay: {pay['note']}")
    if is_multiplier:
        parts.append("one of the article's cross-role pay multipliers")
    if opens:
        parts.append("opens " + ", ".join(opens))
    if via is not None:
        relative = taxonomy.get(via)
        parts.append(f"cheaper: you know {relative.label if relative is not None else via}")
    return {
        "skill_id": skill_id,
        "label": label,
        "category": skill.category if skill is not None else "",
        "role_id": role.id,
        "for_roles": for_roles,
        "weight": weighed.weight,
        "is_multiplier": is_multiplier,
        "pay": pay,
        "fit_before": before,
        "fit_after": after,
        "fit_gain": weighed.fit_gain,
        "opens": opens,
        "cost": "cheaper" if via is not None else "new",
        "cost_via": via,
        "value": weighed.value,
        "priority": weighed.priority,
        "reason": "; ".join(parts),
    }


def _candidates(role: Role, have: frozenset[str]) -> list[_Candidate]:
    """The role's skills the person lacks, in the role's order."""
    return [skill for skill in _role_candidates(role.id) if skill.skill_id not in have]


# -------------------------------------------------------------------------------------- choosing


def _choose_targets(
    current: Role, ctx: _Context, pay: _PersonPay
) -> tuple[list[Role], list[dict[str, Any]], list[str]]:
    """The target roles, the fields of a TargetChoice for every role weighed (in report order), notes."""
    current_id = current.id
    base, _, base_note = pay.at(current_id)
    notes: list[str] = []
    # role, its id, fit score, P50, pay gain
    rows: list[tuple[Role, str, float, int | None, int | None]] = []
    for role in ctx.roles:
        role_id = role.id
        value = base if role_id == current_id else pay.at(role_id)[0]
        gain = None if value is None or base is None else value - base
        rows.append((role, role_id, ctx.scores[role_id], value, gain))
    if base is None:
        notes.append(f"no pay for your current role here ({base_note}); targets chosen by fit alone")

    def expected(row: tuple[Role, str, float, int | None, int | None]) -> float:
        return (row[4] or 0) * row[2]

    eligible = [r for r in rows if r[1] != current_id and r[4] is not None and r[4] > 0]
    eligible = [r for r in eligible if r[2] >= MIN_TARGET_FIT]
    eligible.sort(key=lambda r: (-expected(r), r[1]))
    if base is None:
        eligible = sorted((r for r in rows if r[1] != current_id), key=lambda r: (-r[2], r[1]))
    if not eligible and base is not None:
        eligible = [r for r in rows if r[1] != current_id and r[4] is not None and r[4] > 0]
        eligible.sort(key=lambda r: (-r[2], r[1]))
        if eligible:
            notes.append(
                f"no role that pays you more reaches a fit of {MIN_TARGET_FIT:.2f}: "
                f"chose the {min(TARGETS, len(eligible))} closest roles that pay more"
            )
    chosen = [r[1] for r in eligible[:TARGETS]]
    if not chosen:
        notes.append(f"no role pays you more than {current.title}; name a target to see its gaps")
    rank = {role_id: i + 1 for i, role_id in enumerate(chosen)}
    choices: list[tuple[tuple[bool, int, float, str], dict[str, Any]]] = []
    for role, role_id, score, value, gain in rows:
        if role_id == current_id:
            shown = "no pay estimate" if value is None else f"P50 {format_usd(value)} for you"
            why = f"your current role ({shown})"
        elif value is None:
            why = "no OEWS wages for this role's occupation in this area"
        elif gain is None:
            why = f"fit {score:.2f}; P50 {format_usd(value)} for you, no current pay to compare"
        elif gain <= 0:
            why = f"pays {format_usd(-gain)} less for you than {current.title}" if gain else "pays the same"
        elif score < MIN_TARGET_FIT:
            shown_fit = f"{score:.2f}" if round(score, 2) < MIN_TARGET_FIT else f"{score:.4f}"
            why = f"pays +{format_usd(gain)} more, but fit {shown_fit} is below {_MIN_FIT_SHOWN}"
        else:
            expected_gain = format_usd(gain * score)
            why = f"pays +{format_usd(gain)} more at fit {score:.2f}: expected gain {expected_gain}"
        place = rank.get(role_id, 0)
        if place:
            why = f"chosen (#{place}): {why}"
        elif value is not None and gain is not None and gain > 0 and score >= MIN_TARGET_FIT:
            why += f"; not in the top {TARGETS}"
        fields = {
            "role_id": role_id,
            "title": role.title,
            "fit": score,
            "p50": value,
            "pay_gain": gain,
            "chosen": place > 0,
            "reason": why,
        }
        choices.append(((not place, place, -(gain or 0) * score, role_id), fields))
    choices.sort(key=lambda c: c[0])
    catalog = load_catalog()
    targets = [r for r in (catalog.get(i) for i in chosen) if r is not None]
    return targets, [fields for _, fields in choices], notes


# ------------------------------------------------------------------------------------------ public


@asks
def gaps(profile: ProfileLike, target: str | None = None, limit: int = 10) -> GapReport:
    """The next skills to learn for ``target`` (or the best-paying reachable roles), best first.

    ``limit`` caps ``skills``; ``multipliers`` lists every missing multiplier the target(s) list.
    Unknown target → NotFound with suggestions; a bad area → NotFound or InputError.
    """
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise InputError(f"limit must be a positive whole number, not {limit!r}")
    have = profile_skills(profile)
    target_role = resolve_role(target, "target role") if target is not None else None
    current, given = start_role(profile)
    area = _check_area(profile)
    ctx = _Context(profile, have)
    pay = _pay_of(area, profile.years, have)
    notes: list[str] = []
    if not given:
        best = fit(profile)[0]
        notes.append(f"no current role given: measured from your best-fit role, {best.title}")
    if target_role is not None:
        targets = [target_role]
        choices: list[dict[str, Any]] = [
            {
                "role_id": target_role.id,
                "title": target_role.title,
                "fit": ctx.scores[target_role.id],
                "p50": None,
                "pay_gain": None,
                "chosen": True,
                "reason": "named as the target",
            }
        ]
    else:
        targets, choices, more = _choose_targets(current, ctx, pay)
        notes.extend(more)
    best_by_skill: dict[str, _Weighed] = {}
    missing_in: dict[str, list[str]] = {}
    for role in targets:
        p50 = pay.at(role.id)[0]
        if target_role is not None:
            base = pay.at(current.id)[0]
            gain = None if p50 is None or base is None else p50 - base
            choices = [{**choices[0], "p50": p50, "pay_gain": gain}]
        before = ctx.scores[role.id]
        for skill in _candidates(role, ctx.have):
            item = _weigh(ctx, role, before, skill, p50)
            missing_in.setdefault(item.skill_id, []).append(role.id)
            prior = best_by_skill.get(item.skill_id)
            if prior is None or item.rank_key < prior.rank_key:
                best_by_skill[item.skill_id] = item
    ranked = sorted(best_by_skill.values(), key=lambda w: w.rank_key)
    multiplier_set = frozenset(multiplier_ids())
    # each skill is weighed once (its best role), so its id names it; SkillGaps only for those shown
    shown = {w.skill_id for w in ranked[:limit]} | multiplier_set.intersection(best_by_skill)
    built = {w.skill_id: _gap(w, tuple(missing_in[w.skill_id])) for w in ranked if w.skill_id in shown}
    # one validation of the whole report (the nested models built from their fields): the same models
    # and checks as building each one, at a fraction of the cost
    return GapReport.model_validate(
        {
            "current_role": current.id,
            "current_role_given": given,
            "target": target_role.id if target_role is not None else None,
            "targets": tuple(r.id for r in targets),
            "considered": choices,
            "skills": [built[w.skill_id] for w in ranked[:limit]],
            "multipliers": [built[w.skill_id] for w in ranked if w.skill_id in multiplier_set],
            "rule": RANK_RULE,
            "notes": tuple(notes),
        }
    )
