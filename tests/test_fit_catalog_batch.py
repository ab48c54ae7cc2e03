"""The catalog roles' fits, worked out all at once per question, match ``role_fit`` role by role."""

from __future__ import annotations

import random
from dataclasses import dataclass

from payband.advice.fit import (
    SkillBits,
    fit,
    fit_required_coverage,
    fit_score,
    relatives,
    role_fit,
    shared_role_fit,
    skill_bits,
)
from payband.memo import question
from payband.reference.catalog import load_catalog


def _skill_pool() -> list[str]:
    skills = {s for role in load_catalog().roles for s in role.skill_ids()}
    return sorted(skills | {r for s in skills for r in relatives(s)})


def test_batch_fits_match_role_fit() -> None:
    rng = random.Random(7)
    pool = _skill_pool()
    roles = load_catalog().roles
    for _ in range(60):
        have = frozenset(rng.sample(pool, rng.randint(0, 30)))
        with question():
            for role in roles:
                shared = shared_role_fit(role, have)
                assert shared == role_fit(role, have), (role.id, sorted(have))
                assert shared.score == fit_score(role, have)
                assert shared.required_coverage == fit_required_coverage(role, have)


def test_role_outside_catalog_matches_its_copy() -> None:
    role = load_catalog().roles[0]
    copy = role.model_copy()  # a different object: fitted one by one, not with the catalog
    have = frozenset(role.skill_ids()[:3]) | frozenset(relatives(role.skill_ids()[-1])[:1])
    with question():
        assert shared_role_fit(copy, have) == shared_role_fit(role, have)


@dataclass(frozen=True)
class _Person:
    skills: tuple[str, ...]
    years: float | None = None
    current_role: str | None = None
    area_code: str | None = None


def test_fit_ranks_by_score_then_required_coverage_then_id() -> None:
    rng = random.Random(11)
    pool = _skill_pool()
    roles = load_catalog().roles
    for _ in range(40):
        have = frozenset(rng.sample(pool, rng.randint(0, 25)))
        want = sorted(
            (role_fit(role, have) for role in roles),
            key=lambda f: (-f.score, -f.required_coverage, f.role_id),
        )
        assert fit(_Person(tuple(sorted(have)))) == want


def test_skill_bits_compare_hash_and_print_by_value() -> None:
    a, b = skill_bits(("python", "sql")), skill_bits(("python",)) | skill_bits(("sql",))
    assert a == b and hash(a) == hash(b) and a is not b
    assert a != skill_bits(("python",))
    assert repr(SkillBits(3, 5)) == "SkillBits(held=3, near=5)"
