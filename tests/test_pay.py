"""Pay look-ups through the public API: bands for roles in areas, the ranking, one role's report."""

from __future__ import annotations

import pytest

import payband
from payband.errors import InputError, NotFound
from payband.pay.ranking import claim_verdict
from payband.reference.catalog import ArticleClaim

HEADLINE = [
    "ai-research-scientist", "ml-engineer", "cloud-solutions-architect", "cybersecurity-architect",
    "data-scientist", "devops-engineer", "blockchain-developer", "software-engineering-manager",
    "ai-product-manager", "site-reliability-engineer",
]  # fmt: skip


def test_pay_for_role_in_metro_carries_its_source_line() -> None:
    band = payband.pay("data-scientist", "Seattle")
    assert (band.soc, band.area_code) == ("15-2051", "0042660")
    assert (band.p25, band.p50, band.p75) == (108740, 164740, 210370)
    assert band.source == (
        "BLS OEWS May 2025, 15-2051 Data Scientists, Seattle-Tacoma-Bellevue, WA, RSE 2.0%"
    )
    assert band.top_coded == ()


def test_pay_national_by_default_and_by_soc_code() -> None:
    assert payband.pay("data-scientist").p50 == 120230
    by_code = payband.pay("15-1252", "national")
    assert by_code.p50 == 135980
    assert by_code.role_id is None


def test_pay_accepts_titles_and_aliases() -> None:
    assert payband.pay("Data Scientist", "TX").area_name == "Texas"
    assert payband.pay("data scientist", "texas").role_id == "data-scientist"


def test_top_coded_band_shows_lower_bound() -> None:
    band = payband.pay("29-1022", "Alabama")
    assert band.p50 is None
    assert "p50" in band.top_coded
    assert band.display("p50") == "≥ $239,200"
    assert band.value("p50") == 239200


def test_unknown_role_lists_closest_ids() -> None:
    with pytest.raises(NotFound) as info:
        payband.pay("data scienist", "Seattle")
    assert "data-scientist" in info.value.suggestions


def test_unknown_soc_and_unpublished_cells() -> None:
    with pytest.raises(NotFound, match="not an occupation"):
        payband.pay("15-9999")
    with pytest.raises(NotFound, match="no wage estimate") as info:
        payband.pay("11-1011", "San Jose")
    assert info.value.suggestions[0] == "California"


def test_ambiguous_area_is_an_input_error() -> None:
    with pytest.raises(InputError, match="ambiguous"):
        payband.pay("data-scientist", "Portland")


def test_ranking_covers_every_role_sorted_by_median() -> None:
    ranking = payband.roles()
    assert len(ranking) == len(payband.load_catalog().roles)
    medians = [r.band.value("p50") or 0 for r in ranking]
    assert medians == sorted(medians, reverse=True)
    assert [r.rank for r in ranking] == list(range(1, len(ranking) + 1))


def test_ranking_puts_article_claims_beside_bls() -> None:
    by_id = {r.role_id: r for r in payband.roles()}
    for role_id in HEADLINE:
        row = by_id[role_id]
        assert row.headline and row.claim is not None and row.claim_verdict is not None
        assert row.claim_source and "highest paying tech jobs in 2026" in row.claim_source
    assert by_id["software-developer"].claim is None
    assert by_id["software-developer"].claim_verdict is None


def test_claim_verdict_uses_the_claim_midpoint() -> None:
    band = payband.pay("15-2051")  # P25 85,660, P75 158,880
    assert claim_verdict(ArticleClaim(min=150000, max=200000), band) == "above-p75"
    assert claim_verdict(ArticleClaim(min=60000, max=100000), band) == "below-p25"
    assert claim_verdict(ArticleClaim(min=130000, max=180000), band) == "within-p25-p75"
    assert claim_verdict(None, band) is None


def test_role_report_has_pay_skills_links_and_top_metros() -> None:
    report = payband.role("data-scientist")
    assert report.national.p50 == 120230
    assert len(report.top_metros) == 10
    medians = [b.value("p50") or 0 for b in report.top_metros]
    assert medians == sorted(medians, reverse=True)
    assert all(b.area_type == "metro" for b in report.top_metros)
    assert {"python", "statistics"} <= {s.id for s in report.skills}
    assert all(s.category != "unknown" for s in report.skills)
    assert len(report.multipliers) == 5
    assert report.role.esco_occupations and report.role.onet_soc


def test_loose_soc_match_is_explained() -> None:
    band = payband.pay("ml-engineer")
    assert band.soc_match in {"close", "loose"}
    assert band.soc_reason


def test_misspelt_area_resolves_with_a_note() -> None:
    band = payband.pay("data-scientist", "Seatle")
    assert band.area_code == "0042660"
    assert band.area_note == "read 'Seatle' as Seattle-Tacoma-Bellevue, WA (closest spelling)"
    assert payband.pay("data-scientist", "Seattle").area_note is None
