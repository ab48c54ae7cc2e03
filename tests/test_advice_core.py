"""Role fit, skills to learn and moves between roles, on realistic skill sets (bundled data only)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from payband.advice.fit import (
    ProfileLike,
    RoleFit,
    bits_fit_score,
    bits_required_coverage,
    closest_relative,
    coverage_at,
    fit,
    fit_required_coverage,
    fit_score,
    multiplier_ids,
    person_bits_with,
    relatives,
    required_gain_bound,
    required_units,
    role_fit,
    skill_bits,
)
from payband.advice.gaps import CHEAPER_EFFORT, OPEN_AT, OPEN_BONUS, gaps, person_p50
from payband.advice.paths import DIRECT_AT, paths
from payband.errors import InputError, NotFound
from payband.memo import question
from payband.reference.catalog import SkillWeight, load_catalog


@dataclass(frozen=True)
class Person:
    """A minimal ProfileLike for the tests."""

    skills: tuple[str, ...]
    years: float | None = None
    current_role: str | None = None
    area_code: str | None = None


DATA_SCIENTIST = Person(
    skills=(
        "python", "sql", "statistics", "machine-learning", "pandas", "scikit-learn", "data-visualization",
        "jupyter", "a-b-testing", "communication", "tableau",
    ),
    years=5,
    current_role="data-scientist",
)  # fmt: skip
SRE = Person(
    skills=(
        "linux", "kubernetes", "prometheus", "grafana", "terraform", "python", "go", "bash", "observability",
        "incident-management", "distributed-systems", "debugging", "docker", "aws", "ci-cd", "scripting",
    ),
    years=6,
    current_role="site-reliability-engineer",
)  # fmt: skip
SOFTWARE_DEVELOPER = Person(
    skills=(
        "python", "java", "git", "sql", "rest-apis", "data-structures-and-algorithms",
        "object-oriented-programming", "debugging", "unit-testing", "code-review", "docker", "aws", "linux",
    ),
    years=4,
    current_role="software-developer",
)  # fmt: skip
IT_SUPPORT = Person(
    skills=(
        "troubleshooting", "customer-service", "communication", "windows", "microsoft-365",
        "active-directory", "computer-hardware", "macos", "itil",
    ),
    years=3,
    current_role="it-support-specialist",
)  # fmt: skip


def _by_id(fits: list[RoleFit]) -> dict[str, RoleFit]:
    return {f.role_id: f for f in fits}


def _protocol(person: ProfileLike) -> ProfileLike:
    return person


# ---------------------------------------------------------------------------------------------- fit


def test_every_role_is_scored_best_first() -> None:
    fits = fit(DATA_SCIENTIST)
    assert {f.role_id for f in fits} == {r.id for r in load_catalog().roles}
    scores = [f.score for f in fits]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= f.score <= 1.0 and 0.0 <= f.required_coverage <= 1.0 for f in fits)


def test_data_scientist_fits_data_scientist_above_blockchain_developer() -> None:
    fits = fit(_protocol(DATA_SCIENTIST))
    by = _by_id(fits)
    assert fits[0].role_id == "data-scientist"
    assert by["data-scientist"].score > 0.7
    assert by["blockchain-developer"].score == 0.0
    assert by["data-scientist"].score > by["ml-engineer"].score > by["blockchain-developer"].score
    ds = by["data-scientist"]
    assert {"python", "sql", "statistics", "machine-learning"} <= set(ds.matched)
    assert "business-acumen" in ds.missing_required
    assert ds.partial["r"] == "statistics"  # R is only covered through its related skill
    assert ds.reason.startswith("8 of 10 required skills, 1 more only through a related skill")
    assert "Business acumen" in ds.reason


def test_sre_skills_fit_sre_and_devops_highly() -> None:
    fits = fit(SRE)
    assert {fits[0].role_id, fits[1].role_id} == {"site-reliability-engineer", "devops-engineer"}
    assert fits[0].score > 0.7 and fits[1].score > 0.7
    assert fits[0].required_coverage >= 0.8
    assert _by_id(fits)["ux-designer"].score < 0.1


def test_score_formula_by_hand() -> None:
    # Blockchain developer: 7 required (weight 2) + 11 valued (weight 1) = 25. Solidity is held (2);
    # Ethereum (required), Hardhat and Foundry (valued) are taxonomy relatives of Solidity: 0.5 each.
    role = load_catalog().get("blockchain-developer")
    assert role is not None
    got = role_fit(role, frozenset({"solidity"}))
    assert got.matched == ("solidity",)
    assert got.partial == {"ethereum": "solidity", "hardhat": "solidity", "foundry": "solidity"}
    assert got.score == pytest.approx((2 + 2 * 0.5 + 0.5 + 0.5) / 25, abs=1e-4)
    assert got.required_coverage == pytest.approx((2 + 1) / 14, abs=1e-4)


_SKILL_POOL = sorted(
    {s for role in load_catalog().roles for s in role.skill_ids()} | {"solidity", "pytorch", "aws", "excel"}
)

_WIDE_POOL = sorted({*_SKILL_POOL, *(r for s in _SKILL_POOL for r in relatives(s))})
"""The roles' skills and their close relatives (which give partial credit)."""


def _by_the_formula(role_id: str, have: frozenset[str]) -> dict[str, object]:
    """The module docstring's formula, skill by skill: the reference the fast paths must equal."""
    role = load_catalog().get(role_id)
    assert role is not None
    multipliers = set(multiplier_ids())
    earned = req_earned = total = req_total = 0.0
    matched: list[str] = []
    missing_required: list[str] = []
    missing_valued: list[str] = []
    partial: dict[str, str] = {}
    for rs in role.skills:
        required = rs.weight == SkillWeight.REQUIRED
        weight = 2.0 if required else 1.0
        via = None if rs.id in have else next((r for r in relatives(rs.id) if r in have), None)
        credit = 1.0 if rs.id in have else 0.5 if via is not None else 0.0
        earned += weight * credit
        total += weight
        if required:
            req_earned += weight * credit
            req_total += weight
        if rs.id in multipliers:
            continue
        if rs.id in have:
            matched.append(rs.id)
        else:
            if via is not None:
                partial[rs.id] = via
            (missing_required if required else missing_valued).append(rs.id)
    return {
        "score": round(earned / total, 4),
        "required_coverage": round(req_earned / req_total, 4) if req_total else 1.0,
        "matched": tuple(matched),
        "partial": partial,
        "missing_required": tuple(missing_required),
        "missing_valued": tuple(missing_valued),
    }


@settings(max_examples=150, deadline=None)
@given(st.sets(st.sampled_from(_SKILL_POOL), max_size=40))
def test_fits_and_search_scores_follow_the_formula(held: set[str]) -> None:
    # role_fit and the searches' fit_score / fit_required_coverage use set and bit arithmetic; they
    # must give exactly what the documented per-skill formula gives, partial credit included
    have = frozenset(held)
    for role in load_catalog().roles:
        want = _by_the_formula(role.id, have)
        got = role_fit(role, have)
        assert {k: getattr(got, k) for k in want} == want
        assert isinstance(want["partial"], dict)
        assert list(got.partial) == list(want["partial"])  # in the role's order
        assert fit_score(role, have) == want["score"]
        assert fit_required_coverage(role, have) == want["required_coverage"]


@settings(max_examples=150, deadline=None)
@given(st.sets(st.sampled_from(_WIDE_POOL), max_size=40), st.sampled_from(_WIDE_POOL))
def test_one_more_skill_scores_as_the_formula_does(held: set[str], extra: str) -> None:
    # the searches for skills to learn weigh the person's skills plus one (person_bits_with);
    # it must equal the formula for the person's skills plus that one, in every role
    have = frozenset(held)
    assert skill_bits(have) | skill_bits((extra,)) == skill_bits(have | {extra})  # routes add sets so
    with question():
        for role in load_catalog().roles:
            want = _by_the_formula(role.id, have | {extra})
            with_extra = person_bits_with(have, extra)
            got = (bits_fit_score(role, with_extra), bits_required_coverage(role, with_extra))
            assert got == (want["score"], want["required_coverage"])
            # the bound that lets the search for roles a skill opens skip hopeless ones really bounds
            gain = required_units(role, with_extra) - required_units(role, skill_bits(have))
            assert 0 <= gain <= required_gain_bound(role, extra)
            assert coverage_at(role, required_units(role, with_extra)) == want["required_coverage"]


def test_having_every_skill_scores_one_and_scores_compare_across_role_sizes() -> None:
    for role in load_catalog().roles:
        full = role_fit(role, frozenset(role.skill_ids()))
        assert full.score == 1.0 and full.required_coverage == 1.0
        assert not full.missing_required and not full.missing_valued
        required = frozenset(role.skill_ids(SkillWeight.REQUIRED))
        only = role_fit(role, required)
        n_req, n_val = len(required), len(role.skills) - len(required)
        assert only.required_coverage == 1.0
        # valued skills can only add (partial credit through relatives of the required ones)
        assert only.score >= round(2 * n_req / (2 * n_req + n_val), 4) - 1e-4


def test_multipliers_are_reported_apart_from_skills() -> None:
    base = fit(DATA_SCIENTIST)
    person = replace(DATA_SCIENTIST, skills=(*DATA_SCIENTIST.skills, "ai-fluency", "executive-communication"))
    fits = fit(person)
    ds = _by_id(fits)["data-scientist"]
    assert ds.multipliers_listed == ("executive-communication", "ai-fluency")
    assert ds.multipliers_present == ("ai-fluency", "executive-communication")
    assert set(ds.multipliers_missing) == set(multiplier_ids()) - {"ai-fluency", "executive-communication"}
    for item in fits:
        listed = set(multiplier_ids())
        assert not listed & set(item.matched) and not listed & set(item.missing_valued)
    assert ds.score > _by_id(base)["data-scientist"].score
    assert "2 of 2 pay multipliers it lists" in ds.reason


def test_fit_is_stable_and_ignores_skill_order() -> None:
    shuffled = replace(SRE, skills=tuple(reversed(SRE.skills)))
    assert fit(SRE) == fit(SRE) == fit(shuffled)


def test_unknown_skill_is_not_found_with_suggestions() -> None:
    with pytest.raises(NotFound) as err:
        fit(Person(skills=("pythn",)))
    assert "python" in err.value.suggestions


def test_skill_labels_are_accepted() -> None:
    assert fit(Person(skills=("Python", "Kubernetes"))) == fit(Person(skills=("python", "kubernetes")))


# --------------------------------------------------------------------------------------------- gaps


def test_missing_required_skill_of_the_target_appears_in_gaps() -> None:
    report = gaps(DATA_SCIENTIST, "data-scientist", limit=50)
    ids = [g.skill_id for g in report.skills]
    assert "business-acumen" in ids and "r" in ids
    item = next(g for g in report.skills if g.skill_id == "business-acumen")
    assert item.weight == "required" and item.role_id == "data-scientist"
    assert item.fit_gain > 0
    assert report.targets == ("data-scientist",)


def test_ml_engineer_gaps_for_a_data_scientist() -> None:
    report = gaps(DATA_SCIENTIST, "ml-engineer")
    ids = [g.skill_id for g in report.skills]
    assert {"kubernetes", "mlops"} <= set(ids)
    assert len(ids) == 10
    kubernetes = next(g for g in report.skills if g.skill_id == "kubernetes")
    assert kubernetes.pay.enough_data and kubernetes.pay.n >= 30 and kubernetes.pay.se is not None
    assert kubernetes.pay.log_effect > 0 and kubernetes.pay.usd is not None and kubernetes.pay.usd > 0
    assert "Stack Overflow" in kubernetes.pay.source
    assert kubernetes.cost == "new" and kubernetes.cost_via is None  # no relative of Kubernetes held
    mlops = next(g for g in report.skills if g.skill_id == "mlops")
    assert not mlops.pay.enough_data and mlops.pay.note.startswith("not enough data")
    assert mlops.pay.log_effect == 0.0


def test_skill_with_a_known_relative_is_cheaper() -> None:
    report = gaps(SOFTWARE_DEVELOPER, "ml-engineer", limit=50)
    kubernetes = next(g for g in report.skills if g.skill_id == "kubernetes")
    assert kubernetes.cost == "cheaper" and kubernetes.cost_via == "docker"
    assert "cheaper: you know Docker" in kubernetes.reason
    mlops = next(g for g in report.skills if g.skill_id == "mlops")
    assert mlops.cost == "new"
    # cheaper halves the effort, so the same value ranks twice as high
    assert kubernetes.priority == pytest.approx(kubernetes.value / CHEAPER_EFFORT, abs=1e-6)


def test_gaps_are_ranked_by_the_documented_rule() -> None:
    for person, target in [
        (DATA_SCIENTIST, "ml-engineer"),
        (SRE, "cloud-solutions-architect"),
        (IT_SUPPORT, None),
    ]:
        report = gaps(person, target, limit=40)
        assert report.skills
        for g in report.skills:
            value = g.fit_gain + g.pay.log_effect + OPEN_BONUS * len(g.opens)
            assert g.value == pytest.approx(value, abs=1e-5)
            effort = CHEAPER_EFFORT if g.cost == "cheaper" else 1.0
            assert g.priority == pytest.approx(g.value / effort, abs=1e-5)
            assert g.fit_after == pytest.approx(g.fit_before + g.fit_gain, abs=1e-4)
        keys = [(-g.priority, g.weight != "required", -g.fit_gain, g.skill_id) for g in report.skills]
        assert keys == sorted(keys)
        assert "priority" in report.rule


@pytest.mark.parametrize(
    ("person", "target"),
    [
        (DATA_SCIENTIST, None),
        (SRE, "cloud-solutions-architect"),
        (IT_SUPPORT, None),
        (SOFTWARE_DEVELOPER, None),
    ],
)
def test_weighed_skills_match_their_definitions(person: Person, target: str | None) -> None:
    # the weighing reads cached relatives, works out each role's required credit only when a skill may
    # open it, and skips a rounding that cannot change the priority: the same numbers as the long way
    have = frozenset(person.skills)
    coverage = {role.id: fit_required_coverage(role, have) for role in load_catalog().roles}
    report = gaps(person, target, limit=100)
    assert report.skills
    for g in (*report.skills, *report.multipliers):
        assert g.cost_via == closest_relative(g.skill_id, have)
        effort = CHEAPER_EFFORT if g.cost_via is not None else 1.0
        assert g.priority == round(g.value / effort, 6)
        opens = tuple(
            role.id
            for role in load_catalog().roles
            if coverage[role.id] < OPEN_AT <= fit_required_coverage(role, have | {g.skill_id})
        )
        assert g.opens == opens


def test_a_skill_that_crosses_the_threshold_opens_the_role() -> None:
    # data analyst: 5 of 7 required (0.71 < 0.75); Excel makes it 6 of 7.
    person = Person(skills=("sql", "data-visualization", "statistics", "communication", "business-acumen"))
    assert _by_id(fit(person))["data-analyst"].required_coverage < OPEN_AT
    report = gaps(person, "data-analyst", limit=50)
    excel = next(g for g in report.skills if g.skill_id == "excel")
    assert "data-analyst" in excel.opens
    assert "opens data-analyst" in excel.reason


def test_multipliers_appear_where_they_apply() -> None:
    report = gaps(DATA_SCIENTIST, "data-scientist", limit=3)
    assert {g.skill_id for g in report.multipliers} == {"executive-communication", "ai-fluency"}
    assert all(g.is_multiplier and "multiplier" in g.reason for g in report.multipliers)
    engineer = gaps(DATA_SCIENTIST, "data-engineer", limit=50)
    assert [g.skill_id for g in engineer.multipliers] == ["systems-thinking"]  # the one it lists


def test_gaps_without_a_target_pick_better_paid_roles_and_say_why() -> None:
    report = gaps(DATA_SCIENTIST)
    assert report.target is None and report.current_role == "data-scientist"
    assert 1 <= len(report.targets) <= 3
    assert len(report.considered) == len(load_catalog().roles)
    chosen = [c for c in report.considered if c.chosen]
    assert [c.role_id for c in chosen] == list(report.targets)
    for c in chosen:
        assert c.pay_gain is not None and c.pay_gain > 0 and c.reason.startswith("chosen")
    current = next(c for c in report.considered if c.role_id == "data-scientist")
    assert not current.chosen and current.reason.startswith("your current role")
    assert all(set(g.for_roles) <= set(report.targets) and g.role_id in g.for_roles for g in report.skills)


def test_a_fit_just_under_the_threshold_is_not_shown_as_equal_to_it() -> None:
    import re

    from payband.advice.gaps import MIN_TARGET_FIT
    from payband.advice.profile import Profile

    resume = Path(__file__).resolve().parent.parent / "examples" / "resume_data_scientist.md"
    example = Profile.build(resume, as_of=date(2026, 11, 1))  # product-manager fits it at 0.2963
    for person in (DATA_SCIENTIST, SRE, SOFTWARE_DEVELOPER, IT_SUPPORT, example):
        for choice in gaps(person).considered:
            said = re.search(r"fit ([\d.]+) is below ([\d.]+)", choice.reason)
            if said:
                assert choice.fit < MIN_TARGET_FIT
                assert float(said[1]) < float(said[2]), choice.reason


def test_gaps_without_current_role_start_from_the_best_fit() -> None:
    report = gaps(replace(DATA_SCIENTIST, current_role=None))
    assert report.current_role == "data-scientist" and not report.current_role_given
    assert any("best-fit" in n for n in report.notes)


def test_far_from_everything_still_gets_targets() -> None:
    report = gaps(IT_SUPPORT)
    assert report.targets and report.skills
    assert any("closest roles that pay more" in n for n in report.notes)


def test_gaps_errors() -> None:
    with pytest.raises(NotFound):
        gaps(DATA_SCIENTIST, "astronaut")
    with pytest.raises(InputError):
        gaps(DATA_SCIENTIST, "ml-engineer", limit=0)
    with pytest.raises(NotFound):
        gaps(replace(DATA_SCIENTIST, current_role="wizard"))


def test_gaps_are_stable() -> None:
    assert gaps(SRE) == gaps(SRE)
    assert gaps(SRE, "ml-engineer") == gaps(replace(SRE, skills=tuple(reversed(SRE.skills))), "ml-engineer")


# -------------------------------------------------------------------------------------------- paths


def test_software_developer_to_ml_engineer() -> None:
    path = paths(SOFTWARE_DEVELOPER, "ml-engineer")
    assert path.start_role == "software-developer" and path.target == "ml-engineer"
    last = path.steps[-1]
    assert last.to_role == "ml-engineer"
    assert {"machine-learning", "mlops", "kubernetes", "model-monitoring"} <= set(last.close_required)
    assert last.skills_to_close[: len(last.close_required)] == last.close_required  # required first
    for step in path.steps:
        assert step.p50_from is not None and step.p50_to is not None and step.pay_change is not None
        assert step.pay_change == step.p50_to - step.p50_from
    assert path.pay_change is not None and path.pay_change > 0  # ML engineers are paid more
    assert path.pay_change == sum(s.pay_change or 0 for s in path.steps)


def test_far_move_goes_through_an_intermediate_role() -> None:
    path = paths(IT_SUPPORT, "ai-research-scientist")
    assert not path.direct and path.direct_overlap < DIRECT_AT
    assert 2 <= len(path.steps) <= 3
    assert path.steps[0].from_role == "it-support-specialist"
    assert path.steps[-1].to_role == "ai-research-scientist"
    for before, after in zip(path.steps, path.steps[1:], strict=False):
        assert before.to_role == after.from_role
    middle = {s.to_role for s in path.steps[:-1]}
    assert middle & {"data-analyst", "data-scientist", "ml-engineer"}
    # each step is closer than the direct jump
    assert all(s.overlap > path.direct_overlap for s in path.steps)
    assert any("far move" in n for n in path.notes)


def test_close_move_is_direct() -> None:
    path = paths(SRE, "devops-engineer")
    assert path.direct and len(path.steps) == 1 and path.direct_overlap >= DIRECT_AT
    assert set(path.steps[0].close_required) == {"jenkins", "github-actions", "git"}


def test_path_pay_is_the_persons_p50_in_each_role() -> None:
    for person, target in [(SOFTWARE_DEVELOPER, "ml-engineer"), (IT_SUPPORT, "ai-research-scientist")]:
        path = paths(person, target)
        for step in path.steps:
            for role_id, p50 in ((step.from_role, step.p50_from), (step.to_role, step.p50_to)):
                assert p50 == person_p50(role_id, "national", person.years, person.skills)[0]


def test_missing_wages_give_no_pay_change_not_an_error() -> None:
    # BLS publishes no 15-1221 (computer research scientists) wages for Akron, OH.
    person = replace(DATA_SCIENTIST, area_code="0010420")
    path = paths(person, "ai-research-scientist")
    last = path.steps[-1]
    assert last.p50_to is None and last.pay_change is None and path.pay_change is None
    assert last.pay_note.startswith("no pay change")
    assert last.p50_from is not None


def test_paths_start_from_best_fit_and_same_role() -> None:
    path = paths(replace(SRE, current_role=None), "ml-engineer")
    assert not path.start_given and path.start_role in {"site-reliability-engineer", "devops-engineer"}
    same = paths(SRE, "site-reliability-engineer")
    assert same.steps == () and same.pay_change == 0


def test_paths_errors_and_stability() -> None:
    with pytest.raises(NotFound):
        paths(SRE, "astronaut")
    with pytest.raises(InputError):
        paths(SRE, "")
    with pytest.raises(NotFound):
        paths(replace(SRE, area_code="Atlantis"), "ml-engineer")
    assert paths(IT_SUPPORT, "cybersecurity-architect") == paths(IT_SUPPORT, "cybersecurity-architect")


def test_named_target_reports_its_pay_gain() -> None:
    report = gaps(DATA_SCIENTIST, "ml-engineer")
    (choice,) = report.considered
    assert choice.chosen and choice.p50 is not None and choice.pay_gain is not None and choice.pay_gain > 0
