"""Build a benchmark corpus of N postings by resampling the real Glassdoor postings in ../shared/data.

Each row is a real posting with perturbations: title (seniority words, remote tags, requisition ids),
pay format (Glassdoor estimate, employer range, hourly, pay stated only in the description, none),
location (city, state, remote, hybrid) and description (sentences dropped, swapped in from other
postings, agency header), so exact-text caches do not flatter throughput. Deterministic for a seed.

    python benchmarks/make_corpus.py --rows 1000000 --out benchmarks/data/corpus-1m.parquet
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

SOURCE = Path(__file__).resolve().parents[2] / "shared" / "data" / "postings-dev" / "glassdoor_jobs.csv"
CHUNK = 50_000
PREFIXES = ["", "", "", "Sr. ", "Senior ", "Lead ", "Junior ", "Staff ", "Principal "]
SUFFIXES = ["", "", "", " II", " (Remote)", " - Hybrid", " III", ", Analytics", " #R{n}"]
LOCATIONS = ["{loc}", "{loc}", "{loc}", "Remote - US", "Hybrid in {loc}", "{city}", "Remote ({loc})"]
AGENCIES = ["TalentBridge Staffing", "Apex Recruiters", "CoreTech Search", "Bluewave Talent"]


def _pay(rnd: random.Random, salary: str) -> tuple[str, str]:
    """(salary column, sentence for the description)."""
    lo = rnd.randrange(50, 200) * 1000
    hi = lo + rnd.randrange(10, 60) * 1000
    kind = rnd.random()
    if kind < 0.45:
        return salary, ""
    if kind < 0.6:
        return f"${lo:,} - ${hi:,} a year", ""
    if kind < 0.7:
        return f"${lo // 2080}-${hi // 2080} Per Hour(Glassdoor est.)", ""
    if kind < 0.85:
        return "-1", f"\nCompensation: ${lo:,} to ${hi:,} per year, plus benefits."
    return "-1", ""


def build(rows: int, out: Path, seed: int = 2026) -> Path:
    """Write the corpus (Parquet, or CSV when ``out`` ends in .csv.gz) and return its path."""
    options = pa_csv.ParseOptions(newlines_in_values=True)
    src = pa_csv.read_csv(SOURCE, parse_options=options).to_pylist()
    rnd = random.Random(seed)
    sentences = [s for r in src for s in str(r["Job Description"]).split("\n") if len(s) > 40]
    out.parent.mkdir(parents=True, exist_ok=True)
    writer: pq.ParquetWriter | None = None
    csv_writer = None
    done = 0
    while done < rows:
        batch: dict[str, list[object]] = {
            k: []
            for k in (
                "Job Title",
                "Salary Estimate",
                "Job Description",
                "Company Name",
                "Location",
                "Date Posted",
            )
        }
        for _ in range(min(CHUNK, rows - done)):
            r = rnd.choice(src)
            title = (
                rnd.choice(PREFIXES)
                + str(r["Job Title"])
                + rnd.choice(SUFFIXES).format(n=rnd.randrange(10**5))
            )
            loc = str(r["Location"])
            place = rnd.choice(LOCATIONS).format(loc=loc, city=loc.split(",")[0])
            salary, sentence = _pay(rnd, str(r["Salary Estimate"]))
            lines = str(r["Job Description"]).split("\n")
            for _ in range(rnd.randrange(0, 3)):
                if len(lines) > 3:
                    lines.pop(rnd.randrange(len(lines)))
            for _ in range(rnd.randrange(1, 4)):
                lines.insert(rnd.randrange(len(lines) + 1), rnd.choice(sentences))
            company = str(r["Company Name"])
            if rnd.random() < 0.1:
                company = rnd.choice(AGENCIES)
                lines.insert(0, f"{company} is hiring on behalf of a client.")
            batch["Job Title"].append(title)
            batch["Salary Estimate"].append(salary)
            batch["Job Description"].append("\n".join(lines) + sentence)
            batch["Company Name"].append(company)
            batch["Location"].append(place)
            batch["Date Posted"].append(f"2024-{rnd.randrange(1, 13):02d}-{rnd.randrange(1, 29):02d}")
        table = pa.table(batch)
        if out.name.endswith(".csv.gz"):
            if csv_writer is None:
                csv_writer = pa_csv.CSVWriter(pa.CompressedOutputStream(str(out), "gzip"), table.schema)
            csv_writer.write_table(table)
        else:
            writer = writer or pq.ParquetWriter(out, table.schema, compression="zstd")
            writer.write_table(table, row_group_size=10_000)
        done += table.num_rows
    if writer is not None:
        writer.close()
    if csv_writer is not None:
        csv_writer.close()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "data" / "corpus-1m.parquet")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if not SOURCE.is_file():
        print(f"skipped: {SOURCE} is absent (../shared/data is only in the development checkout)")
        return 0
    print(build(args.rows, args.out, args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
