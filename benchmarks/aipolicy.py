"""AI-policy corpus v3: the shipped configuration's figures per group, and its calibration.

``stanceclf.cross_validate`` (10 folds grouped by article, the scheme of the shipped model's
manifest) gives the pooled out-of-fold predictions; F_avg is reported overall, per target and per
speaker_type for groups of at least ``MIN_GROUP`` sentences, each with a 95% interval that
resamples whole articles (``stance_report(..., clusters=)``), with F1 per class. The folds are fitted
without the preset's temperature scaling, which changes no prediction.

Leave-one-article-out of the shipped configuration, the directions tried for issue 15 (sentence
embeddings, the attributed actor, context) and TEST are in ``benchmarks.aipolicy_accuracy``.

**Calibration** (separately, ``python -m benchmarks.aipolicy --calibration``, about 15 min on 2
cores): a reliability table of the out-of-fold ``predict_proba`` on the same grouped folds
(confidence of the predicted class in 10 equal-width bins; expected calibration error, ECE) of the
preset without calibration, with its temperature scaling (shuffled folds, and folds grouped by
article), and wrapped in ``CalibratedClassifierCV`` (sigmoid, 5-fold inside each training fold; it
may change predictions, temperature scaling does not).
"""

from __future__ import annotations

import argparse
from collections import Counter
from typing import Any

import numpy as np
from sklearn.base import clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.model_selection import GroupKFold, cross_val_predict

import stanceclf
from stanceclf import PRESETS, StanceClassifier
from stanceclf.metrics import reliability, stance_report

from .common import Timer, write_result

MIN_GROUP = 10
N_SPLITS = 10


def _figures(gold: np.ndarray, predicted: np.ndarray, docs: np.ndarray) -> dict[str, Any]:
    report = stance_report(gold, predicted, clusters=docs)
    return {
        "n": report.n,
        "f_avg": report.f_avg,
        "f_avg_ci": list(report.f_avg_ci),
        "macro_f1": report.macro_f1,
        "support": dict(Counter(gold.tolist())),
        "f1_per_class": {label: figures["f1"] for label, figures in report.per_class.items()},
    }


def _calibration(records: list[dict], preset: str) -> dict[str, Any]:
    gold = np.asarray([r["stance"] for r in records], dtype=object)
    groups = [r["doc"] for r in records]
    plain = [{k: r[k] for k in ("text", "target")} for r in records]
    raw = StanceClassifier(**{**PRESETS[preset], "calibration": None})
    temperature = clone(raw).set_params(calibration="temperature")
    out = {}
    for name, estimator, fit_params in (
        ("uncalibrated (calibration=None)", raw, {}),
        ("calibration='temperature'", temperature, {}),
        # What the workflows do for the shipped model: each fit gets its records' articles as groups.
        ("calibration='temperature', fit groups=doc", temperature, {"groups": groups}),
        ("CalibratedClassifierCV(sigmoid, cv=5)", CalibratedClassifierCV(raw, method="sigmoid", cv=5), {}),
    ):
        proba = cross_val_predict(
            estimator,
            plain,
            gold,
            groups=groups,
            cv=GroupKFold(n_splits=N_SPLITS),
            method="predict_proba",
            n_jobs=2,
            params=fit_params,
        )
        out[name] = reliability(gold, proba, sorted(set(gold)))
        print(f"  calibration {name}: ECE {out[name]['ece']:.3f}")
    return out


def run(data: str | None, command: str, quick: bool = False) -> dict[str, Any]:
    corpus = stanceclf.load_corpus(missing="raise")
    records = stanceclf.read_records(corpus)
    gold = np.asarray([r["stance"] for r in records], dtype=str)
    docs = np.asarray([r["doc"] for r in records], dtype=str)
    preset = "aipolicy"
    with Timer() as timer:
        report, predicted = stanceclf.cross_validate(
            corpus, groups="doc", n_splits=N_SPLITS, preset=preset, n_jobs=2, return_predictions=True, calibration=None
        )
    predicted = np.asarray(predicted, dtype=object).astype(str)
    groups: dict[str, Any] = {}
    for field in ("target", "speaker_type"):
        values = np.asarray([r.get(field) or "" for r in records], dtype=object)
        for value, count in sorted(Counter(values.tolist()).items()):
            if count >= MIN_GROUP:
                mask = values == value
                groups[f"{field}={value}"] = _figures(gold[mask], predicted[mask], docs[mask])
    overall = _figures(gold, predicted, docs)
    print(f"  aipolicy {N_SPLITS}-fold grouped: F_avg {overall['f_avg']:.3f}, macro-F1 {overall['macro_f1']:.3f}")
    return {
        "preset": preset,
        "n_records": len(records),
        "n_articles": len(set(docs)),
        "cv": f"GroupKFold({N_SPLITS}) over articles (stanceclf.cross_validate), fitted without temperature scaling",
        "seconds": timer.seconds,
        "overall": overall,
        "groups": groups,
        "confusion": {"labels": report.labels, "matrix": report.confusion},
        "min_group": MIN_GROUP,
    }


def main(argv: list[str] | None = None) -> int:
    """``python -m benchmarks.aipolicy --calibration``: the reliability table (about 15 min on 2 cores)."""
    parser = argparse.ArgumentParser(description="AI-policy calibration (reliability) on article-grouped folds")
    parser.add_argument("--calibration", action="store_true", required=True)
    parser.parse_args(argv)
    records = stanceclf.read_records(stanceclf.load_corpus(missing="raise"))
    with Timer() as timer:
        figures = {
            "preset": "aipolicy",
            "preset_calibration": {"calibration": PRESETS["aipolicy"].get("calibration"), "fit groups": "doc"},
            "cv": f"GroupKFold({N_SPLITS}) over articles",
            "n_records": len(records),
            "calibration": _calibration(records, "aipolicy"),
        }
    figures["seconds"] = timer.seconds
    print(f"wrote {write_result('calibration', figures, 'python -m benchmarks.aipolicy --calibration')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
