"""Context words around an amount: pay period, estimate, up-to/from, OTE/bonus/commission/equity, non-pay.

Context patterns are lower-case and run on a lower-cased copy of the text (same length), which is much
faster than (?i) matching.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from payband.text.salary.models import ExtraPay, _Candidate, _fast

# Context analyses kept (bounded): see _analyse.
_CONTEXT_CACHE_SIZE = 4096

_P_HOUR = (
    r"per\s+(?:hour|hr)|an?\s+hour|/\s*(?:hour|hr|h|std|godz(?:\.|ina)?|tim(?:me)?|heure)(?![a-z])|hourly"
    r"|p/h(?![a-z])|pro\s+stunde|de\s+l'heure|na\s+godzin[eę]|i\s+timmen|時給|/時"
)
_P_DAY = (
    r"per\s+day|an?\s+day|/\s*(?:day|d|tag|jour|dzie[nń]|dag)(?![a-z])|daily|day\s+rate|p/d(?![a-z])"
    r"|pro\s+tag|par\s+jour|dziennie|日給|/日"
)
_P_WEEK = (
    r"per\s+week|an?\s+week|/\s*(?:week|wk|w|woche|semaine|tydzie[nń]|vecka)(?![a-z])|weekly|p/w(?![a-z])"
    r"|pro\s+woche|par\s+semaine|tygodniowo|週給|/週"
)
_P_MONTH = (
    r"per\s+(?:calendar\s+)?(?:month|mo|mth)|an?\s+month|/\s*(?:month|mo|mth|mon|m|monat|mois|mes|mese|mnd"
    r"|mån(?:ad)?|mies(?:i[aą]c)?)(?![a-z])|monthly|p\.m\.|pcm(?![a-z])|per\s+mensem|pro\s+monat|monatlich"
    r"|im\s+monat|par\s+mois|mensuel(?:le)?|mies\.|miesi[eę]cznie|mån(?![a-z])|i\s+månaden|per\s+m[åa]ned"
    r"|al\s+mes|mensual|mensile|月給|/月"
)
_P_YEAR = (
    r"per\s+(?:year|yr|annum)|an?\s+(?:year|yr)|/\s*(?:year|yr|y|a|annum|jahr|an|rok|år|anno|año)(?![a-z])"
    r"|annually|annual|yearly|p\.\s?a\.|pa(?![a-z])|p/y(?![a-z])|pro\s+jahr|jährlich|im\s+jahr"
    r"|par\s+an(?![a-z])|annuel(?:le)?|rocznie|na\s+rok|per\s+år|om\s+året|i\s+året|all'anno|al\s+año"
    r"|anual|年収|/年|lpa|ctc"
)
_PERIOD = re.compile(
    rf"(?P<hour>{_P_HOUR})|(?P<day>{_P_DAY})|(?P<week>{_P_WEEK})|(?P<month>{_P_MONTH})|(?P<year>{_P_YEAR})"
)
# Cheap pre-check: every period phrase above contains one of these (the full pattern is slow to scan).
_PERIOD_HINT = re.compile(
    r"[/年月日週時]|p[./]|per|pcm|an?\s|ly\b|ann|anual|pa\b|pro|par|im|i\s|om|na|al|mån|mies|mens|lpa|ctc"
    r"|day|heure|jährlich|rocznie|dziennie|tygodniowo|monatlich"
)
_PERIOD_BEFORE = re.compile(
    r"(?P<hour>hourly|per\s+hour|stundenlohn|時給)|(?P<day>daily|day\s+rate|per\s+day|日給)"
    r"|(?P<week>weekly|per\s+week)|(?P<month>monthly|per\s+month|monatsgehalt|月給)"
    r"|(?P<year>annual(?:ly)?|yearly|per\s+annum|per\s+year|jahresgehalt|年収)"
)
_EMPLOYER_POSTED = re.compile(r"employer\s+(?:est\b|provided|posted)|posted\s+by\s+(?:the\s+)?employer")
_ESTIMATED = re.compile(r"\best(?:\.|imated?\b|imates?\b)")
# Clause boundaries for the context windows around an amount.
_CUT_AFTER = re.compile(r"[+,;|•\n\[]|\bplus\b|\band\b|\bwith\b|\. |\d")
_CUT_BEFORE = re.compile(r"[;|•\n)\]]|\. |\bplus\b|\band\b|\+")
_UP_TO = re.compile(
    r"(?:up\s*to|max(?:imum)?\.?|not\s+to\s+exceed|bis\s+zu|as\s+much\s+as|under|below|less\s+than|<)"
    r"\s*:?\s*(?:of\s+)?$"
)
_FROM = re.compile(
    r"(?:from|starting(?:\s+(?:at|from))?|starts?\s+at|min(?:imum)?\.?|at\s+least|ab|over|above|more\s+than"
    r"|in\s+excess\s+of|>)\s*:?\s*(?:of\s+)?$"
)
_OR_MORE = re.compile(r"\s*(?:\+|and\s+up|or\s+more|and\s+above|or\s+above|minimum|min\.?(?![a-z]))")
_BETWEEN = re.compile(r"between\s*$")
_KIND_AFTER = re.compile(
    r"\s*(?:\w+\s+){0,2}?(?:(?P<ote>ote\b|on[-\s]target|total\s+(?:target\s+)?comp|tc\b)"
    r"|(?P<commission>commissions?\b)"
    r"|(?P<bonus>(?:sign(?:ing|[-\s]?on)|joining|retention|relocation|referral)?\s*bonus(?:es)?\b)"
    r"|(?P<equity>(?:in\s+)?(?:equity|rsus?|stock|options|shares)\b))"
)
_KIND_BEFORE = re.compile(
    r"(?:(?P<ote>ote|on[-\s]target\s+earnings|total\s+(?:target\s+)?comp(?:ensation)?)"
    r"|(?P<commission>commissions?)|(?P<bonus>bonus(?:es)?)|(?P<equity>equity|rsus?|stock(?:\s+options)?))"
    r"\s*(?:of|:|up\s+to|worth|-|=)?\s*(?:up\s+to|about|around|approx\.?)?\s*$"
)
_NEGATIVE_AFTER = re.compile(
    r"\b(?:gift|cards?|vouchers?|series\s+[a-h]|seed|fund(?:ing|ed|s)?|financing|raised|revenues?|sales"
    r"|valuation|market|assets|aum|budget|allowance|reimburse(?:ment)?|stipend|perks?|subsid(?:y|ies)"
    r"|credits?|tuition|relocation|referral|loans?|forgiveness|deductibles?|copay|coverage|paycheck"
    r"|investments?|capital|venture|company|companies|industry|business|grants?|awards?|prizes?|fees?"
    r"|spend(?:ing)?|expenditures?|transactions?|payments?|customers|users|units|discounts?|membership"
    r"|per\s+diem|learning|training|education|conference|equipment|home\s+office|internet|phone|commuter"
    r"|parking|meals?|lunch|wellness|gym|contracts?|deals?|portfolio|project|in\s+annual)\b"
)
_NEGATIVE_BEFORE = re.compile(
    r"\b(?:raised|raising|funding|financing|revenues?|valuation|valued\s+at|budget|allowance|reimburse"
    r"(?:ment)?|stipend|tuition|gift\s+cards?|worth|assets|invested|investment|spend|subsidy|perk|grant"
    r"|deductible|copay|per\s+diem|loan|forgiveness|relocation|referral|sign(?:ing|[-\s]?on)|market)\b"
)
# A count of something else straight after the number: "10+ years", "40 hours per week", "200 employees".
_UNIT_AFTER = re.compile(
    r"\s*(?:hours?|hrs?|years?|yrs?|months|weeks|days|people|persons|employees|staff|engineers|members"
    r"|experience|positions|openings|seats|locations|offices|countries|states|times|x\b)(?![a-z])"
)
_SALARY_WORDS = re.compile(
    r"\b(?:salary|salaries|pay|paid|pays|compensation|comp|wages?|rate|base|earn(?:ing)?s?|income"
    r"|remuneration|package|range|band|gehalt|vergütung|salaire|rémunération|wynagrodzenie|lön|lønn|løn"
    r"|sueldo|salario|stipendio|retribuzione|ctc|lpa)\b|年収|給与|月給|時給"
)
_EXTRA_HINT = re.compile(r"bonus|commission|equity|ote|on.target|rsu|stock|total\s+(?:target\s+)?comp")
_PERCENT_EXTRA = re.compile(
    r"(?P<pct>\d{1,3}(?:[.,]\d{1,2})?)\s?%\s*(?:\w+\s+){0,3}?(?P<kind>bonus|commission|equity|ote)\b"
    r"|(?P<kind2>bonus|commission|equity)\s+(?:of\s+|up\s+to\s+|target\s+(?:of\s+)?)?"
    r"(?P<pct2>\d{1,3}(?:[.,]\d{1,2})?)\s?%"
)
_EXTRA_WORDS = re.compile(
    r"\b(?:(?P<ote>ote|on[-\s]target\s+earnings)|(?P<commission>commissions?)|(?P<bonus>bonus(?:es)?)"
    r"|(?P<equity>equity|rsus?|stock\s+options))\b"
)
_CONTRACT_1099 = re.compile(r"(?<![\d$])1099(?!\d)")


def _window_after(after: str) -> str:
    cut = _CUT_AFTER.search(after)
    return after if cut is None else after[: cut.start()]


def _window_before(before: str) -> str:
    last = None
    for last in _CUT_BEFORE.finditer(before):  # noqa: B007 - the last boundary is wanted
        pass
    return before if last is None else before[last.end() :]


def _period_after(after: str) -> str | None:
    if not after or _PERIOD_HINT.search(after) is None:
        return None
    m = _PERIOD.search(after)
    return None if m is None or m.start() > 28 else m.lastgroup


def _period_before(before: str) -> str | None:
    found = None
    for m in _PERIOD_BEFORE.finditer(before):
        found = m.lastgroup
    return found


@dataclass(frozen=True, slots=True)
class _Context:
    kind: str | None
    negative: bool
    salary_word: bool
    period: str | None
    up_to: bool
    from_: bool
    or_more: bool


@lru_cache(maxsize=_CONTEXT_CACHE_SIZE)
def _analyse(before: str, after: str) -> _Context:
    """What the (lower-cased) text either side of an amount says about it.

    Keyed on the two context strings, not on the input, and bounded: boilerplate around amounts
    ("(Glassdoor est.)", "per hour", "Salary:") repeats across postings, so this is where the cache pays.
    """
    clause_after = _window_after(after)
    clause_before = _window_before(before) if before else ""
    kind = None
    negative = False
    if clause_after.strip():
        k = _KIND_AFTER.match(clause_after)
        if k is not None:
            kind = k.lastgroup
        else:
            negative = (
                _UNIT_AFTER.match(clause_after) is not None
                or _NEGATIVE_AFTER.search(clause_after) is not None
            )
    salary_word = False
    period = _period_after(clause_after)
    if clause_before.strip():
        if kind is None:
            k = _KIND_BEFORE.search(clause_before)
            if k is not None:
                kind = k.lastgroup
                negative = False
            elif not negative:
                negative = _NEGATIVE_BEFORE.search(clause_before) is not None
        salary_word = _SALARY_WORDS.search(clause_before) is not None
        period = period or _period_before(clause_before)
    near = before[-24:]
    return _Context(
        kind=kind,
        negative=negative,
        salary_word=salary_word,
        period=period,
        up_to=_UP_TO.search(near) is not None,
        from_=_FROM.search(near) is not None,
        or_more=_OR_MORE.match(after, 0, 16) is not None,
    )


def _estimate(low: str) -> bool:
    """True for a third-party estimate ("Glassdoor est.", "estimated"); False when employer-posted."""
    if "employer" in low and _EMPLOYER_POSTED.search(low) is not None:
        return False
    return "est" in low and _ESTIMATED.search(low) is not None


def _extra(kind: str, text: str, **values: Any) -> ExtraPay:
    return _fast(
        ExtraPay,
        {"kind": kind, "text": text, "value": None, "value_max": None, "percent": None, "currency": None}
        | values,
    )


def _extras(
    t: str, low: str, cands: list[_Candidate], lo: int = 0, hi: int | None = None
) -> tuple[ExtraPay, ...]:
    """OTE / bonus / commission / equity mentions in t[lo:hi]: amounts first, then percentages, then words."""
    out: list[ExtraPay] = []
    kinds: set[str] = set()
    for c in cands:
        if c.kind is not None and not c.negative:  # an amount that is OTE, bonus, commission or equity
            cur = c.currency
            code = "USD" if cur in ("$", None) else "SEK" if cur == "kr" else cur
            out.append(_extra(c.kind, t[c.start : c.end].strip(), value=c.lo, value_max=c.hi, currency=code))
            kinds.add(c.kind)
    hi = len(low) if hi is None else hi
    if _EXTRA_HINT.search(low, lo, hi) is None:
        return tuple(out)
    for m in _PERCENT_EXTRA.finditer(low, lo, hi):
        kind = m.group("kind") or m.group("kind2")
        pct = float((m.group("pct") or m.group("pct2")).replace(",", "."))
        out.append(_extra(kind, t[m.start() : m.end()].strip(), percent=pct))
        kinds.add(kind)
    for m in _EXTRA_WORDS.finditer(low, lo, hi):
        kind = m.lastgroup
        if kind is not None and kind not in kinds:
            out.append(_extra(kind, t[m.start() : m.end()]))
            kinds.add(kind)
    return tuple(out)
