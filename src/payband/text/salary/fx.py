"""The bundled, dated ECB exchange-rate table (USD per unit of each currency), read once per process."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from payband.errors import DataError


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
