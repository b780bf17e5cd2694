"""Peer systems, trained and scored on the same split as stanceclf.

* ``MajorityPeer``: the most frequent stance of each target in training.
* ``SemEvalSVMPeer``: the SemEval-2016 Task 6 baseline (Mohammad et al., 2016): one linear SVM per
  target on binary word 1–3 and character 2–5 n-gram presence features; ``C`` per target by
  5-fold stratified CV on the training data only.
* ``FastTextPeer``: fastText supervised (optional; ``fasttext`` / ``fasttext-wheel``), one joint
  model with the target as a leading token, fixed a-priori hyper-parameters, one thread (deterministic).
"""

from __future__ import annotations

import importlib.util
import os
import tempfile
from collections import Counter
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.metrics import make_scorer
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.pipeline import FeatureUnion, make_pipeline
from sklearn.svm import LinearSVC

from stanceclf import f_avg

from .common import SEED


class MajorityPeer:
    name = "majority class (per target)"
    config: dict[str, Any] = {"kind": "majority_per_target"}

    def fit(self, records: list[dict], y: list[str]) -> MajorityPeer:
        by_target: dict[str, Counter] = {}
        for r, label in zip(records, y):
            by_target.setdefault(r["target"], Counter())[label] += 1
        self.majority_ = {t: c.most_common(1)[0][0] for t, c in by_target.items()}
        self.overall_ = Counter(y).most_common(1)[0][0]
        return self

    def predict(self, records: list[dict]) -> np.ndarray:
        return np.asarray([self.majority_.get(r["target"], self.overall_) for r in records], dtype=object)


def _svm_pipeline():
    features = FeatureUnion(
        [
            ("word", CountVectorizer(ngram_range=(1, 3), binary=True, lowercase=True)),
            ("char", CountVectorizer(analyzer="char", ngram_range=(2, 5), binary=True, lowercase=True)),
        ]
    )
    return make_pipeline(features, LinearSVC(max_iter=10000, random_state=SEED))


class SemEvalSVMPeer:
    name = "SemEval-2016 SVM baseline (per-target, word 1-3 + char 2-5)"
    grid = (0.001, 0.01, 0.1, 1.0)
    config: dict[str, Any] = {"kind": "per_target_linearsvc_word13_char25_binary", "C_grid": list(grid)}

    def __init__(self, C: dict[str, float] | None = None):
        # C per target; None selects it by the grid search (the published protocol). A fixed C
        # lets the speed benchmark time the final fits alone.
        self.C = C

    def fit(self, records: list[dict], y: list[str]) -> SemEvalSVMPeer:
        y = np.asarray(y, dtype=object)
        self.models_, self.chosen_C_ = {}, {}
        for target in sorted({r["target"] for r in records}):
            idx = [i for i, r in enumerate(records) if r["target"] == target]
            texts = [records[i]["text"] for i in idx]
            if self.C is not None:
                pipeline = _svm_pipeline().set_params(linearsvc__C=self.C[target])
                self.models_[target] = pipeline.fit(texts, y[idx].astype(str))
                self.chosen_C_[target] = float(self.C[target])
                continue
            search = GridSearchCV(
                _svm_pipeline(),
                {"linearsvc__C": list(self.grid)},
                scoring=make_scorer(f_avg),
                cv=StratifiedKFold(5, shuffle=True, random_state=SEED),
                n_jobs=1,
            )
            search.fit(texts, y[idx].astype(str))
            self.models_[target] = search.best_estimator_
            self.chosen_C_[target] = float(search.best_params_["linearsvc__C"])
        return self

    def predict(self, records: list[dict]) -> np.ndarray:
        out = np.empty(len(records), dtype=object)
        for target, model in self.models_.items():
            idx = [i for i, r in enumerate(records) if r["target"] == target]
            if idx:
                out[idx] = model.predict([records[i]["text"] for i in idx])
        return out


def fasttext_available() -> bool:
    return importlib.util.find_spec("fasttext") is not None


class FastTextPeer:
    name = "fastText supervised"
    config: dict[str, Any] = {"kind": "fasttext", "epoch": 25, "lr": 0.5, "wordNgrams": 2, "dim": 50, "thread": 1}

    @staticmethod
    def _line(record: dict) -> str:
        return f"target_{record['target']} " + " ".join(record["text"].lower().split())

    def fit(self, records: list[dict], y: list[str]) -> FastTextPeer:
        import fasttext

        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "train.txt")
            with open(path, "w", encoding="utf-8") as handle:
                for r, label in zip(records, y):
                    handle.write(f"__label__{label} {self._line(r)}\n")
            params = {k: v for k, v in self.config.items() if k != "kind"}
            self.model_ = fasttext.train_supervised(input=path, seed=SEED, verbose=0, **params)
        return self

    def predict(self, records: list[dict]) -> np.ndarray:
        # Call the C++ binding directly: fasttext-wheel's Python wrapper breaks under numpy 2 (copy=False).
        labels, _ = self.model_.f.multilinePredict([self._line(r) for r in records], 1, 0.0, "strict")
        return np.asarray([lab[0].replace("__label__", "") for lab in labels], dtype=object)
