"""Benchmark: job-title classification against the JobBERT vacancy-title set (dev only, never bundled).

    python benchmarks/bench_titles.py [--passes 5] [--examples 12]

Data: ../shared/data/titles-dev/jobbert_v1_titles.val.csv (text,label: raw vacancy title → ESCO
occupation preferred label; TechWolf, Apache-2.0). Ground truth: a title whose gold occupation is linked
by one or more catalog roles (roles.yaml esco_occupations) is "mapped", and the prediction is right when
it is one of those roles; a title whose gold occupation no role links is "outside", and any role given
to it is a false role. The index is built from the catalog, O*NET and ESCO only, never from this file.

Reports accuracy on mapped titles, false-role rate on outside titles, per-role precision/recall, example
errors and throughput (titles/s, median of several single-process passes with every cache cleared,
so each pass does the full work) against the baseline of an exact-match-on-catalog-aliases classifier.
Targets (issue): accuracy ≥ 90 % on mapped titles, ≤ 5 % false roles on outside titles, ≥ 20,000
titles/s. Results also go to benchmarks/results/titles.json. Skips (exit 0) when the file is absent.
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data" / "titles-dev" / "jobbert_v1_titles.val.csv"
RESULTS = REPO / "benchmarks" / "results"
ACCURACY_TARGET = 0.90
FALSE_ROLE_TARGET = 0.05
SPEED_TARGET = 20_000.0


def load(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [(row["text"], row["label"]) for row in csv.DictReader(fh)]


def alias_baseline() -> Callable[[str], str | None]:
    """Baseline: lower-cased, punctuation-collapsed exact match on catalog titles and aliases only."""
    from payband.reference.catalog import _norm_title, load_catalog

    names: dict[str, str] = {}
    for role in load_catalog().roles:
        for name in (role.title, *role.aliases):
            names.setdefault(_norm_title(name), role.id)

    def classify(title: str) -> str | None:
        return names.get(_norm_title(title))

    return classify


def evaluate(
    rows: list[tuple[str, str]], gold: dict[str, set[str]], predict: Callable[[str], str | None]
) -> dict[str, object]:
    mapped = right = outside = false_roles = 0
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    errors: list[dict[str, object]] = []
    for text, label in rows:
        pred = predict(text)
        roles = gold.get(label)
        if roles:
            mapped += 1
            if pred in roles:
                right += 1
                tp[pred] += 1
            else:
                for r in roles:
                    fn[r] += 1
                if pred is not None:
                    fp[pred] += 1
                errors.append({"title": text, "gold": label, "gold_roles": sorted(roles), "predicted": pred})
        else:
            outside += 1
            if pred is not None:
                false_roles += 1
                fp[pred] += 1
                errors.append({"title": text, "gold": label, "gold_roles": [], "predicted": pred})
    per_role = {}
    for role in sorted(set(tp) | set(fp) | set(fn)):
        p_den, r_den = tp[role] + fp[role], tp[role] + fn[role]
        per_role[role] = {
            "precision": round(tp[role] / p_den, 3) if p_den else None,
            "recall": round(tp[role] / r_den, 3) if r_den else None,
            "tp": tp[role], "fp": fp[role], "fn": fn[role],
        }  # fmt: skip
    return {
        "mapped": mapped,
        "accuracy": right / mapped if mapped else 0.0,
        "outside": outside,
        "false_role_rate": false_roles / outside if outside else 0.0,
        "per_role": per_role,
        "errors": errors,
    }


def throughput(
    titles: list[str], classify: Callable[[str], object], clear: Callable[[], None], passes: int
) -> float:
    rates = []
    for _ in range(passes):
        clear()
        start = time.perf_counter()
        for t in titles:
            classify(t)
        rates.append(len(titles) / (time.perf_counter() - start))
    return statistics.median(rates)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the JobBERT validation CSV")
    parser.add_argument("--passes", type=int, default=5, help="timed passes (median reported)")
    parser.add_argument("--examples", type=int, default=12, help="example errors to print")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"skipped: {args.data} not found (dev-only data set, not part of the repository)")
        return 0

    sys.path.insert(0, str(REPO / "src"))
    from payband.reference.catalog import load_catalog
    from payband.text import titles as titles_mod

    rows = load(args.data)
    gold: dict[str, set[str]] = defaultdict(set)
    for role in load_catalog().roles:
        for link in role.esco_occupations:
            gold[link.label].add(role.id)

    titles_mod.load_title_index()

    def ours(text: str) -> str | None:
        return titles_mod.classify_title(text).role

    def clear() -> None:
        titles_mod._classify.cache_clear()
        titles_mod._analyse.cache_clear()

    result = evaluate(rows, gold, ours)
    baseline_fn = alias_baseline()
    base = evaluate(rows, gold, baseline_fn)
    texts = [t for t, _ in rows]
    speed = throughput(texts, titles_mod.classify_title, clear, args.passes)
    clear()
    for t in texts:
        titles_mod.classify_title(t)
    warm = throughput(texts, titles_mod.classify_title, lambda: None, args.passes)
    base_speed = throughput(texts, baseline_fn, lambda: None, args.passes)

    acc, frr = float(result["accuracy"]), float(result["false_role_rate"])  # type: ignore[arg-type]
    base_acc, base_frr = float(base["accuracy"]), float(base["false_role_rate"])  # type: ignore[arg-type]
    checks = [
        ("accuracy on mapped titles", f"{acc:.1%}", f"≥ {ACCURACY_TARGET:.0%}",
         acc >= ACCURACY_TARGET, f"{base_acc:.1%}"),
        ("false roles on outside titles", f"{frr:.2%}", f"≤ {FALSE_ROLE_TARGET:.0%}",
         frr <= FALSE_ROLE_TARGET, f"{base_frr:.2%}"),
        ("throughput, cold caches (titles/s)", f"{speed:,.0f}", f"≥ {SPEED_TARGET:,.0f}",
         speed >= SPEED_TARGET, f"{base_speed:,.0f}"),
    ]  # fmt: skip
    print(f"payband title benchmark — {len(rows):,} JobBERT val titles ({result['mapped']:,} mapped to a "
          f"catalog role, {result['outside']:,} outside); Python {platform.python_version()}")  # fmt: skip
    print(f"  {'measure':<38} {'payband':>10}  {'target':<10} {'verdict':<7} baseline (exact alias match)")
    for name, value, target, ok, base_value in checks:
        print(f"  {name:<38} {value:>10}  {target:<10} {'meets' if ok else 'MISSES':<7} {base_value}")
    print(f"  throughput with warm caches (repeat titles): {warm:,.0f} titles/s")
    print("\n  per role (mapped gold and false roles):  precision  recall   tp   fp   fn")
    for role, m in result["per_role"].items():  # type: ignore[attr-defined]
        p = "-" if m["precision"] is None else f"{m['precision']:.2f}"
        r = "-" if m["recall"] is None else f"{m['recall']:.2f}"
        print(f"    {role:<36} {p:>9} {r:>7} {m['tp']:>4} {m['fp']:>4} {m['fn']:>4}")
    errors: list[dict[str, object]] = result["errors"]  # type: ignore[assignment]
    missed = [e for e in errors if e["gold_roles"]]
    false = [e for e in errors if not e["gold_roles"]]
    print("\n  example misses on mapped titles:")
    for e in missed[: args.examples]:
        print(f"    {e['title']!r:<50} gold {e['gold']!r} {e['gold_roles']} → {e['predicted']}")
    print("  example false roles on outside titles:")
    for e in false[: args.examples]:
        print(f"    {e['title']!r:<50} gold {e['gold']!r} → {e['predicted']}")
    false_by_gold = Counter(str(e["gold"]) for e in false)
    worst = ", ".join(f"{k} ({v})" for k, v in false_by_gold.most_common(10))
    print(f"  outside occupations most often given a role: {worst}")

    RESULTS.mkdir(exist_ok=True)
    out = {
        "data": "titles-dev/jobbert_v1_titles.val.csv",
        "titles": len(rows),
        "mapped_titles": result["mapped"],
        "outside_titles": result["outside"],
        "accuracy_mapped": round(acc, 4),
        "false_role_rate_outside": round(frr, 4),
        "throughput_titles_per_s_cold": round(speed),
        "throughput_titles_per_s_warm": round(warm),
        "targets": {
            "accuracy": ACCURACY_TARGET,
            "false_role_rate": FALSE_ROLE_TARGET,
            "throughput": SPEED_TARGET,
        },
        "baseline": {
            "name": "exact match on catalog titles and aliases (lower-case, punctuation collapsed)",
            "accuracy_mapped": round(base_acc, 4),
            "false_role_rate_outside": round(base_frr, 4),
            "throughput_titles_per_s": round(base_speed),
        },
        "per_role": result["per_role"],
        "outside_given_a_role": dict(false_by_gold.most_common(25)),
        "example_errors": missed[:25] + false[:25],
        "index_version": titles_mod.load_title_index().version,
        "passes": args.passes,
        "python": platform.python_version(),
    }
    (RESULTS / "titles.json").write_text(
        json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return 0 if all(ok for *_, ok, _ in checks) else 1


if __name__ == "__main__":
    raise SystemExit(main())
