"""Benchmark: the payband-taxonomy skill extractor on the SkillSpan dev split, and its throughput.

    python benchmarks/bench_skillspan.py [--ads 600] [--passes 5]

Quality: span-level precision/recall/F1 against the gold SKILL and KNOWLEDGE spans of
``../shared/data/skill-extraction-dev/skillspan/conll/skillspan_{house,tech}_dev.conll`` (dev only: read
here, never bundled). Each sentence is rebuilt by joining its tokens with spaces, extracted alone
(``include_boilerplate=True``: one sentence has no sections), and every predicted character span is
aligned to the tokens it touches. Strict = same token span as a gold span (label-agnostic); loose = the
spans overlap. SkillSpan marks many long soft-skill phrases ("work independently in a fast-paced
environment") and domain knowledge the taxonomy does not target, so recall is expected to be modest.

Throughput: synthetic ads of ~3,000 characters built by concatenating dev sentences (or, without the
data, this repo's test fixtures), single process, median of several passes; sentences/s on the same
text; peak RSS; warm start-up (taxonomy load + automaton build, in a fresh process, files cached).
Baseline: a naive loop of precompiled ``re.search(r"\\b" + re.escape(name) + r"\\b", text, re.I)`` over
every taxonomy name, timed on a few ads and reported per ad. Targets: ≥ 2,000 ads/s, ≤ 600 MB peak,
start-up ≤ 2 s. Results go to benchmarks/results/skillspan.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
CONLL = ROOT.parent / "shared" / "data" / "skill-extraction-dev" / "skillspan" / "conll"
FIXTURES = ROOT / "tests" / "fixtures" / "text"
SPLITS = ("house", "tech")
AD_CHARS = 3000
TARGET_ADS_PER_S = 2000
TARGET_RSS_MB = 600
TARGET_STARTUP_S = 2.0

Span = tuple[int, int]  # token indices [start, end)


def read_conll(path: Path) -> list[tuple[list[str], set[Span]]]:
    """(tokens, gold spans) per sentence; gold = union of the SKILL and KNOWLEDGE BIO columns."""
    sentences: list[tuple[list[str], set[Span]]] = []
    tokens: list[str] = []
    tags: list[list[str]] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if tokens:
                gold: set[Span] = set()
                for column in zip(*tags, strict=True):
                    gold |= bio_spans(column)
                sentences.append((tokens, gold))
            tokens, tags = [], []
            continue
        parts = line.split("\t")
        tokens.append(parts[0])
        tags.append(parts[1:])
    return sentences


def bio_spans(tags: Iterable[str]) -> set[Span]:
    spans: set[Span] = set()
    start: int | None = None
    i = -1
    for i, tag in enumerate(tags):
        if tag.startswith("B-") or tag == "O" or (tag.startswith("I-") and start is None):
            if start is not None:
                spans.add((start, i))
                start = None
            if tag != "O":
                start = i
    if start is not None:
        spans.add((start, i + 1))
    return spans


def predict(tokens: list[str], extract: Callable[[str], list[tuple[int, int]]]) -> set[Span]:
    """Predicted character spans of the space-joined sentence, aligned to token spans."""
    starts: list[int] = []
    pos = 0
    for tok in tokens:
        starts.append(pos)
        pos += len(tok) + 1
    text = " ".join(tokens)
    out: set[Span] = set()
    for s, e in extract(text):
        first = max(i for i, st in enumerate(starts) if st <= s)
        last = max(i for i, st in enumerate(starts) if st < e)
        out.add((first, last + 1))
    return out


def prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> dict[str, float]:
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def score(
    sentences: list[tuple[list[str], set[Span]]], extract: Callable[[str], list[tuple[int, int]]]
) -> dict[str, object]:
    n_pred = n_gold = strict = loose_pred = loose_gold = 0
    for tokens, gold in sentences:
        pred = predict(tokens, extract)
        n_pred += len(pred)
        n_gold += len(gold)
        strict += len(pred & gold)
        loose_pred += sum(1 for p in pred if any(p[0] < g[1] and g[0] < p[1] for g in gold))
        loose_gold += sum(1 for g in gold if any(p[0] < g[1] and g[0] < p[1] for p in pred))
    return {
        "sentences": len(sentences),
        "gold_spans": n_gold,
        "predicted_spans": n_pred,
        "strict": prf(strict, n_pred, strict, n_gold),
        "loose": prf(loose_pred, n_pred, loose_gold, n_gold),
    }


def build_ads(pieces: list[str], count: int) -> list[str]:
    """Ads of about AD_CHARS characters, each a run of consecutive pieces joined by newlines."""
    ads: list[str] = []
    current: list[str] = []
    size = 0
    i = 0
    while len(ads) < count:
        piece = pieces[i % len(pieces)]
        i += 1
        current.append(piece)
        size += len(piece) + 1
        if size >= AD_CHARS:
            ads.append("\n".join(current))
            current, size = [], 0
    return ads


def time_passes(
    func: Callable[[str], object], texts: list[str], passes: int
) -> tuple[list[float], list[float]]:
    """(wall seconds, CPU seconds) per pass over all texts."""
    wall, cpu = [], []
    for _ in range(passes):
        start, start_cpu = time.perf_counter(), time.process_time()
        for text in texts:
            func(text)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return wall, cpu


def startup_seconds(runs: int) -> list[float]:
    code = (
        "import time; t = time.perf_counter(); "
        "from payband.text.skill_extraction import load_skill_matcher; load_skill_matcher(); "
        "print(time.perf_counter() - t)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)  # warm the file cache
    return [
        float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout)
        for _ in range(runs)
    ]


def naive_baseline(ads: list[str]) -> dict[str, float]:
    from payband.reference.skills import load_skills

    start = time.perf_counter()
    names = sorted({n for sk in load_skills() for n in sk.names()})
    patterns = [re.compile(r"\b" + re.escape(n) + r"\b", re.IGNORECASE) for n in names]
    compile_s = time.perf_counter() - start
    start = time.perf_counter()
    for ad in ads:
        for pat in patterns:
            pat.search(ad)
    per_ad = (time.perf_counter() - start) / len(ads)
    return {"names": len(names), "compile_s": round(compile_s, 3), "s_per_ad": round(per_ad, 4),
            "ads_per_s": round(1 / per_ad, 1), "sample_ads": len(ads)}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ads", type=int, default=600, help="synthetic ads per throughput pass")
    parser.add_argument("--passes", type=int, default=5, help="throughput passes (median reported)")
    parser.add_argument("--baseline-ads", type=int, default=3, help="ads for the naive-regex baseline")
    args = parser.parse_args(argv)

    from payband.text.skill_extraction import extract_skill_ids, extract_skills

    result: dict[str, object] = {
        "python": platform.python_version(),
        "machine": f"{platform.system()} {platform.machine()} {platform.processor() or ''}".strip(),
    }
    have_data = all((CONLL / f"skillspan_{s}_dev.conll").is_file() for s in SPLITS)

    def spans(text: str) -> list[tuple[int, int]]:
        return [(m.start, m.end) for m in extract_skills(text, include_boilerplate=True)]

    sentences_text: list[str] = []
    if have_data:
        quality: dict[str, object] = {}
        everything: list[tuple[list[str], set[Span]]] = []
        for split in SPLITS:
            sentences = read_conll(CONLL / f"skillspan_{split}_dev.conll")
            everything.extend(sentences)
            quality[split] = score(sentences, spans)
            sentences_text.extend(" ".join(toks) for toks, _ in sentences)
        quality["all"] = score(everything, spans)
        quality["note"] = (
            "SkillSpan annotates many long soft-skill and knowledge phrases that the payband taxonomy does "
            "not target (and marks spans inside headings inconsistently), so recall is expected to be "
            "modest; loose = any token overlap."
        )
        result["skillspan_dev"] = quality
        source = "SkillSpan dev sentences (house + tech), concatenated"
    else:
        print(f"SkillSpan dev split not found under {CONLL}: skipping quality, using repo fixtures for speed")
        sentences_text = [
            line
            for path in sorted(FIXTURES.glob("*"))
            for line in path.read_text(encoding="utf-8").splitlines()
        ]
        source = "tests/fixtures/text lines, concatenated"

    ads = build_ads(sentences_text, args.ads)
    mean_chars = statistics.mean(len(a) for a in ads)
    extract_skills(ads[0])  # build the matcher outside the timing
    full, full_cpu = time_passes(extract_skills, ads, args.passes)
    fast, _ = time_passes(extract_skill_ids, ads, args.passes)
    pieces = [p for ad in ads for p in ad.split("\n")]
    sent, _ = time_passes(extract_skills, pieces, max(1, args.passes // 2))
    mentions = sum(len(extract_skills(a)) for a in ads)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    startup = startup_seconds(5)
    baseline = naive_baseline(ads[: args.baseline_ads])
    ads_per_s = len(ads) / statistics.median(full)
    result["throughput"] = {
        "source": source,
        "ads": len(ads),
        "mean_ad_chars": round(mean_chars),
        "passes": args.passes,
        "extract_skills_ads_per_s": round(ads_per_s, 1),
        "extract_skills_ads_per_cpu_s": round(len(ads) / statistics.median(full_cpu), 1),
        "wall_pass_s": [round(x, 3) for x in full],
        "load_average_1m": round(os.getloadavg()[0], 2),
        "cpus": os.cpu_count(),
        "extract_skill_ids_ads_per_s": round(len(ads) / statistics.median(fast), 1),
        "sentences_per_s": round(len(pieces) / statistics.median(sent), 1),
        "mentions_per_ad": round(mentions / len(ads), 1),
        "peak_rss_mb": round(rss_mb, 1),
        "warm_startup_s_median": round(statistics.median(startup), 3),
        "warm_startup_s_runs": [round(s, 3) for s in startup],
        "baseline_naive_regex": baseline,
        "speedup_vs_baseline": round(ads_per_s / baseline["ads_per_s"], 1),
        "targets": {
            "ads_per_s": TARGET_ADS_PER_S,
            "peak_rss_mb": TARGET_RSS_MB,
            "startup_s": TARGET_STARTUP_S,
        },
        "meets": {
            "ads_per_s": ads_per_s >= TARGET_ADS_PER_S,
            "peak_rss_mb": rss_mb <= TARGET_RSS_MB,
            "startup_s": statistics.median(startup) <= TARGET_STARTUP_S,
        },
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / "skillspan.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
