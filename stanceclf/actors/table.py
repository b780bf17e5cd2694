"""The sentence and actor tables: their rows, net positions with intervals, and aggregation."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from scipy.stats import beta

from ..records import STANCES

__all__ = ["ActorRow", "Analysis", "SentenceRow", "actor_table", "is_confident", "net_position"]

_INTERVAL = 0.95


@dataclass
class SentenceRow:
    """One sentence with its speaker, target, stance and class probabilities."""

    id: str
    doc: str
    date: str | None
    text: str
    speaker: str
    speaker_type: str
    affiliation: str
    speaker_rule: str
    target: str
    target_rule: str
    stance: str
    proba: dict[str, float] = field(default_factory=dict)
    speaker_confidence: float | None = None  # the ranker's probability of the speaker (None: rules only)
    speaker_mention: str = ""  # the speaker as written where the attribution found it ("Tudorache", "she")


@dataclass
class ActorRow:
    """Counts and net position of one actor toward one target (optionally in one article or on one date)."""

    actor: str
    speaker_type: str
    target: str
    favor: int
    against: int
    none: int
    net: float | None
    net_low: float
    net_high: float
    sentence_ids: list[str]
    period: str | None = None  # the article id or date of a timeline row; None for the overall table
    variants: list[str] = field(default_factory=list)  # other names of the actor: "EDPB", "European Data ..."

    @property
    def n(self) -> int:
        return self.favor + self.against + self.none


def net_position(favor: int, against: int, level: float = _INTERVAL) -> tuple[float | None, float, float]:
    """Net position ``(favor - against) / (favor + against)`` and its Jeffreys interval.

    Examples
    --------
    >>> net, low, high = net_position(3, 1)
    >>> net, round(low, 3) < net < round(high, 3)
    (0.5, True)
    """
    net = (favor - against) / (favor + against) if favor + against else None
    tail = (1 - level) / 2
    low, high = beta.ppf([tail, 1 - tail], favor + 0.5, against + 0.5)
    return net, float(2 * low - 1), float(2 * high - 1)


def actor_table(
    sentences: Iterable[SentenceRow],
    *,
    period: str | None = None,
    aliases: dict[str, list[str]] | None = None,
) -> list[ActorRow]:
    """Aggregate sentences to one row per actor x target, most stance sentences first.

    ``aliases`` maps an actor to other full names known for it (``"EDPB"`` -> ``["European Data
    Protection Board"]``); with the names its sentences were found under, they form ``variants``.
    """
    groups: dict[tuple[str, str], list[SentenceRow]] = defaultdict(list)
    names: dict[str, set[str]] = defaultdict(set)
    for row in sentences:
        groups[row.speaker, row.target].append(row)
        mention = row.speaker_mention
        if mention[:1].isupper() and mention != row.speaker and mention.lower() not in ("i", "we"):
            names[row.speaker].add(mention)
    for actor, full_names in (aliases or {}).items():
        names[actor].update(name for name in full_names if name.lower() != actor.lower())
    rows = []
    for (actor, target), items in groups.items():
        counts = {s: sum(r.stance == s for r in items) for s in STANCES}
        net, low, high = net_position(counts["FAVOR"], counts["AGAINST"])
        kind = max({r.speaker_type for r in items}, key=lambda t: sum(r.speaker_type == t for r in items))
        rows.append(
            ActorRow(
                actor,
                kind,
                target,
                counts["FAVOR"],
                counts["AGAINST"],
                counts["NONE"],
                net,
                low,
                high,
                [r.id for r in items],
                period,
                sorted(names.get(actor, ())),
            )
        )
    rows.sort(key=lambda r: (-(r.favor + r.against), -r.n, r.actor, r.target))
    return rows


@dataclass
class Analysis:
    """Result of :func:`analyze` or :func:`analyze_folder`.

    Attributes
    ----------
    sentences : list of SentenceRow
    actors : list of ActorRow
        One row per actor x target over all the input.
    timeline : list of ActorRow
        The same per article or per date (``period``), in date order; empty for a single article.
    skipped : list of str
        Files of a folder that could not be read as plain-text articles, each with the reason.
    """

    sentences: list[SentenceRow]
    actors: list[ActorRow]
    timeline: list[ActorRow] = field(default_factory=list)
    min_speaker_confidence: float = 0.0
    n_abstained: int = 0  # sentences left out of actors/timeline: speaker confidence below the threshold
    skipped: list[str] = field(default_factory=list)  # files not analysed (not UTF-8 plain text)

    @property
    def attributed(self) -> list[SentenceRow]:
        """The sentences counted in the actor table (speaker confidence at or above the threshold)."""
        return [s for s in self.sentences if is_confident(s, self.min_speaker_confidence)]

    def actor(self, name: str, target: str | None = None) -> list[ActorRow]:
        """Rows of one actor (case-insensitive), optionally for one target."""
        return [r for r in self.actors if r.actor.lower() == name.lower() and target in (None, r.target)]



def is_confident(row: SentenceRow, threshold: float) -> bool:
    """Whether a sentence counts in the actor table: its speaker was chosen at ``threshold`` or above."""
    return row.speaker_confidence is None or row.speaker_confidence >= threshold
