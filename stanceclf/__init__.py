"""stanceclf: explainable linear stance classification for AI-policy text.

Who holds which stance toward which ban: a scikit-learn estimator over target-aware n-gram
features, an annotated corpus of the EU debate on banning facial recognition, and tools to
train, evaluate, explain and retrain.

Models are saved with skops, and :func:`load_model` builds only trusted types (see README, "Trust").
"""

from .analysis import analyze, analyze_folder
from .api import PRESETS, cross_validate, evaluate, train
from .data import STANCES, TARGETS, AnnotationError, load_corpus, read_records
from .evaluation import EvaluationReport, agreement, f_avg
from .model import Explanation, StanceClassifier, __version__
from .persistence import ModelLoadError, load_model
from .sentences import split_sentences

__all__ = [
    "PRESETS",
    "STANCES",
    "TARGETS",
    "AnnotationError",
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
    "read_records",
    "split_sentences",
    "train",
]
