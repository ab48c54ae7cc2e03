"""The shortcuts that reading a resume's positions and header takes give what the long way gives."""

from __future__ import annotations

import random
import re
from itertools import islice

import pytest

from payband.advice import positions as pos
from payband.advice import profile as prof
from payband.text.sections import Section
from payband.text.titles import (
    MAX_CONFIDENCE,
    SURE_CONFIDENCE,
    TitleRole,
    can_name_surely,
    classify_title,
    load_title_index,
    title_role,
)
from payband.text.titles import normalise as norm

_DECORATIONS = (
    "{}", "Senior {}", "{}, Acme", "{} (Remote)", "python {}", "{} II", "Sr. {} - Payments", "Lead {} / {}",
    "{} at Globex", "Head of {}", "{} Intern", "Acme {}",
)  # fmt: skip


def _titles(n: int) -> list[str]:
    """Index keys of sure sources, decorated, respelt and with engineer/developer swapped, plus noise."""
    index = load_title_index()
    rnd = random.Random(11)
    keys = sorted(k for k, e in index.titles.items() if e.source in (0, 1, 5) and e.cls >= 0)
    words = sorted(index.vocabulary)
    out = ["", "Lonestar Lending", "Capitol Insights", "Data Scientist II, Lonestar Lending", "Enginer"]
    for key in rnd.sample(keys, min(n, len(keys))):
        out.append(rnd.choice(_DECORATIONS).format(key, rnd.choice(keys)))
        toks = key.split()
        toks[-1] = {"engineer": "developer", "developer": "engineer"}.get(toks[-1], toks[-1])
        j = rnd.randrange(len(toks))
        if len(toks[j]) >= 6:
            i = rnd.randrange(len(toks[j]))
            toks[j] = toks[j][:i] + toks[j][i + 1 :]
        out.append(" ".join(toks))
        out.append(f"{rnd.choice(words)} {rnd.choice(words)} {toks[-1]}")
    return out


@pytest.mark.parametrize("title", _titles(400))
def test_title_role_is_what_classify_title_says(title: str) -> None:
    role = title_role(title)
    match = classify_title(title)
    assert role == (match.role, match.seniority, match.confidence, match.method)
    if role.role is not None:
        assert role.confidence <= MAX_CONFIDENCE
        if role.confidence >= SURE_CONFIDENCE:
            assert can_name_surely(title, role.role)


def test_can_name_surely_says_no_to_other_words() -> None:
    assert not can_name_surely("Lonestar Lending", "data-scientist")
    assert can_name_surely("Data Scientist", "data-scientist")
    assert not can_name_surely("Data Scientist", "data-analyst")


def test_the_top_score_leaves_room_for_a_sure_role() -> None:
    assert pos._TOP_SCORE - pos._AS_GOOD > 1.0 + SURE_CONFIDENCE


@pytest.mark.parametrize(
    "line",
    [
        "### Data Scientist II, Lonestar Lending — Apr 2023 – Present",
        "Data Engineer / Software Engineer, Acme — 2019 – 2021",
        "Software Engineer, Machine Learning, Acme  2019 - 2021",
        "Engineer, Data Engineer, Acme — Mar 2021 – Present",
        "Acme Corp, Austin TX    Mar 2021 – Present",
        "Data Analyst (part-time contract), Hill Country Cooperative — Jan 2022 – Dec 2022",
    ],
)
def test_best_title_equals_scoring_every_piece(line: str) -> None:
    rest = pos._RANGE.sub("  ", line)
    every = pos._best_title([pos._score(p) for p in pos._candidates(rest)])
    best = pos._TitleReader().best(rest)
    assert _fields(best) == _fields(every)


def _fields(title: pos._Title | None) -> tuple[str, float, TitleRole | None] | None:
    return None if title is None else (title.text, title.score, title.match)


def test_range_search_from_the_hint_finds_every_range() -> None:
    rnd = random.Random(5)
    alphabet = [*"0123456789 ,./-'’–—~:|()Tt\xa0", "Jan", "Sept.", " to ", "'21", "2021", "03/", "Present"]
    for _ in range(20_000):
        line = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 24)))
        hint = pos._RANGE_HINT.search(line)
        if hint is None:
            continue
        every = [m.span() for m in pos._RANGE.finditer(line)]
        assert [m.span() for m in pos._RANGE.finditer(line, pos._range_from(line, hint.start()))] == every


def test_title_tokens_are_the_token_regex_matches() -> None:
    rnd = random.Random(4)
    parts = ["data", " ", "  ", "Sr", "ii", "3", "node.js", "/", "-", "\t", "é", "c++", "x", ".", "ML"]
    for _ in range(5_000):
        raw = "".join(rnd.choice(parts) for _ in range(rnd.randint(0, 6)))
        assert norm._tokens(raw) == norm._TOKEN_RE.findall(raw)


def test_a_title_without_other_separators_splits_at_its_commas() -> None:
    rnd = random.Random(8)
    parts = ["data", " ", ",", ", ", "at", "at ", "cat", "\t", "-", "–", ";", "|", "@", "+", "a", "t", "é"]
    tried = 0
    for _ in range(10_000):
        title = "".join(rnd.choice(parts) for _ in range(rnd.randint(0, 8)))
        if norm._SPLIT_CHAR_RE.search(title) is None and norm._AT_RE.search(title) is None:
            tried += 1
            assert norm._SPLIT_RE.split(title) == title.split(",")
    assert tried > 1_000


# What _skipped_section looks for in a heading, as the case-blind regex it stands for
_SKIP_HEADING = re.compile(
    r"award|certific|competition|course|hackathon|hobbies|honou?r|interests|patent|project|publication"
    r"|reference|speaking|talks|training|volunteer",
    re.IGNORECASE,
)


def test_skipped_section_reads_a_heading_as_a_case_blind_search() -> None:
    rnd = random.Random(3)
    parts = [
        "Projects", "PROJECT", "Side proj", "ect", "Honours", "honor", "Experience", "Education", " ", "—",
        "é", "İnterests", "ınterests", "ſpeaking", "Hac\u212aathon", "i\u0307nterests", "TALKS", "Awards",
        "Ş", "ß",
    ]  # fmt: skip
    for _ in range(5_000):
        heading = "".join(rnd.choice(parts) for _ in range(rnd.randint(0, 4)))
        expected = bool(heading and _SKIP_HEADING.search(heading))
        assert pos._skipped_section(Section(0, 1, "other", heading or None)) is expected
    assert pos._skipped_section(Section(0, 1, "education", "Degrees"))


def test_hinted_lines_are_the_lines_of_the_range_hints() -> None:
    rnd = random.Random(6)
    parts = [
        "2019", "21", " - ", "–", " to ", "TO", "thru", "Present", "\n", "1", "/", "?", "a", " ", "é",
        "٢٠", "２０",  # Arabic-Indic and fullwidth digits
    ]  # fmt: skip
    for _ in range(10_000):
        text = "".join(rnd.choice(parts) for _ in range(rnd.randint(0, 14)))
        expected: list[tuple[int, int, int]] = []
        end = -1
        for hint in pos._RANGE_HINT.finditer(text):
            if hint.start() < end:
                continue  # the first hint of each line only
            end = text.find("\n", hint.start())
            end = len(text) if end < 0 else end
            expected.append((text.rfind("\n", 0, hint.start()) + 1, end, hint.start()))
        assert pos._hinted_lines(text) == expected


def test_header_reads_the_first_lines_that_are_not_blank() -> None:
    rnd = random.Random(1)
    parts = ["\n", "\n", " ", "a", "\t", "\u2003", "b c", "x\n"]
    for _ in range(5_000):
        text = "".join(rnd.choice(parts) for _ in range(rnd.randint(0, 40)))
        assert prof._header(text) == list(islice(filter(str.strip, text.split("\n")), prof._HEADER_LINES))


def test_header_pieces_are_the_split() -> None:
    rnd = random.Random(2)
    parts = [" ", "  ", "|", "·", ";", "(", ")", " — ", "a", "Austin, TX", "\t"]
    for _ in range(5_000):
        line = "".join(rnd.choice(parts) for _ in range(rnd.randint(0, 12)))
        assert list(prof._header_pieces(line)) == prof._HEADER_SPLIT.split(line)
