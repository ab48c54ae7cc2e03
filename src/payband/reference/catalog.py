"""The roles catalog: what each tech role does, the skills it needs and which official codes stand for it.

The catalog is curated by hand in ``data/roles.yaml`` (facts from the 2026 "highest paying tech jobs"
article, O*NET 28.0 and ESCO 1.1.1, written in our own words) and validated here on load.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache, cached_property
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from payband.errors import DataError

__all__ = [
    "ArticleClaim",
    "Catalog",
    "EscoLink",
    "Multiplier",
    "Role",
    "RoleSkill",
    "SkillWeight",
    "SocLink",
    "ValueDriver",
    "find_role",
    "load_catalog",
]


class SkillWeight(StrEnum):
    """How much a skill matters for a role: needed to do the job, or a plus that raises fit."""

    REQUIRED = "required"
    VALUED = "valued"


class ValueDriver(StrEnum):
    """The article's closing idea: pay follows roles that reduce risk, create leverage or scale revenue."""

    REDUCE_RISK = "reduce-risk"
    CREATE_LEVERAGE = "create-leverage"
    SCALE_REVENUE = "scale-revenue"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SocLink(_Frozen):
    """A 2018 SOC code whose OEWS wages stand for the role, and how close the match is."""

    code: str = Field(pattern=r"^\d{2}-\d{4}$")
    title: str
    primary: bool = False
    match: Literal["exact", "close", "loose"]
    reason: str | None = None

    @model_validator(mode="after")
    def _loose_needs_reason(self) -> SocLink:
        if self.match != "exact" and not self.reason:
            raise ValueError(f"SOC {self.code} is a {self.match} match and needs a one-line reason")
        return self


class EscoLink(_Frozen):
    """An ESCO 1.1.1 occupation that corresponds to the role."""

    uri: str = Field(pattern=r"^http://data\.europa\.eu/esco/occupation/[0-9a-f-]{36}$")
    label: str


class RoleSkill(_Frozen):
    """A skill of a role, by taxonomy id, with its weight."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    weight: SkillWeight


class ArticleClaim(_Frozen):
    """The salary range the 2026 article claims for a headline role (USD per year)."""

    min: int
    max: int
    open_ended: bool = False
    note: str | None = None


class Multiplier(_Frozen):
    """One of the article's five cross-role pay multiplier skills."""

    id: str
    label: str
    why: str


class Role(_Frozen):
    """One tech role: duties, skills, official codes and (headline roles) the article's claim."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    headline: bool = False
    family: str
    summary: str
    responsibilities: tuple[str, ...]
    value_driver: ValueDriver
    claimed_salary: ArticleClaim | None = None
    article_skills: tuple[str, ...] = ()
    aliases: tuple[str, ...]
    soc: tuple[SocLink, ...]
    onet_soc: tuple[str, ...]
    esco_occupations: tuple[EscoLink, ...]
    skills: tuple[RoleSkill, ...]

    @field_validator("onet_soc")
    @classmethod
    def _onet_codes(cls, codes: tuple[str, ...]) -> tuple[str, ...]:
        for code in codes:
            if len(code) != 10 or code[2] != "-" or code[7] != ".":
                raise ValueError(f"O*NET-SOC code {code!r} must look like 15-2051.00")
        return codes

    @model_validator(mode="after")
    def _consistent(self) -> Role:
        if sum(link.primary for link in self.soc) != 1:
            raise ValueError(f"role {self.id}: exactly one SOC link must be primary")
        if self.headline and self.claimed_salary is None:
            raise ValueError(f"headline role {self.id} needs the article's claimed salary")
        ids = [s.id for s in self.skills]
        if len(ids) != len(set(ids)):
            raise ValueError(f"role {self.id}: a skill is listed twice")
        missing = set(self.article_skills) - set(ids)
        if missing:
            raise ValueError(f"role {self.id}: article skills not in its skills: {sorted(missing)}")
        return self

    @property
    def primary_soc(self) -> SocLink:
        """The SOC code whose wages are shown for this role."""
        return next(link for link in self.soc if link.primary)

    def skill_ids(self, weight: SkillWeight | None = None) -> tuple[str, ...]:
        """The role's skill ids, optionally only those of one weight."""
        return tuple(s.id for s in self.skills if weight is None or s.weight == weight)


class Catalog(_Frozen):
    """The whole roles file: roles, the article's multipliers, and where the facts came from."""

    version: str
    article: str
    multipliers: tuple[Multiplier, ...]
    roles: tuple[Role, ...]

    @model_validator(mode="after")
    def _unique_ids(self) -> Catalog:
        ids = [r.id for r in self.roles]
        if len(ids) != len(set(ids)):
            raise ValueError("role ids must be unique")
        return self

    @cached_property
    def _by_id(self) -> dict[str, Role]:
        return {r.id: r for r in self.roles}

    def get(self, role_id: str) -> Role | None:
        """The role with this exact id, or None."""
        return self._by_id.get(role_id)


@cache
def load_catalog() -> Catalog:
    """Load and validate the bundled roles catalog (cached: the file never changes at run time)."""
    try:
        text = resources.files("payband.reference").joinpath("data/roles.yaml").read_text("utf-8")
        raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        return Catalog.model_validate(raw)
    except OSError as exc:
        raise DataError(f"bundled roles catalog is missing ({exc}); reinstall payband") from exc
    except (yaml.YAMLError, ValueError) as exc:
        raise DataError(f"bundled roles catalog is invalid: {exc}") from exc


def _norm_title(text: str) -> str:
    return " ".join("".join(ch if ch.isalnum() else " " for ch in text.lower()).split())


def find_role(text: str, catalog: Catalog | None = None) -> Role:
    """Resolve a role id, title or alias as a person types it; NotFound lists the closest roles."""
    from payband.errors import NotFound

    catalog = catalog or load_catalog()
    exact = catalog.get(text.strip().lower())
    if exact is not None:
        return exact
    query = _norm_title(text)
    names: dict[str, Role] = {}
    for role in catalog.roles:
        for name in (role.id, role.title, *role.aliases):
            names.setdefault(_norm_title(name), role)
    if query in names:
        return names[query]
    from rapidfuzz import fuzz, process, utils

    hits = process.extract(query, list(names), scorer=fuzz.WRatio, limit=12, processor=utils.default_process)
    suggestions: list[str] = []
    for name, score, _ in hits:
        role_id = names[name].id
        if score >= 60 and role_id not in suggestions:
            suggestions.append(role_id)
    raise NotFound(
        f"unknown role {text!r}: use a role id such as 'data-scientist' (see `payband roles`)",
        suggestions=suggestions[:5],
    )
