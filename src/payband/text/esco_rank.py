"""Rank ESCO 1.1.1 skills for a sentence or a passage, offline, in a few milliseconds.

Two signals, fused per skill. Semantic: a static token-embedding encoder distilled from all-MiniLM-L6-v2
(``scripts/build_esco_index.py``) embeds each sentence and clause of the text; its cosine with the
MiniLM embedding of every ESCO preferred label is the score, taking the best clause, plus a little of the
whole text's cosine.
Lexical: an ESCO preferred or alternative label written out in the text (whole words, case-folded)
adds a bonus. Everything runs on numpy from bundled files: no model download, no PyTorch.
"""

from __future__ import annotations

import gzip
import json
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import ahocorasick
import numpy as np
from numpy.typing import NDArray
from tokenizers import Tokenizer

from payband.errors import DataError, InputError

__all__ = [
    "ESCO_VERSION",
    "MAX_BATCH_TEXTS",
    "MAX_TEXT_CHARS",
    "MAX_TOP_K",
    "EscoSkillHit",
    "rank_esco_skills",
    "rank_esco_skills_batch",
]

ESCO_VERSION = "1.1.1"
MAX_TEXT_CHARS = 100_000
MAX_TOP_K = 200
MAX_BATCH_TEXTS = 100_000

INDEX_FILE = "esco_index.npz"
SKILLS_FILE = "esco_skills.json.gz"
TOKENIZER_FILE = "esco_tokenizer.json.gz"

# Fusion weights: cosine in [-1, 1]; a label written out in the text adds LEXICAL_BONUS scaled by how
# much of the label's wording it covers (a multi-word label outranks a one-word alias).
LEXICAL_BONUS = 0.12
PREFERRED_LABEL_EXTRA = 0.03
# A passage scores a skill by its best unit; the whole-text embedding adds a little context.
WHOLE_TEXT_WEIGHT = 0.15
MAX_UNIT_TOKENS = 128
# Units scored in one matrix product (rows × 13,896 float32 scores: 512 rows ≈ 28 MB).
CHUNK_ROWS = 512

_SENTENCE_SPLIT = re.compile(r"(?<=[.!?;:])\s+|\n+|\s[•·▪◦*-]\s|\t+")
_CLAUSE_SPLIT = re.compile(r",\s+|\s+(?:and|or|as well as|including|such as|e\.g\.|i\.e\.)\s+|\s*[/()]\s*")
_WORD = re.compile(r"[\w+#]+(?:[-'.][\w+#]+)*")


@dataclass(frozen=True, slots=True)
class EscoSkillHit:
    """One ranked ESCO skill: preferred label exactly as in ESCO 1.1.1 ``skills_en.csv``, URI, score."""

    label: str
    uri: str
    score: float
    signals: tuple[str, ...]
    """Which signals contributed: "semantic" always, "lexical" when an ESCO label is written out."""

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "uri": self.uri, "score": self.score, "signals": list(self.signals)}


@dataclass(frozen=True, slots=True)
class _Index:
    labels: tuple[str, ...]
    uris: tuple[str, ...]
    token_vectors: NDArray[np.float32]  # vocabulary × dim, already weighted
    skill_vectors: NDArray[np.float32]  # dim × skills (transposed for one matmul), unit rows
    tokenizer: Tokenizer
    automaton: Any  # ahocorasick.Automaton: normalised label → list of (skill, coverage, preferred)


def _normalise(text: str) -> str:
    return " " + " ".join(_WORD.findall(text.casefold())) + " "


def _read_bytes(name: str) -> bytes:
    try:
        return resources.files("payband.reference.data").joinpath(name).read_bytes()
    except (FileNotFoundError, OSError) as exc:
        raise DataError(
            f"bundled ESCO index file {name} is missing; run scripts/build_esco_index.py"
        ) from exc


_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _load_index() -> _Index:
    import io

    with np.load(io.BytesIO(_read_bytes(INDEX_FILE))) as npz:
        tokens = npz["token_vectors"].astype(np.float32) * npz["token_weights"].astype(np.float32)[:, None]
        skills = npz["skill_vectors"].astype(np.float32)
    meta = json.loads(gzip.decompress(_read_bytes(SKILLS_FILE)))
    tokenizer = Tokenizer.from_str(gzip.decompress(_read_bytes(TOKENIZER_FILE)).decode("utf-8"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    labels = tuple(s["label"] for s in meta["skills"])
    uris = tuple(s["uri"] for s in meta["skills"])
    if skills.shape[0] != len(labels) or tokens.shape[1] != skills.shape[1]:
        raise DataError(
            "bundled ESCO index and skill list disagree; rebuild with scripts/build_esco_index.py"
        )
    norms = np.linalg.norm(skills, axis=1, keepdims=True)
    skills = skills / np.maximum(norms, 1e-9)
    automaton = ahocorasick.Automaton()
    entries: dict[str, list[tuple[int, float, bool]]] = {}
    for i, skill in enumerate(meta["skills"]):
        pref_key = _normalise(skill["label"])
        for name in [skill["label"], *skill.get("alt", [])]:
            key = _normalise(name)
            n_words = key.count(" ") - 1
            if n_words < 1 or len(key) < 4:  # "C " / "R " are too ambiguous written out
                continue
            coverage = min(1.0, n_words / max(1, pref_key.count(" ") - 1))
            entries.setdefault(key, []).append((i, coverage, key == pref_key))
    for key, hits in entries.items():
        automaton.add_word(key, (key, tuple(hits)))
    automaton.make_automaton()
    return _Index(
        labels=labels,
        uris=uris,
        token_vectors=np.ascontiguousarray(tokens),
        skill_vectors=np.ascontiguousarray(skills.T),
        tokenizer=tokenizer,
        automaton=automaton,
    )


def _pieces(pattern: re.Pattern[str], text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Character spans of text[start:end] between matches of pattern, trimmed, with a letter or digit."""
    spans: list[tuple[int, int]] = []
    pos = start
    for m in [*pattern.finditer(text, start, end), None]:
        lo, hi = pos, (m.start() if m else end)
        while lo < hi and text[lo].isspace():
            lo += 1
        while hi > lo and text[hi - 1].isspace():
            hi -= 1
        if any(ch.isalnum() for ch in text[lo:hi]):
            spans.append((lo, hi))
        if m:
            pos = m.end()
    return spans


def _units(text: str) -> list[tuple[int, int]]:
    """Spans of the clauses of each sentence (a sentence without clause breaks is one unit)."""
    units: list[tuple[int, int]] = []
    for lo, hi in _pieces(_SENTENCE_SPLIT, text, 0, len(text)):
        clauses = _pieces(_CLAUSE_SPLIT, text, lo, hi)
        units.extend(clauses if len(clauses) > 1 else [(lo, hi)])
    return units


def _embed_units(
    index: _Index, texts: Sequence[str], per_text: Sequence[list[tuple[int, int]]]
) -> NDArray[np.float32]:
    """Unit-length static embeddings of every unit, then of every multi-unit text as a whole.

    Each text is tokenized once; a unit's vector is a difference of cumulative sums of the weighted
    token vectors over the tokens inside its character span (at most MAX_UNIT_TOKENS of them).
    """
    dim = index.token_vectors.shape[1]
    encodings = index.tokenizer.encode_batch(list(texts), add_special_tokens=False)
    unit_rows: list[NDArray[np.float32]] = []
    whole_rows: list[NDArray[np.float32]] = []
    for enc, units in zip(encodings, per_text, strict=True):
        if not units:
            continue
        ids = np.asarray(enc.ids, dtype=np.int64)
        cum = np.zeros((ids.size + 1, dim), dtype=np.float32)
        np.cumsum(index.token_vectors[ids], axis=0, out=cum[1:])
        starts = np.fromiter((o[0] for o in enc.offsets), dtype=np.int64, count=ids.size)
        ends = np.fromiter((o[1] for o in enc.offsets), dtype=np.int64, count=ids.size)
        span = np.asarray(units, dtype=np.int64)
        lo = np.searchsorted(starts, span[:, 0], side="left")
        hi = np.maximum(lo, np.searchsorted(ends, span[:, 1], side="right"))
        hi = np.minimum(hi, lo + MAX_UNIT_TOKENS)
        unit_rows.append(cum[hi] - cum[lo])
        if len(units) > 1:
            whole_rows.append(cum[-1:])
    out = np.concatenate(unit_rows + whole_rows) if unit_rows else np.zeros((0, dim), dtype=np.float32)
    out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)
    return out


def _lexical(index: _Index, text: str) -> dict[int, float]:
    bonus: dict[int, float] = {}
    for _end, (_key, hits) in index.automaton.iter(_normalise(text)):
        for skill, coverage, preferred in hits:
            value = LEXICAL_BONUS * coverage + (PREFERRED_LABEL_EXTRA if preferred else 0.0)
            if value > bonus.get(skill, 0.0):
                bonus[skill] = value
    return bonus


def _check(texts: Sequence[str], top_k: int) -> None:
    if isinstance(top_k, bool) or not isinstance(top_k, int) or not 1 <= top_k <= MAX_TOP_K:
        raise InputError(f"top_k must be an integer from 1 to {MAX_TOP_K}, got {top_k!r}")
    if len(texts) > MAX_BATCH_TEXTS:
        raise InputError(f"at most {MAX_BATCH_TEXTS:,} texts per batch, got {len(texts):,}")
    for text in texts:
        if not isinstance(text, str):
            raise InputError(f"text must be a string, got {type(text).__name__}")
        if len(text) > MAX_TEXT_CHARS:
            raise InputError(f"text is {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}")


def rank_esco_skills_batch(texts: Sequence[str], top_k: int = 10) -> list[list[EscoSkillHit]]:
    """Rank ESCO skills for each text (one list per text, in order); all units go through one batch."""
    if isinstance(texts, str):
        raise InputError("rank_esco_skills_batch takes a sequence of texts, not one string")
    _check(texts, top_k)
    with _LOCK:
        index = _load_index()
    per_text = [_units(t) for t in texts]
    results: list[list[EscoSkillHit]] = []
    group: list[int] = []
    rows = 0
    for i, units in enumerate(per_text):
        group.append(i)
        rows += len(units) + 1
        if rows >= CHUNK_ROWS or i == len(texts) - 1:
            results.extend(_rank_group(index, [texts[j] for j in group], [per_text[j] for j in group], top_k))
            group, rows = [], 0
    return results


def _rank_group(
    index: _Index, texts: Sequence[str], per_text: Sequence[list[tuple[int, int]]], top_k: int
) -> list[list[EscoSkillHit]]:
    """One matrix product for every unit of a few texts, then each text's best unit per skill."""
    n_units = sum(len(units) for units in per_text)
    if not n_units:
        return [[] for _ in texts]
    sims = _embed_units(index, texts, per_text) @ index.skill_vectors
    results: list[list[EscoSkillHit]] = []
    pos, whole_pos = 0, n_units
    for text, units in zip(texts, per_text, strict=True):
        if not units:
            results.append([])
            continue
        if len(units) > 1:
            scores = sims[pos : pos + len(units)].max(axis=0) + WHOLE_TEXT_WEIGHT * sims[whole_pos]
            whole_pos += 1
        else:
            scores = sims[pos].copy()
        pos += len(units)
        bonus = _lexical(index, text)
        if bonus:
            ids = np.fromiter(bonus, dtype=np.int64, count=len(bonus))
            scores[ids] += np.fromiter(bonus.values(), dtype=np.float32, count=len(bonus))
        k = min(top_k, scores.shape[0])
        top = np.argpartition(-scores, k - 1)[:k]
        # Ties break on label, so equal inputs give equal rankings on every platform.
        order = sorted(top.tolist(), key=lambda j: (-float(scores[j]), index.labels[j]))
        results.append(
            [
                EscoSkillHit(
                    label=index.labels[j],
                    uri=index.uris[j],
                    score=round(float(scores[j]), 4),
                    signals=("semantic", "lexical") if j in bonus else ("semantic",),
                )
                for j in order
            ]
        )
    return results


def rank_esco_skills(text: str, top_k: int = 10) -> list[EscoSkillHit]:
    """The top_k ESCO 1.1.1 skills for a sentence or a passage, best first.

    >>> [h.label for h in rank_esco_skills("Experience with Python and Django REST APIs", 3)][0]
    'Python (computer programming)'
    """
    if not isinstance(text, str):
        raise InputError(f"text must be a string, got {type(text).__name__}")
    return rank_esco_skills_batch([text], top_k)[0]
