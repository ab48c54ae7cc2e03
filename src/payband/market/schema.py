"""The market store's tables: columns, types and meaning, shared by the DuckDB and Spark engines.

Every engine writes these exact Arrow schemas, so the statistics read a DuckDB store or a folder of
Parquet tables (``postings/``, ``posting_skills/``, ``rejects/``) with the same SQL.

``postings``: one row per distinct posting (content hash); descriptions are not stored, only what was
extracted from them. ``dup_group`` links near-duplicates (the same job re-posted, e.g. by agencies):
statistics count one posting per group, the group's ``canonical`` row.
``posting_skills``: the taxonomy skills a posting asks for (boilerplate left out).
``rejects``: rows that could not be used, with the reason; nothing is dropped silently.
``ingest_runs`` / ``source_files`` (DuckDB store only): what each run read, with file SHA-256s, counts
and the versions of the extractors used.
"""

from __future__ import annotations

import pyarrow as pa

__all__ = [
    "COLUMN_DOCS",
    "POSTINGS_SCHEMA",
    "POSTING_SKILLS_SCHEMA",
    "REJECTS_SCHEMA",
    "REJECT_REASONS",
    "TABLE_SCHEMAS",
]

POSTINGS_SCHEMA = pa.schema(
    [
        pa.field("posting_id", pa.string(), nullable=False),
        pa.field("source_file", pa.string(), nullable=False),
        pa.field("source_row", pa.int64(), nullable=False),
        pa.field("title", pa.string()),
        pa.field("company", pa.string()),
        pa.field("location", pa.string()),
        pa.field("role", pa.string()),
        pa.field("seniority", pa.string()),
        pa.field("area_code", pa.string()),
        pa.field("area_name", pa.string()),
        pa.field("remote", pa.bool_(), nullable=False),
        pa.field("hybrid", pa.bool_(), nullable=False),
        pa.field("posted_date", pa.date32()),
        pa.field("pay_min_usd", pa.int64()),
        pa.field("pay_max_usd", pa.int64()),
        pa.field("pay_mid_usd", pa.float64()),
        pa.field("pay_period", pa.string()),
        pa.field("pay_currency", pa.string()),
        pa.field("pay_estimate", pa.bool_()),
        pa.field("pay_source", pa.string()),
        pa.field("n_skills", pa.int32(), nullable=False),
        pa.field("description_chars", pa.int32(), nullable=False),
        pa.field("dup_key", pa.string()),
        pa.field("dup_bands", pa.list_(pa.int64())),
        pa.field("dup_group", pa.string()),
        pa.field("canonical", pa.bool_()),
    ]
)

POSTING_SKILLS_SCHEMA = pa.schema(
    [pa.field("posting_id", pa.string(), nullable=False), pa.field("skill_id", pa.string(), nullable=False)]
)

REJECTS_SCHEMA = pa.schema(
    [
        pa.field("source_file", pa.string(), nullable=False),
        pa.field("source_row", pa.int64(), nullable=False),
        pa.field("reason", pa.string(), nullable=False),
        pa.field("detail", pa.string()),
        pa.field("raw", pa.string()),
    ]
)

TABLE_SCHEMAS: dict[str, pa.Schema] = {
    "postings": POSTINGS_SCHEMA,
    "posting_skills": POSTING_SKILLS_SCHEMA,
    "rejects": REJECTS_SCHEMA,
}

#: Why a row can be rejected (the ``rejects.reason`` values).
REJECT_REASONS: dict[str, str] = {
    "unreadable_row": "the row could not be parsed (bad JSON line, wrong types)",
    "empty_row": "no title and no description",
    "no_title": "a description but no title: role and seniority cannot be read",
    "title_too_long": "the title is longer than the title limit",
    "description_too_long": "the description is longer than the per-row limit (settings)",
}

COLUMN_DOCS: dict[str, str] = {
    "posting_id": "content hash (BLAKE2b-128 hex) of title, company, location, description, pay and date",
    "source_file": "SHA-256 of the file the posting was first read from",
    "source_row": "0-based row number in that file",
    "title": "job title as posted",
    "company": "company as posted (Glassdoor's trailing rating removed)",
    "location": "location as posted",
    "role": "catalog role id from the title (payband.text.titles), null outside the catalog",
    "seniority": "seniority from the title (intern … executive), null when the title does not say",
    "area_code": "OEWS area (metro, else state, else national) from the location, null when unplaceable",
    "area_name": "OEWS area name",
    "remote": "the posting is remote (location text or a remote column)",
    "hybrid": "the location says hybrid",
    "posted_date": "date posted or listed, null when absent or unreadable",
    "pay_min_usd": "annual base pay, low end, USD",
    "pay_max_usd": "annual base pay, high end, USD",
    "pay_mid_usd": "midpoint of pay_min_usd and pay_max_usd: the figure percentiles use",
    "pay_period": "the period pay was stated in (hour, day, week, month, year)",
    "pay_currency": "ISO currency pay was stated in (converted with the bundled ECB rates)",
    "pay_estimate": "the pay is a site's estimate (e.g. 'Glassdoor est.'), not the employer's",
    "pay_source": "structured (pay columns), salary_text (a salary field) or description",
    "n_skills": "number of distinct skills found",
    "description_chars": "length of the description (not stored)",
    "dup_key": "normalised title + area: near-duplicates must share it",
    "dup_bands": "MinHash LSH bands of the description's word shingles, keyed by dup_key",
    "dup_group": "posting_id of the smallest posting linked to this one (near-duplicates share it)",
    "canonical": "the one posting per dup_group that statistics count (pay stated first, then id)",
}
