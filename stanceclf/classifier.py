"""The stance classifier: :class:`StanceFeatures` (and discourse blocks) followed by one linear model.

Explanations are computed in :mod:`stanceclf.explain`; saving and loading are in :mod:`stanceclf.persistence`
(:func:`stanceclf.save_model`, :func:`stanceclf.load_model`): the estimator knows nothing of files.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from numbers import Integral, Real
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context, clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.frozen import FrozenEstimator
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.model_selection import GroupKFold, StratifiedKFold, cross_val_predict
from sklearn.svm import LinearSVC
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.class_weight import compute_sample_weight
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_is_fitted

from ._io import fingerprint, text_key
from .discourse import WEIGHTS, DiscourseFeatures
from .explain import Explanation, explanations
from .features import FEATURE_PARAMS, StanceFeatures
from .records import STANCES, as_records, ordered_input, stance_names, warn_non_latin

__all__ = ["StanceClassifier"]

# Records transformed at once when predicting (see StanceClassifier._in_chunks).
_PREDICT_CHUNK = 2000


def _empty_texts(records: list[dict]) -> np.ndarray:
    return np.fromiter((not r["text"].strip() for r in records), dtype=bool, count=len(records))


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
        model. Training costs seven fits. Not available with :meth:`partial_fit`. The folds keep
        groups together when :meth:`fit` gets ``groups`` (e.g. each sentence's article).
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
        With ``calibration``: scikit-learn's calibration of this model's decision scores, fitted
        on the out-of-fold scores of the same configuration; ``predict_proba`` passes the scores
        of :meth:`decision_function` through it (the model is fitted once, not copied).
    training_ : dict
        ``n_records`` and ``data_sha256`` of the training data (see :func:`stanceclf._io.fingerprint`).

    ``n_features_in_`` is not set: the input is text, not a matrix of features (the width of the
    internal feature matrix is ``len(get_feature_names_out())``).

    Notes
    -----
    An empty or white-space-only text carries no evidence: ``predict`` returns ``NONE`` for it and
    ``predict_proba`` puts all mass on ``NONE`` (when ``NONE`` is a class); ``decision_function``
    returns the intercepts. Training texts must not be empty.
    """

    _parameter_constraints: dict = {
        "classifier": [StrOptions({"logreg", "svm", "sgd"})],
        "C": [Interval(Real, 0, None, closed="neither")],
        "class_weight": [StrOptions({"balanced"}), dict, None],
        **StanceFeatures._parameter_constraints,
        **{name: DiscourseFeatures._parameter_constraints[name] for name in WEIGHTS},
        "class_offset": [dict, None],
        "calibration": [StrOptions({"temperature"}), None],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
        "alpha": [Interval(Real, 0, None, closed="neither")],
    }

    # scikit-learn needs every parameter in the signature; the feature parameters' names, defaults
    # and valid values are declared by StanceFeatures (FEATURE_PARAMS), and a test checks these match.
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
        self.max_iter = max_iter
        self.random_state = random_state
        self.alpha = alpha

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # Texts or records, not a numeric matrix: scikit-learn's numeric checks do not apply.
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        tags.input_tags.dict = True
        tags.target_tags.required = True
        tags.classifier_tags.poor_score = True
        return tags

    def _fit_features(self, records: list[dict], labels: np.ndarray) -> sp.csr_matrix:
        """Fit ``features_`` (and ``discourse_`` when a discourse weight is set); the training matrix."""
        self.features_ = StanceFeatures(**{p: getattr(self, p) for p in FEATURE_PARAMS})
        matrix = self.features_.fit_transform(records)
        discourse = DiscourseFeatures(**{p: getattr(self, p) for p in WEIGHTS})
        self.discourse_ = discourse if discourse.active else None
        if self.discourse_ is None:
            return matrix
        return sp.hstack([matrix, self.discourse_.fit_transform(records, labels)], format="csr")

    def transform_records(self, records: list[dict]) -> sp.csr_matrix:
        """The feature matrix of records (as :func:`stanceclf.records.as_records` gives them)."""
        check_is_fitted(self, "estimator_")
        matrix = self.features_.transform(records)
        if getattr(self, "discourse_", None) is None:  # also models saved before discourse features
            return matrix
        return sp.hstack([matrix, self.discourse_.transform(records)], format="csr")

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Names of the columns of the internal feature matrix (n-grams, then discourse blocks)."""
        check_is_fitted(self, "estimator_")
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
        records = as_records(X)
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
        # Hashes of the training texts, so that evaluating on them can be detected (workflows.evaluate).
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

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X: Any, y: Any, *, groups: Any = None) -> StanceClassifier:
        """Fit the features and the linear model.

        Parameters
        ----------
        X : list of str or records, a mapping of columns, or a pandas DataFrame
        y : array-like of stance labels
        groups : array-like, optional
            A group per record (e.g. its article) for the calibration folds: records that share a
            group stay in one fold (``GroupKFold``), so the temperature is fitted on scores of
            unseen groups, as at prediction time. Without it the folds are stratified and
            shuffled. Only used with ``calibration``. scikit-learn routes it with
            ``set_fit_request(groups=True)`` when metadata routing is enabled (e.g. in ``GridSearchCV``).

        Raises
        ------
        ValueError
            On empty input, texts and labels of different lengths, an empty training text, or
            stance labels mixed with other labels (a typo such as ``FAVOUR``).
        """
        y = stance_names(X, y)
        X = ordered_input(X)
        records, labels = self._validate_training_data(X, y)
        self.calibrator_ = None
        if self.calibration is not None:
            # Out-of-fold scores of the uncalibrated configuration; the model itself is fitted
            # once, below, and the calibrator only maps its scores to probabilities.
            with warnings.catch_warnings():  # a held-out fold's unseen target is by design here
                warnings.filterwarnings("ignore", message=r"target\(s\) .* were not seen in training")
                scores = cross_val_predict(
                    clone(self).set_params(calibration=None, class_offset=self._encoded_offset(labels)),
                    records,
                    labels,
                    cv=self._calibration_folds(records, labels, groups),
                    method="decision_function",
                )
        estimator = self._make_estimator()
        matrix = self._fit_features(records, labels)
        weight = self._sample_weight(labels)
        self.estimator_ = (
            estimator.fit(matrix, labels) if weight is None else estimator.fit(matrix, labels, sample_weight=weight)
        )
        self.classes_ = self.estimator_.classes_
        self._apply_offset()
        if self.calibration is not None:
            self.calibrator_ = _fit_calibrator(self.calibration, scores, labels, self.classes_)
        self._record_training(records, labels)
        return self

    def _encoded_offset(self, labels: np.ndarray) -> dict | None:
        """``class_offset`` keyed as ``cross_val_predict`` encodes string labels for decision scores."""
        if not self.class_offset or not isinstance(labels[0], str):
            return self.class_offset
        order = list(np.unique(labels))
        return {order.index(k) if k in order else k: v for k, v in self.class_offset.items()}

    def _apply_offset(self) -> None:
        if self.class_offset is None:
            return
        classes = list(self.classes_)
        unknown = [k for k in self.class_offset if k not in classes]
        if unknown:
            raise ValueError(f"class_offset: unknown class(es) {unknown}; classes are {[str(c) for c in classes]}")
        offset = np.array([float(self.class_offset.get(c, 0.0)) for c in classes])
        if len(classes) == 2:  # one score row, that of classes_[1]
            offset = np.array([offset[1] - offset[0]])
        self.estimator_.intercept_ = self.estimator_.intercept_ + offset

    def _calibration_folds(self, records: list[dict], labels: np.ndarray, groups: Any) -> Any:
        if groups is None:
            return StratifiedKFold(5, shuffle=True, random_state=self.random_state)
        groups = list(groups)
        if len(groups) != len(records):
            raise ValueError(f"groups has {len(groups)} values for {len(records)} records")
        n_groups = len(set(groups))
        if n_groups < 2:
            raise ValueError(f"groups: need at least 2 groups, got {n_groups}")
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
        self._validate_params()
        records, labels = self._validate_training_data(X, stance_names(X, y), min_classes=1)
        weight = self._sample_weight(labels)
        if not hasattr(self, "estimator_"):
            matrix = self._fit_features(records, labels)
            self.estimator_ = self._make_estimator()
            self.estimator_.partial_fit(
                matrix, labels, classes=np.array(sorted(STANCES) if classes is None else classes), sample_weight=weight
            )
            self.classes_ = self.estimator_.classes_
            self._record_training(records, labels)
            return self
        matrix = self.transform_records(records)
        self.estimator_.partial_fit(matrix, labels, sample_weight=weight)
        self._record_training(records, labels, previous=self.training_)
        return self

    def _in_chunks(self, X: Any, score: Callable[[list[dict]], np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """``score`` applied to ``_PREDICT_CHUNK`` records at a time, concatenated; and the empty-text mask.

        A large batch transformed at once holds the n-gram matrix and its target-conjoined copies
        for every row together; chunks cap that memory without changing any result.
        """
        records = as_records(X)
        warn_non_latin(records)
        parts = [score(records[i : i + _PREDICT_CHUNK]) for i in range(0, len(records), _PREDICT_CHUNK)]
        return np.concatenate(parts), _empty_texts(records)

    def _estimator_chunks(self, X: Any, method: str) -> tuple[np.ndarray, np.ndarray]:
        estimator_method = getattr(self.estimator_, method)
        return self._in_chunks(X, lambda chunk: estimator_method(self.transform_records(chunk)))

    def decision_function(self, X: Any) -> np.ndarray:
        """Linear scores, shape ``(n_texts, n_classes)`` (``(n_texts,)`` for two classes)."""
        check_is_fitted(self, "estimator_")
        return self._estimator_chunks(X, "decision_function")[0]

    def predict(self, X: Any) -> np.ndarray:
        """Stance label per text; ``NONE`` for empty texts."""
        check_is_fitted(self, "estimator_")
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
        check_is_fitted(self, "estimator_")
        calibrator = getattr(self, "calibrator_", None)
        if calibrator is not None and isinstance(calibrator.estimator, FrozenEstimator):
            scores, empty = self._estimator_chunks(X, "decision_function")
            proba = calibrator.predict_proba(scores.reshape(len(scores), -1))
        elif calibrator is not None:  # saved before 0.1.0's calibrator took scores: it holds a whole model
            proba, empty = self._in_chunks(X, calibrator.predict_proba)
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
        check_is_fitted(self, "estimator_")
        records = as_records(X)
        warn_non_latin(records)
        return explanations(
            records,
            self.transform_records(records),
            self.estimator_,
            self.get_feature_names_out(),
            self.predict(records),
            k=k,
        )


class _Scores(ClassifierMixin, BaseEstimator):
    """The identity on decision scores, so scikit-learn's calibration can be fitted on given scores.

    ``CalibratedClassifierCV`` wraps a classifier and refits it; wrapping this (frozen) instead
    calibrates the scores a :class:`StanceClassifier` computed itself, so the model is fitted once.
    """

    def __init__(self, classes: Any = None):
        self.classes = classes

    def fit(self, X: Any = None, y: Any = None) -> _Scores:
        self.classes_ = np.asarray(self.classes)
        return self

    def decision_function(self, X: Any) -> np.ndarray:
        X = np.asarray(X, dtype=float)
        return X[:, 0] if X.shape[1] == 1 else X


def _fit_calibrator(method: str, scores: np.ndarray, labels: np.ndarray, classes: np.ndarray) -> CalibratedClassifierCV:
    """scikit-learn's ``method`` calibration of out-of-fold ``scores``, used as they are (one fold: all)."""
    scores = scores.reshape(len(scores), -1)
    every = np.arange(len(scores))
    calibrator = CalibratedClassifierCV(FrozenEstimator(_Scores(classes).fit()), method=method, cv=[(every, every)])
    return calibrator.fit(scores, labels)
