"""Candidate speakers of each sentence, proposed by the rules, with the features a ranker scores them by.

The ordered rules (:mod:`._document`) give one attribution per sentence; this module widens that to
a short list of candidates per sentence, each naming the sources that proposed it:

- ``rule``: the rules' own attribution (its rule name is kept as a feature: ``rule=quote-verb-name``);
- ``author``: the writer's voice, always a candidate;
- ``previous-speaker``: the previous sentence's (non-author) attribution;
- ``last-speaker`` / ``next-speaker``: the nearest explicit attribution before / after the sentence
  (explicit: not ``author``, ``carry-over`` nor ``quote-continuation``);
- ``last-quoted``: the speaker of the last quotation before the sentence;
- ``paragraph-speaker``: the first explicit speaker of the sentence's paragraph;
- ``main-speaker`` / ``main-quoted`` / ``first-speaker``: the article's most attributed, most
  quoted and first named actor;
- ``headline-name``: an actor the headline names;
- ``named-in-sentence``: an actor of the article (or a person's or a known body's name) written in
  the sentence;
- ``most-named``: the two actors the article names most often (attributed or not);
- ``sentence-subject``: the noun phrase before the sentence's first finite verb, whatever the verb.

Candidates with the same name are merged (their sources are united). Features describe the
candidate (its sources, how often and how near the article attributes it, whether the sentence
names it), the sentence (headline, quotes, first person, place in its paragraph) and the article
(share of sentences the rules leave to the writer, of first-person sentences); sentence and article
features are conjoined with the candidate's kind (``author``, the rules' choice, another), so one
linear model can weigh them. Everything is computed in one pass per document (plus a sort).
"""

from __future__ import annotations

import itertools
import math
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from ._actors import TITLE_ABBREVIATIONS
from ._names import Attribution, Document, Mention, cap_runs, guess_type, looks_like_person, word_tokens
from ._patterns import is_heading
from ._phrases import parse_np
from ._vocabulary import PRONOUNS, Q

# Rules that only guess from context (never an explicit attribution).
_WEAK = ("author", "carry-over", "quote-continuation", "first-person")
_QUOTE_RULES = ("quote-verb-name", "quote-name-verb", "quote-dash-name", "name-colon-quote", "quote-opening")
# Order in which a merged candidate's sources name it (after the rules' own rule).
SOURCES = (
    "rule",
    "named-in-sentence",
    "sentence-subject",
    "last-quoted",
    "previous-speaker",
    "last-speaker",
    "next-speaker",
    "paragraph-speaker",
    "headline-name",
    "main-speaker",
    "main-quoted",
    "first-speaker",
    "article-voice",
    "most-named",
    "author",
)
_FIRST_PERSON = re.compile(r"\b(?:I|we|We|our|Our|my|My|us)\b")
_AUXILIARY = (
    r"(?:also|now|still|has|have|had|is|are|was|were|will|would|can|could|should|must|may|might|does|do|did|not)"
)
# The noun phrase before the first finite verb: an auxiliary (then any word) or a verb in -s/-ed.
_SUBJECT = re.compile(
    rf"^(?:[^,;:\"]{{0,40}},\s+)?(?P<np>[^,;:\"]{{2,80}}?)\s+(?:{_AUXILIARY}\s+)*"
    rf"(?:{_AUXILIARY}|\w+(?<!s)s|\w+ed|said|told|sent|made|took|gave|found|won|lost|led|began)\b"
)


@dataclass
class Candidate:
    """One candidate speaker of a sentence.

    Attributes
    ----------
    attribution : Attribution
        The speaker as the rules would give it (``rule`` is the naming source).
    sources : list of str
        The sources that proposed it, in :data:`SOURCES` order.
    features : dict
        Feature name -> value, for the ranker.
    """

    attribution: Attribution
    sources: list[str]
    features: dict[str, float] = field(default_factory=dict)

    @property
    def canonical(self) -> str:
        return self.attribution.canonical


_PRONOUN_START = re.compile(r"^\W*(?:he|she|they|it|we|i)\b", re.I)
_AUTHOR = Attribution("author", "author", "author", "author")
# Sentence context conjoined with the voice probability: the article's voice speaks in its headline,
# in first person, in quotes left unattributed, and wherever the rules found no one else.
_VOICE_CONTEXT = (
    "heading",
    "first_person",
    "starts_pronoun",
    "starts_quote",
    "inside_quote",
    "rule_author",
    "rule_weak",
)


def _bucket(distance: int | None) -> str:
    if distance is None:
        return "none"
    return str(distance) if distance <= 2 else ("3-5" if distance <= 5 else "6+")


def _outside_quotes(text: str) -> str:
    return re.sub(rf"{Q}[^{Q}]*(?:{Q}|$)", " ", text)


def _as(a: Attribution, rule: str) -> Attribution:
    return Attribution(a.speaker, a.canonical, a.speaker_type, rule, a.affiliation)


class Article:
    """One document's rule attributions and the counts the candidates' features need (one pass)."""

    def __init__(self, normalised: list[str], rules: list[Attribution], breaks: list[bool], doc: Document):
        self.normalised, self.rules, self.doc = normalised, rules, doc
        n = self.n = len(normalised)
        self.paragraph = list(itertools.accumulate(int(i == 0 or breaks[i]) for i in range(n)))
        self.first_of_paragraph: dict[int, int] = {}
        for i, p in enumerate(self.paragraph):
            self.first_of_paragraph.setdefault(p, i)
        self.explicit = [a.rule not in _WEAK and a.canonical != "author" for a in rules]
        self.positions: dict[str, list[int]] = {}  # sentences explicitly attributed to each actor
        self.quoted: dict[str, int] = {}
        self.first: dict[str, Attribution] = {}  # each actor as first attributed (else first named)
        for i, a in enumerate(rules):
            if self.explicit[i]:
                key = a.canonical.lower()
                self.positions.setdefault(key, []).append(i)
                self.first.setdefault(key, a)
                if a.rule in _QUOTE_RULES:
                    self.quoted[key] = self.quoted.get(key, 0) + 1
        self.counts = {k: len(v) for k, v in self.positions.items()}
        self.total_explicit = sum(self.counts.values())
        positions, counts, quoted = self.positions, self.counts, self.quoted
        self.main = max(counts, key=lambda k: (counts[k], -positions[k][0])) if counts else None
        self.main_quoted = max(quoted, key=lambda k: (quoted[k], -positions[k][0])) if quoted else None
        self.first_named = min(positions, key=lambda k: positions[k][0]) if positions else None

        # Every actor the article names (a person, an acronym, a body of a known type), counted: the
        # voice of a press release or of a speech is often named only in its headline or first lines.
        parsed: dict[str, Attribution | None] = {}
        self.mentions: list[list[str]] = []  # per sentence, actors named outside quotes first
        self.outside: list[set[str]] = []
        self.mentioned: dict[str, int] = {}
        for text in normalised:
            here = []
            outside = _outside_quotes(text)
            runs = cap_runs(outside)
            for run in runs + [r for r in cap_runs(text) if r not in outside]:
                if run not in parsed:
                    parsed[run] = _name_of(run, doc)
                attribution = parsed[run]
                if attribution is not None:
                    key = attribution.canonical.lower()
                    self.first.setdefault(key, attribution)
                    here.append(key)
                    self.mentioned[key] = self.mentioned.get(key, 0) + 1
            self.mentions.append(here)
            self.outside.append({parsed[r].canonical.lower() for r in runs if parsed[r] is not None})
        # How often each actor is the first one a sentence names outside quotes (its subject, mostly).
        self.leads: dict[str, int] = {}
        for keys, outside in zip(self.mentions, self.outside):
            if keys and keys[0] in outside:
                self.leads[keys[0]] = self.leads.get(keys[0], 0) + 1
        ranked = sorted(self.mentioned, key=lambda k: -self.mentioned[k])
        self.top_mentioned = ranked[:2]
        self.rank = {key: r for r, key in enumerate(ranked)}
        self.named_at: dict[str, list[int]] = {}
        for i, keys in enumerate(self.mentions):
            for key in dict.fromkeys(keys):
                self.named_at.setdefault(key, []).append(i)
        tokens = {k: word_tokens(a.canonical) for k, a in self.first.items()}
        self.headline: list[str] = []
        if n and is_heading(normalised[0]):
            headline = word_tokens(normalised[0])
            self.headline = [k for k in self.first if tokens[k] & headline]
        self.paragraph_first: dict[int, str] = {}
        for i, a in enumerate(rules):
            if self.explicit[i]:
                self.paragraph_first.setdefault(self.paragraph[i], a.canonical.lower())
        # Article-level context: how much the rules leave to the writer, how often the text says "I"/"we".
        self.first_person = [bool(_FIRST_PERSON.search(_outside_quotes(t))) for t in normalised]
        self.context = {
            "art:author_share": sum(a.canonical == "author" for a in rules) / n if n else 0.0,
            "art:first_person_share": sum(self.first_person) / n if n else 0.0,
            "art:explicit_share": sum(self.explicit) / n if n else 0.0,
            "art:n_actors": math.log1p(len(counts)),
        }

    def _resolve(self, attribution: Attribution) -> Attribution | None:
        """A candidate's name as the article's person: None for a bare pronoun (``I`` in a quote), and a
        title (``Minister``, ``South Wales Police and Crime Commissioner``) is the one person the
        article names with it (``Minister Ana Roy``)."""
        canonical = attribution.canonical
        if canonical.lower() in PRONOUNS:
            return None
        if canonical == "author" or looks_like_person(canonical):
            return attribution
        for word in canonical.lower().split():
            person = self.doc.titled.get(TITLE_ABBREVIATIONS.get(word, word))
            if person is not None:
                a = attribution
                return Attribution(a.speaker, person, guess_type(person, canonical), a.rule, a.affiliation or canonical)
        return attribution

    def voice_candidates(self) -> list[Candidate]:
        """Every actor of the article and the writer, as candidates for the article's main voice."""
        out = []
        for key, attribution in [*self.first.items(), ("author", _AUTHOR)]:
            is_author = key == "author"
            features = {"v:author": float(is_author)}
            if is_author:
                features.update({f"v:author&{name}": value for name, value in self.context.items()})
            else:
                features.update(self._actor_features(attribution, "v:"))
                first_at = min(self.named_at.get(key, [self.n]) + self.positions.get(key, [self.n]))
                features["v:first_at=" + _bucket(first_at)] = 1.0
                features["v:first_paragraph"] = float(first_at < self.n and self.paragraph[first_at] == 0)
                features["v:log_leads"] = math.log1p(self.leads.get(key, 0))
                features["v:leads_headline"] = float(bool(self.mentions and self.mentions[0][:1] == [key]))
            out.append(Candidate(_as(attribution, "article-voice"), ["article-voice"], features))
        return out

    def _actor_features(self, attribution: Attribution, prefix: str = "") -> dict[str, float]:
        """What the whole article says of one actor: how often it is attributed, quoted and named."""
        key = attribution.canonical.lower()
        count = self.counts.get(key, 0)
        features = {
            f"{prefix}log_count": math.log1p(count),
            f"{prefix}share": count / self.total_explicit if self.total_explicit else 0.0,
            f"{prefix}is_main": float(key == self.main),
            f"{prefix}log_quoted": math.log1p(self.quoted.get(key, 0)),
            f"{prefix}log_named": math.log1p(self.mentioned.get(key, 0)),
            f"{prefix}named_rank=" + str(min(self.rank[key], 3) if key in self.rank else "none"): 1.0,
            f"{prefix}type=" + attribution.speaker_type: 1.0,
            f"{prefix}person": float(looks_like_person(attribution.canonical)),
            f"{prefix}in_headline": float(key in self.headline),
        }
        return features

    def sentence_candidates(self, voice: dict[str, float]) -> list[list[Candidate]]:
        """Candidates (with features) for each sentence, given each actor's probability of being the
        article's voice (``voice``, from the voice model); see the module docstring."""
        rules, n = self.rules, self.n
        top_voice = max(voice, key=voice.get) if voice else None
        out: list[list[Candidate]] = []
        quote_open = False
        last_quote: Attribution | None = None
        for i, text in enumerate(self.normalised):
            found: dict[str, Candidate] = {}

            def add(attribution: Attribution, source: str, found: dict[str, Candidate] = found) -> None:
                resolved = self._resolve(attribution)
                if resolved is not None:
                    _add(found, resolved, source)

            def named(key: str | None, source: str, found: dict[str, Candidate] = found) -> None:
                if key is not None:
                    add(_AUTHOR if key == "author" else self.first[key], source)

            add(rules[i], "rule")
            if i > 0 and rules[i - 1].canonical != "author":
                add(rules[i - 1], "previous-speaker")
            before = next((j for j in range(i - 1, max(-1, i - 12), -1) if self.explicit[j]), None)
            if before is not None:
                add(rules[before], "last-speaker")
            after = next((j for j in range(i + 1, min(n, i + 6)) if self.explicit[j]), None)
            if after is not None:
                add(rules[after], "next-speaker")
            if last_quote is not None:
                add(last_quote, "last-quoted")
            named(self.paragraph_first.get(self.paragraph[i]), "paragraph-speaker")
            named(self.main, "main-speaker")
            named(self.main_quoted, "main-quoted")
            named(self.first_named, "first-speaker")
            named(top_voice, "article-voice")
            for key in self.headline:
                named(key, "headline-name")
            for key in self.mentions[i]:
                named(key, "named-in-sentence")
            for key in self.top_mentioned:
                named(key, "most-named")
            subject = _SUBJECT.match(_outside_quotes(text).strip())
            subject_of = _holder(parse_np(subject["np"], self.doc), self.doc) if subject else None
            if subject_of is not None:
                add(subject_of, "sentence-subject")
            add(_AUTHOR, "author")

            quotes = text.count(Q)
            context = {
                "heading": float(is_heading(text)),
                "first": float(i == 0),
                "paragraph_start": float(i == 0 or self.paragraph[i] != self.paragraph[i - 1]),
                "paragraph_pos": float(min(i - self.first_of_paragraph[self.paragraph[i]], 4)),
                "starts_quote": float(text.lstrip().startswith(Q)),
                "has_quote": float(quotes > 0),
                "inside_quote": float(quote_open),
                "first_person": float(self.first_person[i]),
                "starts_pronoun": float(bool(_PRONOUN_START.match(text))),
                "rule_author": float(rules[i].canonical == "author"),
                "rule_weak": float(rules[i].rule in _WEAK),
                "n_candidates": math.log1p(len(found)),
                **self.context,
            }
            for candidate in found.values():
                candidate.sources.sort(key=SOURCES.index)
                candidate.features = self._sentence_features(candidate, i, context, voice)
            out.append(list(found.values()))
            if self.explicit[i] and (quotes or rules[i].rule in _QUOTE_RULES):
                last_quote = rules[i]
            quote_open = (quote_open + quotes) % 2 == 1
        return out

    def _sentence_features(
        self, candidate: Candidate, i: int, context: dict[str, float], voice: dict[str, float]
    ) -> dict[str, float]:
        key = candidate.canonical.lower()
        rule = self.rules[i]
        is_author = key == "author"
        kind = "author" if is_author else ("rule" if "rule" in candidate.sources else "other")
        features: dict[str, float] = {f"kind={kind}": 1.0}
        for source in candidate.sources:
            features[f"src={source}"] = 1.0
        if "rule" in candidate.sources:
            features[f"rule={rule.rule}"] = 1.0
        elif kind == "other":
            features[f"other_vs_rule={rule.rule}"] = 1.0  # how far the rules' choice is trusted
        features[f"n_sources_{kind}"] = float(len(candidate.sources))
        for name, value in context.items():
            features[f"{kind}&{name}"] = value
        p = voice.get(key, 0.0)
        features["voice_p"] = p
        for name in _VOICE_CONTEXT:
            features[f"voice_p&{name}"] = p * context[name]
        if not is_author:
            features.update(self._actor_features(candidate.attribution))
            _near(features, "said", self.positions.get(key, []), i, self.paragraph)
            _near(features, "named", self.named_at.get(key, []), i, self.paragraph)
            if key in self.mentions[i]:
                # the first actor named outside quotes is most often the clause's subject
                features["named_first_here"] = float(self.mentions[i][0] == key)
                tokens = word_tokens(candidate.canonical)
                words = [w.lower().strip(".,;:'’\"()") for w in _outside_quotes(self.normalised[i]).split()]
                at = next((k for k, w in enumerate(words) if w in tokens), None)
                features["named_at=" + ("none" if at is None else _bucket(at))] = 1.0
                features["named_outside_quotes"] = float(key in self.outside[i])
        return features


def _add(found: dict[str, Candidate], attribution: Attribution, source: str) -> None:
    """Add a candidate proposed by ``source``, or add the source to the same-named candidate."""
    key = attribution.canonical.lower()
    if not key:
        return
    candidate = found.get(key)
    if candidate is None:
        found[key] = Candidate(_as(attribution, attribution.rule if source == "rule" else source), [source])
    elif source not in candidate.sources:
        candidate.sources.append(source)


def _name_of(run: str, doc: Document) -> Attribution | None:
    """The actor a capitalised run names, or None: only a person, an acronym or a body of a known type."""
    if len(run) < 2 or not (looks_like_person(run) or run.isupper() or guess_type(run) != "other"):
        return None
    return _holder(parse_np(run, doc), doc)


def _holder(mention: Mention | None, doc: Document) -> Attribution | None:
    """A mention as a candidate, or None when it names no holder: a pronoun, a lower-case phrase, or
    one capitalised word the article capitalises only at a sentence start ("Technology has …")."""
    if mention is None or mention.is_reference or not mention.canonical[:1].isupper():
        return None
    canonical = mention.canonical
    if " " not in canonical and not canonical.isupper() and canonical not in doc.names_inside:
        return None
    return Attribution(mention.surface, canonical, guess_type(canonical, mention.affiliation), "", mention.affiliation)


def _near(features: dict[str, float], prefix: str, places: list[int], i: int, paragraph: list[int]) -> None:
    """Distance (bucketed) from sentence ``i`` to the nearest of ``places`` before and after it."""
    at = bisect_left(places, i)
    previous = places[at - 1] if at > 0 else None
    following_at = bisect_right(places, i)
    following = places[following_at] if following_at < len(places) else None
    features[f"{prefix}_before=" + _bucket(None if previous is None else i - previous)] = 1.0
    features[f"{prefix}_after=" + _bucket(None if following is None else following - i)] = 1.0
    features[f"{prefix}_here"] = float(at < len(places) and places[at] == i)
    if previous is not None:
        features[f"{prefix}_before_same_paragraph"] = float(paragraph[previous] == paragraph[i])
    if following is not None:
        features[f"{prefix}_after_same_paragraph"] = float(paragraph[following] == paragraph[i])
