"""The stance classifier: :class:`StanceFeatures` followed by one linear model, and its persistence.

Model files are pickles (joblib): loading one runs code from it. Load only models from a source
you trust. :func:`load_model` checks the file's SHA-256 against its manifest before unpickling, so
a file that was changed after saving is refused, but the check cannot make an untrusted model safe.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import tempfile
import warnings
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.exceptions import InconsistentVersionWarning
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.model_selection import GroupKFold, StratifiedKFold
from sklearn.svm import LinearSVC
from sklearn.utils.class_weight import compute_sample_weight
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_is_fitted

from .data import STANCES, file_sha256, fingerprint, shipped_path
from .discourse import DiscourseFeatures
from .features import StanceFeatures, as_records

__all__ = ["StanceClassifier", "Explanation", "ModelLoadError", "load_model"]

__version__ = "0.1.0"
MODEL_FILE = "model.joblib"
MANIFEST_FILE = "manifest.json"
DEFAULT_MODEL = "aipolicy"

# Records transformed at once when predicting (see StanceClassifier._in_chunks).
_PREDICT_CHUNK = 2000


def _empty_texts(records: list[dict]) -> np.ndarray:
    return np.fromiter((not r["text"].strip() for r in records), dtype=bool, count=len(records))


class ModelLoadError(RuntimeError):
    """A model directory is missing, incomplete, tampered with, or from an incompatible version."""


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
        ``n_records`` and ``data_sha256`` of the training data (see :func:`stanceclf.data.fingerprint`).

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
        if previous is None:
            self.training_ = {"n_records": len(records), "data_sha256": batch}
        else:  # an incremental update chains the hashes of all batches, in order
            chained = fingerprint([{"text": previous["data_sha256"], "stance": batch}])
            self.training_ = {
                "n_records": previous["n_records"] + len(records),
                "data_sha256": chained,
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
        records = as_records(X)
        return records, self._features(records), _empty_texts(records)

    def _in_chunks(self, X: Any, score: Callable[[list[dict]], np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """``score`` applied to ``_PREDICT_CHUNK`` records at a time, concatenated; and the empty-text mask.

        A large batch transformed at once holds the n-gram matrix and its target-conjoined copies
        for every row together; chunks cap that memory without changing any result.
        """
        check_is_fitted(self, "estimator_")
        records = as_records(X)
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
        """Write ``model.joblib`` and ``manifest.json`` into ``directory``, atomically.

        The directory is built beside the target and renamed into place, so a crash leaves the
        old model or the complete new one. An existing directory is replaced only with
        ``overwrite=True``.

        Parameters
        ----------
        directory : path
        evaluation : dict, optional
            Figures to record in the manifest (e.g. ``report.to_dict()`` of a cross-validation).
        overwrite : bool, default=False
        extra : dict, optional
            More manifest entries (e.g. the training files and their hashes).

        Returns
        -------
        Path of the model directory.
        """
        check_is_fitted(self, "estimator_")
        directory = Path(directory)
        if directory.exists() and not overwrite:
            raise FileExistsError(f"{directory}: exists; refusing to overwrite a model (use overwrite=True / --force)")
        directory.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=directory.parent, prefix=f".{directory.name}."))
        try:
            joblib.dump(self, staging / MODEL_FILE, compress=3)
            manifest = {
                "library": "stanceclf",
                "library_version": __version__,
                "sklearn_version": sklearn.__version__,
                "numpy_version": np.__version__,
                "joblib_version": joblib.__version__,
                "python_version": platform.python_version(),
                "config": _jsonable(self.get_params()),
                "labels": [str(c) for c in self.classes_],
                "targets": list(self.features_.targets_),
                "training": self.training_,
                "evaluation": evaluation or {},
                "model_file": MODEL_FILE,
                "model_sha256": file_sha256(staging / MODEL_FILE),
                **(extra or {}),
            }
            (staging / MANIFEST_FILE).write_text(
                json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
            )
            if directory.exists():
                backup = Path(tempfile.mkdtemp(dir=directory.parent, prefix=f".{directory.name}.old."))
                os.replace(directory, backup / "model")
                os.replace(staging, directory)
                shutil.rmtree(backup)
            else:
                os.replace(staging, directory)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return directory


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def model_directory(name_or_path: str | os.PathLike | None) -> Path:
    """Resolve a shipped model name (e.g. ``"aipolicy"``) or a path to a model directory."""
    name = DEFAULT_MODEL if name_or_path is None else name_or_path
    path = Path(name)
    if path.exists():
        return path
    shipped = shipped_path("_models", str(name))
    if str(name).isidentifier() and shipped.is_dir():
        return shipped
    raise ModelLoadError(f"{name}: no such model directory, and not a shipped model name")


def read_manifest(directory: str | os.PathLike) -> dict:
    """The manifest of a model directory."""
    path = Path(directory) / MANIFEST_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelLoadError(f"{path}: missing; a model directory needs {MANIFEST_FILE} and {MODEL_FILE}") from None
    except json.JSONDecodeError as error:
        raise ModelLoadError(f"{path}: corrupt manifest ({error.msg} at line {error.lineno})") from None


def load_model(name_or_path: str | os.PathLike | None = None) -> StanceClassifier:
    """Load a saved model after checking its integrity.

    Parameters
    ----------
    name_or_path : str or Path, optional
        A model directory written by :meth:`StanceClassifier.save`, or the name of a shipped
        model. ``None`` loads the shipped default, trained on the whole AI-policy corpus.

    Returns
    -------
    StanceClassifier
        With the directory's manifest in ``model.manifest_``.

    Raises
    ------
    ModelLoadError
        When the directory or a file is missing, the model file's SHA-256 differs from the
        manifest (tampered or corrupt), or it cannot be unpickled with this scikit-learn version.

    Warnings
    --------
    Model files are pickles and run code when loaded: load only models from a trusted source.
    """
    directory = model_directory(name_or_path)
    manifest = read_manifest(directory)
    model_path = directory / manifest.get("model_file", MODEL_FILE)
    if not model_path.is_file():
        raise ModelLoadError(f"{model_path}: missing model file")
    digest = file_sha256(model_path)
    if digest != manifest.get("model_sha256"):
        raise ModelLoadError(
            f"{model_path}: SHA-256 {digest} does not match the manifest ({manifest.get('model_sha256')}); "
            "the file was modified or corrupted after saving, so it is not loaded"
        )
    saved_version = manifest.get("sklearn_version")
    with warnings.catch_warnings():
        warnings.simplefilter("error", InconsistentVersionWarning)
        try:
            model = joblib.load(model_path)
        except InconsistentVersionWarning:
            raise ModelLoadError(
                f"{model_path}: saved with scikit-learn {saved_version}, but {sklearn.__version__} is installed; "
                f"install scikit-learn=={saved_version} or retrain the model (stanceclf train)"
            ) from None
        except Exception as error:
            raise ModelLoadError(
                f"{model_path}: cannot be loaded ({type(error).__name__}: {error}); it was saved with "
                f"scikit-learn {saved_version} and stanceclf {manifest.get('library_version')}"
            ) from None
    if not isinstance(model, StanceClassifier):
        raise ModelLoadError(f"{model_path}: holds a {type(model).__name__}, not a StanceClassifier")
    model.manifest_ = manifest
    return model
