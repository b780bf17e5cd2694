"""AI-policy corpus: leave-one-article-out figures of the shipped configuration, via the public API.

``stanceclf.cross_validate`` gives the pooled out-of-fold predictions and its report; bootstrap
95% intervals (percentile, 1,000 resamples, seed 0) of F_avg and macro-F1 are added overall, per
target and per speaker_type for groups of at least ``MIN_GROUP`` sentences.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
from scipy.stats import bootstrap
from sklearn.metrics import f1_score

import stanceclf
from stanceclf import f_avg

from .common import SEED, Timer

MIN_GROUP = 10


def _macro(labels: list[str]):
    return lambda a, b: float(f1_score(a, b, labels=labels, average="macro", zero_division=0))


def _ci(gold: np.ndarray, predicted: np.ndarray, metric) -> list[float]:
    if len(gold) < 2:
        return [float("nan"), float("nan")]
    result = bootstrap(
        (gold, predicted),
        metric,
        paired=True,
        vectorized=False,
        n_resamples=1000,
        method="percentile",
        random_state=SEED,
    )
    return [float(result.confidence_interval.low), float(result.confidence_interval.high)]


def _figures(gold: np.ndarray, predicted: np.ndarray, labels: list[str]) -> dict[str, Any]:
    macro = _macro(labels)
    return {
        "n": int(len(gold)),
        "f_avg": f_avg(gold, predicted),
        "f_avg_ci": _ci(gold, predicted, f_avg),
        "macro_f1": macro(gold, predicted),
        "macro_f1_ci": _ci(gold, predicted, macro),
        "support": dict(Counter(gold.tolist())),
    }


def run(data: str | None, command: str, quick: bool = False) -> dict[str, Any]:
    corpus = stanceclf.load_corpus()
    records = stanceclf.read_records(corpus)
    gold = np.asarray([r["stance"] for r in records], dtype=str)
    preset = "aipolicy"
    with Timer() as timer:
        report, predicted = stanceclf.cross_validate(
            corpus, groups="doc", preset=preset, n_jobs=2, return_predictions=True
        )
    predicted = np.asarray(predicted, dtype=object).astype(str)
    labels = sorted(set(gold) | set(predicted))
    groups: dict[str, Any] = {}
    for field in ("target", "speaker_type"):
        values = np.asarray([r.get(field) or "" for r in records], dtype=object)
        for value, count in sorted(Counter(values.tolist()).items()):
            if count >= MIN_GROUP:
                mask = values == value
                groups[f"{field}={value}"] = _figures(gold[mask], predicted[mask], labels)
    overall = _figures(gold, predicted, labels)
    print(f"  aipolicy LOAO: F_avg {overall['f_avg']:.3f}, macro-F1 {overall['macro_f1']:.3f} (n={overall['n']})")
    return {
        "preset": preset,
        "n_records": len(records),
        "n_articles": len({r["doc"] for r in records}),
        "cv": "LeaveOneGroupOut over doc (stanceclf.cross_validate)",
        "seconds": timer.seconds,
        "overall": overall,
        "groups": groups,
        "confusion": {"labels": report.labels, "matrix": report.confusion},
        "min_group": MIN_GROUP,
    }
