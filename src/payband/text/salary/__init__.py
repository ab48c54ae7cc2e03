"""Salary text: pay statements read into numbers (range, period, currency, annual and USD values).

``parse_salary`` reads one salary field ("$53K-$91K (Glassdoor est.)"); ``find_salaries`` a whole posting.
"""

from __future__ import annotations

# Kept as an attribute of this package: tests fake the bundled table by patching
# ``payband.text.salary.resources.files`` (the importlib.resources function fx.py calls).
from importlib import resources as resources

from payband.text.salary.find import MAX_DESCRIPTION_CHARS, find_salaries, html_to_text
from payband.text.salary.fx import FxTable, load_fx
from payband.text.salary.models import ANNUAL_FACTORS, ExtraPay, Period, SalaryMention, SalaryParse
from payband.text.salary.models import ExtraKind as ExtraKind
from payband.text.salary.parse import MAX_SALARY_CHARS, parse_salary

__all__ = [
    "ANNUAL_FACTORS",
    "MAX_DESCRIPTION_CHARS",
    "MAX_SALARY_CHARS",
    "ExtraPay",
    "FxTable",
    "Period",
    "SalaryMention",
    "SalaryParse",
    "find_salaries",
    "html_to_text",
    "load_fx",
    "parse_salary",
]
