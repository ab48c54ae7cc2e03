"""Market analytics: ingest of every format and schema, rejects, idempotence, crash resume, duplicates,
statistics and skill premiums on fixture corpora."""

from __future__ import annotations

import gzip
import json
import multiprocessing
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from payband.errors import InputError
from payband.market.cli import market_app
from payband.market.columns import detect_columns, parse_map_options
from payband.market.extract import extract_batch, extract_tables
from payband.market.ingest import IngestSettings, default_workers, ingest
from payband.market.schema import POSTINGS_SCHEMA
from payband.market.stats import market_premiums_for, premiums, stats, write_rows
from payband.market.store import export_parquet

FIX = Path(__file__).parent / "fixtures" / "market"
ONE = IngestSettings(workers=1, batch_size=3)


def _tables(db: Path) -> dict[str, list[tuple[object, ...]]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            "postings": con.execute("SELECT * FROM postings ORDER BY posting_id").fetchall(),
            "posting_skills": con.execute("SELECT * FROM posting_skills ORDER BY ALL").fetchall(),
            "rejects": con.execute("SELECT * FROM rejects ORDER BY ALL").fetchall(),
            "source_files": con.execute(
                "SELECT sha256, rows_read, stored, rejected FROM source_files ORDER BY 1"
            ).fetchall(),
            "runs": con.execute(
                "SELECT rows_read, stored, rejected, rejected_by_reason, exact_duplicates, near_duplicates "
                "FROM ingest_runs ORDER BY finished_at"
            ).fetchall(),
        }
    finally:
        con.close()


# ---------------------------------------------------------------------------------------------- columns


def test_detects_each_known_schema() -> None:
    glassdoor = detect_columns(
        ["", "Job Title", "Salary Estimate", "Job Description", "Company Name", "Location"]
    )
    assert glassdoor.format == "glassdoor"
    assert glassdoor.get("salary_text") == "Salary Estimate"
    jobspy = detect_columns(
        [
            "id",
            "site",
            "job_url",
            "title",
            "company",
            "location",
            "date_posted",
            "interval",
            "min_amount",
            "max_amount",
            "currency",
            "is_remote",
            "description",
        ]
    )
    assert jobspy.format == "jobspy"
    assert (jobspy.get("pay_min"), jobspy.get("pay_period"), jobspy.get("remote")) == (
        "min_amount",
        "interval",
        "is_remote",
    )
    linkedin = detect_columns(
        [
            "job_id",
            "company_name",
            "title",
            "description",
            "max_salary",
            "med_salary",
            "min_salary",
            "pay_period",
            "location",
            "listed_time",
        ]
    )
    assert linkedin.format == "linkedin-2023"
    assert (linkedin.get("pay_mid"), linkedin.get("date"), linkedin.get("company")) == (
        "med_salary",
        "listed_time",
        "company_name",
    )


def test_missing_field_error_names_it() -> None:
    with pytest.raises(InputError, match=r"required field 'title'.*--map COLUMN=title"):
        detect_columns(["Posting Name", "Body"])
    with pytest.raises(InputError, match="does not have"):
        detect_columns(["title"], {"Nope": "description"})
    with pytest.raises(InputError, match="unknown field 'salry'"):
        parse_map_options(["Pay=salry"])
    with pytest.raises(InputError, match="COLUMN=FIELD"):
        parse_map_options(["title"])


def test_explicit_mapping(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    with pytest.raises(InputError, match="required field 'title'"):
        ingest([FIX / "custom_sample.csv.gz"], db=db, settings=ONE)
    mapping = parse_map_options(
        ["Posting Name=title", "Body=description", "Where=location", "Pay=salary_text"]
    )
    summary = ingest([FIX / "custom_sample.csv.gz"], db=db, explicit_map=mapping, settings=ONE)
    assert (summary.rows_read, summary.stored, summary.files[0].schema_detected) == (2, 2, "custom")
    rows = (
        duckdb.connect(str(db))
        .execute("SELECT title, pay_min_usd, pay_period, area_name FROM postings ORDER BY title")
        .fetchall()
    )
    assert rows == [
        ("Data Analyst", 65000, "year", "Phoenix-Mesa-Chandler, AZ"),
        ("Network Engineer", 83200, "hour", "Columbus, OH"),
    ]


# ----------------------------------------------------------------------------------------------- ingest


def test_ingest_glassdoor_csv(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    s = ingest([FIX / "glassdoor_sample.csv"], db=db, settings=ONE)
    assert (s.rows_read, s.stored, s.rejected, s.exact_duplicates) == (10, 8, 1, 1)
    assert s.rejected_by_reason == {"no_title": 1}
    assert s.files[0].schema_detected == "glassdoor"
    con = duckdb.connect(str(db))
    row = con.execute(
        "SELECT company, role, area_name, pay_min_usd, pay_max_usd, pay_estimate, pay_source FROM postings "
        "WHERE title = 'Site Reliability Engineer'"
    ).fetchone()
    assert row == (
        "Globex",
        "site-reliability-engineer",
        "Austin-Round Rock-San Marcos, TX",
        124800,
        156000,
        True,
        "salary_text",
    )
    mle = con.execute(
        "SELECT pay_min_usd, pay_source FROM postings WHERE title = 'Machine Learning Engineer'"
    )
    assert mle.fetchone() == (165000, "description")  # "-1" salary: pay found in the description
    skills = {
        r[0]
        for r in con.execute(
            "SELECT skill_id FROM posting_skills JOIN postings USING (posting_id) "
            "WHERE title = 'Site Reliability Engineer'"
        ).fetchall()
    }
    assert {"kubernetes", "terraform", "prometheus"} <= skills
    reject = con.execute("SELECT source_row, reason, raw FROM rejects").fetchone()
    assert reject is not None and reject[:2] == (6, "no_title") and "Nameless Co" in reject[2]


def test_ingest_jobspy_jsonl_and_gz(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    s = ingest([FIX / "jobspy_sample.jsonl"], db=db, settings=ONE)
    assert (s.rows_read, s.stored) == (6, 4)
    assert s.rejected_by_reason == {"empty_row": 1, "unreadable_row": 1}
    con = duckdb.connect(str(db))
    devops = con.execute(
        "SELECT role, remote, posted_date::VARCHAR, pay_min_usd, pay_period FROM postings "
        "WHERE company = 'Fabrikam'"
    ).fetchone()
    assert devops == ("devops-engineer", True, "2024-03-09", 145600, "hour")
    gbp = con.execute(
        "SELECT pay_currency, pay_min_usd > 80000, area_code FROM postings WHERE company = 'Woodgrove'"
    )
    assert gbp.fetchone() == ("GBP", True, None)
    con.close()
    s2 = ingest([FIX / "jobspy_sample.jsonl.gz"], db=db, settings=ONE)
    assert (s2.stored, s2.exact_duplicates, s2.near_duplicates) == (
        1,
        3,
        1,
    )  # only "Contoso Ltd" is new, linked


def test_ingest_linkedin_parquet(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    s = ingest([FIX / "linkedin_sample.parquet"], db=db, settings=ONE)
    assert (s.rows_read, s.stored, s.rejected) == (4, 4, 0)
    rows = (
        duckdb.connect(str(db))
        .execute(
            "SELECT title, role, pay_min_usd, pay_max_usd, pay_period, posted_date::VARCHAR "
            "FROM postings ORDER BY title"
        )
        .fetchall()
    )
    assert rows[0] == (
        "Cloud Solutions Architect",
        "cloud-solutions-architect",
        150000,
        190000,
        "year",
        "2024-04-17",
    )
    assert rows[1] == (
        "Cybersecurity Architect",
        "cybersecurity-architect",
        168000,
        168000,
        "month",
        "2024-04-01",
    )
    assert rows[2][2:5] == (93600, 124800, "hour")


def test_description_limit_rejects(tmp_path: Path) -> None:
    df = pd.DataFrame(
        {
            "title": ["Data Scientist", "x" * 600, "Data Engineer"],
            "description": ["Python and SQL.", "short", "y " * 300],
        }
    )
    from payband.market.extract import ExtractSettings

    out = extract_batch(
        df,
        detect_columns(list(df.columns)),
        source_file="f",
        settings=ExtractSettings(max_description_chars=500),
    )
    assert sorted(out.rejects["reason"]) == ["description_too_long", "title_too_long"]
    assert list(out.postings["title"]) == ["Data Scientist"]
    assert (
        pa.Table.from_pandas(out.postings, schema=POSTINGS_SCHEMA, preserve_index=False).schema
        == POSTINGS_SCHEMA
    )


def test_extract_batch_row_column_and_schema() -> None:
    df = pd.DataFrame({"title": ["SRE"], "location": ["Remote - US"], "_payband_row": [41]})
    out = extract_batch(df, detect_columns(list(df.columns)), source_file="abc")
    tables = out.tables()
    assert tables["postings"].schema == POSTINGS_SCHEMA
    assert out.postings.loc[0, "source_row"] == 41 and bool(out.postings.loc[0, "remote"])


def test_file_limits(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="the limit is 10"):
        ingest(
            [FIX / "glassdoor_sample.csv"],
            db=tmp_path / "m.duckdb",
            settings=IngestSettings(workers=1, max_file_bytes=10),
        )
    with pytest.raises(InputError, match="cannot tell the format"):
        ingest([FIX / "make_fixtures.py"], db=tmp_path / "m.duckdb", settings=ONE)
    with pytest.raises(InputError, match="no such file"):
        ingest([tmp_path / "missing.csv"], db=tmp_path / "m.duckdb", settings=ONE)


# ----------------------------------------------------------------------------- idempotence and crash safety


def test_reingest_adds_nothing(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    ingest([FIX / "glassdoor_sample.csv", FIX / "linkedin_sample.parquet"], db=db, settings=ONE)
    before = _tables(db)
    again = ingest([FIX / "linkedin_sample.parquet", FIX / "glassdoor_sample.csv"], db=db, settings=ONE)
    assert again.stored == 0 and all(f.skipped for f in again.files)
    copy = tmp_path / "copy.csv"  # same rows under another file: new file, no new postings
    shutil.copy(FIX / "glassdoor_sample.csv", copy)
    copy.write_text(copy.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    third = ingest([copy], db=db, settings=ONE)
    assert third.stored == 0 and third.exact_duplicates == 9  # 8 stored + the in-file repeat
    after = _tables(db)
    assert after["postings"] == before["postings"] and after["posting_skills"] == before["posting_skills"]


@pytest.mark.parametrize("workers", [1, 2])
def test_resume_after_crash_matches_clean_run(tmp_path: Path, workers: int) -> None:
    files = [FIX / "glassdoor_sample.csv", FIX / "jobspy_sample.jsonl", FIX / "linkedin_sample.parquet"]
    settings = IngestSettings(workers=workers, batch_size=2)
    clean = tmp_path / "clean.duckdb"
    ingest(files, db=clean, settings=settings)

    class Crash(Exception):
        pass

    staged: list[int] = []

    def die(sha: str, no: int) -> None:
        staged.append(no)
        if len(staged) == 4:
            raise Crash

    crashed = tmp_path / "crashed.duckdb"
    with pytest.raises(Crash):
        ingest(files, db=crashed, settings=settings, on_batch=die)
    mid = duckdb.connect(str(crashed))
    assert mid.execute("SELECT count(*) FROM postings").fetchone() == (0,)  # nothing half-done is visible
    assert mid.execute("SELECT count(*) FROM stage_batches").fetchone() == (4,)
    mid.close()
    resumed = ingest(files, db=crashed, settings=settings)
    assert resumed.resumed_batches == 4
    assert _tables(crashed) == _tables(clean)
    assert duckdb.connect(str(crashed)).execute("SELECT count(*) FROM stage_postings").fetchone() == (0,)


ALL_FIXTURES = [
    FIX / "glassdoor_sample.csv",
    FIX / "jobspy_sample.jsonl",
    FIX / "jobspy_sample.jsonl.gz",  # the same rows again: exact duplicates
    FIX / "linkedin_sample.parquet",
]
needs_fork = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(),
    reason="patching the extractor reaches the workers only when they are forked",
)


@pytest.mark.parametrize("workers", [2, 3])
def test_parallel_workers_store_the_same_tables(tmp_path: Path, workers: int) -> None:
    """Worker processes change nothing in the store: same postings, skills, rejects, runs as in-process."""
    one = ingest(ALL_FIXTURES, db=tmp_path / "one.duckdb", settings=IngestSettings(workers=1, batch_size=2))
    many = ingest(
        ALL_FIXTURES, db=tmp_path / "many.duckdb", settings=IngestSettings(workers=workers, batch_size=2)
    )
    assert _tables(tmp_path / "many.duckdb") == _tables(tmp_path / "one.duckdb")
    assert many.model_dump(exclude={"run_id", "db", "seconds"}) == one.model_dump(
        exclude={"run_id", "db", "seconds"}
    )
    con = duckdb.connect(str(tmp_path / "many.duckdb"), read_only=True)
    row = con.execute("SELECT settings FROM ingest_runs").fetchone()
    con.close()
    assert row is not None
    settings = json.loads(row[0])
    assert settings["workers"] == workers


def test_default_workers_one_per_core_at_most_four(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    for cores, expected in ((1, 1), (2, 2), (3, 3), (16, 4)):
        monkeypatch.setattr(os, "sched_getaffinity", lambda _pid, n=cores: set(range(n)), raising=False)
        assert default_workers() == expected


EXTRACT_IN_INGEST = "payband.market.ingest.extract_tables"  # what a worker calls; forked workers see a patch


def _failing_extract(real: Any, fail: Callable[[], None]) -> Callable[..., Any]:
    def extract(frame: pd.DataFrame, mapping: Any, **kwargs: Any) -> Any:
        if kwargs.get("first_row") == 4:
            fail()
        return real(frame, mapping, **kwargs)

    return extract


@needs_fork
def test_worker_error_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An error raised in a worker reaches the CLI as the usual one-line error, no traceback."""

    def fail() -> None:
        raise InputError("row 4 cannot be read (test)")

    monkeypatch.setattr(EXTRACT_IN_INGEST, _failing_extract(extract_tables, fail))
    db = str(tmp_path / "m.duckdb")
    args = ["ingest", str(FIX / "glassdoor_sample.csv"), "--db", db, "--workers", "2", "--batch-size", "2"]
    res = CliRunner().invoke(market_app, args)
    assert res.exit_code == 2, res.output
    assert "payband: error: row 4 cannot be read (test)" in res.output
    assert "Traceback" not in res.output


@needs_fork
def test_worker_death_is_one_line_and_resumable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker killed mid-run (out of memory, say) stops the run with one line; the next run resumes
    from the staged batches and ends with exactly the tables of a clean run."""
    parent = os.getpid()

    def die() -> None:
        if os.getpid() != parent:
            os._exit(9)

    files = [FIX / "glassdoor_sample.csv", FIX / "linkedin_sample.parquet"]
    settings = IngestSettings(workers=2, batch_size=2)
    clean = tmp_path / "clean.duckdb"
    ingest(files, db=clean, settings=settings)
    monkeypatch.setattr(EXTRACT_IN_INGEST, _failing_extract(extract_tables, die))
    db = tmp_path / "m.duckdb"
    args = [*map(str, files), "--db", str(db), "--workers", "2", "--batch-size", "2"]
    res = CliRunner().invoke(market_app, ["ingest", *args])
    assert res.exit_code == 2, res.output
    assert "payband: error: an extraction worker stopped unexpectedly" in res.output
    assert "run the same command again to resume" in res.output and "Traceback" not in res.output
    monkeypatch.setattr(EXTRACT_IN_INGEST, extract_tables)
    ingest(files, db=db, settings=settings)
    assert _tables(db) == _tables(clean)


def test_near_duplicates_linked_not_double_counted(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    ingest([FIX / "glassdoor_sample.csv"], db=db, settings=ONE)
    con = duckdb.connect(str(db))
    groups = con.execute(
        "SELECT list(company ORDER BY company), count(*) FILTER (WHERE canonical) FROM postings "
        "GROUP BY dup_group HAVING count(*) > 1"
    ).fetchall()
    assert groups == [(["TalentBridge Staffing", "Tecolote Research"], 1)]
    con.close()
    ds = stats(db, "role", role="data-scientist")
    assert ds.n_total == 1  # the agency re-post is linked, not counted twice


# -------------------------------------------------------------------------------------- stats and premiums


def _premium_corpus(tmp_path: Path) -> Path:
    """80 data-scientist postings: with Kubernetes pay 150k, without 120k; Terraform only in 5 postings."""
    import random

    rnd = random.Random(7)
    words = [
        "forecasting",
        "pricing",
        "churn",
        "fraud",
        "logistics",
        "retail",
        "health",
        "insurance",
        "energy",
        "media",
        "travel",
        "ads",
        "search",
        "ranking",
        "growth",
        "supply",
        "chain",
        "marketing",
        "payments",
        "credit",
        "risk",
        "lending",
        "claims",
        "routing",
        "inventory",
        "telemetry",
        "sensors",
        "genomics",
        "trials",
        "billing",
        "support",
    ]
    rows = []
    for i in range(80):
        k8s = i % 2 == 0
        about = " ".join(rnd.choice(words) for _ in range(40))
        desc = f"Our team works on {about}.\nRequirements: Python and SQL." + (
            " Kubernetes and Docker." if k8s else ""
        )
        if i < 5:
            desc += " Terraform experience."
        pay = (150_000 if k8s else 120_000) + (i % 5) * 1000
        rows.append(
            {
                "title": "Data Scientist",
                "company": f"Co {i}",
                "location": "Seattle, WA",
                "description": f"Posting {i}. {desc}",
                "min_amount": pay,
                "max_amount": pay,
                "interval": "yearly",
                "date_posted": f"2024-0{1 + i % 3}-15",
            }
        )
    path = tmp_path / "premium.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path)
    db = tmp_path / "p.duckdb"
    ingest([path], db=db, settings=IngestSettings(workers=1, batch_size=25))
    return db


def test_premiums_known_answer(tmp_path: Path) -> None:
    db = _premium_corpus(tmp_path)
    result = premiums(db, "Data Scientist", min_n=10)
    assert result.n_pay == 80
    k8s = next(p for p in result.ranked if p.skill_id == "kubernetes")
    assert (k8s.n_with, k8s.n_without, k8s.median_with, k8s.median_without) == (40, 40, 152000.0, 122000.0)
    assert k8s.premium_usd == 30000.0
    assert k8s.ci90_low_usd is not None and k8s.ci90_high_usd is not None
    assert 28000 <= k8s.ci90_low_usd <= 30000 <= k8s.ci90_high_usd <= 32000
    assert result.ranked[0].skill_id in {"kubernetes", "docker"}
    thin_skill = next(p for p in result.not_enough_data if p.skill_id == "terraform")
    assert (thin_skill.status, thin_skill.n_with, thin_skill.premium_usd) == ("not enough data", 5, None)
    assert premiums(db, "data-scientist", min_n=10) == result  # seeded: identical on a re-run
    mine = market_premiums_for(["python", "docker"], "data-scientist", db, min_n=10)
    assert mine.held == ["docker", "python"] and mine.to_learn[0].skill_id == "kubernetes"


def test_stats_shapes_and_outputs(tmp_path: Path) -> None:
    db = _premium_corpus(tmp_path)
    by_month = stats(db, "month")
    assert [r.key for r in by_month.rows] == ["2024-01", "2024-02", "2024-03"] or sorted(
        r.key or "" for r in by_month.rows
    ) == ["2024-01", "2024-02", "2024-03"]
    role = stats(db, "role").rows[0]
    assert (role.key, role.n, role.n_pay, role.share_pay) == ("data-scientist", 80, 80, 1.0)
    assert role.p50 is not None and 120_000 < role.p50 < 155_000
    assert stats(db, "area", area="WA").rows[0].label == "Seattle-Tacoma-Bellevue, WA"
    assert stats(db, "area", area="Texas").n_total == 0
    skills = stats(db, "skill")
    assert skills.rows[0].key == "python" and skills.rows[0].label == "Python"
    thin = stats(db, "skill", min_pay_n=10)
    assert next(r for r in thin.rows if r.key == "terraform").p50 is None
    write_rows(skills.rows, tmp_path / "s.csv")
    write_rows(skills.rows, tmp_path / "s.parquet")
    assert pq.read_table(tmp_path / "s.parquet").num_rows == len(skills.rows)
    assert (tmp_path / "s.csv").read_text(encoding="utf-8").startswith('"key","label","n"')
    with pytest.raises(InputError, match=r"\.csv or \.parquet"):
        write_rows(skills.rows, tmp_path / "s.txt")
    with pytest.raises(InputError, match="--by must be one of"):
        stats(db, "company")
    # The same SQL reads a folder of Parquet tables (the Spark engine's output).
    folder = tmp_path / "parquet"
    export_parquet(db, folder)
    assert stats(folder, "skill") == stats(db, "skill").model_copy(
        update={"source": f"payband market corpus {folder}"}
    )
    assert (
        premiums(folder, "data-scientist", min_n=10).ranked == premiums(db, "data-scientist", min_n=10).ranked
    )


# ---------------------------------------------------------------------------------------------------- CLI


def test_cli_round_trip(tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "c.duckdb")
    res = runner.invoke(
        market_app, ["ingest", str(FIX / "glassdoor_sample.csv"), "--db", db, "--no-progress"]
    )
    assert res.exit_code == 0, res.output
    assert "stored 8" in res.output and "rejected no_title: 1" in res.output
    res = runner.invoke(market_app, ["stats", "--by", "role", "--db", db, "--json"])
    assert res.exit_code == 0 and json.loads(res.output)["by"] == "role"
    out = tmp_path / "prem.csv"
    res = runner.invoke(
        market_app, ["premiums", "--role", "data-scientist", "--db", db, "--min-n", "2", "--out", str(out)]
    )
    assert res.exit_code == 0, res.output
    res = runner.invoke(
        market_app,
        ["ingest", str(FIX / "custom_sample.csv.gz"), "--db", db, "--json", "--map", "Posting Name=title"],
    )
    assert res.exit_code == 0 and json.loads(res.output)["stored"] == 2
    res = runner.invoke(
        market_app, ["ingest", str(FIX / "glassdoor_sample.csv"), "--db", db, "--engine", "spark"]
    )
    assert res.exit_code == 2 and "folder of Parquet tables" in res.output  # Spark writes a folder
    res = runner.invoke(market_app, ["stats", "--db", str(tmp_path / "none.duckdb")])
    assert res.exit_code == 2 and "no market store" in res.output


def test_gzipped_parquet(tmp_path: Path) -> None:
    target = tmp_path / "linkedin.parquet.gz"
    with gzip.open(target, "wb") as fh:
        fh.write((FIX / "linkedin_sample.parquet").read_bytes())
    assert ingest([target], db=tmp_path / "m.duckdb", settings=ONE).stored == 4


@pytest.mark.parametrize("name", ["junk.csv", "junk.parquet", "junk.jsonl.gz"])
def test_undecodable_files_get_a_one_line_error(tmp_path: Path, name: str) -> None:
    """Bytes that are not UTF-8 CSV, Parquet or gzip stop with exit 2 and the file named, no traceback."""
    junk = tmp_path / name
    junk.write_bytes(bytes(range(128, 256)) * 40)
    res = CliRunner().invoke(market_app, ["ingest", str(junk), "--db", str(tmp_path / "m.duckdb")])
    assert res.exit_code == 2, res.output
    assert f"{name} cannot be read as" in res.output
    assert "Traceback" not in res.output


def test_minhash_fold_and_bands_match_their_definitions() -> None:
    """The signature folds the text as ``lower().encode("utf-8", "ignore").translate(_FOLD)`` (done
    without lower-casing the whole text) and the band keys hash ``b",".join(b"%d" ...)`` of each band."""
    import hashlib

    from payband.market import extract as ex

    texts = [
        "Senior Data Scientist – Python, SQL; ΟΔΟΣ Σ İstanbul \u212aelvin x\udc80y 東京 ß ﬁ ’s • résumé",
        "".join(chr(c) for c in range(0x80, 0x2000)) + " plain ASCII WORDS and digits 0123456789",
        "PLAIN ascii only",
    ]
    for text in texts:
        want = text.lower().encode("utf-8", "ignore").translate(ex._FOLD)
        assert text.encode("ascii", "payband-minhash-fold").translate(ex._FOLD_UPPER) == want
    signature = ex._signature(texts[0] * 3)
    assert len(signature) == ex.N_BANDS * ex.ROWS_PER_BAND
    for sig in (signature, signature[:7]):
        expected = []
        for b in range(ex.N_BANDS):
            part = sig[b * ex.ROWS_PER_BAND : (b + 1) * ex.ROWS_PER_BAND]
            raw = b"key|%d|" % b + b",".join(b"%d" % x for x in part)
            expected.append(int.from_bytes(hashlib.blake2b(raw, digest_size=8).digest(), "big", signed=True))
        assert ex.minhash_bands("key", sig) == expected


@pytest.mark.parametrize("workers", [1, 2])
def test_ingest_unfreezes_the_garbage_collector(tmp_path: Path, workers: int) -> None:
    """The taxonomy is frozen for the collector while a run extracts, and unfrozen after it."""
    import gc

    before = gc.get_freeze_count()
    ingest(
        [FIX / "glassdoor_sample.csv"],
        db=tmp_path / "m.duckdb",
        settings=IngestSettings(workers=workers, batch_size=3),
    )
    assert gc.get_freeze_count() == before == 0


def test_parquet_batches_travel_as_arrow(tmp_path: Path) -> None:
    """Parquet rows go to the workers as Arrow record batches; the frame they become is the one the
    reader used to build, and a run with workers stores what an in-process run stores."""
    from payband.market.ingest import read_batches

    frame = pd.read_csv(FIX / "glassdoor_sample.csv")
    path = tmp_path / "p.parquet"
    frame.to_parquet(path, index=False)
    batches = list(read_batches(path, 4))
    assert all(isinstance(b.data, pa.RecordBatch) for b in batches)
    table = pq.read_table(path)
    for b in batches:
        assert b.columns == table.column_names
        pd.testing.assert_frame_equal(b.frame, table.slice(b.first_row, b.rows).to_pandas())
    one = ingest([path], db=tmp_path / "a.duckdb", settings=IngestSettings(workers=1, batch_size=4))
    two = ingest([path], db=tmp_path / "b.duckdb", settings=IngestSettings(workers=2, batch_size=4))
    assert one.stored == two.stored > 0
    assert _tables(tmp_path / "a.duckdb") == _tables(tmp_path / "b.duckdb")


def test_ingest_keeps_a_callers_freeze(tmp_path: Path) -> None:
    """A process that froze objects itself (a pre-fork server) keeps them frozen after a run."""
    import gc

    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        ingest([FIX / "glassdoor_sample.csv"], db=tmp_path / "m.duckdb", settings=ONE)
        assert gc.get_freeze_count() >= frozen > 0
    finally:
        gc.unfreeze()


# --------------------------------------------------------------------------- staging and linking paths


def _sql_link(con: duckdb.DuckDBPyConnection, table: str, rounds: int) -> None:
    """The SQL label propagation that link_duplicates replaced: the reference its result must equal."""
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _b AS SELECT posting_id, unnest(dup_bands) AS band FROM {table}"
    )
    con.execute(f"CREATE OR REPLACE TEMP TABLE _l AS SELECT posting_id, posting_id AS label FROM {table}")
    for _ in range(rounds):
        con.execute(
            """CREATE OR REPLACE TEMP TABLE _n AS
               WITH bm AS (SELECT b.band, min(l.label) AS m FROM _b b JOIN _l l USING (posting_id)
                           GROUP BY b.band)
               SELECT b.posting_id, min(bm.m) AS m FROM _b b JOIN bm USING (band) GROUP BY b.posting_id"""
        )
        changed = con.execute(
            "UPDATE _l SET label = n.m FROM _n n WHERE _l.posting_id = n.posting_id AND n.m < _l.label"
        ).fetchone()
        if not changed or not changed[0]:
            break
    con.execute(
        f"""UPDATE {table} AS p SET dup_group = g.label, canonical = g.rn = 1 FROM (
              SELECT l.posting_id, l.label, row_number() OVER (
                PARTITION BY l.label ORDER BY (t.pay_mid_usd IS NULL), l.posting_id) AS rn
              FROM _l l JOIN {table} t USING (posting_id)) g
            WHERE p.posting_id = g.posting_id"""
    )


def _link_fixture(
    con: duckdb.DuckDBPyConnection, rows: list[tuple[str, list[int] | None, float | None]]
) -> None:
    for table in ("a", "b"):
        con.execute(
            f"CREATE OR REPLACE TABLE {table} (posting_id VARCHAR, dup_bands BIGINT[], pay_mid_usd DOUBLE, "
            "dup_group VARCHAR, canonical BOOLEAN)"
        )
        con.executemany(f"INSERT INTO {table} VALUES (?, ?, ?, NULL, NULL)", [list(r) for r in rows])


def _links(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[object, ...]]:
    return con.execute(f"SELECT posting_id, dup_group, canonical FROM {table} ORDER BY 1").fetchall()


def test_link_duplicates_known_groups_and_sql_reference() -> None:
    """Chains (several rounds), a band held once, null and empty bands, pay first then smallest id."""
    from payband.market.store import link_duplicates

    rows: list[tuple[str, list[int] | None, float | None]] = [
        ("p5", [1, 2], None),
        ("p3", [2, 3], 90_000.0),
        ("p9", [3, 4], None),
        ("p1", [4, 99], None),  # the smallest id, at the far end of the chain p5-p3-p9-p1
        ("p7", [5], 50_000.0),  # band 5 held once: alone
        ("p2", None, None),
        ("p4", [], None),
        ("p8", [6, 6], 10.0),  # band listed twice by one posting: still alone
        ("p6", [7], None),
        ("p0", [7], None),
    ]
    con = duckdb.connect()
    _link_fixture(con, rows)
    link_duplicates(con, "a")
    _sql_link(con, "b", 50)
    expected = [
        ("p0", "p0", True),
        ("p1", "p1", False),
        ("p2", "p2", True),
        ("p3", "p1", True),  # the group's only posting with pay
        ("p4", "p4", True),
        ("p5", "p1", False),
        ("p6", "p0", False),
        ("p7", "p7", True),
        ("p8", "p8", True),
        ("p9", "p1", False),
    ]
    assert _links(con, "a") == _links(con, "b") == expected
    link_duplicates(con, "a")  # again: nothing changes
    assert _links(con, "a") == expected


@pytest.mark.parametrize("rounds", [1, 3, 50])
def test_link_duplicates_equals_sql_on_random_bands(monkeypatch: pytest.MonkeyPatch, rounds: int) -> None:
    """Random band sets (long chains included) link exactly as the SQL, round cap included."""
    import numpy as np

    from payband.market import store

    monkeypatch.setattr(store, "_MAX_LINK_ROUNDS", rounds)
    rng = np.random.default_rng(rounds)
    rows: list[tuple[str, list[int] | None, float | None]] = []
    for i in range(600):
        k = int(rng.integers(0, 4))
        bands = [int(b) for b in rng.integers(0, 500, k)] if i % 50 else None
        pay = float(rng.integers(1, 5)) if rng.random() < 0.5 else None
        rows.append((f"{int(rng.integers(0, 1 << 40)):012x}", bands, pay))
    con = duckdb.connect()
    _link_fixture(con, rows)
    store.link_duplicates(con, "a")
    _sql_link(con, "b", rounds)
    assert _links(con, "a") == _links(con, "b")


def test_staged_files_missing_starts_the_file_over(tmp_path: Path) -> None:
    """A batch marker whose files are gone is not trusted: the file is read again, same tables."""
    files = [FIX / "glassdoor_sample.csv"]
    settings = IngestSettings(workers=1, batch_size=2)
    clean = tmp_path / "clean.duckdb"
    ingest(files, db=clean, settings=settings)
    assert not (tmp_path / "clean.duckdb.staging").exists()  # removed once the run is in

    class Crash(Exception):
        pass

    def die(sha: str, no: int) -> None:
        if no == 2:
            raise Crash

    crashed = tmp_path / "crashed.duckdb"
    with pytest.raises(Crash):
        ingest(files, db=crashed, settings=settings, on_batch=die)
    staging = tmp_path / "crashed.duckdb.staging"
    staged = sorted(p.name for p in staging.glob("*/*"))
    assert staged == sorted(
        f"{n}.{t}.arrow" for n in range(3) for t in ("postings", "posting_skills", "rejects")
    )
    next(staging.glob("*/1.postings.arrow")).unlink()
    resumed = ingest(files, db=crashed, settings=settings)
    assert resumed.resumed_batches == 0
    assert _tables(crashed) == _tables(clean)
    assert not staging.exists()
