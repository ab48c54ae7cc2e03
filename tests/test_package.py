"""Package hygiene: the public API, typing marker, and provenance for every bundled file."""

from __future__ import annotations

import subprocess
import sys
from importlib import resources

import payband

PUBLIC = {
    "Advice", "Area", "AreaMatch", "CareerPath", "DataError", "Document", "EscoSkillHit", "GapReport",
    "InputError", "LocationMatch", "NotFound", "PayBand", "PaybandError", "Profile", "ReadLimits",
    "Role", "RoleFit", "RolePay", "RoleRanking", "RoleReport", "SalaryMention", "SalaryParse",
    "SkillMention", "TitleMatch", "__version__", "advise", "areas", "classify_title", "estimate_pay",
    "extract_skills", "find_role", "find_salaries", "fit", "gaps", "load_catalog", "parse_salary",
    "paths", "pay", "rank_esco_skills", "read_document", "resolve_location", "role", "roles",
}  # fmt: skip


def test_public_api_is_exactly_all() -> None:
    assert set(payband.__all__) == PUBLIC
    for name in payband.__all__:
        assert getattr(payband, name) is not None


def test_exception_tree_has_one_root() -> None:
    for exc in (payband.InputError, payband.NotFound, payband.DataError):
        assert issubclass(exc, payband.PaybandError)
    assert issubclass(payband.NotFound, payband.InputError)


def test_typed_marker_shipped() -> None:
    assert resources.files("payband").joinpath("py.typed").is_file()


def test_every_bundled_file_has_provenance() -> None:
    data = resources.files("payband.reference").joinpath("data")
    provenance = data.joinpath("PROVENANCE.md").read_text("utf-8")
    files = [p.name for p in data.iterdir() if p.is_file() and p.name != "PROVENANCE.md"]
    assert files
    for name in files:
        assert f"`{name}`" in provenance, f"{name} is not described in PROVENANCE.md"
    for needed in ("Licence", "Version", "Retrieved", "Build script", "O*NET 28.0 Database",
                   "ESCO", "European Commission", "public domain"):  # fmt: skip
        assert needed in provenance


def test_areas_helper() -> None:
    assert payband.areas("seattle")[0].code == "0042660"


def test_module_entry_point_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "payband", "pay", "data-scientist", "--json"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert '"p50": 120230' in result.stdout
