"""Tests of the bundled skill taxonomy (needs only the file shipped in the package)."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from payband.reference.catalog import load_catalog
from payband.reference.skills import CATEGORIES, SkillTaxonomy, load_skills, normalise

ESCO_URI = re.compile(r"^http://data\.europa\.eu/esco/skill/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$")


@pytest.fixture(scope="module")
def tax() -> SkillTaxonomy:
    return load_skills()


def test_size_and_unique_ids(tax: SkillTaxonomy) -> None:
    ids = [s.id for s in tax]
    assert len(tax) >= 1500
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)


def test_categories_in_vocabulary(tax: SkillTaxonomy) -> None:
    assert {s.category for s in tax} <= CATEGORIES
    assert tax.by_category("language")
    assert all(s.category == "devops" for s in tax.by_category("devops"))


@pytest.mark.parametrize(
    "skill_id",
    [
        "ai-fluency",
        "systems-thinking",
        "security-awareness",
        "executive-communication",
        "adaptability",
    ],
)
def test_multipliers(tax: SkillTaxonomy, skill_id: str) -> None:
    skill = tax.get(skill_id)
    assert skill is not None
    assert skill.category in {"soft", "transversal"}


@pytest.mark.parametrize(
    ("name", "skill_id"),
    [
        ("k8s", "kubernetes"),
        ("Kubernetes", "kubernetes"),
        ("Postgres", "postgresql"),
        ("sklearn", "scikit-learn"),
        ("Google Cloud Platform", "gcp"),
        ("GCP", "gcp"),
        ("Google Cloud", "gcp"),
        ("golang", "go"),
        ("C++", "cpp"),
        ("c++", "cpp"),
        ("C#", "csharp"),
        (".NET", "dotnet"),
        ("Node.js", "nodejs"),
        ("node", "nodejs"),
        ("NodeJS", "nodejs"),
        ("JS", "javascript"),
        ("Amazon Web Services", "aws"),
        ("  ci/cd ", "ci-cd"),
        ("C", "c"),
        ("R", "r"),
        ("pytorch", "pytorch"),
        ("python", "python"),
    ],
)
def test_resolve(tax: SkillTaxonomy, name: str, skill_id: str) -> None:
    skill = tax.resolve(name)
    assert skill is not None, name
    assert skill.id == skill_id


def test_resolve_unknown(tax: SkillTaxonomy) -> None:
    assert tax.resolve("definitely not a skill xyz") is None
    assert tax.resolve("") is None
    assert tax.get("no-such-skill") is None


@pytest.mark.parametrize(
    ("skill_id", "word"),
    [
        ("go", "Go"),
        ("r", "R"),
        ("c", "C"),
        ("swift", "Swift"),
        ("rust", "Rust"),
        ("apache-spark", "Spark"),
        ("excel", "Excel"),
        ("chef", "Chef"),
    ],
)
def test_ambiguous_flags(tax: SkillTaxonomy, skill_id: str, word: str) -> None:
    skill = tax.get(skill_id)
    assert skill is not None
    assert skill.is_ambiguous(word)
    assert tax.resolve(word) == skill


def test_unambiguous_names_are_not_flagged(tax: SkillTaxonomy) -> None:
    for skill_id, name in [("kubernetes", "k8s"), ("postgresql", "PostgreSQL"), ("python", "Python")]:
        skill = tax.get(skill_id)
        assert skill is not None
        assert not skill.is_ambiguous(name)


@pytest.mark.parametrize(
    ("typo", "skill_id"),
    [("kubernets", "kubernetes"), ("pytorh", "pytorch"), ("postgress", "postgresql")],
)
def test_suggest(tax: SkillTaxonomy, typo: str, skill_id: str) -> None:
    assert tax.resolve(typo) is None or tax.resolve(typo).id == skill_id  # type: ignore[union-attr]
    assert skill_id in [s.id for s in tax.suggest(typo)]
    assert len(tax.suggest(typo, limit=3)) <= 3


def test_no_alias_maps_to_two_skills(tax: SkillTaxonomy) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for skill in tax:
        for name in skill.aliases:
            owners[normalise(name)].add(skill.id)
        assert normalise(skill.label) not in {normalise(a) for a in skill.aliases}
        assert len({normalise(a) for a in skill.aliases}) == len(skill.aliases)
    clashes = {k: v for k, v in owners.items() if len(v) > 1}
    assert not clashes
    labels = {normalise(s.label) for s in tax}
    assert not (labels & set(owners)) - {
        k for k in labels & set(owners) if all(tax.resolve(k) == tax.get(i) for i in owners[k])
    }


def test_ambiguous_are_names_of_the_skill(tax: SkillTaxonomy) -> None:
    for skill in tax:
        names = {normalise(n) for n in skill.names()}
        assert {normalise(a) for a in skill.ambiguous} <= names, skill.id


def test_esco_uris(tax: SkillTaxonomy) -> None:
    uris = [s.esco_uri for s in tax if s.esco_uri]
    assert len(uris) >= 1000
    assert all(ESCO_URI.match(u) for u in uris)
    assert len(uris) == len(set(uris))


@pytest.mark.parametrize(
    ("skill_id", "uri"),
    [
        ("python", "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"),
        ("java", "http://data.europa.eu/esco/skill/19a8293b-8e95-4de3-983f-77484079c389"),
        ("cpp", "http://data.europa.eu/esco/skill/b633eb55-8f1f-4ae6-ab4c-2022ffe2cb7f"),
        ("sql", "http://data.europa.eu/esco/skill/598de5b0-5b58-4ea7-8058-a4bc4d18c742"),
        ("swift", "http://data.europa.eu/esco/skill/be80acfc-b6f2-4411-9b8d-b19d9cd2556a"),
    ],
)
def test_known_esco_links(tax: SkillTaxonomy, skill_id: str, uri: str) -> None:
    skill = tax.get(skill_id)
    assert skill is not None
    assert skill.esco_uri == uri


def test_onet_links(tax: SkillTaxonomy) -> None:
    python = tax.get("python")
    assert python is not None and python.onet_hot and python.onet_commodity is not None
    assert re.fullmatch(r"\d{8}", python.onet_commodity.code)
    assert sum(1 for s in tax if s.onet_hot) >= 100


def test_related_ids_exist(tax: SkillTaxonomy) -> None:
    for skill in tax:
        for rel in skill.related:
            assert tax.get(rel) is not None, (skill.id, rel)
    pytorch = tax.get("pytorch")
    assert pytorch is not None and "deep-learning" in pytorch.related


def test_sources(tax: SkillTaxonomy) -> None:
    sources = {src for s in tax for src in s.sources}
    assert {"curated", "esco", "onet"} <= sources
    assert "lightcast" not in " ".join(sources)


def test_load_is_cached() -> None:
    assert load_skills() is load_skills()


def test_every_catalog_skill_resolves(tax: SkillTaxonomy) -> None:
    """Every skill a role names, and the five multipliers, exist in the taxonomy."""
    catalog = load_catalog()
    missing = {(role.id, s.id) for role in catalog.roles for s in role.skills if tax.get(s.id) is None}
    missing |= {("multiplier", m.id) for m in catalog.multipliers if tax.get(m.id) is None}
    assert not missing


@pytest.mark.parametrize("word", ["API", "SDK", "design", "Google", "computer", "lead", "Hack"])
def test_blocked_upstream_aliases_name_no_skill(tax: SkillTaxonomy, word: str) -> None:
    """Everyday words and acronyms that ESCO/O*NET tie to one product resolve to nothing."""
    assert tax.resolve(word) is None


@pytest.mark.parametrize(("name", "skill_id"), [("TS", "typescript"), ("EMR", "amazon-emr")])
def test_clashing_acronyms_are_flagged_ambiguous(tax: SkillTaxonomy, name: str, skill_id: str) -> None:
    skill = tax.resolve(name)
    assert skill is not None and skill.id == skill_id and skill.is_ambiguous(name)
