"""The Spark engine: the same per-posting extraction as the DuckDB engine, run by Apache Spark at scale.

Each input file (CSV, JSONL, Parquet; optionally .gz) is read by Spark, every row numbered as in the
file (Parquet's ``_metadata.row_index``; text formats by partition offsets) and tagged with the file's
SHA-256, then :func:`payband.market.extract.extract_tables` runs unchanged in ``mapInArrow``: one pass
emitting a tagged union of postings, posting skills and rejects, staged once as Parquet. From the stage,
one task keeps each exact duplicate's first row by (file order, row) and links near-duplicates with the
DuckDB store's own code (:func:`payband.market.store.link_labels`: label propagation over MinHash bands
in NumPy, one canonical per group); its (posting, group) rows are joined back to the staged postings,
and ``postings/``, ``posting_skills/`` and ``rejects/`` are written as Parquet folders beside
an ``ingest_run.json`` record. :mod:`payband.market.stats` reads that folder with the same SQL, and on
the same input the tables equal the DuckDB store's.

A run replaces the tables in its output folder (each table swapped in only once all are written).
Paths are local (or on a file system every Spark executor sees under the same path).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, cast

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as fn
from pyspark.sql import types as spt

from payband.errors import InputError
from payband.market.columns import ColumnMapping, detect_columns
from payband.market.extract import (
    FILE_COLUMN,
    ROW_COLUMN,
    ExtractSettings,
    extract_tables,
    extractor_versions,
)
from payband.market.ingest import FileSummary, IngestSummary, detect_format, file_sha256, read_json_line
from payband.market.schema import POSTING_SKILLS_SCHEMA, POSTINGS_SCHEMA, REJECTS_SCHEMA
from payband.market.store import _canonical, default_db_path, link_labels

__all__ = [
    "DEFAULT_MASTER",
    "SparkSettings",
    "default_spark_out",
    "ingest_spark",
    "spark_session",
]

DEFAULT_MASTER = "local[2]"
_TABLES = ("postings", "posting_skills", "rejects")
_KIND = {"postings": 0, "posting_skills": 1, "rejects": 2}
_DETECT_LINES = 2_000  # lines of a JSONL file read to detect its columns (the DuckDB engine's first batch)
_ROW_BITS = (1 << 33) - 1  # monotonically_increasing_id: partition above bit 33, row in partition below
_BYTES_PER_PARTITION = 256 * 1024  # of input file: a smaller file is not spread over more partitions

# The tagged union extraction emits: a ``kind`` column, then every column of the three tables (the
# skills' ``posting_id`` and the rejects' ``source_file``/``source_row`` share the postings' columns).
_UNION_SCHEMA = pa.schema(
    [pa.field("kind", pa.int8())]
    + [pa.field(f.name, f.type) for f in POSTINGS_SCHEMA]
    + [pa.field(name, pa.string()) for name in ("skill_id", "reason", "detail", "raw")]
)

_LOG4J = """\
rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
logger.repl.name = org.apache.spark.repl.Main
logger.repl.level = error
logger.gateway.name = org.apache.spark.api.python.PythonGatewayServer
logger.gateway.level = error
logger.submit.name = org.apache.spark.deploy.SparkSubmit
logger.submit.level = error
"""


@dataclass(frozen=True, slots=True)
class SparkSettings:
    """How a Spark run reads, extracts and writes."""

    batch_rows: int = 2_000  # rows per Arrow batch handed to extract_batch (Python memory is bounded by it)
    partitions: int = 0  # extraction partitions per file when the read gives fewer; 0: 4 per core
    driver_memory: str = "2g"  # local masters only: the JVM's heap
    extract: ExtractSettings = field(default_factory=ExtractSettings)


def default_spark_out() -> Path:
    """Where the Spark engine writes when no folder is given: ``market-spark/`` in the data directory."""
    return default_db_path().parent / "market-spark"


# ---------------------------------------------------------------------------------------------- session


def _spark_type(t: pa.DataType) -> spt.DataType:
    if pa.types.is_list(t):
        return spt.ArrayType(_spark_type(t.value_type))
    names: dict[pa.DataType, spt.DataType] = {
        pa.string(): spt.StringType(),
        pa.int64(): spt.LongType(),
        pa.int32(): spt.IntegerType(),
        pa.int8(): spt.ByteType(),
        pa.bool_(): spt.BooleanType(),
        pa.float64(): spt.DoubleType(),
        pa.date32(): spt.DateType(),
    }
    return names[t]


def _bytes(text: str) -> int:
    """``128m``, ``1024``, ``1g`` → bytes (Spark's size strings)."""
    text = text.strip().lower().removesuffix("b")
    units = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}
    if text and text[-1] in units:
        return int(float(text[:-1]) * units[text[-1]])
    return int(text)


def _struct(schema: pa.Schema) -> spt.StructType:
    return spt.StructType([spt.StructField(f.name, _spark_type(f.type), True) for f in schema])


def spark_session(master: str = DEFAULT_MASTER, *, driver_memory: str = "2g") -> SparkSession:
    """The active SparkSession, or a new one for ``master`` configured for payband.

    Local masters get: this Python for the workers, loopback networking only, no web UI, no console
    progress, error-level logs, few shuffle partitions; every master gets Arrow and UTC dates.
    """
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    builder = SparkSession.builder.master(master).appName("payband-market")
    options: dict[str, str] = {
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.session.timeZone": "UTC",
        "spark.sql.execution.arrow.pyspark.enabled": "true",
        "spark.sql.adaptive.enabled": "true",
    }
    if master.startswith("local"):
        log4j = Path(tempfile.gettempdir()) / "payband-spark-log4j2.properties"
        if not log4j.is_file() or log4j.read_text(encoding="utf-8") != _LOG4J:
            log4j.write_text(_LOG4J, encoding="utf-8")
        cores = os.cpu_count() or 1
        inside = master[master.find("[") + 1 : master.find("]")] if "[" in master else "1"
        n = cores if inside == "*" else int(inside) if inside.isdigit() else cores
        options |= {
            "spark.driver.memory": driver_memory,
            "spark.driver.host": "127.0.0.1",
            "spark.driver.bindAddress": "127.0.0.1",
            "spark.driver.extraJavaOptions": f"-Dlog4j2.configurationFile=file:{log4j}",
            "spark.sql.shuffle.partitions": str(max(2, 2 * n)),
            "spark.default.parallelism": str(max(1, n)),
            "spark.pyspark.python": os.environ.get("PYSPARK_PYTHON", sys.executable),
            "spark.pyspark.driver.python": sys.executable,
            "spark.python.worker.reuse": "true",
        }
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    for key, value in options.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


# ---------------------------------------------------------------------------------------------- reading


@dataclass(frozen=True, slots=True)
class _Input:
    path: Path
    sha256: str
    fmt: str
    gz: bool
    order: int
    slot: int  # index in the run's file summaries


def _open(path: Path, gz: bool) -> IO[bytes]:
    return cast(IO[bytes], gzip.open(path, "rb")) if gz else path.open("rb")


def _csv_names(path: Path, gz: bool) -> list[str]:
    """Header names as the DuckDB engine reads them (empty names become ``column_<i>``)."""
    with _open(path, gz) as fh, io.TextIOWrapper(fh, encoding="utf-8-sig", newline="") as text:
        header = next(csv.reader(text), None)
    return [h if h else f"column_{i}" for i, h in enumerate(header or [])]


def _json_lines(lines: Sequence[str], rows: Sequence[int]) -> tuple[pd.DataFrame, list[tuple[int, str, str]]]:
    """Records and unreadable lines, exactly as the DuckDB engine's JSONL reader makes them."""
    records: list[dict[str, Any]] = []
    numbers: list[int] = []
    bad: list[tuple[int, str, str]] = []
    for row, line in zip(rows, lines, strict=True):
        value, reason = read_json_line(line or "")
        if reason is not None:
            bad.append((row, reason, (line or "").strip()[:500]))
        elif value is not None:
            records.append(value)
            numbers.append(row)
    frame = pd.DataFrame.from_records(records) if records else pd.DataFrame()
    frame[ROW_COLUMN] = pd.Series(numbers, dtype="int64")
    return frame, bad


def _jsonl_columns(path: Path, gz: bool) -> list[str]:
    with _open(path, gz) as fh, io.TextIOWrapper(fh, encoding="utf-8", errors="replace") as text:
        lines = [line for _, line in zip(range(_DETECT_LINES), text, strict=False)]
    frame, _ = _json_lines(lines, range(len(lines)))
    return [str(c) for c in frame.columns]


def _numbered_text(df: DataFrame, *, splittable: bool) -> DataFrame:
    """Add ``_payband_row``: each row's number in its (single) file, from the scan's partition offsets.

    An unsplittable read (gzip, multi-line CSV) is one partition: rows are numbered as they come. A
    split text file costs one counting pass over the file to find where each partition starts.
    """
    df = df.withColumn("_pid", fn.spark_partition_id()).withColumn("_mid", fn.monotonically_increasing_id())
    if not splittable:
        return df.withColumn(ROW_COLUMN, fn.col("_mid").bitwiseAND(fn.lit(_ROW_BITS))).drop("_pid", "_mid")
    df = df.withColumn("_block", fn.col("_metadata.file_block_start"))
    parts = df.groupBy("_pid").agg(fn.count(fn.lit(1)).alias("n"), fn.min("_block").alias("start")).collect()
    offsets: dict[int, int] = {}
    running = 0
    for part in sorted(parts, key=lambda r: (int(r["start"]), int(r["_pid"]))):
        offsets[int(part["_pid"])] = running
        running += int(part["n"])
    if len(offsets) <= 1:
        base: Column = fn.lit(next(iter(offsets.values()), 0)).cast("long")
    else:
        base = fn.element_at(
            fn.create_map(*[fn.lit(x) for pid, off in offsets.items() for x in (pid, off)]), fn.col("_pid")
        ).cast("long")
    row = base + fn.col("_mid").bitwiseAND(fn.lit(_ROW_BITS))
    return df.withColumn(ROW_COLUMN, row).drop("_pid", "_mid", "_block")


def _read(
    spark: SparkSession, item: _Input, explicit: Mapping[str, str] | None, tmp: Path
) -> tuple[DataFrame, ColumnMapping]:
    """The file as a Spark DataFrame with ``_payband_row``/``_payband_file``, and its column mapping."""
    path = str(item.path.resolve())
    if item.fmt == "parquet":
        if item.gz:  # Parquet needs random access: unpack first, as the DuckDB engine does
            plain = tmp / f"input-{item.order}.parquet"
            with gzip.open(item.path, "rb") as src, plain.open("wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
            path = str(plain)
        columns = list(pq.read_schema(path).names)
        df = spark.read.parquet(path)
        df = df.withColumn(ROW_COLUMN, fn.col("_metadata.row_index").cast("long"))
    elif item.fmt == "csv":
        columns = _csv_names(item.path, item.gz)
        delimiter = "\t" if item.path.name.lower().removesuffix(".gz").endswith(".tsv") else ","
        schema = spt.StructType([spt.StructField(c, spt.StringType(), True) for c in columns])
        df = (
            spark.read.schema(schema)
            .option("header", "true")
            .option("multiLine", "true")
            .option("sep", delimiter)
            .option("quote", '"')
            .option("escape", '"')
            .option("encoding", "UTF-8")
            .option("mode", "PERMISSIVE")
            .csv(path)
        )
        df = _numbered_text(df, splittable=False)
    else:
        columns = [*_jsonl_columns(item.path, item.gz)]
        df = _numbered_text(spark.read.text(path), splittable=not item.gz)
    mapping = detect_columns(columns, explicit)
    return df.withColumn(FILE_COLUMN, fn.lit(item.sha256)), mapping


# ------------------------------------------------------------------------------------------- extraction


def _union_table(tables: Mapping[str, pa.Table]) -> pa.Table:
    parts: list[pa.Table] = []
    for name in _TABLES:
        table = tables[name]
        n = table.num_rows
        if not n:
            continue
        arrays: list[pa.Array | pa.ChunkedArray] = []
        for f in _UNION_SCHEMA:
            if f.name == "kind":
                arrays.append(pa.array(np.full(n, _KIND[name], dtype=np.int8)))
            elif f.name in table.column_names:
                arrays.append(table.column(f.name))
            else:
                arrays.append(pa.nulls(n, f.type))
        parts.append(pa.Table.from_arrays(arrays, schema=_UNION_SCHEMA))
    return pa.concat_tables(parts) if parts else _UNION_SCHEMA.empty_table()


def _bad_rejects(bad: Sequence[tuple[int, str, str]], sha: str) -> pa.Table:
    return pa.table(
        {
            "source_file": [sha] * len(bad),
            "source_row": [r for r, _, _ in bad],
            "reason": ["unreadable_row"] * len(bad),
            "detail": [d for _, d, _ in bad],
            "raw": [raw for _, _, raw in bad],
        },
        schema=REJECTS_SCHEMA,
    )


def _extractor(
    mapping: ColumnMapping, fmt: str, sha: str, settings: ExtractSettings
) -> Any:  # the mapInArrow function (a closure Spark pickles to its Python workers)
    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            bad: list[tuple[int, str, str]] = []
            if fmt == "jsonl":
                rows = batch.column(ROW_COLUMN).to_pylist()
                frame, bad = _json_lines(batch.column("value").to_pylist(), rows)
                frame[FILE_COLUMN] = sha
            else:
                frame = batch.to_pandas()
            tables = extract_tables(frame, mapping, source_file=sha, settings=settings).tables()
            if bad:
                tables["rejects"] = pa.concat_tables([tables["rejects"], _bad_rejects(bad, sha)])
            yield from _union_table(tables).to_batches()

    return run


def _scan_pieces(spark: SparkSession, item: _Input) -> int:
    """About how many non-empty partitions the file's scan gives: gzip and multi-line CSV one, Parquet
    at most one per row group, plain JSONL one per ``spark.sql.files.maxPartitionBytes``."""
    if item.gz or item.fmt == "csv":
        return 1
    if item.fmt == "parquet":
        return int(pq.ParquetFile(item.path).metadata.num_row_groups)
    split_bytes = _bytes(spark.conf.get("spark.sql.files.maxPartitionBytes") or "128m")
    return -(-item.path.stat().st_size // split_bytes)


def _extract(
    spark: SparkSession, df: DataFrame, item: _Input, mapping: ColumnMapping, s: SparkSettings
) -> DataFrame:
    """Run extract_tables over the file's rows, spread over enough partitions to keep every core busy.

    A scan that already gives a partition per core is used as it is (no shuffle of the raw rows);
    otherwise the rows are dealt round-robin to up to 4 partitions per core (``settings.partitions``
    when set).
    """
    cores = spark.sparkContext.defaultParallelism
    pieces = _scan_pieces(spark, item)
    if s.partitions:
        if pieces < s.partitions:
            df = df.repartition(s.partitions)
    elif pieces < cores:
        wanted = max(1, min(4 * cores, -(-item.path.stat().st_size // _BYTES_PER_PARTITION)))
        if wanted > pieces:
            df = df.repartition(wanted)
    keep = [ROW_COLUMN, FILE_COLUMN, *(["value"] if item.fmt == "jsonl" else mapping.as_dict().values())]
    df = df.select(*[fn.col(f"`{c}`") for c in dict.fromkeys(keep)])
    out = df.mapInArrow(_extractor(mapping, item.fmt, item.sha256, s.extract), _struct(_UNION_SCHEMA))
    return out.withColumn("file_order", fn.lit(item.order))


# -------------------------------------------------------------------------------------------- linking


# What the one linking task reads (each staged posting row) and writes (each kept posting's group).
_LINK_IN = pa.schema(
    [
        pa.field("posting_id", pa.string()),
        pa.field("file_order", pa.int32()),
        pa.field("source_row", pa.int64()),
        pa.field("dup_bands", pa.list_(pa.int64())),
        pa.field("no_pay", pa.bool_()),
    ]
)
_LINK_OUT = pa.schema(
    [
        pa.field("posting_id", pa.string()),
        pa.field("file_order", pa.int32()),
        pa.field("source_row", pa.int64()),
        pa.field("dup_group", pa.string()),
        pa.field("canonical", pa.bool_()),
    ]
)


def _dedupe_link(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """All staged postings in, one row per kept posting out: the DuckDB store's rules, in NumPy.

    Exact duplicates keep their first row by (file order, row); near-duplicates are linked by
    :func:`payband.market.store.link_labels` over the kept postings in posting_id order and the
    canonical one per group is picked by the store's rule (pay stated first, then the smallest id).
    Runs as one task (a mapInArrow over a single partition): the linking needs every posting at once,
    and a few int64s per posting is small next to the postings themselves.
    """
    parts = list(batches)
    table = pa.Table.from_batches(parts) if parts else _LINK_IN.empty_table()  # Spark's own field names
    if not table.num_rows:
        return
    keys = [(name, "ascending") for name in ("posting_id", "file_order", "source_row")]
    order = pc.sort_indices(table, sort_keys=keys)
    table = table.take(order)
    ids = table.column("posting_id").combine_chunks()
    first = np.ones(len(ids), dtype=bool)
    if len(ids) > 1:
        first[1:] = pc.not_equal(ids[1:], ids[:-1]).to_numpy(zero_copy_only=False)
    kept = table.filter(pa.array(first))
    ids = kept.column("posting_id").combine_chunks()
    label = link_labels(kept.column("dup_bands"))
    no_pay = kept.column("no_pay").to_numpy().astype(bool)
    out = pa.table(
        {
            "posting_id": ids,
            "file_order": kept.column("file_order"),
            "source_row": kept.column("source_row"),
            "dup_group": ids.take(pa.array(label)),
            "canonical": _canonical(label, no_pay),
        },
        schema=_LINK_OUT,
    )
    yield from out.to_batches(max_chunksize=65_536)


# ---------------------------------------------------------------------------------------------- the run


def _swap_in(staged: Path, target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    staged.rename(target)


def ingest_spark(
    files: Sequence[Path | str],
    *,
    db: Path | str | None = None,
    explicit_map: dict[str, str] | None = None,
    out: Path | str | None = None,
    master: str = DEFAULT_MASTER,
    settings: SparkSettings | None = None,
    spark: SparkSession | None = None,
) -> IngestSummary:
    """Ingest posting files with Spark into a folder of Parquet tables; see the module docstring.

    ``out`` (or else ``db``, as the CLI's ``--db`` passes it; else :func:`default_spark_out`) is the
    folder; a ``.duckdb`` file is refused with a clear error. ``explicit_map`` is {input column: field}
    for every file. ``spark`` is a session to use (left running); otherwise one is started for
    ``master`` and stopped at the end.
    """
    settings = settings or SparkSettings()
    started = datetime.now(UTC)
    clock = time.perf_counter()
    target = Path(out) if out is not None else Path(db) if db is not None else default_spark_out()
    if target.suffix.lower() == ".duckdb" or target.is_file():
        raise InputError(
            f"the Spark engine writes a folder of Parquet tables, not a DuckDB store ({target}); "
            "give --db FOLDER (stats and premiums read it with --db FOLDER)"
        )
    inputs: list[_Input] = []
    summaries: list[FileSummary | None] = []  # in input order; None until the file is read
    seen: set[str] = set()
    for raw in files:
        path = Path(raw)
        if not path.is_file():
            raise InputError(f"no such file: {path}")
        fmt, gz = detect_format(path)
        sha = file_sha256(path)
        if sha in seen:  # the same bytes twice in one run: read once, as the DuckDB engine does
            summaries.append(
                FileSummary(
                    path=str(path),
                    sha256=sha,
                    format=fmt + (".gz" if gz else ""),
                    schema_detected="-",
                    columns={},
                    skipped=True,
                )
            )
            continue
        seen.add(sha)
        inputs.append(_Input(path, sha, fmt, gz, len(inputs), len(summaries)))
        summaries.append(None)

    own = spark is None
    session = spark or spark_session(master, driver_memory=settings.driver_memory)
    session.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", str(settings.batch_rows))
    target.mkdir(parents=True, exist_ok=True)
    stage = target / f"_staging-{uuid.uuid4().hex[:8]}"
    try:
        stage.mkdir()
        frames: list[DataFrame] = []
        for item in inputs:
            df, mapping = _read(session, item, explicit_map, stage)
            frames.append(_extract(session, df, item, mapping, settings))
            summaries[item.slot] = FileSummary(
                path=str(item.path),
                sha256=item.sha256,
                format=item.fmt + (".gz" if item.gz else ""),
                schema_detected=mapping.format,
                columns=mapping.as_dict(),
            )
        counts = _run(session, frames, stage)
        for table in _TABLES:
            _swap_in(stage / "final" / table, target / table)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
        if own:
            session.stop()
    summary = IngestSummary(
        run_id=uuid.uuid4().hex,
        db=str(target),
        files=[f for f in summaries if f is not None],
        seconds=round(time.perf_counter() - clock, 3),
        resumed_batches=0,
        **counts,
    )
    record = {
        "engine": "spark",
        "master": master,
        "started_at": started.isoformat(),
        "finished_at": datetime.now(UTC).isoformat(),
        "summary": summary.model_dump(),
        "extractor_versions": extractor_versions(),
        "settings": {**asdict(settings), "explicit_map": explicit_map or {}},
    }
    (target / "ingest_run.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return summary


def _run(spark: SparkSession, frames: Sequence[DataFrame], stage: Path) -> dict[str, Any]:
    """Extract once into the stage, then dedupe, link and write the three tables under ``stage/final``."""
    union_struct = _struct(_UNION_SCHEMA).add("file_order", spt.IntegerType())
    extracted = frames[0] if frames else spark.createDataFrame([], union_struct)
    for more in frames[1:]:
        extracted = extracted.unionByName(more)
    extracted.write.mode("overwrite").parquet(str(stage / "extracted"))
    st = spark.read.parquet(str(stage / "extracted"))

    staged = st.where(fn.col("kind") == _KIND["postings"])
    links = (
        staged.select(
            "posting_id",
            "file_order",
            "source_row",
            "dup_bands",
            fn.col("pay_mid_usd").isNull().alias("no_pay"),
        )
        .repartition(1)
        .mapInArrow(_dedupe_link, _struct(_LINK_OUT))
    )
    postings = staged.drop("dup_group", "canonical").join(links, ["posting_id", "file_order", "source_row"])
    postings = postings.select(*[fn.col(f.name).cast(_spark_type(f.type)) for f in POSTINGS_SCHEMA])
    skills = st.where(fn.col("kind") == _KIND["posting_skills"]).select(
        *[fn.col(f.name).cast(_spark_type(f.type)) for f in POSTING_SKILLS_SCHEMA]
    )
    rejects = st.where(fn.col("kind") == _KIND["rejects"]).select(
        *[fn.col(f.name).cast(_spark_type(f.type)) for f in REJECTS_SCHEMA]
    )
    final = stage / "final"

    postings.write.parquet(str(final / "postings"))
    skills.distinct().write.parquet(str(final / "posting_skills"))
    rejects.write.parquet(str(final / "rejects"))
    kinds = st.groupBy("kind", "reason").count().collect()
    groups = spark.read.parquet(str(final / "postings")).groupBy("dup_group").count()
    near = fn.sum(fn.when(fn.col("count") > 1, fn.col("count")))
    totals = groups.agg(fn.sum("count").alias("stored"), near.alias("near")).collect()[0]
    n_staged = sum(int(r["count"]) for r in kinds if r["kind"] == _KIND["postings"])
    reasons = {
        str(r["reason"]): int(r["count"])
        for r in sorted(kinds, key=lambda r: str(r["reason"]))
        if r["kind"] == _KIND["rejects"]
    }
    rejected = sum(reasons.values())
    stored = int(totals["stored"] or 0)
    return {
        "rows_read": n_staged + rejected,
        "stored": stored,
        "rejected": rejected,
        "rejected_by_reason": reasons,
        "exact_duplicates": n_staged - stored,
        "near_duplicates": int(totals["near"] or 0),
    }
