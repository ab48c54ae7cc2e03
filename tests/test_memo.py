"""Per-question memos: reused within one advice, never kept after it (nothing about a person outlives it)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from payband import memo
from payband.advice.advise import advise
from payband.advice.profile import Profile
from payband.memo import asks, per_question, question

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_results_are_reused_inside_a_question_and_forgotten_after() -> None:
    calls: list[int] = []

    @per_question
    def square(x: int) -> int:
        calls.append(x)
        return x * x

    with question():
        assert square(3) == 9 and square(3) == 9 and square(4) == 16
        with question():  # a nested entry point joins the open question
            assert square(3) == 9
    assert calls == [3, 4]
    with question():  # a new question computes again
        assert square(3) == 9
    assert calls == [3, 4, 3]
    assert square(3) == 9 and square(3) == 9  # outside any question: computed every time
    assert calls == [3, 4, 3, 3, 3]
    assert memo._MEMO.get() is None


def test_errors_are_not_remembered() -> None:
    calls: list[int] = []

    @per_question
    def fails_once(x: int) -> int:
        calls.append(x)
        if len(calls) == 1:
            raise ValueError("first call fails")
        return x

    with question():
        with pytest.raises(ValueError, match="first call fails"):
            fails_once(1)
        assert fails_once(1) == 1
    assert calls == [1, 1]


def test_unhashable_arguments_are_computed_not_remembered() -> None:
    calls: list[object] = []

    @per_question
    def first(items: list[str]) -> str:
        calls.append(items)
        if not all(isinstance(i, str) for i in items):
            raise ValueError(f"a name must be a string, not {items!r}")
        return items[0]

    with question():
        assert first(["a", "b"]) == "a" and first(["a", "b"]) == "a"  # a list is no key: computed twice
        with pytest.raises(ValueError, match="must be a string"):
            first([["x"]])  # type: ignore[list-item]
    assert len(calls) == 3


def test_entry_points_open_a_question_that_is_closed_after() -> None:
    seen: list[bool] = []

    @asks
    def entry() -> None:
        seen.append(memo._MEMO.get() is not None)

    entry()
    assert seen == [True] and memo._MEMO.get() is None


def test_threads_do_not_share_a_question() -> None:
    # the server answers requests in worker threads: one request's memo is never another's
    inside: list[object] = []

    def look() -> None:
        inside.append(memo._MEMO.get())

    with question():
        mine = memo._MEMO.get()
        worker = threading.Thread(target=look)
        worker.start()
        worker.join()
    assert mine is not None and inside == [None]


def test_an_advice_leaves_nothing_behind_and_repeats_exactly() -> None:
    profile = Profile.build((EXAMPLES / "resume_data_scientist.md").read_bytes(), filename="resume.md")
    first = advise(profile).model_dump_json()
    assert memo._MEMO.get() is None
    assert advise(profile).model_dump_json() == first


def test_text_caches_are_shared_for_postings_but_keep_nothing_from_a_resume() -> None:
    from payband.text.sections import classify_heading
    from payband.text.titles import classify_title
    from payband.text.titles.match import _classify

    _classify.cache_clear()
    classify_title("Staff Data Engineer (Remote)")  # a posting's title: shared across the corpus
    assert _classify.cache_size() == 1
    with question():
        inside = classify_title("Principal Quantum Widget Wrangler")
        assert classify_title("Principal Quantum Widget Wrangler") == inside
    assert _classify.cache_size() == 1
    classify_heading.cache_clear()
    resume = (EXAMPLES / "resume_frontend_developer.md").read_bytes()
    profile = Profile.build(resume, filename="resume.md")  # reads titles and headings of the resume
    assert profile.current_role is not None
    assert _classify.cache_size() == 1 and classify_heading.cache_size() == 0
