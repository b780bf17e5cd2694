"""stanceclf: explainable linear stance classification for AI-policy text.

Who holds which stance toward which ban: a scikit-learn estimator over target-aware n-gram
features, an annotated corpus of the EU debate on banning facial recognition, and tools to
train, evaluate, explain and retrain.

Model files are pickles: load only models from a source you trust (see :func:`load_model`).
"""

from .analysis import analyze, analyze_folder
from .api import PRESETS, cross_validate, evaluate, train
from .batch import BatchInputError, BatchReport, predict_file
from .data import STANCES, TARGETS, AnnotationError, load_corpus, read_records
from .evaluation import EvaluationReport, agreement, f_avg
from .model import Explanation, ModelLoadError, StanceClassifier, __version__, load_model
from .sentences import split_sentences

__all__ = [
    "PRESETS",
    "STANCES",
    "TARGETS",
    "AnnotationError",
    "BatchInputError",
    "BatchReport",
    "EvaluationReport",
    "Explanation",
    "ModelLoadError",
    "StanceClassifier",
    "__version__",
    "agreement",
    "analyze",
    "analyze_folder",
    "cross_validate",
    "evaluate",
    "f_avg",
    "load_corpus",
    "load_model",
    "predict_file",
    "read_records",
    "split_sentences",
    "train",
]
