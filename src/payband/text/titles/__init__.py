"""Job titles → catalog role, seniority, confidence and the evidence that decided.

Normalising is in ``normalise``, the bundled index in ``index``, the matching cascade in ``match``.
"""

from __future__ import annotations

from payband.text.titles.index import NO_RUNNER as NO_RUNNER
from payband.text.titles.index import OUTSIDE as OUTSIDE
from payband.text.titles.index import SOURCE_NAMES as SOURCE_NAMES
from payband.text.titles.index import TitleIndex, load_title_index
from payband.text.titles.match import (
    MAX_CONFIDENCE,
    MAX_TITLE_CHARS,
    SURE_CONFIDENCE,
    can_name_surely,
    classify_title,
    title_role,
)
from payband.text.titles.match import MAX_DESCRIPTION_CHARS as MAX_DESCRIPTION_CHARS
from payband.text.titles.models import SENIORITIES, TitleMatch, TitleRole
from payband.text.titles.normalise import normalise_title

# Helpers that scripts/build_titles.py (the index build) and benchmarks/bench_titles.py use.
from payband.text.titles.match import _SKILL_HEADS as _SKILL_HEADS  # isort: skip
from payband.text.titles.match import _classify as _classify  # isort: skip
from payband.text.titles.normalise import _GENERIC_HEADS as _GENERIC_HEADS  # isort: skip
from payband.text.titles.normalise import _JOB_NOUNS as _JOB_NOUNS  # isort: skip
from payband.text.titles.normalise import _STOP as _STOP  # isort: skip
from payband.text.titles.normalise import _analyse as _analyse  # isort: skip
from payband.text.titles.normalise import _fold as _fold  # isort: skip

__all__ = [
    "MAX_CONFIDENCE",
    "MAX_TITLE_CHARS",
    "SENIORITIES",
    "SURE_CONFIDENCE",
    "TitleIndex",
    "TitleMatch",
    "TitleRole",
    "can_name_surely",
    "classify_title",
    "load_title_index",
    "normalise_title",
    "title_role",
]
