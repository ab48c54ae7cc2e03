"""Salary text parsing: real cases, every Glassdoor dev string, property tests, postings, limits."""

from __future__ import annotations

import csv
import json
import math
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from payband.errors import DataError, InputError
from payband.text.salary import (
    ANNUAL_FACTORS,
    MAX_SALARY_CHARS,
    SalaryParse,
    find_salaries,
    html_to_text,
    load_fx,
    parse_salary,
)

FIXTURE = Path(__file__).parent / "fixtures" / "glassdoor_salaries.csv"
NBSP = "\u00a0"

# text -> (min, max, period, currency, estimate)
CASES: dict[str, tuple[float | None, float | None, str, str, bool]] = {
    "$120k–$150k": (120_000, 150_000, "year", "USD", False),
    "USD 60/hr": (60, 60, "hour", "USD", False),
    "£45,000 - £55,000 per annum": (45_000, 55_000, "year", "GBP", False),
    "$17-$24 Per Hour(Glassdoor est.)": (17, 24, "hour", "USD", True),
    "up to $210,000 DOE": (None, 210_000, "year", "USD", False),
    "$120,000+": (120_000, None, "year", "USD", False),
    "Employer Provided Salary:$150K-$160K": (150_000, 160_000, "year", "USD", False),
    "$53K-$91K (Glassdoor est.)": (53_000, 91_000, "year", "USD", True),
    "$110K-$150K(Employer est.)": (110_000, 150_000, "year", "USD", False),
    "€55.000–€65.000 brutto/Jahr": (55_000, 65_000, "year", "EUR", False),
    "CHF 120'000": (120_000, 120_000, "year", "CHF", False),
    "CHF 120’000": (120_000, 120_000, "year", "CHF", False),
    "₹18,00,000 - ₹25,00,000 per annum": (1_800_000, 2_500_000, "year", "INR", False),
    "8 000 – 9 500 zł / mies.": (8_000, 9_500, "month", "PLN", False),
    "8\u00a0000\u00a0–\u00a09\u00a0500\u00a0zł / mies.": (8_000, 9_500, "month", "PLN", False),
    "¥6,000,000": (6_000_000, 6_000_000, "year", "JPY", False),
    "SEK 45 000/mån": (45_000, 45_000, "month", "SEK", False),
    "$150k base + 20% bonus": (150_000, 150_000, "year", "USD", False),
    "$65/hour, 1099": (65, 65, "hour", "USD", False),
    "$150k-$120k": (120_000, 150_000, "year", "USD", False),
    "$45": (45, 45, "hour", "USD", False),
    "$85K": (85_000, 85_000, "year", "USD", False),
    "$120-150k": (120_000, 150_000, "year", "USD", False),
    "$120,000 - $150,000 CAD": (120_000, 150_000, "year", "CAD", False),
    "CA$80,000 a year": (80_000, 80_000, "year", "CAD", False),
    "A$95k - A$110k + super": (95_000, 110_000, "year", "AUD", False),
    "between £50,000 and £70,000": (50_000, 70_000, "year", "GBP", False),
    "from $90k": (90_000, None, "year", "USD", False),
    "Starting at $22.50/hr": (22.5, None, "hour", "USD", False),
    "$17.50 - $20.00 an hour": (17.5, 20, "hour", "USD", False),
    "$80,000.00 to $150,000.00 /year": (80_000, 150_000, "year", "USD", False),
    "$4,000 - $5,500 a month": (4_000, 5_500, "month", "USD", False),
    "€3.500 brutto/Monat": (3_500, 3_500, "month", "EUR", False),
    "1,5k€/mois": (1_500, 1_500, "month", "EUR", False),
    "45.000,50 € pro Jahr": (45_000.5, 45_000.5, "year", "EUR", False),
    "£500 per day": (500, 500, "day", "GBP", False),
    "$2,000 per week": (2_000, 2_000, "week", "USD", False),
    "£45k pa": (45_000, 45_000, "year", "GBP", False),
    "€50k p.a.": (50_000, 50_000, "year", "EUR", False),
    "12-18 LPA": (1_200_000, 1_800_000, "year", "INR", False),
    "60-80k per year": (60_000, 80_000, "year", "USD", False),
    "Salary: 60-80k": (60_000, 80_000, "year", "USD", False),
    "USD $100,000": (100_000, 100_000, "year", "USD", False),
    "JPY 600万円": (6_000_000, 6_000_000, "year", "JPY", False),
    "$1.2M": (1_200_000, 1_200_000, "year", "USD", False),
    "Estimated: $70,000 - $90,000 a year": (70_000, 90_000, "year", "USD", True),
    "PLN 12 000 - 15 000 brutto miesięcznie": (12_000, 15_000, "month", "PLN", False),
    "NOK 650 000 per år": (650_000, 650_000, "year", "NOK", False),
    "15 € de l'heure": (15, 15, "hour", "EUR", False),
    "£2,500 pcm": (2_500, 2_500, "month", "GBP", False),
    "€40.000 anual": (40_000, 40_000, "year", "EUR", False),
    "Hourly rate: $35": (35, 35, "hour", "USD", False),
    "Annual salary: €48k": (48_000, 48_000, "year", "EUR", False),
}

NO_PAY = [
    "",
    "-1",
    "Negotiable",
    "Competitive salary",
    "DOE",
    "401(k)",
    "401(k) match up to 6%",
    "$5M Series A",
    "Top 100 company",
    "10+ years",
    "5+ years of experience",
    "call 555-1234",
    "$50 gift card",
    "$70 billion in payments",
    "$24B in coverage",
    "raised $139MM in venture capital",
    "$1,500/yr learning budget",
    "20% bonus",
    "Founded 1999",
    "12345",
    "40 hours per week",
    "Salary: depends on 5 years experience",
    "Team of 200 employees a year",
    None,
]


def fixture_rows() -> list[dict[str, str]]:
    with FIXTURE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def key(p: SalaryParse | None) -> tuple[Any, ...] | None:
    return None if p is None else (p.min, p.max, p.period, p.currency, p.estimate)


# --- real cases ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), list(CASES.items()))
def test_real_cases(text: str, expected: tuple[Any, ...]) -> None:
    assert key(parse_salary(text)) == expected


@pytest.mark.parametrize("text", NO_PAY)
def test_no_pay_gives_none(text: str | None) -> None:
    assert parse_salary(text) is None


def test_flags_and_inference() -> None:
    swapped = parse_salary("$150k-$120k")
    assert swapped is not None and "swapped-range" in swapped.flags
    inferred = parse_salary("$85K")
    assert inferred is not None and inferred.period_inferred and "period-inferred" in inferred.flags
    hourly = parse_salary("$45")
    assert hourly is not None and hourly.period == "hour" and hourly.period_inferred
    stated = parse_salary("$45 per hour")
    assert stated is not None and not stated.period_inferred and stated.flags == ()
    assumed = parse_salary("60-80k per year")
    assert assumed is not None and "currency-assumed-usd" in assumed.flags
    contractor = parse_salary("$65/hour, 1099")
    assert contractor is not None and "contractor-1099" in contractor.flags


def test_implausible_labels_are_corrected_and_flagged() -> None:
    hourly = parse_salary("$45 per year")
    assert hourly is not None
    assert (hourly.period, hourly.annual_max_usd) == ("hour", 45 * 2080)
    assert "implausible-hourly-labelled-annual" in hourly.flags
    annual = parse_salary("$85,000 per hour")
    assert annual is not None
    assert (annual.period, annual.annual_max_usd) == ("year", 85_000)
    assert "implausible-annual-labelled-hourly" in annual.flags


def test_monthly_pay_is_not_read_as_annual() -> None:
    for text in ("SEK 45 000/mån", "€3.500 brutto/Monat", "$5,000/month", "8 000 – 9 500 zł / mies."):
        p = parse_salary(text)
        assert p is not None and p.period == "month", text
        assert p.annual_max == p.max * 12  # type: ignore[operator]


def test_extras_are_reported_not_added() -> None:
    bonus = parse_salary("$150k base + 20% bonus")
    assert bonus is not None and bonus.max == 150_000
    assert [(e.kind, e.percent) for e in bonus.extras] == [("bonus", 20.0)]
    ote = parse_salary("$180K OTE")
    assert ote is not None
    assert (ote.min, ote.max, ote.annual_max_usd) == (None, None, None)
    assert "ote-only-no-base" in ote.flags
    assert [(e.kind, e.value) for e in ote.extras] == [("ote", 180_000)]
    mixed = parse_salary("$100k base, $150k OTE, equity")
    assert mixed is not None and (mixed.min, mixed.max) == (100_000, 100_000)
    assert {(e.kind, e.value) for e in mixed.extras} == {("ote", 150_000), ("equity", None)}
    signing = parse_salary("$120,000/year plus $10,000 signing bonus")
    assert signing is not None and signing.max == 120_000
    assert [(e.kind, e.value) for e in signing.extras] == [("bonus", 10_000)]


def test_contract_has_exactly_the_cli_keys() -> None:
    p = parse_salary("$53K-$91K (Glassdoor est.)")
    assert p is not None
    assert p.contract() == {
        "min": 53000,
        "max": 91000,
        "period": "year",
        "currency": "USD",
        "annual_min_usd": 53000,
        "annual_max_usd": 91000,
        "estimate": True,
    }
    json.dumps(p.contract())  # serialisable as is


def test_fast_construction_equals_validated_model() -> None:
    p = parse_salary("€55.000–€65.000 brutto/Jahr + 10% bonus")
    assert p is not None
    again = SalaryParse.model_validate(p.model_dump())
    assert again == p
    assert again.model_dump() == p.model_dump()
    with pytest.raises(Exception):  # noqa: B017 - frozen: pydantic raises ValidationError
        p.min = 1.0  # type: ignore[misc]


# --- annualisation and USD ----------------------------------------------------------------------


def test_annualisation_factors() -> None:
    assert ANNUAL_FACTORS == {"hour": 2080, "day": 260, "week": 52, "month": 12, "year": 1}
    for text, factor in (
        ("$20/hr", 2080),
        ("$300 per day", 260),
        ("$1,500 per week", 52),
        ("$6,000/month", 12),
    ):
        p = parse_salary(text)
        assert p is not None and p.annual_min == p.min * factor  # type: ignore[operator]


def test_usd_conversion_uses_the_dated_table() -> None:
    fx = load_fx()
    assert fx.rate_date == "2026-10-30"
    assert "European Central Bank" in fx.source
    assert fx.usd_per_unit["USD"] == 1.0
    for code in ("USD", "EUR", "GBP", "CAD", "AUD", "INR", "CHF", "SEK", "PLN", "JPY"):
        assert fx.usd_per_unit[code] > 0
    p = parse_salary("£45,000 - £55,000 per annum")
    assert p is not None
    assert p.annual_min_usd == round(45_000 * fx.usd_per_unit["GBP"])
    assert p.annual_max_usd == round(55_000 * fx.usd_per_unit["GBP"])
    assert (p.fx_date, p.fx_source) == (fx.rate_date, fx.source)
    monthly = parse_salary("8 000 – 9 500 zł / mies.")
    assert monthly is not None and monthly.annual_min_usd == round(8_000 * 12 * fx.usd_per_unit["PLN"])


def test_bundled_table_matches_the_ecb_cross_rates() -> None:
    from importlib import resources

    ref = resources.files("payband.reference").joinpath("data", "fx_rates.json")
    raw = json.loads(ref.read_text("utf-8"))
    usd_per_eur = raw["rates"]["USD"]["per_eur"]
    for code, row in raw["rates"].items():
        assert math.isclose(row["units_per_usd"], row["per_eur"] / usd_per_eur, rel_tol=1e-9), code
        assert math.isclose(row["usd_per_unit"] * row["units_per_usd"], 1.0, rel_tol=1e-9), code


def test_missing_fx_table_is_a_data_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("payband.text.salary.resources.files", lambda _package: tmp_path)
    load_fx.cache_clear()
    try:
        with pytest.raises(DataError, match=r"fx_rates\.json"):
            load_fx()
    finally:
        monkeypatch.undo()
        load_fx.cache_clear()
    assert load_fx().rate_date


# --- every Glassdoor dev string -----------------------------------------------------------------


def test_fixture_covers_the_dev_strings() -> None:
    rows = fixture_rows()
    assert len(rows) == 417
    assert len({r["text"] for r in rows}) == 417


@pytest.mark.parametrize("row", fixture_rows(), ids=lambda r: r["text"])
def test_glassdoor_fixture(row: dict[str, str]) -> None:
    p = parse_salary(row["text"])
    if row["period"] == "":
        assert p is None
        return
    assert p is not None
    assert (p.min, p.max, p.period, p.currency, p.estimate) == (
        float(row["min"]),
        float(row["max"]),
        row["period"],
        row["currency"],
        row["estimate"] == "true",
    )


# --- property tests -----------------------------------------------------------------------------

PREFIXES = {
    "USD": ["$", "USD ", "US$", "USD $"],
    "EUR": ["€", "EUR ", "€ "],
    "GBP": ["£", "GBP "],
    "CAD": ["C$", "CAD ", "CA$"],
    "AUD": ["A$", "AUD ", "AU$"],
    "INR": ["₹", "INR ", "Rs. ", "Rs "],
    "CHF": ["CHF ", "Fr. "],
    "SEK": ["SEK "],
    "PLN": ["PLN "],
    "JPY": ["¥", "JPY "],
}
SUFFIXES = {
    "USD": [" USD"],
    "EUR": ["€", " €", " EUR", " euros"],
    "GBP": [" GBP"],
    "CAD": [" CAD"],
    "AUD": [" AUD"],
    "INR": [" INR"],
    "CHF": [" CHF"],
    "SEK": [" SEK", " kr"],
    "PLN": [" zł", " PLN"],
    "JPY": ["円", " JPY"],
}
PERIODS = {
    "hour": [" per hour", "/hr", "/hour", " an hour", " hourly"],
    "day": [" per day", "/day", " a day", " daily"],
    "week": [" per week", "/week", " a week", " weekly"],
    "month": [" per month", "/month", " a month", " monthly", "/mo"],
    "year": [" per year", "/yr", " a year", " per annum", " annually", " p.a."],
}
# USD-equivalent bands per period that are clearly plausible (no implausibility correction).
USD_BANDS = {
    "hour": (8.0, 250.0),
    "day": (100.0, 1_500.0),
    "week": (400.0, 5_000.0),
    "month": (1_200.0, 20_000.0),
    "year": (20_000.0, 1_000_000.0),
}
SEPARATORS = ["-", " - ", "–", " – ", "—", " to ", f"{NBSP}-{NBSP}", " – "]


def render(n: int, style: str, currency: str) -> str:
    """Write an integer amount in one of the conventions people use."""
    if n < 1000 or style == "plain":
        return str(n)
    if style == "k" and n % 1000 == 0:
        return f"{n // 1000}{'k'}"
    if style == "K" and n % 1000 == 0:
        return f"{n // 1000}K"
    if style == "M" and n % 100_000 == 0 and n >= 1_000_000:
        return f"{n / 1_000_000:g}M"
    if style == "indian" and currency == "INR":
        head, tail = str(n)[:-3], str(n)[-3:]
        pairs: list[str] = []
        while len(head) > 2:
            pairs.insert(0, head[-2:])
            head = head[:-2]
        return ",".join([head, *pairs, tail]) if head else tail
    sep = {"comma": ",", "dot": ".", "space": " ", "nbsp": NBSP, "apostrophe": "'", "thin": "\u202f"}.get(
        style, ","
    )
    return f"{n:,}".replace(",", sep)


STYLES = ["plain", "comma", "dot", "space", "nbsp", "apostrophe", "thin", "k", "K", "M", "indian"]


@st.composite
def salary_texts(draw: st.DrawFn) -> tuple[str, int, int, str, str]:
    fx = load_fx()
    currency = draw(st.sampled_from(sorted(PREFIXES)))
    period = draw(st.sampled_from(sorted(PERIODS)))
    lo_usd, hi_usd = USD_BANDS[period]
    rate = fx.usd_per_unit[currency]
    lo_local, hi_local = math.ceil(lo_usd / rate), math.floor(hi_usd / rate)
    style = draw(st.sampled_from(STYLES))
    if style in ("k", "K") and hi_local >= 1000:
        low = draw(st.integers(math.ceil(lo_local / 1000), hi_local // 1000)) * 1000
    else:
        low = draw(st.integers(lo_local, hi_local))
    is_range = draw(st.booleans())
    high = low
    if is_range:
        high = draw(st.integers(low, min(hi_local, low * 3)))
        if style in ("k", "K") and low % 1000 == 0:
            high = max(low, high // 1000 * 1000)
    prefix_form = draw(st.booleans())
    period_text = draw(st.sampled_from(PERIODS[period]))
    a, b = render(low, style, currency), render(high, style, currency)
    if prefix_form:
        pre = draw(st.sampled_from(PREFIXES[currency]))
        both = draw(st.booleans())
        body = f"{pre}{a}" + (
            f"{draw(st.sampled_from(SEPARATORS))}{pre if both else ''}{b}" if is_range else ""
        )
    else:
        post = draw(st.sampled_from(SUFFIXES[currency]))
        body = f"{a}{draw(st.sampled_from(SEPARATORS))}{b}{post}" if is_range else f"{a}{post}"
    return body + period_text, low, high, period, currency


@settings(max_examples=400, deadline=None)
@given(salary_texts())
def test_rendered_salaries_parse_back(case: tuple[str, int, int, str, str]) -> None:
    text, low, high, period, currency = case
    p = parse_salary(text)
    assert p is not None, text
    assert (p.min, p.max, p.period, p.currency) == (low, high, period, currency), text
    assert not p.period_inferred
    factor = ANNUAL_FACTORS[period]
    rate = load_fx().usd_per_unit[currency]
    assert p.annual_min == pytest.approx(low * factor)
    assert p.annual_max_usd == round(round(high * factor, 2) * rate)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Nd", "No", "Nl")), max_size=200))
def test_text_without_digits_states_no_pay(text: str) -> None:
    assert parse_salary(text) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_parses_without_error(text: str) -> None:
    p = parse_salary(text)
    if p is not None:
        assert p.period in ANNUAL_FACTORS
        assert p.min is None or p.max is None or p.min <= p.max
        find_salaries(text)


# --- whole postings -----------------------------------------------------------------------------

POSTING = """Senior Data Scientist - Seattle, WA

We are a fast-growing fintech. We have raised $120M in Series C funding and serve 2 million users.
Our platform processed over $70 billion in payments last year.

What you'll do:
- Build models for fraud detection (5+ years of experience with Python)
- Partner with 10-15 engineers across 3 teams

Compensation
The salary range for this position is $131,000 - $185,000 per year, plus a 15% annual bonus and equity.
Benefits: 401(k) with 4% match, $2,000 annual learning budget, $50 monthly phone stipend, and a
$5,000 sign-on bonus. Call 555-1234 with questions.
"""


def test_find_salaries_in_a_posting() -> None:
    found = find_salaries(POSTING)
    assert len(found) == 1
    mention = found[0]
    assert mention.text == "$131,000 - $185,000 per year"
    start, end = mention.span
    assert POSTING[start:end] == mention.text
    s = mention.parse
    assert (s.min, s.max, s.period, s.currency, s.estimate) == (131_000, 185_000, "year", "USD", False)
    assert ("bonus", 15.0) in [(e.kind, e.percent) for e in s.extras]
    assert "equity" in [e.kind for e in s.extras]


def test_find_salaries_in_html() -> None:
    html = (
        "<html><head><style>p {color: red}</style></head><body><h2>Pay</h2>"
        "<p>Salary:&nbsp;&pound;45,000&nbsp;&ndash;&nbsp;&pound;55,000 per annum</p>"
        "<ul><li>Hourly contractors: <b>$65</b>/hour</li><li>Gift: $50 gift card</li></ul>"
        "<script>var price = '$99';</script></body></html>"
    )
    plain = html_to_text(html)
    assert "<" not in plain and "color" not in plain and "price" not in plain
    found = find_salaries(html)
    assert [(m.parse.min, m.parse.max, m.parse.period, m.parse.currency) for m in found] == [
        (45_000, 55_000, "year", "GBP"),
        (65, 65, "hour", "USD"),
    ]
    for m in found:
        assert plain[m.span[0] : m.span[1]] == m.text


def test_find_salaries_skips_money_that_is_not_pay() -> None:
    text = (
        "We raised $139MM in venture capital. Tuition Reimbursement up to $3K/year. "
        "Annual $2,000 learning budget. $200/month Quality of Life perk. GPA 3.8+: add up to $3k. "
        "Mobile Phone Benefit - $25 per paycheck subsidy. Backed by $93MM in venture funding. "
        "Elite graduates: add up to $3.5k-$5k to high range. A $21B market. 401(k) match."
    )
    assert find_salaries(text) == []


def test_find_salaries_various_statements() -> None:
    text = (
        "Pay: $18.00 - $22.00 per hour.\n"
        "Salary banding between £50,000 and £70,000.\n"
        "Gehalt: 55.000 € - 65.000 € brutto/Jahr\n"
        "Competitive Salary ranging from ($125,000 - $160,000) + discretionary bonus\n"
        "Base salary $140,000; OTE $220,000.\n"
    )
    found = find_salaries(text)
    got = [(m.parse.min, m.parse.max, m.parse.period, m.parse.currency) for m in found]
    assert got == [
        (18, 22, "hour", "USD"),
        (50_000, 70_000, "year", "GBP"),
        (55_000, 65_000, "year", "EUR"),
        (125_000, 160_000, "year", "USD"),
        (140_000, 140_000, "year", "USD"),
    ]
    assert [e.kind for e in found[3].parse.extras] == ["bonus"]


def test_find_salaries_estimate_flag() -> None:
    found = find_salaries("Estimated pay: $53K-$91K (Glassdoor est.) for this role.")
    assert len(found) == 1 and found[0].parse.estimate


# --- limits and robustness ----------------------------------------------------------------------


def test_input_limits() -> None:
    with pytest.raises(InputError) as err:
        parse_salary("$1 " * (MAX_SALARY_CHARS // 3 + 1))
    message = str(err.value)
    assert "\n" not in message and "20,000" in message and "max_chars" in message
    assert parse_salary("$50,000 a year " + " " * 30_000, max_chars=40_000) is not None
    with pytest.raises(InputError, match="1,000"):
        find_salaries("x" * 1001, max_chars=1000)
    with pytest.raises(InputError, match="expects a str"):
        parse_salary(12345)  # type: ignore[arg-type]


ADVERSARIAL = [
    "1," * 9_999,
    "1,11" * 4_999,
    "$" * 19_999,
    "9" * 19_999,
    "1 " * 9_999,
    "1 000" * 3_999,
    "$1-" * 6_666,
    "$1k to " * 2_857,
    "1.000.000," * 1_999,
    "€" + "1'000" * 3_999,
    "up to " * 3_333,
    "per hour " * 2_222,
    "a" * 19_999,
    "(" * 19_999,
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=lambda t: repr(t[:8]))
def test_no_catastrophic_backtracking(text: str) -> None:
    start = time.perf_counter()
    parse_salary(text)
    find_salaries(text * 10)
    assert time.perf_counter() - start < 2.0


def test_find_salaries_skips_texts_whose_amounts_have_no_currency() -> None:
    """A text whose amounts carry no currency (before, after, or an Indian unit) has no pay statement;
    with any currency token the full reading runs."""
    from payband.text.salary.amounts import _MONEY
    from payband.text.salary.candidates import _may_have_currency

    def flags(text: str) -> list[bool]:
        return [_may_have_currency(text, m) for m in _MONEY.finditer(text)]

    assert flags("5+ years, 401(k), 2 days a week, 100% remote") == [False] * 3  # not "100%"
    assert find_salaries("5+ years of SQL, 3 days in office, 401(k) match up to 6%") == []
    for text, amount in (
        ("Salary: $120,000 - $150,000 per year", 120_000),
        ("Pay 120k-150k USD a year", 120_000),
        ("CTC 12 LPA", 1_200_000),
        ("Compensation: EUR 60.000 per year", None),
        ("Salary 55 000 € per year", None),
    ):
        assert any(flags(text)), text
        found = find_salaries(text)
        assert found, text
        if amount is not None and found[0].parse.currency in ("USD", "INR"):
            assert found[0].parse.min == amount
