"""Speaker attribution: who holds the stance of each sentence of an article.

A small, ordered rule system over one document's sentences (see data/ANNOTATION.md, §3). No
tagger or parser is used (only regular expressions and a few word lists), so every attribution
names the rule that made it and can be checked by hand.

Per sentence, the first rule that fires wins (quotation marks are normalised to ``"`` first):

1. ``quote-verb-name``   ``"…," said Dragoș Tudorache of Renew.``
2. ``quote-name-verb``   ``"…," EDPB chair Andrea Jelinek said.`` / ``"…," she said.``
3. ``quote-dash-name``   ``AI Act: "…", Svenja Hahn`` (a name after a closing quote)
4. ``name-colon-quote``  ``Hahn warns: "…"``
5. ``dash-signature``    ``– Sarah Chander, Senior Policy Adviser, European Digital Rights``
6. ``according-to``      ``According to EDRi member Linus Neumann, …``
7. ``relative-clause``   ``…the EDPB, which last year called for…`` / ``X, who …, warned``
8. ``such-as``           ``some countries, such as France, fear…``
9. ``support-from``      ``Support from Renew, …`` / ``For Renew, support for the ban grew``
10. ``subject-verb``     the subject of a reporting or stance verb (say, warn, urge, call for, back,
    oppose, vote, want, told…) at the start of a clause: ``The EDPB and EDPS urged…``,
    ``On top of that, the EDPB argued…``; a main clause wins over a ``While X…`` clause.
11. ``trailing-verb``    ``…, a coalition of privacy advocates have claimed.``
12. ``subject-relative`` ``The coalition, which includes …, has made its demands official``
13. ``quote-continuation`` a sentence that is only a quote, or inside a quote left open, keeps the
    speaker of the last quote.
14. ``carry-over``       a sentence with no attribution right after one with a speaker keeps it
    (annotators follow the paragraph's holder, ANNOTATION.md §3); never for a heading.
15. ``author``           otherwise the writer's own voice; so is ``I``/``we`` outside a quote
    (``first-person``).

A subject or name is kept only if it looks like a holder: a capitalised name, an abbreviation, a
pronoun, or a lower-case group whose head noun is an actor word ("opponents of…", "lawmakers").
Pronouns (``he``, ``she``, ``they``) and generic group nouns (``the group``, ``the regulators``)
resolve to the last named speaker (``he``/``she`` to the last named person).

Names are normalised per document in a first pass (:class:`_Document`):

- a surname alone, or with an honorific (``Tudorache``, ``Mr Philp``), maps to the full name seen
  anywhere in the document, else in other documents (:class:`SpeakerRegistry`), if unambiguous;
- an abbreviation in parentheses whose capitals are the phrase's initials becomes the name
  (``Members of the European Parliament (MEPs)`` → ``MEPs``);
- ``the coalition``/``the petition``… bind to the organisation of ``the coalition, which includes X``,
  and ``the document``/``the proposal``… to the body of ``proposed by X``; ``the EC's proposal``
  speaks for the EC;
- a generic plural of a regulator or NGO type ("EU data regulators", "privacy advocates") maps to
  the most frequent named body of that type the article attributes (a second pass);
- :data:`ALIASES`, a small documented table of well-known EU actors and of capitals standing for
  their governments, gives the usual short name (``European People's Party`` → ``EPP``,
  ``Paris`` → ``France``, ``European capitals`` → ``EU governments``);
- one spelling per actor within a document (``FINE Gael MEPs`` in an all-caps lead).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from .sentences import split_sentences

__all__ = ["Attribution", "SpeakerRegistry", "attribute_speakers", "attribute_text", "lenient_match", "ALIASES"]

# Well-known EU actors: spelled-out or variant names -> the short canonical name of ANNOTATION.md §3.
# Keys are lower-case; matched on whole phrases after stripping determiners.
ALIASES: dict[str, str] = {
    "european data protection board": "EDPB",
    "european data protection supervisor": "EDPS",
    "european people's party": "EPP",
    "european digital rights": "EDRi",
    "renew europe": "Renew",
    "the liberals": "Renew",
    "members of the european parliament": "MEPs",
    "members of parliament": "MEPs",
    "members of european parliament": "MEPs",
    "european commission": "European Commission",
    "the commission": "European Commission",
    "commission": "European Commission",
    "ec": "European Commission",
    "european parliament": "European Parliament",
    "eu parliament": "European Parliament",
    "the parliament": "European Parliament",
    "council of the eu": "Council",
    "eu council": "Council",
    "socialists and democrats": "S&D",
    "information commissioner's office": "ICO",
    # A capital city standing for its government ("Paris wants all the tools possible").
    "paris": "France",
    "berlin": "Germany",
    "rome": "Italy",
    "madrid": "Spain",
    "warsaw": "Poland",
    "the hague": "Netherlands",
    "whitehall": "UK government",
    # Member states as a bloc (ANNOTATION.md §3 names them "EU governments").
    "eu governments": "EU governments",
    "european governments": "EU governments",
    "national governments": "EU governments",
    "european capitals": "EU governments",
    "eu capitals": "EU governments",
    "eu countries": "EU governments",
    "member states": "EU governments",
    "eu member states": "EU governments",
}

# Words that report speech or express a stance; their subject is the holder (ANNOTATION.md §5.2).
_VERBS = (
    r"say|says|said|warn|warns|warned|urge|urges|urged|argue|argues|argued|call(?:s|ed)? (?:for|on)|"
    r"stress|stresses|stressed|claim|claims|claimed|write|writes|wrote|add|adds|added|tell|tells|told|"
    r"insist|insists|insisted|want|wants|wanted|demand|demands|demanded|back|backs|backed|"
    r"support|supports|supported|oppose|opposes|opposed|reject|rejects|rejected|approve|approves|approved|"
    r"vote|votes|voted|push(?:es|ed)? for|pushing|fear|fears|feared|suggest|suggests|suggested|"
    r"declare|declares|declared|propose|proposes|proposed|express|expresses|expressed|welcome|welcomes|welcomed|"
    r"criticise[sd]?|criticize[sd]?|condemn|condemns|condemned|press|presses|pressed|believe|believes|believed|"
    r"indicate|indicates|indicated|cite|cites|cited|citing|calling|lining up|listed|list|lists|"
    r"announce|announces|announced|explain|explains|explained|note|notes|noted|would like|"
    r"raise[sd]? concerns?|work(?:s|ed|ing)? (?:hard )?to|restrict|restricts|restricted|"
    r"ask|asks|asked|adopt|adopts|adopted|ban|bans|banned|lift|lifts|lifted|allow|allows|allowed|"
    r"tr(?:y|ies|ied) to|launch(?:es|ed)?"
)
# Auxiliaries, negation and adverbs allowed between a subject and its verb.
_AUX = (
    r"(?:(?:does not|do not|did not|doesn't|don't|didn't|not|never|no longer|has|have|had|is|are|was|were|will|"
    r"would|could|should|also|now|officially|overwhelmingly|today|repeatedly|strongly|already|further|"
    r"last year|recently|been|be|then|both|all|[a-z]+ly|definitively|finally|unanimously|formally|"
    r"continues? to|continued to)\s+)*"
)
_Q = '"'  # every quotation mark is normalised to this before matching
_NP = r"(?P<np>[^,;:\"]{1,120}?)"
_PRONOUNS = {"he", "she", "they", "we", "i", "it"}
# Generic group nouns that refer back to the last named speaker when used with "the".
_GROUP_NOUNS = {
    "group", "coalition", "campaign", "organisation", "organization", "regulators", "watchdog", "watchdogs",
    "ngo", "alliance", "party", "lawmakers", "mps", "meps", "petition", "letter", "authors", "campaigners",
    "activists", "board", "body", "institution", "committee", "officials", "ministers", "members", "network",
}
# Head nouns that make a lower-case phrase a holder ("digital rights advocates say").
_ACTOR_HEADS = {
    "advocates", "opponents", "critics", "supporters", "campaigners", "activists", "groups", "lawmakers",
    "ministers", "governments", "countries", "capitals", "regulators", "watchdogs", "judges", "courts", "police",
    "officials", "experts", "mps", "meps", "members", "politicians", "unions", "companies", "vendors", "citizens",
    "residents", "diplomats", "coalition", "petition", "group", "campaign", "regulator", "government", "court",
    "parliament", "commission", "council", "ministry", "ngos", "organisations", "organizations", "scientists",
    "researchers", "academics", "people", "public", "majority",
}
_DETERMINERS = re.compile(
    r"^(?:(?:and|but|so|however|yet|meanwhile|now|today|yesterday|still|later|also|while|whereas|although|though|the|a|an|this|that|these|those|some|many|several|most|"
    r"over|about|nearly|almost|more than|at least|\d[\d,]*|a group of|group of)\s+)+",
    re.IGNORECASE,
)
_TITLE_WORDS = {
    "chair", "chairman", "chairwoman", "president", "member", "officer", "director", "head", "spokesperson",
    "spokesman", "spokeswoman", "minister", "commissioner", "activist", "campaigner", "researcher", "adviser",
    "advisor", "mep", "supervisor", "lawmaker", "leader", "mayor", "senator", "rapporteur", "executive", "chief",
    "campaigns", "policy", "senior", "vice", "deputy", "liberal", "conservative", "socialist", "green", "german",
    "french", "dutch", "italian", "spanish", "romanian", "polish", "swedish", "irish", "austrian", "belgian",
    "lead", "legal", "analyst", "cto", "mp", "dpo",
    "fellow", "professor", "secretary", "general", "founder", "ceo", "expert",
}
# Documents that carry the stance of whoever wrote them ("the EC's proposal calls for...").
_STANCE_DOCUMENTS = {"act", "law", "proposal", "draft", "opinion", "letter", "ruling", "statement", "position",
                     "resolution", "report", "plan", "strategy", "bill", "framework", "regulation", "decision"}
_CAMPAIGN_NOUNS = ("coalition", "campaign", "alliance", "network", "petition")
_DOCUMENT_NOUNS = ("document", "proposal", "draft", "framework", "text", "regulation", "bill", "report")
# Types whose generic plural ("regulators", "privacy advocates") usually stands for the named body
# of that type that the article quotes.
_LEADER_TYPES = ("regulator", "ngo_or_activist")
_PREPOSITION = re.compile(r"\s+(?:of|on|in|for|from|at|to|with|about|against)\s+", re.I)
# "Members of the European Parliament (MEPs)": a capitalised phrase and its abbreviation.
_ABBREVIATION = re.compile(r"((?:[A-Z][\w’'\-]*\s+(?:of\s+|the\s+|and\s+|for\s+)*){1,7})\((\w[\w&]{1,9})\)")
# "EDPB chair Andrea Jelinek": organisation, lower-case title words, then a capitalised name.
_TITLED_NAME = re.compile(
    r"^(?P<org>.*?)\s*\b(?P<title>(?:(?:[a-z\-]+|CEO|CTO|MEP|MP|DPO)\s+){1,3})(?P<name>[A-Z]\S+(?:\s+[A-Z]\S+)+)$"
)
# Honorifics dropped when resolving a surname: "Mr Philp" is "Chris Philp" when the article names him.
_HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dame|Lord|Lady|Baroness|Baron)\.?\s+(?=\S+$)")
_LOWER_NAME_PARTICLES = {"de", "van", "von", "der", "den", "la", "le", "di", "da", "du", "and", "&"}
_WORD = re.compile(r"[\w’'&.\-]+")

# Speaker-type guesses from words of the name or affiliation (order matters: first match wins).
_TYPE_WORDS: tuple[tuple[str, frozenset[str]], ...] = (
    ("author", frozenset({"author"})),
    ("regulator", frozenset({"edpb", "edps", "ico", "cnil", "regulator", "regulators", "watchdog", "watchdogs",
                             "garante", "protection", "dpa", "supervisor", "commissioner's"})),
    ("court_or_judiciary", frozenset({"court", "courts", "judge", "judges", "tribunal"})),
    ("police_or_security", frozenset({"police", "sheriff", "polizei", "gendarmerie", "met", "europol"})),
    ("party_group", frozenset({"renew", "epp", "greens", "s&d", "socialists", "liberals", "party", "ecr", "id"})),
    ("commission", frozenset({"commission"})),
    ("parliament", frozenset({"parliament"})),
    ("council_or_government", frozenset({"government", "governments", "council", "ministers", "ministry", "minister",
                                         "countries", "capitals", "france", "germany", "italy", "spain", "paris",
                                         "berlin", "state", "states", "presidency", "home office"})),
    ("ngo_or_activist", frozenset({"edri", "ngo", "ngos", "access", "privacy", "reclaim", "amnesty", "liberty",
                                   "watch", "coalition", "petition", "campaign", "campaigners", "activist",
                                   "activists", "advocates", "algorithmwatch", "statewatch", "epic", "aclu"})),
    ("company", frozenset({"company", "companies", "inc", "ltd", "corp", "vendor", "vendors", "industry",
                           "association",
                           "clearview", "facewatch", "microsoft", "amazon", "ibm"})),
    ("politician", frozenset({"meps", "mep", "lawmakers", "lawmaker", "politicians", "mayor", "senator", "mps"})),
    ("public", frozenset({"public", "citizens", "residents", "poll", "voters"})),
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
        A guess among :data:`stanceclf.data.SPEAKER_TYPES`.
    rule : str
        The rule that fired (see the module docstring).
    affiliation : str
        An organisation named with the speaker ("of Renew", "EDPB chair …"), or ``""``.
    """

    speaker: str
    canonical: str
    speaker_type: str
    rule: str
    affiliation: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class SpeakerRegistry:
    """Full person names seen so far, so a surname alone resolves across documents too."""

    full_names: dict[str, set[str]] = field(default_factory=dict)

    def add(self, full_name: str) -> None:
        parts = full_name.split()
        if len(parts) >= 2 and not _HONORIFIC.match(full_name):  # "Mr Philp" is no full name
            self.full_names.setdefault(parts[-1].lower(), set()).add(full_name)

    def learn(self, sentences: list[str]) -> None:
        """Register the full person names of a document without attributing it (a first pass)."""
        _Document([_normalise_quotes(s) for s in sentences], self)

    def resolve(self, surname: str) -> str | None:
        names = self.full_names.get(surname.lower(), set())
        return next(iter(names)) if len(names) == 1 else None  # ambiguous surnames stay as written


def _normalise_quotes(text: str) -> str:
    text = re.sub(r"[“”„«»]", _Q, text)
    # ‘…’ are quotes too, but ’ is also the apostrophe: keep apostrophes inside words.
    text = re.sub(r"(?<!\w)[‘’']|[‘’'](?!\w)", _Q, text)
    return text.replace("’", "'").replace("‘", "'")


def _is_cap(word: str) -> bool:
    return bool(word) and word[0].isupper()


def _alias(phrase: str) -> str | None:
    key = re.sub(r"\s+", " ", phrase.strip().lower().replace("’", "'"))
    key = re.sub(r"^the\s+", "", key) if key not in ALIASES else key
    return ALIASES.get(key) or ALIASES.get("the " + key)


def _cap_runs(text: str) -> list[str]:
    """Maximal runs of capitalised words (allowing 'of', 'and', 'de'... inside): candidate names."""
    runs, current = [], []
    for word in _WORD.findall(text):
        if _is_cap(word) or (current and word.lower() in _LOWER_NAME_PARTICLES | {"of"}):
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


def _looks_like_person(name: str) -> bool:
    """Two or three capitalised words, none an organisation word: 'Dragoș Tudorache'."""
    words = name.split()
    if not 2 <= len(words) <= 4 or _alias(name):
        return False
    org_words = {w for _, ws in _TYPE_WORDS for w in ws} | {"european", "eu", "union", "group", "ai", "act", "uk"}
    return all(w[0].isupper() and w.lower() not in org_words and not w.isupper() for w in words
               if w.lower() not in _LOWER_NAME_PARTICLES)


def guess_type(name: str, affiliation: str = "") -> str:
    """Speaker type from words of the name, then of the affiliation; ``politician`` for a person."""
    for text in (name, affiliation):
        text = _alias(text) or text  # "European Digital Rights" -> EDRi
        words = {w.lower().strip(".,'") for w in _WORD.findall(text)}
        for label, vocabulary in _TYPE_WORDS:
            if words & vocabulary:
                return label
    if _looks_like_person(name):
        return "politician"
    return "other"


@dataclass
class _Mention:
    surface: str
    canonical: str
    affiliation: str
    is_reference: bool  # a pronoun or a generic "the group": resolve to the last speaker
    is_person: bool


class _Document:
    """Per-document name normalisation, built in a first pass over all sentences."""

    def __init__(self, sentences: list[str], registry: SpeakerRegistry):
        self.registry = registry
        self.abbreviations: dict[str, str] = {}
        for sentence in sentences:
            # "Members of the European Parliament (MEPs)": the abbreviation is the canonical name.
            for long, short in _ABBREVIATION.findall(sentence):
                if _abbreviates(short, long):
                    self.abbreviations[re.sub(r"^the\s+", "", long.strip(), flags=re.I).lower()] = short
            for run in _cap_runs(sentence):
                for part in re.split(r"\s+(?:and|of)\s+", run):
                    words = part.split()
                    # "European Data Protection Supervisor (EDPS) Wojciech Wiewiórowski", "Svenja Hahn (FDP)"
                    for candidate in (part, *(" ".join(words[:k]) for k in (3, 2)),
                                      *(" ".join(words[-k:]) for k in (3, 2))):
                        if _looks_like_person(candidate):
                            registry.add(candidate)
                            break
        # Group nouns bound to a named body for the whole document (one campaign, one proposal per
        # article is the norm in news): "The coalition, which includes Reclaim Your Face, ...",
        # "a framework proposed by the European Commission".
        self.bindings: dict[str, str] = {}
        for sentence in sentences:
            for _noun, org in re.findall(
                r"\b(coalition|campaign|alliance|network|petition), (?:which|that) (?:includes|is led by|comprises|"
                r"was launched by) (?:the )?([A-Z][^,;.]+?)(?:,|;|\.| and |$)", sentence, flags=re.I):
                for family_noun in _CAMPAIGN_NOUNS:
                    self.bindings.setdefault(family_noun, self.canonical(org))
            for org in re.findall(r"\b(?:proposed|published|drafted|presented|tabled|put forward|unveiled) by "
                                  r"(?:the )?([A-Z][\w’' ]+?)(?:\s*\(|[,.;]|$)", sentence):
                for family_noun in _DOCUMENT_NOUNS:
                    self.bindings.setdefault(family_noun, self.canonical(org))
        # Most frequent named (non-person) speaker per type, filled after a first attribution pass:
        # "EU data regulators" in an article quoting the EDPB and EDPS means them.
        self.leaders: dict[str, str] = {}

    def canonical(self, name: str) -> str:
        name = re.sub(r"\s+", " ", name).strip(" .,'\"")
        key = re.sub(r"^the\s+", "", name, flags=re.I).lower().replace("’", "'")
        if key in self.abbreviations:
            return self.abbreviations[key]
        alias = _alias(name)
        if alias:
            return alias
        if " and " in name:  # joint speakers: normalise each ("EDPB and EDPS")
            return " and ".join(self.canonical(p) for p in name.split(" and "))
        surname = _HONORIFIC.sub("", name)
        if len(surname.split()) == 1 and surname[:1].isupper() and not surname.isupper():
            full = self.registry.resolve(surname)
            if full:
                return full
        return name


def _abbreviates(short: str, long: str) -> bool:
    """Whether the capitals of ``short`` are initials of ``long``, in order: MEPs, EDPB, EDRi (not FDP of a name)."""
    capitals = [c for c in short if c.isupper()]
    initials = iter(w[0] for w in long.split() if w[:1].isupper())
    return len(capitals) >= 2 and all(c in initials for c in capitals)


def _strip_np(np: str) -> str:
    np = np.strip(" \"'.,;:-–—•·*")
    np = re.sub(r"^(?:[A-Z][a-z]+ )?(?:last|this|next) (?:week|month|year|august|\w+day)\s*,?\s*", "", np, flags=re.I)
    return _DETERMINERS.sub("", np).strip(" \"'")


def _parse_np(np: str, doc: _Document) -> _Mention | None:
    """Turn the words before or after a reporting verb into a speaker, or None when they are no holder."""
    np = _strip_np(np)
    if _LEADING_PREPOSITION.match(np):  # "By a final vote ...": an adverbial, not a subject
        return None
    np = _DATE_WORDS.sub("", np).strip()
    if np.lower() in _QUANTIFIERS:  # "Some argued", "Others claim": unnamed holders
        return _Mention(np, np.lower(), "", False, False)
    if not np or (len(np) < 2 and np != "I") or len(np.split()) > 14 or np.lower() in _STOP_NPS or _FINITE.search(np):
        return None
    # "the UN's human rights chief": a role of an organisation, named as such.
    possessive = re.match(r"^(?P<org>[A-Z][\w.&-]*)'s (?P<role>[a-z][a-z \-]+)$", np)
    if possessive:
        name = f"{possessive['org']} {possessive['role']}"
        return _Mention(name, name, possessive["org"], False, False)
    affiliation = ""
    np = re.sub(r"\s*\([^)]*\s[^)]*\)", "", np)  # "(out of 705)": a parenthetical, not an abbreviation
    # "European Data Protection Supervisor (EDPS) Wojciech Wiewiórowski": the person, with the body.
    titled = re.match(r"^(?P<org>.*\((?P<abbr>\w[\w&]{1,9})\))\s+(?P<name>[A-Z]\S+(?:\s+[A-Z]\S+)+)$", np)
    if titled and _looks_like_person(titled["name"]):
        return _Mention(titled["name"], doc.canonical(titled["name"]), titled["abbr"], False, True)
    # "The EC's proposed Artificial Intelligence Act calls for...": a body's document speaks for it.
    owner = re.match(r"^(?P<org>[A-Z][\w.&-]*(?: [A-Z][\w.&-]*)*)'s? (?P<rest>.+)$", np)
    if owner and owner["rest"].split()[-1].lower() in _STANCE_DOCUMENTS:
        return _Mention(owner["org"], doc.canonical(owner["org"]), "", False, False)
    # "the draft AI law says": a document speaks for its author, when the article names one.
    last_word = np.split()[-1].lower()
    if last_word in _STANCE_DOCUMENTS and "(" not in np:
        bound = doc.bindings.get(last_word)
        return _Mention(np, bound, "", False, False) if bound else None
    # "Members of the European Parliament (MEPs)", "the EDPB (...) and the EDPS (...)": abbreviations win.
    abbreviations = re.findall(r"\((\w[\w&]{1,9})\)", np)
    if abbreviations and all(a[0].isupper() for a in abbreviations):
        name = " and ".join(abbreviations)
        return _Mention(np, name, affiliation, False, False)
    head = _PREPOSITION.split(np.lower())[0].split()  # the head noun ends this: "opponents" of ...
    if not _cap_runs(np[:1].lower() + np[1:]):  # a capital only at the start of a headline
        for noun in head:
            if noun in doc.bindings:
                return _Mention(np, doc.bindings[noun], affiliation, False, False)
    # Appositive: "Daniel Leufer, an activist for the NGO Access Now".
    before, _, appositive = np.partition(",")
    if appositive:
        np = before.strip()
        # The last comma-separated part naming something: "Senior Policy Adviser, European Digital Rights".
        runs = [run for part in appositive.split(",") for run in _cap_runs(part)[-1:]]
        affiliation = runs[-1] if runs else ""
    # "X of ORG" / "lawmakers in the European People's Party".
    match = re.match(r"^(?P<x>.+?)\s+(?:of|in|from|at|for)\s+(?:the\s+)?(?P<org>[A-Z].*)$", np)
    if match and not _alias(np) and np.lower() not in doc.abbreviations:
        head_words = match["x"].lower().split()
        affiliation = match["org"]
        if head_words and head_words[-1] in _ACTOR_HEADS | _GROUP_NOUNS and not _cap_runs(match["x"]):
            np = match["org"]  # "lawmakers in the EPP" holds the EPP's stance
        else:
            np = match["x"]
    lower = np.lower()
    words = lower.split()
    if lower in _PRONOUNS:
        return _Mention(np, "", affiliation, True, lower in ("he", "she"))
    if not _cap_runs(np) and words and words[-1] in _GROUP_NOUNS and len(words) <= 2:
        return _Mention(np, "", affiliation, True, False)  # "the group", "the regulators"
    runs = _cap_runs(np)
    if runs:
        # "EDPB chair Andrea Jelinek": a title between an organisation and a person's name.
        title = _TITLED_NAME.match(np)
        if title and {w.lower() for w in title["title"].split()} & _TITLE_WORDS:
            name = title["name"]
            if " and " in name or _looks_like_person(name):
                affiliation = affiliation or title["org"].strip()
                return _Mention(name, doc.canonical(name), affiliation, False, True)
        if len(runs) == 1 and runs[0] == np or _alias(np) or lower in doc.abbreviations:
            return _Mention(np, doc.canonical(np), affiliation, False, _looks_like_person(np))
        if " and " in np and all(_cap_runs(p) for p in np.split(" and ")):
            return _Mention(np, doc.canonical(np), affiliation, False, False)
        last = runs[-1]
        if head and head[-1] in _ACTOR_HEADS and not np.endswith(last):
            # "European Union data protection regulators", "EU governments": a described group.
            leader = doc.leaders.get(guess_type(np))
            return _Mention(np, leader or np, affiliation, False, False)
        return _Mention(last, doc.canonical(last), affiliation, False, _looks_like_person(last))
    if head and head[-1] in _ACTOR_HEADS:
        leader = doc.leaders.get(guess_type(np))
        if leader:
            return _Mention(np, leader, affiliation, False, False)
        return _Mention(np, lower, affiliation, False, False)  # "opponents of live face recognition"
    return None


_Q_ = _Q
# A finite verb or infinitive inside the subject means the match ran past the real subject.
_FINITE = re.compile(r"\b(?:has|have|had|is|are|was|were|will|would|can|could|should|may|might|must|do|does|did|to)\b",
                     re.I)
_LEADING_PREPOSITION = re.compile(
    r"^(?:by|in|on|at|with|for|from|after|before|during|to|under|of|into|through|despite|ahead|amid|amidst|"
    r"speaking|as|following|given|since|because|unlike|like|until|once)\b",
    re.I,
)
# Dates inside a subject ("The City Council on Thursday voted"): not part of the name.
_DATE_WORDS = re.compile(
    r"\s*\b(?:on|in|last|this|next|early|late|earlier|later)?\s*(?:Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December)\b(?:\s+\d+)?"
)
_QUANTIFIERS = {"some", "others", "many", "several", "most", "few", "both"}
_STOP_NPS = {"the", "this", "that", "it", "there", "which", "who", "what", "ai", "use", "eu"}
_PATTERNS: tuple[tuple[str, re.Pattern], ...] = (
    ("quote-verb-name", re.compile(rf"{_Q_}\s*,?\s*(?:{_VERBS})\s+(?P<np>[^.;\"]+)", re.I)),
    ("quote-name-verb", re.compile(rf"[,.!?…]\s*{_Q_}\s*,?\s*{_NP}\s+{_AUX}(?:{_VERBS})\b", re.I)),
    ("quote-dash-name", re.compile(rf"{_Q_}\s*[,–—-]\s*(?P<np>[A-Z][^,.;\"]{{2,60}})\s*$")),
    ("name-colon-quote", re.compile(rf"^(?P<np>[^:\"]{{2,60}}):\s*{_Q_}")),
    ("dash-signature", re.compile(r"^[–—-]\s*(?P<np>[A-Z][^;\"]{2,120})$")),
    ("according-to", re.compile(r"\baccording to (?P<np>[^;:\"]+?)(?:,|\.|$)", re.I)),
    ("relative-clause", re.compile(
        rf"(?P<np>[^,;:\"]{{2,120}}?),?\s+(?:which|who)\s+(?:[^,;\"]{{0,40}}?\s|[^;\"]{{0,80}}?,\s+)?{_AUX}(?:{_VERBS})\b",
        re.I)),
    ("such-as", re.compile(
        rf"\b(?:such as|including|like|notably)\s+(?P<np>[A-Z][^,;\"]{{1,40}}),\s+{_AUX}(?:{_VERBS})\b")),
    ("support-from", re.compile(r"^(?:support|backing|opposition) (?:from|by) (?P<np>[^,;:\"]+)|^For (?P<np2>[^,]+), ",
                                re.I)),
    ("trailing-verb", re.compile(rf",\s+{_NP}\s+{_AUX}(?:{_VERBS})\s*\.?\s*$", re.I)),
    # "The coalition, which includes X, Y and Z, has made its demands official": the subject.
    ("subject-relative", re.compile(
        r"^(?P<np>[^,;:\"]{2,60}), (?:which|who) [^;\"]+?, (?:has|have|had|is|are|was|were)\b")),
)


_SUBJECT_VERB = re.compile(rf"^{_NP}(?<!'s)\s+{_AUX}(?:{_VERBS})\b", re.I)  # "The EC's proposed Act calls"
_SUBORDINATE = re.compile(r"^(?:and |but )?(?:while|whereas|although|though|even as|even though|if)\b", re.I)


def _subject_verb(sentence: str, doc: _Document) -> _Mention | None:
    """The subject of a reporting verb at the start of a clause, after an optional lead-in.

    Clause starts are the sentence start and each comma in its first 160 characters; the first
    start whose subject parses as a holder wins, but a subordinate "While X ..." clause only when
    the main clause yields nothing ("While Germany has pushed..., EU governments have worked").
    """
    sentence = re.sub(r'^"[^"]*"\s*:\s*', "", sentence)  # a quoted headline kicker: "'Historic Moment': ..."
    starts = [0] + [m.end() for m in re.finditer(r"(?:,|\s[–—]|:)\s+", sentence[:160])]
    fallback = None
    for start in starts:
        match = _SUBJECT_VERB.match(sentence[start:])
        if not match:
            continue
        mention = _parse_np(match["np"], doc)
        if mention is None:
            continue
        if _SUBORDINATE.match(match["np"]):
            fallback = fallback or mention
            continue
        return mention
    return fallback


def _match(sentence: str, doc: _Document) -> tuple[str, _Mention] | None:
    for rule, pattern in _PATTERNS:
        if rule == "trailing-verb":  # subject-verb goes just before the trailing-verb rule
            mention = _subject_verb(sentence, doc)
            trailing = pattern.search(sentence)
            if mention and not (trailing and _parse_np(trailing["np"], doc)):
                return "subject-verb", mention
        for match in pattern.finditer(sentence):
            np = match.groupdict().get("np") or match.groupdict().get("np2") or ""
            if rule == "quote-verb-name":
                np = np.split(" in a ")[0].split(" to ")[0]
                if not (np.strip()[:1].isupper() or np.strip().lower() in _PRONOUNS):
                    continue  # '…,' calls for a ban: the verb's object, not a speaker
            elif rule == "name-colon-quote":  # "She added: ..." -> "She"
                np = re.sub(rf"\s+{_AUX}(?:{_VERBS})$", "", np.strip(), flags=re.I)
            elif rule == "relative-clause":
                # The antecedent of "who/which" is the last noun phrase: from its last determiner.
                tail = re.split(r"\b(?:the|a|an)\s+(?=\S)", np, flags=re.I)
                np = tail[-1] if tail[-1].strip() else np
            mention = _parse_np(np, doc)
            if mention:
                return rule, mention
    return None


def attribute_speakers(sentences: list[str], registry: SpeakerRegistry | None = None) -> list[Attribution]:
    """Attribute a speaker to each sentence of one document, in order.

    Parameters
    ----------
    sentences : list of str
        The document's sentences in reading order (e.g. from :func:`stanceclf.split_sentences`).
    registry : SpeakerRegistry, optional
        Full names seen in other documents, to resolve a surname that this document never spells
        out; updated with this document's names.

    Returns
    -------
    list of Attribution
        One per sentence.

    Examples
    --------
    >>> a = attribute_speakers(['"We will ban it," said Dragoș Tudorache of Renew.', 'He warned the police.'])
    >>> [(x.canonical, x.rule, x.affiliation) for x in a]
    [('Dragoș Tudorache', 'quote-verb-name', 'Renew'), ('Dragoș Tudorache', 'subject-verb', 'Renew')]
    """
    registry = registry if registry is not None else SpeakerRegistry()
    normalised = [_normalise_quotes(s) for s in sentences]
    doc = _Document(normalised, registry)
    first = _attribute(normalised, doc)
    counts: dict[tuple[str, str], int] = {}
    for a in first:
        if a.rule not in ("author", "carry-over", "quote-continuation") and a.canonical[:1].isupper():
            if not all(_looks_like_person(part) for part in a.canonical.split(" and ")):
                counts[a.speaker_type, a.canonical] = counts.get((a.speaker_type, a.canonical), 0) + 1
    for (kind, name), _ in sorted(counts.items(), key=lambda item: -item[1]):
        if kind in _LEADER_TYPES:
            doc.leaders.setdefault(kind, name)
    return _attribute(normalised, doc) if doc.leaders else first


def _is_heading(text: str) -> bool:
    """A headline or subheading: no final punctuation."""
    return not re.search(r"[.!?\"…:]\s*$", text)


def _attribute(normalised: list[str], doc: _Document) -> list[Attribution]:
    out: list[Attribution] = []
    last: Attribution | None = None  # last explicitly named speaker
    last_person: Attribution | None = None
    last_quote: Attribution | None = None
    quote_open = False
    previous_explicit = False
    affiliations: dict[str, str] = {}
    spellings: dict[str, str] = {}
    for text in normalised:
        found = _match(text, doc)
        quotes = text.count(_Q)
        result: Attribution | None = None
        if found:
            rule, mention = found
            if mention.is_reference and mention.surface.lower() in ("i", "we") and not quote_open:
                # First person outside a quote: the writer (an op-ed, a blog post).
                result = Attribution(mention.surface, "author", "author", "first-person")
            elif mention.is_reference:
                antecedent = last_person if mention.is_person else last
                if antecedent is not None:
                    result = Attribution(mention.surface, antecedent.canonical, antecedent.speaker_type, rule,
                                         antecedent.affiliation)
            else:
                # A person keeps the affiliation of an earlier mention ("Wiewiórowski said" after "EDPS ...").
                affiliation = mention.affiliation or affiliations.get(mention.canonical, "")
                affiliations.setdefault(mention.canonical, affiliation)
                # One spelling per actor: "FINE Gael MEPs" in an all-caps lead is "Fine Gael MEPs".
                canonical = spellings.setdefault(mention.canonical.lower(), mention.canonical)
                kind = guess_type(f"{canonical} {mention.surface}", affiliation)
                result = Attribution(mention.surface, canonical, kind, rule, affiliation)
                last = result
                if mention.is_person:
                    last_person = result
        starts_quoted = text.lstrip().startswith(_Q)
        if quote_open and not starts_quoted and quotes >= 2:
            quote_open = False  # a sentence with its own complete quotes: the earlier one was cut off
        if result is None and last_quote is not None and (quote_open or (starts_quoted and quotes <= 2)):
            result = Attribution(last_quote.speaker, last_quote.canonical, last_quote.speaker_type,
                                 "quote-continuation", last_quote.affiliation)
        if result is None and previous_explicit and last is not None and not _is_heading(text):
            result = Attribution(last.speaker, last.canonical, last.speaker_type, "carry-over", last.affiliation)
        previous_explicit = result is not None and result.rule not in ("carry-over",)
        if result is None:
            result = Attribution("author", "author", "author", "author")
        if quotes and result.rule != "author":
            last_quote = result
        quote_open = (quote_open + quotes) % 2 == 1
        out.append(result)
    return out


def attribute_text(text: str, registry: SpeakerRegistry | None = None) -> list[tuple[str, Attribution]]:
    """Split an article into sentences and attribute each: ``[(sentence, Attribution), ...]``."""
    sentences = split_sentences(text)
    return list(zip(sentences, attribute_speakers(sentences, registry)))


_GENERIC = {"the", "of", "and", "a", "an", "in", "for", "eu", "european", "union", "group", "s", "de", "on"}


def _tokens(name: str) -> set[str]:
    name = _alias(name) or name
    return {w.lower().strip(".'’") for w in _WORD.findall(name)} - _GENERIC


def lenient_match(predicted: str, gold: str) -> bool:
    """Surname or organisation token overlap, case-insensitive, after the alias table.

    ``"author"`` matches only ``"author"``; generic words (EU, European, of, and...) do not count.
    """
    if "author" in (predicted.lower(), gold.lower()):
        return predicted.lower() == gold.lower()
    return bool(_tokens(predicted) & _tokens(gold))
