"""payband: where the money in tech flows, and what you need to get there.

The typed Python API the CLI, the HTTP API and the web page are thin layers over::

    import payband
    payband.roles()                        # every role ranked by national median pay
    payband.role("data-scientist")         # duties, skills, links, pay and top metros
    payband.pay("data-scientist", "Seattle")  # the OEWS distribution, with its source line
    payband.resolve_location("Hybrid in Austin")  # a posting's location → OEWS area + flags
    payband.classify_title("Sr. ML Eng II (Remote)")  # → ml-engineer, senior
    payband.read_document("resume.pdf")   # text of a PDF, DOCX, Markdown, text or HTML file
    payband.extract_skills(posting_text)  # payband-taxonomy skills with spans and confidence
    payband.parse_salary("$17-$24 Per Hour(Glassdoor est.)")  # → 17, 24, hour, USD, annual USD
"""

from payband.errors import DataError, InputError, NotFound, PaybandError
from payband.pay.bands import PayBand, pay
from payband.pay.ranking import RoleRanking, RoleReport, role, roles
from payband.reference.areas import Area, AreaMatch, load_areas
from payband.reference.catalog import Role, find_role, load_catalog
from payband.text.locations import LocationMatch, resolve_location
from payband.text.readers import Document, ReadLimits, read_document
from payband.text.salary import SalaryMention, SalaryParse, find_salaries, parse_salary
from payband.text.skill_extraction import SkillMention, extract_skills
from payband.text.titles import TitleMatch, classify_title

__version__ = "0.1.0"

__all__ = [
    "Area",
    "AreaMatch",
    "DataError",
    "Document",
    "InputError",
    "LocationMatch",
    "NotFound",
    "PayBand",
    "PaybandError",
    "ReadLimits",
    "Role",
    "RoleRanking",
    "RoleReport",
    "SalaryMention",
    "SalaryParse",
    "SkillMention",
    "TitleMatch",
    "__version__",
    "areas",
    "classify_title",
    "extract_skills",
    "find_role",
    "find_salaries",
    "load_catalog",
    "parse_salary",
    "pay",
    "read_document",
    "resolve_location",
    "role",
    "roles",
]


def areas(search: str = "", limit: int = 20) -> list[Area]:
    """OEWS areas whose name, city or state matches the search, best first."""
    return load_areas().search(search, limit=limit)
