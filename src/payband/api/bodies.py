"""Request bodies and response rows of the API routes that have no model in the core."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from payband.api.advise import MAX_DOCUMENT_CHARS, MAX_NAME_CHARS
from payband.api.settings import MAX_BATCH, MAX_RANK_BATCH
from payband.text.esco_rank import MAX_TEXT_CHARS as MAX_RANK_CHARS
from payband.text.locations import MAX_LOCATION_CHARS
from payband.text.salary import MAX_DESCRIPTION_CHARS as MAX_POSTING_CHARS
from payband.text.salary import MAX_SALARY_CHARS
from payband.text.titles import MAX_DESCRIPTION_CHARS as MAX_TITLE_CONTEXT_CHARS
from payband.text.titles import MAX_TITLE_CHARS

__all__ = [
    "AdviceBody",
    "AreaRow",
    "ClassifyRequest",
    "ExtractRequest",
    "FindRequest",
    "Health",
    "ParseRequest",
    "PayQuery",
    "RankRequest",
    "RankRow",
    "ResolveRequest",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ExtractRequest(_Strict):
    """A resume or posting (plain text, Markdown or HTML) to find payband skills in."""

    text: str = Field(max_length=MAX_DOCUMENT_CHARS)
    include_boilerplate: bool = Field(default=False, description="Also list skills named in boilerplate.")


class FindRequest(_Strict):
    """A whole job posting (text or HTML) to find pay statements in."""

    text: str = Field(max_length=MAX_POSTING_CHARS)


class RankRequest(_Strict):
    """Texts to rank skills for, one result per text, in order."""

    texts: list[Annotated[str, Field(max_length=MAX_RANK_CHARS)]] = Field(max_length=MAX_RANK_BATCH)
    top: int = Field(default=10, ge=1, le=100, description="Skills per text.")
    taxonomy: Literal["esco", "payband"] = Field(default="esco", description="ESCO 1.1.1 or payband skills.")


class ParseRequest(_Strict):
    """Salary texts, one result (or null) per text, in order."""

    texts: list[Annotated[str, Field(max_length=MAX_SALARY_CHARS)]] = Field(max_length=MAX_BATCH)


class ClassifyRequest(_Strict):
    """Job titles, and optionally the posting text that breaks ties between close roles."""

    titles: list[Annotated[str, Field(max_length=MAX_TITLE_CHARS)]] = Field(max_length=MAX_BATCH)
    description: str | None = Field(default=None, max_length=MAX_TITLE_CONTEXT_CHARS)


class ResolveRequest(_Strict):
    """Posting locations, one area per text, in order."""

    texts: list[Annotated[str, Field(max_length=MAX_LOCATION_CHARS)]] = Field(max_length=MAX_BATCH)


class PayQuery(BaseModel):
    """The /pay query string: a role and an area (read with ``payband.api.runtime.read_query``)."""

    model_config = ConfigDict(frozen=True)

    role: str = Field(min_length=1, max_length=MAX_NAME_CHARS, description="Role id, alias or SOC.")
    area: str = Field(default="national", max_length=MAX_NAME_CHARS, description="Metro, state or national.")


class RankRow(BaseModel):
    """Skills ranked for one text: ESCO labels, URIs and scores, or payband labels and ids."""

    labels: list[str]
    uris: list[str] | None = None
    scores: list[float] | None = None
    ids: list[str] | None = None
    error: str | None = None


class AreaRow(BaseModel):
    """One OEWS area, as `payband areas --json` lists it."""

    code: str
    name: str
    type: str
    state: str | None


class AdviceBody(BaseModel):
    """The advice, as `payband advise --json` writes it without the report path."""

    profile: dict[str, Any]
    fits: list[dict[str, Any]]
    pay: list[dict[str, Any]]
    gaps: dict[str, Any]
    path: dict[str, Any] | None
    market: dict[str, Any] | None = Field(
        default=None,
        description="Only on a server with a postings corpus (--market): its skill premiums for the target "
        "(or current) role, as `payband advise --market PATH --json` adds them (null when no role).",
    )


class Health(BaseModel):
    """The server is up, and which payband it runs."""

    status: Literal["ok"]
    version: str
