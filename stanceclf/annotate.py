"""Active annotation: a new article split into sentences, the model's suggestions, least sure first."""

from __future__ import annotations

import numpy as np
from scipy.stats import entropy

from .classifier import StanceClassifier
from .persistence import load_model
from .sentences import split_sentences

__all__ = ["RANKINGS", "start_annotation"]

RANKINGS = ("position", "margin", "entropy")


def start_annotation(
    text: str,
    doc: str,
    model: StanceClassifier | None = None,
    *,
    rank: str = "position",
    target: str = "biometric_surveillance",
) -> list[dict]:
    """Annotation records for a new article, pre-filled with the model's suggestions.

    Parameters
    ----------
    text : str
        The article's plain text; split with :func:`stanceclf.split_sentences`, as the corpus is.
    doc : str
        Document id; records get ids ``<doc>-<n>`` by position in the article.
    model : StanceClassifier, optional
        Suggests the stance (default: the shipped model); it needs ``predict_proba``.
    rank : {"position", "margin", "entropy"}, default="position"
        Order of the records: article order, or most uncertain first (smallest margin between the
        two most probable classes, or highest entropy), so the most informative are labelled first.
    target : str
        Target assumed for the suggestion (the annotator sets the real one).

    Returns
    -------
    list of dict
        Corpus-format records with empty ``speaker``, ``speaker_type``, ``target``, ``stance`` and
        ``rationale`` for the annotator, plus ``suggested_stance``, ``suggested_proba`` and
        ``uncertainty``. They fail validation until the annotator fills the empty fields.
    """

    if rank not in RANKINGS:
        raise ValueError(f"rank must be one of {RANKINGS}, got {rank!r}")
    sentences = split_sentences(text)
    if not sentences:
        raise ValueError(f"document {doc!r} has no sentences")
    model = model or load_model()
    proba = model.predict_proba([{"text": t, "target": target} for t in sentences])
    ordered = np.sort(proba, axis=1)
    uncertainty = {
        "position": np.zeros(len(sentences)),
        "margin": 1 - (ordered[:, -1] - ordered[:, -2]),
        "entropy": entropy(proba, axis=1),
    }[rank]
    records = []
    for number, (sentence, row) in enumerate(zip(sentences, proba), start=1):
        best = int(np.argmax(row))
        records.append(
            {
                "id": f"{doc}-{number}",
                "doc": doc,
                "text": sentence,
                "speaker": "",
                "speaker_type": "",
                "target": "",
                "stance": "",
                "rationale": "",
                "suggested_stance": str(model.classes_[best]),
                "suggested_proba": {str(c): round(float(p), 4) for c, p in zip(model.classes_, row)},
                "uncertainty": round(float(uncertainty[number - 1]), 4),
            }
        )
    order = np.argsort(-uncertainty, kind="stable")
    return [records[i] for i in order]
