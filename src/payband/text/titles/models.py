"""The result of classifying a job title, and the seniority levels it can carry."""

from __future__ import annotations

from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["SENIORITIES", "TitleMatch", "TitleRole"]

SENIORITIES: tuple[str, ...] = (
    "intern", "junior", "mid", "senior", "staff", "principal", "lead", "manager", "director", "executive",
)  # fmt: skip


class TitleMatch(BaseModel):
    """What a job title says: the catalog role (or None outside the catalog), seniority and why."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str
    normalised: str = Field(description="the cleaned core title the match was made on")
    role: str | None = Field(description="catalog role id, or None when the title is outside the catalog")
    seniority: str | None = Field(description="one of SENIORITIES, or None when nothing in the title says")
    confidence: float = Field(ge=0.0, le=1.0, description="how sure the role (or no role) is, 0–1")
    evidence: str = Field(description="which alias or words decided")
    runner_up: str | None = None
    method: str = Field(
        description="exact, specialism, part, skill, reordered, swap, discipline, phrase or none"
    )

    def contract(self) -> dict[str, Any]:
        """The CLI/JSONL contract: exactly role, seniority and confidence."""
        return {"role": self.role, "seniority": self.seniority, "confidence": self.confidence}


class TitleRole(NamedTuple):
    """A :class:`TitleMatch`'s role, seniority, confidence and method, without its evidence: for readers
    that weigh many pieces of text as titles and keep few (a tuple, cheaper to build than the model)."""

    role: str | None
    seniority: str | None
    confidence: float
    method: str
