"""payband: where the money in tech flows, and what you need to get there.

The typed Python API the CLI, the HTTP API and the web page are thin layers over::

    import payband
    payband.roles()                        # every role ranked by national median pay
    payband.role("data-scientist")         # duties, skills, links, pay and top metros
    payband.pay("data-scientist", "Seattle")  # the OEWS distribution, with its source line
    me = payband.Profile.build("resume.pdf", area="Austin")  # skills, years, role, area
    payband.advise(me, target="ml-engineer")  # fits, pay estimates, skills to learn, path
    payband.resolve_location("Hybrid in Austin")  # a posting's location → OEWS area + flags
    payband.classify_title("Sr. ML Eng II (Remote)")  # → ml-engineer, senior
    payband.read_document("resume.pdf")   # text of a PDF, DOCX, Markdown, text or HTML file
    payband.extract_skills(posting_text)  # payband-taxonomy skills with spans and confidence
    payband.rank_esco_skills("Experience with Python and Django REST APIs")  # ESCO 1.1.1 skills
    payband.parse_salary("$17-$24 Per Hour(Glassdoor est.)")  # → 17, 24, hour, USD, annual USD
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from payband.errors import DataError, InputError, NotFound, PaybandError

# Bound eagerly: the subpackage payband.pay would otherwise shadow the function payband.pay.
from payband.pay.bands import PayBand, pay

if TYPE_CHECKING:
    from payband.advice.advise import Advice, RolePay, advise, estimate_pay
    from payband.advice.fit import RoleFit, fit
    from payband.advice.gaps import GapReport, gaps
    from payband.advice.paths import CareerPath, paths
    from payband.advice.profile import Profile
    from payband.pay.ranking import RoleRanking, RoleReport, role, roles
    from payband.reference.areas import Area, AreaMatch
    from payband.reference.catalog import Role, find_role, load_catalog
    from payband.text.esco_rank import EscoSkillHit, rank_esco_skills
    from payband.text.locations import LocationMatch, resolve_location
    from payband.text.readers import Document, ReadLimits, read_document
    from payband.text.salary import SalaryMention, SalaryParse, find_salaries, parse_salary
    from payband.text.skill_extraction import SkillMention, extract_skills
    from payband.text.titles import TitleMatch, classify_title

__version__ = "0.1.0"

# Public names load on first use, so `payband --help` and `payband pay` start fast.
_LAZY: dict[str, str] = {
    "EscoSkillHit": "payband.text.esco_rank",
    "rank_esco_skills": "payband.text.esco_rank",
    "Advice": "payband.advice.advise",
    "Area": "payband.reference.areas",
    "AreaMatch": "payband.reference.areas",
    "CareerPath": "payband.advice.paths",
    "Document": "payband.text.readers",
    "GapReport": "payband.advice.gaps",
    "LocationMatch": "payband.text.locations",
    "Profile": "payband.advice.profile",
    "ReadLimits": "payband.text.readers",
    "Role": "payband.reference.catalog",
    "RoleFit": "payband.advice.fit",
    "RolePay": "payband.advice.advise",
    "RoleRanking": "payband.pay.ranking",
    "RoleReport": "payband.pay.ranking",
    "SalaryMention": "payband.text.salary",
    "SalaryParse": "payband.text.salary",
    "SkillMention": "payband.text.skill_extraction",
    "TitleMatch": "payband.text.titles",
    "advise": "payband.advice.advise",
    "classify_title": "payband.text.titles",
    "estimate_pay": "payband.advice.advise",
    "extract_skills": "payband.text.skill_extraction",
    "find_role": "payband.reference.catalog",
    "find_salaries": "payband.text.salary",
    "fit": "payband.advice.fit",
    "gaps": "payband.advice.gaps",
    "load_catalog": "payband.reference.catalog",
    "parse_salary": "payband.text.salary",
    "paths": "payband.advice.paths",
    "read_document": "payband.text.readers",
    "resolve_location": "payband.text.locations",
    "role": "payband.pay.ranking",
    "roles": "payband.pay.ranking",
}

__all__ = [
    "Advice",
    "Area",
    "AreaMatch",
    "CareerPath",
    "DataError",
    "Document",
    "EscoSkillHit",
    "GapReport",
    "InputError",
    "LocationMatch",
    "NotFound",
    "PayBand",
    "PaybandError",
    "Profile",
    "ReadLimits",
    "Role",
    "RoleFit",
    "RolePay",
    "RoleRanking",
    "RoleReport",
    "SalaryMention",
    "SalaryParse",
    "SkillMention",
    "TitleMatch",
    "__version__",
    "advise",
    "areas",
    "classify_title",
    "estimate_pay",
    "extract_skills",
    "find_role",
    "find_salaries",
    "fit",
    "gaps",
    "load_catalog",
    "parse_salary",
    "paths",
    "pay",
    "rank_esco_skills",
    "read_document",
    "resolve_location",
    "role",
    "roles",
]


def areas(search: str = "", limit: int = 20) -> list[Area]:
    """OEWS areas whose name, city or state matches the search, best first."""
    from payband.reference.areas import load_areas

    return load_areas().search(search, limit=limit)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'payband' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
