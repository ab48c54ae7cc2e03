"""Moves between roles: from the current role to a target, directly or through 1–2 intermediate roles.

Skills at hand start as the person's skills plus the required skills of the role they hold (a person
doing a job is taken to have what it requires; not so for a best-fit start). A step into a role
closes that role's missing skills (required first, then valued), which are then at hand for the next.

    overlap(step)  = fit score of the next role for the skills at hand   (``payband.advice.fit``)
    distance(step) = 1 − overlap
    cost(route)    = Σ distance³ over its steps

The move is direct when the direct overlap reaches DIRECT_AT. Otherwise every route with at most
MAX_INTERMEDIATE intermediate roles (the graph's nodes are the catalog roles) is weighed and the
cheapest is taken (ties: fewer steps, then role ids): cubing the skill distance makes a few short
hops cheaper than one long jump, so a far move passes through roles that share skills with both ends,
while a move that is merely long stays direct when no role sits between. An intermediate role must pay
the person at least PAY_FLOOR of the lower of the start and target P50 (no detour through much
lower-paid work) and must raise the target's overlap by at least MIN_PROGRESS (no sideways steps).

Pay change per step is the difference of the person's ``estimate_pay`` P50 in the two roles (their
stated skills, years and area), so the steps add up to the whole move's change; a role with no
published wages in the area gives no figure and says why.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from payband.advice.fit import (
    ProfileLike,
    SkillBits,
    bits_fit_score,
    bits_required_coverage,
    person_bits,
    profile_skills,
    resolve_role,
    role_bits,
    role_skill_lists,
    role_skill_set,
    start_role,
)
from payband.advice.gaps import _pay_of, _PersonPay
from payband.advice.models import CareerPath, PathStep
from payband.errors import InputError
from payband.memo import asks
from payband.pay.bands import format_usd
from payband.reference.areas import load_areas
from payband.reference.catalog import Role, SkillWeight, find_role, load_catalog

__all__ = [
    "DIRECT_AT",
    "MAX_INTERMEDIATE",
    "MIN_PROGRESS",
    "PATH_RULE",
    "PAY_FLOOR",
    "CareerPath",
    "PathStep",
    "paths",
]

DIRECT_AT = 0.6
MAX_INTERMEDIATE = 2
PAY_FLOOR = 0.85
MIN_PROGRESS = 0.1
PATH_RULE = (
    f"direct when the target's fit score for the skills at hand is ≥ {DIRECT_AT}; else the route "
    f"with ≤ {MAX_INTERMEDIATE} intermediate roles (each paying ≥ {PAY_FLOOR:.0%} of the lower end and "
    f"raising the target's overlap by ≥ {MIN_PROGRESS}) minimising Σ (1 − overlap)³ over its steps"
)


@cache
def _required(role_id: str) -> frozenset[str]:
    """A catalog role's required skills (reference data: kept for the process)."""
    return frozenset(find_role(role_id).skill_ids(SkillWeight.REQUIRED))


def _route_cost(route: tuple[Role, ...], have: frozenset[str]) -> float | None:
    """Σ distance³ over the route, or None when an intermediate role brings too little progress."""
    target = route[-1]
    cost = 0.0
    held = person_bits(have)
    reach = bits_fit_score(target, held)
    for role in route:
        cost += (1.0 - bits_fit_score(role, held)) ** 3
        held |= role_bits(role)
        if role is not target:
            now = bits_fit_score(target, held)
            if now - reach < MIN_PROGRESS:
                return None
            reach = now
    return round(cost, 9)


def _loses_tie(route: tuple[Role, ...], best: tuple[Role, ...]) -> bool:
    """Whether ``best`` stays ahead of an equally cheap ``route``: fewer steps, then role ids."""
    return (len(best), [r.id for r in best]) <= (len(route), [r.id for r in route])


def _unmet(held: SkillBits, wanted: int) -> tuple[int, int]:
    """What a step must bring to change the overlap of a role whose skills are ``wanted`` (bits), for the
    skills at hand ``held``: ``(unmet, not_near)``, the wanted skills not held and the bits of skills no
    held one is a close relative of.

    Stepping into a role with skills ``step`` can change that overlap only when
    ``(step.held | (step.near & not_near)) & unmet``: it must bring a wanted skill not held, or a close
    relative of one that is neither held nor already met through a relative. Otherwise the overlap
    stays as it is, which is too little progress for an intermediate role; checking this costs a
    fraction of a scoring, and the two masks are worked out once for every role a step may go to.
    """
    return ~held.held & wanted, ~held.near


def _best_route(
    start: Role, target: Role, have: frozenset[str], pay: _PersonPay
) -> tuple[tuple[Role, ...], float, list[str]]:
    """The cheapest route (ending at ``target``) over at most MAX_INTERMEDIATE intermediate roles.

    The same minimum as weighing every route with ``_route_cost`` (cost, then fewer steps, then role
    ids order all routes, so the search order does not matter), with the same arithmetic; routes are
    cut as soon as they cannot win, since costs only grow along a route: first steps are weighed
    cheapest first and none costing more than the best route so far is followed, a first step that
    brings too little progress ends every route through it (``_unmet`` rules many out before any
    scoring), and a two-step prefix that already costs more than the best is not finished. Role ids
    are compared only when costs tie.
    """
    assert MAX_INTERMEDIATE == 2, "the search below weighs routes of one and two intermediate roles"
    ends = [v for v in (pay.at(start.id)[0], pay.at(target.id)[0]) if v is not None]
    floor = PAY_FLOOR * min(ends) if ends else None
    held = person_bits(have)
    ends_ids = (start.id, target.id)
    # each role that may be a step, with its skills, and the cost of stepping into it first
    others: list[tuple[Role, SkillBits]] = []
    firsts: list[tuple[float, Role, SkillBits]] = []
    skipped: list[str] = []
    wanted = role_bits(target).held
    unmet, not_near = _unmet(held, wanted)
    for role in load_catalog().roles:
        role_id = role.id
        if role_id in ends_ids:
            continue
        value = pay.at(role_id)[0]
        if floor is not None and value is not None and value < floor:
            skipped.append(role_id)
        else:
            bits = role_bits(role)
            others.append((role, bits))
            if (bits.held | (bits.near & not_near)) & unmet:
                firsts.append(((1.0 - bits_fit_score(role, held)) ** 3, role, bits))
    best: tuple[Role, ...] = (target,)
    best_cost = _route_cost(best, have) or 0.0
    reach = bits_fit_score(target, held)
    firsts.sort(key=lambda item: item[0])
    # one intermediate role: (cost so far, first, skills at hand after it, target's overlap after it)
    onward: list[tuple[float, Role, SkillBits, float]] = []
    for cost_first, first, bits in firsts:
        if round(cost_first, 9) > best_cost:
            break  # sorted by cost: no route through this or a later first step can win
        after = held | bits
        now = bits_fit_score(target, after)
        if now - reach < MIN_PROGRESS:
            continue  # too little progress: no route through this first step counts
        onward.append((cost_first, first, after, now))
        cost = round(cost_first + (1.0 - now) ** 3, 9)
        if cost < best_cost or (cost == best_cost and not _loses_tie((first, target), best)):
            best, best_cost = (first, target), cost
    # two: the target's overlap depends only on the pair's skills together, so it is weighed once a pair
    reach_after: dict[tuple[str, str], float] = {}
    for cost_first, first, after_first, reach_first in onward:
        if round(cost_first, 9) > best_cost:
            break  # still sorted by cost
        unmet, not_near = _unmet(after_first, wanted)
        for second, bits in others:
            if second is first or not (bits.held | (bits.near & not_near)) & unmet:
                continue
            cost = cost_first + (1.0 - bits_fit_score(second, after_first)) ** 3
            if round(cost, 9) > best_cost:
                continue
            pair = (first.id, second.id) if first.id < second.id else (second.id, first.id)
            known = reach_after.get(pair)
            if known is None:
                known = reach_after[pair] = bits_fit_score(target, after_first | bits)
            if known - reach_first < MIN_PROGRESS:
                continue
            cost = round(cost + (1.0 - known) ** 3, 9)
            route = (first, second, target)
            if cost < best_cost or (cost == best_cost and not _loses_tie(route, best)):
                best, best_cost = route, cost
    return best, best_cost, skipped


def _step(src: Role, dst: Role, have: frozenset[str], held: SkillBits, pay: _PersonPay) -> dict[str, Any]:
    """The fields of the PathStep from ``src`` into ``dst`` for the skills at hand (``held`` is ``have``
    as bits).

    Reads only what ``role_fit(dst, have)`` would give for the score, the required coverage and the
    missing skills: a whole ``RoleFit`` (matches, relatives, its reason) for every new set of skills
    along the route cost more than the rest of the path.
    """
    required, valued, listed = role_skill_lists(dst)
    score = bits_fit_score(dst, held)
    close_required = tuple([s for s in required if s not in have])
    close_valued = tuple([s for s in (*valued, *listed) if s not in have])
    p50_from, low_from, note_from = pay.at(src.id)
    p50_to, low_to, note_to = pay.at(dst.id)
    change = None if p50_from is None or p50_to is None else p50_to - p50_from
    notes = [n for n, v in ((note_from, p50_from), (note_to, p50_to)) if v is None]
    lower = low_from or low_to
    if notes:
        pay_note = "no pay change: " + "; ".join(notes)
    else:
        pay_note = "difference of your estimated P50 in each role (payband pay model, your skills)"
        if lower:
            pay_note += "; a top-coded OEWS median makes one side a lower bound"
    money = "pay change unknown"
    if change is not None:
        money = f"pay {'+' if change >= 0 else '−'}{format_usd(abs(change))}"
    reason = (
        f"{src.title} → {dst.title}: overlap {score:.2f}, close {len(close_required)} required "
        f"and {len(close_valued)} valued skills; {money}"
    )
    return {
        "from_role": src.id,
        "from_title": src.title,
        "to_role": dst.id,
        "to_title": dst.title,
        "overlap": score,
        "required_coverage": bits_required_coverage(dst, held),
        "skills_to_close": (*close_required, *close_valued),
        "close_required": close_required,
        "close_valued": close_valued,
        "p50_from": p50_from,
        "p50_to": p50_to,
        "pay_change": change,
        "pay_lower_bound": lower,
        "pay_note": pay_note,
        "reason": reason,
    }


@asks
def paths(profile: ProfileLike, target: str) -> CareerPath:
    """The steps from the person's current (or best-fit) role to ``target``.

    Unknown target or current role → NotFound with suggestions; a bad area → NotFound or InputError.
    """
    if not isinstance(target, str) or not target.strip():
        raise InputError(f"target must be a role id such as 'ml-engineer', not {target!r}")
    goal = resolve_role(target, "target role")
    stated = profile_skills(profile)
    start, given = start_role(profile)
    area = profile.area_code or "national"
    load_areas().resolve(area)
    pay = _pay_of(area, profile.years, stated)  # ``person_p50`` per role: the person's table, looked up once
    notes: list[str] = []
    if not given:
        notes.append(f"no current role given: starting from your best-fit role, {start.title}")
    have = stated | _required(start.id) if given else stated
    held = person_bits(have)
    direct_overlap = bits_fit_score(goal, held)
    if start.id == goal.id:
        notes.append(f"you are already a {goal.title}: see gaps() for the skills that raise pay there")
        return CareerPath(
            start_role=start.id,
            start_given=given,
            target=goal.id,
            direct=True,
            direct_overlap=direct_overlap,
            steps=(),
            pay_change=0,
            cost=0.0,
            rule=PATH_RULE,
            notes=tuple(notes),
        )
    if direct_overlap >= DIRECT_AT:
        route: tuple[Role, ...] = (goal,)
        cost = _route_cost(route, have) or 0.0
    else:
        route, cost, skipped = _best_route(start, goal, have, pay)
        far = f"a far move (overlap {direct_overlap:.2f} < {DIRECT_AT})"
        if len(route) == 1:
            notes.append(f"{far}, but no intermediate role shortens it")
        else:
            notes.append(f"{far}: via " + ", ".join(r.title for r in route[:-1]))
        if skipped:
            notes.append(
                f"{len(skipped)} roles paying you under {PAY_FLOOR:.0%} of the lower end's P50 "
                "were not used as steps"
            )
    steps: list[dict[str, Any]] = []
    src = start
    for dst in route:
        steps.append(_step(src, dst, have, held, pay))
        have = have | role_skill_set(dst)
        held = held | role_bits(dst)  # the bits of the union are the union of the bits
        src = dst
    first, last = pay.at(start.id)[0], pay.at(goal.id)[0]
    # one validation of the whole path (its steps built from their fields), as building each model
    return CareerPath.model_validate(
        {
            "start_role": start.id,
            "start_given": given,
            "target": goal.id,
            "direct": len(route) == 1,
            "direct_overlap": direct_overlap,
            "steps": steps,
            "pay_change": None if first is None or last is None else last - first,
            "cost": cost,
            "rule": PATH_RULE,
            "notes": tuple(notes),
        }
    )
