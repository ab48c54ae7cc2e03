"""Salary result types (SalaryParse, SalaryMention, ExtraPay) and the internal pay-figure candidate."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict

Period = Literal["hour", "day", "week", "month", "year"]
ExtraKind = Literal["ote", "bonus", "commission", "equity"]

#: Working time used to annualise: 40 h x 52 weeks, 5 days x 52 weeks.
ANNUAL_FACTORS: dict[str, int] = {"hour": 2080, "day": 260, "week": 52, "month": 12, "year": 1}


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
    """An instance of a result model from values this package computed (every field, right types).

    Equivalent to ``cls.model_construct(**values)`` without its per-call overhead (several times
    faster, which matters at 100,000 strings a second); tests check results equal validated instances.
    """
    obj = cls.__new__(cls)
    object.__setattr__(obj, "__dict__", values)
    object.__setattr__(obj, "__pydantic_fields_set__", set(values))
    object.__setattr__(obj, "__pydantic_extra__", None)
    object.__setattr__(obj, "__pydantic_private__", None)
    return obj


# Internal: one amount (or range) found in the text, before it becomes a SalaryParse.
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
