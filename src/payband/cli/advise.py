"""`payband advise`: a resume or skills in; fits, pay, skills to learn, a path and an HTML report out."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from payband.cli.common import JsonFlag, emit_json, fail_cleanly

__all__ = ["DEFAULT_REPORT", "advise_command"]

DEFAULT_REPORT = "payband-advice.html"


@fail_cleanly
def advise_command(
    document: Annotated[
        str | None,
        typer.Argument(
            help="Resume: PDF, DOCX, Markdown, text or HTML; - for stdin. Optional with --skills."
        ),
    ] = None,
    skills: Annotated[
        str | None, typer.Option(help="Comma-separated skills, added to those found in the resume.")
    ] = None,
    area: Annotated[str | None, typer.Option(help="Where you work: metro, state or 'national'.")] = None,
    years: Annotated[
        float | None, typer.Option(help="Years of experience (else read from the resume).")
    ] = None,
    role: Annotated[
        str | None, typer.Option(help="Your current role (else read from the latest title).")
    ] = None,
    target: Annotated[str | None, typer.Option(help="The role you want, e.g. ml-engineer.")] = None,
    report: Annotated[Path, typer.Option(help="Where to write the HTML report.", dir_okay=False)] = Path(
        DEFAULT_REPORT
    ),
    no_report: Annotated[bool, typer.Option("--no-report", help="Do not write the HTML report.")] = False,
    market: Annotated[
        Path | None,
        typer.Option(help="A corpus store from `payband market ingest`: its skill premiums, with n, too."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Which roles fit you, what you would earn, which skills to learn next, and how to get there."""
    from payband.advice.advise import advise
    from payband.advice.profile import Profile
    from payband.cli import render
    from payband.errors import InputError

    if document is None and not skills:
        raise InputError("give a resume file (or - for stdin), or --skills python,sql,…")
    source: str | bytes | None = document
    if document == "-":
        from payband.cli.files import MAX_TEXT_BYTES

        source = sys.stdin.buffer.read(MAX_TEXT_BYTES + 1)
    profile = Profile.build(
        source,
        skills=skills or (),
        years=years,
        current_role=role,
        area=area,
        filename="stdin" if document == "-" else None,
    )
    advice = advise(profile, target, market=market)
    written: Path | None = None
    if not no_report:
        from payband.advice.report import render_report

        try:
            report.write_text(render_report(advice), encoding="utf-8")
        except OSError as exc:
            raise InputError(
                f"cannot write the report to {report}: {exc.strerror}; pass --report PATH"
            ) from None
        written = report
    if as_json:
        emit_json(
            {
                "profile": advice.profile.model_dump(mode="json"),
                "fits": [f.model_dump(mode="json") for f in advice.fits],
                "pay": [p.model_dump(mode="json") for p in advice.pay],
                "gaps": advice.gaps.model_dump(mode="json"),
                "path": advice.path.model_dump(mode="json") if advice.path else None,
                "market": advice.market.model_dump(mode="json") if advice.market else None,
                "report": str(written) if written else None,
            }
        )
    else:
        render.advice(advice, written)
