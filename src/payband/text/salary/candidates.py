"""Amount matches read into candidate pay figures: range or single amounts, currency, multipliers, context."""

from __future__ import annotations

import re

from payband.text.salary.amounts import (
    _CUR_PRE_REVERSED,
    _INDIAN_UNITS,
    _MONEY,
    _MULTIPLIERS,
    _currency,
    _merge_currency,
    _to_number,
)
from payband.text.salary.context import _BETWEEN, _analyse, _Context
from payband.text.salary.models import _Candidate

# Two amounts further apart than this factor are not one range ("$120k - 2 years").
_MAX_RANGE_RATIO = 10.0

_PLAIN_BEFORE_DOLLAR = frozenset(" :(-~/\t\n")
_GI = _MONEY.groupindex
_N1, _S1, _W1, _CS1, _PL1 = (_GI[k] - 1 for k in ("n1", "s1", "w1", "cs1", "pl1"))
_SEP, _CP2, _N2, _S2, _W2, _CS2 = (_GI[k] - 1 for k in ("sep", "cp2", "n2", "s2", "w2", "cs2"))


def _candidates(t: str, low: str, m: re.Match[str]) -> list[_Candidate]:
    """One match of _MONEY read as a range, or as one or two single amounts."""
    g = m.groups()
    start, end = m.span()
    cp1 = None
    if start:
        if t[start - 1] == "$" and (start == 1 or t[start - 2] in _PLAIN_BEFORE_DOLLAR):
            cp1 = "$"  # the common case, without the look-back match
            start -= 1
        else:
            rev = _CUR_PRE_REVERSED.match(t[max(0, start - 10) : start][::-1])
            if rev is not None and rev.end():
                cp1 = rev.group()[::-1]
                start -= rev.end()
    w1 = g[_W1]
    suffix1 = g[_S1] or w1
    mult1 = None if suffix1 is None else _MULTIPLIERS.get(suffix1.lower(), 1.0)
    n1 = _to_number(g[_N1], mult1 is not None)
    cur1 = _currency(cp1) if g[_CS1] is None else _merge_currency(_currency(cp1), _currency(g[_CS1]))
    if cur1 is None and w1 is not None and w1.lower() in _INDIAN_UNITS:
        cur1 = "INR"
    v1 = n1 if mult1 is None else n1 * mult1
    plus1 = g[_PL1] is not None
    raw2 = g[_N2]
    if raw2 is None:
        return [_single(low, start, end, v1, cur1, plus1, "year" if w1 == "LPA" else None)]
    w2 = g[_W2]
    period = "year" if "LPA" in (w1, w2) else None  # lakhs per annum
    suffix2 = g[_S2] or w2
    mult2 = None if suffix2 is None else _MULTIPLIERS.get(suffix2.lower(), 1.0)
    n2 = _to_number(raw2, mult2 is not None)
    cp2 = g[_CP2]
    cur2 = _merge_currency(_currency(cp2), _currency(g[_CS2]))
    if cur2 is None and w2 is not None and w2.lower() in _INDIAN_UNITS:
        cur2 = "INR"
    lo, hi = v1, n2 if mult2 is None else n2 * mult2
    # "$120-150k": a multiplier written once applies to both ends.
    if mult2 is not None and mult1 is None and n1 < 1000 and n1 * mult2 <= hi * _MAX_RANGE_RATIO:
        lo = n1 * mult2
    elif mult1 is not None and mult2 is None and n2 < 1000 and lo <= n2 * mult1 * _MAX_RANGE_RATIO:
        hi = n2 * mult1
    sane = lo > 0 and hi > 0 and max(lo, hi) <= _MAX_RANGE_RATIO * min(lo, hi)
    if sane and g[_SEP].lower() == "and" and not _BETWEEN.search(low, max(0, start - 12), start):
        sane = False
    if not sane:  # not a range: two separate amounts ("$120k - 2 years", "$50k and $10k")
        first = _single(low, start, m.end("pl1"), v1, cur1, plus1, period)
        start2 = m.start("cp2") if cp2 else m.start("n2")
        return [first, _single(low, start2, end, n2 * (mult2 or 1.0), cur2, False, period)]
    flags = []
    if lo > hi:
        lo, hi = hi, lo
        flags.append("swapped-range")
    ctx = _analyse(low[max(0, start - 48) : start], low[end : end + 48])
    return [_candidate(start, end, lo, hi, _merge_currency(cur1, cur2), period, flags, ctx)]


def _single(
    low: str, start: int, end: int, value: float, cur: str | None, plus: bool, period: str | None
) -> _Candidate:
    ctx = _analyse(low[max(0, start - 48) : start], low[end : end + 48])
    lo: float | None = value
    hi: float | None = value
    if plus or ctx.or_more:
        hi = None
    elif ctx.up_to:
        lo = None
    elif ctx.from_:
        hi = None
    return _candidate(start, end, lo, hi, cur, period, [], ctx)


def _candidate(
    start: int,
    end: int,
    lo: float | None,
    hi: float | None,
    cur: str | None,
    period: str | None,
    flags: list[str],
    ctx: _Context,
) -> _Candidate:
    return _Candidate(
        start, end, lo, hi, cur, period or ctx.period, ctx.kind, ctx.negative, ctx.salary_word, flags
    )


def _may_have_currency(t: str, m: re.Match[str]) -> bool:
    """False only when no candidate :func:`_candidates` reads from this match can have a currency: no
    currency token before the first amount or in the match, no Indian unit (which means rupees). The
    cheap part of ``_candidates`` (no context analysis), so a text without any can be skipped."""
    g = m.groups()
    if g[_CS1] is not None or g[_CP2] is not None or g[_CS2] is not None:
        return True
    for w in (g[_W1], g[_W2]):
        if w is not None and w.lower() in _INDIAN_UNITS:
            return True
    start = m.start()
    if not start:
        return False
    if t[start - 1] == "$":
        return True
    rev = _CUR_PRE_REVERSED.match(t[max(0, start - 10) : start][::-1])
    return rev is not None and rev.end() > 0


def _scan(t: str, low: str, matches: list[re.Match[str]] | None = None) -> list[_Candidate]:
    """Candidates of every amount match in ``t`` (``matches``: ``_MONEY.finditer(t)``, when the caller
    has them already)."""
    cands: list[_Candidate] = []
    for m in _MONEY.finditer(t) if matches is None else matches:
        cands.extend(_candidates(t, low, m))
    return cands
