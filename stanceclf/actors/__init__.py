"""From articles to an actor table: who stands where, toward which ban, and on which sentences.

:func:`analyze` splits an article into sentences, attributes each to a speaker
(:mod:`stanceclf.speakers`), guesses its target (:func:`guess_target`) and classifies its stance
with a model; it then counts, per actor and target, the FAVOR/AGAINST/NONE sentences. The *net
position* is ``(favor - against) / (favor + against)`` in [-1, 1] (``None`` without a stance
sentence); its 95% interval is the Jeffreys interval of the favor share ``p = favor / (favor +
against)`` (quantiles of Beta(favor + 1/2, against + 1/2)), mapped to ``2p - 1``. Every row keeps
the ids of its sentences, so each figure can be traced back to the text. A sentence whose speaker
was chosen with a probability below ``min_speaker_confidence`` (by default the threshold shipped
with :class:`stanceclf.speakers.SpeakerRanker`) stays in the sentence table but is left out of the
actor table; ``Analysis.n_abstained`` counts them and the report says so.

:func:`analyze_folder` does the same over many articles and adds per-article or per-date rows to
follow a debate over time. :func:`export` writes CSV/JSONL tables, a GraphML actor-target network
and markdown and HTML reports.

Modules: :mod:`.targets` (target keyword rules), :mod:`.table` (rows, intervals, aggregation),
:mod:`.pipeline` (reading articles, analysing them), :mod:`.exports` (files and reports).
"""

from .exports import EXPORT_FILES, actors_csv, export, graphml, markdown_report, sentences_csv
from .pipeline import analyze, analyze_folder, read_article
from .table import ActorRow, Analysis, SentenceRow, actor_table, net_position
from .targets import DEFAULT_TARGET, TARGET_KEYWORDS, guess_target

__all__ = [
    "DEFAULT_TARGET",
    "EXPORT_FILES",
    "TARGET_KEYWORDS",
    "ActorRow",
    "Analysis",
    "SentenceRow",
    "actor_table",
    "actors_csv",
    "analyze",
    "analyze_folder",
    "export",
    "graphml",
    "guess_target",
    "markdown_report",
    "net_position",
    "read_article",
    "sentences_csv",
]
