"""Discourse features: reported speech, the sentence's neighbours, a learned lexicon, the attributed actor.

:class:`DiscourseFeatures` is a scikit-learn transformer over records (as
:func:`stanceclf.records.as_records` gives them) that :class:`~stanceclf.classifier.StanceClassifier`
appends to its n-gram features. Each block has its own weight; a weight of 0 turns it off. All
columns are named, so :meth:`StanceClassifier.explain` shows them like any n-gram:

* ``cue:`` **reported-speech cues** (``cue_weight``): the class of the reporting verb (``concern``:
  warn, fear, reject…; ``support``: welcome, praise…; ``demand``: call for, insist…; ``say``),
  whether it stands in the frame or inside a quote, and whether the sentence names a ban;
  contrastive negation across a clause ("not a ban but rules", "rather than a ban"), exceptions,
  modal and conditional markers.
* ``frame:`` **the frame around a quote** (``frame_weight``): word n-grams of the text outside
  quotation marks, so the reporter's words ("police say", "critics warn") weigh apart from the
  speaker's.
* ``prev:`` and ``para:`` **context** (``previous_weight``, ``paragraph_weight``): word n-grams of the
  previous sentence and of the rest of the paragraph, from the records' ``previous`` and
  ``paragraph`` fields (:func:`with_context` fills them from an article).
* ``lex:`` **a stance lexicon** (``lexicon_weight``): per class, the mean smoothed log-odds of the
  sentence's words, learned from the training labels in ``fit``. Training rows get scores from a
  lexicon fitted on the other folds (contiguous folds keep an article's sentences together), so
  the linear model does not over-trust a lexicon that has seen their labels.
* ``actor:`` **the attributed actor** (``actor_weight``): the speaker type and name that the rules
  of :mod:`stanceclf.speakers` attribute (records' ``actor`` and ``actor_type`` fields), never the
  annotation.

A record without a context field gets zeros in that block.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from numbers import Integral, Real
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.model_selection import KFold
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import check_is_fitted

from .corpus import article_text
from .records import CONTEXT_FIELDS
from .sentences import split_sentences
from .speakers import attribute_speakers, find_paragraph_starts

__all__ = [
    "CONTEXT_FIELDS",
    "WEIGHTS",
    "DiscourseFeatures",
    "add_context",
    "needs_context",
    "reported_speech_cues",
    "split_quotes",
    "with_context",
]

# The weights of the blocks, in column order; 0 turns a block off (StanceClassifier shares them).
WEIGHTS = ("cue_weight", "frame_weight", "previous_weight", "paragraph_weight", "lexicon_weight", "actor_weight")

_QUOTES = str.maketrans({c: '"' for c in "“”„‟«»❝❞＂"})
_QUOTED = re.compile(r'"[^"]*"?')


def _stems(*words: str) -> str:
    return r"\b(?:" + "|".join(words) + r")\b"


# Reporting verbs by what they do to the reported content (ANNOTATION.md's reporting-verb rules):
# a concern verb puts its subject against what follows, a support verb for it, a demand verb for
# the demanded measure; "say" is neutral.
REPORTING_VERBS: dict[str, re.Pattern] = {
    "concern": re.compile(
        _stems(
            r"warn\w*",
            r"fear\w*",
            r"worr(?:y|ies|ied)",
            r"concern(?:ed|s)?",
            r"criticis\w*",
            r"criticiz\w*",
            r"condemn\w*",
            r"slam\w*",
            r"denounc\w*",
            r"caution\w*",
            r"object(?:s|ed)?",
            r"oppos\w*",
            r"reject\w*",
            r"dismiss\w*",
            r"question(?:s|ed)",
            r"challeng\w*",
            r"attack\w*",
            r"lament\w*",
            r"decr(?:y|ies|ied)",
        ),
        re.I,
    ),
    "support": re.compile(
        _stems(
            r"welcom\w*",
            r"prais\w*",
            r"applaud\w*",
            r"hail\w*",
            r"back(?:s|ed|ing)",
            r"support\w*",
            r"endors\w*",
            r"celebrat\w*",
            r"defend\w*",
            r"champion\w*",
        ),
        re.I,
    ),
    "demand": re.compile(
        _stems(
            r"call(?:s|ed|ing)? for",
            r"urg\w*",
            r"demand\w*",
            r"insist\w*",
            r"push(?:es|ed|ing)? for",
            r"want(?:s|ed)?",
            r"ask(?:s|ed)? for",
            r"seek\w*",
            r"press(?:es|ed|ing)? for",
            r"propos\w*",
        ),
        re.I,
    ),
    "say": re.compile(
        _stems(
            r"sa(?:y|ys|id)",
            r"t(?:ell|ells|old)",
            r"add(?:s|ed)",
            r"not(?:e|es|ed)",
            r"explain\w*",
            r"stat(?:e|es|ed)",
            r"announc\w*",
            r"argu\w*",
            r"claim\w*",
            r"according to",
        ),
        re.I,
    ),
}
_BAN = re.compile(_stems(r"ban\w*", r"prohibit\w*", r"moratori\w*", r"outlaw\w*", r"forbid\w*"), re.I)
_CONTRAST = {
    # "not a ban but rules", "regulation, not a ban": negation across a clause.
    "not_but": re.compile(r"\bnot\b[^.;]{0,60}\bbut\b|,\s*not\s+(?:a|an|the)?\s*\w+", re.I),
    "rather_than": re.compile(r"\b(?:rather than|instead of|short of|in place of|as opposed to)\b", re.I),
    "without": re.compile(r"\bwithout (?:a |an |any )?(?:outright |total |blanket )?ban", re.I),
    "against_ban": re.compile(r"\b(?:against|oppos\w+|reject\w*)\b[^.;]{0,30}\bban", re.I),
}
_MARKERS = {
    "exception": re.compile(_stems(r"except\w*", r"exempt\w*", r"loophole\w*", r"carve[- ]outs?", r"unless"), re.I),
    "modal_hedge": re.compile(_stems("would", "could", "might", "may"), re.I),
    "modal_must": re.compile(_stems("should", "must", "need to", "needs to", "have to", "has to"), re.I),
    "conditional": re.compile(_stems("if", "unless", "provided", "as long as", "only when"), re.I),
    "negation": re.compile(_stems("not", "no", "never", r"\w+n't", "nor"), re.I),
    "question": re.compile(r"\?"),
}


def split_quotes(text: str) -> tuple[str, str]:
    """``(frame, quoted)``: the text outside quotation marks and the text inside them.

    Curly and angle quotes count as ``"``; a quote left open runs to the end of the sentence.

    Examples
    --------
    >>> split_quotes('Critics warn: "A ban would fail."')
    ('Critics warn: ', 'A ban would fail.')
    """
    normalised = text.translate(_QUOTES)
    quoted = " ".join(m.group(0).strip('"') for m in _QUOTED.finditer(normalised))
    return _QUOTED.sub(" ", normalised).strip() + (" " if normalised.rstrip().endswith(":") else ""), quoted.strip()


def reported_speech_cues(text: str) -> dict[str, float]:
    """The ``cue:`` features of one sentence (names without the prefix), each 1.0 when present.

    Examples
    --------
    >>> sorted(reported_speech_cues("France fears that a ban would undermine public safety."))
    ['ban', 'concern', 'concern&ban', 'frame:concern', 'frame:concern&ban', 'modal_hedge']
    """
    frame, quoted = split_quotes(text)
    ban = bool(_BAN.search(text))
    cues: dict[str, float] = {}
    if ban:
        cues["ban"] = 1.0
        cues["ban_in_quote" if _BAN.search(quoted) else "ban_in_frame"] = 1.0 if quoted else 0.0
    if quoted:
        cues["quote"] = 1.0
        if not frame.strip(" .,:;-–—"):
            cues["all_quoted"] = 1.0
    for verb, pattern in REPORTING_VERBS.items():
        for where, span in (("frame", frame), ("quote", quoted)):
            if span and pattern.search(span):
                cues[verb] = 1.0
                cues[f"{where}:{verb}"] = 1.0
                if ban:
                    cues[f"{verb}&ban"] = 1.0
                    cues[f"{where}:{verb}&ban"] = 1.0
    for name, pattern in {**_CONTRAST, **_MARKERS}.items():
        if pattern.search(text):
            cues[name] = 1.0
            if ban and name in _CONTRAST:
                cues[f"{name}&ban"] = 1.0
    return {k: v for k, v in cues.items() if v}


def with_context(
    sentences: Sequence[str], paragraph_starts: Sequence[bool] | None = None, attributions: Sequence[Any] | None = None
) -> list[dict]:
    """Records of one article's sentences with their context fields filled in.

    Parameters
    ----------
    sentences : list of str
        The article's sentences in reading order.
    paragraph_starts : list of bool, optional
        True where a sentence opens a paragraph (:func:`stanceclf.speakers.find_paragraph_starts`);
        without it the whole article is one paragraph.
    attributions : list of Attribution, optional
        One per sentence (:func:`stanceclf.speakers.attribute_speakers`); fills ``actor`` and
        ``actor_type`` (``author`` sentences get the actor ``author``).

    Returns
    -------
    list of dict
        ``text``, ``previous`` (the previous sentence, ``""`` for the first), ``paragraph`` (the other
        sentences of its paragraph), and ``actor``/``actor_type`` when ``attributions`` is given.
    """
    n = len(sentences)
    for name, values in (("paragraph_starts", paragraph_starts), ("attributions", attributions)):
        if values is not None and len(values) != n:
            raise ValueError(f"{name} has {len(values)} entries for {n} sentences")
    starts = list(paragraph_starts) if paragraph_starts is not None else [i == 0 for i in range(n)]
    paragraph_of = np.cumsum([bool(s) or i == 0 for i, s in enumerate(starts)])
    records = []
    for i, sentence in enumerate(sentences):
        same = [sentences[j] for j in range(n) if paragraph_of[j] == paragraph_of[i] and j != i]
        record = {"text": sentence, "previous": sentences[i - 1] if i else "", "paragraph": " ".join(same)}
        if attributions is not None:
            record["actor"] = attributions[i].canonical
            record["actor_type"] = attributions[i].speaker_type
        records.append(record)
    return records


def article_context(text: str) -> list[dict]:
    """:func:`with_context` records of an article's text: sentences, paragraphs and attributed actors.

    The sentences are those of :func:`stanceclf.split_sentences`, paragraphs are separated by line
    breaks, and actors come from :func:`stanceclf.speakers.attribute_speakers`.
    """
    sentences = split_sentences(text)
    starts = find_paragraph_starts(text, sentences)
    return with_context(sentences, starts, attribute_speakers(sentences, paragraph_starts=starts))


def add_context(records: Sequence[dict], articles_dir: Any = None) -> list[dict]:
    """Corpus records with their context fields, from the articles they come from.

    Each record needs ``doc`` (an article of the shipped corpus, see
    :func:`stanceclf.corpus.article_text`) and ``text``; it is matched to the article's sentences
    in reading order. Records that already carry every context field are returned as they are.

    Raises
    ------
    ValueError
        When a record's text is not a sentence of its article (naming the record's position).
    """
    contexts: dict[str, list[dict]] = {}
    cursor: dict[str, int] = {}
    out = []
    for i, record in enumerate(records):
        if all(record.get(name) is not None for name in CONTEXT_FIELDS):
            out.append(dict(record))
            continue
        doc = record.get("doc")
        if not doc:
            raise ValueError(f"item {i}: needs a 'doc' field to look up its article's context")
        if doc not in contexts:
            contexts[doc], cursor[doc] = article_context(article_text(doc, articles_dir)), 0
        sentences = [c["text"] for c in contexts[doc]]
        # sentences of one article come in reading order; search from the last match, then from the start
        at = next(
            (j for j in [*range(cursor[doc], len(sentences)), *range(cursor[doc])] if sentences[j] == record["text"]),
            None,
        )
        if at is None:
            raise ValueError(f"item {i}: text is not a sentence of article {doc!r}")
        cursor[doc] = at + 1
        context = {k: v for k, v in contexts[doc][at].items() if k != "text"}
        out.append({**record, **context})
    return out


# The StanceClassifier parameters whose blocks read context fields.
CONTEXT_WEIGHTS = ("previous_weight", "paragraph_weight", "actor_weight")


def needs_context(config: dict[str, Any]) -> bool:
    """Whether a StanceClassifier configuration uses a block that reads context fields."""
    return any(config.get(name, 0) > 0 for name in CONTEXT_WEIGHTS)


def _word_vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)


class DiscourseFeatures(TransformerMixin, BaseEstimator):
    """Named, weighted feature blocks beyond the sentence's own n-grams (see the module docstring).

    Parameters
    ----------
    cue_weight : float, default=1.0
        Scale of the reported-speech cue indicators (``cue:``).
    frame_weight : float, default=0.0
        Scale of the word n-grams outside quotation marks (``frame:``).
    previous_weight : float, default=0.0
        Scale of the previous sentence's word n-grams (``prev:``).
    paragraph_weight : float, default=0.0
        Scale of the paragraph's other sentences' word n-grams (``para:``).
    lexicon_weight : float, default=0.0
        Scale of the learned lexicon scores (``lex:``); needs ``y`` in ``fit``.
    lexicon_folds : int, default=5
        Contiguous folds for the training rows' out-of-fold lexicon scores.
    actor_weight : float, default=0.0
        Scale of the attributed actor's type and name indicators (``actor:``).

    Attributes
    ----------
    blocks_ : list of str
        The blocks in column order.
    n_features_out_ : int
    """

    _parameter_constraints: dict = {
        **{name: [Interval(Real, 0, None, closed="left")] for name in WEIGHTS},
        "lexicon_folds": [Interval(Integral, 2, None, closed="left")],
    }

    def __init__(
        self,
        cue_weight: float = 1.0,
        frame_weight: float = 0.0,
        previous_weight: float = 0.0,
        paragraph_weight: float = 0.0,
        lexicon_weight: float = 0.0,
        lexicon_folds: int = 5,
        actor_weight: float = 0.0,
    ):
        self.cue_weight = cue_weight
        self.frame_weight = frame_weight
        self.previous_weight = previous_weight
        self.paragraph_weight = paragraph_weight
        self.lexicon_weight = lexicon_weight
        self.lexicon_folds = lexicon_folds
        self.actor_weight = actor_weight

    @property
    def active(self) -> bool:
        """Whether any block is on (a transformer with every weight 0 adds no column)."""
        return any(getattr(self, name) > 0 for name in WEIGHTS)

    def fit(self, X: list[dict], y: Any = None) -> DiscourseFeatures:
        self.fit_transform(X, y)
        return self

    @_fit_context(prefer_skip_nested_validation=True)
    def fit_transform(self, X: list[dict], y: Any = None) -> sp.csr_matrix:
        self.blocks_ = [name[: -len("_weight")] for name in WEIGHTS if getattr(self, name) > 0]
        if "lexicon" in self.blocks_ and y is None:
            raise ValueError("lexicon_weight > 0 needs the stance labels y in fit")
        self.vectorizers_: dict[str, Any] = {}
        parts = []
        for block in self.blocks_:
            if block == "lexicon":
                parts.append(self._fit_lexicon(X, np.asarray(list(y))))
                continue
            self.vectorizers_[block] = DictVectorizer() if block in ("cue", "actor") else _word_vectorizer()
            parts.append(self.vectorizers_[block].fit_transform(self._inputs(block, X)))
        self.n_features_out_ = sum(p.shape[1] for p in parts)
        return self._scaled(parts, X)

    def transform(self, X: list[dict]) -> sp.csr_matrix:
        check_is_fitted(self, "blocks_")
        parts = []
        for block in self.blocks_:
            if block == "lexicon":
                parts.append(sp.csr_matrix(self._lexicon_scores(self.lexicon_, X)))
            else:
                parts.append(self.vectorizers_[block].transform(self._inputs(block, X)))
        return self._scaled(parts, X)

    def _scaled(self, parts: list[sp.spmatrix], X: list[dict]) -> sp.csr_matrix:
        if not parts:
            return sp.csr_matrix((len(X), 0))
        weights = [getattr(self, f"{block}_weight") for block in self.blocks_]
        return sp.hstack([w * p for w, p in zip(weights, parts)], format="csr")

    @staticmethod
    def _inputs(block: str, X: list[dict]) -> list:
        if block == "cue":
            return [reported_speech_cues(r["text"]) for r in X]
        if block == "frame":
            return [split_quotes(r["text"])[0] for r in X]
        if block == "actor":
            return [
                {f"type={r['actor_type']}": 1.0, f"name={r['actor'].lower()}": 1.0} if r.get("actor") else {} for r in X
            ]
        return [r.get(block) or "" for r in X]  # previous, paragraph

    # The lexicon: per class, smoothed log-odds of each word against the other classes.
    def _learn_lexicon(self, texts: list[str], y: np.ndarray) -> tuple[CountVectorizer, np.ndarray, np.ndarray]:
        try:
            counter = CountVectorizer(binary=True, min_df=2)
            counts = counter.fit_transform(texts)
        except ValueError:  # so few texts that no word occurs twice: keep every word
            counter = CountVectorizer(binary=True, min_df=1)
            counts = counter.fit_transform(texts)
        classes = np.unique(y)
        table = np.vstack([np.asarray(counts[y == c].sum(axis=0)).ravel() for c in classes]) + 1.0
        share = table / table.sum(axis=1, keepdims=True)
        rest = (table.sum(axis=0) - table) / (table.sum() - table.sum(axis=1, keepdims=True))
        return counter, classes, np.log(share / rest).T  # (n_words, n_classes)

    @staticmethod
    def _lexicon_scores(lexicon: tuple, X: list[dict]) -> np.ndarray:
        counter, _, log_odds = lexicon
        counts = counter.transform([r["text"] for r in X])
        n_words = np.maximum(np.asarray(counts.sum(axis=1)), 1.0)
        return np.asarray(counts @ log_odds) / n_words

    def _fit_lexicon(self, X: list[dict], y: np.ndarray) -> sp.csr_matrix:
        texts = [r["text"] for r in X]
        self.lexicon_ = self._learn_lexicon(texts, y)
        scores = np.zeros((len(X), len(self.lexicon_[1])))
        folds = KFold(min(self.lexicon_folds, len(X)))  # contiguous: an article's sentences stay together
        for train, held in folds.split(texts):
            fold_lexicon = self._learn_lexicon([texts[i] for i in train], y[train])
            fold_scores = self._lexicon_scores(fold_lexicon, [X[i] for i in held])
            # a fold may lack a class: its column stays 0
            for j, c in enumerate(fold_lexicon[1]):
                scores[held, list(self.lexicon_[1]).index(c)] = fold_scores[:, j]
        return sp.csr_matrix(scores)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Names ``cue:``, ``frame:``, ``prev:``, ``para:`` (n-grams), ``lex:<class>`` and ``actor:``."""
        check_is_fitted(self, "blocks_")
        prefixes = {"cue": "cue", "frame": "frame", "previous": "prev", "paragraph": "para", "actor": "actor"}
        names: list[str] = []
        for block in self.blocks_:
            if block == "lexicon":
                names += [f"lex:{c}" for c in self.lexicon_[1]]
            else:
                names += [f"{prefixes[block]}:{n}" for n in self.vectorizers_[block].get_feature_names_out()]
        return np.asarray(names, dtype=object)
