"""ESCO skill ranking on the bundled index: realistic sentences, exact ESCO labels, determinism, errors."""

from __future__ import annotations

import gzip
import json
from importlib import resources

import pytest

from payband.errors import InputError
from payband.text.esco_rank import (
    MAX_TEXT_CHARS,
    MAX_TOP_K,
    EscoSkillHit,
    rank_esco_skills,
    rank_esco_skills_batch,
)


def _bundled_labels() -> dict[str, str]:
    raw = resources.files("payband.reference.data").joinpath("esco_skills.json.gz").read_bytes()
    return {s["uri"]: s["label"] for s in json.loads(gzip.decompress(raw))["skills"]}


def labels(text: str, k: int = 10) -> list[str]:
    return [h.label for h in rank_esco_skills(text, k)]


def test_bundled_index_is_esco_1_1_1() -> None:
    bundled = _bundled_labels()
    assert len(bundled) == 13_896
    assert all(uri.startswith("http://data.europa.eu/esco/skill/") for uri in bundled)


def test_python_django_sentence() -> None:
    top = labels("Experience with Python and Django REST APIs")
    assert "Python (computer programming)" in top[:3]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("You will write SQL queries against our PostgreSQL databases", "SQL"),
        ("Strong knowledge of JavaScript and modern front-end frameworks", "JavaScript"),
        ("Deploy and operate services on Kubernetes and Docker in the cloud", "deploy cloud resource"),
        ("Excellent written and verbal communication skills in English", "communication"),
        ("You will manage a team of five engineers", "manage a team"),
    ],
)
def test_realistic_sentences(text: str, expected: str) -> None:
    assert expected in labels(text)


def test_hits_carry_exact_esco_labels_and_uris() -> None:
    bundled = _bundled_labels()
    hits = rank_esco_skills("Java developer with Spring Boot and microservices experience", 20)
    assert len(hits) == 20
    for hit in hits:
        assert isinstance(hit, EscoSkillHit)
        assert bundled[hit.uri] == hit.label
        assert "semantic" in hit.signals
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    java = next(h for h in hits if h.label == "Java (computer programming)")
    assert "lexical" in java.signals
    assert java.to_dict()["uri"] == java.uri


def test_passage_covers_several_sentences() -> None:
    ad = (
        "We are hiring a data engineer. You will build data pipelines in Python. "
        "Experience with SQL is required.\nKnowledge of machine learning is a plus."
    )
    top = labels(ad, 20)
    assert "Python (computer programming)" in top
    assert "SQL" in top


def test_deterministic_and_batch_matches_single() -> None:
    texts = ["Experience with Python and Django REST APIs", "Customer service in a busy restaurant", ""]
    first = rank_esco_skills_batch(texts, 10)
    assert first == rank_esco_skills_batch(texts, 10)
    assert first == [rank_esco_skills(t, 10) for t in texts]
    assert first[2] == []


def test_top_k_bounds() -> None:
    assert len(rank_esco_skills("project management", 1)) == 1
    assert len(rank_esco_skills("project management", MAX_TOP_K)) == MAX_TOP_K


@pytest.mark.parametrize("bad_k", [0, -1, MAX_TOP_K + 1, 2.5, True])
def test_bad_top_k(bad_k: object) -> None:
    with pytest.raises(InputError):
        rank_esco_skills("python", bad_k)  # type: ignore[arg-type]


def test_bad_text() -> None:
    with pytest.raises(InputError):
        rank_esco_skills(42)  # type: ignore[arg-type]
    with pytest.raises(InputError):
        rank_esco_skills("x" * (MAX_TEXT_CHARS + 1))
    with pytest.raises(InputError):
        rank_esco_skills_batch("not a list")
    with pytest.raises(InputError):
        rank_esco_skills_batch(["ok", None])  # type: ignore[list-item]
