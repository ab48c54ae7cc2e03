"""The DuckDB postings store: tables, crash-safe staged ingestion, near-duplicate linking, Parquet export.

Ingestion writes each extracted batch to staging tables in its own transaction, keyed by (file SHA-256,
batch number); a killed run leaves whole batches behind, and the next run with the same files skips
them. ``finalize`` then moves a run's staged rows into the real tables, records the run and relinks
near-duplicates in one transaction, so the tables only ever hold complete runs. A file whose SHA-256 is
already recorded is not read again, and a posting whose content hash is stored is not added again.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
from platformdirs import user_data_path

from payband.errors import DataError, InputError
from payband.market.extract import ExtractedBatch, ExtractedTables
from payband.market.schema import POSTING_SKILLS_SCHEMA, POSTINGS_SCHEMA, REJECTS_SCHEMA, TABLE_SCHEMAS

__all__ = [
    "DEFAULT_DB_NAME",
    "FileRecord",
    "MarketStore",
    "RunRecord",
    "default_db_path",
    "export_parquet",
    "link_duplicates",
]

DEFAULT_DB_NAME = "market.duckdb"
_MAX_LINK_ROUNDS = 50


def default_db_path() -> Path:
    """The store used when no --db is given: ``market.duckdb`` in the user's data directory."""
    return user_data_path("payband", appauthor=False) / DEFAULT_DB_NAME


def _duck_type(t: pa.DataType) -> str:
    if pa.types.is_list(t):
        return _duck_type(t.value_type) + "[]"
    names = {
        pa.string(): "VARCHAR",
        pa.int64(): "BIGINT",
        pa.int32(): "INTEGER",
        pa.bool_(): "BOOLEAN",
        pa.float64(): "DOUBLE",
        pa.date32(): "DATE",
    }
    return names[t]


def _columns(schema: pa.Schema) -> str:
    return ", ".join(f"{f.name} {_duck_type(f.type)}" for f in schema)


def _ddl() -> list[str]:
    ddl = [
        f"CREATE TABLE IF NOT EXISTS {name} ({_columns(schema)})" for name, schema in TABLE_SCHEMAS.items()
    ]
    ddl += [
        f"CREATE TABLE IF NOT EXISTS stage_postings ({_columns(POSTINGS_SCHEMA)})",
        f"CREATE TABLE IF NOT EXISTS stage_skills ({_columns(POSTING_SKILLS_SCHEMA)}, source_file VARCHAR)",
        f"CREATE TABLE IF NOT EXISTS stage_rejects ({_columns(REJECTS_SCHEMA)})",
        """CREATE TABLE IF NOT EXISTS stage_batches (source_file VARCHAR, batch_no BIGINT, batch_size BIGINT,
           rows_read BIGINT, PRIMARY KEY (source_file, batch_no))""",
        """CREATE TABLE IF NOT EXISTS source_files (sha256 VARCHAR PRIMARY KEY, path VARCHAR,
           size_bytes BIGINT,
           format VARCHAR, rows_read BIGINT, stored BIGINT, rejected BIGINT, run_id VARCHAR,
           ingested_at TIMESTAMP)""",
        """CREATE TABLE IF NOT EXISTS ingest_runs (run_id VARCHAR PRIMARY KEY, started_at TIMESTAMP,
           finished_at TIMESTAMP, engine VARCHAR, files JSON, files_skipped JSON, rows_read BIGINT,
           stored BIGINT, rejected BIGINT, rejected_by_reason JSON, exact_duplicates BIGINT,
           near_duplicates BIGINT, resumed_batches BIGINT, extractor_versions JSON, settings JSON)""",
    ]
    return ddl


@dataclass(frozen=True, slots=True)
class FileRecord:
    """A source file of a run: path, SHA-256, size and the detected format."""

    path: str
    sha256: str
    size_bytes: int
    format: str


@dataclass(frozen=True, slots=True)
class RunRecord:
    """What ``finalize`` recorded for a run."""

    run_id: str
    rows_read: int
    stored: int
    rejected: int
    rejected_by_reason: dict[str, int]
    exact_duplicates: int
    near_duplicates: int
    resumed_batches: int


def link_duplicates(con: duckdb.DuckDBPyConnection, table: str = "postings") -> None:
    """Set ``dup_group`` and ``canonical`` on every row of ``table`` from its MinHash bands.

    Postings sharing a band are linked; ``dup_group`` is the smallest posting_id of the connected group
    (label propagation until stable), and ``canonical`` marks one row per group: pay stated first, then
    the smallest id. Depends only on the rows, not on the order they arrived in.
    """
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _bands AS SELECT posting_id, unnest(dup_bands) AS band FROM {table}"
    )
    con.execute(f"CREATE OR REPLACE TEMP TABLE _lab AS SELECT posting_id, posting_id AS label FROM {table}")
    for _ in range(_MAX_LINK_ROUNDS):
        con.execute(
            """CREATE OR REPLACE TEMP TABLE _next AS
               WITH bm AS (SELECT b.band, min(l.label) AS m FROM _bands b JOIN _lab l USING (posting_id)
                           GROUP BY b.band)
               SELECT b.posting_id, min(bm.m) AS m FROM _bands b JOIN bm USING (band) GROUP BY b.posting_id"""
        )
        changed = con.execute(
            "UPDATE _lab SET label = n.m FROM _next n "
            "WHERE _lab.posting_id = n.posting_id AND n.m < _lab.label"
        ).fetchone()
        if not changed or not changed[0]:
            break
    con.execute(
        f"""UPDATE {table} AS p SET dup_group = g.label, canonical = g.rn = 1 FROM (
              SELECT l.posting_id, l.label, row_number() OVER (
                PARTITION BY l.label ORDER BY (t.pay_mid_usd IS NULL), l.posting_id) AS rn
              FROM _lab l JOIN {table} t USING (posting_id)) g
            WHERE p.posting_id = g.posting_id"""
    )
    for name in ("_bands", "_lab", "_next"):
        con.execute(f"DROP TABLE IF EXISTS {name}")


class MarketStore:
    """A DuckDB postings store (a file, created on first use)."""

    def __init__(
        self, path: Path | str | None = None, *, read_only: bool = False, memory_limit: str = "2GB"
    ) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        if read_only and not self.path.is_file():
            raise InputError(f"no market store at {self.path}: ingest postings first (payband market ingest)")
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as exc:
            raise DataError(f"cannot open the market store {self.path}: {exc}") from exc
        self.con.execute(f"SET memory_limit = '{memory_limit}'")
        self.con.execute("SET preserve_insertion_order = false")
        if not read_only:
            for statement in _ddl():
                self.con.execute(statement)

    def close(self) -> None:
        """Close the connection (the file stays)."""
        self.con.close()

    def __enter__(self) -> MarketStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    # ------------------------------------------------------------------------------------- ingestion

    def file_ingested(self, sha256: str) -> bool:
        """True when a completed run already read this exact file."""
        row = self.con.execute("SELECT count(*) FROM source_files WHERE sha256 = ?", [sha256]).fetchone()
        return bool(row and row[0])

    def staged_batches(self, sha256: str, batch_size: int) -> set[int]:
        """Batch numbers of this file already staged by an unfinished run (same batch size), to skip."""
        rows = self.con.execute(
            "SELECT batch_no, batch_size FROM stage_batches WHERE source_file = ?", [sha256]
        ).fetchall()
        if any(size != batch_size for _, size in rows):
            self.discard_staged([sha256])  # batch boundaries moved: start the file over
            return set()
        return {int(no) for no, _ in rows}

    def discard_staged(self, sha256s: Sequence[str]) -> None:
        """Drop what unfinished runs staged for these files."""
        with self._transaction():
            for table in ("stage_postings", "stage_skills", "stage_rejects", "stage_batches"):
                self.con.execute(
                    f"DELETE FROM {table} WHERE source_file IN (SELECT unnest(?))", [list(sha256s)]
                )

    def stage(
        self, sha256: str, batch_no: int, batch_size: int, batch: ExtractedBatch | ExtractedTables
    ) -> None:
        """Write one extracted batch to staging, atomically with its batch marker."""
        tables = batch.tables()
        skills = tables["posting_skills"].append_column(
            "source_file", pa.array([sha256] * tables["posting_skills"].num_rows, pa.string())
        )
        with self._transaction():
            self.con.register("_sp", tables["postings"])
            self.con.register("_ss", skills)
            self.con.register("_sr", tables["rejects"])
            try:
                self.con.execute("INSERT INTO stage_postings SELECT * FROM _sp")
                self.con.execute("INSERT INTO stage_skills SELECT * FROM _ss")
                self.con.execute("INSERT INTO stage_rejects SELECT * FROM _sr")
                self.con.execute(
                    "INSERT INTO stage_batches VALUES (?, ?, ?, ?)",
                    [sha256, batch_no, batch_size, batch.rows_read],
                )
            finally:
                for name in ("_sp", "_ss", "_sr"):
                    self.con.unregister(name)

    def finalize(
        self,
        files: Sequence[FileRecord],
        *,
        started_at: datetime,
        skipped: Sequence[FileRecord] = (),
        resumed_batches: int = 0,
        engine: str = "duckdb",
        extractor_versions: dict[str, str] | None = None,
        settings: dict[str, Any] | None = None,
    ) -> RunRecord:
        """Move the run's staged rows into the tables, record the run and relink duplicates: one transaction.

        Among staged rows with the same posting_id the first by (file order, row) is kept; postings
        already stored are not added again.
        """
        run_id = uuid.uuid4().hex
        shas = [f.sha256 for f in files]
        con = self.con
        with self._transaction():
            con.execute("CREATE OR REPLACE TEMP TABLE _run_files (sha256 VARCHAR, file_order INTEGER)")
            if shas:
                con.executemany("INSERT INTO _run_files VALUES (?, ?)", [[s, i] for i, s in enumerate(shas)])
            cols = ", ".join(f.name for f in POSTINGS_SCHEMA)
            con.execute(
                f"""CREATE OR REPLACE TEMP TABLE _new AS
                    SELECT {cols} FROM (
                      SELECT s.*, row_number() OVER (
                        PARTITION BY s.posting_id ORDER BY f.file_order, s.source_row) AS rn
                      FROM stage_postings s JOIN _run_files f ON s.source_file = f.sha256)
                    WHERE rn = 1 AND posting_id NOT IN (SELECT posting_id FROM postings)"""
            )
            con.execute(f"INSERT INTO postings SELECT {cols} FROM _new")
            con.execute(
                """INSERT INTO posting_skills SELECT DISTINCT s.posting_id, s.skill_id FROM stage_skills s
                   JOIN _run_files f ON s.source_file = f.sha256
                   SEMI JOIN _new n ON s.posting_id = n.posting_id"""
            )
            con.execute(
                """INSERT INTO rejects SELECT r.* FROM stage_rejects r
                   JOIN _run_files f ON r.source_file = f.sha256
                   ANTI JOIN rejects o ON o.source_file = r.source_file AND o.source_row = r.source_row"""
            )
            per_file = {
                sha: (int(read or 0), int(posted or 0), int(rej or 0))
                for sha, read, posted, rej in con.execute(
                    """SELECT f.sha256,
                         (SELECT sum(rows_read) FROM stage_batches b WHERE b.source_file = f.sha256),
                         (SELECT count(*) FROM _new n WHERE n.source_file = f.sha256),
                         (SELECT count(*) FROM stage_rejects r WHERE r.source_file = f.sha256)
                       FROM _run_files f"""
                ).fetchall()
            }
            staged_rows = con.execute(
                "SELECT count(*) FROM stage_postings s SEMI JOIN _run_files f ON s.source_file = f.sha256"
            ).fetchone()
            reasons = dict(
                con.execute(
                    """SELECT reason, count(*) FROM stage_rejects r
                       SEMI JOIN _run_files f ON r.source_file = f.sha256
                       GROUP BY reason ORDER BY reason"""
                ).fetchall()
            )
            now = datetime.now(UTC).replace(tzinfo=None)
            for f in files:
                read, posted, rej = per_file.get(f.sha256, (0, 0, 0))
                con.execute(
                    "INSERT INTO source_files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [f.sha256, f.path, f.size_bytes, f.format, read, posted, rej, run_id, now],
                )
            for table in ("stage_postings", "stage_skills", "stage_rejects", "stage_batches"):
                con.execute(f"DELETE FROM {table} WHERE source_file IN (SELECT sha256 FROM _run_files)")
            link_duplicates(con)
            near = con.execute(
                """SELECT count(*) FROM postings p SEMI JOIN _new n ON p.posting_id = n.posting_id
                   WHERE p.dup_group IN (SELECT dup_group FROM postings GROUP BY 1 HAVING count(*) > 1)"""
            ).fetchone()
            rows_read = sum(v[0] for v in per_file.values())
            stored = sum(v[1] for v in per_file.values())
            rejected = sum(v[2] for v in per_file.values())
            exact = int(staged_rows[0] if staged_rows else 0) - stored
            record = RunRecord(
                run_id=run_id,
                rows_read=rows_read,
                stored=stored,
                rejected=rejected,
                rejected_by_reason={str(k): int(v) for k, v in reasons.items()},
                exact_duplicates=exact,
                near_duplicates=int(near[0] if near else 0),
                resumed_batches=resumed_batches,
            )

            def files_json(items: Sequence[FileRecord]) -> str:
                return json.dumps(
                    [
                        {"path": f.path, "sha256": f.sha256, "size_bytes": f.size_bytes, "format": f.format}
                        for f in items
                    ]
                )

            con.execute(
                "INSERT INTO ingest_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    run_id,
                    started_at.replace(tzinfo=None),
                    now,
                    engine,
                    files_json(files),
                    files_json(skipped),
                    rows_read,
                    stored,
                    rejected,
                    json.dumps(record.rejected_by_reason),
                    exact,
                    record.near_duplicates,
                    resumed_batches,
                    json.dumps(extractor_versions or {}),
                    json.dumps(settings or {}),
                ],
            )
            con.execute("DROP TABLE IF EXISTS _new")
            con.execute("DROP TABLE IF EXISTS _run_files")
        return record

    def counts(self) -> dict[str, int]:
        """Rows per table (postings, posting_skills, rejects, ingest_runs, source_files)."""
        out = {}
        for table in ("postings", "posting_skills", "rejects", "ingest_runs", "source_files"):
            row = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()
            out[table] = int(row[0]) if row else 0
        return out


def export_parquet(db: Path | str, folder: Path | str) -> dict[str, Path]:
    """Write postings, posting_skills and rejects as Parquet, sorted: equal stores give equal files."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    order = {
        "postings": "posting_id",
        "posting_skills": "posting_id, skill_id",
        "rejects": "source_file, source_row",
    }
    written: dict[str, Path] = {}
    with MarketStore(db, read_only=True) as store:
        for table, key in order.items():
            target = out / f"{table}.parquet"
            store.con.execute(f"COPY (SELECT * FROM {table} ORDER BY {key}) TO '{target}' (FORMAT parquet)")
            written[table] = target
    return written
