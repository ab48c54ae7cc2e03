"""Ingest posting files (CSV, JSONL, Parquet, optionally .gz) into the DuckDB store, in bounded batches.

Files are streamed batch by batch; extraction runs in worker processes (one per core by default, at most
four) with at most two batches in flight per worker, so memory stays bounded whatever the corpus size.
Workers only extract: each loads the taxonomy once, gets raw batches and sends back Arrow tables, and
this process alone writes them to DuckDB, in batch order, so the store is the same whatever the number
of workers (``workers=1`` extracts in this process). Progress shows rows, rate and ETA; the summary
gives rows read, stored, rejected by reason and duplicates.
"""

from __future__ import annotations

import csv
import gc
import gzip
import hashlib
import io
import json
import multiprocessing
import os
import shutil
import tempfile
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, cast

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
from pydantic import BaseModel, ConfigDict

from payband.errors import DataError, InputError
from payband.market.columns import ColumnMapping, detect_columns
from payband.market.extract import (
    ROW_COLUMN,
    ExtractedTables,
    ExtractSettings,
    extract_tables,
    extractor_versions,
)
from payband.market.schema import REJECTS_SCHEMA
from payband.market.store import FileRecord, MarketStore

__all__ = [
    "FileSummary",
    "IngestSettings",
    "IngestSummary",
    "default_workers",
    "detect_format",
    "file_sha256",
    "ingest",
    "read_batches",
    "read_json_line",
]


@dataclass(frozen=True, slots=True)
class IngestSettings:
    """Limits and batch sizes of an ingest run."""

    batch_size: int = 2_000
    max_file_bytes: int = 50 * 2**30
    workers: int = 0  # 0: one per core (default_workers), at most 4; 1: extract in this process
    extract: ExtractSettings = field(default_factory=ExtractSettings)


class FileSummary(BaseModel):
    """One input file of a run."""

    model_config = ConfigDict(frozen=True)

    path: str
    sha256: str
    format: str
    schema_detected: str
    columns: dict[str, str]
    skipped: bool = False


class IngestSummary(BaseModel):
    """What a run did: rows read, stored, rejected by reason, duplicates, timing."""

    model_config = ConfigDict(frozen=True)

    run_id: str | None
    db: str
    files: list[FileSummary]
    rows_read: int
    stored: int
    rejected: int
    rejected_by_reason: dict[str, int]
    exact_duplicates: int
    near_duplicates: int
    resumed_batches: int
    seconds: float

    @property
    def rate(self) -> float:
        """Rows read per second."""
        return self.rows_read / self.seconds if self.seconds > 0 else 0.0


def detect_format(path: Path) -> tuple[str, bool]:
    """('csv' | 'jsonl' | 'parquet', gzipped) from the file name; InputError for anything else."""
    name = path.name.lower()
    gz = name.endswith(".gz")
    if gz:
        name = name[:-3]
    for suffix, fmt in (
        (".csv", "csv"),
        (".tsv", "csv"),
        (".jsonl", "jsonl"),
        (".ndjson", "jsonl"),
        (".json", "jsonl"),
        (".parquet", "parquet"),
        (".pq", "parquet"),
    ):
        if name.endswith(suffix):
            return fmt, gz
    raise InputError(
        f"cannot tell the format of {path.name!r}: use .csv, .jsonl or .parquet, optionally with .gz"
    )


def file_sha256(path: Path) -> str:
    """SHA-256 of the file's bytes (as stored, compressed or not)."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


# --------------------------------------------------------------------------------------------- readers


@dataclass
class _Batch:
    """Rows of a file: pandas, or (Parquet) the Arrow record batch as read, which goes to a worker as is
    (pickling Arrow buffers is several times cheaper than pickling a frame of Python strings) and
    becomes the same frame there."""

    data: pd.DataFrame | pa.RecordBatch
    first_row: int
    bad: list[tuple[int, str, str]]  # (row, detail, raw) of rows that could not be parsed

    @property
    def frame(self) -> pd.DataFrame:
        """The rows as a pandas frame."""
        return _frame(self.data)

    @property
    def columns(self) -> list[str]:
        """The column names."""
        data = self.data
        return list(data.schema.names) if isinstance(data, pa.RecordBatch) else list(data.columns)

    @property
    def rows(self) -> int:
        """Rows in the batch (unreadable ones not counted)."""
        return self.data.num_rows if isinstance(self.data, pa.RecordBatch) else len(self.data)


def _frame(data: pd.DataFrame | pa.RecordBatch) -> pd.DataFrame:
    return data.to_pandas() if isinstance(data, pa.RecordBatch) else data


def _open_text(path: Path, gz: bool) -> IO[bytes]:
    return cast(IO[bytes], gzip.open(path, "rb")) if gz else path.open("rb")


def _csv_batches(path: Path, gz: bool, size: int) -> Iterator[_Batch]:
    with _open_text(path, gz) as fh, io.TextIOWrapper(fh, encoding="utf-8-sig", newline="") as text:
        header = next(csv.reader(text), None)
    if not header:
        return
    delimiter = "\t" if path.name.lower().removesuffix(".gz").endswith(".tsv") else ","
    names = [h if h else f"column_{i}" for i, h in enumerate(header)]
    with _open_text(path, gz) as fh:
        reader = pa_csv.open_csv(
            fh,
            read_options=pa_csv.ReadOptions(column_names=names, skip_rows=1, block_size=8 << 20),
            parse_options=pa_csv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
            convert_options=pa_csv.ConvertOptions(
                column_types={n: pa.string() for n in names},
                strings_can_be_null=True,
                null_values=[""],
                quoted_strings_can_be_null=True,
            ),
        )
        yield from _rebatch((pa.Table.from_batches([b]) for b in reader), size)


def _rebatch(tables: Iterator[pa.Table], size: int) -> Iterator[_Batch]:
    pending: list[pa.Table] = []
    held = 0
    row = 0
    for table in tables:
        pending.append(table)
        held += table.num_rows
        while held >= size:
            whole = pa.concat_tables(pending)
            yield _Batch(whole.slice(0, size).to_pandas(), row, [])
            row += size
            rest = whole.slice(size)
            pending, held = [rest], rest.num_rows
    if held:
        yield _Batch(pa.concat_tables(pending).to_pandas(), row, [])


def read_json_line(line: str) -> tuple[dict[str, Any] | None, str | None]:
    """One JSONL line → (record, None); (None, reason) when unreadable; (None, None) when blank.

    Both engines read JSONL through this, so their rows and rejects stay identical.
    """
    text = line.strip()
    if not text:
        return None, None
    try:
        value = json.loads(text)
    except ValueError as exc:
        return None, f"not JSON: {exc}"
    if not isinstance(value, dict):
        return None, f"a JSON {type(value).__name__}, not an object"
    return value, None


def _jsonl_batches(path: Path, gz: bool, size: int) -> Iterator[_Batch]:
    """Batches of ``size`` lines; blank lines are not rows, unparseable ones come back in ``bad``."""

    def frame(records: list[dict[str, Any]], rows: list[int]) -> pd.DataFrame:
        out = pd.DataFrame.from_records(records) if records else pd.DataFrame()
        out[ROW_COLUMN] = pd.Series(rows, dtype="int64")
        return out

    with _open_text(path, gz) as fh, io.TextIOWrapper(fh, encoding="utf-8", errors="replace") as lines:
        records: list[dict[str, Any]] = []
        rows: list[int] = []
        bad: list[tuple[int, str, str]] = []
        first = 0
        for row, line in enumerate(lines):
            if row - first >= size:
                yield _Batch(frame(records, rows), first, bad)
                records, rows, bad, first = [], [], [], row
            value, reason = read_json_line(line)
            if reason is not None:
                bad.append((row, reason, line.strip()[:500]))
            elif value is not None:
                records.append(value)
                rows.append(row)
        if records or bad:
            yield _Batch(frame(records, rows), first, bad)


def _parquet_batches(path: Path, size: int) -> Iterator[_Batch]:
    pf = pq.ParquetFile(path)
    row = 0
    for batch in pf.iter_batches(batch_size=size):
        yield _Batch(batch, row, [])
        row += batch.num_rows


def read_batches(path: Path, size: int) -> Iterator[_Batch]:
    """Stream a file in batches of ``size`` rows (the last may be shorter), numbered from row 0.

    A file that cannot be decoded at all (not UTF-8, a broken gzip or Parquet file) stops with one
    InputError naming it; rows that can be read but not used become rejects downstream.
    """
    fmt, gz = detect_format(path)
    try:
        yield from _read_batches(path, size, fmt, gz)
    except (UnicodeDecodeError, csv.Error, gzip.BadGzipFile, EOFError, zlib.error, pa.ArrowInvalid) as exc:
        kind = f"gzipped {fmt}" if gz else fmt
        detail = " ".join(str(exc).split())[:200]
        raise InputError(
            f"{path.name} cannot be read as {kind} ({type(exc).__name__}: {detail}); "
            "check that it is a UTF-8 CSV, JSONL or Parquet file"
        ) from None


def _read_batches(path: Path, size: int, fmt: str, gz: bool) -> Iterator[_Batch]:
    if fmt == "csv":
        yield from _csv_batches(path, gz, size)
    elif fmt == "jsonl":
        yield from _jsonl_batches(path, gz, size)
    elif gz:  # gzipped Parquet: unpack to a temporary file first (Parquet needs random access)
        with tempfile.TemporaryDirectory() as tmp:
            plain = Path(tmp) / "input.parquet"
            with gzip.open(path, "rb") as src, plain.open("wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
            yield from _parquet_batches(plain, size)
    else:
        yield from _parquet_batches(path, size)


def _total_rows(path: Path) -> int | None:
    fmt, gz = detect_format(path)
    if fmt == "parquet" and not gz:
        try:
            return int(pq.ParquetFile(path).metadata.num_rows)
        except (OSError, pa.ArrowInvalid):
            return None  # only for the progress bar; read_batches reports the broken file
    return None


# ------------------------------------------------------------------------------------------ extraction


def _bad_rows(bad: list[tuple[int, str, str]], sha: str) -> pa.Table:
    rows = {
        "source_file": [sha] * len(bad),
        "source_row": [r for r, _, _ in bad],
        "reason": ["unreadable_row"] * len(bad),
        "detail": [d for _, d, _ in bad],
        "raw": [raw for _, _, raw in bad],
    }
    return pa.table(rows, schema=REJECTS_SCHEMA)


def _extract(
    data: pd.DataFrame | pa.RecordBatch,
    mapping: ColumnMapping,
    sha: str,
    first_row: int,
    bad: list[tuple[int, str, str]],
    settings: ExtractSettings,
) -> ExtractedTables:
    """Extract one batch (in a worker): Arrow tables come back, cheap to pickle and to stage."""
    result = extract_tables(_frame(data), mapping, source_file=sha, first_row=first_row, settings=settings)
    if not bad:
        return result
    rejects = pa.concat_tables([result.rejects, _bad_rows(bad, sha)])
    return ExtractedTables(result.postings, result.skills, rejects, result.rows_read + len(bad), result.notes)


def default_workers() -> int:
    """Extraction processes when none are asked for: one per CPU core this process may use, at most 4
    (each holds the taxonomy and a couple of batches: about 0.5 GB)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(4, cores))


def _warm() -> None:
    """Load the extractors' bundled data once per process, then freeze it for the garbage collector.

    The taxonomy is some 200,000 long-lived objects; frozen, the collector's full passes (triggered by
    the many short-lived objects of extraction) no longer walk them: about 8% less CPU in extraction.
    Runs in each worker (a no-op load after fork) and, where workers are forked or there are none, in
    the ingesting process, which unfreezes at the end of the run (:func:`ingest`).
    """
    from payband.text.skill_extraction import load_skill_matcher
    from payband.text.titles import classify_title

    load_skill_matcher()
    classify_title("Data Scientist")
    gc.freeze()


def _started() -> int:
    return os.getpid()


def _pool(workers: int) -> ProcessPoolExecutor | None:
    """The worker pool, its processes started now: before this process opens DuckDB (whose threads must
    not be forked) and before any batch is read. Fork where there is fork (fast, shares the imports);
    spawn elsewhere, where workers import and load everything themselves (``_extract`` is module-level)."""
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    if workers <= 1 or method == "fork":
        # Load the taxonomy here, once: used in this process, or shared with the forked workers (its
        # automaton and indexes are copy-on-write pages that nobody writes, so one copy in memory and in
        # the CPU cache for all workers; frozen, the workers' garbage collector does not touch them).
        _warm()
    if workers <= 1:
        return None
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method), initializer=_warm)
    try:
        pool.submit(_started).result()  # fork starts every worker at the first submit
    except BrokenProcessPool as exc:
        pool.shutdown(wait=False, cancel_futures=True)
        raise DataError(f"cannot start extraction workers ({exc}); try --workers 1") from None
    return pool


def _result(future: Future[ExtractedTables], path: Path, batch_no: int) -> ExtractedTables:
    """A batch's tables; a worker that died becomes one clean error (the staged batches are kept)."""
    try:
        return future.result()
    except BrokenProcessPool:
        raise DataError(
            f"an extraction worker stopped unexpectedly (out of memory?) at batch {batch_no} of "
            f"{path.name}; the batches already staged are kept: run the same command again to resume, "
            "with fewer --workers or a smaller --batch-size"
        ) from None


# ----------------------------------------------------------------------------------------------- run


def _progress(enabled: bool) -> Any:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rate]} postings/s"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        disable=not enabled,
        transient=False,
    )


def ingest(
    paths: Sequence[Path | str],
    *,
    db: Path | str | None = None,
    explicit_map: dict[str, str] | None = None,
    settings: IngestSettings | None = None,
    progress: bool = False,
    on_batch: Callable[[str, int], None] | None = None,
) -> IngestSummary:
    """Ingest posting files into the DuckDB store; see the module docstring.

    ``explicit_map`` is {input column: field}, applied to every file. ``on_batch(sha256, batch_no)`` is
    called after each batch is staged (tests use it to simulate a crash). Re-running after a crash with
    the same files resumes from the staged batches; files already ingested are skipped.
    """
    settings = settings or IngestSettings()
    started = datetime.now(UTC)
    clock = time.perf_counter()
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if not path.is_file():
            raise InputError(f"no such file: {path}")
        detect_format(path)
        size = path.stat().st_size
        if size > settings.max_file_bytes:
            raise InputError(
                f"{path} is {size:,} bytes; the limit is {settings.max_file_bytes:,} "
                "(raise IngestSettings.max_file_bytes, or split the file)"
            )
        files.append(path)
    workers = settings.workers or default_workers()
    # _warm freezes the taxonomy for the collector; unfreeze at the end unless the caller had frozen
    # objects itself (a pre-fork server, say): then leave its freeze alone (the taxonomy is cached for
    # the life of the process anyway)
    unfreeze = gc.unfreeze if gc.get_freeze_count() == 0 else (lambda: None)
    pool: ProcessPoolExecutor | None = None
    try:
        pool = _pool(workers)  # before the store: no DuckDB threads in the forked workers
        store = MarketStore(db)
    except BaseException:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        unfreeze()
        raise
    summaries: list[FileSummary] = []
    records: list[FileRecord] = []
    skipped: list[FileRecord] = []
    resumed = 0
    try:
        with _progress(progress) as bar:
            for path in files:
                sha = file_sha256(path)
                fmt, gz = detect_format(path)
                record = FileRecord(str(path), sha, path.stat().st_size, fmt + (".gz" if gz else ""))
                if store.file_ingested(sha) or sha in {r.sha256 for r in records}:
                    skipped.append(record)
                    summaries.append(
                        FileSummary(
                            path=str(path),
                            sha256=sha,
                            format=record.format,
                            schema_detected="-",
                            columns={},
                            skipped=True,
                        )
                    )
                    continue
                done = store.staged_batches(sha, settings.batch_size)
                resumed += len(done)
                task = bar.add_task(path.name, total=_total_rows(path), rate="0")
                mapping: ColumnMapping | None = None
                pending: dict[int, Future[ExtractedTables]] = {}
                t0, seen = time.perf_counter(), [0]

                def drain(
                    limit: int,
                    sha: str = sha,
                    path: Path = path,
                    task: Any = task,
                    t0: float = t0,
                    pending: dict[int, Future[ExtractedTables]] = pending,
                    seen: list[int] = seen,
                ) -> None:
                    while len(pending) > limit:
                        no = min(pending)  # batch order: the store does not depend on worker timing
                        result = _result(pending.pop(no), path, no)
                        store.stage(sha, no, settings.batch_size, result)
                        seen[0] += result.rows_read
                        speed = seen[0] / max(time.perf_counter() - t0, 1e-9)
                        bar.update(task, advance=result.rows_read, rate=f"{speed:,.0f}")
                        if on_batch is not None:
                            on_batch(sha, no)

                for no, batch in enumerate(read_batches(path, settings.batch_size)):
                    if mapping is None:
                        mapping = detect_columns(batch.columns, explicit_map)
                    if no in done:
                        bar.update(task, advance=batch.rows)
                        continue
                    args = (batch.data, mapping, sha, batch.first_row, batch.bad, settings.extract)
                    if pool is None:
                        future: Future[ExtractedTables] = Future()
                        future.set_result(_extract(*args))
                    else:
                        future = pool.submit(_extract, *args)
                    pending[no] = future
                    drain(2 * workers)
                drain(0)
                records.append(record)
                summaries.append(
                    FileSummary(
                        path=str(path),
                        sha256=sha,
                        format=record.format,
                        schema_detected=mapping.format if mapping else "empty",
                        columns=mapping.as_dict() if mapping else {},
                    )
                )
        run = store.finalize(
            records,
            started_at=started,
            skipped=skipped,
            resumed_batches=resumed,
            extractor_versions=extractor_versions(),
            settings={**asdict(settings), "explicit_map": explicit_map or {}, "workers": workers},
        )
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        store.close()
        unfreeze()  # what _warm froze in this process
    return IngestSummary(
        run_id=run.run_id,
        db=str(store.path),
        files=summaries,
        rows_read=run.rows_read,
        stored=run.stored,
        rejected=run.rejected,
        rejected_by_reason=run.rejected_by_reason,
        exact_duplicates=run.exact_duplicates,
        near_duplicates=run.near_duplicates,
        resumed_batches=run.resumed_batches,
        seconds=round(time.perf_counter() - clock, 3),
    )
