"""The `payband` command: thin Typer commands over the core; tables for people, --json for programs."""

from __future__ import annotations

from typing import Annotated

import typer

from payband.cli.advise import advise_command
from payband.cli.common import JsonFlag, emit_json, fail_cleanly
from payband.cli.parse import location_app, salary_app, title_app
from payband.cli.serve import serve_command
from payband.cli.skills import skills_app
from payband.market.cli import market_app

app = typer.Typer(
    name="payband",
    help="Where the money in tech flows, and what you need to get there. Every figure is sourced.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from payband import __version__

        print(f"payband {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """Where the money in tech flows, and what you need to get there. Every figure is sourced."""


@app.command("roles")
@fail_cleanly
def roles_command(as_json: JsonFlag = False) -> None:
    """Rank every role by national median pay (BLS OEWS), with the article's claims beside BLS's."""
    from payband.cli import render
    from payband.pay.ranking import roles

    ranking = roles()
    if as_json:
        emit_json([r.model_dump(mode="json") for r in ranking])
    else:
        render.roles_table(ranking)


@app.command("role")
@fail_cleanly
def role_command(
    role_id: Annotated[str, typer.Argument(help="Role id (e.g. data-scientist), title or alias.")],
    as_json: JsonFlag = False,
) -> None:
    """Everything about one role: duties, skills, pay nationally and in its ten top-paying metros."""
    from payband.cli import render
    from payband.pay.ranking import role

    report = role(role_id)
    if as_json:
        emit_json(report.model_dump(mode="json"))
    else:
        render.role_report(report)


@app.command("pay")
@fail_cleanly
def pay_command(
    role_id: Annotated[
        str,
        typer.Argument(
            help="Role id, title or alias, or a SOC code (15-2051); or 'estimate' for a personal estimate."
        ),
    ],
    area: Annotated[
        str, typer.Option("--area", "-a", help="Metro, state or 'national', as you would type it.")
    ] = "national",
    years: Annotated[
        float | None, typer.Option(help="Years of experience: gives a personal estimate, not BLS's band.")
    ] = None,
    skills: Annotated[
        str | None, typer.Option(help="Comma-separated skills for a personal estimate (python,kubernetes).")
    ] = None,
    role: Annotated[str | None, typer.Option("--role", help="The role, with `pay estimate`.")] = None,
    jsonl: Annotated[
        bool,
        typer.Option(
            "--jsonl",
            help='With `pay estimate`: one JSON request per stdin line ({"role": …, "area": …, "years": …, '
            '"skills": […]}), one JSON result per line.',
        ),
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """The wage distribution for a role in an area with its source; `pay estimate` makes it personal."""
    from payband.cli import render

    skill_list = [s.strip() for s in (skills or "").split(",") if s.strip()]
    if role_id == "estimate":
        if jsonl:
            from payband.cli.parse import stream_jsonl

            stream_jsonl(_estimate_line)
            return
        if role is None:
            raise typer.BadParameter(
                "give the role with --role, e.g. payband pay estimate --role data-scientist"
            )
        role_id = role
    elif jsonl or role is not None:
        raise typer.BadParameter("--role and --jsonl go with `payband pay estimate`")
    if role_id == role or years is not None or skill_list:
        from payband.advice.paymodel import estimate_pay

        estimate = estimate_pay(role_id, area, years=years, skills=skill_list)
        if as_json:
            emit_json(estimate.contract())
        else:
            render.pay_estimate(estimate)
        return
    from payband.pay.bands import pay

    band = pay(role_id, area)
    if as_json:
        emit_json(band.model_dump(mode="json"))
    else:
        render.pay_band(band)


def _estimate_line(line: str) -> dict[str, object]:
    """One `pay estimate --jsonl` request → its contract, or an error object."""
    import json

    from payband.advice.paymodel import estimate_pay
    from payband.errors import InputError

    try:
        request = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"not a JSON object ({exc.msg}); send one request object per line") from None
    if not isinstance(request, dict) or not isinstance(request.get("role"), str):
        raise InputError(
            'each line must be a JSON object with at least "role", e.g. {"role": "data-scientist"}'
        )
    years = request.get("years")
    if years is not None and not isinstance(years, int | float):
        raise InputError(f"years must be a number; got {years!r}")
    skills = request.get("skills") or []
    if not isinstance(skills, list) or not all(isinstance(s, str) for s in skills):
        raise InputError("skills must be a list of strings")
    area = request.get("area") or "national"
    if not isinstance(area, str):
        raise InputError(f"area must be a string; got {area!r}")
    return estimate_pay(request["role"], area, years=years, skills=skills).contract()


@app.command("areas")
@fail_cleanly
def areas_command(
    search: Annotated[str, typer.Argument(help="Part of a metro or state name, or a state code.")] = "",
    limit: Annotated[int, typer.Option(min=1, max=600, help="Most areas to list.")] = 20,
    as_json: JsonFlag = False,
) -> None:
    """Find OEWS areas (national, states, metro and non-metro areas) by name."""
    from payband.cli import render
    from payband.reference.areas import load_areas

    found = load_areas().search(search, limit=limit)
    if as_json:
        emit_json([{"code": a.code, "name": a.name, "type": a.type, "state": a.state_abbr} for a in found])
    else:
        render.areas_table(found, search)


app.command("advise")(advise_command)
app.command("serve")(serve_command)
app.add_typer(salary_app, name="salary")
app.add_typer(title_app, name="title")
app.add_typer(location_app, name="location")
app.add_typer(skills_app, name="skills")
app.add_typer(market_app, name="market")


def run() -> None:
    """Console-script entry point."""
    app()
