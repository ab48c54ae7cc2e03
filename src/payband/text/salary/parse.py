"""parse_salary: one salary field ("$53K-$91K (Glassdoor est.)") read into a SalaryParse."""

from __future__ import annotations

from payband.errors import InputError
from payband.text.salary.amounts import _normalise
from payband.text.salary.annualise import _ANNUAL_USD_BOUNDS, _build
from payband.text.salary.candidates import _scan
from payband.text.salary.context import _CONTRACT_1099, _EXTRA_HINT, _estimate, _extras
from payband.text.salary.models import ExtraPay, SalaryParse

#: Longest text parse_salary accepts (a salary field, not a posting).
MAX_SALARY_CHARS = 20_000


def _check(text: object, limit: int, name: str, what: str, fix: str) -> str:
    if not isinstance(text, str):
        raise InputError(f"{name}() expects a str, got {type(text).__name__}; pass the text as a string")
    if len(text) > limit:
        raise InputError(
            f"{what} is {len(text):,} characters, over the limit of {limit:,} for {name}(); {fix}"
        )
    return text


def parse_salary(text: str | None, *, max_chars: int = MAX_SALARY_CHARS) -> SalaryParse | None:
    """Read one salary statement ("$53K-$91K (Glassdoor est.)"); None when it states no pay.

    A bare number needs a pay period or a salary word to count ("60-80k per year", "Salary: 60-80k";
    USD is then assumed and flagged). Raises InputError when the text is not a string or is longer than
    ``max_chars`` (a whole posting belongs in find_salaries).
    """
    if text is None:
        return None
    if text.__class__ is not str or len(text) > max_chars:
        _check(
            text,
            max_chars,
            "parse_salary",
            "salary text",
            "pass max_chars= to raise the limit, or use find_salaries() for a whole posting",
        )
    raw: str = text
    t, low = _normalise(raw)
    cands = _scan(t, low)
    base = ote = None
    for c in cands:
        if c.negative:
            continue
        if c.kind is None:
            # A bare number needs a stated period, or a salary word and a salary-sized value.
            if (
                c.currency is not None
                or c.period is not None
                or (c.salary_word and max(c.lo or 0.0, c.hi or 0.0) >= 1000)
            ):
                base = c
                break
        elif c.kind == "ote" and ote is None and c.currency is not None:
            ote = c
    chosen = base or ote
    if chosen is None:
        return None
    more_flags = ["contractor-1099"] if "1099" in t and _CONTRACT_1099.search(t) else []
    if len(cands) == 1 and base is not None and _EXTRA_HINT.search(low) is None:
        extras: tuple[ExtraPay, ...] = ()
    else:
        extras = _extras(t, low, [c for c in cands if c is not base])
    return _build(chosen, raw, _estimate(low), extras, more_flags, _ANNUAL_USD_BOUNDS, base=base is not None)
