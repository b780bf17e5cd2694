"""The stance classifier: :class:`StanceFeatures` followed by one linear model.

Saving and loading are in :mod:`stanceclf.persistence`.
"""

from __future__ import annotations

import hashlib
import os
import re
import warnings
from collections.abc import Callable, Iterator, Mapping, Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.model_selection import GroupKFold, StratifiedKFold
from sklearn.svm import LinearSVC
from sklearn.utils.class_weight import compute_sample_weight
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_is_fitted

from ._io import fingerprint
from .discourse import DiscourseFeatures
from .features import StanceFeatures, as_records
from .records import STANCES

__all__ = ["StanceClassifier", "Explanation"]

__version__ = "0.1.0"

# Records transformed at once when predicting (see StanceClassifier._in_chunks).
_PREDICT_CHUNK = 2000


_LETTER = re.compile(r"[^\W\d_]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")


def _ordered_input(X: Any) -> Any:
    """Model input as :func:`as_records` takes it: a pandas DataFrame as its columns.

    A DataFrame iterates over its column names, so it would silently be read as texts; it is
    read by column instead (a ``text`` column, optional ``target`` and ``speaker``). Unordered
    containers (sets) and other table types are refused: their rows cannot be matched to the output.
    """
    if hasattr(X, "columns") and not isinstance(X, Mapping):
        if type(X).__module__.split(".")[0] == "pandas":
            return X.to_dict(orient="list")
        raise TypeError(
            f"expected a list of texts or records, or a pandas DataFrame, got a {type(X).__name__}; "
            "convert it to a list of records"
        )
    if isinstance(X, Set):
        raise TypeError(f"expected an ordered list of texts or records, got an unordered {type(X).__name__}")
    return X


def _as_records(X: Any, *, predicting: bool = False) -> list[dict]:
    records = as_records(_ordered_input(X))
    if predicting:
        _warn_non_latin(records)
    return records


def _warn_non_latin(records: list[dict]) -> None:
    """Warn when texts are mostly letters of another script than Latin: the features are for English."""
    foreign = []
    for i, record in enumerate(records):
        letters = len(_LETTER.findall(record["text"]))
        if letters >= 3 and 2 * len(_LATIN_LETTER.findall(record["text"])) < letters:
            foreign.append(i)
    if foreign:
        warnings.warn(
            f"{len(foreign)} of {len(records)} text(s) are mostly in a non-Latin script (first: item {foreign[0]}); "
            "stanceclf's features and shipped model are for English text, so their labels are unreliable",
            UserWarning,
            stacklevel=4,
        )


def text_key(text: str) -> str:
    """A short hash of a text with white space and case normalised (training-data overlap checks)."""
    return hashlib.sha256(" ".join(text.split()).casefold().encode("utf-8")).hexdigest()[:16]


def _empty_texts(records: list[dict]) -> np.ndarray:
    return np.fromiter((not r["text"].strip() for r in records), dtype=bool, count=len(records))


@dataclass
class Explanation:
    """Why the model labelled one text as it did.

    Attributes
    ----------
    text : str
    label : str
        The predicted stance.
    scores : dict
        Decision score per class: ``intercept + sum(contributions)``.
    intercepts : dict
        Intercept per class.
    contributions : dict
        Per class, ``[(feature name, weight * value), ...]`` of every non-zero feature of the text,
        largest absolute contribution first. They add up exactly to ``score - intercept``.
    """

    text: str
    label: str
    scores: dict[str, float]
    intercepts: dict[str, float]
    contributions: dict[str, list[tuple[str, float]]] = field(default_factory=dict)

    def top(self, label: str | None = None, k: int = 10) -> list[tuple[str, float]]:
        """The ``k`` features that moved the score of ``label`` (default: the predicted one) most."""
        return self.contributions[label or self.label][:k]

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "label": self.label,
            "scores": self.scores,
            "intercepts": self.intercepts,
            "contributions": {k: [[n, v] for n, v in pairs] for k, pairs in self.contributions.items()},
        }


class StanceClassifier(ClassifierMixin, BaseEstimator):
    """Linear stance classifier over word/char n-grams, with target- and speaker-aware features.

    ``X`` is a list of texts or of records ``{"text": ..., "target": ..., "speaker": ...}``;
    ``y`` the stance labels ``NONE``, ``AGAINST`` or ``FAVOR``.

    Parameters
    ----------
    classifier : {"logreg", "svm", "sgd"}, default="logreg"
        Multinomial logistic regression (with ``predict_proba``), a one-vs-rest linear SVM
        (``decision_function`` only; wrap it in ``CalibratedClassifierCV`` for probabilities), or
        logistic regression trained by stochastic gradient descent, which supports
        :meth:`partial_fit` for incremental updates.
    C : float, default=10.0
        Inverse regularisation strength.
    class_weight : "balanced", dict or None, default="balanced"
        Weights classes inversely to their frequency, for the skewed stance labels.
    word_ngram_range, char_ngram_range, char_analyzer, min_df, max_features, negation,
    split_hashtags, use_target, use_speaker, target_weight, embeddings, embedding_weight, embedding_cache
        Passed to :class:`~stanceclf.features.StanceFeatures`.
    cue_weight, frame_weight, previous_weight, paragraph_weight, lexicon_weight, actor_weight : float, default=0.0
        Weights of the blocks of :class:`~stanceclf.discourse.DiscourseFeatures` (reported-speech
        cues, the frame around quotes, the previous sentence, the paragraph, a lexicon learned
        from the training labels, the rule-attributed actor), appended after the n-gram features;
        0 turns a block off. Context blocks read the records' ``previous``, ``paragraph``,
        ``actor`` and ``actor_type`` fields (:func:`stanceclf.discourse.with_context`).
    class_offset : dict or None, default=None
        ``{class: offset}`` added to the fitted intercepts, e.g. ``{"AGAINST": 0.3}`` to move the
        decision threshold toward a class that the model under-predicts (choose it by
        cross-validation). Being part of the intercept, it keeps :meth:`explain` exact. Not
        available with :meth:`partial_fit`.
    calibration : {None, "temperature"}, default=None
        ``"temperature"`` fits one temperature on 5-fold out-of-fold scores (scikit-learn's
        ``CalibratedClassifierCV(method="temperature", ensemble=False)``), so that
        ``predict_proba`` is calibrated, also for ``svm``. Temperature scaling keeps the ranking
        of classes: ``predict``, ``decision_function`` and ``explain`` are those of the uncalibrated
        model. Training costs seven fits. Not available with :meth:`partial_fit`.
    calibration_groups : str or None, default=None
        A record field (e.g. ``"doc"``) that groups the training records for the calibration
        folds: records that share a value stay in one fold (``GroupKFold``), so the temperature is
        fitted on scores of unseen groups, as at prediction time. Without it the folds are
        stratified and shuffled, which puts sentences of one article on both sides. Only used
        with ``calibration``. Every record must carry the field, or none (plain texts: shuffled
        folds then, with a warning).
    max_iter : int, default=5000
    alpha : float, default=1e-4
        Regularisation strength of the ``sgd`` classifier (``C`` is not used by it).
    random_state : int or None, default=0
        Seeds the solver where it is stochastic (the linear SVM); results are deterministic for
        a given value.

    Attributes
    ----------
    classes_ : ndarray of str
    features_ : StanceFeatures
    discourse_ : DiscourseFeatures or None
        None when every discourse weight is 0.
    estimator_ : LogisticRegression, LinearSVC or SGDClassifier
    calibrator_ : CalibratedClassifierCV or None
        With ``calibration``: the calibrated wrapper that gives ``predict_proba``.
    training_ : dict
        ``n_records`` and ``data_sha256`` of the training data (see :func:`stanceclf._io.fingerprint`).

    Notes
    -----
    An empty or white-space-only text carries no evidence: ``predict`` returns ``NONE`` for it and
    ``predict_proba`` puts all mass on ``NONE`` (when ``NONE`` is a class); ``decision_function``
    returns the intercepts. Training texts must not be empty.
    """

    def __init__(
        self,
        classifier: str = "logreg",
        C: float = 10.0,
        class_weight: Any = "balanced",
        word_ngram_range: tuple[int, int] = (1, 2),
        char_ngram_range: tuple[int, int] | None = (2, 5),
        char_analyzer: str = "char_wb",
        min_df: int = 1,
        max_features: int | None = None,
        negation: bool = True,
        split_hashtags: bool = True,
        use_target: str = "conjoin",
        use_speaker: bool = False,
        target_weight: float = 1.0,
        embeddings: str | None = None,
        embedding_weight: float = 1.0,
        embedding_cache: bool = False,
        cue_weight: float = 0.0,
        frame_weight: float = 0.0,
        previous_weight: float = 0.0,
        paragraph_weight: float = 0.0,
        lexicon_weight: float = 0.0,
        actor_weight: float = 0.0,
        class_offset: dict | None = None,
        calibration: str | None = None,
        calibration_groups: str | None = None,
        max_iter: int = 5000,
        random_state: int | None = 0,
        alpha: float = 1e-4,
    ):
        self.classifier = classifier
        self.C = C
        self.class_weight = class_weight
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.char_analyzer = char_analyzer
        self.min_df = min_df
        self.max_features = max_features
        self.negation = negation
        self.split_hashtags = split_hashtags
        self.use_target = use_target
        self.use_speaker = use_speaker
        self.target_weight = target_weight
        self.embeddings = embeddings
        self.embedding_weight = embedding_weight
        self.embedding_cache = embedding_cache
        self.cue_weight = cue_weight
        self.frame_weight = frame_weight
        self.previous_weight = previous_weight
        self.paragraph_weight = paragraph_weight
        self.lexicon_weight = lexicon_weight
        self.actor_weight = actor_weight
        self.class_offset = class_offset
        self.calibration = calibration
        self.calibration_groups = calibration_groups
        self.max_iter = max_iter
        self.random_state = random_state
        self.alpha = alpha

    _FEATURE_PARAMS = (
        "word_ngram_range",
        "char_ngram_range",
        "char_analyzer",
        "min_df",
        "max_features",
        "negation",
        "split_hashtags",
        "use_target",
        "use_speaker",
        "target_weight",
        "embeddings",
        "embedding_weight",
        "embedding_cache",
    )
    _DISCOURSE_PARAMS = (
        "cue_weight",
        "frame_weight",
        "previous_weight",
        "paragraph_weight",
        "lexicon_weight",
        "actor_weight",
    )

    def _fit_features(self, records: list[dict], labels: np.ndarray) -> sp.csr_matrix:
        """Fit ``features_`` (and ``discourse_`` when a discourse weight is set); the training matrix."""
        self.features_ = StanceFeatures(**{p: getattr(self, p) for p in self._FEATURE_PARAMS})
        matrix = self.features_.fit_transform(records)
        discourse = DiscourseFeatures(**{p: getattr(self, p) for p in self._DISCOURSE_PARAMS})
        discourse._validate_params()  # also when every weight is off
        self.discourse_ = discourse if discourse.active else None
        if self.discourse_ is None:
            return matrix
        return sp.hstack([matrix, self.discourse_.fit_transform(records, labels)], format="csr")

    def _features(self, records: list[dict]) -> sp.csr_matrix:
        matrix = self.features_.transform(records)
        if getattr(self, "discourse_", None) is None:  # also models saved before discourse features
            return matrix
        return sp.hstack([matrix, self.discourse_.transform(records)], format="csr")

    def _feature_names(self) -> np.ndarray:
        names = self.features_.get_feature_names_out()
        if getattr(self, "discourse_", None) is None:
            return names
        return np.concatenate([names, self.discourse_.get_feature_names_out()])

    def _make_estimator(self):
        if self.classifier == "logreg":
            return LogisticRegression(
                C=self.C, class_weight=self.class_weight, max_iter=self.max_iter, random_state=self.random_state
            )
        if self.classifier == "svm":
            return LinearSVC(
                C=self.C, class_weight=self.class_weight, max_iter=self.max_iter, random_state=self.random_state
            )
        if self.classifier == "sgd":
            # class_weight is applied as sample weights: SGD's partial_fit does not take "balanced".
            return SGDClassifier(
                loss="log_loss", alpha=self.alpha, max_iter=self.max_iter, random_state=self.random_state
            )
        raise ValueError(f"classifier must be 'logreg', 'svm' or 'sgd', got {self.classifier!r}")

    def _validate_training_data(self, X: Any, y: Any, *, min_classes: int = 2) -> tuple[list[dict], np.ndarray]:
        records = _as_records(X)
        labels = np.asarray(list(y))
        if labels.ndim != 1 or len(labels) != len(records):
            raise ValueError(f"X has {len(records)} texts but y has {len(labels)} labels")
        # Any label set is allowed, as for every sklearn classifier (cross_val_predict and
        # CalibratedClassifierCV pass encoded labels); a mix of stance names and other labels is
        # almost surely a typo ("FAVOUR"), so that is an error.
        unknown = sorted({str(v) for v in labels if v not in STANCES})
        if unknown and len(unknown) < len({str(v) for v in labels}):
            raise ValueError(f"unknown stance label(s) {unknown} among {list(STANCES)}")
        empty = [i for i, r in enumerate(records) if not r["text"].strip()]
        if empty:
            raise ValueError(f"training texts must not be empty; empty at position(s) {empty[:10]}")
        if len(set(labels)) < min_classes:
            raise ValueError(f"need at least {min_classes} stance classes to train, got {sorted(set(labels))}")
        return records, labels

    def _sample_weight(self, labels: np.ndarray) -> np.ndarray | None:
        return (
            compute_sample_weight(self.class_weight, labels) if self.classifier == "sgd" and self.class_weight else None
        )

    def _record_training(self, records: list[dict], labels: np.ndarray, previous: dict | None = None) -> None:
        batch = fingerprint(
            {"text": r["text"], "target": r["target"], "speaker": r["speaker"], "stance": str(s)}
            for r, s in zip(records, labels)
        )
        # Hashes of the training texts, so that evaluating on them can be detected (api.evaluate).
        keys = {text_key(r["text"]) for r in records}
        if previous is None:
            self.training_ = {"n_records": len(records), "data_sha256": batch, "text_sha256": sorted(keys)}
        else:  # an incremental update chains the hashes of all batches, in order
            chained = fingerprint([{"text": previous["data_sha256"], "stance": batch}])
            self.training_ = {
                "n_records": previous["n_records"] + len(records),
                "data_sha256": chained,
                "text_sha256": sorted(keys.union(previous.get("text_sha256", ()))),
                "batches": previous.get("batches", 1) + 1,
            }

    def fit(self, X: Any, y: Any) -> StanceClassifier:
        """Fit the features and the linear model.

        Raises
        ------
        ValueError
            On empty input, texts and labels of different lengths, an empty training text, or
            stance labels mixed with other labels (a typo such as ``FAVOUR``).
        """
        if isinstance(X, Iterator):  # read twice with calibration_groups
            X = list(X)
        X = _ordered_input(X)
        records, labels = self._validate_training_data(X, y)
        if self.calibration not in (None, "temperature"):
            raise ValueError(f"calibration must be None or 'temperature', got {self.calibration!r}")
        if self.calibration_groups is not None and not isinstance(self.calibration_groups, str):
            raise ValueError(f"calibration_groups must be None or a field name, got {self.calibration_groups!r}")
        self.calibrator_ = None
        if self.calibration is not None:
            # Temperature on out-of-fold scores; the wrapper refits its own copy of the model on
            # label-encoded y (ensemble=False), so predict/explain use the model fitted below.
            calibrator = CalibratedClassifierCV(
                clone(self).set_params(
                    calibration=None, calibration_groups=None, class_offset=self._encoded_offset(labels)
                ),
                method=self.calibration,
                cv=self._calibration_folds(X, records, labels),
                ensemble=False,
            )
            with warnings.catch_warnings():  # a held-out fold's unseen target is by design here
                warnings.filterwarnings("ignore", message=r"target\(s\) .* were not seen in training")
                self.calibrator_ = calibrator.fit(records, labels)
        estimator = self._make_estimator()
        matrix = self._fit_features(records, labels)
        weight = self._sample_weight(labels)
        self.estimator_ = (
            estimator.fit(matrix, labels) if weight is None else estimator.fit(matrix, labels, sample_weight=weight)
        )
        self.classes_ = self.estimator_.classes_
        self._apply_offset()
        self.n_features_in_ = matrix.shape[1]
        self._record_training(records, labels)
        return self

    def _encoded_offset(self, labels: np.ndarray) -> dict | None:
        """``class_offset`` keyed as CalibratedClassifierCV's temperature method encodes string labels."""
        if not self.class_offset or not isinstance(labels[0], str):
            return self.class_offset
        order = list(np.unique(labels))
        return {order.index(k) if k in order else k: v for k, v in self.class_offset.items()}

    def _apply_offset(self) -> None:
        if self.class_offset is None:
            return
        if not isinstance(self.class_offset, Mapping):
            raise ValueError(f"class_offset must be None or a dict {{class: offset}}, got {self.class_offset!r}")
        classes = list(self.classes_)
        unknown = [k for k in self.class_offset if k not in classes]
        if unknown:
            raise ValueError(f"class_offset: unknown class(es) {unknown}; classes are {[str(c) for c in classes]}")
        offset = np.array([float(self.class_offset.get(c, 0.0)) for c in classes])
        if len(classes) == 2:  # one score row, that of classes_[1]
            offset = np.array([offset[1] - offset[0]])
        self.estimator_.intercept_ = self.estimator_.intercept_ + offset

    def _calibration_folds(self, X: Any, records: list[dict], labels: np.ndarray) -> Any:
        if self.calibration_groups is None:
            return StratifiedKFold(5, shuffle=True, random_state=self.random_state)
        field = self.calibration_groups
        rows = [dict(zip(X, row)) for row in zip(*X.values())] if isinstance(X, Mapping) else list(X)
        groups = [row.get(field) if isinstance(row, Mapping) else None for row in rows]
        missing = [i for i, group in enumerate(groups) if group in (None, "")]
        if len(missing) == len(groups):  # plain texts or records without the field: say so, keep working
            warnings.warn(
                f"calibration_groups={field!r}: no record has that field; calibrating on shuffled "
                "stratified folds instead",
                UserWarning,
                stacklevel=3,
            )
            return StratifiedKFold(5, shuffle=True, random_state=self.random_state)
        if missing:
            raise ValueError(f"item {missing[0]}: calibration_groups={field!r} needs a {field!r} field in every record")
        n_groups = len(set(groups))
        if n_groups < 2:
            raise ValueError(f"calibration_groups={field!r}: need at least 2 groups, got {n_groups}")
        return list(GroupKFold(min(5, n_groups)).split(records, labels, groups))

    def _supports_partial_fit(self) -> bool:
        return self.classifier == "sgd"

    @available_if(_supports_partial_fit)
    def partial_fit(self, X: Any, y: Any, classes: Any = None) -> StanceClassifier:
        """Update a ``classifier="sgd"`` model with new annotations, without retraining from scratch.

        The first call fits the features' vocabulary on its texts; later calls keep that
        vocabulary (n-grams unseen in the first batch are ignored) and take further SGD steps.
        All classes are fixed by the first call (``classes``, default the three stance labels), so
        a batch may lack some. ``training_`` counts all records and chains the batches' hashes.
        """
        if self.calibration is not None:
            raise ValueError("partial_fit does not update a calibration; use calibration=None or refit")
        if self.class_offset is not None:
            raise ValueError("partial_fit does not apply class_offset; use class_offset=None or fit")
        records, labels = self._validate_training_data(X, y, min_classes=1)
        weight = self._sample_weight(labels)
        if not hasattr(self, "estimator_"):
            matrix = self._fit_features(records, labels)
            self.estimator_ = self._make_estimator()
            self.estimator_.partial_fit(
                matrix, labels, classes=np.array(sorted(STANCES) if classes is None else classes), sample_weight=weight
            )
            self.classes_ = self.estimator_.classes_
            self.n_features_in_ = matrix.shape[1]
            self._record_training(records, labels)
            return self
        matrix = self._features(records)
        self.estimator_.partial_fit(matrix, labels, sample_weight=weight)
        self._record_training(records, labels, previous=self.training_)
        return self

    def _transform(self, X: Any) -> tuple[list[dict], Any, np.ndarray]:
        check_is_fitted(self, "estimator_")
        records = _as_records(X, predicting=True)
        return records, self._features(records), _empty_texts(records)

    def _in_chunks(self, X: Any, score: Callable[[list[dict]], np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """``score`` applied to ``_PREDICT_CHUNK`` records at a time, concatenated; and the empty-text mask.

        A large batch transformed at once holds the n-gram matrix and its target-conjoined copies
        for every row together; chunks cap that memory without changing any result.
        """
        check_is_fitted(self, "estimator_")
        records = _as_records(X, predicting=True)
        parts = [score(records[i : i + _PREDICT_CHUNK]) for i in range(0, len(records), _PREDICT_CHUNK)]
        return np.concatenate(parts), _empty_texts(records)

    def _estimator_chunks(self, X: Any, method: str) -> tuple[np.ndarray, np.ndarray]:
        estimator_method = getattr(self.estimator_, method)
        return self._in_chunks(X, lambda chunk: estimator_method(self._features(chunk)))

    def decision_function(self, X: Any) -> np.ndarray:
        """Linear scores, shape ``(n_texts, n_classes)`` (``(n_texts,)`` for two classes)."""
        return self._estimator_chunks(X, "decision_function")[0]

    def predict(self, X: Any) -> np.ndarray:
        """Stance label per text; ``NONE`` for empty texts."""
        labels, empty = self._estimator_chunks(X, "predict")
        labels = labels.astype(object)
        if empty.any() and "NONE" in self.classes_:
            labels[empty] = "NONE"
        return labels

    def _has_proba(self) -> bool:
        return self.classifier in ("logreg", "sgd") or self.calibration is not None

    @available_if(_has_proba)
    def predict_proba(self, X: Any) -> np.ndarray:
        """Class probabilities, columns in the order of ``classes_`` (calibrated with ``calibration``)."""
        if getattr(self, "calibrator_", None) is not None:
            proba, empty = self._in_chunks(X, self.calibrator_.predict_proba)
        else:
            proba, empty = self._estimator_chunks(X, "predict_proba")
        if empty.any() and "NONE" in self.classes_:
            proba[empty] = (self.classes_ == "NONE").astype(float)
        return proba

    def explain(self, X: Any, k: int | None = None) -> list[Explanation]:
        """Exact per-feature contributions (weight × feature value) to each class score.

        Parameters
        ----------
        X : list of str or records
        k : int, optional
            Keep only the ``k`` largest contributions per class (all by default).

        Returns
        -------
        list of Explanation
        """
        records, matrix, empty = self._transform(X)
        coef = self.estimator_.coef_
        intercept = np.atleast_1d(self.estimator_.intercept_)
        classes = [str(c) for c in self.classes_]
        if coef.shape[0] == 1:  # binary: sklearn stores one row, the score of classes_[1]
            coef = np.vstack([-coef, coef])
            intercept = np.array([-intercept[0], intercept[0]])
        names = self._feature_names()
        labels = self.predict(records)
        explanations = []
        for i, record in enumerate(records):
            row = matrix.getrow(i)
            columns, values = row.indices, row.data
            contributions, scores = {}, {}
            for c, label in enumerate(classes):
                parts = coef[c, columns] * values
                order = np.argsort(-np.abs(parts), kind="stable")[:k]
                contributions[label] = [(str(names[columns[j]]), float(parts[j])) for j in order]
                scores[label] = float(intercept[c] + parts.sum())
            explanations.append(
                Explanation(
                    text=record["text"],
                    label=str(labels[i]),
                    scores=scores,
                    intercepts={label: float(intercept[c]) for c, label in enumerate(classes)},
                    contributions=contributions,
                )
            )
        return explanations

    def save(
        self,
        directory: str | os.PathLike,
        *,
        evaluation: dict | None = None,
        overwrite: bool = False,
        extra: dict | None = None,
    ) -> Path:
        """Save the model (skops format) and its manifest into ``directory``; see
        :func:`stanceclf.persistence.save_model`.

        An existing model directory is replaced only with ``overwrite=True``, atomically for
        readers; a directory that is not a stanceclf model is never written into.
        """
        from .persistence import save_model

        return save_model(self, directory, evaluation=evaluation, overwrite=overwrite, extra=extra)


