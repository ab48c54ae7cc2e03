"""Memos that live for one question about one person, and are dropped when it is answered.

An advice weighs the same person's skills against every role many times over (fits, skills to learn,
the path), so results keyed by the person's skills, years or area are worth reusing within it. They
must not outlive it: nothing about a person is kept after their answer (the server stores no
resume, and nothing derived from one either), and a later question never gets a cached answer, so
what one request costs is what every request costs.

    with question():          # advise(), gaps(), paths() and fit() open one when none is open
        ...                   # functions decorated with @per_question remember their results here

Outside a question a decorated function simply computes. Results keyed by reference data only (a
role, a skill) may keep process-wide caches; those never hold anything about a person.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any, ParamSpec, TypeVar

__all__ = ["asks", "per_question", "question"]

P = ParamSpec("P")
R = TypeVar("R")

_MEMO: ContextVar[dict[Any, Any] | None] = ContextVar("payband_question_memo", default=None)


@contextmanager
def question() -> Iterator[None]:
    """Open a memo for one question (or join the one already open); it is dropped on leaving."""
    if _MEMO.get() is not None:
        yield
        return
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def per_question(func: Callable[P, R]) -> Callable[P, R]:
    """Remember ``func``'s results (arguments must be hashable) for the open question only."""

    @wraps(func)
    def remembered(*args: P.args, **kwargs: P.kwargs) -> R:
        memo = _MEMO.get()
        if memo is None:
            return func(*args, **kwargs)
        key = (func, args, tuple(kwargs.items())) if kwargs else (func, args)
        try:
            result: R = memo[key]
        except KeyError:
            result = memo[key] = func(*args, **kwargs)
        return result

    return remembered


def asks(func: Callable[P, R]) -> Callable[P, R]:
    """Run ``func`` inside a question: a public entry point of the advice (advise, fit, gaps, paths)."""

    @wraps(func)
    def answered(*args: P.args, **kwargs: P.kwargs) -> R:
        with question():
            return func(*args, **kwargs)

    return answered
