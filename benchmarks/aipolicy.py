"""AI-policy corpus: leave-one-article-out figures of the shipped configuration, via the public API.

``stanceclf.cross_validate`` gives the pooled out-of-fold predictions and its report; bootstrap
95% intervals (percentile, 1,000 resamples, seed 0) of F_avg and macro-F1 are added overall, per
target and per speaker_type for groups of at least ``MIN_GROUP`` sentences, with F1 per class.

Also, on the same leave-one-article-out folds:

* **variants** of the preset: sentence embeddings (optional extra), and an experiment that gives
  the model the speaker *type* found by the rule-based attribution (``stanceclf.speakers``, which
  reads whole articles, so it cannot live inside the per-sentence feature pipeline), alone and
  with the embeddings;
* **calibration** (separately, ``python -m benchmarks.aipolicy --calibration``, to keep the main
  run short): a reliability table of the out-of-fold ``predict_proba`` (confidence of the
  predicted class in 10 equal-width bins; expected calibration error, ECE) of the preset without
  calibration, with its temperature scaling (shuffled folds, and folds grouped by article), and
  wrapped in ``CalibratedClassifierCV`` (sigmoid, 5-fold inside each training fold; it may change
  predictions, temperature scaling does not).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
from scipy.stats import bootstrap
from sklearn.base import clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.metrics import f1_score
from sklearn.model_selection import LeaveOneGroupOut, cross_val_predict

import stanceclf
from stanceclf import PRESETS, StanceClassifier, f_avg
from stanceclf.embeddings import embeddings_available
from stanceclf.metrics import reliability

from .common import SEED, Timer, write_result
from .speakers import attribute_corpus

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
        "f1_per_class": dict(
            zip(labels, f1_score(gold, predicted, labels=labels, average=None, zero_division=0).tolist())
        ),
    }


# Decided on the variants' figures of 2026-11-23 (BENCHMARKS.md); kept here so the report states it.
VARIANTS_VERDICT = (
    "Not shipped: the attributed speaker type. Nearly all of its gain comes from the actor type itself "
    "(speaker-or-author alone adds little), so a model using it would place an actor partly by what kind of "
    "actor it is (police, government) rather than by what it said, which is the question analyze() answers."
)


def _attributions(records: list[dict]) -> list[Any]:
    """The rule-based attribution of each record, found over its whole article."""
    found = {
        record["id"]: attribution
        for _, items, attributions in attribute_corpus(records)
        for record, attribution in zip(items, attributions)
    }
    return [found[r["id"]] for r in records]


def _variants(records: list[dict], preset: str) -> list[dict[str, Any]]:
    gold = [r["stance"] for r in records]
    plain = [{k: r[k] for k in ("id", "doc", "text", "target", "stance")} for r in records]
    variants = []
    # The aipolicy-minilm preset, as a change to the preset evaluated here.
    minilm = {k: v for k, v in PRESETS["aipolicy-minilm"].items() if PRESETS[preset].get(k) != v}
    if embeddings_available():
        change = {**minilm, "embedding_cache": True}
        variants.append(("preset aipolicy-minilm (optional extra)", change, plain, "library"))
    attributions = _attributions(records)
    # Whether anyone but the author holds the sentence: the reported-speech signal without actor types.
    quoted = [{**r, "speaker": "author" if a.canonical == "author" else "quoted"} for r, a in zip(plain, attributions)]
    variants.append(("attributed speaker or author as a feature", {"use_speaker": True}, quoted, "experiment"))
    typed = [{**r, "speaker": a.speaker_type} for r, a in zip(plain, attributions)]
    variants.append(("attributed speaker type as a feature", {"use_speaker": True}, typed, "experiment"))
    if embeddings_available():
        both = {"use_speaker": True, **minilm, "embedding_cache": True}
        variants.append(("attributed speaker type + sentence embeddings", both, typed, "experiment"))
    rows = []
    for name, change, data, kind in variants:
        with Timer() as timer:
            # calibration=None: a temperature does not change predictions, and costs six more fits a fold
            _, predicted = stanceclf.cross_validate(
                data, preset=preset, n_jobs=2, return_predictions=True, **{"calibration": None, **change}
            )
        predicted = np.asarray(predicted, dtype=object).astype(str)
        against = f1_score(gold, predicted, labels=["AGAINST"], average=None, zero_division=0)[0]
        rows.append(
            {
                "variant": name,
                "change": {k: v for k, v in change.items() if k != "embedding_cache"},
                "kind": kind,
                "f_avg": f_avg(gold, predicted),
                "macro_f1": float(f1_score(gold, predicted, average="macro")),
                "against_f1": float(against),
                "seconds": timer.seconds,
            }
        )
        print(f"  variant {name}: F_avg {rows[-1]['f_avg']:.3f}")
    return rows


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
            estimator, plain, gold, groups=groups, cv=LeaveOneGroupOut(), method="predict_proba", n_jobs=2,
            params=fit_params,
        )
        out[name] = reliability(gold, proba, sorted(set(gold)))
        print(f"  calibration {name}: ECE {out[name]['ece']:.3f}")
    return out


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
    variants = _variants(records, preset)
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
        "variants": variants,
        "variants_verdict": VARIANTS_VERDICT,
    }


def main(argv: list[str] | None = None) -> int:
    """``python -m benchmarks.aipolicy --calibration``: the reliability table (about 4 min on 2 cores)."""
    import argparse

    parser = argparse.ArgumentParser(description="AI-policy calibration (reliability) on leave-one-article-out folds")
    parser.add_argument("--calibration", action="store_true", required=True)
    parser.parse_args(argv)
    records = stanceclf.read_records(stanceclf.load_corpus())
    with Timer() as timer:
        figures = {
            "preset": "aipolicy",
            "preset_calibration": {"calibration": PRESETS["aipolicy"].get("calibration"), "fit groups": "doc"},
            "n_records": len(records),
            "calibration": _calibration(records, "aipolicy"),
        }
    figures["seconds"] = timer.seconds
    print(f"wrote {write_result('calibration', figures, 'python -m benchmarks.aipolicy --calibration')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
