"""Personal pay estimates from the bundled pay_model.json (no ../shared data needed)."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from payband.advice.pay_core import _round10
from payband.advice.paymodel import (
    PayEstimate,
    PayModel,
    estimate_from_band,
    estimate_p50,
    estimate_pay,
    load_pay_model,
)
from payband.errors import InputError, NotFound
from payband.pay.bands import pay
from payband.reference.catalog import find_role
from payband.reference.skills import load_skills

ORDER = ("p10", "p25", "p50", "p75", "p90")


def _values(est: PayEstimate) -> list[int]:
    values = [est.value(p) for p in ORDER]
    assert all(v is not None for v in values)
    return [v for v in values if v is not None]


def test_contract_has_exactly_the_cli_keys() -> None:
    est = estimate_pay("data-scientist", "Seattle", years=6, skills=["python"])
    doc = est.contract()
    assert set(doc) == {"p10", "p25", "p50", "p75", "p90", "soc", "area_code", "factors"}
    assert (doc["soc"], doc["area_code"]) == ("15-2051", "0042660")
    assert all(
        {"name", "kind", "log_effect", "multiplier", "n", "se", "source", "note"} <= set(f)
        for f in doc["factors"]
    )


@pytest.mark.parametrize(
    "role", ["data-scientist", "ml-engineer", "it-support-specialist", "blockchain-developer"]
)
def test_more_experience_never_lowers_the_estimate(role: str) -> None:
    previous = [0] * 5
    for years in [0, 0.5, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 15, 20, 25, 30, 40]:
        values = _values(estimate_pay(role, "national", years=years))
        assert all(v >= p for v, p in zip(values, previous, strict=True)), (role, years)
        previous = values
    levels = [estimate_pay(role, level=lv).p50 or 0 for lv in ("EN", "MI", "SE", "EX")]
    assert levels == sorted(levels)


@pytest.mark.parametrize("years", [None, 0, 3, 8, 25])
def test_percentiles_are_ordered(years: float | None) -> None:
    values = _values(estimate_pay("cybersecurity-architect", "Texas", years=years, skills=["kubernetes"]))
    assert values == sorted(values)
    assert len(set(values)) == 5


def test_factors_multiply_to_the_median() -> None:
    est = estimate_pay("data-engineer", "New York City", years=12, skills=["python", "apache spark", "go"])
    base = est.factors[0]
    assert base.kind == "base" and base.value is not None and base.multiplier is None
    product = base.value * math.prod(f.multiplier or 1.0 for f in est.factors[1:])
    assert est.p50 is not None and abs(product - est.p50) <= 5
    total = sum(f.log_effect or 0.0 for f in est.factors[1:])
    assert math.isclose(math.log(base.value) + total, math.log(est.p50), abs_tol=1e-4)
    assert [f.kind for f in est.factors] == ["base", "role", "experience", "skill", "skill", "skill"]
    assert all(f.source for f in est.factors)


def test_every_factor_names_its_source_and_size() -> None:
    est = estimate_pay("ml-engineer", "national", years=15, skills=["pytorch"])
    role, experience, skill = est.factors[1:]
    assert "CC0" in role.source and role.n and role.n > 1000 and role.se is not None
    assert "Stack Overflow" in experience.source  # past 8 years the survey curve is used
    assert "ODbL" in skill.source and skill.n and skill.n >= load_pay_model().min_n
    assert est.factors[0].source.startswith("BLS OEWS May 2025, 15-1252")


def test_unknown_role_raises_not_found_with_suggestions() -> None:
    with pytest.raises(NotFound) as info:
        estimate_pay("data scienist")
    assert "data-scientist" in info.value.suggestions


def test_unknown_skill_and_bad_inputs_are_clear_errors() -> None:
    with pytest.raises(NotFound, match="unknown skill"):
        estimate_pay("data-scientist", skills=["qwzxv"])
    with pytest.raises(InputError, match="between 0"):
        estimate_pay("data-scientist", years=-1)
    with pytest.raises(InputError, match="not both"):
        estimate_pay("data-scientist", years=3, level="SE")
    with pytest.raises(InputError, match="unknown experience level"):
        estimate_pay("data-scientist", level="guru")


def test_skill_with_little_data_says_so_and_has_no_effect() -> None:
    model = load_pay_model()
    rare = next(s for s, n in sorted(model.skill_counts.items()) if 0 < n < model.min_n)
    without = estimate_pay("software-developer", "national", years=5)
    with_rare = estimate_pay("software-developer", "national", years=5, skills=[rare, "penetration-testing"])
    assert with_rare.p50 == without.p50
    (factor,) = [f for f in with_rare.factors if f.kind == "skill"]
    assert factor.name == "skills without a measured premium (2)"
    assert factor.note is not None and factor.note.startswith("not enough data")
    assert "not asked in the survey: Penetration testing" in factor.note
    rare_label = load_skills().get(rare)
    assert rare_label is not None and f"{rare_label.label} (n={model.skill_counts[rare]})" in factor.note
    assert factor.log_effect == 0.0 and factor.multiplier == 1.0


def test_role_with_little_data_gets_no_premium_and_a_wider_range() -> None:
    est = estimate_pay("blockchain-developer", "national", years=5)
    role = est.factors[1]
    assert role.note is not None and role.note.startswith("not enough data")
    assert role.log_effect == 0.0
    fitted = estimate_pay("software-developer", "national", years=5)  # same SOC 15-1252
    assert est.p50 != fitted.p50
    width = (est.p75 or 0) / (est.p25 or 1)
    assert width > (fitted.p75 or 0) / (fitted.p25 or 1)


def test_unknown_experience_widens_the_range() -> None:
    known = estimate_pay("data-scientist", "national", years=4)
    unknown = estimate_pay("data-scientist", "national")
    assert (unknown.p90 or 0) / (unknown.p10 or 1) > (known.p90 or 0) / (known.p10 or 1)
    assert unknown.factors[2].name == "experience: not given"


def test_area_moves_the_base_to_the_area_median() -> None:
    seattle = estimate_pay("data-scientist", "Seattle", years=4)
    assert seattle.factors[0].value == pay("data-scientist", "Seattle").p50
    assert seattle.area_name.startswith("Seattle")
    assert (seattle.p50 or 0) > (estimate_pay("data-scientist", "national", years=4).p50 or 0)


def test_top_coded_oews_median_stays_marked() -> None:
    role = find_role("data-scientist")
    band = pay("data-scientist", "national").model_copy(
        update={"p50": None, "p75": None, "p90": None, "top_coded": ("p50", "p75", "p90")}
    )
    est = estimate_from_band(role, band, years=5)
    assert est.oews_top_coded == ("p50", "p75", "p90")
    assert est.top_coded == ORDER
    assert est.contract()["p50"] is None and est.p25 is None
    assert est.floors["p50"] >= 239_200 and est.display("p50").startswith("≥ $")
    assert est.factors[0].value == 239_200
    assert est.factors[0].note is not None and "top-codes" in est.factors[0].note


def test_partly_top_coded_band_keeps_its_marks() -> None:
    role = find_role("software-engineering-manager")
    band = pay(role.id, "national").model_copy(update={"p90": None, "top_coded": ("p90",)})
    est = estimate_from_band(role, band, years=10)
    assert est.oews_top_coded == ("p90",) and est.top_coded == ()
    assert est.p90 is not None and est.factors[0].note is not None and "p90" in est.factors[0].note


def test_estimates_are_deterministic() -> None:
    first = estimate_pay("site-reliability-engineer", "Texas", years=7, skills=["go", "kubernetes"])
    second = estimate_pay("site-reliability-engineer", "Texas", years=7, skills=["kubernetes", "go"][::-1])
    assert first == second
    assert first.contract() == second.contract()


def test_bundled_model_carries_provenance() -> None:
    model = load_pay_model()
    prov = model.provenance
    assert prov["script"] == "scripts/fit_pay_model.py"
    assert prov["train_until"] is None  # the product's model is fit on all years
    licences = " ".join(s["licence"] for s in prov["sources"])
    assert "CC0" in licences and "ODbL" in licences
    assert model.n_cc0 > 10_000 and model.n_so > 1_000


def _fit_module() -> Any:
    script = Path(__file__).resolve().parents[1] / "scripts" / "fit_pay_model.py"
    spec = importlib.util.spec_from_file_location("fit_pay_model_for_tests", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_fitter_recovers_median_level_effects_despite_outliers() -> None:
    """Synthetic rows (no shared data): level effects by median regression, monotone, usable model."""
    fit = _fit_module()
    rng = np.random.default_rng(5)
    oews = {"data-scientist": ("15-2051", 120_230.0), "ml-engineer": ("15-1252", 135_980.0)}
    truth = {"EN": -0.2, "MI": 0.0, "SE": 0.2, "EX": 0.4}
    premium = {"data-scientist": 0.1, "ml-engineer": 0.15}
    rows = []
    for i in range(4000):
        role = "data-scientist" if i % 2 else "ml-engineer"
        level = ("EN", "MI", "SE", "SE", "EX")[i % 5]
        year = 2022 if i < 1500 else 2023
        noise = rng.laplace(0.0, 0.2) + (1.5 if rng.random() < 0.08 else 0.0)  # one-sided outliers
        log = math.log(oews[role][1]) + premium[role] + truth[level] + noise
        salary = min(max(math.exp(log), 10_000.0), 1_000_000.0)
        rows.append(fit.Cc0Row("aijobs", year, level, role, salary))
    lad = fit.PayModelFitter().fit(rows, [], oews)
    ols = fit.PayModelFitter(level_fit="ols").fit(rows, [], oews)
    levels = [lad.level_effects_[lv] for lv in ("EN", "MI", "SE", "EX")]
    assert levels == sorted(levels)
    for lv, value in truth.items():
        assert abs(lad.level_effects_[lv] - value) < 0.03, (lv, lad.level_effects_[lv])
    assert abs(lad.year_effects_[2022]) < 0.03
    err_lad = sum(abs(lad.level_effects_[lv] - v) for lv, v in truth.items())
    err_ols = sum(abs(ols.level_effects_[lv] - v) for lv, v in truth.items())
    assert err_lad <= err_ols
    model = PayModel.from_document(lad.document({}))
    est = estimate_pay("data-scientist", "national", level="SE", model=model)
    assert est.p50 is not None and est.factors[2].log_effect == pytest.approx(
        lad.level_effects_["SE"], abs=1e-5
    )


def test_validate_measures_a_candidate_input_on_the_training_years_only() -> None:
    """Synthetic rows: a planted company-size effect lowers the validation error; 2024 rows are unused."""
    fit = _fit_module()
    rng = np.random.default_rng(7)
    oews = {"data-scientist": ("15-2051", 120_230.0)}
    size_effect = {"S": -0.4, "M": 0.0, "L": 0.3}
    rows = []
    for i in range(6000):
        year = (2021, 2022, 2023, 2024)[i % 4]
        level = ("EN", "MI", "SE")[i % 3]
        size = ("S", "M", "L")[int(rng.integers(3))]
        log = math.log(oews["data-scientist"][1]) + 0.2 * (i % 3) + size_effect[size] + rng.normal(0.0, 0.1)
        salary = 5_000_000.0 if year == 2024 else math.exp(log)  # test-year rows must not matter
        rows.append(
            fit.Cc0Row("aijobs", year, level, "data-scientist", salary, None, size, 0, "Data Scientist")
        )
    table = fit.validate(rows, [], oews, min_n=30)
    by = {(t["validate"], t["level_known"], t["inputs"]): t["mdape_p50"] for t in table}
    assert {t["validate"] for t in table} == {2022, 2023}
    for year in (2022, 2023):
        assert by[(year, True, "company_size")] < by[(year, True, "model")] / 2
        assert by[(year, True, "remote_ratio")] == pytest.approx(by[(year, True, "model")], abs=0.02)
        assert by[(year, True, "model")] < 1.0  # the 2024 salaries were never seen


def test_model_variants_reproduce_the_model_and_see_a_planted_role_level_effect() -> None:
    """Synthetic rows: the "model" variant equals PayModelFitter, a planted role × level effect is
    found by the role × level variant, and the validation years' rows are the only ones scored."""
    fit = _fit_module()
    rng = np.random.default_rng(11)
    oews = {"data-scientist": ("15-2051", 120_230.0), "ml-engineer": ("15-1252", 135_980.0)}
    rows = []
    for i in range(8000):
        role = "data-scientist" if i % 2 else "ml-engineer"
        level = ("EN", "MI", "SE", "SE")[int(rng.integers(4))]
        year = (2021, 2022, 2022, 2023, 2023, 2023, 2023, 2024)[int(rng.integers(8))]
        planted = 0.4 if (role, level) == ("ml-engineer", "SE") else 0.0
        log = math.log(oews[role][1]) + 0.2 * ("EN", "MI", "SE").index(level) + planted
        salary = 5_000_000.0 if year == 2024 else math.exp(log + rng.normal(0.0, 0.1))
        rows.append(fit.Cc0Row("aijobs", year, level, role, salary))
    plain = fit.PayModelFitter(train_until=2022).fit(rows, [], oews)
    same = fit.CandidateFitter(fit.Variant(), train_until=2022).fit(rows, [], oews)
    assert same.level_effects_ == plain.level_effects_ and same.spread_ == plain.spread_
    for role in oews:
        assert same.role_premiums_[role]["log"] == pytest.approx(plain.role_premiums_[role]["log"], abs=1e-12)
    variants = {"model": fit.Variant(), "role × level": fit.Variant(role_level_min_n=30)}
    table = fit.validate_variants(rows, [], oews, variants=variants, resamples=20)
    by = {(t["validate"], t["variant"]): t for t in table}
    assert {t["validate"] for t in table} == {2022, 2023}
    for year in (2022, 2023):
        assert by[(year, "role × level")]["mdape_p50"] < 0.8 * by[(year, "model")]["mdape_p50"]
        assert by[(year, "role × level")]["diff"] < 0 and by[(year, "model")]["diff"] == 0.0
        assert by[(year, "model")]["mdape_p50"] < 1.0  # the 2024 salaries were never seen
        assert 0.0 <= by[(year, "role × level")]["cover_p25_p75"] <= 1.0


@pytest.mark.parametrize("bad", [[{"a": 1}], [3], ["  "], [["python"]]])
def test_a_skill_that_is_not_a_name_is_an_input_error(bad: list[Any]) -> None:
    with pytest.raises(InputError, match="a skill must be a non-empty name"):
        estimate_pay("data-scientist", "national", years=5, skills=bad)


def test_the_same_skills_give_the_same_factors_in_every_role() -> None:
    skills = ["python", "kubernetes", "causal-inference", "python"]
    for role in ("data-scientist", "ml-engineer", "site-reliability-engineer"):
        first = estimate_pay(role, "national", years=5, skills=skills)
        again = estimate_pay(role, "national", years=5, skills=list(reversed(skills)))
        names = sorted(f.name for f in first.factors if f.kind == "skill")
        assert names == sorted(f.name for f in again.factors if f.kind == "skill")
        assert first.p50 == again.p50


@pytest.mark.parametrize("years", ["3", b"3", [3], 3j])
def test_years_that_are_not_a_number_are_an_input_error(years: Any) -> None:
    """The entry points stay plain Python over the compiled arithmetic, so a wrong type is still the
    InputError that names it (a compiled function would refuse it with its own TypeError first)."""
    role = find_role("data-scientist")
    band = pay("data-scientist", "national")
    with pytest.raises(InputError, match="must be a number"):
        estimate_pay("data-scientist", "national", years)
    with pytest.raises(InputError, match="must be a number"):
        estimate_from_band(role, band, years=years)
    with pytest.raises(InputError, match="must be a number"):
        estimate_p50(role, band, years=years)


def test_round10_is_round_to_the_nearest_ten() -> None:
    """The compiled arithmetic rounds with floor: the same figures as round(value / 10) * 10, ties
    to the even ten included."""
    rng = np.random.default_rng(3)
    values = [*rng.uniform(0.0, 1e6, 20_000), *rng.lognormal(11.5, 1.0, 20_000)]
    values += [10.0 * k + 5.0 for k in range(200)] + [0.0, 4.999999999999999, 5.0, 15.0, 1e17, 2.0**53]
    values += [math.nextafter(v, 0.0) for v in values[-210:]] + [
        math.nextafter(v, 1e18) for v in values[-210:]
    ]
    assert all(_round10(v) == round(v / 10.0) * 10 for v in values)
