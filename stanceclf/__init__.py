"""stanceclf: explainable linear stance classification for AI-policy text.

Who holds which stance toward which ban: a scikit-learn estimator over target-aware n-gram
features, an annotated corpus of the EU debate on banning facial recognition, and tools to
train, evaluate, explain and retrain.

Models are saved with skops, and :func:`load_model` builds only trusted types (see README, "Trust").
"""

from ._io import LIBRARY_VERSION as __version__
from .actors import analyze, analyze_folder
from .batch import BatchInputError, BatchReport, predict_file
from .classifier import StanceClassifier
from .corpus import HydrationReport, agreement, check_articles, load_corpus
from .explain import Explanation
from .metrics import EvaluationReport, f_avg, reliability
from .model_card import render_model_card
from .persistence import ModelLoadError, load_model, save_model, write_model_card
from .plots import write_evaluation_plots
from .presets import PRESETS
from .records import STANCES, TARGETS, AnnotationError, read_records
from .report import render_html
from .sentences import split_sentences
from .workflows import cross_validate, evaluate, train

__all__ = [
    "PRESETS",
    "STANCES",
    "TARGETS",
    "AnnotationError",
    "BatchInputError",
    "BatchReport",
    "EvaluationReport",
    "Explanation",
    "HydrationReport",
    "ModelLoadError",
    "StanceClassifier",
    "__version__",
    "agreement",
    "analyze",
    "analyze_folder",
    "check_articles",
    "cross_validate",
    "evaluate",
    "f_avg",
    "load_corpus",
    "load_model",
    "predict_file",
    "read_records",
    "reliability",
    "render_html",
    "render_model_card",
    "save_model",
    "split_sentences",
    "train",
    "write_evaluation_plots",
    "write_model_card",
]
