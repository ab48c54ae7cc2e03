"""The `payband` command: thin Typer commands over the core; tables for people, --json for programs."""

from __future__ import annotations

from typing import Annotated

import typer

from payband.cli.common import JsonFlag, emit_json, fail_cleanly
from payband.cli.parse import location_app, salary_app, title_app
from payband.cli.skills import skills_app

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
    role_id: Annotated[str, typer.Argument(help="Role id, title or alias, or a SOC code (15-2051).")],
    area: Annotated[
        str, typer.Option("--area", "-a", help="Metro, state or 'national', as you would type it.")
    ] = "national",
    as_json: JsonFlag = False,
) -> None:
    """The wage distribution for a role in an area, with its source line."""
    from payband.cli import render
    from payband.pay.bands import pay

    band = pay(role_id, area)
    if as_json:
        emit_json(band.model_dump(mode="json"))
    else:
        render.pay_band(band)


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


app.add_typer(salary_app, name="salary")
app.add_typer(title_app, name="title")
app.add_typer(location_app, name="location")
app.add_typer(skills_app, name="skills")


def run() -> None:
    """Console-script entry point."""
    app()
