"""The advisor's four answers: which roles fit, what each pays this person, what to learn, how to move.

`advise(profile, target)` runs the core pieces (fit, estimate_pay, gaps, paths) once and returns one
typed result that the CLI, the HTML report and the HTTP API all render.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict

from payband.advice.fit import RoleFit, fit, resolve_role
from payband.advice.gaps import GapReport, gaps
from payband.advice.paths import CareerPath, paths
from payband.advice.pay_core import estimate_on_band
from payband.advice.paymodel import PayEstimate, role_band
from payband.advice.paymodel import estimate_pay as _estimate_role
from payband.advice.profile import Profile
from payband.errors import PaybandError
from payband.market.stats import MarketPremiums
from payband.memo import asks
from payband.pay.bands import PayBand
from payband.reference.catalog import find_role, load_catalog

__all__ = ["Advice", "RolePay", "advise", "estimate_pay"]

TOP_FITS = 5


class RolePay(BaseModel):
    """A person's estimate in one role beside the OEWS band it starts from (None where BLS has none)."""

    model_config = ConfigDict(frozen=True)

    role_id: str
    why: str
    estimate: PayEstimate | None
    band: PayBand | None
    note: str | None = None


class Advice(BaseModel):
    """Everything `payband advise` answers: the profile, fits, pay, skills to learn and the path."""

    model_config = ConfigDict(frozen=True)

    profile: Profile
    fits: tuple[RoleFit, ...]
    pay: tuple[RolePay, ...]
    gaps: GapReport
    path: CareerPath | None
    target: str | None
    market: MarketPremiums | None = None
    """Skill premiums from a job-posting corpus (`--market`), beside the built-in ones."""


def _area(profile: Profile) -> str:
    return profile.area_code or "national"


def estimate_pay(profile: Profile, role: str) -> PayEstimate:
    """The person's pay estimate (P10–P90 with every factor) in one role, in their area."""
    found = resolve_role(role)
    return _estimate_role(found.id, _area(profile), years=profile.years, skills=profile.skills)


def _role_pay(profile: Profile, role_id: str, why: str) -> RolePay:
    # the same steps as estimate_pay, keeping the OEWS band it is built on (one look-up, not two)
    try:
        # a role id (every role an advice weighs) straight from the catalog; find_role reads any other text
        role = load_catalog().get(role_id) or find_role(role_id)
        band = role_band(role.id, _area(profile))
        # estimate_from_band without its plain-Python wrapper: the profile's years and skills are valid
        estimate = estimate_on_band(role, band, profile.years, None, profile.skills, None)
    except PaybandError as exc:
        return RolePay(role_id=role_id, why=why, estimate=None, band=None, note=str(exc))
    return RolePay(role_id=role_id, why=why, estimate=estimate, band=band)


@asks
def advise(profile: Profile, target: str | None = None, *, market: str | Path | None = None) -> Advice:
    """Fit every role, estimate pay in the closest ones, rank skills to learn and plan the move.

    With ``market`` (a corpus store from `payband market ingest`), the corpus's skill premiums for
    the target (or current) role are added, each with its n, beside the built-in evidence.
    """
    target_id = resolve_role(target, "target role").id if target else None
    fits = tuple(fit(profile))
    gap_report = gaps(profile, target_id)
    wanted: dict[str, str] = {}
    if profile.current_role:
        wanted[profile.current_role] = "current role"
    if target_id:
        wanted.setdefault(target_id, "target role")
    for role_fit in fits[:TOP_FITS]:
        wanted.setdefault(role_fit.role_id, "a top fit")
    for role_id in gap_report.targets:
        wanted.setdefault(role_id, "a higher-paying role within reach")
    pay = tuple(_role_pay(profile, role_id, why) for role_id, why in wanted.items())
    goal = target_id or (gap_report.targets[0] if gap_report.targets else None)
    path = paths(profile, goal) if goal else None
    corpus = None
    corpus_role = goal or profile.current_role or (fits[0].role_id if fits else None)
    if market is not None and corpus_role is not None:
        from payband.market.stats import market_premiums_for

        corpus = market_premiums_for(profile.skills, corpus_role, market)
    return Advice(profile=profile, fits=fits, pay=pay, gaps=gap_report, path=path, target=goal, market=corpus)
