"""Inputs of the advice routes: JSON, or a multipart form with a resume upload read in memory only.

The upload is checked for size and type and handed to the core as bytes; nothing is spooled to disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qsl

from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header

from payband.api.errors import ApiError
from payband.api.settings import ApiSettings
from payband.errors import InputError
from payband.memo import question

__all__ = [
    "MAX_DOCUMENT_CHARS",
    "MAX_NAME_CHARS",
    "MAX_SKILLS",
    "UPLOAD_TYPES",
    "AdviseInputs",
    "AdviseRequest",
    "Upload",
    "advice_html",
    "advice_json",
    "advise_openapi",
    "read_inputs",
]

MAX_DOCUMENT_CHARS = 1_000_000
MAX_NAME_CHARS = 200
MAX_SKILLS = 500
UPLOAD_TYPES: dict[str, tuple[str, ...]] = {
    ".pdf": ("application/pdf",),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",),
    ".md": ("text/markdown", "text/x-markdown"),
    ".markdown": (),
    ".txt": ("text/plain",),
    ".text": (),
    ".html": ("text/html",),
    ".htm": ("application/xhtml+xml",),
}
"""Resume uploads accepted: file extension → the media types that name the same format."""
_EXT_BY_TYPE = {media: ext for ext, types in UPLOAD_TYPES.items() for media in types}
_FORM_FIELDS = ("text", "skills", "area", "years", "role", "target")


class AdviseRequest(BaseModel):
    """Advice inputs as JSON: a resume's text, skills, or both, plus what overrides the resume."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str | None = Field(default=None, max_length=MAX_DOCUMENT_CHARS, description="The resume's text.")
    skills: (
        Annotated[list[Annotated[str, Field(max_length=MAX_NAME_CHARS)]], Field(max_length=MAX_SKILLS)]
        | Annotated[str, Field(max_length=MAX_DOCUMENT_CHARS)]
        | None
    ) = Field(default=None, description="Skill names, a list or one comma-separated string.")
    area: str | None = Field(default=None, max_length=MAX_NAME_CHARS, description="Metro, state or national.")
    years: float | None = Field(default=None, description="Years of experience (else read from the resume).")
    role: str | None = Field(default=None, max_length=MAX_NAME_CHARS, description="Your current role.")
    target: str | None = Field(default=None, max_length=MAX_NAME_CHARS, description="The role you want.")


@dataclass(frozen=True, slots=True)
class Upload:
    """A resume read from a multipart form, in memory."""

    data: bytes
    filename: str | None


@dataclass(frozen=True, slots=True)
class AdviseInputs:
    """What one advice request asked for: the fields, and the uploaded resume if any."""

    request: AdviseRequest
    upload: Upload | None


def advise_openapi() -> dict[str, Any]:
    """The request body of the advice routes in OpenAPI: JSON, or a form with an optional upload."""
    fields: dict[str, Any] = {
        **{name: {"type": "string", "maxLength": MAX_NAME_CHARS} for name in _FORM_FIELDS},
        "text": {"type": "string", "maxLength": MAX_DOCUMENT_CHARS, "description": "The resume's text."},
        "skills": {"type": "string", "maxLength": MAX_DOCUMENT_CHARS, "description": "python,sql,…"},
        "years": {"type": "number", "description": "Years of experience."},
    }
    upload = {
        "type": "string",
        "format": "binary",
        "description": "PDF, DOCX, Markdown, text or HTML resume, within the upload limit (5 MB).",
    }
    form = {"type": "object", "additionalProperties": False, "properties": {"resume": upload, **fields}}
    plain = {"type": "object", "additionalProperties": False, "properties": fields}
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": AdviseRequest.model_json_schema()},
                "multipart/form-data": {"schema": form},
                "application/x-www-form-urlencoded": {"schema": plain},
            },
        }
    }


# ------------------------------------------------------------------------------------------- advise


def _read_form(body: bytes, content_type: str, settings: ApiSettings) -> tuple[dict[str, str], Upload | None]:
    """A multipart form's fields and its resume upload, parsed in memory (never spooled to disk)."""
    _, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    if not boundary:
        raise InputError("multipart body has no boundary in its Content-Type")
    parts: list[tuple[dict[bytes, bytes], bytearray]] = []
    header_name = bytearray()
    header_value = bytearray()

    def begin() -> None:
        parts.append(({}, bytearray()))

    def field(data: bytes, start: int, end: int) -> None:
        header_name.extend(data[start:end])

    def value(data: bytes, start: int, end: int) -> None:
        header_value.extend(data[start:end])

    def header_end() -> None:
        parts[-1][0][bytes(header_name).lower()] = bytes(header_value)
        header_name.clear()
        header_value.clear()

    def data(chunk: bytes, start: int, end: int) -> None:
        parts[-1][1].extend(chunk[start:end])

    callbacks: Any = {
        "on_part_begin": begin,
        "on_header_field": field,
        "on_header_value": value,
        "on_header_end": header_end,
        "on_part_data": data,
    }
    try:
        parser = MultipartParser(boundary, callbacks)
        parser.write(body)
        parser.finalize()
    except MultipartParseError as exc:
        raise InputError(f"cannot read the multipart form: {exc}") from None
    fields: dict[str, str] = {}
    upload: Upload | None = None
    for headers, content in parts:
        _, options = parse_options_header(headers.get(b"content-disposition", b""))
        name = options.get(b"name", b"").decode("utf-8", "replace")
        if name == "resume":
            if upload is not None:
                raise InputError("form field 'resume' is given more than once; give one file")
            filename = options.get(b"filename", b"").decode("utf-8", "replace") or None
            if filename is None and not content:
                continue  # a browser's empty file input
            media = headers.get(b"content-type", b"").decode("latin-1").split(";")[0].strip().lower()
            upload = _check_upload(bytes(content), filename, media, settings)
        else:
            _add_field(fields, name, content.decode("utf-8", "replace"))
    return fields, upload


def _add_field(fields: dict[str, str], name: str, value: str) -> None:
    if name not in _FORM_FIELDS:
        allowed = ", ".join(("resume", *_FORM_FIELDS))
        raise InputError(f"unknown form field {name!r}; the fields are {allowed}")
    if name in fields:
        raise InputError(f"form field {name!r} is given more than once; give it once")
    fields[name] = value


def _read_urlencoded(body: bytes) -> dict[str, str]:
    """A plain form's fields (no file), as a browser posts it without an upload."""
    fields: dict[str, str] = {}
    for name, value in parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True):
        _add_field(fields, name, value)
    return fields


def _check_upload(data: bytes, filename: str | None, media: str, settings: ApiSettings) -> Upload:
    limit = settings.max_upload_bytes
    if len(data) > limit:
        raise ApiError(413, f"the resume is {len(data):,} bytes; at most {limit:,} are accepted")
    ext = ""
    if filename and "." in filename:
        ext = "." + filename.rsplit(".", 1)[1].lower()
    kinds = ", ".join(sorted(UPLOAD_TYPES))
    if ext and ext not in UPLOAD_TYPES:
        raise ApiError(415, f"cannot read {ext} files; upload a resume as {kinds}")
    if not ext and media in _EXT_BY_TYPE:
        filename = f"resume{_EXT_BY_TYPE[media]}"
    elif not ext and media not in ("", "application/octet-stream"):
        raise ApiError(415, f"cannot read {media} uploads; upload a resume as {kinds}")
    return Upload(data=data, filename=filename)


def read_inputs(content_type: str, body: bytes, settings: ApiSettings) -> AdviseInputs:
    """The advice inputs of a request body: a multipart form (with an optional upload) or JSON."""
    media = content_type.split(";")[0].strip().lower()
    try:
        if media in ("multipart/form-data", "application/x-www-form-urlencoded"):
            upload = None
            if media == "multipart/form-data":
                fields, upload = _read_form(body, content_type, settings)
            else:
                fields = _read_urlencoded(body)
            values = {k: v for k, v in fields.items() if v.strip()}  # a form's empty fields are unset
            return AdviseInputs(AdviseRequest.model_validate(values), upload)
        if not media or media == "application/json" or media.endswith("+json"):
            return AdviseInputs(AdviseRequest.model_validate_json(body or b"{}"), None)
    except ValidationError as exc:
        raise RequestValidationError(exc.errors(include_url=False, include_context=False)) from None
    raise ApiError(415, f"send a form (multipart or urlencoded) or JSON to this route, not {media}")


def _advice(inputs: AdviseInputs, market: Path | None) -> Any:
    with question():  # reading the resume and answering: one question, nothing kept after it
        return _answer(inputs, market)


def _answer(inputs: AdviseInputs, market: Path | None) -> Any:
    request, upload = inputs.request, inputs.upload
    from payband.advice.advise import advise
    from payband.advice.profile import Profile

    profile = Profile.build(
        upload.data if upload else None,
        text=request.text,
        skills=request.skills or (),
        years=request.years,
        current_role=request.role,
        area=request.area,
        filename=upload.filename if upload else None,
    )
    return advise(profile, request.target, market=market)


_ADVICE_KEYS = frozenset({"profile", "fits", "pay", "gaps", "path"})


def advice_json(inputs: AdviseInputs, market: Path | None = None) -> bytes:
    """The advice as `payband advise --json` writes it, without the report path, as UTF-8 JSON.

    With a postings corpus (``market``, the server's --market), "market" holds its skill premiums as
    `payband advise --market PATH --json` writes them; without one the key is left out. Serialised
    by pydantic's compiled serializer straight from the models: a full answer is ~130 KB, and going
    through Python dicts and the json module took four times as long.
    """
    advice = _advice(inputs, market)
    keys = (_ADVICE_KEYS | {"market"}) if market is not None else _ADVICE_KEYS
    body: bytes = advice.__pydantic_serializer__.to_json(advice, include=set(keys))
    return body


def advice_html(inputs: AdviseInputs, market: Path | None = None) -> str:
    """The advice as the self-contained HTML report (with the corpus's premiums when ``market`` is set)."""
    from payband.advice.report import render_report

    return render_report(_advice(inputs, market))
