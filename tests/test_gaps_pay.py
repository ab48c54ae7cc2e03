"""The lean P50 path of gaps (PersonP50, person_p50) against the full estimate, and the report's models."""

from __future__ import annotations

import pytest

from payband.advice.gaps import GapReport, SkillGap, TargetChoice, gaps, person_p50
from payband.advice.paymodel import PersonP50, estimate_p50, estimate_pay, role_band
from payband.advice.profile import Profile
from payband.errors import InputError, NotFound
from payband.memo import question
from payband.reference.catalog import find_role, load_catalog

SKILLS = ("amazon-web-services", "ada", "apl", "excel", "pandas", "python", "sql", "tableau")


@pytest.mark.parametrize("area", ["national", "Seattle", "Seatle", "TX", "Aguadilla, PR"])
@pytest.mark.parametrize("years", [None, 0, 3.5, 8, 12.0, 60])
def test_person_p50_matches_the_full_estimate(area: str, years: float | None) -> None:
    lean = PersonP50(area, years, SKILLS)
    with question():
        for role in load_catalog().roles:
            try:
                band = role_band(role.id, area)
            except NotFound:
                assert lean.at(role.id) is None
                continue
            full = estimate_p50(role, band, years=years, skills=SKILLS)
            assert lean.at(role.id) in (None, full)
            assert person_p50(role.id, area, years, SKILLS) == full
            assert full[0] == estimate_pay(role.id, area, years, SKILLS).value("p50")


def test_person_p50_reports_what_the_full_path_reports() -> None:
    assert PersonP50("national", 3.0, SKILLS).at("data-scientist") is not None  # the lean path answers
    assert PersonP50("national", -1.0, SKILLS).at("data-scientist") is None
    assert PersonP50("Atlantis Zzqx", 3.0, SKILLS).at("data-scientist") is None
    assert PersonP50("national", 3.0, SKILLS).at("Data Scientist") is None  # a title: the long way
    with question():
        with pytest.raises(InputError):
            person_p50("data-scientist", "national", -1.0, SKILLS)
        with pytest.raises(InputError):
            person_p50("data-scientist", "national", True, SKILLS)
        value, lower, note = person_p50("data-scientist", "Atlantis Zzqx", 3.0, SKILLS)
        assert (value, lower) == (None, False) and "Atlantis" in note
        title = person_p50("Data Scientist", "national", 3.0, SKILLS)
        assert title == person_p50("data-scientist", "national", 3.0, SKILLS)
        # True == 1 as a key, but True is no number of years: it shares no table with 1
        assert person_p50("data-scientist", "national", 1, SKILLS)[0] is not None
        with pytest.raises(InputError):
            person_p50("data-scientist", "national", True, SKILLS)
    band = role_band("data-scientist", "national")
    assert person_p50("data-scientist", "national", 3, SKILLS) == estimate_p50(
        find_role("data-scientist"), band, years=3, skills=SKILLS
    )


@pytest.mark.parametrize("target", [None, "ml-engineer"])
def test_the_report_holds_validated_models(target: str | None) -> None:
    profile = Profile.build(None, skills=["python", "sql", "excel", "tableau"], years=2.0)
    report = gaps(profile, target)
    assert isinstance(report, GapReport)
    assert all(isinstance(c, TargetChoice) for c in report.considered)
    assert all(isinstance(g, SkillGap) for g in (*report.skills, *report.multipliers))
    assert GapReport.model_validate_json(report.model_dump_json()) == report
    shown = {g.skill_id: g for g in report.skills}
    assert all(shown[m.skill_id] == m for m in report.multipliers if m.skill_id in shown)
