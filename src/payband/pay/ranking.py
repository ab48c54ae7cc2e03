"""The ranking of tech roles by national median pay, and everything about one role.

For the article's ten headline roles the claimed salary range sits beside BLS's, flagged in plain
words where the claim's midpoint lies above BLS's P75 or below its P25.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from payband.errors import DataError
from payband.pay.bands import PayBand, band_for_cell
from payband.reference.areas import NATIONAL_CODE, load_areas
from payband.reference.catalog import ArticleClaim, Multiplier, Role, load_catalog
from payband.reference.catalog import find_role as _find_role
from payband.reference.wages import load_wages

__all__ = [
    "ClaimVerdict",
    "RoleRanking",
    "RoleReport",
    "RoleSkillView",
    "claim_verdict",
    "role",
    "roles",
    "top_metros",
]

ClaimVerdict = Literal["above-p75", "below-p25", "within-p25-p75"]


class RoleRanking(BaseModel):
    """One row of the ranking: a role, the SOC standing for it, its national band and the claim."""

    model_config = ConfigDict(frozen=True)

    rank: int
    role_id: str
    title: str
    headline: bool
    family: str
    band: PayBand
    shares_soc_with: tuple[str, ...]
    claim: ArticleClaim | None
    claim_verdict: ClaimVerdict | None
    claim_source: str | None


class RoleSkillView(BaseModel):
    """A role's skill with its taxonomy label and category."""

    model_config = ConfigDict(frozen=True)

    id: str
    label: str
    category: str
    weight: str
    article_named: bool


class RoleReport(BaseModel):
    """Everything about one role: duties, skills, links, and pay nationally and in its top metros."""

    model_config = ConfigDict(frozen=True)

    role: Role
    skills: tuple[RoleSkillView, ...]
    multipliers: tuple[Multiplier, ...]
    national: PayBand
    top_metros: tuple[PayBand, ...]
    claim_verdict: ClaimVerdict | None
    article: str
    onet_links: tuple[str, ...]


def claim_verdict(claim: ArticleClaim | None, band: PayBand) -> ClaimVerdict | None:
    """Where the claim's midpoint sits against BLS's middle half (P25–P75)."""
    p25, p75 = band.value("p25"), band.value("p75")
    if claim is None or p25 is None or p75 is None:
        return None
    midpoint = (claim.min + claim.max) / 2
    if midpoint > p75 and "p75" not in band.top_coded:
        return "above-p75"
    if midpoint < p25:
        return "below-p25"
    return "within-p25-p75"


def _national_band(role: Role) -> PayBand:
    wages = load_wages()
    areas = load_areas()
    cell = wages.get(role.primary_soc.code, NATIONAL_CODE)
    if cell is None:
        raise DataError(f"no national OEWS row for {role.primary_soc.code} (role {role.id})")
    return band_for_cell(cell, areas.national, role, wages)


def _sort_key(band: PayBand) -> tuple[int, int, str]:
    return (-(band.value("p50") or 0), -(band.value("p75") or 0), band.role_title or "")


def roles() -> list[RoleRanking]:
    """Every catalog role ranked by national median pay (P50), highest first."""
    catalog = load_catalog()
    bands = {r.id: _national_band(r) for r in catalog.roles}
    by_soc: dict[str, list[str]] = {}
    for r in catalog.roles:
        by_soc.setdefault(r.primary_soc.code, []).append(r.id)
    ordered = sorted(catalog.roles, key=lambda r: _sort_key(bands[r.id]))
    return [
        RoleRanking(
            rank=i,
            role_id=r.id,
            title=r.title,
            headline=r.headline,
            family=r.family,
            band=bands[r.id],
            shares_soc_with=tuple(x for x in by_soc[r.primary_soc.code] if x != r.id),
            claim=r.claimed_salary,
            claim_verdict=claim_verdict(r.claimed_salary, bands[r.id]),
            claim_source=catalog.article if r.claimed_salary else None,
        )
        for i, r in enumerate(ordered, start=1)
    ]


def top_metros(soc: str, role: Role | None = None, limit: int = 10) -> list[PayBand]:
    """The metro areas where an occupation's median pay is highest (top-coded medians first)."""
    wages = load_wages()
    areas = load_areas()
    bands = [
        band_for_cell(cell, areas.by_code[code], role, wages)
        for code, cell in wages.cells(soc).items()
        if code in areas.by_code and areas.by_code[code].type == "metro" and cell.has_wages
    ]
    bands = [b for b in bands if b.value("p50") is not None]
    return sorted(bands, key=lambda b: (-(b.value("p50") or 0), -(b.employment or 0)))[:limit]


def role(role_id: str) -> RoleReport:
    """Everything about one role (id, title or alias): duties, skills, links, pay and top metros."""
    from payband.reference.skills import load_skills

    found = _find_role(role_id)
    catalog = load_catalog()
    taxonomy = load_skills()
    skills = []
    for s in found.skills:
        skill = taxonomy.get(s.id)
        skills.append(
            RoleSkillView(
                id=s.id,
                label=skill.label if skill else s.id,
                category=skill.category if skill else "unknown",
                weight=s.weight.value,
                article_named=s.id in found.article_skills,
            )
        )
    national = _national_band(found)
    return RoleReport(
        role=found,
        skills=tuple(skills),
        multipliers=catalog.multipliers,
        national=national,
        top_metros=tuple(top_metros(found.primary_soc.code, found)),
        claim_verdict=claim_verdict(found.claimed_salary, national),
        article=catalog.article,
        onet_links=tuple(f"https://www.onetonline.org/link/summary/{code}" for code in found.onet_soc),
    )
