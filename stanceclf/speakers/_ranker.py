"""A learned choice among the rules' candidate speakers: two linear models, shipped as plain JSON.

:class:`SpeakerRanker` scores the candidates of :mod:`._candidates` in two steps:

1. the *voice* model scores each actor of an article (and the writer) as the article's main voice
   (trained on the share of the article's stance sentences annotated with that actor's name);
2. the *sentence* model scores each candidate of a sentence as its speaker, with the voice
   probability among its features; the highest score wins, and its probability is the
   attribution's ``confidence``.

Both are scikit-learn ``LogisticRegression`` fits over :class:`~sklearn.feature_extraction.DictVectorizer`
features. What ships is their coefficients by feature name in ``ranker.json`` beside this module
(no pickle: loading it runs no code); scoring is a sum over a candidate's features, linear in the
length of the article. ``python -m benchmarks.speakers fit`` rebuilds the file from the corpus.
"""

from __future__ import annotations

import json
import math
import os
from functools import lru_cache
from numbers import Integral, Real
from pathlib import Path

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold
from sklearn.utils._param_validation import Interval

from .._io import write_text_atomic
from ._candidates import Article, Candidate
from ._names import Attribution, lenient_match

RANKER_PATH = Path(__file__).with_name("ranker.json")
FORMAT = "stanceclf-speaker-ranker/1"


def _sigmoid(score: float) -> float:
    return 1.0 / (1.0 + math.exp(-score)) if score >= 0 else math.exp(score) / (1.0 + math.exp(score))


def _score(weights: dict[str, float], intercept: float, features: dict[str, float]) -> float:
    return intercept + sum(weights.get(name, 0.0) * value for name, value in features.items())


def _fit_linear(rows: list[dict[str, float]], labels: list[int], weights: list[float] | None, C: float):
    vectorizer = DictVectorizer()
    model = LogisticRegression(C=C, max_iter=5000)
    model.fit(vectorizer.fit_transform(rows), labels, sample_weight=weights)
    names = vectorizer.get_feature_names_out()
    coef = {str(name): float(w) for name, w in zip(names, model.coef_[0]) if w != 0.0}
    return coef, float(model.intercept_[0])


def _gold_speakers(gold: list[str | None]) -> list[str]:
    return [g for g in gold if g]


class SpeakerRanker(BaseEstimator):
    """Choose each sentence's speaker among the rules' candidates with two linear models.

    Parameters
    ----------
    C : float, default=0.1
        Inverse regularisation strength of the sentence model (``LogisticRegression(C=...)``).
    voice_C : float, default=1.0
        The same for the article-voice model.
    inner_folds : int, default=5
        Article folds for the out-of-fold voice probabilities the sentence model is trained on
        (so it learns how far a *predicted* voice can be trusted).
    min_confidence : float, default=0.0
        The abstention threshold stored with the model: :func:`stanceclf.analyze` leaves
        sentences whose attribution has a lower ``confidence`` out of the actor table by default.

    Attributes
    ----------
    coef_ : dict
        Sentence-model weight per feature name; ``intercept_`` its intercept.
    voice_coef_ : dict
        Voice-model weight per feature name; ``voice_intercept_`` its intercept.
    n_articles_, n_sentences_ : int
        What it was trained on.
    """

    _parameter_constraints: dict = {
        "C": [Interval(Real, 0, None, closed="neither")],
        "voice_C": [Interval(Real, 0, None, closed="neither")],
        "inner_folds": [Interval(Integral, 2, None, closed="left")],
        "min_confidence": [Interval(Real, 0, 1, closed="both")],
    }

    def __init__(self, C: float = 0.1, voice_C: float = 1.0, inner_folds: int = 5, min_confidence: float = 0.0):
        self.C = C
        self.voice_C = voice_C
        self.inner_folds = inner_folds
        self.min_confidence = min_confidence

    # -- training -------------------------------------------------------------------------------

    def fit(self, articles: list[Article], speakers: list[list[str | None]]) -> SpeakerRanker:
        """Fit on articles (see :func:`stanceclf.speakers.prepare_articles`) and their annotated speakers.

        ``speakers[k][i]`` is the annotated speaker of sentence ``i`` of article ``k``, or None (or
        ``""``) when the sentence takes no stance (it is then not trained on).
        """
        self._validate_params()
        if len(articles) != len(speakers):
            raise ValueError(f"articles has {len(articles)} items but speakers has {len(speakers)}")
        for k, (article, gold) in enumerate(zip(articles, speakers)):
            if len(gold) != article.n:
                raise ValueError(f"speakers[{k}] has {len(gold)} entries for {article.n} sentences")
        self.voice_coef_, self.voice_intercept_ = self._fit_voice(articles, speakers)
        # The sentence model sees voice probabilities from voice models that did not see the article.
        voices: list[dict[str, float]] = [{} for _ in articles]
        folds = KFold(min(self.inner_folds, len(articles)), shuffle=True, random_state=0)
        for train, held in folds.split(np.arange(len(articles))):
            coef, intercept = self._fit_voice([articles[k] for k in train], [speakers[k] for k in train])
            for k in held:
                voices[k] = _voice(articles[k], coef, intercept)
        rows, labels = [], []
        for article, gold, voice in zip(articles, speakers, voices):
            for i, candidates in enumerate(article.sentence_candidates(voice)):
                if gold[i]:
                    rows += [c.features for c in candidates]
                    labels += [int(lenient_match(c.canonical, gold[i])) for c in candidates]
        if len(set(labels)) < 2:
            raise ValueError("speakers: need sentences whose annotated speaker is among the candidates, and others")
        self.coef_, self.intercept_ = _fit_linear(rows, labels, None, self.C)
        self.n_articles_ = len(articles)
        self.n_sentences_ = sum(len(_gold_speakers(g)) for g in speakers)
        return self

    def _fit_voice(self, articles: list[Article], speakers: list[list[str | None]]) -> tuple[dict, float]:
        """Each actor's share of the article's annotated stance sentences, as a weighted logistic fit."""
        rows, labels, weights = [], [], []
        for article, gold in zip(articles, speakers):
            named = _gold_speakers(gold)
            if not named:
                continue
            for candidate in article.voice_candidates():
                share = sum(lenient_match(candidate.canonical, g) for g in named) / len(named)
                rows += [candidate.features, candidate.features]
                labels += [1, 0]
                weights += [share, 1.0 - share]
        return _fit_linear(rows, labels, weights, self.voice_C)

    # -- prediction -----------------------------------------------------------------------------

    def rank(self, article: Article) -> list[list[tuple[Candidate, float]]]:
        """Every sentence's candidates with their probabilities, best first."""
        voice = _voice(article, self.voice_coef_, self.voice_intercept_)
        out = []
        for candidates in article.sentence_candidates(voice):
            scored = [(c, _sigmoid(_score(self.coef_, self.intercept_, c.features))) for c in candidates]
            scored.sort(key=lambda pair: -pair[1])
            out.append(scored)
        return out

    def attribute(self, article: Article) -> list[Attribution]:
        """The best candidate of each sentence, with its probability as ``confidence``."""
        out = []
        for scored in self.rank(article):
            best, p = scored[0]
            a = best.attribution
            out.append(Attribution(a.speaker, a.canonical, a.speaker_type, a.rule, a.affiliation, round(p, 4)))
        return out

    # -- persistence ----------------------------------------------------------------------------

    def to_dict(self) -> dict:
        """The fitted model as plain data (feature names and weights), for :meth:`save`."""
        return {
            "format": FORMAT,
            "params": self.get_params(),
            "sentence": {"intercept": self.intercept_, "coef": dict(sorted(self.coef_.items()))},
            "voice": {"intercept": self.voice_intercept_, "coef": dict(sorted(self.voice_coef_.items()))},
            "n_articles": self.n_articles_,
            "n_sentences": self.n_sentences_,
        }

    @classmethod
    def from_dict(cls, data: dict, where: str = "<dict>") -> SpeakerRanker:
        found = data.get("format") if isinstance(data, dict) else data
        if found != FORMAT:
            raise ValueError(f"{where}: format: expected {FORMAT!r}, got {found!r}")
        try:
            ranker = cls(**data["params"])
            ranker.intercept_ = float(data["sentence"]["intercept"])
            ranker.coef_ = {str(k): float(v) for k, v in data["sentence"]["coef"].items()}
            ranker.voice_intercept_ = float(data["voice"]["intercept"])
            ranker.voice_coef_ = {str(k): float(v) for k, v in data["voice"]["coef"].items()}
            ranker.n_articles_ = int(data["n_articles"])
            ranker.n_sentences_ = int(data["n_sentences"])
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise ValueError(f"{where}: malformed ranker file ({error!r})") from None
        return ranker

    def save(self, path: str | os.PathLike, *, extra: dict | None = None, overwrite: bool = False) -> None:
        """Write the model as JSON (atomically); ``extra`` adds provenance fields (command, hashes)."""
        data = {**self.to_dict(), **(extra or {})}
        write_text_atomic(Path(path), json.dumps(data, indent=1, ensure_ascii=False) + "\n", overwrite=overwrite)

    @classmethod
    def load(cls, path: str | os.PathLike) -> SpeakerRanker:
        """Read a model written by :meth:`save`."""
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            raise ValueError(f"{path}: line {error.lineno}: not JSON ({error.msg})") from None
        return cls.from_dict(data, str(path))


def _voice(article: Article, coef: dict[str, float], intercept: float) -> dict[str, float]:
    """Each actor's probability of being the article's voice."""
    return {c.canonical.lower(): _sigmoid(_score(coef, intercept, c.features)) for c in article.voice_candidates()}


@lru_cache(maxsize=1)
def load_ranker() -> SpeakerRanker:
    """The shipped ranker (``stanceclf/speakers/ranker.json``), read once."""
    return SpeakerRanker.load(RANKER_PATH)
