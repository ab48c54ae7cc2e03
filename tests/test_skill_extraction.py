"""Skill extraction and section splitting on postings and resumes written for these tests."""

from __future__ import annotations

import sys
from itertools import pairwise
from pathlib import Path

import pytest

from payband.errors import InputError
from payband.text.sections import (
    BOILERPLATE_KINDS,
    classify_heading,
    match_form,
    section_at,
    split_sections,
)
from payband.text.skill_extraction import (
    MAX_TEXT_CHARS,
    SkillMention,
    extract_skill_ids,
    extract_skill_ids_many,
    extract_skills,
    extract_skills_and_sections,
    load_skill_matcher,
    skill_counts,
    skill_surfaces_and_sections,
)

FIXTURES = Path(__file__).parent / "fixtures" / "text"


def _fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def ids(text: str) -> set[str]:
    return {m.skill_id for m in extract_skills(text)}


def surfaces(text: str, skill_id: str) -> list[str]:
    return [m.surface for m in extract_skills(text) if m.skill_id == skill_id]


# -- aliases, casing, punctuation ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "skill_id", "surface"),
    [
        ("We run everything on k8s.", "kubernetes", "k8s"),
        ("Deep Kubernetes knowledge.", "kubernetes", "Kubernetes"),
        ("Experience with KUBERNETES operators.", "kubernetes", "KUBERNETES"),
        ("Hands-on GCP experience.", "gcp", "GCP"),
        ("Deploy to Google Cloud Platform daily.", "gcp", "Google Cloud Platform"),
        ("Models in scikit-learn.", "scikit-learn", "scikit-learn"),
        ("Models in sklearn.", "scikit-learn", "sklearn"),
        ("Models in Scikit-Learn.", "scikit-learn", "Scikit-Learn"),
        ("A PostgreSQL warehouse.", "postgresql", "PostgreSQL"),
        ("A Postgres warehouse.", "postgresql", "Postgres"),
        ("APIs in Node.js.", "nodejs", "Node.js"),
        ("APIs in NodeJS.", "nodejs", "NodeJS"),
        ("APIs in node js.", "nodejs", "node js"),
        ("Own our CI/CD.", "ci-cd", "CI/CD"),
        ("Own our CI / CD.", "ci-cd", "CI / CD"),
        ("Systems code in C++.", "cpp", "C++"),
        ("Services in C#.", "csharp", "C#"),
        ("Services on .NET today.", "dotnet", ".NET"),
        ("Services on .NET Core today.", "dotnet", ".NET Core"),
        ("Dashboards in power bi.", "power-bi", "power bi"),
        ("Tracked in Weights & Biases.", "weights-biases", "Weights & Biases"),
        ("Python, sql and aws.", "aws", "aws"),
    ],
)
def test_aliases_casing_and_punctuation(text: str, skill_id: str, surface: str) -> None:
    assert surface in surfaces(text, skill_id)


def test_longest_match_wins() -> None:
    found = extract_skills("Apache Spark SQL on Google Cloud Platform")
    assert [(m.skill_id, m.surface) for m in found] == [
        ("apache-spark", "Apache Spark"),
        ("sql", "SQL"),
        ("gcp", "Google Cloud Platform"),
    ]


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Strong JavaScript skills.", "java"),
        ("Reactive systems at scale.", "react"),
        ("An excellent communicator.", "excel"),
        ("We rustle up dashboards.", "rust"),
        ("Golden paths for services.", "go"),
        ("Sparkling water provided.", "apache-spark"),
        ("Net income grew.", "dotnet"),
        ("Our my_python_helpers module.", "python"),
    ],
)
def test_no_match_inside_words(text: str, absent: str) -> None:
    assert absent not in ids(text)


def test_url_scheme_is_not_a_skill() -> None:
    assert "http" not in ids("Apply at https://example.com/jobs now.")


def test_short_acronyms_need_upper_case() -> None:
    assert "can-bus" in ids("Firmware for CAN and SPI buses in C.")
    assert "can-bus" not in ids("You can ship code on day one.")
    assert "can-bus" not in ids("WHAT YOU CAN EXPECT FROM US")


# -- ambiguous names -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "skill_id"),
    [
        ("We use Go and Python.", "go"),
        ("Backend services written in Go.", "go"),
        ("Strong Go programming skills.", "go"),
        ("R, Python and SQL", "r"),
        ("Statistical modelling in R.", "r"),
        ("C/C++", "c"),
        ("C/C++", "cpp"),
        ("Embedded firmware in C for microcontrollers.", "c"),
        ("Swift and Kotlin for iOS", "swift"),
        ("Native apps in Swift (iOS, Xcode).", "swift"),
        ("Experience with Rust", "rust"),
        ("Python, Go, Rust", "rust"),
        ("Apache Spark", "apache-spark"),
        ("Spark, Hadoop", "apache-spark"),
        ("Batch jobs on Spark for our big data platform.", "apache-spark"),
        ("Skills: python, go, rust", "go"),
    ],
)
def test_ambiguous_names_with_context(text: str, skill_id: str) -> None:
    found = [m for m in extract_skills(text) if m.skill_id == skill_id]
    assert found, text
    assert all(text[m.start : m.end] == m.surface for m in found)


@pytest.mark.parametrize(
    ("text", "skill_id"),
    [
        ("Ready to go live", "go"),
        ("Go live with the new release next week.", "go"),
        ("Let's go!", "go"),
        ("Our go-to-market plan.", "go"),
        ("R&D team", "r"),
        ("Join our R&D group with Python and SQL experts.", "r"),
        ("C-suite", "c"),
        ("Report to the C-suite and C-level leaders.", "c"),
        ("Plan A, B or C.", "c"),
        ("swift delivery", "swift"),
        ("Swift delivery of features using Python and Java.", "swift"),
        ("Rust-proof coating", "rust"),
        ("spark innovation", "apache-spark"),
        ("Spark joy in everything you do.", "apache-spark"),
        ("We excel at customer service.", "excel"),
        ("Excellent written skills.", "excel"),
        ("Take a swift decision", "swift"),
        ("Go beyond the brief.", "go"),
    ],
)
def test_ambiguous_names_without_context(text: str, skill_id: str) -> None:
    assert skill_id not in ids(text)


def test_context_matches_score_below_plain_ones() -> None:
    found = {m.skill_id: m for m in extract_skills("Python, Go and Kubernetes")}
    assert found["go"].confidence < found["python"].confidence
    assert found["go"].confidence < found["kubernetes"].confidence
    assert "context" in found["go"].reason
    assert 0 < found["go"].confidence <= 1


# -- realistic texts -------------------------------------------------------------------------------------


def test_posting_with_markdown_headings() -> None:
    text = _fixture("posting_backend.md")
    found = extract_skills(text)
    counted = set(skill_counts(found))
    for expected in (
        "go", "python", "kubernetes", "gcp", "aws", "ci-cd", "github-actions", "terraform", "apache-spark",
        "postgresql", "rust", "sql", "redis", "apache-kafka", "nodejs", "typescript",
    ):  # fmt: skip
        assert expected in counted, expected
    # "Java and Swift tooling" sits in the company blurb; "Ruby on Rails" in the EEO text
    assert {"java", "swift", "ruby-on-rails"}.isdisjoint(counted)
    assert "r" not in counted  # "R&D team"
    for m in found:
        assert text[m.start : m.end] == m.surface
        assert m.counted
        assert m.section not in BOILERPLATE_KINDS


def test_boilerplate_only_with_flag_and_never_counted() -> None:
    text = _fixture("posting_backend.md")
    everything = extract_skills(text, include_boilerplate=True)
    extra = [m for m in everything if not m.counted]
    assert {m.skill_id for m in extra} >= {"java", "ruby-on-rails"}
    assert {m.section for m in extra} <= BOILERPLATE_KINDS
    assert skill_counts(everything) == skill_counts(extract_skills(text))


def test_plain_posting_without_markup() -> None:
    text = _fixture("posting_plain.txt")
    counted = extract_skill_ids(text)
    assert {"python", "scala", "apache-spark", "apache-airflow", "snowflake", "dbt", "sql", "terraform",
            "aws", "apache-kafka"} <= counted  # fmt: skip
    # Kubernetes is only in the benefits paragraph, Java only in the equal-opportunity text
    assert "kubernetes" not in counted
    assert "java" not in counted


def test_resume() -> None:
    text = _fixture("resume_data.txt")
    found = extract_skills(text)
    counted = skill_counts(found)
    expected = {"python", "r", "sql", "scala", "scikit-learn", "pytorch", "apache-spark", "apache-airflow",
                "postgresql", "tableau", "excel", "kubernetes", "gcp", "git", "docker"}  # fmt: skip
    assert expected <= set(counted)
    assert counted["python"] == 2
    assert "c" not in counted  # "C-suite"
    assert "experimental-design" not in counted  # the name "JANE DOE"
    r_mentions = [m for m in found if m.skill_id == "r"]
    assert all(m.surface == "R" for m in r_mentions)
    assert "R&D" not in [text[m.start : m.end + 2] for m in r_mentions]
    assert {m.section for m in found} >= {"skills", "experience"}


def test_spans_are_exact_substrings() -> None:
    for name in ("posting_backend.md", "posting_plain.txt", "resume_data.txt"):
        text = _fixture(name)
        for m in extract_skills(text, include_boilerplate=True):
            assert text[m.start : m.end] == m.surface
            assert m.surface.strip() == m.surface


def test_non_ascii_text_keeps_offsets() -> None:
    text = "Résumé • Ünïcode “Python” – İstanbul team, Kubernetes and C++ ✓"
    found = extract_skills(text)
    assert {m.skill_id for m in found} >= {"python", "kubernetes", "cpp"}
    for m in found:
        assert text[m.start : m.end] == m.surface
    assert "r" not in {m.skill_id for m in found}


def test_determinism_and_summaries() -> None:
    text = _fixture("posting_backend.md")
    first, second = extract_skills(text), extract_skills(text)
    assert first == second
    assert all(isinstance(m, SkillMention) for m in first)
    assert extract_skill_ids(text) == set(skill_counts(first))
    counts = skill_counts(first)
    assert list(counts.values()) == sorted(counts.values(), reverse=True)


def test_empty_and_limits() -> None:
    assert extract_skills("") == []
    assert extract_skill_ids("   ") == set()
    with pytest.raises(InputError, match="too long"):
        extract_skills("x" * (MAX_TEXT_CHARS + 1))
    # a non-string is refused: InputError in plain Python, TypeError at a compiled module's typed boundary
    with pytest.raises((InputError, TypeError), match="str"):
        extract_skills(123)  # type: ignore[arg-type]


def test_matcher_is_cached() -> None:
    assert load_skill_matcher() is load_skill_matcher()
    assert len(load_skill_matcher()) > 10_000


def test_frozen_mentions() -> None:
    m = extract_skills("Python")[0]
    with pytest.raises(AttributeError):
        m.start = 3  # type: ignore[misc]


# -- sections --------------------------------------------------------------------------------------------


def _kinds(text: str) -> list[tuple[str, str]]:
    return [
        (s.kind, text[s.start : s.end].strip().splitlines()[0])
        for s in split_sections(text)
        if text[s.start : s.end].strip()
    ]


def test_sections_markdown_posting() -> None:
    text = _fixture("posting_backend.md")
    sections = split_sections(text)
    assert sections[0].start == 0 and sections[-1].end == len(text)
    assert all(a.end == b.start for a, b in pairwise(sections))
    kinds = [s.kind for s in sections]
    assert kinds == ["other", "about", "responsibilities", "requirements", "benefits", "legal"]
    assert sections[3].heading == "What We're Looking For"
    assert sections[5].how == "cue"
    assert section_at(sections, text.index("Design, build")) == sections[2]
    assert section_at(sections, len(text)) is None


def test_sections_plain_posting_by_cues() -> None:
    text = _fixture("posting_plain.txt")
    kinds = _kinds(text)
    assert ("about", "Acme Analytics is a leading provider of retail insights. Our mission is to help every "
            "store owner use") in kinds  # fmt: skip
    assert [k for k, _ in kinds] == ["other", "about", "other", "requirements", "benefits", "legal"]


def test_sections_resume() -> None:
    text = _fixture("resume_data.txt")
    by_kind = {s.kind for s in split_sections(text)}
    assert {"skills", "experience", "education"} <= by_kind
    assert not by_kind & BOILERPLATE_KINDS


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Requirements", "requirements"),
        ("What you'll bring", "requirements"),
        ("Nice to have", "requirements"),
        ("About you", "requirements"),
        ("What You’ll Do", "responsibilities"),
        ("About the role", "responsibilities"),
        ("Responsibilities:", "responsibilities"),
        ("Tech stack", "skills"),
        ("Technical Skills", "skills"),
        ("Work Experience", "experience"),
        ("Education & Certifications", "education"),
        ("About Us", "about"),
        ("Who we are", "about"),
        ("Benefits & Perks", "benefits"),
        ("What we offer", "benefits"),
        ("Compensation", "compensation"),
        ("Salary range", "compensation"),
        ("Equal Opportunity Employer", "legal"),
        ("EEO Statement", "legal"),
        ("How to apply", "application"),
        ("Summary", "other"),
        ("Senior Data Scientist, Acme", "other"),
    ],
)
def test_classify_heading(heading: str, kind: str) -> None:
    assert classify_heading(heading) == kind


def test_sections_heading_styles() -> None:
    text = (
        "**Responsibilities**\nBuild APIs in Python.\n\n"
        "QUALIFICATIONS\n3 years of SQL.\n\n"
        "Perks:\nFree lunch.\n\n"
        "Requirements: Go and Kubernetes\n"
    )
    assert [s.kind for s in split_sections(text)] == [
        "responsibilities",
        "requirements",
        "benefits",
        "requirements",
    ]
    assert split_sections(text)[-1].heading == "Requirements"


def test_sections_eeo_inside_requirements_needs_strong_cues() -> None:
    text = (
        "Requirements\n"
        "- Python and SQL\n"
        "- Able to pass a background check\n"
        "- Experience with dental imaging software\n"
    )
    assert {s.kind for s in split_sections(text)} == {"requirements"}
    eeo = text + "\nWe are an equal opportunity employer and consider applicants without regard to race.\n"
    assert split_sections(eeo)[-1].kind == "legal"


def test_sections_salary_cue() -> None:
    text = "Data Analyst\n\nThe pay range for this role is $120,000 - $150,000 per year.\n"
    assert split_sections(text)[-1].kind == "compensation"


def test_match_form_is_length_preserving() -> None:
    for text in ("İstanbul", "Node.js, .NET, C++/C#", "résumé – “quotes”", "ß straße", "#hashtag python+sql"):
        form = match_form(text)
        assert len(form) == len(text)
    assert match_form("Node.js .NET C++") == "node js .net c++"
    assert split_sections("") == []


def test_resume_about_me_section_counts() -> None:
    """'About me' on a resume describes the person, so its skills count (unlike a company blurb)."""
    text = "Jane Doe\nAbout me\nData engineer who loves Python, Airflow and Snowflake.\n"
    ids = {m.skill_id for m in extract_skills(text)}
    assert {"python", "apache-airflow", "snowflake"} <= ids


def test_extract_skill_ids_many_equals_one_by_one() -> None:
    texts = [
        "Requirements:\nPython, Go and Rust; Spark on Databricks.\n\nBenefits: 401(k), dental.",
        "We use R and SQL for statistics. Swift delivery of C-suite reports.",
        "",
        "   ",
        "Café teams: C++/C#, .NET, Node.js and scikit-learn • Kubernetes",
    ]
    assert extract_skill_ids_many(texts) == [extract_skill_ids(t) for t in texts]
    assert extract_skill_ids_many([]) == []


def _match_form_reference(text: str) -> str:
    """match_form as first written: lower-case, then each non-ASCII run by a regex (the fast path
    encodes with an error handler instead; the forms must be identical)."""
    import re

    from payband.text.sections import _BYTES, _LEAD_DOT

    if not text.isascii():
        low = text.lower()
        if len(low) != len(text):
            low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        text = re.sub(
            r"[^\x00-\x7f]+", lambda m: "".join("_" if c.isalnum() else " " for c in m.group()), low
        )
    form = list(text.encode("ascii").translate(_BYTES).decode("ascii"))
    for m in _LEAD_DOT.finditer(text):
        i = m.start()
        if i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "._"):
            form[i] = "."
    out = "".join(form)
    return "".join(
        " " if c in "+#" and i + 1 < len(out) and (out[i + 1].isalnum() or out[i + 1] == "_") else c
        for i, c in enumerate(out)
    )


@pytest.mark.parametrize(
    "text",
    [
        "İstanbul .NET",  # lower-cases to two characters
        "\u212aelvin .\u212a c++",  # the Kelvin sign lower-cases to ASCII "k"
        "ΟΔΟΣ Σ ς – “C#” ’s • ● ß ﬁ 東京 Python+SQL #tag",
        "x\udc80y .Net",  # a lone surrogate
        "".join(chr(c) for c in range(0x80, 0x3000)) + ".net",
        "plain ascii Node.js C++ C# .NET",
    ],
)
def test_match_form_fast_path_matches_reference(text: str) -> None:
    assert match_form(text) == _match_form_reference(text)


def test_ids_path_matches_full_extraction() -> None:
    """skill ids (no confidence or reason work for unambiguous names) = the skills extract_skills counts;
    ambiguous names decided over several rounds (the memo of what does not depend on other hits)."""
    texts = [
        "Requirements:\n- Python, Go and Rust\n- Spark and Hadoop for big data\n- R for statistics\n"
        "Swift delivery matters. We use Tableau, Excel and SQL.\n\nBenefits: dental, 401k, Python classes",
        "Skills\nGo, Kubernetes, Docker, C, C++\nWe go live soon. Experience with Spark.",
        "analytics, cloud, strategy; research and AI with python, go, rust",
    ]
    for text in texts:
        counted = {m.skill_id for m in extract_skills(text)}
        assert extract_skill_ids(text) == counted
        assert extract_skill_ids_many([text, text]) == [counted, counted]


def test_context_memo_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ambiguous names asked again in later rounds reuse what does not depend on other hits: the
    mentions (confidence and reason included) are those of asking afresh every time.

    The module's own source is loaded apart and its ``_context`` replaced by one that never remembers:
    the installed module may be compiled (setup.py), and compiled calls do not see a patched name."""
    import importlib.util

    import payband.text.skill_extraction as se

    source = Path(se.__file__ or "").with_name("skill_extraction.py")
    spec = importlib.util.spec_from_file_location("_skill_extraction_source", source)
    assert spec is not None and spec.loader is not None
    plain = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, plain)  # its dataclasses look their module up there
    spec.loader.exec_module(plain)

    texts = [
        "Swift delivery of C, R and Go. Experience with Spark. Python, Go and Rust.\n"
        "Skills\nExcel, Tableau, R, Go\n\nWe use Go services and Spark streaming in AWS with SQL and Java.",
        "A, B or C grade. go-to-market. Build it in Go. R&D. The R language for statistics with Python.",
    ]
    remembered = [extract_skills(t, include_boilerplate=True) for t in texts]
    assert any(m.skill_id for m in remembered[1])  # the ambiguous names are really in play
    fresh = plain._context
    monkeypatch.setattr(
        plain, "_context", lambda text, hit, sec, acc, starts, memo=None: fresh(text, hit, sec, acc, starts)
    )
    assert [plain.extract_skills(t, include_boilerplate=True) for t in texts] == remembered


def test_skills_and_sections_in_one_pass_equal_the_two_calls() -> None:
    examples = Path(__file__).resolve().parent.parent / "examples"
    texts = [f.read_text(encoding="utf-8") for f in sorted(FIXTURES.iterdir())]
    texts += [f.read_text(encoding="utf-8") for f in sorted(examples.glob("*.md"))]
    texts += ["", "Python", "Requirements:\n- Go and Rust\nBenefits:\n- Python lunch club"]
    for text in texts:
        for boilerplate in (False, True):
            mentions, sections = extract_skills_and_sections(text, include_boilerplate=boilerplate)
            assert mentions == extract_skills(text, include_boilerplate=boilerplate)
            assert sections == split_sections(text)


@pytest.mark.parametrize("most", [1, 2, 5])
def test_skill_surfaces_are_the_first_distinct_surfaces_of_the_mentions(most: int) -> None:
    examples = Path(__file__).parent.parent / "examples"
    texts = [_fixture(p.name) for p in sorted(FIXTURES.iterdir())]
    texts += [p.read_text(encoding="utf-8") for p in sorted(examples.glob("*.md"))]
    texts += ["Python, python, PYTHON and Python 3; R, SQL and sql.\n\nBenefits: dental, Python.", ""]
    for text in texts:
        mentions, sections = extract_skills_and_sections(text)
        expected: dict[str, list[str]] = {}
        for m in mentions:
            surfaces = expected.setdefault(m.skill_id, [])
            if len(surfaces) < most and m.surface not in surfaces:
                surfaces.append(m.surface)
        found, found_sections = skill_surfaces_and_sections(text, most=most)
        assert list(found.items()) == [(sid, tuple(s)) for sid, s in expected.items()]
        assert found_sections == sections
