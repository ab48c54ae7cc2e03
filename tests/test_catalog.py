"""The bundled roles catalog: the article's ten headline roles, the everyday roles and their codes."""

from __future__ import annotations

import re

import pytest

from payband.reference.catalog import Catalog, Role, SkillWeight, load_catalog

# The article's claimed average salary ranges (USD per year), as summarised in DESIGN.md.
HEADLINE_CLAIMS: dict[str, tuple[int, int, bool]] = {
    "ai-research-scientist": (160_000, 240_000, True),
    "ml-engineer": (150_000, 210_000, False),
    "cloud-solutions-architect": (145_000, 190_000, False),
    "cybersecurity-architect": (155_000, 220_000, False),
    "data-scientist": (130_000, 180_000, False),
    "devops-engineer": (130_000, 175_000, False),
    "blockchain-developer": (140_000, 200_000, False),
    "software-engineering-manager": (170_000, 230_000, False),
    "ai-product-manager": (150_000, 210_000, False),
    "site-reliability-engineer": (140_000, 185_000, False),
}

# The skills the article names for each headline role.
HEADLINE_ARTICLE_SKILLS: dict[str, set[str]] = {
    "ai-research-scientist": {
        "linear-algebra",
        "probability",
        "pytorch",
        "transformers",
        "distributed-training",
    },
    "ml-engineer": {"python", "sql", "docker", "kubernetes", "ci-cd", "data-pipelines"},
    "cloud-solutions-architect": {
        "aws",
        "azure",
        "gcp",
        "terraform",
        "infrastructure-as-code",
        "computer-networking",
        "security-architecture",
    },
    "cybersecurity-architect": {"siem", "penetration-testing", "risk-assessment", "gdpr", "hipaa"},
    "data-scientist": {"python", "r", "statistics", "data-visualization", "business-acumen"},
    "devops-engineer": {
        "jenkins",
        "github-actions",
        "scripting",
        "prometheus",
        "infrastructure-automation",
    },
    "blockchain-developer": {"solidity", "rust", "cryptography", "smart-contract-testing"},
    "software-engineering-manager": {"system-design", "communication", "agile"},
    "ai-product-manager": {
        "data-literacy",
        "market-research",
        "ml-model-constraints",
        "communication",
    },
    "site-reliability-engineer": {"distributed-systems", "observability", "debugging", "scripting"},
}

EVERYDAY_IDS = (
    "software-developer",
    "web-developer",
    "mobile-developer",
    "embedded-engineer",
    "data-analyst",
    "data-engineer",
    "qa-engineer",
    "database-administrator",
    "network-engineer",
    "systems-administrator",
    "it-support-specialist",
    "security-analyst",
    "ux-designer",
    "product-manager",
    "technical-program-manager",
)

MULTIPLIER_IDS = (
    "ai-fluency",
    "systems-thinking",
    "security-awareness",
    "executive-communication",
    "adaptability",
)

SKILL_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def _role(catalog: Catalog, role_id: str) -> Role:
    role = catalog.get(role_id)
    assert role is not None, f"role {role_id} missing from the catalog"
    return role


def test_catalog_loads_with_version_and_article(catalog: Catalog) -> None:
    assert re.fullmatch(r"\d{4}\.\d+\.\d+", catalog.version)
    assert "The highest paying tech jobs in 2026" in catalog.article


def test_catalog_is_large_enough(catalog: Catalog) -> None:
    assert len(catalog.roles) >= 25


@pytest.mark.parametrize("role_id", sorted(HEADLINE_CLAIMS))
def test_headline_role_has_the_article_claim(catalog: Catalog, role_id: str) -> None:
    role = _role(catalog, role_id)
    low, high, open_ended = HEADLINE_CLAIMS[role_id]
    assert role.headline
    assert role.claimed_salary is not None
    assert (role.claimed_salary.min, role.claimed_salary.max) == (low, high)
    assert role.claimed_salary.open_ended is open_ended
    if open_ended:
        assert role.claimed_salary.note


def test_exactly_ten_headline_roles(catalog: Catalog) -> None:
    assert {r.id for r in catalog.roles if r.headline} == set(HEADLINE_CLAIMS)
    assert all(r.claimed_salary is None for r in catalog.roles if not r.headline)


@pytest.mark.parametrize("role_id", sorted(HEADLINE_ARTICLE_SKILLS))
def test_article_skills_are_required_skills(catalog: Catalog, role_id: str) -> None:
    role = _role(catalog, role_id)
    assert set(role.article_skills) == HEADLINE_ARTICLE_SKILLS[role_id]
    assert set(role.article_skills) <= set(role.skill_ids(SkillWeight.REQUIRED))


def test_article_skills_subset_of_required_for_every_role(catalog: Catalog) -> None:
    for role in catalog.roles:
        assert set(role.article_skills) <= set(role.skill_ids(SkillWeight.REQUIRED)), role.id


@pytest.mark.parametrize("role_id", EVERYDAY_IDS)
def test_everyday_role_present(catalog: Catalog, role_id: str) -> None:
    role = _role(catalog, role_id)
    assert not role.headline


def test_aliases_unique_across_roles(catalog: Catalog) -> None:
    owner: dict[str, str] = {}
    for role in catalog.roles:
        for alias in role.aliases:
            key = alias.strip().casefold()
            assert key not in owner, f"alias {alias!r} in both {owner[key]} and {role.id}"
            owner[key] = role.id


def test_every_role_has_one_primary_soc(catalog: Catalog) -> None:
    for role in catalog.roles:
        assert sum(link.primary for link in role.soc) == 1, role.id
        codes = [link.code for link in role.soc]
        assert len(codes) == len(set(codes)), role.id


def test_multipliers(catalog: Catalog) -> None:
    assert tuple(m.id for m in catalog.multipliers) == MULTIPLIER_IDS
    assert all(m.label and m.why for m in catalog.multipliers)


def test_role_shape(catalog: Catalog) -> None:
    for role in catalog.roles:
        assert 3 <= len(role.responsibilities) <= 5, role.id
        assert 6 <= len(role.aliases) <= 15, role.id
        assert 10 <= len(role.skills) <= 25, role.id
        assert 1 <= len(role.esco_occupations) <= 6, role.id
        assert role.onet_soc, role.id
        assert role.summary.strip(), role.id
        assert all(SKILL_ID.fullmatch(s.id) for s in role.skills), role.id


def test_onet_codes_belong_to_linked_soc_codes(catalog: Catalog) -> None:
    for role in catalog.roles:
        socs = {link.code for link in role.soc}
        for code in role.onet_soc:
            assert code[:7] in socs, f"{role.id}: O*NET {code} has no matching SOC link"
