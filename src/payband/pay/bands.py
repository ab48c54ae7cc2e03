"""Pay bands: the OEWS wage distribution for a role (or SOC occupation) in an area, with its source.

A band carries the annual P10–P90, mean and employment exactly as BLS publishes them, which
values are top-coded (shown as "≥ $239,200", never invented), the relative standard errors, and a
source line naming release, occupation, area and RSE.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

from payband.errors import NotFound
from payband.reference.areas import NATIONAL_CODE, Area, AreaIndex, AreaMatch, load_areas
from payband.reference.catalog import Role, find_role, load_catalog
from payband.reference.wages import (
    ANNUAL_TOP_CODE,
    PERCENTILES,
    WageCell,
    WageTable,
    load_wages,
)

__all__ = ["PayBand", "band_for_cell", "catalog_band", "format_usd", "pay", "pay_at", "resolve_occupation"]

_SOC = re.compile(r"^\d{2}-?\d{4}$")


class PayBand(BaseModel):
    """The OEWS wage distribution for one occupation in one area (annual USD unless named hourly)."""

    model_config = ConfigDict(frozen=True)

    role_id: str | None
    role_title: str | None
    soc: str
    soc_title: str
    soc_match: Literal["exact", "close", "loose"] | None
    soc_reason: str | None
    area_code: str
    area_name: str
    area_type: str
    p10: int | None
    p25: int | None
    p50: int | None
    p75: int | None
    p90: int | None
    mean: int | None
    hourly_p10: float | None
    hourly_p25: float | None
    hourly_p50: float | None
    hourly_p75: float | None
    hourly_p90: float | None
    hourly_mean: float | None
    employment: int | None
    employment_rse: float | None
    wage_rse: float | None
    location_quotient: float | None
    top_coded: tuple[str, ...]
    top_code_annual: int = ANNUAL_TOP_CODE
    footnotes: dict[str, str]
    release: str
    source: str
    area_note: str | None = None

    def value(self, percentile: str) -> int | None:
        """An annual percentile, or the top code as a lower bound when BLS top-coded it."""
        raw: int | None = getattr(self, percentile)
        if raw is None and percentile in self.top_coded:
            return self.top_code_annual
        return raw

    def display(self, percentile: str) -> str:
        """A percentile as people read it: '$120,230', '≥ $239,200' or 'n/a'."""
        if percentile in self.top_coded:
            return f"≥ {format_usd(self.top_code_annual)}"
        return format_usd(getattr(self, percentile))


def format_usd(value: float | None) -> str:
    """'$120,230', or 'n/a' for a value BLS did not release."""
    return "n/a" if value is None else f"${value:,.0f}"


def resolve_occupation(text: str, wages: WageTable | None = None) -> tuple[str, Role | None]:
    """A role id/alias or a SOC code ('15-2051') → (SOC code, role or None)."""
    wages = wages or load_wages()
    if _SOC.match(text.strip()):
        digits = text.strip().replace("-", "")
        soc = f"{digits[:2]}-{digits[2:]}"
        if soc not in wages.occupations:
            raise NotFound(f"SOC {soc} is not an occupation in OEWS {wages.release.release}")
        return soc, None
    role = find_role(text)
    return role.primary_soc.code, role


def band_for_cell(cell: WageCell, area: Area, role: Role | None, wages: WageTable | None = None) -> PayBand:
    """Turn one OEWS cell into a sourced pay band."""
    wages = wages or load_wages()
    occupation = wages.occupations.get(cell.soc)
    soc_title = occupation.title if occupation else cell.soc
    link = next((s for s in role.soc if s.code == cell.soc), None) if role else None
    release = wages.release.release
    rse = f"RSE {cell.wage_rse:.1f}%" if cell.wage_rse is not None else "RSE n/a"
    notes = wages.release.footnotes
    return PayBand(
        role_id=role.id if role else None,
        role_title=role.title if role else None,
        soc=cell.soc,
        soc_title=soc_title,
        soc_match=link.match if link else None,
        soc_reason=link.reason if link else None,
        area_code=area.code,
        area_name=area.name,
        area_type=area.type,
        **{p: cell.annual[p] for p in PERCENTILES},
        mean=cell.annual_mean,
        **{f"hourly_{p}": cell.hourly[p] for p in PERCENTILES},
        hourly_mean=cell.hourly_mean,
        employment=cell.employment,
        employment_rse=cell.employment_rse,
        wage_rse=cell.wage_rse,
        location_quotient=cell.location_quotient,
        top_coded=tuple(p for p in PERCENTILES if cell.is_top_coded(f"annual_{p}")),
        footnotes={col: notes.get(code, code) for col, code in sorted(cell.footnotes.items())},
        release=release,
        source=f"BLS OEWS {release}, {cell.soc} {soc_title}, {area.name}, {rse}",
    )


def pay(role: str, area: str = "national", *, areas: AreaIndex | None = None) -> PayBand:
    """The wage distribution for a role (id, alias or SOC code) in an area as people type it."""
    return pay_at(role, (areas or load_areas()).resolve(area), areas=areas)


def pay_at(role: str, match: AreaMatch, *, areas: AreaIndex | None = None) -> PayBand:
    """``pay`` in an area already resolved: one resolution serves every role an advice weighs."""
    band = catalog_band(role, match.area.code) if areas is None else None
    if band is None:  # a title, alias or SOC code, other areas, or no wages published (NotFound)
        band = _band_at(role, match, areas)
    if match.how.startswith("fuzzy"):
        note = f"read {match.query!r} as {match.area.name} (closest spelling)"
        band = band.model_copy(update={"area_note": note})
    return band


def _band_at(role: str, match: AreaMatch, areas: AreaIndex | None) -> PayBand:
    shipped = areas is None
    areas = areas or load_areas()
    wages = load_wages()
    soc, found_role = resolve_occupation(role, wages)
    where = match.area
    cell = wages.get(soc, where.code)
    if cell is None or not cell.has_wages:
        fallback = _fallbacks(where, areas)
        raise NotFound(
            f"BLS publishes no wage estimate for {soc} in {where.name}; "
            f"try a wider area such as {fallback[0]!r}",
            suggestions=fallback,
        )
    if shipped:
        return _shipped_band(soc, where.code, found_role.id if found_role else None)
    return band_for_cell(cell, where, found_role, wages)


def catalog_band(role_id: str, area_code: str) -> PayBand | None:
    """A catalog role id's published band in an area of the bundled tables (kept: reference data only);
    None for any other text (a title, alias or SOC code) or where BLS publishes no wages (``pay_at``
    then says why)."""
    return _catalog_band(role_id, area_code) if role_id in _catalog_ids() else None


@cache
def _catalog_ids() -> frozenset[str]:
    """The catalog's role ids (none of them reads as a SOC code): the text ``pay_at`` may cache by."""
    return frozenset(r.id for r in load_catalog().roles if not _SOC.match(r.id))


@lru_cache(maxsize=4096)
def _catalog_band(role_id: str, area_code: str) -> PayBand | None:
    """A catalog role's published band in an area of the bundled tables, None where BLS publishes no
    wages (reference data only: an advice asks for every role's band, and the next one again)."""
    soc = find_role(role_id).primary_soc.code
    cell = load_wages().get(soc, area_code)
    if cell is None or not cell.has_wages:
        return None
    return _shipped_band(soc, area_code, role_id)


@lru_cache(maxsize=4096)
def _shipped_band(soc: str, area_code: str, role_id: str | None) -> PayBand:
    """A published band of the bundled tables, built once: a public statistic, never anything a person
    said (an advice asks for every role's band in one area, and a page for the same ones again)."""
    wages = load_wages()
    cell = wages.get(soc, area_code)
    assert cell is not None
    role = find_role(role_id) if role_id is not None else None
    return band_for_cell(cell, load_areas().by_code[area_code], role, wages)


def _fallbacks(area: Area, areas: AreaIndex) -> list[str]:
    """Wider areas to suggest when an occupation is not published in a metro or state."""
    wider = [s.name for s in areas.states if s.state_abbr in area.states and s is not area]
    return [*wider, areas.by_code[NATIONAL_CODE].name.lower()]
