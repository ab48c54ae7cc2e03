"""Profile: skills, years of experience, current role and area from resumes, skill lists and given values."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pytest

from payband.advice.profile import Profile, find_positions, stated_years
from payband.errors import InputError, NotFound

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
DOCS = Path(__file__).parent / "fixtures" / "docs"
AS_OF = date(2026, 6, 1)


def _days(a: date, b: date) -> int:
    return (b - a).days


def _years(*spans: tuple[date, date]) -> float:
    return sum(_days(a, b) for a, b in spans) / 365.25


# --------------------------------------------------------------------------------------- examples


def test_data_scientist_example() -> None:
    p = Profile.build(EXAMPLES / "resume_data_scientist.md", as_of=AS_OF)
    assert p.current_role == "data-scientist"
    assert p.current_title == "Data Scientist II"
    assert (p.role_source, p.seniority) == ("inferred", "mid")
    assert p.role_evidence is not None and "Lonestar Lending" in p.role_evidence
    # hand count: Apr 2023–Present, Aug 2021–Mar 2023 (the 2022 part-time contract lies inside it),
    # Jun–Aug 2020; the M.S. (2019 – 2021) and B.S. (2015 – 2019) ranges are education
    hand = _years(
        (date(2023, 4, 1), AS_OF), (date(2021, 8, 1), date(2023, 4, 1)), (date(2020, 6, 1), date(2020, 9, 1))
    )
    assert p.years is not None and abs(p.years - hand) <= 0.5
    assert p.years == round(hand, 1) == 5.1
    assert p.years_source == "inferred"
    assert len(p.years_evidence) == len(p.positions) == 4
    assert p.years_evidence[0] == "Data Scientist II, Lonestar Lending — Apr 2023 – Present: 3.2 years"
    assert all("2019 – 2021" not in e and "2015 – 2019" not in e for e in p.years_evidence)
    contract = next(pos for pos in p.positions if "Hill Country" in pos.label)
    assert contract.overlaps and contract.role == "data-analyst"
    assert {"python", "sql", "statistics", "r", "tableau", "a-b-testing", "machine-learning"} <= set(p.skills)
    assert p.found_skills == p.skills and p.given_skills == ()
    assert "Python" in p.skill_evidence["python"]
    assert p.area_code == "0012420" and p.area_source == "inferred"
    assert p.area_name is not None and p.area_name.startswith("Austin")
    assert p.warnings == ()


def test_devops_example_junior_to_mid() -> None:
    p = Profile.build(EXAMPLES / "resume_devops_engineer.txt", as_of=AS_OF)
    assert (p.current_role, p.seniority, p.current_title) == ("devops-engineer", "mid", "DevOps Engineer II")
    # "2024 - Present": a bare year stands for 1 July
    hand = _years(
        (date(2024, 7, 1), AS_OF), (date(2022, 6, 1), date(2024, 1, 1)), (date(2020, 9, 1), date(2022, 6, 1))
    )
    assert p.years is not None and abs(p.years - hand) <= 0.5
    assert [pos.role for pos in p.positions] == [
        "devops-engineer",
        "devops-engineer",
        "it-support-specialist",
    ]
    assert [pos.seniority for pos in p.positions] == ["mid", "junior", None]
    assert any("Sep 2020 to May 2022" in e for e in p.years_evidence)
    assert {"kubernetes", "terraform", "docker", "github-actions", "prometheus", "bash"} <= set(p.skills)
    assert p.area_code == "0042660"


def test_frontend_example_title_above_dates_and_projects_skipped() -> None:
    p = Profile.build(EXAMPLES / "resume_frontend_developer.md", as_of=AS_OF)
    assert (p.current_role, p.seniority, p.current_title) == (
        "web-developer",
        "senior",
        "Senior Frontend Developer",
    )
    hand = _years(
        (date(2021, 2, 1), AS_OF), (date(2018, 1, 1), date(2021, 2, 1)), (date(2016, 7, 1), date(2017, 7, 1))
    )
    assert p.years is not None and abs(p.years - hand) <= 0.5
    assert len(p.positions) == 3  # the open-source project "2019 – Present" is not a job
    assert all("tiny-charts" not in e for e in p.years_evidence)
    assert [pos.title for pos in p.positions] == [
        "Senior Frontend Developer",
        "Frontend Developer",
        "Web Developer",
    ]
    assert {"react", "typescript", "javascript", "css", "nextjs"} <= set(p.skills)
    assert p.area_name is not None and p.area_name.startswith("New York")


# --------------------------------------------------------------------------------------- fixtures


@pytest.mark.parametrize(
    ("name", "role", "seniority", "area", "spans"),
    [
        (
            "resume_data_engineer.md",
            "data-engineer",
            "senior",
            "0016980",
            [
                (date(2021, 3, 1), AS_OF),
                (date(2017, 6, 1), date(2021, 3, 1)),
                (date(2015, 8, 1), date(2017, 6, 1)),
            ],
        ),
        (
            "resume_frontend.txt",
            "web-developer",
            "senior",
            "0012420",
            [
                (date(2022, 1, 1), AS_OF),
                (date(2019, 7, 1), date(2022, 1, 1)),
                (date(2018, 5, 1), date(2019, 7, 1)),
            ],
        ),
        (
            "resume_platform_engineer.pdf",
            "devops-engineer",
            "senior",
            "0038900",
            [
                (date(2021, 3, 1), AS_OF),
                (date(2017, 6, 1), date(2021, 3, 1)),
                (date(2015, 7, 1), date(2017, 6, 1)),
            ],
        ),
        (
            "resume_platform_engineer.docx",
            "devops-engineer",
            "senior",
            "0038900",
            [
                (date(2021, 3, 1), AS_OF),
                (date(2017, 6, 1), date(2021, 3, 1)),
                (date(2015, 7, 1), date(2017, 6, 1)),
            ],
        ),
    ],
)
def test_fixture_resumes(
    name: str, role: str, seniority: str, area: str, spans: list[tuple[date, date]]
) -> None:
    p = Profile.build(DOCS / name, as_of=AS_OF)
    assert (p.current_role, p.seniority, p.area_code) == (role, seniority, area)
    assert p.years == round(_years(*spans), 1)
    assert len(p.positions) == 3 and not any(pos.overlaps for pos in p.positions)
    assert p.source_name == name and p.text_chars > 1000
    assert {"python", "sql"} & set(p.skills)


def test_stated_years_that_disagree_are_reported() -> None:
    p = Profile.build(DOCS / "resume_data_engineer.md", as_of=AS_OF)
    assert any("8 years of experience" in w and "10.8" in w for w in p.warnings)


def test_bytes_with_filename() -> None:
    data = (EXAMPLES / "resume_devops_engineer.txt").read_bytes()
    p = Profile.build(data, filename="cv.txt", as_of=AS_OF)
    assert p.current_role == "devops-engineer" and p.source_name == "cv.txt"


# ------------------------------------------------------------------------------------- years rules


def test_overlapping_jobs_are_not_double_counted() -> None:
    text = (
        "Experience\n"
        "Data Engineer, BigCo — Jan 2018 – Dec 2021\n"
        "Data Analyst (evenings), SmallCo — Jan 2019 – Dec 2020\n"
        "Consultant, Own practice — 2020 – 2023\n"
    )
    p = Profile.build(text=text, as_of=AS_OF)
    # union: 1 Jan 2018 → 1 July 2023 (the 2020–2023 range ends mid-2023)
    assert p.years == round(_years((date(2018, 1, 1), date(2023, 7, 1))), 1) == 5.5
    assert sum(pos.years for pos in p.positions) > 8
    assert all(pos.overlaps for pos in p.positions)
    assert all("counted once" in e for e in p.years_evidence)


def test_education_dates_are_ignored() -> None:
    text = (
        "Jane Roe\n\nExperience\n\nSoftware Engineer, Acme — 2020 – 2024\n\n"
        "Education\n\nB.S. Computer Science, State University — 2012 – 2016\nTeaching Assistant 2014 - 2016\n"
    )
    p = Profile.build(text=text, as_of=AS_OF)
    assert p.years == 4.0 and len(p.positions) == 1
    # without headings a degree or school line is still not a job
    loose = "Jane Roe\nSoftware Engineer at Acme, 2020 - 2024\nB.S. Computer Science, MIT, 2012 - 2016\n"
    q = Profile.build(text=loose, as_of=AS_OF)
    assert q.years == 4.0 and q.current_role == "software-developer"


def test_future_ranges_are_ignored_and_open_ends_cut_at_as_of() -> None:
    text = "Experience\nEngineer, Acme — Jan 2030 – Present\nQA Engineer, Beta — Jan 2025 – Dec 2027\n"
    p = Profile.build(text=text, as_of=AS_OF)
    assert len(p.positions) == 1
    pos = p.positions[0]
    assert pos.end == AS_OF and pos.ongoing and p.current_role == "qa-engineer"
    assert any("Jan 2030" in w and "after" in w for w in p.warnings)


@pytest.mark.parametrize(
    ("line", "start", "end"),
    [
        ("Analyst, Acme — Mar 2021 – Present", date(2021, 3, 1), AS_OF),
        ("Analyst, Acme — March 2021 - Current", date(2021, 3, 1), AS_OF),
        ("Analyst, Acme | Jan. 2019 to Dec. 2020", date(2019, 1, 1), date(2021, 1, 1)),
        ("Analyst, Acme  06/2016 - 02/2018", date(2016, 6, 1), date(2018, 3, 1)),
        ("Analyst, Acme  6/2016–2/2018", date(2016, 6, 1), date(2018, 3, 1)),
        ("Analyst, Acme  06/16 - 02/18", date(2016, 6, 1), date(2018, 3, 1)),
        ("Analyst, Acme  2019-03 — 2021-05", date(2019, 3, 1), date(2021, 6, 1)),
        ("Analyst, Acme (Sep '19 – Jun '21)", date(2019, 9, 1), date(2021, 7, 1)),
        ("Analyst, Acme, 2017–2019", date(2017, 7, 1), date(2019, 7, 1)),
        ("Analyst, Acme, 2017 — Now", date(2017, 7, 1), AS_OF),
        ("Analyst, Acme, Summer 2018 - Today", date(2018, 6, 1), AS_OF),
        ("Analyst, Acme, Dec 2019 until Feb 2020", date(2019, 12, 1), date(2020, 3, 1)),
        ("Analyst, Acme, 2021 - 2021", date(2021, 1, 1), date(2021, 7, 1)),
    ],
)
def test_date_formats(line: str, start: date, end: date) -> None:
    positions = find_positions("Experience\n" + line + "\n", as_of=AS_OF)
    assert [(p.start, p.end) for p in positions] == [(start, end)]
    assert positions[0].title == "Analyst"


def test_no_date_like_noise_counts() -> None:
    text = (
        "Experience\nSite Reliability Engineer, Acme — 2019 – Present\n"
        "- Cut the bill by $38k; 99.95% availability; call (512) 555-0148\n"
        "- Grew revenue 2019-2020 by 40%\n"
    )
    positions = find_positions(text, as_of=AS_OF)
    assert len(positions) == 1 and positions[0].role == "site-reliability-engineer"


def test_title_on_the_line_below_and_specialism() -> None:
    text = (
        "EXPERIENCE\nAcme Corp, Austin TX    Mar 2021 – Present\nMachine Learning Engineer\n- models\n"
        "Beta Inc    2019 – 2021\nSoftware Engineer, Machine Learning\n"
    )
    positions = find_positions(text, as_of=AS_OF)
    assert [p.title for p in positions] == [
        "Machine Learning Engineer",
        "Software Engineer, Machine Learning",
    ]
    assert [p.role for p in positions] == ["ml-engineer", "ml-engineer"]


def test_current_position_is_the_latest_end_in_any_order() -> None:
    text = (
        "Experience\nData Analyst, Old — 2015 – 2018\nFounder, Side Project LLC — Jan 2024 – Present\n"
        "Data Engineer, BigCo — Mar 2019 – Present\nBI Analyst, Mid — 2018 – 2019\n"
    )
    p = Profile.build(text=text, as_of=AS_OF)
    assert (p.current_role, p.current_title) == ("data-engineer", "Data Engineer")


def test_stated_years_used_when_no_positions_parse() -> None:
    p = Profile.build(text="Summary\nBackend developer with 10+ years building APIs in Go and Python.\n")
    assert (p.years, p.years_source) == (10.0, "inferred")
    assert p.years_evidence == ("stated in summary: '10+ years'",)
    assert stated_years("Profile\nEngineer with six years of experience in React.\n") == (
        6.0,
        "six years of experience",
    )
    assert stated_years("Summary\nShipped 3 years in a row.\n") is None


def test_header_title_when_no_positions() -> None:
    p = Profile.build(text="Ana Silva\nSenior Data Engineer · Denver, CO\n\nSkills\nPython, SQL, Airflow\n")
    assert (p.current_role, p.seniority, p.role_source) == ("data-engineer", "senior", "inferred")
    assert p.area_name is not None and p.area_name.startswith("Denver")
    assert p.years is None and p.years_source == "unknown"
    assert any("years of experience unknown" in w for w in p.warnings)


def test_default_as_of_is_today() -> None:
    p = Profile.build(EXAMPLES / "resume_data_scientist.md")
    assert p.as_of == date.today()
    assert p.years is not None and p.years >= 5.0


# ------------------------------------------------------------------------------- given values win


def test_given_values_override_inferred() -> None:
    p = Profile.build(
        EXAMPLES / "resume_data_scientist.md",
        years=3,
        current_role="ml-engineer",
        area="Seattle",
        skills=["PyTorch", "python"],
        as_of=AS_OF,
    )
    assert (p.years, p.years_source, p.years_evidence) == (3.0, "given", ("given",))
    assert (p.current_role, p.role_source) == ("ml-engineer", "given")
    assert p.current_title == "Data Scientist II"  # what the resume says stays visible
    assert (p.area_code, p.area_source) == ("0042660", "given")
    assert p.given_skills == ("python", "pytorch")
    assert "pytorch" in p.skills and "pytorch" not in p.found_skills
    assert p.skill_evidence["pytorch"] == ("given",)
    assert p.skill_evidence["python"][-1] == "given" and "Python" in p.skill_evidence["python"]


def test_given_role_as_a_title_carries_its_seniority() -> None:
    p = Profile.build(skills="python, sql", current_role="Senior Data Engineer")
    assert (p.current_role, p.seniority, p.role_source) == ("data-engineer", "senior", "given")


def test_unknown_skill_raises_not_found_with_suggestions() -> None:
    with pytest.raises(NotFound) as err:
        Profile.build(skills=["pythn"])
    assert "python" in err.value.suggestions


def test_unknown_role_raises_not_found() -> None:
    with pytest.raises(NotFound):
        Profile.build(skills=["python"], current_role="astronaut of the seas")


def test_ambiguous_area_raises_input_error() -> None:
    with pytest.raises(InputError) as err:
        Profile.build(skills=["python"], area="Portland")
    assert not isinstance(err.value, NotFound)
    assert any("OR" in s for s in err.value.suggestions) and any("ME" in s for s in err.value.suggestions)


def test_unknown_area_raises_not_found() -> None:
    with pytest.raises(NotFound):
        Profile.build(skills=["python"], area="Atlantis")


@pytest.mark.parametrize("bad", [-1, 61, math.nan, math.inf])
def test_bad_years_raise(bad: float) -> None:
    with pytest.raises(InputError):
        Profile.build(skills=["python"], years=bad)


# ---------------------------------------------------------------------------------- skills, empties


def test_skills_only_profile() -> None:
    p = Profile.build(skills=["Python", "sql", "Tableau", "python"])
    assert p.skills == ("python", "sql", "tableau") == p.given_skills
    assert p.found_skills == ()
    assert all(ev == ("given",) for ev in p.skill_evidence.values())
    assert (p.years_source, p.role_source, p.area_source) == ("unknown", "unknown", "unknown")
    assert p.text_chars == 0 and p.warnings == ()


def test_empty_and_no_skill_documents_warn() -> None:
    empty = Profile.build(text="")
    assert "the document has no text" in empty.warnings
    assert "no skills found in the document" in empty.warnings
    plain = Profile.build(text="I enjoy gardening and long walks on the beach.")
    assert "no skills found in the document" in plain.warnings
    assert plain.skills == () and plain.years is None and plain.current_role is None


def test_needs_some_input() -> None:
    with pytest.raises(InputError):
        Profile.build()
    with pytest.raises(InputError):
        Profile.build(EXAMPLES / "resume_data_scientist.md", text="also text")


# ------------------------------------------------------------------------------------------ privacy


def test_profile_keeps_no_resume_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    source = EXAMPLES / "resume_data_scientist.md"
    p = Profile.build(source, as_of=AS_OF)
    dumped = p.model_dump_json()
    assert p.text is None
    assert "survive contact with production" not in dumped
    assert "credit-line-increase" not in dumped
    assert p.text_chars > 0
    assert list(tmp_path.iterdir()) == []  # nothing written
    kept = Profile.build(source, as_of=AS_OF, keep_text=True)
    assert kept.text is not None and "survive contact with production" in kept.text


def test_profile_is_frozen() -> None:
    p = Profile.build(skills=["python"])
    with pytest.raises(ValueError, match="frozen"):
        p.years = 3  # type: ignore[misc]


@pytest.mark.parametrize(
    ("header", "code"),
    [
        ("Jane Doe\nSeattle, Washington | jane@example.com", "0042660"),
        ("Jane Doe\nLocation: Boston, MA 02110", "0014460"),
        ("Jane Doe\nRemote · New York, NY", "0035620"),
    ],
)
def test_area_from_the_header(header: str, code: str) -> None:
    p = Profile.build(text=header + "\n\nSkills\nPython, SQL\n")
    assert (p.area_code, p.area_source) == (code, "inferred")
