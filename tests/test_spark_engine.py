"""The Spark engine gives the DuckDB engine's tables on the same input, and the same statistics from them."""

from __future__ import annotations

import gzip
import os
import random
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

pytest.importorskip("pyspark", reason="pyspark is not installed (pip install pyspark==4.3.0)")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("no Java runtime for Spark (java not on PATH, JAVA_HOME unset)", allow_module_level=True)

from pyspark.sql import SparkSession

from payband.errors import InputError
from payband.market.ingest import IngestSettings, IngestSummary, ingest
from payband.market.schema import TABLE_SCHEMAS
from payband.market.spark_engine import ingest_spark, spark_session
from payband.market.stats import BY_CHOICES, premiums, stats

FIX = Path(__file__).parent / "fixtures" / "market"
ORDER = {"postings": "posting_id", "posting_skills": "ALL", "rejects": "ALL"}
SUMMARY_FIELDS = (
    "rows_read",
    "stored",
    "rejected",
    "rejected_by_reason",
    "exact_duplicates",
    "near_duplicates",
)


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    session = spark_session("local[2]")
    yield session
    session.stop()


def _premium_corpus(path: Path) -> Path:
    """60 data-scientist postings in Seattle: with Kubernetes paid 150k, without 120k; row groups of 7."""
    rnd = random.Random(11)
    words = ["forecasting", "pricing", "churn", "fraud", "logistics", "retail", "health", "insurance"]
    rows = []
    for i in range(60):
        k8s = i % 2 == 0
        about = " ".join(rnd.choice(words) for _ in range(40))
        desc = f"Posting {i}. Our team works on {about}.\nRequirements: Python and SQL." + (
            " Kubernetes and Docker." if k8s else ""
        )
        pay = (150_000 if k8s else 120_000) + (i % 5) * 1000
        rows.append(
            {
                "title": "Data Scientist" if i % 3 else "Senior Data Scientist",
                "company": f"Co {i}",
                "location": "Seattle, WA",
                "description": desc,
                "min_amount": pay,
                "max_amount": pay,
                "interval": "yearly",
                "date_posted": f"2024-0{1 + i % 3}-15",
            }
        )
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=7)
    return path


def _rows(con: duckdb.DuckDBPyConnection, source: str, table: str) -> list[tuple[object, ...]]:
    cols = ", ".join(f.name for f in TABLE_SCHEMAS[table])
    return con.execute(f"SELECT {cols} FROM {source} ORDER BY {ORDER[table]}").fetchall()


def _assert_same_tables(db: Path, folder: Path) -> None:
    store = duckdb.connect(str(db), read_only=True)
    plain = duckdb.connect()
    try:
        for table, schema in TABLE_SCHEMAS.items():
            parquet = f"read_parquet('{folder / table}/*.parquet')"
            assert _rows(plain, parquet, table) == _rows(store, table, table), table
            written = pq.read_table(folder / table).schema
            assert [(f.name, str(f.type).replace("element", "item")) for f in written] == [
                (f.name, str(f.type)) for f in schema
            ], table
    finally:
        store.close()
        plain.close()


def _same_summary(a: IngestSummary, b: IngestSummary) -> None:
    assert {k: getattr(a, k) for k in SUMMARY_FIELDS} == {k: getattr(b, k) for k in SUMMARY_FIELDS}


def test_spark_equals_duckdb_on_fixture_corpora(spark: SparkSession, tmp_path: Path) -> None:
    packed = tmp_path / "linkedin.parquet.gz"
    with gzip.open(packed, "wb") as fh:
        fh.write((FIX / "linkedin_sample.parquet").read_bytes())
    files = [
        FIX / "glassdoor_sample.csv",
        FIX / "jobspy_sample.jsonl",
        FIX / "jobspy_sample.jsonl.gz",
        FIX / "linkedin_sample.parquet",
        packed,
        _premium_corpus(tmp_path / "premium.parquet"),
        FIX / "glassdoor_sample.csv",  # the same file twice: read once by both engines
    ]
    db = tmp_path / "m.duckdb"
    folder = tmp_path / "spark-out"
    by_duckdb = ingest(files, db=db, settings=IngestSettings(workers=1, batch_size=3))
    by_spark = ingest_spark(files, db=folder, spark=spark)
    _same_summary(by_spark, by_duckdb)
    assert by_spark.near_duplicates > 0 and by_spark.exact_duplicates > 0
    assert set(by_spark.rejected_by_reason) == {"empty_row", "no_title", "unreadable_row"}
    assert [f.skipped for f in by_spark.files] == [f.skipped for f in by_duckdb.files]
    assert (folder / "ingest_run.json").is_file()
    assert not [p for p in folder.iterdir() if p.name.startswith("_staging")]
    _assert_same_tables(db, folder)

    # The statistics read Spark's Parquet folder with the same code and get the same answers.
    for by in BY_CHOICES:
        from_spark, from_duckdb = stats(folder, by), stats(db, by)
        assert from_spark.model_copy(update={"source": from_duckdb.source}) == from_duckdb, by
    for role, area in (("data-scientist", None), ("data-scientist", "WA")):
        p_spark, p_duck = premiums(folder, role, area=area, min_n=5), premiums(db, role, area=area, min_n=5)
        assert p_spark.ranked, "the premium corpus ranks skills"
        assert p_spark.model_copy(update={"source": p_duck.source}) == p_duck


def test_spark_explicit_mapping_and_errors(spark: SparkSession, tmp_path: Path) -> None:
    custom = FIX / "custom_sample.csv.gz"
    with pytest.raises(InputError, match="required field 'title'"):
        ingest_spark([custom], out=tmp_path / "x", spark=spark)
    mapping = {"Posting Name": "title", "Body": "description", "Where": "location", "Pay": "salary_text"}
    db = tmp_path / "c.duckdb"
    by_duckdb = ingest([custom], db=db, explicit_map=mapping, settings=IngestSettings(workers=1))
    by_spark = ingest_spark([custom], out=tmp_path / "c", explicit_map=mapping, spark=spark)
    _same_summary(by_spark, by_duckdb)
    assert by_spark.stored == 2
    _assert_same_tables(db, tmp_path / "c")
    with pytest.raises(InputError, match="folder of Parquet tables"):
        ingest_spark([custom], db=tmp_path / "store.duckdb", spark=spark)
    with pytest.raises(InputError, match="no such file"):
        ingest_spark([tmp_path / "missing.csv"], out=tmp_path / "y", spark=spark)


def test_spark_row_numbers_across_splits(spark: SparkSession, tmp_path: Path) -> None:
    """A JSONL file read as several splits (blank and broken lines included) keeps its line numbers."""
    files = [FIX / "jobspy_sample.jsonl"]
    db = tmp_path / "j.duckdb"
    by_duckdb = ingest(files, db=db, settings=IngestSettings(workers=1))
    stale = tmp_path / "j" / "postings" / "part-stale.parquet"  # a run replaces tables, never adds to them
    stale.parent.mkdir(parents=True)
    shutil.copy(FIX / "linkedin_sample.parquet", stale)
    spark.conf.set("spark.sql.files.maxPartitionBytes", "1024")
    try:
        by_spark = ingest_spark(files, out=tmp_path / "j", spark=spark)
    finally:
        spark.conf.unset("spark.sql.files.maxPartitionBytes")
    _same_summary(by_spark, by_duckdb)
    _assert_same_tables(db, tmp_path / "j")
    assert not stale.exists()
