"""Skill commands: find payband-taxonomy skills in a resume or posting, and rank ESCO skills for text.

`payband skills rank --taxonomy esco --top 10 --jsonl` is a contract used by evaluations: one JSON
object per input line, in order, with key `labels` (ESCO 1.1.1 preferred labels, best first).
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from itertools import islice
from typing import Annotated, Any

import typer

from payband.cli.common import JsonFlag, emit_json, fail_cleanly
from payband.errors import PaybandError

__all__ = ["skills_app"]

skills_app = typer.Typer(help="Find skills in resumes and postings; rank ESCO skills.", no_args_is_help=True)

RANK_BATCH = 64


class Taxonomy(StrEnum):
    """Which skill taxonomy `skills rank` ranks."""

    ESCO = "esco"
    PAYBAND = "payband"


def _read(path: str) -> str:
    """A document's text: a file of any supported format, or stdin for '-'."""
    from payband.cli.files import MAX_TEXT_BYTES
    from payband.text.readers import read_document

    if path == "-":
        data = sys.stdin.buffer.read(MAX_TEXT_BYTES + 1)
        return read_document(data, filename="stdin").text
    return read_document(path).text


@skills_app.command("extract")
@fail_cleanly
def skills_extract(
    path: Annotated[
        str, typer.Argument(help="Resume or posting: PDF, DOCX, Markdown, text or HTML; - for stdin.")
    ],
    include_boilerplate: Annotated[
        bool, typer.Option(help="Also list skills named only in benefits, EEO text or the company blurb.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """List the payband-taxonomy skills a document names, with where and how sure."""
    from payband.cli import render
    from payband.text.skill_extraction import extract_skills

    mentions = extract_skills(_read(path), include_boilerplate=include_boilerplate)
    if as_json:
        emit_json([_as_dict(m) for m in mentions])
    else:
        render.skill_mentions(mentions)


def _as_dict(item: Any) -> Any:
    if hasattr(item, "model_dump"):
        return item.model_dump(mode="json")
    from dataclasses import asdict

    return asdict(item)


def _rank_lines(lines: list[str], taxonomy: Taxonomy, top: int) -> list[dict[str, Any]]:
    """Rank one batch of lines; a line that fails gets an error object, the others still rank."""
    if taxonomy is Taxonomy.PAYBAND:
        return [_rank_payband(line, top) for line in lines]
    from payband.text.esco_rank import rank_esco_skills_batch

    try:
        ranked = rank_esco_skills_batch(lines, top)
    except PaybandError:
        return [_rank_one_esco(line, top) for line in lines]
    return [_esco_row(hits) for hits in ranked]


def _rank_one_esco(line: str, top: int) -> dict[str, Any]:
    from payband.text.esco_rank import rank_esco_skills

    try:
        return _esco_row(rank_esco_skills(line, top))
    except PaybandError as exc:
        return {"labels": [], "error": str(exc)}


def _esco_row(hits: Any) -> dict[str, Any]:
    return {
        "labels": [h.label for h in hits],
        "uris": [h.uri for h in hits],
        "scores": [round(float(h.score), 4) for h in hits],
    }


def _rank_payband(line: str, top: int) -> dict[str, Any]:
    from payband.text.skill_extraction import extract_skills

    try:
        mentions = extract_skills(line, include_boilerplate=True)
    except PaybandError as exc:
        return {"labels": [], "error": str(exc)}
    best: dict[str, Any] = {}
    for m in mentions:
        if m.skill_id not in best or m.confidence > best[m.skill_id].confidence:
            best[m.skill_id] = m
    ranked = sorted(best.values(), key=lambda m: (-m.confidence, m.start))[:top]
    return {"labels": [m.label for m in ranked], "ids": [m.skill_id for m in ranked]}


@skills_app.command("rank")
@fail_cleanly
def skills_rank(
    text: Annotated[str | None, typer.Argument(help="A sentence or passage to rank skills for.")] = None,
    taxonomy: Annotated[Taxonomy, typer.Option(help="Rank ESCO 1.1.1 skills or payband skills.")] = (
        Taxonomy.ESCO
    ),
    top: Annotated[int, typer.Option(min=1, max=100, help="How many skills to return per text.")] = 10,
    jsonl: Annotated[
        bool,
        typer.Option("--jsonl", help="Read one text per line on stdin; write one JSON object per line."),
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Rank the skills a text expresses, best first (ESCO preferred labels by default)."""
    if jsonl:
        if text is not None:
            raise typer.BadParameter("give texts on stdin with --jsonl, or one text as an argument")
        lines = (raw.rstrip("\r\n") for raw in sys.stdin)
        while batch := list(islice(lines, RANK_BATCH)):
            for row in _rank_lines(batch, taxonomy, top):
                sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
            sys.stdout.flush()
        return
    if text is None:
        raise typer.BadParameter("give a text as an argument, or use --jsonl and stdin")
    row = _rank_lines([text], taxonomy, top)[0]
    if "error" in row:
        raise PaybandError(row["error"])
    if as_json:
        emit_json(row)
    else:
        from payband.cli import render

        render.ranked_skills(row, taxonomy.value)
