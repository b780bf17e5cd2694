"""Choose the ``semeval-minilm`` preset: sentence embeddings added to ``PRESETS['semeval']``, by CV.

Run: ``python -m benchmarks.embedding_selection`` (needs the ``embeddings`` extra; about 5 min on
2 cores). Grid over embedding_weight x C x target_weight, each scored by the ablation suite's
5-fold stratified CV on TweetEval train+val (same folds, out-of-fold pooled F_avg); no test data
is read. Writes ``benchmarks/results/embedding_selection.json``.
"""

from __future__ import annotations

import argparse
import itertools
import sys

import numpy as np

from stanceclf import PRESETS, f_avg
from stanceclf.embeddings import embeddings_available

from .ablation import oof_scores, stratified_folds
from .common import Timer, load_split, write_result

GRID = {"embedding_weight": [0.5, 0.75, 1.0, 1.25], "C": [0.05, 0.1, 0.2], "target_weight": [1.0, 1.5, 2.0]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="TweetEval stance directory or 'hub' (default: as python -m benchmarks)")
    args = parser.parse_args(argv)
    if not embeddings_available():
        print("the optional extra is missing: pip install -e '.[embeddings]'", file=sys.stderr)
        return 2
    records = load_split(args.data, "train") + load_split(args.data, "val")
    y = np.asarray([r["stance"] for r in records], dtype=object)
    folds = stratified_folds(records, y)
    base = {**PRESETS["semeval"], "embeddings": "minilm", "embedding_cache": True}
    rows = []
    with Timer() as timer:
        for values in itertools.product(*GRID.values()):
            change = dict(zip(GRID, values))
            scores, classes = oof_scores({**base, **change}, records, y, folds)
            rows.append({**change, "cv_f_avg": 100 * f_avg(y, classes[scores.argmax(1)])})
            print(f"  {change}: CV F_avg {rows[-1]['cv_f_avg']:.2f}", flush=True)
    chosen = {k: PRESETS["semeval-minilm"][k] for k in GRID}
    best = max(rows, key=lambda r: r["cv_f_avg"])
    figures = {
        "n_records": len(records),
        "cv": "StratifiedKFold(5, shuffle, seed 0) by target x stance (the ablation suite's folds)",
        "base": {k: v for k, v in base.items() if k != "embedding_cache"},
        "grid": GRID,
        "rows": rows,
        "chosen": chosen,
        "chosen_cv_f_avg": next(r["cv_f_avg"] for r in rows if all(r[k] == v for k, v in chosen.items())),
        "best": best,
        "seconds": timer.seconds,
    }
    path = write_result("embedding_selection", figures, "python -m benchmarks.embedding_selection")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
