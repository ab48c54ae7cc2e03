"""Role fit: every catalog role scored against a person's skills, with what matches and what is missing.

Score of a role (0–1, comparable across roles whatever their number of skills)::

    score = Σ weight(s) × credit(s) / Σ weight(s)        over the role's skills s
    weight = 2 for a required skill, 1 for a valued one (the article's multipliers are valued)
    credit = 1 when the person has s, 0.5 when they have a close relative of s, else 0

A close relative of a skill is a taxonomy ``related`` link in either direction (PyTorch → deep
learning, Python; deep learning → PyTorch) or a sibling of the same category sharing such a link
(AWS and Azure both link to cloud computing). ``required_coverage`` is the same sum over required
skills only. The five cross-role multipliers count in the score where a role lists them, but are
reported apart from matched and missing skills. Roles sort by score, then required coverage, then id,
so the same profile always gives the same list.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Final, Protocol

from pydantic import TypeAdapter

from payband.advice.models import RoleFit
from payband.errors import InputError, NotFound
from payband.memo import asks, per_question
from payband.reference.catalog import Role, SkillWeight, find_role, load_catalog
from payband.reference.skills import load_skills

__all__ = [
    "PARTIAL_CREDIT",
    "REQUIRED_WEIGHT",
    "VALUED_WEIGHT",
    "ProfileLike",
    "RoleFit",
    "closest_relative",
    "fit",
    "held_scores",
    "multiplier_ids",
    "profile_skills",
    "relatives",
    "resolve_role",
    "role_fit",
    "start_role",
]

REQUIRED_WEIGHT: Final = 2.0
VALUED_WEIGHT: Final = 1.0
PARTIAL_CREDIT: Final = 0.5
_SHOWN: Final = 3  # skills named in a one-line reason before "…"


class ProfileLike(Protocol):
    """What the advice functions need to know about a person."""

    @property
    def skills(self) -> tuple[str, ...]:
        """Taxonomy skill ids (labels and aliases are accepted too)."""
        ...

    @property
    def years(self) -> float | None:
        """Years of professional experience, or None when unknown."""
        ...

    @property
    def current_role(self) -> str | None:
        """The catalog role the person holds now (id, title or alias), or None."""
        ...

    @property
    def area_code(self) -> str | None:
        """An OEWS area code (or a place name); None means national."""
        ...


# ------------------------------------------------------------------------------------------ relatives


@cache
def _neighbours() -> Mapping[str, frozenset[str]]:
    """Undirected taxonomy ``related`` links."""
    taxonomy = load_skills()
    out: defaultdict[str, set[str]] = defaultdict(set)
    for skill in taxonomy:
        for other in skill.related:
            if other in taxonomy and other != skill.id:
                out[skill.id].add(other)
                out[other].add(skill.id)
    return {k: frozenset(v) for k, v in out.items()}


_RELATIVES: Final[dict[str, tuple[str, ...]]] = {}
"""``relatives`` of the taxonomy skills asked for so far (reference data, kept for the process)."""


def relatives(skill_id: str) -> tuple[str, ...]:
    """Close relatives of a skill, nearest first: its own related links, skills linking to it, siblings."""
    found = _RELATIVES.get(skill_id)
    return found if found is not None else _find_relatives(skill_id)


def _find_relatives(skill_id: str) -> tuple[str, ...]:
    """``relatives`` worked out (and remembered where ``skill_id`` is a taxonomy skill)."""
    taxonomy = load_skills()
    skill = taxonomy.get(skill_id)
    if skill is None:
        return ()
    near = _neighbours()
    direct = [r for r in skill.related if r in taxonomy and r != skill_id]
    reverse = sorted(near.get(skill_id, frozenset()) - set(direct))
    seen = {skill_id, *direct, *reverse}
    siblings: set[str] = set()
    for parent in (*direct, *reverse):
        for other in near.get(parent, frozenset()):
            if other in seen:
                continue
            sibling = taxonomy.get(other)
            if sibling is not None and sibling.category == skill.category:
                siblings.add(other)
    found = _RELATIVES[skill_id] = (*direct, *reverse, *sorted(siblings))
    return found


def closest_relative(skill_id: str, have: Iterable[str]) -> str | None:
    """The nearest close relative of ``skill_id`` that is in ``have``, or None."""
    held = have if isinstance(have, (set, frozenset)) else set(have)
    for relative in relatives(skill_id):
        if relative in held:
            return relative
    return None


# ------------------------------------------------------------------------------------------- inputs


def profile_skills(profile: ProfileLike) -> frozenset[str]:
    """The person's skills as taxonomy ids; an unknown skill is NotFound with the closest matches."""
    raw = profile.skills
    if isinstance(raw, str):
        raise InputError("profile skills must be a list of skill ids, not one string")
    return _skill_ids(tuple(raw))


@per_question
def _skill_ids(raw: tuple[str, ...]) -> frozenset[str]:
    """Skill names → taxonomy ids (an advice asks for the same person's skills several times)."""
    taxonomy = load_skills()
    out: set[str] = set()
    for name in raw:
        if not isinstance(name, str) or not name.strip():
            raise InputError(f"a skill must be a non-empty name, not {name!r}")
        skill = taxonomy.get(name.strip()) or taxonomy.resolve(name)
        if skill is None:
            raise NotFound(f"unknown skill {name!r}", suggestions=[s.id for s in taxonomy.suggest(name)])
        out.add(skill.id)
    return frozenset(out)


@cache
def multiplier_ids() -> tuple[str, ...]:
    """The article's five cross-role pay multipliers, in the catalog's order."""
    return tuple(m.id for m in load_catalog().multipliers)


def resolve_role(text: str, what: str = "role") -> Role:
    """A catalog role from an id, title or alias; NotFound (with suggestions) names what was looked up."""
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{what} must be a role id such as 'data-scientist', not {text!r}")
    return find_role(text)


# ------------------------------------------------------------------------------------------ scoring


def _labels(ids: Iterable[str]) -> list[str]:
    taxonomy = load_skills()
    out = []
    for skill_id in ids:
        skill = taxonomy.get(skill_id)
        out.append(skill.label if skill is not None else skill_id)
    return out


def _named(ids: tuple[str, ...], labels: dict[str, str]) -> str:
    """The first few skills' labels (``labels`` maps their ids to labels) and how many more."""
    names = ", ".join([labels[skill_id] for skill_id in ids[:_SHOWN]])
    more = len(ids) - _SHOWN
    return names + (f" and {more} more" if more > 0 else "")


_CHUNK: Final = 6
"""Skills per sub-table of ``_RoleTable.chunks`` (2**_CHUNK entries each)."""
_CHUNK_BITS: Final = (1 << _CHUNK) - 1

_popcount: Final = int.bit_count
"""``int.bit_count`` as a plain function (compiled code calls it without looking the method up)."""


def _subsets(skills: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """Every subset of ``skills`` in their order, indexed by its bits (bit i for ``skills[i]``)."""
    out: list[tuple[str, ...]] = [()]
    for skill_id in skills:
        out += [(*subset, skill_id) for subset in out]
    return tuple(out)


@dataclass(frozen=True, slots=True, eq=False)
class _RoleTable:
    """A role's skills laid out once for scoring, as sets, bit masks and ordered lists.

    Besides the bits of ``skill_mask`` (shared by all roles), the fit lists use local bits: bit i for
    the role's i-th skill (``ids``), which ``_pick`` turns back into skills in the role's order.
    """

    role: Role
    role_id: str
    title: str
    family: str
    index: int | None
    """The role's place in the catalog (None for a role object from elsewhere)."""
    total: float
    """Σ weight over the role's skills (required 2, valued and multipliers 1)."""
    req_total: float
    req_n: int
    coverage: frozenset[str]
    """The skills whose learning can change the required coverage: required ones and relatives."""
    skill_set: frozenset[str]
    """All of the role's skill ids (required, valued, multipliers)."""
    all_mask: int
    """The role's skills as bits of ``skill_mask`` (the searches score with bit arithmetic)."""
    required_mask: int
    bits: SkillBits
    """The role's skills as ``SkillBits`` (a route adds them to the skills at hand)."""
    score_of: tuple[float, ...]
    """Credit in units (``_units``) → fit score, rounded as ``role_fit`` reports it."""
    coverage_of: tuple[float, ...]
    """Required credit in units → required coverage."""
    ids: tuple[str, ...]
    """All of the role's skill ids in its order (local bit i is ``ids[i]``)."""
    chunks: tuple[tuple[tuple[str, ...], ...], ...]
    """``_subsets`` of ``ids`` in runs of _CHUNK (``_pick`` reads them)."""
    plain: tuple[str, ...]
    """The skills that are not multipliers, in the role's order (matched and missing lists)."""
    plain_required: tuple[str, ...]
    """The required ones among them."""
    plain_valued: tuple[str, ...]
    """The valued ones among them."""
    plain_local: int
    """Local bits of ``plain``, ``plain_required``, ``plain_valued`` and ``listed``."""
    required_local: int
    valued_local: int
    listed_local: int
    all_required_local: int
    """Local bits of every required skill, multipliers included (the score counts them all)."""
    labels: dict[str, str]
    """The taxonomy label of each required non-multiplier skill (a reason names those missing)."""
    listed: tuple[str, ...]
    """The multipliers the role lists, in its order."""


_TABLES: Final[dict[int, tuple[Role, _RoleTable]]] = {}
_MAX_TABLES: Final = 512


def _local(ids: tuple[str, ...], which: Iterable[str]) -> int:
    """Local bits (bit i for ``ids[i]``) of the skills in ``which``."""
    chosen = set(which)
    return sum(1 << i for i, skill_id in enumerate(ids) if skill_id in chosen)


def _table(role: Role) -> _RoleTable:
    """The scoring table of a role (built once per role object; catalog roles live for the process)."""
    entry = _TABLES.get(id(role))
    if entry is not None and entry[0] is role:
        return entry[1]
    multipliers = set(multiplier_ids())
    required = {rs.id for rs in role.skills if rs.weight == SkillWeight.REQUIRED}
    ids = tuple(rs.id for rs in role.skills)
    weight = {s: REQUIRED_WEIGHT if s in required else VALUED_WEIGHT for s in ids}
    near = {s: relatives(s) for s in ids}
    plain = tuple(s for s in ids if s not in multipliers)
    total = sum(weight.values())
    req_total = sum(weight[s] for s in required)
    bits = skill_bits(ids)
    plain_required = tuple(s for s in plain if s in required)
    plain_valued = tuple(s for s in plain if s not in required)
    listed = tuple(s for s in ids if s in multipliers)
    table = _RoleTable(
        role=role,
        role_id=role.id,
        title=role.title,
        family=role.family,
        # a catalog role's fit is worked out with the others' (``_catalog_fits``); its skills are distinct
        index=next((i for i, other in enumerate(load_catalog().roles) if other is role), None)
        if len(set(ids)) == len(ids)
        else None,
        total=total,
        req_total=req_total,
        req_n=len(required),
        coverage=frozenset(r for s in ids if s in required for r in (s, *near[s])),
        skill_set=frozenset(ids),
        all_mask=bits.held,
        required_mask=skill_mask(required),
        bits=bits,
        score_of=_ratios(total, 0.0),
        coverage_of=_ratios(req_total, 1.0),
        ids=ids,
        chunks=tuple(_subsets(ids[i : i + _CHUNK]) for i in range(0, len(ids), _CHUNK)),
        plain=plain,
        plain_required=plain_required,
        plain_valued=plain_valued,
        plain_local=_local(ids, plain),
        required_local=_local(ids, plain_required),
        valued_local=_local(ids, plain_valued),
        listed_local=_local(ids, listed),
        all_required_local=_local(ids, required),
        labels=dict(zip(plain_required, _labels(plain_required), strict=True)),
        listed=listed,
    )
    if len(_TABLES) >= _MAX_TABLES:
        _TABLES.clear()
    _TABLES[id(role)] = (role, table)  # the role is kept alive with its id, so the id is never reused
    return table


def _pick(table: _RoleTable, local: int) -> tuple[str, ...]:
    """The role's skills whose local bits are in ``local``, in the role's order."""
    out: tuple[str, ...] = ()
    for subsets in table.chunks:
        if not local:
            break
        out += subsets[local & _CHUNK_BITS]
        local >>= _CHUNK
    return out


@cache
def _bits() -> dict[str, int]:
    """One bit per skill a role lists or relates to (those alone move a score): the skills roles list
    first, then their other relatives, each in sorted id order, so that a role's masks (and the ints
    a score counts the bits of) stay short."""
    listed = {skill_id for role in load_catalog().roles for skill_id in role.skill_ids()}
    related = {r for skill_id in listed for r in relatives(skill_id)} - listed
    return {skill_id: 1 << i for i, skill_id in enumerate([*sorted(listed), *sorted(related)])}


@cache
def _credits_via() -> dict[str, int]:
    """A skill id → the bits of the skills it is a close relative of (those it gives partial credit)."""
    via: defaultdict[str, int] = defaultdict(int)
    for skill_id, bit in _bits().items():
        for relative in relatives(skill_id):
            via[relative] |= bit
    return dict(via)


def skill_mask(ids: Iterable[str]) -> int:
    """A set of skill ids as an int of bits, for scoring many roles and routes against it.

    Skills no role lists or relates to have no bit: they never change a score, and leaving them out
    keeps the masks short.
    """
    bits = _bits()
    mask = 0
    for skill_id in ids:
        mask |= bits.get(skill_id, 0)
    return mask


class SkillBits:
    """A set of skills for scoring: the skills as bits, and the bits of every skill one of them is a
    close relative of (which earns partial credit where it is not held itself).

    Whether a role's skill earns partial credit does not depend on the role, so a role is scored with
    a few whole-int operations, and the union of two sets is the union of both parts: the searches
    over skills to learn and routes between roles score hundreds of sets per advice. A small immutable
    value (compared and hashed by its two ints); a plain class rather than a NamedTuple, as compiled
    code builds one without calling into the interpreter.
    """

    __slots__ = ("held", "near")

    def __init__(self, held: int, near: int) -> None:
        self.held: Final = held
        self.near: Final = near

    def __or__(self, other: object) -> SkillBits:
        if not isinstance(other, SkillBits):
            return NotImplemented
        return SkillBits(self.held | other.held, self.near | other.near)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SkillBits) and self.held == other.held and self.near == other.near

    def __hash__(self) -> int:
        return hash((self.held, self.near))

    def __repr__(self) -> str:
        return f"SkillBits(held={self.held}, near={self.near})"


def skill_bits(ids: Iterable[str]) -> SkillBits:
    """Skill ids as ``SkillBits``."""
    bits, via = _bits(), _credits_via()
    held = near = 0
    for skill_id in ids:
        held |= bits.get(skill_id, 0)
        near |= via.get(skill_id, 0)
    return SkillBits(held, near)


@per_question
def person_bits(have: frozenset[str]) -> SkillBits:
    """The person's skills as ``SkillBits``, built once per question."""
    return skill_bits(have)


def role_bits(role: Role) -> SkillBits:
    """All of a role's skills (required, valued, multipliers) as ``SkillBits``, built once per role."""
    return _table(role).bits


_UNIT: Final = PARTIAL_CREDIT * VALUED_WEIGHT
"""The smallest term of a credit sum: every sum is a whole number of units, so it can index a table."""
_UNITS = {
    (weight, credit): int(weight * credit / _UNIT)
    for weight in (REQUIRED_WEIGHT, VALUED_WEIGHT)
    for credit in (1.0, PARTIAL_CREDIT)
}
assert all(units * _UNIT == w * c for (w, c), units in _UNITS.items()), "weights must be whole units"
_FULL_REQUIRED: Final = _UNITS[REQUIRED_WEIGHT, 1.0]
_FULL_VALUED: Final = _UNITS[VALUED_WEIGHT, 1.0]
_NEAR_REQUIRED: Final = _UNITS[REQUIRED_WEIGHT, PARTIAL_CREDIT]
_NEAR_VALUED: Final = _UNITS[VALUED_WEIGHT, PARTIAL_CREDIT]


def _ratios(total: float, empty: float) -> tuple[float, ...]:
    """``round(units × _UNIT / total, 4)`` for every whole number of units up to the total (``empty``
    when the total is 0): the score a credit sum gives, looked up instead of divided and rounded."""
    if not total:
        return (empty,)
    return tuple(round(units * _UNIT / total, 4) for units in range(round(total / _UNIT) + 1))


def _units(table: _RoleTable, skills: SkillBits) -> int:
    """Σ weight × credit over the role's skills, in units: the module docstring's sum.

    Held skills count in full, and each skill not held that a held close relative points to at
    PARTIAL_CREDIT: those are the skills met either way less the held ones (counting them so keeps
    every int non-negative, where the big-int operations are fastest).
    """
    held, required = skills.held, table.required_mask
    met = held | skills.near
    n_full, n_full_req = _popcount(held & table.all_mask), _popcount(held & required)
    n_near, n_near_req = _popcount(met & table.all_mask) - n_full, _popcount(met & required) - n_full_req
    return (
        _FULL_REQUIRED * n_full_req
        + _FULL_VALUED * (n_full - n_full_req)
        + _NEAR_REQUIRED * n_near_req
        + _NEAR_VALUED * (n_near - n_near_req)
    )


def _required_units(table: _RoleTable, skills: SkillBits) -> int:
    """``_units`` over the role's required skills alone."""
    required = table.required_mask
    n_full = _popcount(skills.held & required)
    n_near = _popcount((skills.held | skills.near) & required) - n_full
    return _FULL_REQUIRED * n_full + _NEAR_REQUIRED * n_near


def bits_fit_score(role: Role, skills: SkillBits) -> float:
    """``fit_score`` for skills given as ``SkillBits``."""
    table = _table(role)
    return table.score_of[_units(table, skills)] if table.total else 0.0


def bits_required_coverage(role: Role, skills: SkillBits) -> float:
    """``fit_required_coverage`` for skills given as ``SkillBits``."""
    table = _table(role)
    return table.coverage_of[_required_units(table, skills)] if table.req_total else 1.0


def required_units(role: Role, skills: SkillBits) -> int:
    """The role's required credit for ``skills`` in whole units (``coverage_at`` turns it into coverage)."""
    return _required_units(_table(role), skills)


def coverage_at(role: Role, units: int) -> float:
    """The required coverage a required credit of ``units`` gives (capped at full coverage)."""
    table = _table(role)
    return table.coverage_of[min(units, len(table.coverage_of) - 1)] if table.req_total else 1.0


def required_gain_bound(role: Role, skill_id: str) -> int:
    """The most units learning one skill can add to the role's required credit: the skill itself in
    full where the role requires it, and partial credit for each required skill it is a relative of."""
    table = _table(role)
    bit = _bits().get(skill_id, 0)
    near = _popcount(_credits_via().get(skill_id, 0) & table.required_mask)
    return (_FULL_REQUIRED if bit & table.required_mask else 0) + _NEAR_REQUIRED * near


def held_scores(role: Role, have: frozenset[str]) -> tuple[float, float]:
    """``(fit_score, fit_required_coverage)`` for the person's own skills."""
    skills = person_bits(have)
    return bits_fit_score(role, skills), bits_required_coverage(role, skills)


@per_question
def person_bits_with(have: frozenset[str], skill_id: str) -> SkillBits:
    """The person's skills plus one more as ``SkillBits`` (a skill to learn is weighed in several roles)."""
    return person_bits(have) | skill_bits((skill_id,))


def fit_score(role: Role, have: frozenset[str]) -> float:
    """``role_fit(role, have).score`` alone, without the lists and the reason (for searches)."""
    return bits_fit_score(role, skill_bits(have))


def fit_required_coverage(role: Role, have: frozenset[str]) -> float:
    """``role_fit(role, have).required_coverage`` alone."""
    return bits_required_coverage(role, skill_bits(have))


def role_skill_lists(role: Role) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """A role's required and valued skills (multipliers apart) and the multipliers it lists, each in
    the role's order: the lists ``RoleFit`` reports its missing skills from."""
    table = _table(role)
    return table.plain_required, table.plain_valued, table.listed


def role_skill_set(role: Role) -> frozenset[str]:
    """All of a role's skill ids (required, valued, multipliers) as a set, built once per role."""
    return _table(role).skill_set


def coverage_skills(role: Role) -> frozenset[str]:
    """The skills whose learning can change the role's required coverage: required ones and relatives."""
    return _table(role).coverage


def role_fit(role: Role, have: frozenset[str]) -> RoleFit:
    """Score one role for a set of taxonomy skill ids (the formula is in the module docstring)."""
    key = have if isinstance(have, frozenset) else frozenset(have)
    # a fresh model per call (its ``partial`` dict is copied by validation): callers may keep it
    return RoleFit.model_validate(_role_fit_fields(_table(role), key), from_attributes=True)


def shared_role_fit(role: Role, have: frozenset[str]) -> RoleFit:
    """``role_fit`` for callers inside the advice that only read it: one shared model per question.

    Gaps and paths weigh every role for the same skills once per request; building a fresh model each
    time was a large part of an advice's cost. Callers must not mutate the result (its ``partial``).
    """
    return _shared_role_fit(_table(role), have)


@per_question
def _shared_role_fit(table: _RoleTable, have: frozenset[str]) -> RoleFit:
    if table.index is not None:
        return _catalog_fits(have)[0][table.index]
    return RoleFit.model_validate(_role_fit_fields(table, have), from_attributes=True)


_CATALOG_FITS: Final[TypeAdapter[tuple[RoleFit, ...]]] = TypeAdapter(tuple[RoleFit, ...])


@cache
def _catalog_tables() -> tuple[_RoleTable, ...]:
    """The catalog roles' scoring tables, in catalog order."""
    return tuple(map(_table, load_catalog().roles))


@per_question
def _catalog_fits(have: frozenset[str]) -> tuple[tuple[RoleFit, ...], tuple[int, ...]]:
    """Every catalog role's fit (catalog order), validated in one go, and the roles' catalog indices
    best first: by score, then required coverage (both descending), then id."""
    held, near, nearest = _catalog_found(have)
    multipliers = _multipliers_held(have)
    rows: list[_FitRow] = []
    ranks: list[tuple[float, float, str, int]] = []
    for index, table in enumerate(_catalog_tables()):
        scores = _local_scores(table, held[index], near[index])
        rows.append(_fields(table, held[index], near[index], nearest, scores, multipliers))
        ranks.append((-scores[0], -scores[1], table.role_id, index))  # role ids are distinct
    fits = _CATALOG_FITS.validate_python(rows, from_attributes=True)
    return fits, tuple([rank[3] for rank in sorted(ranks)])


def _local_scores(table: _RoleTable, held: int, near: int) -> tuple[float, float]:
    """``held_scores`` from local bits (the same sums as ``_units``, for a role whose skills all have
    bits of ``skill_mask``, as every catalog role's do)."""
    required = table.all_required_local
    full_required, near_required = _popcount(held & required), _popcount(near & required)
    required_units = _FULL_REQUIRED * full_required + _NEAR_REQUIRED * near_required
    units = (
        required_units
        + _FULL_VALUED * (_popcount(held) - full_required)
        + _NEAR_VALUED * (_popcount(near) - near_required)
    )
    return (
        table.score_of[units] if table.total else 0.0,
        table.coverage_of[required_units] if table.req_total else 1.0,
    )


@cache
def _catalog_index() -> tuple[dict[str, tuple[tuple[int, int], ...]], dict[str, frozenset[str]]]:
    """Reference data for ``_catalog_found``: a skill id → (catalog role index, local bit) for each
    role listing it; and a skill id → the catalog roles' skills it is a close relative of."""
    places: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
    credits: defaultdict[str, set[str]] = defaultdict(set)
    for index, table in enumerate(_catalog_tables()):
        for i, skill_id in enumerate(table.ids):
            places[skill_id].append((index, 1 << i))
            for relative in relatives(skill_id):
                credits[relative].add(skill_id)
    return {k: tuple(v) for k, v in places.items()}, {k: frozenset(v) for k, v in credits.items()}


def _catalog_found(have: frozenset[str]) -> tuple[list[int], list[int], dict[str, str]]:
    """Which of each catalog role's skills a person has (local bits, by catalog index), which they meet
    only through a held close relative, and the nearest such relative of each of those skills.

    The work follows the person's skills (and those they meet through a relative), not the roles'
    skill lists.
    """
    places, credits = _catalog_index()
    n = len(_catalog_tables())
    held, near = [0] * n, [0] * n
    met: set[str] = set()
    for skill_id in have:
        for index, bit in places.get(skill_id, ()):
            held[index] = held[index] | bit
        met.update(credits.get(skill_id, ()))
    nearest: dict[str, str] = {}
    for skill_id in met - have:
        nearest[skill_id] = _nearest_held(skill_id, have)
        for index, bit in places[skill_id]:
            near[index] = near[index] | bit
    return held, near, nearest


def _nearest_held(skill_id: str, have: frozenset[str]) -> str:
    """``closest_relative`` for a skill known to have a held relative."""
    for relative in relatives(skill_id):
        if relative in have:
            return relative
    raise AssertionError(f"{skill_id} has no relative in the skills given")


def _role_fit_fields(table: _RoleTable, have: frozenset[str]) -> _FitRow:
    """``RoleFit`` fields of any role, its skills looked up one by one."""
    held = near = 0
    nearest: dict[str, str] = {}
    for i, skill_id in enumerate(table.ids):
        if skill_id in have:
            held |= 1 << i
        else:
            relative = closest_relative(skill_id, have)
            if relative is not None:
                near |= 1 << i
                nearest[skill_id] = relative
    return _fields(table, held, near, nearest, held_scores(table.role, have), _multipliers_held(have))


class _FitRow:
    """One role's ``RoleFit`` fields, which validation reads as attributes (``from_attributes``): less
    work than a dict of them, to build and to validate (no keys to check against the fields)."""

    def __init__(
        self,
        table: _RoleTable,
        scores: tuple[float, float],
        multipliers: tuple[tuple[str, ...], tuple[str, ...]],
        *,
        matched: tuple[str, ...],
        partial: dict[str, str],
        missing_required: tuple[str, ...],
        missing_valued: tuple[str, ...],
        reason: str,
    ) -> None:
        self.role_id = table.role_id
        self.title = table.title
        self.family = table.family
        self.score, self.required_coverage = scores
        self.matched = matched
        self.partial = partial
        self.missing_required = missing_required
        self.missing_valued = missing_valued
        self.multipliers_listed = table.listed
        self.multipliers_present, self.multipliers_missing = multipliers
        self.reason = reason


def _fields(
    table: _RoleTable,
    held: int,
    near: int,
    nearest: dict[str, str],
    scores: tuple[float, float],
    multipliers: tuple[tuple[str, ...], tuple[str, ...]],
) -> _FitRow:
    """``RoleFit`` fields from local bits: the role's skills the person has (``held``) and those met
    only through a close relative (``near``; ``nearest`` names the relative)."""
    partial = {s: nearest[s] for s in _pick(table, near & table.plain_local)}
    missing_local = table.required_local & ~held
    missing_required = _pick(table, missing_local)
    missing_valued = _pick(table, table.valued_local & ~held)
    lacking = _pick(table, missing_local & ~near) if partial else missing_required
    req_full = len(table.plain_required) - len(missing_required)
    val_n = len(table.plain_valued)
    val_full = val_n - len(missing_valued)
    through = len(missing_required) - len(lacking)
    via = f", {through} more only through a related skill" if through else ""
    gap = f" (missing {_named(lacking, table.labels)})" if lacking else ""
    listed = table.listed
    lists = (
        f"; {_popcount(held & table.listed_local)} of {len(listed)} pay multipliers it lists"
        if listed
        else ""
    )
    return _FitRow(
        table,
        scores,
        multipliers,
        matched=_pick(table, held & table.plain_local),
        partial=partial,
        missing_required=missing_required,
        missing_valued=missing_valued,
        reason=f"{req_full} of {table.req_n} required skills{via}{gap}; {val_full} of {val_n} valued{lists}",
    )


def _multipliers_held(have: frozenset[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The article's multipliers the person has, and those they lack (catalog order)."""
    multipliers = multiplier_ids()
    return tuple(m for m in multipliers if m in have), tuple(m for m in multipliers if m not in have)


@asks
def fit(profile: ProfileLike) -> list[RoleFit]:
    """Every catalog role scored for the person's skills, best first (stable for the same input)."""
    # the models this question's gaps and paths weigh too (built once; each question gets its own)
    fits, ranked = _catalog_fits(profile_skills(profile))
    return [fits[index] for index in ranked]


def start_role(profile: ProfileLike) -> tuple[Role, bool]:
    """The person's current role (resolved), else their best-fit role; True when it was given."""
    if profile.current_role is not None:
        return resolve_role(profile.current_role, "current role"), True
    best = fit(profile)[0]
    role = load_catalog().get(best.role_id)
    assert role is not None
    return role, False
