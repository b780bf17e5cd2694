"""Names: parsing and normalisation per document, the cross-document registry, speaker types, lenient matching.

:class:`Document` is the first pass over one document's sentences (abbreviations, full person
names, bodies and titled people named once, document and campaign bindings); its
:meth:`Document.canonical` gives one name per actor.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field

from ._actors import (
    ALIASES,
    HONORIFIC,
    PERSON_TITLES,
    TITLE_ABBREVIATIONS,
    TITLE_BEFORE_NAME,
    TYPE_WORDS,
    abbreviation_pairs,
)
from ._vocabulary import (
    BODY_HEADS,
    CAMPAIGN_NOUNS,
    DOCUMENT_NOUNS,
    GENERIC,
    LOWER_NAME_PARTICLES,
    WORD,
    normalise_quotes,
)


@dataclass(frozen=True)
class Attribution:
    """Who holds the stance of one sentence.

    Attributes
    ----------
    speaker : str
        The mention as written (``"Tudorache"``, ``"they"``), or ``"author"``.
    canonical : str
        One name per actor: the full name, the abbreviation or the alias-table name.
    speaker_type : str
        A guess among :data:`stanceclf.records.SPEAKER_TYPES`.
    rule : str
        The rule that fired (see the module docstring).
    affiliation : str
        An organisation named with the speaker ("of Renew", "EDPB chair …"), or ``""``.
    confidence : float or None
        The ranker's probability that this is the sentence's speaker (see
        :class:`stanceclf.speakers.SpeakerRanker`); None for the rules alone.
    """

    speaker: str
    canonical: str
    speaker_type: str
    rule: str
    affiliation: str = ""
    confidence: float | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class SpeakerRegistry:
    """Full person names seen so far, so a surname alone resolves across documents too."""

    full_names: dict[str, set[str]] = field(default_factory=dict)

    spellings: dict[str, str] = field(default_factory=dict)  # unaccented -> first spelling seen

    # "European Data Protection Board (EDPB)" in one article: the full name, lower-case, -> "EDPB"
    # in every article (an acronym is kept as the canonical name, as within one article).
    abbreviations: dict[str, str] = field(default_factory=dict)
    written: dict[str, str] = field(default_factory=dict)  # lower-case full name -> as first written

    def variants(self, canonical: str) -> list[str]:
        """The full names seen for an acronym (``"EDPB"`` -> ``["European Data Protection Board"]``)."""
        return sorted(self.written.get(k, k) for k, short in self.abbreviations.items() if short == canonical)

    def add(self, full_name: str) -> None:
        parts = full_name.split()
        if len(parts) >= 2 and not HONORIFIC.match(full_name):  # "Mr Philp" is no full name
            # "Dragos Tudorache" and "Dragoș Tudorache" are one person: keep the first spelling.
            full_name = self.spellings.setdefault(_unaccent(full_name), full_name)
            self.full_names.setdefault(_unaccent(parts[-1]), set()).add(full_name)

    def spelling(self, name: str) -> str:
        """The first spelling seen of a full name written with or without diacritics."""
        return self.spellings.get(_unaccent(name), name)

    def learn(self, sentences: list[str]) -> None:
        """Register the full person names of a document without attributing it (a first pass)."""
        Document([normalise_quotes(s) for s in sentences], self)

    def resolve(self, surname: str) -> str | None:
        names = self.full_names.get(_unaccent(surname), set())
        return next(iter(names)) if len(names) == 1 else None  # ambiguous surnames stay as written


def _unaccent(text: str) -> str:
    """Lower case without diacritics or typographic apostrophes: a key for spelling variants."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _is_cap(word: str) -> bool:
    return bool(word) and word[0].isupper()


def alias_of(phrase: str) -> str | None:
    key = re.sub(r"\s+", " ", phrase.strip().lower().replace("’", "'"))
    key = re.sub(r"^the\s+", "", key) if key not in ALIASES else key
    return ALIASES.get(key) or ALIASES.get("the " + key)


def cap_runs(text: str) -> list[str]:
    """Maximal runs of capitalised words (allowing 'of', 'and', 'de'... inside): candidate names."""
    runs, current = [], []
    for word in re.findall(r"[\w’'&.\-]+|[,;:()\"—–]", text):  # punctuation ends a run
        if _is_cap(word) or (current and word.lower() in LOWER_NAME_PARTICLES | {"of"}):
            current.append(word)
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    cleaned = []
    for run in runs:
        while run and not _is_cap(run[-1]):
            run = run[:-1]
        if run:
            cleaned.append(" ".join(run).strip(".'"))
    return cleaned


# Function words capitalised at the start of a sentence, never the first word of a person's name.
CAPITALISED_FUNCTION_WORDS = {
    "for",
    "in",
    "as",
    "according",
    "on",
    "at",
    "with",
    "by",
    "from",
    "after",
    "before",
    "during",
    "under",
    "since",
    "despite",
    "unlike",
    "like",
    "when",
    "while",
    "if",
    "although",
    "but",
    "and",
    "the",
    "this",
    "that",
    "however",
    "meanwhile",
    "yet",
    "so",
}


_INITIAL = re.compile(r"^[A-Z]\.$")


def looks_like_person(name: str) -> bool:
    """Two or three capitalised words, none an organisation word: 'Dragoș Tudorache'."""
    words = name.split()
    if not 2 <= len(words) <= 4 or alias_of(name):
        return False
    if words[0].lower() in CAPITALISED_FUNCTION_WORDS:  # "For Doe, …", "As Doe put it": a sentence start
        return False
    org_words = {w for _, ws in TYPE_WORDS for w in ws} | {
        "european",
        "eu",
        "union",
        "group",
        "ai",
        "act",
        "uk",
        "national",
        "committee",
        "city",
        "agency",
        "office",
        "department",
        "authority",
        "house",
    }
    return all(
        w[0].isupper() and w.lower() not in org_words | PERSON_TITLES and not w.isupper()
        for k, w in enumerate(words)
        # (a middle initial is part of a name: "James P. O'Neill")
        if w.lower() not in LOWER_NAME_PARTICLES and not (0 < k < len(words) - 1 and _INITIAL.match(w))
    )


def guess_type(name: str, affiliation: str = "") -> str:
    """Speaker type from words of the name, then of the affiliation; ``politician`` for a person."""
    for text in (name, affiliation):
        text = alias_of(text) or text  # "European Digital Rights" -> EDRi
        words = {w.lower().strip(".,'") for w in WORD.findall(text)}
        for label, vocabulary in TYPE_WORDS:
            if words & vocabulary:
                return label
    if looks_like_person(name):
        return "politician"
    return "other"


@dataclass
class Mention:
    surface: str
    canonical: str
    affiliation: str
    is_reference: bool  # a pronoun or a generic "the group": resolve to the last speaker
    is_person: bool


class Document:
    """Per-document name normalisation, built in a first pass over all sentences."""

    def __init__(self, sentences: list[str], registry: SpeakerRegistry):
        self.registry = registry
        # "Full Name (ACRONYM)" written in an earlier article holds here too, unless this one says otherwise.
        self.abbreviations: dict[str, str] = dict(registry.abbreviations)
        # Words capitalised inside a sentence somewhere in the document: names, whereas a capital
        # only at a sentence start may be any word ("Facial recognition threatens privacy").
        self.names_inside: set[str] = {
            word.strip(".,;:'\"()") for sentence in sentences for word in sentence.split()[1:] if _is_cap(word)
        }
        for sentence in sentences:
            # "Members of the European Parliament (MEPs)": the abbreviation is the canonical name.
            for long, short in abbreviation_pairs(sentence):
                if abbreviates(short, long):
                    key = re.sub(r"^the\s+", "", long.strip(), flags=re.I).lower()
                    self.abbreviations[key] = short
                    registry.abbreviations.setdefault(key, short)
                    registry.written.setdefault(key, re.sub(r"^the\s+", "", long.strip(), flags=re.I))
            for run in cap_runs(sentence):
                for part in re.split(r"\s+(?:and|of)\s+", run):
                    words = part.split()
                    # "European Data Protection Supervisor (EDPS) Wojciech Wiewiórowski", "Svenja Hahn (FDP)"
                    for candidate in (
                        part,
                        *(" ".join(words[:k]) for k in (3, 2)),
                        *(" ".join(words[-k:]) for k in (3, 2)),
                    ):
                        if looks_like_person(candidate):
                            registry.add(candidate)
                            break
        # Group nouns bound to a named body for the whole document (one campaign, one proposal per
        # article is the norm in news): "The coalition, which includes Reclaim Your Face, ...",
        # "a framework proposed by the European Commission".
        self.bindings: dict[str, str] = {}
        for sentence in sentences:
            for _noun, org in re.findall(
                r"\b(coalition|campaign|alliance|network|petition), (?:which|that) (?:includes|is led by|comprises|"
                r"was launched by) (?:the )?([A-Z][^,;.]+?)(?:,|;|\.| and |$)",
                sentence,
                flags=re.I,
            ):
                for family_noun in CAMPAIGN_NOUNS:
                    self.bindings.setdefault(family_noun, self.canonical(org))
            sponsors = find_sponsors(sentence)
            if sponsors:
                for family_noun in DOCUMENT_NOUNS:
                    self.bindings.setdefault(family_noun, sponsors)
            for org in re.findall(
                r"\b(?i:proposed|published|drafted|presented|tabled|put forward|unveiled|introduced|sponsored|filed) "
                r"by (?:the )?((?:(?:Sen|Rep|Del|Gov|Dr|Mr|Mrs|Ms|Prof)\.\s+)?[A-Z][\w’' ]+?)(?:\s*\(|[,.;]|$)",
                sentence,
            ):
                # "introduced by Sen. Jo Park would ...": the capitalised name, without the title.
                org = (cap_runs(org) or [org])[0]
                org = (strip_person_title(org) or (org, ""))[0]
                for family_noun in DOCUMENT_NOUNS:
                    self.bindings.setdefault(family_noun, self.canonical(org))
        # Most frequent named (non-person) speaker per type, filled after a first attribution pass:
        # "EU data regulators" in an article quoting the EDPB and EDPS means them.
        self.leaders: dict[str, str] = {}
        # Bodies named in full, by their head noun ("House of Lords' Justice and Home Affairs
        # Committee" for "committee"), kept when the article names only one body of that kind.
        names: dict[str, set[str]] = {}
        for sentence in sentences:
            for run in cap_runs(sentence):
                words = re.sub(r"^The\s+", "", run).split()
                if len(words) > 1 and words[-1].lower() in BODY_HEADS and not looks_like_person(run):
                    names.setdefault(words[-1].lower(), set()).add(self.canonical(" ".join(words)))
        # People named with a title ("Judge Mary Cole", "Interior minister Ana Roy"), so that "the
        # judge", "the minister" can refer back to them when the article names only one.
        titled: dict[str, set[str]] = {}
        for sentence in sentences:
            for match in TITLE_BEFORE_NAME.finditer(sentence):
                if looks_like_person(match["name"]):
                    title = TITLE_ABBREVIATIONS.get(match["title"].lower(), match["title"].lower())
                    titled.setdefault(title, set()).add(self.canonical(match["name"]))
        self.titled = {title: next(iter(people)) for title, people in titled.items() if len(people) == 1}
        self.bodies: dict[str, str] = {}
        for noun, found in names.items():
            longest = max(found, key=len)
            if all(name.lower() in longest.lower() for name in found):  # variants of one name
                self.bodies[noun] = longest

    def canonical(self, name: str) -> str:
        name = re.sub(r"\s+", " ", name).strip(" .,'\"")
        # Possessives inside an institution's name: "House of Lords' Justice Committee" -> "House of
        # Lords Justice Committee", "UK's Court of Appeal" -> "UK Court of Appeal".
        name = re.sub(r"(?<=s)' (?=[A-Z])", " ", name)
        name = re.sub(r"^([A-Z]{2,})'s (?=[A-Z])", r"\1 ", name)
        key = re.sub(r"^the\s+", "", name, flags=re.I).lower().replace("’", "'")
        if key in self.abbreviations:
            return self.abbreviations[key]
        alias = alias_of(name)
        if alias:
            return alias
        if " and " in name:  # joint speakers: normalise each ("EDPB and EDPS")
            return " and ".join(self.canonical(p) for p in name.split(" and "))
        surname = HONORIFIC.sub("", name)
        if len(surname.split()) == 1 and surname[:1].isupper() and not surname.isupper():
            full = self.registry.resolve(surname)
            if full:
                return full
        return self.registry.spelling(name)


_SPONSORED = re.compile(
    r"\b(?i:introduced|sponsored|co-sponsored|filed) by (?P<agents>[^;]+?)(?:,\s+(?=(?:the|a|an|this)\s)|\.\s*$|;|$)"
)


def find_sponsors(sentence: str) -> str | None:
    """``"bill sponsors"`` when a bill is introduced by several named people, else None.

    "Introduced by Senators Jo Park, D-Ore., and Al Kim, D-Mass., the Act would ...": lawmakers who
    jointly introduce a bill hold its stance as a group (a described group, ANNOTATION.md §3).
    """
    match = _SPONSORED.search(sentence)
    if not match:
        return None
    people = {
        name
        for run in cap_runs(match["agents"])
        for part in run.split(" and ")
        for name in [(strip_person_title(part) or (part, ""))[0]]
        if looks_like_person(name)
    }
    return "bill sponsors" if len(people) >= 2 else None


def abbreviates(short: str, long: str) -> bool:
    """Whether the capitals of ``short`` are initials of ``long``, in order: MEPs, EDPB, EDRi (not FDP of a name)."""
    capitals = [c for c in short if c.isupper()]
    initials = iter(w[0] for w in long.split() if w[:1].isupper())
    return len(capitals) >= 2 and all(c in initials for c in capitals)


def strip_person_title(run: str) -> tuple[str, str] | None:
    """``"Boston Police Commissioner William Gross"`` -> ``("William Gross", "Boston Police")``.

    A capitalised run that ends with a person's name after a title word (or after an
    organisation's possessive, ``"Fianna Fáil's Barry Andrews"``): the name, and what came before
    the title as the affiliation. None when the run has no title or does not end in a name.
    """
    owner = re.match(r"^(?P<org>.+?)'s (?P<name>\S+(?: \S+){1,2})$", run)
    if owner and looks_like_person(owner["name"]):
        return owner["name"], owner["org"]
    words = run.split()
    title_at = [i for i, w in enumerate(words) if w.lower() in PERSON_TITLES]
    if not title_at:
        return None
    name = " ".join(words[title_at[-1] + 1 :])
    if not looks_like_person(name):
        return None
    org = " ".join(w for w in words[: title_at[0]] if w.lower() not in PERSON_TITLES)
    return name, org


def word_tokens(name: str) -> set[str]:
    name = alias_of(name) or name
    return {w.lower().strip(".'’") for w in WORD.findall(name)} - GENERIC


def lenient_match(predicted: str, gold: str) -> bool:
    """Surname or organisation token overlap, case-insensitive, after the alias table.

    ``"author"`` matches only ``"author"``; generic words (EU, European, of, and...) do not count.
    """
    if "author" in (predicted.lower(), gold.lower()):
        return predicted.lower() == gold.lower()
    return bool(word_tokens(predicted) & word_tokens(gold))
