"""Which input column holds which posting field: auto-detection for common exports, or a given mapping.

Recognised without help: JobSpy's DataFrame schema (``title, company, location, date_posted, interval,
min_amount, max_amount, currency, is_remote, description``), the Glassdoor scrape in
``../shared/data/postings-dev`` (``Job Title, Salary Estimate, Job Description, Company Name,
Location``) and the LinkedIn 2023–24 Kaggle schema (``title, description, min_salary, med_salary,
max_salary, pay_period, location, listed_time, company_name``). Anything else: ``--map column=field``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from payband.errors import InputError

__all__ = ["FIELDS", "REQUIRED_FIELDS", "ColumnMapping", "detect_columns", "parse_map_options"]

#: Posting fields and what each holds.
FIELDS: dict[str, str] = {
    "title": "job title",
    "description": "full posting text (plain or HTML)",
    "company": "employer or agency name",
    "location": "location text ('Seattle, WA', 'Remote - US')",
    "date": "date posted or listed (ISO date, or epoch seconds/milliseconds)",
    "salary_text": "salary as text ('$53K-$91K (Glassdoor est.)')",
    "pay_min": "structured pay, low end (number)",
    "pay_max": "structured pay, high end (number)",
    "pay_mid": "structured pay, median or single figure (number)",
    "pay_period": "period of the structured pay (yearly, hourly, MONTHLY…)",
    "pay_currency": "ISO currency of the structured pay",
    "remote": "remote flag (true/false, 1/0)",
}
REQUIRED_FIELDS: tuple[str, ...] = ("title",)

# Normalised column names (lower case, letters and digits only) tried for each field, best first.
_ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "jobtitle", "positiontitle", "position", "jobname", "positionname"),
    "description": ("description", "jobdescription", "descriptiontext", "desc", "jobdesc", "body"),
    "company": ("company", "companyname", "employer", "employername", "organization", "hiringorganization"),
    "location": ("location", "joblocation", "formattedlocation", "locationname", "place"),
    "date": (
        "dateposted",
        "listedtime",
        "posteddate",
        "postedat",
        "postingdate",
        "datecreated",
        "originallistedtime",
        "date",
        "published",
        "createdat",
    ),
    "salary_text": ("salaryestimate", "salary", "salarytext", "salaryrange", "compensation", "pay"),
    "pay_min": ("minamount", "minsalary", "salarymin", "paymin", "minpay"),
    "pay_max": ("maxamount", "maxsalary", "salarymax", "paymax", "maxpay"),
    "pay_mid": ("medsalary", "mediansalary", "salarymedian", "paymid"),
    "pay_period": ("interval", "payperiod", "salaryperiod", "salaryinterval", "payinterval"),
    "pay_currency": ("currency", "salarycurrency", "paycurrency"),
    "remote": ("isremote", "remote", "remoteallowed", "workfromhome"),
}

# Known formats: columns (normalised) that together identify the export.
_FORMATS: tuple[tuple[str, frozenset[str]], ...] = (
    ("jobspy", frozenset({"site", "joburl", "minamount", "maxamount", "interval"})),
    ("linkedin-2023", frozenset({"minsalary", "maxsalary", "payperiod", "listedtime"})),
    ("glassdoor", frozenset({"jobtitle", "salaryestimate", "jobdescription"})),
)


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """Field → input column, and the export format it was recognised as ("custom" when mapped)."""

    columns: tuple[tuple[str, str], ...]
    format: str = "custom"

    def get(self, field: str) -> str | None:
        """The input column holding ``field``, or None when the input has none."""
        for name, column in self.columns:
            if name == field:
                return column
        return None

    def as_dict(self) -> dict[str, str]:
        """Field → column."""
        return dict(self.columns)


def parse_map_options(options: Iterable[str]) -> dict[str, str]:
    """``["Job Name=title", ...]`` → {column: field}; InputError on a malformed item or unknown field."""
    out: dict[str, str] = {}
    for item in options:
        column, sep, field = item.rpartition("=")
        column, field = column.strip(), field.strip()
        if not sep or not column or not field:
            raise InputError(f"--map wants COLUMN=FIELD, got {item!r}")
        if field not in FIELDS:
            raise InputError(f"--map {item!r}: unknown field {field!r}; fields are {', '.join(FIELDS)}")
        out[column] = field
    return out


def detect_columns(columns: Sequence[str], explicit: Mapping[str, str] | None = None) -> ColumnMapping:
    """Map an input's columns to posting fields: explicit ``{column: field}`` first, then auto-detection.

    Raises InputError naming the missing required field (and the columns present) when no column can
    hold it, or naming an explicitly mapped column the input does not have.
    """
    explicit = dict(explicit or {})
    present = list(columns)
    for column, field in explicit.items():
        if column not in present:
            shown = ", ".join(present[:20]) + (" …" if len(present) > 20 else "")
            raise InputError(
                f"--map names column {column!r}, which the input does not have (columns: {shown})"
            )
        if field not in FIELDS:
            raise InputError(f"unknown field {field!r}; fields are {', '.join(FIELDS)}")
    by_norm: dict[str, str] = {}
    for column in present:
        by_norm.setdefault(_norm(column), column)
    normed = set(by_norm)
    fmt = next((name for name, marks in _FORMATS if marks <= normed), "custom" if explicit else "auto")
    chosen: dict[str, str] = {field: column for column, field in explicit.items()}
    used = set(chosen.values())
    for field, aliases in _ALIASES.items():
        if field in chosen:
            continue
        for alias in aliases:
            found = by_norm.get(alias)
            if found is not None and found not in used:
                chosen[field] = found
                used.add(found)
                break
    for field in REQUIRED_FIELDS:
        if field not in chosen:
            shown = ", ".join(present[:20]) + (" …" if len(present) > 20 else "")
            raise InputError(
                f"no column for the required field {field!r} (columns: {shown}); "
                f"name it with --map COLUMN={field}"
            )
    ordered = tuple((field, chosen[field]) for field in FIELDS if field in chosen)
    return ColumnMapping(columns=ordered, format=fmt)
