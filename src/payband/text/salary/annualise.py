"""A candidate pay figure as a SalaryParse: currency resolved, period checked or inferred, annualised, USD."""

from __future__ import annotations

from payband.text.salary.fx import load_fx
from payband.text.salary.models import ANNUAL_FACTORS, ExtraPay, SalaryParse, _Candidate, _fast

# Magnitude bands, in USD-equivalent amounts per period, for inferring a missing period and for
# catching a period label that cannot be right.
_HOUR_MAX_USD = 300.0
_HOUR_MIN_USD = 2.0
_MONTH_MIN_USD = 1_000.0
_YEAR_MIN_USD = 10_000.0
_YEAR_MAX_USD = 2_000_000.0
# Any pay figure must annualise into this USD band, or it is not pay (parse_salary / find_salaries).
_ANNUAL_USD_BOUNDS = (100.0, 10_000_000.0)
_MENTION_ANNUAL_USD_BOUNDS = (1_000.0, 5_000_000.0)


def _resolve_currency(cur: str | None, flags: list[str]) -> str:
    if cur is None:
        flags.append("currency-assumed-usd")
        return "USD"
    if cur == "$":
        return "USD"
    if cur == "kr":
        flags.append("kr-read-as-sek")
        return "SEK"
    return cur


def _infer_period(usd: float) -> str | None:
    if _HOUR_MIN_USD <= usd <= _HOUR_MAX_USD:
        return "hour"
    if _MONTH_MIN_USD <= usd < _YEAR_MIN_USD:
        return "month"
    if _YEAR_MIN_USD <= usd <= _YEAR_MAX_USD:
        return "year"
    return None


def _build(
    cand: _Candidate,
    text: str,
    estimate: bool,
    extras: tuple[ExtraPay, ...],
    more_flags: list[str],
    bounds: tuple[float, float],
    base: bool = True,
) -> SalaryParse | None:
    fx = load_fx()
    flags = cand.flags.copy() if cand.flags else []
    currency = "USD" if cand.currency == "$" else _resolve_currency(cand.currency, flags)
    rate = fx.usd_per_unit.get(currency)
    lo, hi = cand.lo, cand.hi
    ref = hi if hi is not None else lo
    if rate is None or ref is None or ref <= 0:
        return None
    usd = ref * rate
    period = cand.period
    inferred = period is None
    if period is None:
        period = _infer_period(usd)
        if period is None:
            return None
        flags.append("period-inferred")
    elif period == "year" and _HOUR_MIN_USD <= usd <= _HOUR_MAX_USD:
        period = "hour"
        flags.append("implausible-hourly-labelled-annual")
    elif period == "hour" and usd >= _YEAR_MIN_USD:
        period = "year"
        flags.append("implausible-annual-labelled-hourly")
    factor = ANNUAL_FACTORS[period]
    if not bounds[0] <= usd * factor <= bounds[1]:
        return None
    if (period == "month" and usd >= 3 * _YEAR_MIN_USD) or (period == "year" and usd < _YEAR_MIN_USD / 2):
        flags.append("implausible-value")
    if not base:
        lo = hi = None
        flags.append("ote-only-no-base")
    flags.extend(more_flags)
    a_lo = None if lo is None else lo if factor == 1 else round(lo * factor, 2)
    a_hi = None if hi is None else hi if factor == 1 else round(hi * factor, 2)
    return _fast(
        SalaryParse,
        {
            "min": lo,
            "max": hi,
            "period": period,
            "currency": currency,
            "estimate": estimate,
            "annual_min": a_lo,
            "annual_max": a_hi,
            "annual_min_usd": None if a_lo is None else round(a_lo * rate),
            "annual_max_usd": None if a_hi is None else round(a_hi * rate),
            "period_inferred": inferred,
            "flags": tuple(flags),
            "extras": extras,
            "text": text,
            "fx_date": fx.rate_date,
            "fx_source": fx.source,
        },
    )
