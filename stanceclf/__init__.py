"""stanceclf: explainable linear stance classification for AI-policy text.

Who holds which stance toward which ban: a scikit-learn estimator over target-aware n-gram
features, an annotated corpus of the EU debate on banning facial recognition, and tools to
train, evaluate, explain and retrain.

Model files are pickles: load only models from a source you trust (see :func:`load_model`).
"""

from .analysis import analyze, analyze_folder
from .api import PRESETS, cross_validate, evaluate, train
from .corpus import HydrationReport, check_articles, load_corpus
from .data import STANCES, TARGETS, AnnotationError, read_records
from .evaluation import EvaluationReport, agreement, f_avg, reliability
from .model import Explanation, ModelLoadError, StanceClassifier, __version__, load_model
from .model_card import render_model_card, write_model_card
from .plots import write_evaluation_plots
from .report import render_html
from .sentences import split_sentences

__all__ = [
    "PRESETS",
    "STANCES",
    "TARGETS",
    "AnnotationError",
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
    "read_records",
    "reliability",
    "render_html",
    "render_model_card",
    "split_sentences",
    "train",
    "write_evaluation_plots",
    "write_model_card",
]
