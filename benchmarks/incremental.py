"""Incremental update (``partial_fit``) against a full retrain, on the AI-policy corpus (issue 5).

Run: ``python -m benchmarks.incremental``. Writes ``benchmarks/results/incremental.json``.

Protocol: articles are split by GroupKFold (5 folds) into held-out and training articles; the
training articles are split again into the *initial* half (by article) and the *new annotations*
half. Compared on the held-out articles, pooled over the 5 folds:

* ``sgd initial only``: SGD logistic regression fitted on the initial half;
* ``sgd + partial_fit``: that model updated with ``partial_fit`` on the new half (vocabulary fixed
  by the initial half);
* ``sgd full retrain``: SGD fitted on both halves from scratch;
* ``logreg full retrain``: the shipped configuration (preset ``aipolicy``) on both halves.
"""

from __future__ import annotations

import time
import warnings
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

import stanceclf
from stanceclf import StanceClassifier
from stanceclf.metrics import stance_report
from stanceclf.presets import PRESETS

from .common import write_json

RESULTS = Path(__file__).resolve().parent / "results"
SGD = {"classifier": "sgd", "use_target": "ignore", "alpha": 1e-4, "random_state": 0}


def main() -> int:
    warnings.simplefilter("ignore", UserWarning)
    records = stanceclf.read_records(stanceclf.load_corpus(missing="raise"), corpus=True)
    labels = np.array([r["stance"] for r in records])
    groups = np.array([r["doc"] for r in records])
    systems = ["sgd initial only", "sgd + partial_fit", "sgd full retrain", "logreg full retrain"]
    predicted = {name: np.empty(len(records), dtype=object) for name in systems}
    started = time.perf_counter()
    for train, test in GroupKFold(n_splits=5).split(records, labels, groups):
        docs = sorted(set(groups[train]))
        initial_docs = set(docs[::2])
        initial = [i for i in train if groups[i] in initial_docs]
        new = [i for i in train if groups[i] not in initial_docs]
        pick = lambda idx: [records[i] for i in idx]  # noqa: E731
        held_out = pick(test)
        model = StanceClassifier(**SGD).partial_fit(pick(initial), labels[initial])
        predicted["sgd initial only"][test] = model.predict(held_out)
        model.partial_fit(pick(new), labels[new])
        predicted["sgd + partial_fit"][test] = model.predict(held_out)
        both = list(initial) + list(new)
        predicted["sgd full retrain"][test] = StanceClassifier(**SGD).fit(pick(both), labels[both]).predict(held_out)
        full = StanceClassifier(**PRESETS["aipolicy"]).fit(pick(both), labels[both])
        predicted["logreg full retrain"][test] = full.predict(held_out)
    figures = {}
    for name in systems:
        report = stance_report(labels, predicted[name])
        figures[name] = {"f_avg": report.f_avg, "f_avg_ci": report.f_avg_ci, "macro_f1": report.macro_f1}
        print(
            f"{name:22} F_avg {report.f_avg:.3f} ({report.f_avg_ci[0]:.3f}-{report.f_avg_ci[1]:.3f}) "
            f"macro-F1 {report.macro_f1:.3f}"
        )
    result = {
        "name": "incremental",
        "command": "python -m benchmarks.incremental",
        "n_records": len(records),
        "sgd_config": SGD,
        "figures": figures,
        "seconds": round(time.perf_counter() - started, 1),
    }
    write_json(RESULTS / "incremental.json", result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
