"""Job-title classification: role, seniority, confidence and evidence, on the bundled index only."""

from __future__ import annotations

import pytest

from payband.errors import InputError
from payband.reference.catalog import load_catalog
from payband.text.titles import (
    MAX_TITLE_CHARS,
    SENIORITIES,
    TitleMatch,
    classify_title,
    load_title_index,
    normalise_title,
)

CASES: list[tuple[str, str | None, str | None]] = [
    # (title, role, seniority)
    ("Sr. ML Eng II (Remote)", "ml-engineer", "senior"),
    ("Staff Software Engineer, Machine Learning", "ml-engineer", "staff"),
    ("Platform/SRE Lead", "site-reliability-engineer", "lead"),
    ("Senior Data Scientist - NLP", "data-scientist", "senior"),
    ("Jr. Front End Developer", "web-developer", "junior"),
    ("VP of Engineering", "software-engineering-manager", "executive"),
    ("Registered Nurse", None, None),
    ("Sales Associate", None, None),
    ("Data Analyst Intern", "data-analyst", "intern"),
    ("Head of Product", "product-manager", "director"),
    ("Principal Security Architect", "cybersecurity-architect", "principal"),
    ("Engineering Manager", "software-engineering-manager", "manager"),
    ("Director of Engineering", "software-engineering-manager", "director"),
    ("Senior Director, Software Engineering", "software-engineering-manager", "director"),
    ("Data Science Manager", "data-scientist", "manager"),
    ("Machine Learning Manager", "ml-engineer", "manager"),
    ("CTO", "it-manager", "executive"),
    ("Chief Information Officer", "it-manager", "executive"),
    ("IT Director", "it-manager", "director"),
    ("Mechanical Engineer", None, None),
    ("Marketing Manager", None, "manager"),
    ("Truck Driver", None, None),
    ("Accountant", None, None),
    ("Software Engineer II", "software-developer", "mid"),
    ("Software Engineer 2", "software-developer", "mid"),
    ("SWE", "software-developer", None),
    ("SDET", "qa-engineer", None),
    ("Software Engineer in Test", "qa-engineer", None),
    ("QA Automation Eng", "qa-engineer", None),
    ("Senior PM", "product-manager", "senior"),
    ("Product Manager", "product-manager", None),
    ("TPM", "technical-program-manager", None),
    ("Sr. DBA", "database-administrator", "senior"),
    ("BI Developer", "business-intelligence-analyst", None),
    ("UX/UI Designer", "ux-designer", None),
    ("Senior DevOps Engineer (Hybrid) - R12345", "devops-engineer", "senior"),
    ("Java/Python Developer", "software-developer", None),
    ("Assoc. Product Manager", "product-manager", "junior"),
    ("Full-Stack Engineer", "web-developer", None),
    ("iOS Engineer", "mobile-developer", None),
    ("Android Dev", "mobile-developer", None),
    ("Lead Data Engineer", "data-engineer", "lead"),
    ("Help Desk Technician I", "it-support-specialist", "junior"),
    ("Technical Writer III", "technical-writer", "senior"),
    ("Cloud Architect (AWS)", "cloud-solutions-architect", None),
    ("Penetration Tester", "penetration-tester", None),
    ("Site Reliability Engineer", "site-reliability-engineer", None),
    ("Embedded Software Engineer", "embedded-engineer", None),
    ("Solidity Developer", "blockchain-developer", None),
    ("Senior Consultant (ETL Developer)", "data-engineer", "senior"),
]


@pytest.mark.parametrize(("title", "role", "seniority"), CASES)
def test_examples(title: str, role: str | None, seniority: str | None) -> None:
    match = classify_title(title)
    assert (match.role, match.seniority) == (role, seniority), match.evidence


@pytest.mark.parametrize(
    "title",
    [
        "senior data scientist",
        "SENIOR DATA SCIENTIST",
        "Senior  Data-Scientist",
        "Sr Data Scientist!!",
        "Snr. data scientist",
    ],
)
def test_casing_and_punctuation(title: str) -> None:
    match = classify_title(title)
    assert (match.role, match.seniority) == ("data-scientist", "senior")


def test_every_catalog_title_and_alias_maps_to_its_role() -> None:
    for role in load_catalog().roles:
        for name in (role.title, *role.aliases):
            assert classify_title(name).role == role.id, name


def test_exact_alias_is_confident_and_names_its_evidence() -> None:
    match = classify_title("Sr. ML Eng II (Remote)")
    assert match.confidence >= 0.9
    assert "alias 'ml engineer' (catalog)" in match.evidence
    assert "(remote)" in match.evidence and "ii" in match.evidence
    assert match.normalised == "ml engineer"
    assert match.title == "Sr. ML Eng II (Remote)"


def test_outside_evidence_names_the_occupation() -> None:
    match = classify_title("Registered Nurse")
    assert match.role is None
    assert "outside the catalog" in match.evidence


def test_loose_match_is_less_confident_than_exact() -> None:
    exact = classify_title("Software Developer")
    loose = classify_title("Teradata Developer")
    assert loose.role == "software-developer"
    assert loose.confidence < exact.confidence
    assert loose.method == "phrase"


def test_unknown_words_give_no_role() -> None:
    match = classify_title("Zorblax Qwibble")
    assert match.role is None
    assert match.method == "none"
    assert classify_title("").role is None
    assert classify_title("(Remote)").normalised == ""


def test_description_breaks_ties() -> None:
    plain = classify_title("Engineer")
    assert plain.role is None
    ml = classify_title(
        "Engineer", "You will train deep learning models in PyTorch and deploy them with MLOps pipelines."
    )
    assert ml.role == "ml-engineer"
    assert "description words" in ml.evidence
    ops = classify_title(
        "Engineer", "Own our Kubernetes clusters, Terraform modules, Jenkins and CI/CD pipelines."
    )
    assert ops.role in {"devops-engineer", "site-reliability-engineer", "cloud-engineer"}
    # an exact, unambiguous title is not overturned by the description
    same = classify_title("Data Analyst", "We train deep learning models in PyTorch.")
    assert same.role == "data-analyst"


def test_contract_keys() -> None:
    match = classify_title("Senior Data Scientist - NLP")
    contract = match.contract()
    assert list(contract) == ["role", "seniority", "confidence"]
    assert contract == {"role": "data-scientist", "seniority": "senior", "confidence": match.confidence}
    assert isinstance(match, TitleMatch)
    with pytest.raises(Exception, match="frozen"):
        match.role = "x"  # type: ignore[misc]


def test_input_limits() -> None:
    with pytest.raises(InputError, match="limit"):
        classify_title("x" * (MAX_TITLE_CHARS + 1))
    with pytest.raises(InputError) as info:
        classify_title("Engineer " * 100)
    assert "\n" not in str(info.value)


def test_seniorities_are_from_the_list() -> None:
    for title, *_ in CASES:
        seniority = classify_title(title).seniority
        assert seniority is None or seniority in SENIORITIES
    assert 0.0 <= classify_title("Developer").confidence <= 1.0


def test_deterministic() -> None:
    titles = [title for title, *_ in CASES]
    first = [classify_title(t).model_dump() for t in titles]
    second = [classify_title(t, None).model_dump() for t in reversed(titles)]
    assert first == list(reversed(second))
    assert normalise_title("Sr. ML Eng II (Remote)") == normalise_title("senior machine learning engineer")


def test_index_metadata() -> None:
    index = load_title_index()
    assert index.roles == tuple(r.id for r in load_catalog().roles)
    licences = " ".join(s["licence"] + " " + s.get("attribution", "") for s in index.meta["sources"])
    assert "O*NET 28.0 Database, USDOL/ETA" in licences
    assert "ESCO, European Commission" in licences
    assert index.meta["counts"]["outside_titles"] > 10_000
