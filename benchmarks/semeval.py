"""SemEval-2016 Task 6 subtask A on TweetEval stance: train on train+val, score test once per system."""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.metrics import f1_score

import stanceclf
from stanceclf import PRESETS, StanceClassifier, f_avg
from stanceclf.embeddings import embeddings_available

from .common import Timer, load_split, log_test_scoring
from .peers import FastTextPeer, MajorityPeer, SemEvalSVMPeer, fasttext_available

# Published test figures (F_avg x 100) on the same test set.
ANCHORS = [
    ("SemEval-2016 baseline SVM word+char n-grams (Mohammad et al., 2016)", 68.98),
    ("TweetEval paper: SVM (Barbieri et al., 2020)", 67.3),
    ("TweetEval paper: FastText", 65.4),
    ("TweetEval paper: RoBERTa-base", 68.0),
    ("TweetEval paper: RoBERTa-retrained", 69.3),
    ("TweetEval leaderboard: BERTweet", 71.2),
    ("TweetEval leaderboard: TimeLMs-2021", 72.9),
]


def figures(records: list[dict], predicted: np.ndarray) -> dict[str, Any]:
    gold = np.asarray([r["stance"] for r in records], dtype=object)
    predicted = np.asarray(predicted, dtype=object)
    targets = np.asarray([r["target"] for r in records])
    out = {
        "f_avg": 100 * f_avg(gold, predicted),
        "macro_f1": 100 * float(f1_score(gold, predicted, average="macro")),
        "per_target": {},
    }
    for target in sorted(set(targets)):
        mask = targets == target
        out["per_target"][target] = 100 * f_avg(gold[mask], predicted[mask])
    return out


class PresetSystem:
    """stanceclf with a named preset, as a peer-like object."""

    def __init__(self, preset: str):
        self.preset = preset
        self.name = f"stanceclf (preset={preset!r})"
        self.config = {"preset": preset, **PRESETS[preset]}

    def fit(self, records: list[dict], y: list[str]) -> PresetSystem:
        self.model_ = StanceClassifier(**PRESETS[self.preset]).fit(records, y)
        return self

    def predict(self, records: list[dict]) -> np.ndarray:
        return self.model_.predict(records)


def systems() -> tuple[list[Any], list[str]]:
    chosen: list[Any] = [PresetSystem("semeval")]
    skipped = []
    if embeddings_available():
        chosen.append(PresetSystem("semeval-minilm"))
    else:
        skipped.append("stanceclf semeval-minilm skipped: optional extra missing (pip install -e '.[embeddings]')")
    chosen += [SemEvalSVMPeer(), MajorityPeer()]
    if fasttext_available():
        chosen.append(FastTextPeer())
    else:
        skipped.append("fastText skipped: `fasttext` is not importable (pip install fasttext-wheel)")
    return chosen, skipped


def run(data: str | None, command: str, quick: bool = False) -> dict[str, Any]:
    train = load_split(data, "train") + load_split(data, "val")
    test = load_split(data, "test")
    y = [r["stance"] for r in train]
    chosen, skipped = systems()
    for message in skipped:
        print(message)
    rows = []
    for system in chosen:
        with Timer() as timer:
            system.fit(train, y)
        predicted = system.predict(test)
        log_test_scoring(system.name, system.config, command)
        row = {"system": system.name, "config": system.config, "train_seconds": timer.seconds}
        row.update(figures(test, predicted))
        if hasattr(system, "chosen_C_"):
            row["chosen_C"] = system.chosen_C_
        rows.append(row)
        print(f"  {system.name}: pooled test F_avg {row['f_avg']:.2f}")
    return {
        "n_train": len(train),
        "n_test": len(test),
        "stanceclf_version": stanceclf.__version__,
        "systems": rows,
        "skipped": skipped,
        "anchors": [{"system": n, "f_avg": v} for n, v in ANCHORS],
    }
