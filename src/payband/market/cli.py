"""`payband market`: ingest posting files, then ask for pay and demand statistics and skill premiums.

Registered by the main CLI as ``app.add_typer(market_app, name="market")``.
"""

from __future__ import annotations

import importlib.util
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from payband.cli.common import JsonFlag, emit_json, fail_cleanly
from payband.errors import InputError

__all__ = ["market_app"]

market_app = typer.Typer(
    help="Job-posting corpora: ingest into a store; pay, demand and skill premiums.", no_args_is_help=True
)

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="The DuckDB store (default: market.duckdb in your data directory), or a "
        "folder of Parquet tables for stats and premiums.",
    ),
]
OutOption = Annotated[
    Path | None, typer.Option("--out", help="Also write the rows to FILE.csv or FILE.parquet.")
]


class Engine(StrEnum):
    """Which engine ingests."""

    DUCKDB = "duckdb"
    SPARK = "spark"


class By(StrEnum):
    """What `market stats` groups by."""

    ROLE = "role"
    AREA = "area"
    SENIORITY = "seniority"
    SKILL = "skill"
    MONTH = "month"


def _store(db: Path | None) -> Path:
    from payband.market.store import default_db_path

    return db if db is not None else default_db_path()


def _money(x: float | None) -> str:
    return "not enough data" if x is None else f"${x:,.0f}"


@market_app.command("ingest")
@fail_cleanly
def ingest_cmd(
    files: Annotated[
        list[Path], typer.Argument(help="Posting files: .csv, .jsonl or .parquet, optionally .gz.")
    ],
    db: DbOption = None,
    engine: Annotated[
        Engine, typer.Option(help="duckdb (this machine) or spark (a cluster).")
    ] = Engine.DUCKDB,
    mapping: Annotated[
        list[str] | None,
        typer.Option("--map", help="COLUMN=FIELD for a column auto-detection misses (repeatable)."),
    ] = None,
    batch_size: Annotated[int, typer.Option(help="Rows per batch (memory is bounded by it).", min=1)] = 2000,
    workers: Annotated[
        int,
        typer.Option(
            help="Extraction processes working in parallel: 0 = one per CPU core (at most 4), 1 = extract "
            "in this process. Only the duckdb engine; the store is the same whatever the number.",
            min=0,
        ),
    ] = 0,
    progress: Annotated[bool, typer.Option(help="Show a progress bar on stderr.")] = True,
    master: Annotated[
        str, typer.Option(help="With --engine spark: the Spark master (local[2], spark://host:7077, …).")
    ] = "local[2]",
    as_json: JsonFlag = False,
) -> None:
    """Read posting files into the store: pay, role, seniority, skills, area; rejects kept with reasons."""
    from payband.market.columns import parse_map_options

    explicit = parse_map_options(mapping or [])
    if engine is Engine.SPARK:
        if importlib.util.find_spec("pyspark") is None:
            raise InputError("the Spark engine needs PySpark: pip install 'payband[spark]' (and Java 17)")
        from payband.market.spark_engine import ingest_spark

        summary = ingest_spark(files, db=db, explicit_map=explicit, master=master)
    else:
        from payband.market.ingest import IngestSettings, ingest

        summary = ingest(
            files,
            db=_store(db),
            explicit_map=explicit,
            progress=progress and not as_json,
            settings=IngestSettings(batch_size=batch_size, workers=workers),
        )
    if as_json:
        emit_json(summary.model_dump())
        return
    for f in summary.files:
        what = "already ingested, skipped" if f.skipped else f"{f.format}, {f.schema_detected} columns"
        typer.echo(f"{f.path}: {what}")
    typer.echo(
        f"Read {summary.rows_read:,} rows in {summary.seconds:,.1f} s ({summary.rate:,.0f}/s): "
        f"stored {summary.stored:,}, rejected {summary.rejected:,}, exact duplicates "
        f"{summary.exact_duplicates:,}, near-duplicates linked {summary.near_duplicates:,}"
    )
    for reason, n in summary.rejected_by_reason.items():
        typer.echo(f"  rejected {reason}: {n:,}")
    if summary.resumed_batches:
        typer.echo(f"  resumed {summary.resumed_batches:,} batches staged by an interrupted run")
    typer.echo(f"Store: {summary.db}")


@market_app.command("stats")
@fail_cleanly
def stats_cmd(
    by: Annotated[By, typer.Option("--by", help="Group by role, area, seniority, skill or month.")] = By.ROLE,
    role: Annotated[str | None, typer.Option(help="Only this role (id, title or alias).")] = None,
    area: Annotated[
        str | None, typer.Option(help="Only this area (metro, state; a state includes its metros).")
    ] = None,
    db: DbOption = None,
    out: OutOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Postings, share stating pay and pay P25/P50/P75 (annual USD) per group."""
    from payband.market.stats import stats, write_rows

    result = stats(_store(db), by.value, role=role, area=area)
    if out is not None:
        write_rows(result.rows, out)
    if as_json:
        emit_json(result.model_dump())
        return
    typer.echo(f"{result.n_total:,} postings (one per near-duplicate group) by {result.by}; {result.source}")
    typer.echo(f"{'group':<44} {'n':>8} {'pay %':>6} {'P25':>10} {'P50':>10} {'P75':>10}")
    for r in result.rows[:50]:
        name = (r.label or r.key or "(unknown)")[:44]
        typer.echo(
            f"{name:<44} {r.n:>8,} {r.share_pay * 100:>5.0f}% "
            + (
                f"{_money(r.p25):>10} {_money(r.p50):>10} {_money(r.p75):>10}"
                if r.p50 is not None
                else "  not enough data"
            )
        )
    if len(result.rows) > 50:
        typer.echo(f"… {len(result.rows) - 50} more groups (--json or --out for all)")


@market_app.command("premiums")
@fail_cleanly
def premiums_cmd(
    role: Annotated[str, typer.Option(help="The role (id, title or alias).")],
    area: Annotated[str | None, typer.Option(help="Only this area.")] = None,
    min_n: Annotated[int, typer.Option(help="Postings needed on each side to rank a skill.", min=2)] = 30,
    db: DbOption = None,
    out: OutOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Skill pay premiums within a role: median with vs without, 90% interval, n on each side."""
    from payband.market.stats import premiums, write_rows

    result = premiums(_store(db), role, area=area, min_n=min_n)
    if out is not None:
        write_rows([*result.ranked, *result.not_enough_data], out)
    if as_json:
        emit_json(result.model_dump())
        return
    where = f" in {result.area}" if result.area else ""
    typer.echo(f"{result.role}{where}: {result.n_pay:,} postings with pay; {result.source}")
    typer.echo(f"{'skill':<32} {'premium':>10} {'90% interval':>24} {'n with':>8} {'n without':>10}")
    for p in result.ranked:
        interval = f"{_money(p.ci90_low_usd)} to {_money(p.ci90_high_usd)}"
        mark = " *" if p.by_seniority else ""
        typer.echo(
            f"{p.label[:32]:<32} {_money(p.premium_usd):>10} {interval:>24} "
            f"{p.n_with:>8,} {p.n_without:>10,}{mark}"
        )
    if result.ranked and any(p.by_seniority for p in result.ranked):
        typer.echo("* compared within seniority levels")
    if result.not_enough_data:
        names = ", ".join(f"{p.label} (n={p.n_with})" for p in result.not_enough_data[:10])
        more = f" and {len(result.not_enough_data) - 10} more" if len(result.not_enough_data) > 10 else ""
        typer.echo(f"Not enough data (fewer than {result.min_n} on a side): {names}{more}")
