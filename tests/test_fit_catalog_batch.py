"""The catalog roles' fits, worked out all at once per question, match ``role_fit`` role by role."""

from __future__ import annotations

import random

from payband.advice.fit import fit_required_coverage, fit_score, relatives, role_fit, shared_role_fit
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
