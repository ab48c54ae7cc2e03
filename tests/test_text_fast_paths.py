"""The string-method stand-ins for regexes in section and skill matching give the regexes' answers."""

from __future__ import annotations

import itertools
import random

import pytest

from payband.text import sections
from payband.text.sections import Section, match_form
from payband.text.skill_extraction import _COMMON_LIST_GAPS, _LIST_GAP, SkillMention, extract_skills


def _cases() -> list[str]:
    found = {"".join(combo) for n in range(6) for combo in itertools.product("# \t*_:a\n", repeat=n)}
    rng = random.Random(7)
    pieces = ["#", " ", "\t", "*", "_", ":", "a", "B", "é", "\n", "—", "x y", "**", "__"]
    found.update("".join(rng.choice(pieces) for _ in range(rng.randint(0, 40))) for _ in range(20_000))
    found.update("**" + "a" * k + "**:" for k in range(90))
    found.update("#" * k + " Skills ##" for k in range(9))
    return sorted(found)


def test_heading_markers_match_their_regexes() -> None:
    for stripped in {c.strip() for c in _cases()} - {""}:
        md = sections._MD.fullmatch(stripped)
        bold = sections._BOLD.fullmatch(stripped)
        if stripped[0] == "#":
            assert sections._md_heading(stripped) == (md.group("h") if md else None), stripped
        if stripped[0] in "*_":
            assert sections._bold_heading(stripped) == (bold.group("h") if bold else None), stripped


def test_common_headings_table_agrees_with_classify_heading() -> None:
    for heading, kind in sections._common_kinds().items():
        assert sections.classify_heading.__wrapped__(heading) == kind


@pytest.mark.parametrize(
    "text",
    [
        "Café · naïve — résumé ‘quoted’ • ok?",
        "?" * 40 + "é",  # question marks are no non-ASCII characters
        "东京 " * 30 + "Python",  # mostly non-ASCII: the error-handler path
        "\u212a .\u212aubernetes",
    ],
)
def test_match_form_non_ascii_paths_agree(text: str) -> None:
    via_handler = text.encode("ascii", "payband-match-form").decode("ascii")
    assert sections._ascii_stand_in(text) == via_handler
    assert len(match_form(text)) == len(text)


def test_common_list_gaps_are_list_gaps() -> None:
    assert all(_LIST_GAP.fullmatch(gap) for gap in _COMMON_LIST_GAPS)


def test_built_mentions_and_sections_are_the_real_classes() -> None:
    text = "Skills\n\nPython, Go and Rust; Spark on Databricks.\n\nBenefits: dental and 401(k)."
    mentions = extract_skills(text, include_boilerplate=True)
    assert mentions and all(type(m) is SkillMention for m in mentions)
    first = mentions[0]
    assert first == SkillMention(**{f: getattr(first, f) for f in SkillMention.__slots__})
    with pytest.raises(AttributeError):
        first.start = 0  # type: ignore[misc]
    secs = sections.split_sections(text)
    assert all(type(s) is Section for s in secs)
    assert secs[0] == Section(secs[0].start, secs[0].end, secs[0].kind, secs[0].heading, secs[0].how)
