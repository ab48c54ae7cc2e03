"""Benchmark: job-title classification against the JobBERT vacancy-title set (dev only, never bundled).

    python benchmarks/bench_titles.py [--passes 5] [--examples 12]

Data: ../shared/data/titles-dev/jobbert_v1_titles.val.csv (text,label: raw vacancy title → ESCO
occupation preferred label; TechWolf, Apache-2.0). Ground truth: a title whose gold occupation is linked
by one or more catalog roles (roles.yaml esco_occupations) is "mapped", and the prediction is right when
it is one of those roles; a title whose gold occupation no role links is "outside", and any role given
to it is a false role. The index is built from the catalog, O*NET and ESCO only, never from this file.

Reports accuracy on mapped titles, false-role rate on outside titles, per-role precision/recall, example
errors and throughput (titles/s, median of several single-process passes with every cache cleared,
so each pass does the full work; by wall clock and by process CPU time, which is the one to judge on a
shared machine) against the baseline of an exact-match-on-catalog-aliases classifier.
Targets (issue): accuracy ≥ 90 % on mapped titles, ≤ 5 % false roles on outside titles, ≥ 20,000
titles/s. Results also go to benchmarks/results/titles.json. Skips (exit 0) when the file is absent.

Two secondary measures follow the headline (strict) accuracy; neither replaces it:

* hierarchy-aware accuracy: a mapped title also counts as right when an ESCO occupation the predicted
  role links is narrower than the gold occupation (ESCO's broaderRelationsOccPillar.csv, any depth) or
  shares the gold occupation's ISCO unit group (occupations_en.csv iscoGroup). Both are read from
  ../shared/data/esco-1.1.1 at benchmark time; skipped when it is absent.
* adjudicated sample: benchmarks/fixtures/titles_adjudicated.csv holds a fixed-seed random sample
  (random.Random(4).sample of the mapped-title misses in file order, 200 rows, drawn after the issue #4
  fixes) judged by hand against the catalog's role definitions (roles.yaml): the role that is right (empty
  for none) and a verdict, label_granularity (our role is right by the catalog, the JobBERT label is a
  broader or sibling occupation), label_noise (the JobBERT label is wrong for the title) or our_error.
  The benchmark re-scores each row with the current classifier (a row is our error when today's
  prediction is not the adjudicated role), reports the breakdown, and estimates accuracy against
  adjudicated labels as strict accuracy + (miss rate × share of misses that are not our error), with a
  95 % Wilson interval from the sample. It is an estimate: one judge, 200 rows.
* second adjudicated sample: the classifier was then fixed for error classes found in the first sample,
  so the first sample's estimate is biased upward. benchmarks/fixtures/titles_adjudicated_2.csv is
  random.Random(5).sample of the mapped-title misses in file order, 200 rows, leaving out titles of the
  first sample (compared stripped), judged the same way. The classifier was then fixed for error classes
  found in it too, so it is biased upward as well.
* third adjudicated sample: benchmarks/fixtures/titles_adjudicated_3.csv is random.Random(6).sample of
  the mapped-title misses in file order, 200 rows, leaving out titles of the first and second samples
  (compared stripped), judged the same way. The classifier was then fixed for error classes found in it
  (round 4: database developers, UI/UX developers, applications consultants, support tiers, ...), so it
  is biased upward too.
* fourth adjudicated sample (the unbiased one): benchmarks/fixtures/titles_adjudicated_4.csv is
  random.Random(7).sample of the mapped-title misses in file order, 200 rows, leaving out titles of the
  first, second and third samples (compared stripped), drawn after the last classifier change and judged
  the same way. All four samples' breakdowns and estimates are reported; the fourth is the one to quote.
  When the classifier changes again, draw a new sample rather than reuse this one.
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
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data" / "titles-dev" / "jobbert_v1_titles.val.csv"
ESCO = REPO.parent / "shared" / "data" / "esco-1.1.1"
ADJUDICATED = REPO / "benchmarks" / "fixtures" / "titles_adjudicated.csv"
ADJUDICATED_2 = REPO / "benchmarks" / "fixtures" / "titles_adjudicated_2.csv"
ADJUDICATED_3 = REPO / "benchmarks" / "fixtures" / "titles_adjudicated_3.csv"
ADJUDICATED_4 = REPO / "benchmarks" / "fixtures" / "titles_adjudicated_4.csv"
SAMPLES = (
    (ADJUDICATED, "first sample (seed 4; biased upward: the classifier was fixed for classes found in it)"),
    (ADJUDICATED_2, "second sample (seed 5; biased upward: the classifier was then fixed for its classes)"),
    (ADJUDICATED_3, "third sample (seed 6; biased upward: the classifier was then fixed for its classes)"),
    (ADJUDICATED_4, "fourth sample (seed 7; UNBIASED: drawn after the last classifier change)"),
)
VERDICTS = ("label_granularity", "label_noise", "our_error")
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
) -> tuple[float, float]:
    """Titles per second, median over passes: (by wall clock, by this process's CPU time)."""
    rates, cpu_rates = [], []
    for _ in range(passes):
        clear()
        start, cpu = time.perf_counter(), time.process_time()
        for t in titles:
            classify(t)
        rates.append(len(titles) / (time.perf_counter() - start))
        cpu_rates.append(len(titles) / max(time.process_time() - cpu, 1e-9))
    return statistics.median(rates), statistics.median(cpu_rates)


def esco_hierarchy(base: Path) -> tuple[dict[str, str], dict[str, str], dict[str, set[str]]] | None:
    """ESCO occupations: preferred label → URI, URI → ISCO unit group, URI → every narrower occupation."""
    occ_file, rel_file = base / "occupations_en.csv", base / "broaderRelationsOccPillar.csv"
    if not occ_file.is_file() or not rel_file.is_file():
        return None
    uri_of: dict[str, str] = {}
    isco: dict[str, str] = {}
    with occ_file.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["conceptType"] == "Occupation":
                uri_of.setdefault(row["preferredLabel"].strip(), row["conceptUri"])
                isco[row["conceptUri"]] = row["iscoGroup"].strip()
    children: dict[str, set[str]] = defaultdict(set)
    with rel_file.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["conceptType"] == "Occupation" and row["broaderType"] == "Occupation":
                children[row["broaderUri"]].add(row["conceptUri"])
    narrower: dict[str, set[str]] = {}
    for uri in isco:
        seen: set[str] = set()
        todo = list(children.get(uri, ()))
        while todo:
            nxt = todo.pop()
            if nxt not in seen:
                seen.add(nxt)
                todo.extend(children.get(nxt, ()))
        narrower[uri] = seen
    return uri_of, isco, narrower


@dataclass(frozen=True)
class Hierarchy:
    accuracy: float
    extra_narrower: int  # misses right because a predicted role's occupation is narrower than the gold
    extra_same_isco_unit: int  # ... or in the gold occupation's ISCO unit group


@dataclass(frozen=True)
class Adjudicated:
    rows: int
    breakdown: dict[str, int]
    changed_since_adjudication: int
    share_not_our_error: float
    share_not_our_error_95: tuple[float, float]
    estimated_accuracy: float
    estimated_accuracy_95: tuple[float, float]


def hierarchy_accuracy(
    rows: list[tuple[str, str]],
    gold: dict[str, set[str]],
    predict: Callable[[str], str | None],
    role_uris: dict[str, list[str]],
    hierarchy: tuple[dict[str, str], dict[str, str], dict[str, set[str]]],
) -> Hierarchy:
    """Right when strict-right, or a predicted role's ESCO occupation is narrower than the gold one or
    in the gold one's ISCO unit group."""
    uri_of, isco, narrower = hierarchy
    mapped = strict = by_narrower = by_isco = 0
    for text, label in rows:
        roles = gold.get(label)
        if not roles:
            continue
        mapped += 1
        pred = predict(text)
        if pred in roles:
            strict += 1
            continue
        gold_uri = uri_of.get(label)
        if pred is None or gold_uri is None:
            continue
        uris = role_uris.get(pred, [])
        if any(u in narrower[gold_uri] for u in uris):
            by_narrower += 1
        elif any(isco.get(u) and isco.get(u) == isco.get(gold_uri) for u in uris):
            by_isco += 1
    right = strict + by_narrower + by_isco
    return Hierarchy(right / mapped if mapped else 0.0, by_narrower, by_isco)


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if n == 0:
        return 0.0, 1.0
    p = k / n
    den = 1 + z * z / n
    mid = (p + z * z / (2 * n)) / den
    half = z * ((p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5) / den
    return max(0.0, mid - half), min(1.0, mid + half)


def adjudicated(path: Path, predict: Callable[[str], str | None], strict: float) -> Adjudicated | None:
    """The hand-judged sample of misses, re-scored with today's classifier, and the estimate it gives."""
    if not path.is_file():
        return None
    with path.open(encoding="utf-8", newline="") as fh:
        sample = list(csv.DictReader(fh))
    verdicts: Counter[str] = Counter()
    changed = 0
    for row in sample:
        now = predict(row["title"]) or ""
        if now != row["predicted"]:
            changed += 1
        verdict = row["verdict"] if now == row["predicted"] else None
        if verdict is None:  # the prediction moved since the row was judged
            verdict = "our_error" if now != row["adjudicated_role"] else "fixed_since"
        verdicts[verdict] += 1
    n = len(sample)
    ok = n - verdicts["our_error"]
    lo, hi = wilson(ok, n)
    miss = 1.0 - strict
    return Adjudicated(
        rows=n,
        breakdown={v: verdicts[v] for v in (*VERDICTS, "fixed_since") if verdicts[v] or v in VERDICTS},
        changed_since_adjudication=changed,
        share_not_our_error=ok / n if n else 0.0,
        share_not_our_error_95=(lo, hi),
        estimated_accuracy=strict + miss * ok / n if n else strict,
        estimated_accuracy_95=(strict + miss * lo, strict + miss * hi),
    )


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
    speed, speed_cpu = throughput(texts, titles_mod.classify_title, clear, args.passes)
    clear()
    for t in texts:
        titles_mod.classify_title(t)
    warm, _ = throughput(texts, titles_mod.classify_title, lambda: None, args.passes)
    base_speed, base_cpu = throughput(texts, baseline_fn, lambda: None, args.passes)
    role_uris = {r.id: [link.uri for link in r.esco_occupations] for r in load_catalog().roles}
    hierarchy = esco_hierarchy(ESCO)
    hier = hierarchy_accuracy(rows, gold, ours, role_uris, hierarchy) if hierarchy is not None else None
    base_hier = (
        hierarchy_accuracy(rows, gold, baseline_fn, role_uris, hierarchy) if hierarchy is not None else None
    )

    acc, frr = float(result["accuracy"]), float(result["false_role_rate"])  # type: ignore[arg-type]
    base_acc, base_frr = float(base["accuracy"]), float(base["false_role_rate"])  # type: ignore[arg-type]
    checks = [
        ("accuracy on mapped titles", f"{acc:.1%}", f"≥ {ACCURACY_TARGET:.0%}",
         acc >= ACCURACY_TARGET, f"{base_acc:.1%}"),
        ("false roles on outside titles", f"{frr:.2%}", f"≤ {FALSE_ROLE_TARGET:.0%}",
         frr <= FALSE_ROLE_TARGET, f"{base_frr:.2%}"),
        ("throughput, cold caches, CPU time (titles/s)", f"{speed_cpu:,.0f}", f"≥ {SPEED_TARGET:,.0f}",
         speed_cpu >= SPEED_TARGET, f"{base_cpu:,.0f}"),
    ]  # fmt: skip
    print(f"payband title benchmark — {len(rows):,} JobBERT val titles ({result['mapped']:,} mapped to a "
          f"catalog role, {result['outside']:,} outside); Python {platform.python_version()}")  # fmt: skip
    print(f"  {'measure':<44} {'payband':>10}  {'target':<10} {'verdict':<7} baseline (exact alias match)")
    for name, value, target, ok, base_value in checks:
        print(f"  {name:<44} {value:>10}  {target:<10} {'meets' if ok else 'MISSES':<7} {base_value}")
    print(f"  throughput, cold caches, wall clock: {speed:,.0f} titles/s (baseline {base_speed:,.0f}); "
          f"warm caches (repeat titles): {warm:,.0f} titles/s")  # fmt: skip
    print("\n  secondary measures (the strict accuracy above stays the headline):")
    if hier is not None and base_hier is not None:
        print(f"    hierarchy-aware accuracy on mapped titles: {hier.accuracy:.1%} (baseline "
              f"{base_hier.accuracy:.1%}); beyond strict: {hier.extra_narrower} with a narrower ESCO "
              f"occupation, {hier.extra_same_isco_unit} in the gold's ISCO unit group")  # fmt: skip
    else:
        print(f"    hierarchy-aware accuracy: skipped ({ESCO} not found)")
    adjs: list[Adjudicated | None] = []
    for path, what in SAMPLES:
        adj = adjudicated(path, ours, acc)
        adjs.append(adj)
        if adj is None:
            print(f"    adjudicated {what}: skipped ({path.relative_to(REPO)} not found)")
            continue
        (s_lo, s_hi), (e_lo, e_hi) = adj.share_not_our_error_95, adj.estimated_accuracy_95
        print(f"    adjudicated {what}:")
        print(f"      {adj.rows} mapped-title misses ({path.relative_to(REPO)}): "
              + ", ".join(f"{k} {v}" for k, v in adj.breakdown.items())
              + f"; {adj.changed_since_adjudication} predictions changed since it was judged")  # fmt: skip
        share = adj.share_not_our_error
        print(f"      misses that are not our error: {share:.1%} (95% {s_lo:.1%}–{s_hi:.1%})")
        print(f"      estimated accuracy against adjudicated labels: {adj.estimated_accuracy:.1%} "
              f"(95% {e_lo:.1%}–{e_hi:.1%})")  # fmt: skip
    adj, adj2, adj3, adj4 = adjs
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
        "throughput_titles_per_s_cold_cpu": round(speed_cpu),
        "throughput_titles_per_s_warm": round(warm),
        "hierarchy_aware": None if hier is None else asdict(hier),
        "hierarchy_aware_baseline": None if base_hier is None else asdict(base_hier),
        "adjudicated_sample": None if adj is None else asdict(adj),
        "adjudicated_sample_2": None if adj2 is None else asdict(adj2),
        "adjudicated_sample_3": None if adj3 is None else asdict(adj3),
        "adjudicated_sample_4_unbiased": None if adj4 is None else asdict(adj4),
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
            "throughput_titles_per_s_cpu": round(base_cpu),
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
