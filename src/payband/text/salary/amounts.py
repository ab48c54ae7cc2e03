"""Money amounts in text: plain-character normalisation, currency tokens, the amount/range regex, numbers.

Amount patterns run on the text as written (context patterns, in context.py, on its lower-cased copy).
"""

from __future__ import annotations

import re

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


def _normalise(text: str) -> tuple[str, str]:
    """The text with odd spaces, dashes and quotes made plain, and its lower-case copy (same length)."""
    t = _plain(text)
    return t, _lower(t)


def _plain(text: str) -> str:
    """The text with odd spaces, dashes and quotes made plain (the first half of :func:`_normalise`)."""
    return text if text.isascii() else _plain_chars(text)


def _lower(t: str) -> str:
    """The lower-case copy of plain text, same length (the second half of :func:`_normalise`)."""
    low = t.lower()
    if len(low) != len(t):  # a few characters lower-case to two ("İ"): keep those as they are
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in t)
    return low
