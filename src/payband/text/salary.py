"""Salary text: pay statements read into numbers (range, period, currency, annual and USD values).

``parse_salary("$53K-$91K (Glassdoor est.)")`` reads one salary field; ``find_salaries(posting)`` finds
the pay statements inside a whole posting (plain text or HTML). A pay statement is a money amount (a
currency symbol or code, or a bare number with a pay period) in salary context; amounts about funding,
revenue, perks, tuition, gift cards and the like are not pay, and OTE, bonus and equity figures are
reported as ``extras``, never added to base pay. Figures are annualised (hour x 2,080, day x 260,
week x 52, month x 12) and converted to USD with the bundled, dated ECB reference-rate table.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from html.parser import HTMLParser
from importlib import resources
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict

from payband.errors import DataError, InputError

__all__ = [
    "ANNUAL_FACTORS",
    "MAX_DESCRIPTION_CHARS",
    "MAX_SALARY_CHARS",
    "ExtraPay",
    "FxTable",
    "Period",
    "SalaryMention",
    "SalaryParse",
    "find_salaries",
    "html_to_text",
    "load_fx",
    "parse_salary",
]

Period = Literal["hour", "day", "week", "month", "year"]
ExtraKind = Literal["ote", "bonus", "commission", "equity"]

#: Working time used to annualise: 40 h x 52 weeks, 5 days x 52 weeks.
ANNUAL_FACTORS: dict[str, int] = {"hour": 2080, "day": 260, "week": 52, "month": 12, "year": 1}
#: Longest text parse_salary accepts (a salary field, not a posting).
MAX_SALARY_CHARS = 20_000
#: Longest text find_salaries accepts (one posting, HTML included).
MAX_DESCRIPTION_CHARS = 1_000_000

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
_MAX_RANGE_RATIO = 10.0
# Context analyses kept (bounded): see _analyse.
_CONTEXT_CACHE_SIZE = 4096


# ---------------------------------------------------------------------------------------------------
# Result types


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ExtraPay(_Frozen):
    """An OTE, bonus, commission or equity mention: reported beside base pay, never added to it."""

    kind: ExtraKind
    text: str
    value: float | None = None
    value_max: float | None = None
    percent: float | None = None
    currency: str | None = None


class SalaryParse(_Frozen):
    """One pay statement read into numbers.

    ``min``/``max`` are in the original currency and period (equal for a single figure; ``min`` null for
    "up to X", ``max`` null for "from X" / "X+"). ``annual_*`` multiply by ``ANNUAL_FACTORS``;
    ``annual_*_usd`` convert those with the bundled rates of ``fx_date`` and round to whole dollars.
    """

    min: float | None
    max: float | None
    period: Period
    currency: str
    estimate: bool
    annual_min: float | None
    annual_max: float | None
    annual_min_usd: int | None
    annual_max_usd: int | None
    period_inferred: bool = False
    flags: tuple[str, ...] = ()
    extras: tuple[ExtraPay, ...] = ()
    text: str = ""
    fx_date: str = ""
    fx_source: str = ""

    def contract(self) -> dict[str, Any]:
        """The seven keys of the CLI's JSON-lines contract (whole numbers written as integers)."""
        return {
            "min": _plain(self.min),
            "max": _plain(self.max),
            "period": self.period,
            "currency": self.currency,
            "annual_min_usd": self.annual_min_usd,
            "annual_max_usd": self.annual_max_usd,
            "estimate": self.estimate,
        }


class SalaryMention(_Frozen):
    """A pay statement found in a posting: the parse, its [start, end) offsets and the matched text.

    Offsets index the plain text: the input itself, or ``html_to_text(input)`` when the input is HTML.
    """

    parse: SalaryParse
    start: int
    end: int
    text: str

    @property
    def span(self) -> tuple[int, int]:
        """(start, end) of the statement in the plain text."""
        return (self.start, self.end)


def _plain(value: float | None) -> float | int | None:
    if value is not None and value.is_integer():
        return int(value)
    return value


_M = TypeVar("_M", bound=BaseModel)


def _fast(cls: type[_M], values: dict[str, Any]) -> _M:
    """An instance of a result model from values this module computed (every field, right types).

    Equivalent to ``cls.model_construct(**values)`` without its per-call overhead (several times
    faster, which matters at 100,000 strings a second); tests check results equal validated instances.
    """
    obj = cls.__new__(cls)
    object.__setattr__(obj, "__dict__", values)
    object.__setattr__(obj, "__pydantic_fields_set__", set(values))
    object.__setattr__(obj, "__pydantic_extra__", None)
    object.__setattr__(obj, "__pydantic_private__", None)
    return obj


# ---------------------------------------------------------------------------------------------------
# Exchange rates


@dataclass(frozen=True, slots=True)
class FxTable:
    """The bundled dated exchange-rate snapshot: USD per unit of each currency."""

    rate_date: str
    source: str
    usd_per_unit: dict[str, float]

    def to_usd(self, amount: float, currency: str) -> float:
        """``amount`` of ``currency`` in USD at the snapshot's rate."""
        return amount * self.usd_per_unit[currency]


@cache
def load_fx() -> FxTable:
    """The bundled ECB rate table (read once per process)."""
    try:
        ref = resources.files("payband.reference").joinpath("data", "fx_rates.json")
        raw = json.loads(ref.read_text("utf-8"))
        rates = {code: float(row["usd_per_unit"]) for code, row in raw["rates"].items()}
        return FxTable(rate_date=str(raw["rate_date"]), source=str(raw["source"]), usd_per_unit=rates)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DataError(
            f"bundled exchange-rate file fx_rates.json is missing or unreadable ({exc}); reinstall payband "
            "or rebuild it with  python scripts/build_fx.py"
        ) from exc


# ---------------------------------------------------------------------------------------------------
# Lexicon. Context patterns are lower-case and run on a lower-cased copy of the text (same length),
# which is much faster than (?i) matching; amount patterns run on the text as written.

_TRANSLATE = str.maketrans(
    {
        **dict.fromkeys(
            "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f", " "
        ),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d", "-"),
        **dict.fromkeys("\u2019\u02bc\u2032", "'"),
        "\uff04": "$",
    }
)
# The same mapping as a pattern over the mapped characters: on long non-ASCII text one regex scan is
# much faster than str.translate's per-character dict lookups, with the same result.
_ODD_CHARS = re.compile("[" + "".join(map(chr, _TRANSLATE)) + "]")
_ODD_REPLACE: dict[str, str] = {chr(k): str(v) for k, v in _TRANSLATE.items()}


def _plain_chars(text: str) -> str:
    """``text.translate(_TRANSLATE)``, faster on long text."""
    if _ODD_CHARS.search(text) is None:
        return text
    return _ODD_CHARS.sub(lambda m: _ODD_REPLACE[m.group()], text)


_ISO_CODES = [
    "USD", "EUR", "GBP", "CAD", "AUD", "INR", "CHF", "SEK", "PLN", "JPY", "NOK", "DKK", "NZD", "SGD", "HKD",
    "CNY", "RMB", "BRL", "MXN", "ZAR", "CZK", "HUF", "RON", "ILS", "KRW", "TRY", "ISK", "THB", "MYR", "IDR",
]  # fmt: skip
_ISO = "|".join(_ISO_CODES)
# Token as written (trailing dot dropped) -> ISO code; "$" and "kr" are generic (resolved later).
_TOKENS: dict[str, str] = {code: code for code in _ISO_CODES}
_TOKENS.update(
    {
        "RMB": "CNY",
        "$": "$",
        "US$": "USD",
        "U.S.$": "USD",
        "C$": "CAD",
        "CA$": "CAD",
        "CAN$": "CAD",
        "CDN$": "CAD",
        "A$": "AUD",
        "AU$": "AUD",
        "NZ$": "NZD",
        "S$": "SGD",
        "SG$": "SGD",
        "HK$": "HKD",
        "R$": "BRL",
        "MX$": "MXN",
        "€": "EUR",
        "£": "GBP",
        "₹": "INR",
        "Rs": "INR",
        "¥": "JPY",
        "円": "JPY",
        "CN¥": "CNY",
        "元": "CNY",
        "₩": "KRW",
        "₪": "ILS",
        "₺": "TRY",
        "฿": "THB",
        "RM": "MYR",
        "Rp": "IDR",
        "SFr": "CHF",
        "Fr": "CHF",
        "kr": "kr",
        "Kr": "kr",
        "zł": "PLN",
        "Zł": "PLN",
        "zl": "PLN",
        "Kč": "CZK",
        "Ft": "HUF",
        "euro": "EUR",
        "euros": "EUR",
        "Euro": "EUR",
        "dollar": "$",
        "dollars": "$",
        "rupee": "INR",
        "rupees": "INR",
        "yen": "JPY",
    }
)
_DOLLAR_CODES = ("USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN")
_DOLLAR_LETTERS = ("U.S.", "US", "CAN", "CDN", "CA", "AU", "NZ", "SG", "HK", "MX", "C", "A", "S", "R")
_WORD_SYMBOLS = ("Rs", "RM", "Rp", "SFr", "Fr", "kr", "Kr", "zł", "Zł", "Kč")


def _alt(items: tuple[str, ...] | list[str]) -> str:
    return "|".join(re.escape(x) for x in sorted(items, key=len, reverse=True))


_CUR_PRE = (
    rf"(?:(?:{_alt(_DOLLAR_CODES)}) ?)?(?:{_alt(_DOLLAR_LETTERS)})?\$"
    rf"|(?<![A-Za-z])(?:{_ISO})(?![A-Za-z])|CN¥|[€£₹¥₩₪₺฿]"
    rf"|(?<![A-Za-z])(?:{_alt(_WORD_SYMBOLS)})\.?(?![A-Za-z])"
)
# The same prefixes, reversed, matched at the start of the reversed text before a number: one
# anchored attempt instead of a scan.
_CUR_PRE_REVERSED = re.compile(
    rf" ?(?:\$(?:{_alt([x[::-1] for x in _DOLLAR_LETTERS])})?"
    rf"(?: ?(?:{_alt([x[::-1] for x in _DOLLAR_CODES])}))?"
    rf"|(?:{_alt([x[::-1] for x in _ISO_CODES])})(?![A-Za-z])|¥NC|[€£₹¥₩₪₺฿]"
    rf"|\.?(?:{_alt([x[::-1] for x in _WORD_SYMBOLS])})(?![A-Za-z]))"
)
_CUR_POST = (
    r"[€£$₹円元₩₪₺฿]"
    rf"|(?:{_ISO})(?![A-Za-z])"
    r"|(?:zł|zl|Zł|kr|Kr|Kč|Ft|Fr|SFr)\.?(?![A-Za-z])"
    r"|(?:euros?|Euro|dollars?|rupees?|yen)(?![A-Za-z])"
)
# A number, starting at a digit not preceded by a digit or separator: Indian lakh grouping, 3-digit
# grouping with , . ' or space, or plain digits; an optional 1-2 digit decimal part. Possessive and
# look-ahead-guarded, so no catastrophic backtracking.
_NUM = (
    r"\d(?<![\d.,']\d)"
    r"(?:\d?(?:,\d\d(?=,))++,\d{3}(?!\d)|\d{0,2}(?:[,.' ]\d{3}(?!\d))++|\d{0,11}+(?!\d))"
    r"(?:[.,]\d{1,2}+(?!\d))?+"
)
_MULTIPLIERS: dict[str, float] = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mm": 1e6,
    "mn": 1e6,
    "mil": 1e6,
    "million": 1e6,
    "lakh": 1e5,
    "lakhs": 1e5,
    "lac": 1e5,
    "lacs": 1e5,
    "l": 1e5,
    "lpa": 1e5,
    "crore": 1e7,
    "crores": 1e7,
    "cr": 1e7,
    "万": 1e4,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "trillion": 1e12,
}
_INDIAN_UNITS = frozenset({"lpa", "l", "lakh", "lakhs", "lac", "lacs", "crore", "crores", "cr"})


def _amount(i: int, prefix: bool) -> str:
    suffix = (
        rf"(?:(?P<s{i}>[kK]|MM|mm|mn|[mM]|[bB]n?)(?![A-Za-z])"
        rf"|\s?(?P<w{i}>(?i:thousand|million|mil|billion|trillion|lakhs?|lacs?|crores?)|LPA|L|Cr|万)"
        r"(?![A-Za-z]))?"
    )
    head = rf"(?:(?P<cp{i}>{_CUR_PRE})\s?)?" if prefix else ""
    return rf"{head}(?P<n{i}>{_NUM})(?!\s?%){suffix}(?:\s?(?P<cs{i}>{_CUR_POST}))?(?P<pl{i}>\+)?"


# One amount, or two joined by a range word. The first amount's prefix currency is read backwards
# from its first digit (see _CUR_PRE_REVERSED), so the scan can jump from digit to digit.
_MONEY = re.compile(
    _amount(1, prefix=False)
    + r"(?:\s*+(?P<sep>--?|~|(?i:to|and|till|until|through|thru|bis|à)(?![A-Za-z]))\s*+"
    + _amount(2, prefix=True)
    + ")?"
)

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


# ---------------------------------------------------------------------------------------------------
# Core reading


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    lo: float | None
    hi: float | None
    currency: str | None  # ISO code, "$" (a dollar of unstated country), "kr", or None
    period: str | None
    kind: str | None  # None = base pay, else an ExtraKind
    negative: bool
    salary_word: bool
    flags: list[str]


def _to_number(raw: str, suffixed: bool) -> float:
    """A written number as a float: "45,000", "45.000", "45 000", "18,00,000", "17,50", "1.5" (k)."""
    if raw.isdigit():
        return float(raw)
    s = raw.replace(" ", "").replace("'", "")
    if "," in s and "." in s:
        comma_last = s.rfind(",") > s.rfind(".")
        s = s.replace(".", "").replace(",", ".") if comma_last else s.replace(",", "")
    elif "," in s:
        head, _, tail = s.rpartition(",")
        if len(tail) == 3 and not (suffixed and "," not in head):
            s = s.replace(",", "")
        else:
            s = head.replace(",", "") + "." + tail
    elif "." in s:
        head, _, tail = s.rpartition(".")
        if len(tail) == 3 and not (suffixed and "." not in head):
            s = s.replace(".", "")
    return float(s)


def _currency(token: str | None) -> str | None:
    if token is None:
        return None
    token = token.strip().rstrip(".")
    code = _TOKENS.get(token)
    if code is not None:
        return code
    if token.endswith("$"):  # "USD $", "CAD$"
        head = token[:-1].strip()
        return head if head in _DOLLAR_CODES else _TOKENS.get(token.replace(" ", ""), "$")
    return None


def _merge_currency(a: str | None, b: str | None) -> str | None:
    if a is None or a == b:
        return b
    if b is None or a not in ("$", "kr"):
        return a
    return b  # a specific code wins over a generic symbol: "$120k - $150k CAD"


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


def _check(text: object, limit: int, name: str, what: str, fix: str) -> str:
    if not isinstance(text, str):
        raise InputError(f"{name}() expects a str, got {type(text).__name__}; pass the text as a string")
    if len(text) > limit:
        raise InputError(
            f"{what} is {len(text):,} characters, over the limit of {limit:,} for {name}(); {fix}"
        )
    return text


def _normalise(text: str) -> tuple[str, str]:
    """The text with odd spaces, dashes and quotes made plain, and its lower-case copy (same length)."""
    t = text if text.isascii() else _plain_chars(text)
    low = t.lower()
    if len(low) != len(t):  # a few characters lower-case to two ("İ"): keep those as they are
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in t)
    return t, low


def _scan(t: str, low: str) -> list[_Candidate]:
    cands: list[_Candidate] = []
    for m in _MONEY.finditer(t):
        cands.extend(_candidates(t, low, m))
    return cands


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


# ---------------------------------------------------------------------------------------------------
# Whole postings


class _TextExtractor(HTMLParser):
    _BLOCK = frozenset(
        {
            "p", "div", "br", "li", "ul", "ol", "tr", "td", "th", "table", "section", "article", "header",
            "footer", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "blockquote", "pre", "hr", "title",
        }
    )  # fmt: skip
    _SKIP = frozenset({"script", "style", "noscript", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


_HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]{0,2000})?/?>|<!--|&(?:[a-zA-Z]{2,8}|#\d{1,6});")
_BLANK_LINES = re.compile(r"[ \t\r\f\v]*\n\s*")


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment or page: tags dropped, entities decoded, blocks on their own lines.

    Text with no tags or entities comes back unchanged, so spans found in it index the input itself.
    """
    if _HTML_TAG.search(html) is None:
        return html
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return _BLANK_LINES.sub("\n", "".join(parser.parts)).strip()


_CLAUSE_END = re.compile(r"\n|[.!?;](?=\s|$)")


def _sentence(low: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the sentence (at most 200 characters either side) holding [start, end)."""
    lo = max(0, start - 200)
    s = lo
    for m in _CLAUSE_END.finditer(low, lo, start):
        s = m.end()
    stop = _CLAUSE_END.search(low, end, min(len(low), end + 200))
    return s, stop.start() if stop is not None else min(len(low), end + 200)


def find_salaries(description: str, *, max_chars: int = MAX_DESCRIPTION_CHARS) -> list[SalaryMention]:
    """Every pay statement in a posting (plain text or HTML), in order of appearance.

    Stricter than parse_salary: an amount needs a currency and either a pay period, a salary word
    before it in the same clause ("Salary:", "pay", "compensation"...), or a second amount making a
    range, and must annualise to between USD 1,000 and 5,000,000; amounts about funding, revenue,
    perks, tuition and the like are skipped. OTE, bonus, commission and equity figures in the same
    sentence become the mention's extras. Spans index the plain text (``html_to_text(description)``
    for HTML input, the input itself otherwise). Raises InputError above ``max_chars``.
    """
    raw = _check(
        description,
        max_chars,
        "find_salaries",
        "posting text",
        "pass max_chars= to raise the limit, or split the input into single postings",
    )
    plain = html_to_text(raw)
    t, low = _normalise(plain)
    cands = _scan(t, low)
    out: list[SalaryMention] = []
    for c in cands:
        if c.negative or c.kind is not None or c.currency is None:
            continue
        is_range = c.lo is not None and c.hi is not None and c.lo != c.hi
        if c.period is None and not c.salary_word and not is_range:
            continue
        s, e = _sentence(low, c.start, c.end)
        nearby = [x for x in cands if x.kind is not None and s <= x.start < e]
        extras = _extras(t, low, nearby, s, e)
        end = c.end
        if c.period is not None:  # take the period words into the statement
            p = _PERIOD.search(low, c.end, min(len(low), c.end + 48))
            if p is not None and p.start() - c.end <= 28 and p.lastgroup == c.period:
                end = p.end()
        statement = plain[c.start : end]
        parsed = _build(
            c, statement, _estimate(low[c.end : c.end + 40]), extras, [], _MENTION_ANNUAL_USD_BOUNDS
        )
        if parsed is not None and parsed.period_inferred and parsed.period == "month" and not c.salary_word:
            parsed = None  # "add $3.5k-$5k": without a period or salary word, mid-size sums are not pay
        if parsed is not None:
            out.append(
                _fast(SalaryMention, {"parse": parsed, "start": c.start, "end": end, "text": statement})
            )
    return out
