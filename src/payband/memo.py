"""Memos that live for one question about one person, and are dropped when it is answered.

Used by the advice (payband.advice) and by the text caches that a resume passes through.

An advice weighs the same person's skills against every role many times over (fits, skills to learn,
the path), so results keyed by the person's skills, years or area are worth reusing within it. They
must not outlive it: nothing about a person is kept after their answer (the server stores no
resume, and nothing derived from one either), and a later question never gets a cached answer, so
what one request costs is what every request costs.

    with question():          # advise(), fit(), gaps(), paths() and Profile.build() open one if none is
        ...                   # functions decorated with @per_question remember their results here

Outside a question a decorated function simply computes. Results keyed by reference data only (a
role, a skill) may keep process-wide caches; those never hold anything about a person. Text caches
that pay off over a corpus (job titles, section headings and locations repeat across postings) use
``corpus_cache``: process-wide for postings, but inside a question (a resume being read) they keep
nothing past it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache, wraps
from typing import Any, Generic, ParamSpec, TypeVar, cast

__all__ = ["CorpusCache", "asks", "corpus_cache", "per_question", "question"]

P = ParamSpec("P")
R = TypeVar("R")

_MEMO: ContextVar[dict[Any, Any] | None] = ContextVar("payband_question_memo", default=None)
_MISSING = object()


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
    """Remember ``func``'s results for the open question only (calls with unhashable arguments are not
    remembered: ``func`` itself then says what is wrong with them)."""

    @wraps(func)
    def remembered(*args: P.args, **kwargs: P.kwargs) -> R:
        memo = _MEMO.get()
        if memo is None:
            return func(*args, **kwargs)
        key = (func, args, tuple(kwargs.items())) if kwargs else (func, args)
        try:
            result = memo.get(key, _MISSING)
        except TypeError:  # an unhashable argument cannot key the memo
            return func(*args, **kwargs)
        if result is _MISSING:
            result = memo[key] = func(*args, **kwargs)
        return cast(R, result)

    return remembered


def asks(func: Callable[P, R]) -> Callable[P, R]:
    """Run ``func`` inside a question: a public entry point of the advice (advise, fit, gaps, paths)."""

    @wraps(func)
    def answered(*args: P.args, **kwargs: P.kwargs) -> R:
        with question():
            return func(*args, **kwargs)

    return answered


class CorpusCache(Generic[P, R]):
    """``functools.lru_cache`` for text that repeats across a corpus, stepping aside inside a question.

    Outside a question (ingesting postings, classifying a batch of titles) results are shared by the
    process; inside one they are remembered only for that question, like ``per_question``.
    """

    def __init__(self, func: Callable[P, R], maxsize: int) -> None:
        self._shared = lru_cache(maxsize=maxsize)(func)
        self._private = per_question(func)
        self.__wrapped__ = func
        self.__doc__ = func.__doc__

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        if _MEMO.get() is not None:
            return self._private(*args, **kwargs)
        return self._shared(*args, **kwargs)  # type: ignore[arg-type]

    def cache_clear(self) -> None:
        """Empty the process-wide cache (questions keep nothing to clear)."""
        self._shared.cache_clear()

    def cache_size(self) -> int:
        """How many results the process-wide cache holds."""
        return self._shared.cache_info().currsize


def corpus_cache(maxsize: int) -> Callable[[Callable[P, R]], CorpusCache[P, R]]:
    """Decorator form of ``CorpusCache``."""

    def decorate(func: Callable[P, R]) -> CorpusCache[P, R]:
        return CorpusCache(func, maxsize)

    return decorate
