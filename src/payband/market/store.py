"""The DuckDB postings store: tables, crash-safe staged ingestion, near-duplicate linking, Parquet export.

Ingestion writes each extracted batch as Arrow IPC files in a staging folder beside the store
(``<store>.staging/<file SHA-256>/``), each file renamed into place whole, then records the batch in
``stage_batches``: a batch counts as staged when its marker and its files are both there, so a killed run
leaves whole batches behind and the next run with the same files skips them. (Writing the batches to
DuckDB tables instead costs several times more CPU per posting, and more as the tables grow.)
``finalize`` then moves a run's staged rows into the real tables, records the run and relinks
near-duplicates in one transaction, so the tables only ever hold complete runs; the run's staged files
are removed after it commits. A file whose SHA-256 is
already recorded is not read again, and a posting whose content hash is stored is not added again.
"""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as pa_ds
import pyarrow.ipc as pa_ipc
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
#: the staged tables of a batch, each in its own file ``<batch_no>.<table>.arrow``
_STAGED_TABLES = {
    "postings": POSTINGS_SCHEMA,
    "posting_skills": POSTING_SKILLS_SCHEMA,
    "rejects": REJECTS_SCHEMA,
}
_IPC_OPTIONS = pa_ipc.IpcWriteOptions(compression="lz4")


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
    the smallest id. Depends only on the rows, not on the order they arrived in. The labels are computed
    by :func:`link_labels` (NumPy, over the posting ids in sorted order), then written back in one
    UPDATE of the rows whose values change.
    """
    data = con.sql(
        f"SELECT posting_id, dup_bands, pay_mid_usd IS NULL AS no_pay FROM {table} ORDER BY posting_id"
    ).to_arrow_table()
    ids = data.column("posting_id").combine_chunks()
    bands = data.column("dup_bands").combine_chunks()
    no_pay = data.column("no_pay").to_numpy(zero_copy_only=False).astype(bool)
    del data
    label = link_labels(bands)
    canonical = _canonical(label, no_pay)
    result = pa.table({"posting_id": ids, "dup_group": ids.take(pa.array(label)), "canonical": canonical})
    con.register("_links", result)
    try:
        con.execute(
            f"""UPDATE {table} AS p SET dup_group = g.dup_group, canonical = g.canonical FROM _links g
                WHERE p.posting_id = g.posting_id AND (p.dup_group IS DISTINCT FROM g.dup_group
                                                       OR p.canonical IS DISTINCT FROM g.canonical)"""
        )
    finally:
        con.unregister("_links")


def link_labels(bands: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """For postings 0..n-1 (in posting_id order) with their band lists, the index of each one's label:
    synchronous label propagation over shared bands, as the SQL of earlier versions and the Spark engine
    do it (each round every posting takes the smallest label of its bands, at most ``_MAX_LINK_ROUNDS``
    rounds, until nothing changes). Sorting replaces the joins: the rows of each band and of each posting
    are contiguous, so a round is two ``minimum.reduceat`` over the (posting, band) pairs."""
    if isinstance(bands, pa.ChunkedArray):
        bands = bands.combine_chunks() if bands.num_chunks else pa.array([], pa.list_(pa.int64()))
    n = len(bands)
    label = np.arange(n, dtype=np.int64)
    if n == 0:
        return label
    lists = cast(pa.ListArray, bands)
    counts = pc.fill_null(pc.list_value_length(lists), 0).to_numpy(zero_copy_only=False)
    flat = lists.flatten().to_numpy(zero_copy_only=False)  # the values of the non-null lists, in order
    owner = np.repeat(np.arange(n, dtype=np.int64), counts)
    # keep (posting, band) pairs of bands that more than one posting holds: the others never move a label
    order = np.lexsort((owner, flat))
    flat, owner = flat[order], owner[order]
    pair = np.ones(len(flat), dtype=bool)
    pair[1:] = (flat[1:] != flat[:-1]) | (owner[1:] != owner[:-1])  # one pair per (band, posting)
    flat, owner = flat[pair], owner[pair]
    if not len(flat):
        return label
    new_band = np.ones(len(flat), dtype=bool)
    new_band[1:] = flat[1:] != flat[:-1]
    band_no = np.cumsum(new_band) - 1
    sizes = np.bincount(band_no)
    shared = (sizes > 1)[band_no]
    owner = owner[shared]
    if not len(owner):
        return label
    band_no = np.cumsum(new_band[shared]) - 1  # bands renumbered 0.. in sorted order
    band_start = np.flatnonzero(np.diff(band_no, prepend=-1))
    by_owner = np.argsort(owner, kind="stable")
    owners = owner[by_owner]
    owner_start = np.flatnonzero(np.diff(owners, prepend=-1))
    members = owners[owner_start]  # postings holding a shared band
    for _ in range(_MAX_LINK_ROUNDS):
        band_min = np.minimum.reduceat(label[owner], band_start)
        best = np.minimum.reduceat(band_min[band_no][by_owner], owner_start)
        moved = best < label[members]
        if not moved.any():
            break
        label[members[moved]] = best[moved]
    return label


def _canonical(label: np.ndarray, no_pay: np.ndarray) -> np.ndarray:
    """Per posting (in posting_id order), whether it is its group's first by (pay missing, posting_id)."""
    n = len(label)
    key = no_pay.astype(np.int64) * n + np.arange(n, dtype=np.int64)
    first = np.full(n, 2 * n, dtype=np.int64)
    np.minimum.at(first, label, key)
    return cast(np.ndarray, key == first[label])


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
        rows = self.con.execute("SELECT count(*) FROM source_files WHERE sha256 = ?", [sha256]).fetchall()
        return bool(rows and rows[0][0])

    @property
    def staging(self) -> Path:
        """The folder of staged batches: ``<store file>.staging``."""
        return self.path.with_name(self.path.name + ".staging")

    def _staged_file(self, sha256: str, batch_no: int, table: str) -> Path:
        return self.staging / sha256 / f"{batch_no}.{table}.arrow"

    def staged_batches(self, sha256: str, batch_size: int) -> set[int]:
        """Batch numbers of this file already staged by an unfinished run (same batch size), to skip.

        A batch is staged when its marker and all its files are there; a marker without its files (or
        rows left in the staging tables of earlier versions) start the file over."""
        rows = self.con.execute(
            "SELECT batch_no, batch_size FROM stage_batches WHERE source_file = ?", [sha256]
        ).fetchall()
        legacy = self.con.execute(
            """SELECT (SELECT count(*) FROM stage_postings WHERE source_file = $1)
                    + (SELECT count(*) FROM stage_rejects WHERE source_file = $1)""",
            [sha256],
        ).fetchall()
        whole = all(
            self._staged_file(sha256, int(no), table).is_file() for no, _ in rows for table in _STAGED_TABLES
        )
        if legacy[0][0] or not whole or any(size != batch_size for _, size in rows):
            self.discard_staged([sha256])  # batch boundaries moved, or files missing: start the file over
            return set()
        return {int(no) for no, _ in rows}

    def discard_staged(self, sha256s: Sequence[str]) -> None:
        """Drop what unfinished runs staged for these files."""
        with self._transaction():
            for table in ("stage_postings", "stage_skills", "stage_rejects", "stage_batches"):
                self.con.execute(
                    f"DELETE FROM {table} WHERE source_file IN (SELECT unnest(?))", [list(sha256s)]
                )
        for sha in sha256s:
            shutil.rmtree(self.staging / sha, ignore_errors=True)

    def stage(
        self, sha256: str, batch_no: int, batch_size: int, batch: ExtractedBatch | ExtractedTables
    ) -> None:
        """Write one extracted batch to staging: its tables as Arrow IPC files (LZ4), each written under a
        temporary name and renamed into place, then its marker row."""
        tables = batch.tables()
        folder = self.staging / sha256
        folder.mkdir(parents=True, exist_ok=True)
        for table, schema in _STAGED_TABLES.items():
            target = self._staged_file(sha256, batch_no, table)
            part = target.with_name(target.name + ".part")
            with pa_ipc.new_file(str(part), schema, options=_IPC_OPTIONS) as writer:
                data = tables[table]
                writer.write_table(data if data.schema.equals(schema) else data.cast(schema))
            part.replace(target)
        self.con.execute(
            "INSERT OR REPLACE INTO stage_batches VALUES (?, ?, ?, ?)",
            [sha256, batch_no, batch_size, batch.rows_read],
        ).fetchall()

    def _staged(self, shas: Sequence[str], table: str) -> pa_ds.Dataset:
        """The staged batches of these files for one table, as one dataset (read as DuckDB scans it)."""
        files = sorted(
            str(self._staged_file(sha, int(no), table))
            for sha in shas
            for (no,) in self.con.execute(
                "SELECT batch_no FROM stage_batches WHERE source_file = ?", [sha]
            ).fetchall()
        )
        return pa_ds.dataset(files, schema=_STAGED_TABLES[table], format="ipc")

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
        staged = {table: self._staged(shas, table) for table in _STAGED_TABLES}
        con.register("_sp", staged["postings"])
        con.register("_ss", staged["posting_skills"])
        con.register("_sr", staged["rejects"])
        try:
            record = self._finalize(
                files, run_id, started_at, skipped, resumed_batches, engine, extractor_versions, settings
            )
        finally:
            for name in ("_sp", "_ss", "_sr"):
                con.unregister(name)
        for sha in shas:  # committed: the staged files are no longer needed
            shutil.rmtree(self.staging / sha, ignore_errors=True)
        if self.staging.is_dir() and not any(self.staging.iterdir()):
            self.staging.rmdir()
        return record

    def _finalize(
        self,
        files: Sequence[FileRecord],
        run_id: str,
        started_at: datetime,
        skipped: Sequence[FileRecord],
        resumed_batches: int,
        engine: str,
        extractor_versions: dict[str, str] | None,
        settings: dict[str, Any] | None,
    ) -> RunRecord:
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
                      FROM _sp s JOIN _run_files f ON s.source_file = f.sha256)
                    WHERE rn = 1 AND posting_id NOT IN (SELECT posting_id FROM postings)"""
            )
            con.execute(f"INSERT INTO postings SELECT {cols} FROM _new")
            con.execute(
                """INSERT INTO posting_skills SELECT DISTINCT s.posting_id, s.skill_id FROM _ss s
                   SEMI JOIN _new n ON s.posting_id = n.posting_id"""
            )
            con.execute(
                """INSERT INTO rejects SELECT r.* FROM _sr r
                   JOIN _run_files f ON r.source_file = f.sha256
                   ANTI JOIN rejects o ON o.source_file = r.source_file AND o.source_row = r.source_row"""
            )
            per_file = {
                sha: (int(read or 0), int(posted or 0), int(rej or 0))
                for sha, read, posted, rej in con.execute(
                    """SELECT f.sha256,
                         (SELECT sum(rows_read) FROM stage_batches b WHERE b.source_file = f.sha256),
                         (SELECT count(*) FROM _new n WHERE n.source_file = f.sha256),
                         (SELECT count(*) FROM _sr r WHERE r.source_file = f.sha256)
                       FROM _run_files f"""
                ).fetchall()
            }
            staged_rows = con.execute(
                "SELECT count(*) FROM _sp s SEMI JOIN _run_files f ON s.source_file = f.sha256"
            ).fetchone()
            reasons = dict(
                con.execute(
                    """SELECT reason, count(*) FROM _sr r
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
