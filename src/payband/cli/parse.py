"""Parsing commands: salary text, job titles, locations — one text as a table, or JSON lines in/out.

The `--jsonl` forms are contracts other programs rely on: one JSON value per input line, in order,
empty lines included; a line that cannot be read gives {"error": "..."} and the stream goes on.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer

from payband.cli.common import JsonFlag, emit_json, fail_cleanly
from payband.errors import PaybandError

__all__ = ["location_app", "salary_app", "stream_jsonl", "title_app"]

salary_app = typer.Typer(help="Read pay out of salary text and job postings.", no_args_is_help=True)
title_app = typer.Typer(help="Classify job titles into catalog roles and seniority.", no_args_is_help=True)
location_app = typer.Typer(help="Resolve posting locations to OEWS areas.", no_args_is_help=True)

JsonlFlag = Annotated[
    bool,
    typer.Option("--jsonl", help="Read one text per line on stdin; write one JSON value per line."),
]
MAX_JSONL_LINE = 1_000_000


def stream_jsonl(convert: Callable[[str], Any]) -> None:
    """Apply convert to every stdin line and write one JSON value per line, in order."""
    out = sys.stdout
    for raw in sys.stdin:
        line = raw.rstrip("\r\n")
        try:
            if len(line) > MAX_JSONL_LINE:
                raise PaybandError(f"line is {len(line):,} characters; at most {MAX_JSONL_LINE:,}")
            value = convert(line)
        except PaybandError as exc:
            value = {"error": str(exc)}
        out.write(json.dumps(value, ensure_ascii=False) + "\n")
    out.flush()


def _one_text(text: str | None, jsonl: bool, what: str) -> str | None:
    if jsonl:
        if text is not None:
            raise typer.BadParameter(f"give the {what} on stdin with --jsonl, or as an argument")
        return None
    if text is None:
        raise typer.BadParameter(f"give a {what} as an argument, or use --jsonl and stdin")
    return text


@salary_app.command("parse")
@fail_cleanly
def salary_parse(
    text: Annotated[str | None, typer.Argument(help="Salary text, e.g. '$120k–$150k'.")] = None,
    jsonl: JsonlFlag = False,
    as_json: JsonFlag = False,
) -> None:
    """Parse salary text into min, max, period, currency and annual USD (null when it states no pay)."""
    from payband.cli import render
    from payband.text.salary import parse_salary

    one = _one_text(text, jsonl, "salary text")
    if one is None:
        stream_jsonl(lambda line: _contract(parse_salary(line)))
        return
    parsed = parse_salary(one)
    if as_json:
        emit_json(parsed.model_dump(mode="json") if parsed else None)
    else:
        render.salary(one, parsed)


def _contract(parsed: Any) -> Any:
    return None if parsed is None else parsed.contract()


@salary_app.command("find")
@fail_cleanly
def salary_find(
    path: Annotated[str, typer.Argument(help="A posting as a text or HTML file, or - for stdin.")],
    as_json: JsonFlag = False,
) -> None:
    """Find every pay statement inside a whole job posting (plain text or HTML)."""
    from payband.cli import render
    from payband.cli.files import read_text_input
    from payband.text.salary import find_salaries

    mentions = find_salaries(read_text_input(path))
    if as_json:
        emit_json([m.model_dump(mode="json") for m in mentions])
    else:
        render.salary_mentions(mentions)


@title_app.command("classify")
@fail_cleanly
def title_classify(
    title: Annotated[str | None, typer.Argument(help="A job title, e.g. 'Sr. ML Eng II (Remote)'.")] = None,
    description: Annotated[
        str | None, typer.Option(help="Posting text that breaks ties between close roles.")
    ] = None,
    jsonl: JsonlFlag = False,
    as_json: JsonFlag = False,
) -> None:
    """Classify a job title: catalog role (or none), seniority, confidence and the evidence."""
    from payband.cli import render
    from payband.text.titles import classify_title

    one = _one_text(title, jsonl, "job title")
    if one is None:
        stream_jsonl(lambda line: classify_title(line).contract())
        return
    match = classify_title(one, description)
    if as_json:
        emit_json(match.model_dump(mode="json"))
    else:
        render.title(match)


@location_app.command("resolve")
@fail_cleanly
def location_resolve(
    text: Annotated[str | None, typer.Argument(help="A posting location, e.g. 'Hybrid in Austin'.")] = None,
    jsonl: JsonlFlag = False,
    as_json: JsonFlag = False,
) -> None:
    """Resolve a posting location to an OEWS area (metro, else state, else national) with flags."""
    from payband.cli import render
    from payband.text.locations import resolve_location

    one = _one_text(text, jsonl, "location")
    if one is None:
        stream_jsonl(lambda line: resolve_location(line).model_dump(mode="json"))
        return
    match = resolve_location(one)
    if as_json:
        emit_json(match.model_dump(mode="json"))
    else:
        render.location(match)
