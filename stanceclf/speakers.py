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
    Also reported actions (sponsor, introduce, pass, fine, block, challenge, aim/seek/plan to) and
    progressives (``officials are asking``) and stance predicates (``lawmakers are focused on``,
    ``X is opposed to``); never a passive (``X has been fined``: X is no holder) nor a participle
    (``a bill introduced by X``), never a clause inside a quote (nor a sentence wholly inside a
    quote left open by an earlier one), and not ``Assembly`` read as an
    ``-ly`` adverb nor a noun after ``of`` (``a flurry of fines``) read as the verb.
11. ``trailing-verb``    ``…, a coalition of privacy advocates have claimed.``
12. ``appositive-subject`` ``Anna Berg, a member of the committee, backed the vote``
13. ``concern-among``    ``The plan sparked concern among MPs and watchdogs``
14. ``challenge-from``   ``the ban faced a challenge from the EPP``, ``a request from the
    regulator (CNIL)``: whoever challenges, requests, demands or objects holds the stance.
15. ``psych-object``     ``…, which does not reassure opponents of the text``: the one worried,
    (not) reassured or convinced.
16. ``subject-relative`` ``The coalition, which includes …, has made its demands official``
17. ``list-intro``       ``Further, the bill would:`` (a subject, a modal and a colon).
18. ``sanction-passive`` ``Clearview AI has been fined`` with no agent: the regulator the article
    is about (the most attributed one, known after a first pass).
19. ``passive-agent``    the named agent of a passive or of a document: ``a bill introduced by
    Sen. Lee Park``, ``in a press release by X``, ``a study cited by X`` (only a capitalised name);
    a bill introduced by several named people is theirs as a group, ``bill sponsors``.
    ``document-passive``: ``New legislation was introduced …`` is the stance of whoever the
    article says introduced it.
20. ``quote-continuation`` a sentence that is only a quote, or inside a quote left open, keeps the
    speaker of the last quote; a sentence ending in ``:`` with an explicit speaker (``X said:``)
    introduces the quote of the next sentences, and a quote right after any colon
    (``Furthermore:``) continues the last quoted source.
21. ``list-item``        a bullet or numbered item after ``X would:`` (and the items after it) is X's.
22. ``carry-over``       a sentence with no attribution after one with a speaker keeps it, for up to
    :data:`_CARRY_OVER` sentences in a row (annotators follow the paragraph's holder,
    ANNOTATION.md §3); never for a heading. When paragraph starts are given, a sentence opening a
    paragraph is carried over only with a cue: a ``he``/``she``/``they`` outside a quote, the
    speaker's name, a quote after a colon, or a definite document subject (``The bill …``).
23. ``author``           otherwise the writer's own voice; so is ``I``/``we`` outside a quote
    (``first-person``).

After the pass, ``quote-closing``: a sentence that closes a quote it did not open (``…remained."``)
and the unattributed sentences just before it take the quote's speaker: the signature on the next
line (``– Sarah Chander, …``), else the last attributed sentence before them. Then
``quote-opening``: a quote that opens a paragraph, runs over several sentences and is attributed
where it closes (``…bias," Sen. Lee Park said.``) is that speaker's from its first sentence.

A subject or name is kept only if it looks like a holder: a capitalised name, an abbreviation, a
pronoun, or a lower-case group whose head noun is an actor word ("opponents of…", "lawmakers").
Sentence adverbs (``Instead``, ``However``) and a subject followed by a relative pronoun
(``towns—…—which passed bans``) are no holders. Pronouns (``he``, ``she``, ``they``) and generic
group nouns (``the group``, ``the regulators``) resolve to the last named speaker (``he``/``she`` to
the last named person); ``other regulators`` are set apart from the article's regulator.

Names are normalised per document in a first pass (:class:`_Document`):

- capitalised titles before a name are dropped (``Police Commissioner William Gross`` → ``William
  Gross``, affiliation ``Police``; ``Sen. Merkley``; ``Fianna Fáil's Barry Andrews``), a
  parenthesis that does not abbreviate the phrase is an affiliation (``Svenja Hahn (FDP)``), and one
  capitalised name with ``of`` inside stays whole (``House of Lords Committee``) unless a person
  comes before the ``of``; possessives inside an institution's name are dropped (``Lords' `` →
  ``Lords``, ``UK's Court`` → ``UK Court``);
- a full name keeps the first spelling seen, with or without diacritics (``Dragos``/``Dragoș``);

- a surname alone, or with an honorific (``Tudorache``, ``Mr Philp``), maps to the full name seen
  anywhere in the document, else in other documents (:class:`SpeakerRegistry`), if unambiguous;
- an abbreviation in parentheses whose capitals are the phrase's initials becomes the name
  (``Members of the European Parliament (MEPs)`` → ``MEPs``);
- ``the judge``, ``the mayor``, ``the minister``… name the one person the article names with that
  title (``Judge Mary Cole``), not the last speaker;
- ``the committee``, ``a UK committee``… name the one body of that kind the article names in full
  (``House of Lords' Justice and Home Affairs Committee``), and ``the committee's letter`` speaks
  for it; a description before a foreign acronym (``France's privacy regulator (CNIL)``) is the
  acronym;
- ``the coalition``/``the petition``… bind to the organisation of ``the coalition, which includes X``,
  and ``the document``/``the proposal``/``the bill``… to the body of ``proposed by X`` (or
  ``introduced``/``sponsored by X``); ``the EC's proposal``
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
import unicodedata
from dataclasses import asdict, dataclass, field

from .sentences import split_sentences

__all__ = [
    "Attribution",
    "SpeakerRegistry",
    "attribute_speakers",
    "attribute_text",
    "lenient_match",
    "find_paragraph_starts",
    "ALIASES",
]

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
    r"stress|stresses|stressed|claim|claims|claimed|write|writes|wrote|written|add|adds|added|tell|tells|told|"
    r"insist|insists|insisted|want|wants|wanted|demand|demands|demanded|back|backs|backed|"
    r"support|supports|supported|oppose|opposes|opposed|reject|rejects|rejected|approve|approves|approved|"
    r"vote|votes|voted|push(?:es|ed)? for|pushing|fear|fears|feared|suggest|suggests|suggested|"
    r"declare|declares|declared|propose|proposes|proposed|express|expresses|expressed|welcome|welcomes|welcomed|"
    r"criticise[sd]?|criticize[sd]?|condemn|condemns|condemned|press|presses|pressed|believe|believes|believed|"
    r"indicate|indicates|indicated|cite|cites|cited|citing|calling|lining up|listed|list|lists|"
    r"announce|announces|announced|explain|explains|explained|note|notes|noted|would like|"
    r"raise[sd]? concerns?|work(?:s|ed|ing)? (?:hard )?to|restrict|restricts|restricted|"
    r"ask|asks|asked|adopt|adopts|adopted|ban|bans|banned|lift|lifts|lifted|allow|allows|allowed|"
    r"tr(?:y|ies|ied) to|launch(?:es|ed)?|"
    # reported actions and intentions (a vote, a bill, a challenge is the stance of who made it)
    r"sponsor(?:s|ed)?|introduce[sd]?|pass(?:es|ed)?|echo(?:es|ed)?|challeng(?:e|es|ed|ing)|"
    r"asking|arguing|urging|warning|demanding|(?:aim|intend|seek|plan)(?:s|ed)? to|sought to|"
    r"join(?:s|ed)? calls?|fined|fines|block(?:s|ed|ing)?|agree[sd]?|slap(?:s|ped)?|sanctioned|sign(?:s|ed)?(?! of\b)|"
    r"den(?:y|ies|ied)|dismiss(?:es|ed)?|refute[sd]?|disputed|shut(?:s)? down|abstain(?:s|ed)?|"
    # more reporting verbs of news English (forms that are rarely nouns: "ruled", not "rules")
    r"ruled|f(?:ind|inds|ound) that|conclude[sd]?|accuse[sd]?|acknowledge[sd]?|admit(?:s|ted)?|pledged|promised|"
    r"vow(?:s|ed)?|threaten(?:s|ed)?|recommend(?:s|ed)?|maintain(?:s|ed)?|contend(?:s|ed)?|point(?:s|ed)? out|"
    r"describe[sd]?|defend(?:s|ed)?|praise[sd]?|hail(?:s|ed)|slam(?:s|med)?|blast(?:s|ed)|denounce[sd]?|questioned|"
    r"predict(?:s|ed)?|confirm(?:s|ed)?|testif(?:y|ies|ied)|respond(?:s|ed)?|replied|commented|emphasi[sz]e[sd]?|"
    r"highlighted|caution(?:s|ed)|complain(?:s|ed)?|objected to|lament(?:s|ed)?|applaud(?:s|ed)?|endorse[sd]?|"
    r"champion(?:s|ed)|favou?red|resist(?:s|ed)?|refuse[sd]?|veto(?:es|ed)|ordered|prohibit(?:s|ed)?|"
    r"outlaw(?:s|ed)?|suspend(?:s|ed)?|halted|voice[sd]|stated|assert(?:s|ed)?|concede[sd]?|disagree[sd]?|"
    r"penali[sz](?:es|ed)|"
    # stance predicates after a copula ("lawmakers are focused on keeping the ban", "X is opposed to")
    r"focused on|focusing on|committed to|determined to|keen to|eager to|opposed to|in favou?r of|"
    r"(?:concerned|worried) (?:about|over|by|that)|wary of|sceptical of|skeptical of|critical of"
)
# Auxiliaries, negation and adverbs allowed between a subject and its verb.
_AUX = (
    r"(?:(?:does not|do not|did not|doesn't|don't|didn't|not|never|no longer|has|have|had|is|are|was|were|will|"
    r"would|could|should|also|now|officially|overwhelmingly|today|repeatedly|strongly|already|further|"
    r"last year|recently|been|be|then|both|all|(?-i:[a-z]+ly)|definitively|finally|unanimously|formally|"
    r"continues? to|continued to)\s+)*"
)
_Q = '"'  # every quotation mark is normalised to this before matching
_NP = r"(?P<np>[^,;:\"]{1,120}?)"
_PRONOUNS = {"he", "she", "they", "we", "i", "it"}
# Generic group nouns that refer back to the last named speaker when used with "the".
_GROUP_NOUNS = {
    "group",
    "coalition",
    "campaign",
    "organisation",
    "organization",
    "regulators",
    "watchdog",
    "watchdogs",
    "ngo",
    "alliance",
    "party",
    "lawmakers",
    "mps",
    "meps",
    "petition",
    "letter",
    "authors",
    "campaigners",
    "activists",
    "board",
    "body",
    "institution",
    "committee",
    "officials",
    "ministers",
    "members",
    "network",
}
# Head nouns that make a lower-case phrase a holder ("digital rights advocates say").
_ACTOR_HEADS = {
    "advocates",
    "opponents",
    "critics",
    "supporters",
    "campaigners",
    "activists",
    "groups",
    "lawmakers",
    "ministers",
    "governments",
    "countries",
    "capitals",
    "regulators",
    "watchdogs",
    "judges",
    "courts",
    "police",
    "officials",
    "experts",
    "mps",
    "meps",
    "members",
    "politicians",
    "unions",
    "companies",
    "vendors",
    "citizens",
    "residents",
    "diplomats",
    "coalition",
    "petition",
    "group",
    "campaign",
    "regulator",
    "government",
    "court",
    "parliament",
    "commission",
    "council",
    "ministry",
    "ngos",
    "organisations",
    "organizations",
    "scientists",
    "researchers",
    "academics",
    "people",
    "public",
    "majority",
    "deputies",
    "senators",
    "legislators",
    "councillors",
    "councilors",
    "negotiators",
    "delegates",
    "representatives",
    "sponsors",
    "mayors",
    "states",
    "authorities",
    "agencies",
    # people described by role or trade ("police chiefs argue", "privacy lawyers warned")
    "chiefs",
    "officers",
    "leaders",
    "executives",
    "lawyers",
    "analysts",
    "parents",
    "teachers",
    "students",
    "workers",
    "employees",
    "retailers",
    "businesses",
    "firms",
    "shoppers",
    "voters",
    "protesters",
    "demonstrators",
    "commissioners",
    "prosecutors",
}
_DETERMINERS = re.compile(
    r"^(?:(?:and|but|so|however|yet|meanwhile|now|today|yesterday|still|later|also|while|whereas|although|though|the|a|an|this|that|these|those|some|many|several|most|"
    r"over|about|nearly|almost|more than|at least|\d[\d,]*|a group of|group of|"
    r"two|three|four|five|six|seven|eight|nine|ten|dozens of|hundreds of)\s+)+",
    re.IGNORECASE,
)
_TITLE_WORDS = {
    "chair",
    "chairman",
    "chairwoman",
    "president",
    "member",
    "officer",
    "director",
    "head",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "minister",
    "commissioner",
    "activist",
    "campaigner",
    "researcher",
    "adviser",
    "advisor",
    "mep",
    "supervisor",
    "lawmaker",
    "leader",
    "mayor",
    "senator",
    "rapporteur",
    "executive",
    "chief",
    "campaigns",
    "policy",
    "senior",
    "vice",
    "deputy",
    "liberal",
    "conservative",
    "socialist",
    "green",
    "german",
    "french",
    "dutch",
    "italian",
    "spanish",
    "romanian",
    "polish",
    "swedish",
    "irish",
    "austrian",
    "belgian",
    "lead",
    "legal",
    "analyst",
    "cto",
    "mp",
    "dpo",
    "fellow",
    "professor",
    "secretary",
    "general",
    "founder",
    "ceo",
    "expert",
}
# Documents that carry the stance of whoever wrote them ("the EC's proposal calls for...").
_STANCE_DOCUMENTS = {
    "act",
    "law",
    "proposal",
    "draft",
    "opinion",
    "letter",
    "ruling",
    "statement",
    "position",
    "resolution",
    "report",
    "plan",
    "strategy",
    "bill",
    "legislation",
    "framework",
    "regulation",
    "decision",
    "study",
    "text",
}
# A person's title then name ("Judge Mary Cole", "Sen. Al Kim", "interior minister Ana Roy").
_TITLE_BEFORE_NAME = re.compile(
    r"\b(?P<title>(?i:judge|mayor|minister|senator|sen\.|governor|gov\.|commissioner|chair|chairman|chairwoman|"
    r"president|spokesperson|spokesman|spokeswoman|sheriff|chief|director|secretary|prosecutor|rapporteur))"
    r"\s+(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){1,2})"
)
_TITLE_ABBREVIATIONS = {"sen.": "senator", "gov.": "governor", "chairman": "chair", "chairwoman": "chair"}
# Head nouns of a body's name that a generic mention ("the committee") can refer back to.
_BODY_HEADS = {
    "committee",
    "council",
    "court",
    "board",
    "authority",
    "agency",
    "commission",
    "assembly",
    "senate",
    "coalition",
    "alliance",
    "network",
    "presidency",
    "ministry",
    "tribunal",
}
_CAMPAIGN_NOUNS = ("coalition", "campaign", "alliance", "network", "petition")
_DOCUMENT_NOUNS = (
    "document",
    "proposal",
    "draft",
    "framework",
    "text",
    "regulation",
    "bill",
    "legislation",
    "report",
)
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
_HONORIFIC = re.compile(
    r"^(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dame|Lord|Lady|Baroness|Baron|Sen|Rep|Del|Gov|Senator|Councilor|Councillor)"
    r"\.?\s+(?=\S+$)"
)
# Capitalised titles written before a person's name ("Police Commissioner William Gross",
# "Sen. Jeff Merkley"): not part of the name.
_PERSON_TITLES = {
    "senator",
    "senators",
    "sen.",
    "rep.",
    "representative",
    "representatives",
    "del.",
    "delegate",
    "gov.",
    "governor",
    "councilor",
    "councillor",
    "councilors",
    "councillors",
    "commissioner",
    "minister",
    "mayor",
    "mep",
    "meps",
    "mp",
    "mps",
    "president",
    "chair",
    "chairman",
    "chairwoman",
    "chief",
    "secretary",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "rapporteur",
    "director",
    "judge",
    "professor",
    "prof.",
    "dr.",
    "sheriff",
    "deputy",
    "at-large",
    "district",
}
_LOWER_NAME_PARTICLES = {"de", "van", "von", "der", "den", "la", "le", "di", "da", "du", "and", "&"}
_WORD = re.compile(r"[\w’'&.\-]+")

# Speaker-type guesses from words of the name or affiliation (order matters: first match wins).
_TYPE_WORDS: tuple[tuple[str, frozenset[str]], ...] = (
    ("author", frozenset({"author"})),
    (
        "regulator",
        frozenset(
            {
                "edpb",
                "edps",
                "ico",
                "cnil",
                "regulator",
                "regulators",
                "watchdog",
                "watchdogs",
                "garante",
                "protection",
                "dpa",
                "supervisor",
                "commissioner's",
            }
        ),
    ),
    ("court_or_judiciary", frozenset({"court", "courts", "judge", "judges", "tribunal"})),
    ("police_or_security", frozenset({"police", "sheriff", "polizei", "gendarmerie", "met", "europol"})),
    ("party_group", frozenset({"renew", "epp", "greens", "s&d", "socialists", "liberals", "party", "ecr", "id"})),
    ("commission", frozenset({"commission"})),
    ("parliament", frozenset({"parliament", "assembly", "senate", "congress", "legislature", "lords"})),
    (
        "council_or_government",
        frozenset(
            {
                "government",
                "governments",
                "council",
                "ministers",
                "ministry",
                "minister",
                "countries",
                "capitals",
                "france",
                "germany",
                "italy",
                "spain",
                "paris",
                "berlin",
                "state",
                "states",
                "presidency",
                "home office",
            }
        ),
    ),
    (
        "ngo_or_activist",
        frozenset(
            {
                "edri",
                "ngo",
                "ngos",
                "access",
                "privacy",
                "reclaim",
                "amnesty",
                "liberty",
                "watch",
                "coalition",
                "petition",
                "campaign",
                "campaigners",
                "activist",
                "activists",
                "advocates",
                "algorithmwatch",
                "statewatch",
                "epic",
                "aclu",
            }
        ),
    ),
    (
        "company",
        frozenset(
            {
                "company",
                "companies",
                "inc",
                "ltd",
                "corp",
                "vendor",
                "vendors",
                "industry",
                "association",
                "clearview",
                "facewatch",
                "microsoft",
                "amazon",
                "ibm",
            }
        ),
    ),
    (
        "politician",
        frozenset({"meps", "mep", "lawmakers", "lawmaker", "politicians", "mayor", "senator", "mps", "sponsors"}),
    ),
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

    spellings: dict[str, str] = field(default_factory=dict)  # unaccented -> first spelling seen

    def add(self, full_name: str) -> None:
        parts = full_name.split()
        if len(parts) >= 2 and not _HONORIFIC.match(full_name):  # "Mr Philp" is no full name
            # "Dragos Tudorache" and "Dragoș Tudorache" are one person: keep the first spelling.
            full_name = self.spellings.setdefault(_unaccent(full_name), full_name)
            self.full_names.setdefault(_unaccent(parts[-1]), set()).add(full_name)

    def spelling(self, name: str) -> str:
        """The first spelling seen of a full name written with or without diacritics."""
        return self.spellings.get(_unaccent(name), name)

    def learn(self, sentences: list[str]) -> None:
        """Register the full person names of a document without attributing it (a first pass)."""
        _Document([_normalise_quotes(s) for s in sentences], self)

    def resolve(self, surname: str) -> str | None:
        names = self.full_names.get(_unaccent(surname), set())
        return next(iter(names)) if len(names) == 1 else None  # ambiguous surnames stay as written


def _unaccent(text: str) -> str:
    """Lower case without diacritics or typographic apostrophes: a key for spelling variants."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _normalise_quotes(text: str) -> str:
    text = re.sub(r"[“”„«»]", _Q, text)
    # ‘…’ are quotes too, but ’ is also the apostrophe: keep apostrophes inside words, and keep
    # the plural possessive ("the Lords' committee") when no single quote was opened before it.
    out, single_open = [], False
    for i, char in enumerate(text):
        if char in "‘’'":
            before = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < len(text) else " "
            if before.isalnum() and after.isalnum():
                char = "'"  # an apostrophe inside a word: "don't"
            elif not before.isalnum():
                char, single_open = _Q, True  # an opening quote
            elif before in "sS" and not single_open and after == " ":
                char = "'"  # "the Lords' committee": a plural possessive
            else:
                char, single_open = _Q, False  # a closing quote
        out.append(char)
    return "".join(out)


def _is_cap(word: str) -> bool:
    return bool(word) and word[0].isupper()


def _alias(phrase: str) -> str | None:
    key = re.sub(r"\s+", " ", phrase.strip().lower().replace("’", "'"))
    key = re.sub(r"^the\s+", "", key) if key not in ALIASES else key
    return ALIASES.get(key) or ALIASES.get("the " + key)


def _cap_runs(text: str) -> list[str]:
    """Maximal runs of capitalised words (allowing 'of', 'and', 'de'... inside): candidate names."""
    runs, current = [], []
    for word in re.findall(r"[\w’'&.\-]+|[,;:()\"—–]", text):  # punctuation ends a run
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
    org_words = {w for _, ws in _TYPE_WORDS for w in ws} | {
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
        w[0].isupper() and w.lower() not in org_words | _PERSON_TITLES and not w.isupper()
        for w in words
        if w.lower() not in _LOWER_NAME_PARTICLES
    )


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
                    for candidate in (
                        part,
                        *(" ".join(words[:k]) for k in (3, 2)),
                        *(" ".join(words[-k:]) for k in (3, 2)),
                    ):
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
                r"was launched by) (?:the )?([A-Z][^,;.]+?)(?:,|;|\.| and |$)",
                sentence,
                flags=re.I,
            ):
                for family_noun in _CAMPAIGN_NOUNS:
                    self.bindings.setdefault(family_noun, self.canonical(org))
            sponsors = _sponsors(sentence)
            if sponsors:
                for family_noun in _DOCUMENT_NOUNS:
                    self.bindings.setdefault(family_noun, sponsors)
            for org in re.findall(
                r"\b(?i:proposed|published|drafted|presented|tabled|put forward|unveiled|introduced|sponsored|filed) "
                r"by (?:the )?((?:(?:Sen|Rep|Del|Gov|Dr|Mr|Mrs|Ms|Prof)\.\s+)?[A-Z][\w’' ]+?)(?:\s*\(|[,.;]|$)",
                sentence,
            ):
                # "introduced by Sen. Jo Park would ...": the capitalised name, without the title.
                org = (_cap_runs(org) or [org])[0]
                org = (_strip_person_title(org) or (org, ""))[0]
                for family_noun in _DOCUMENT_NOUNS:
                    self.bindings.setdefault(family_noun, self.canonical(org))
        # Most frequent named (non-person) speaker per type, filled after a first attribution pass:
        # "EU data regulators" in an article quoting the EDPB and EDPS means them.
        self.leaders: dict[str, str] = {}
        # Bodies named in full, by their head noun ("House of Lords' Justice and Home Affairs
        # Committee" for "committee"), kept when the article names only one body of that kind.
        names: dict[str, set[str]] = {}
        for sentence in sentences:
            for run in _cap_runs(sentence):
                words = re.sub(r"^The\s+", "", run).split()
                if len(words) > 1 and words[-1].lower() in _BODY_HEADS and not _looks_like_person(run):
                    names.setdefault(words[-1].lower(), set()).add(self.canonical(" ".join(words)))
        # People named with a title ("Judge Mary Cole", "Interior minister Ana Roy"), so that "the
        # judge", "the minister" can refer back to them when the article names only one.
        titled: dict[str, set[str]] = {}
        for sentence in sentences:
            for match in _TITLE_BEFORE_NAME.finditer(sentence):
                if _looks_like_person(match["name"]):
                    title = _TITLE_ABBREVIATIONS.get(match["title"].lower(), match["title"].lower())
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
        return self.registry.spelling(name)


_SPONSORED = re.compile(
    r"\b(?i:introduced|sponsored|co-sponsored|filed) by (?P<agents>[^;]+?)(?:,\s+(?=(?:the|a|an|this)\s)|\.\s*$|;|$)"
)


def _sponsors(sentence: str) -> str | None:
    """``"bill sponsors"`` when a bill is introduced by several named people, else None.

    "Introduced by Senators Jo Park, D-Ore., and Al Kim, D-Mass., the Act would ...": lawmakers who
    jointly introduce a bill hold its stance as a group (a described group, ANNOTATION.md §3).
    """
    match = _SPONSORED.search(sentence)
    if not match:
        return None
    people = {
        name
        for run in _cap_runs(match["agents"])
        for part in run.split(" and ")
        for name in [(_strip_person_title(part) or (part, ""))[0]]
        if _looks_like_person(name)
    }
    return "bill sponsors" if len(people) >= 2 else None


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
    # "some officials", "a group": indefinite, a new holder; "the group", "officials": may refer back.
    indefinite = re.match(r"^\W*(?:some|many|several|a|an|other|another)\s", np, re.I) is not None
    # "Other regulators in Europe": a group set apart from the body the article is about.
    other = re.match(r"^\W*(?:the )?(?:other|another)\s", np, re.I) is not None
    np = re.sub(r"^(\W*(?:the )?)(?:other|another)\s+", r"\1", np, flags=re.I)
    np = _strip_np(np)
    if _LEADING_PREPOSITION.match(np):  # "By a final vote ...": an adverbial, not a subject
        return None
    np = _DATE_WORDS.sub("", np).strip()
    if np.lower() in _QUANTIFIERS:  # "Some argued", "Others claim": unnamed holders
        return _Mention(np, np.lower(), "", False, False)
    if not np or (len(np) < 2 and np != "I") or len(np.split()) > 14 or np.lower() in _STOP_NPS or _FINITE.search(np):
        return None
    if np.split()[0].lower().strip(",") in _ADVERBS:  # "Instead of the agreed pre-approval, ..."
        return None

    # "the UN's human rights chief": a role of an organisation, named as such.
    # "the committee's letter (addressed to ...) says": a group's document speaks for the group.
    group_document = re.match(r"^(?P<group>[a-z][\w -]*?)'s (?P<document>[a-z]+)\b", np)
    if group_document and group_document["document"] in _STANCE_DOCUMENTS:
        return _parse_np(f"the {group_document['group']}", doc)
    possessive = re.match(r"^(?P<org>[A-Z][\w.&-]*)'s (?P<role>[a-z][a-z \-]+)$", np)
    if possessive and possessive["role"].split()[-1] not in _STANCE_DOCUMENTS:  # "the Senate's text": below
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
    last_word = _PREPOSITION.split(np.lower())[0].split()[-1]  # the head: "opponents of the text" is no text
    if last_word in _STANCE_DOCUMENTS and "(" not in np:
        bound = doc.bindings.get(last_word)
        return _Mention(np, bound, "", False, False) if bound else None
    # "Members of the European Parliament (MEPs)", "the EDPB (...) and the EDPS (...)": abbreviations win.
    abbreviations = re.findall(r"\((\w[\w&]{1,9})\)", np)
    described = re.match(r"^(?P<what>[^()]*\b[a-z]+)\s*\((?P<abbr>[A-Z][A-Za-z&]{1,9})\)$", np)
    if described and not _abbreviates(described["abbr"], described["what"]):
        # "France's privacy regulator (CNIL)": a description, then the body's own (foreign) acronym.
        return _Mention(described["abbr"], doc.canonical(described["abbr"]), affiliation, False, False)
    if abbreviations and not _abbreviates(abbreviations[0], np.split("(")[0]):
        # "Svenja Hahn (FDP)": the parenthesis is the person's party, not the phrase's abbreviation.
        affiliation = abbreviations[0]
        np = re.sub(r"\s*\([^)]*\)", "", np)
        abbreviations = []
    if abbreviations and all(a[0].isupper() for a in abbreviations):
        name = " and ".join(abbreviations)
        return _Mention(np, name, affiliation, False, False)
    head = _PREPOSITION.split(np.lower())[0].split()  # the head noun ends this: "opponents" of ...
    if not _cap_runs(np[:1].lower() + np[1:]):  # a capital only at the start of a headline
        for noun in head:
            if noun in doc.bindings:
                return _Mention(np, doc.bindings[noun], affiliation, False, False)
    # "the committee", "a UK committee": the one body of that kind the article names in full.
    body = doc.bodies.get(head[-1]) if head and "," not in np else None
    if body and not any(len(run.split()) > 1 and run.lower().endswith(head[-1]) for run in _cap_runs(np)):
        return _Mention(np, body, affiliation, False, False)
    # Appositive: "Daniel Leufer, an activist for the NGO Access Now".
    before, _, appositive = np.partition(",")
    if appositive:
        np = before.strip()
        # The last comma-separated part naming something: "Senior Policy Adviser, European Digital Rights".
        runs = [run for part in appositive.split(",") for run in _cap_runs(part)[-1:]]
        affiliation = runs[-1] if runs else ""
        # "the rapporteur of the text, Senator Anna Berg": a role first, then the person's name.
        person = (_strip_person_title(runs[0]) or (runs[0], ""))[0] if runs else ""
        if not _cap_runs(before) and _looks_like_person(person):
            return _Mention(person, doc.canonical(person), "", False, True)
    # "X of ORG" / "lawmakers in the European People's Party".
    match = re.match(r"^(?P<x>.+?)\s+(?P<prep>of|in|from|at|for)\s+(?P<the>the\s+)?(?P<org>[A-Z].*)$", np)
    # One capitalised name with "of" inside is an institution's name ("House of Lords Committee",
    # "Court of Appeal"), unless a person comes before the "of" ("Dragoș Tudorache of Renew").
    one_name = _cap_runs(np) == [np] and match is not None and not _looks_like_person(match["x"])
    if match and not _alias(np) and np.lower() not in doc.abbreviations and not one_name:
        head_words = match["x"].lower().split()
        affiliation = match["org"]
        # "regulators in Europe", "police in Paris": a place, not a body the group belongs to.
        place = match["prep"] == "in" and not match["the"] and len(match["org"].split()) == 1
        if head_words and head_words[-1] in _ACTOR_HEADS | _GROUP_NOUNS and not _cap_runs(match["x"]) and place:
            return _Mention(np, np.lower(), affiliation, False, False)
        if head_words and head_words[-1] in _ACTOR_HEADS | _GROUP_NOUNS and not _cap_runs(match["x"]):
            np = match["org"]  # "lawmakers in the EPP" holds the EPP's stance
        else:
            np = match["x"]
    lower = np.lower()
    words = lower.split()
    # "the judge", "the interior minister": the one person the article names with that title.
    title = _TITLE_ABBREVIATIONS.get(words[-1], words[-1]) if words else ""
    if not _cap_runs(np) and len(words) <= 2 and title in doc.titled and not indefinite:
        return _Mention(np, doc.titled[title], affiliation, False, True)
    if lower in _PRONOUNS:
        return _Mention(np, "", affiliation, True, lower in ("he", "she"))
    if not _cap_runs(np) and words and words[-1] in _GROUP_NOUNS and len(words) <= 2 and not indefinite:
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
        titled = _strip_person_title(runs[-1]) if np.endswith(runs[-1]) else None
        if titled:
            name, org = titled
            return _Mention(name, doc.canonical(name), affiliation or org, False, True)
        if len(runs) == 1 and runs[0] == np or _alias(np) or lower in doc.abbreviations:
            return _Mention(np, doc.canonical(np), affiliation, False, _looks_like_person(np))
        if " and " in np and all(_cap_runs(p) for p in np.split(" and ")):
            return _Mention(np, doc.canonical(np), affiliation, False, False)
        last = runs[-1]
        if head and head[-1] in _ACTOR_HEADS and not np.endswith(last):
            # "European Union data protection regulators", "EU governments": a described group.
            leader = None if other else doc.leaders.get(guess_type(np))
            return _Mention(np, leader or np, affiliation, False, False)
        return _Mention(last, doc.canonical(last), affiliation, False, _looks_like_person(last))
    if head and head[-1] in _ACTOR_HEADS:
        leader = None if other else doc.leaders.get(guess_type(np))
        if leader:
            return _Mention(np, leader, affiliation, False, False)
        return _Mention(np, lower, affiliation, False, False)  # "opponents of live face recognition"
    return None


def _strip_person_title(run: str) -> tuple[str, str] | None:
    """``"Boston Police Commissioner William Gross"`` -> ``("William Gross", "Boston Police")``.

    A capitalised run that ends with a person's name after a title word (or after an
    organisation's possessive, ``"Fianna Fáil's Barry Andrews"``): the name, and what came before
    the title as the affiliation. None when the run has no title or does not end in a name.
    """
    owner = re.match(r"^(?P<org>.+?)'s (?P<name>\S+(?: \S+){1,2})$", run)
    if owner and _looks_like_person(owner["name"]):
        return owner["name"], owner["org"]
    words = run.split()
    title_at = [i for i, w in enumerate(words) if w.lower() in _PERSON_TITLES]
    if not title_at:
        return None
    name = " ".join(words[title_at[-1] + 1 :])
    if not _looks_like_person(name):
        return None
    org = " ".join(w for w in words[: title_at[0]] if w.lower() not in _PERSON_TITLES)
    return name, org


_Q_ = _Q
# A finite verb or infinitive inside the subject means the match ran past the real subject.
_FINITE = re.compile(
    r"\b(?:has|have|had|is|are|was|were|will|would|can|could|should|may|might|must|do|does|did|"
    r"(?<!ed )to)\b",  # "to" after a participle modifies the subject: "a letter addressed to the minister"
    re.I,
)
_LEADING_PREPOSITION = re.compile(
    r"^(?:by|in|on|at|with|for|from|after|before|during|to|under|of|into|through|despite|ahead|amid|amidst|"
    r"speaking|as|following|given|since|because|unlike|like|until|once|"
    r"instead|rather|according|thanks|due|apart|aside|regardless)(?![\w-])",  # not "At-Large"
    re.I,
)
# Dates inside a subject ("The City Council on Thursday voted"): not part of the name.
_DATE_WORDS = re.compile(
    r"\s*\b(?:on|in|last|this|next|early|late|earlier|later)?\s*(?:Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December)\b(?:\s+\d+)?"
)
_QUANTIFIERS = {"some", "others", "many", "several", "most", "few", "both"}
_STOP_NPS = {"the", "this", "that", "it", "there", "which", "who", "what", "ai", "use", "eu"}
# Sentence adverbs and connectives: a capital at the start of a sentence, never a holder.
_ADVERBS = {
    "instead",
    "however",
    "moreover",
    "furthermore",
    "meanwhile",
    "therefore",
    "thus",
    "hence",
    "nevertheless",
    "nonetheless",
    "indeed",
    "still",
    "yet",
    "here",
    "now",
    "then",
    "today",
    "currently",
    "previously",
    "recently",
    "finally",
    "overall",
    "again",
    "also",
    "ultimately",
    "additionally",
    "similarly",
    "likewise",
    "otherwise",
    "consequently",
}
_PATTERNS: tuple[tuple[str, re.Pattern], ...] = (
    ("quote-verb-name", re.compile(rf"{_Q_}\s*,?\s*(?:{_VERBS})\s+(?P<np>[^.;\"]+)", re.I)),
    ("quote-name-verb", re.compile(rf"[,.!?…]\s*{_Q_}\s*,?\s*{_NP}\s+{_AUX}(?:{_VERBS})\b", re.I)),
    ("quote-dash-name", re.compile(rf"{_Q_}\s*[,–—-]\s*(?P<np>[A-Z][^,.;\"]{{2,60}})\s*$")),
    ("name-colon-quote", re.compile(rf"^(?P<np>[^:\"]{{2,60}}):\s*{_Q_}")),
    ("dash-signature", re.compile(r"^[–—-]\s*(?P<np>[A-Z][^;\"]{2,120})$")),
    ("according-to", re.compile(r"\baccording to (?P<np>[^;:\"]+?)(?:,|\.|$)", re.I)),
    (
        "relative-clause",
        re.compile(
            rf"(?P<np>[^,;:\"]{{2,120}}?),?\s+(?:which|who)\s+(?:[^,;\"]{{0,40}}?\s|[^;\"]{{0,80}}?,\s+)?{_AUX}(?:{_VERBS})\b",
            re.I,
        ),
    ),
    (
        "such-as",
        re.compile(rf"\b(?:such as|including|like|notably)\s+(?P<np>[A-Z][^,;\"]{{1,40}}),\s+{_AUX}(?:{_VERBS})\b"),
    ),
    (
        "support-from",
        re.compile(r"^(?:support|backing|opposition) (?:from|by) (?P<np>[^,;:\"]+)|^For (?P<np2>[^,]+), ", re.I),
    ),
    # "Today, Acme Watch along with Fair Data and 30 groups launched…": the first-named actor leads.
    (
        "along-with",
        re.compile(
            rf"(?:^|, )(?P<np>[A-Z][^,;:\"]{{1,60}}?),? (?:along|together) with [^;\"]{{1,200}}? {_AUX}(?:{_VERBS})\b"
        ),
    ),
    ("trailing-verb", re.compile(rf",\s+{_NP}\s+{_AUX}(?:{_VERBS})\s*\.?\s*$", re.I)),
    # "Anna Berg, a member of the committee, backed the ban": a name, an appositive, the verb.
    (
        "appositive-subject",
        re.compile(rf"^(?P<np>[A-Z][^,;:\"]{{2,60}}), (?!which|who)[^,;\"]{{2,80}}, {_AUX}(?:{_VERBS})\b"),
    ),
    # "The plan sparked concern among MPs and watchdogs": whoever is concerned holds the stance.
    (
        "concern-among",
        re.compile(
            r"\b(?:concerns?|alarm|criticism|outrage|anger|opposition|fears?) (?:among|from) "
            r"(?P<np>[^;:\"]+?)(?: over\b| about\b|[,.;]|$)",
            re.I,
        ),
    ),
    # "The ban faced a last-minute challenge from the EPP", "a request from the regulator (CNIL)":
    # whoever challenges, requests or demands holds the stance.
    (
        "challenge-from",
        re.compile(
            r"\b(?:challenges?|requests?|demands?|calls?|pressure|objections?|resistance|backlash|complaints?|"
            r"appeals?|lawsuits?|legal action) from (?P<np>[^;:\"–—]+?)"
            r"(?=\s+(?:to|over|about|against|for|on|that|which|who|after|before|in (?:the|a|\d))\b|[,.;:–—]|$)",
            re.I,
        ),
    ),
    # "The plan does not reassure opponents of the text": the one (not) reassured or worried holds it.
    (
        "psych-object",
        re.compile(
            r"\b(?:reassure|worry|worries|alarm|anger|dismay|frighten|upset|trouble|satisfy|satisfies|convince|"
            r"disappoint)(?:s|d|ed)? (?P<np>[^;:\"]+?)(?=\s+(?:that|who|which|because|as|with|by)\b|[,.;]|$)",
            re.I,
        ),
    ),
    # "The coalition, which includes X, Y and Z, has made its demands official": the subject.
    (
        "subject-relative",
        re.compile(r"^(?P<np>[^,;:\"]{2,60}), (?:which|who) [^;\"]+?, (?:has|have|had|is|are|was|were)\b"),
    ),
    # "Further, the bill would:" introduces a list of what its holder wants (see list-item).
    (
        "list-intro",
        re.compile(
            r"^(?:[^,;:\"]{0,40},\s+)?(?P<np>[^,;:\"]{2,80}?)\s+(?:also\s+)?"
            r"(?:would|will|should|must|shall|includes?|aims? to|seeks? to)\s*:\s*$",
            re.I,
        ),
    ),
)


# The subject never ends in a possessive ("The EC's proposed Act calls") or a function word ("a flurry
# of fines", "Supporters of the ban hailed": the noun after "of"/"the" is no verb).
_FUNCTION_WORDS = ("of", "a", "an", "the", "with", "by", "for", "to", "in", "on", "at", "and", "or", "its", "their")
_NOT_AFTER = "".join(rf"(?<!\b{word})" for word in _FUNCTION_WORDS)
_SUBJECT_VERB = re.compile(rf"^{_NP}(?<!'s){_NOT_AFTER}\s+{_AUX}(?:{_VERBS})\b", re.I)
# The auxiliaries and verb of a passive ("has been fined", "was introduced"), not a progressive
# ("are asking"): the subject undergoes the action; the holder is the agent after "by", if any.
_PASSIVE = re.compile(r"^\s*(?:\w+\s+)*?(?:is|are|was|were|been|being)\s+(?:\w+ly\s+)?(?!\w+ing\b)\w+\s*$", re.I)
# "a bill introduced by Senator X", "in a press release by X", "a study cited by X": the agent holds it.
_AGENT = re.compile(
    r"\b(?:(?i:[a-z])[a-z]+ed|release|statement|letter|report|proposal|motion|bill|amendment|resolution|petition|"
    r"opinion|ruling|decision|complaint|initiative) by "
    r"(?P<np>(?:the )?(?:(?:Sen|Rep|Del|Gov|Dr|Mr|Mrs|Ms|Prof)\.\s+)?[A-Z][^,;:\"().]{1,80}?)"
    r"(?=,|;|:|\.|\s+(?:and|to|which|that|in|on|at|for|with|would|will|has|have|is|are|was|were|says?|said)\b|$)"
)
_SANCTIONED = re.compile(
    r"\b(?:has|have|had|was|were|is|are|been|being) (?:\w+ly )?"
    r"(?:fined|sanctioned|penali[sz]ed|reprimanded|censured|ordered to)\b",
    re.I,
)
_DOCUMENT_PASSIVE = re.compile(
    r"^(?:[^,;:\"]{0,40},\s+)?(?P<np>[^,;:\"]{2,80}?)\s+(?:was|were|has been|have been|had been|is being)\s+"
    r"(?:introduced|proposed|filed|tabled|unveiled|drafted|presented)\b(?! by)",
    re.I,
)
_RELATIVE = re.compile(r"\b(?:which|who|whom|whose|where|when|whereby)\b", re.I)
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
        if sentence[:start].count(_Q) % 2:  # inside a quote: the speaker's words, not the report
            continue
        match = _SUBJECT_VERB.match(sentence[start:])
        if not match or _RELATIVE.search(match["np"]):  # "X—which passed bans": the verb is the clause's
            continue
        if _PASSIVE.match(sentence[start + len(match["np"]) : match.end() + start]):
            continue  # "Clearview AI has been fined", "legislation was introduced": no holder
        if sentence[start + match.end() :].startswith(" by "):
            continue  # "a bill introduced by X": a participle, whose agent holds the stance
        mention = _parse_np(match["np"], doc)
        if mention is None:
            continue
        if _SUBORDINATE.match(match["np"]):
            fallback = fallback or mention
            continue
        return mention
    return fallback


def _match(sentence: str, doc: _Document) -> tuple[str, _Mention] | None:
    # A long parenthetical ("(circulated amongst delegations, 29 November)") hides the verb from
    # its subject; short ones ("(EDPB)", "(FDP)") name the actor and stay.
    sentence = re.sub(r"\s*\((?:[^()\s]+\s+){2,}[^()]*\)", "", sentence)
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
                # (a lower-case role is fine when a name follows: "…," noted the rapporteur, Anna Berg)
                if not (np.strip()[:1].isupper() or np.strip().lower() in _PRONOUNS or re.search(r",\s+[A-Z]", np)):
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
    # "Clearview AI has been fined": no agent; the sanction is the stance of the regulator the
    # article is about (known after a first pass, see attribute_speakers).
    regulator = doc.leaders.get("regulator")
    if regulator and _SANCTIONED.search(sentence) and " by " not in sentence:
        return "sanction-passive", _Mention(regulator, regulator, "", False, False)
    sponsors = _sponsors(sentence)
    if sponsors:
        return "passive-agent", _Mention(sponsors, sponsors, "", False, False)
    # "New legislation was introduced ...": a bill's passive with no agent is its sponsors' (when
    # the article names them: a document binding).
    passive = _DOCUMENT_PASSIVE.match(sentence)
    if passive:
        head = _PREPOSITION.split(passive["np"].lower())[0].split()
        if head and head[-1] in doc.bindings:
            bound = doc.bindings[head[-1]]
            return "document-passive", _Mention(passive["np"], bound, "", False, False)
    for match in _AGENT.finditer(sentence):  # the agent of a passive or of a document
        if sentence[: match.start()].count(_Q) % 2 == 0:
            np = _strip_np(match["np"])
            # Only a name ("by Sen. Markey", "by the European Commission"), not "by European police".
            if _cap_runs(np) != [np.strip(".")]:
                continue
            mention = _parse_np(np, doc)
            if mention and not mention.is_reference:
                return "passive-agent", mention
    return None


def find_paragraph_starts(text: str, sentences: list[str]) -> list[bool]:
    """Which sentences open a paragraph (or a line) of the text they were split from.

    Parameters
    ----------
    text : str
        The article text; paragraphs, headings and list items are separated by line breaks.
    sentences : list of str
        Its sentences in order (e.g. from :func:`stanceclf.split_sentences`).

    Returns
    -------
    list of bool
        One per sentence: True when a line break (or the start of the text) precedes it. A sentence
        not found verbatim gives False, i.e. no evidence of a break.

    Examples
    --------
    >>> find_paragraph_starts("A said it. He agreed.\\n\\nRain fell.", ["A said it.", "He agreed.", "Rain fell."])
    [True, False, True]
    """
    starts, cursor = [], 0
    for sentence in sentences:
        head = sentence[:40]  # a stray fragment may have been joined to the sentence: match its start
        at = text.find(head, cursor)
        if at < 0:
            starts.append(False)
            continue
        starts.append(not text[cursor:at].strip() if cursor == 0 else "\n" in text[cursor:at])
        cursor = at + len(head)
    return starts


def attribute_speakers(
    sentences: list[str],
    registry: SpeakerRegistry | None = None,
    paragraph_starts: list[bool] | None = None,
) -> list[Attribution]:
    """Attribute a speaker to each sentence of one document, in order.

    Parameters
    ----------
    sentences : list of str
        The document's sentences in reading order (e.g. from :func:`stanceclf.split_sentences`).
    registry : SpeakerRegistry, optional
        Full names seen in other documents, to resolve a surname that this document never spells
        out; updated with this document's names.
    paragraph_starts : list of bool, optional
        One per sentence, True when it opens a paragraph (see :func:`find_paragraph_starts`).
        Carry-over across a paragraph break then needs a cue (a pronoun, the speaker's name, a
        quote after a colon, a definite document subject); without it, the sentences are read as
        one run and carry-over is limited by its length only (the behaviour before this option).

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
    if paragraph_starts is not None and len(paragraph_starts) != len(sentences):
        raise ValueError(f"paragraph_starts has {len(paragraph_starts)} entries for {len(sentences)} sentences")
    breaks = list(paragraph_starts) if paragraph_starts is not None else [False] * len(sentences)
    doc = _Document(normalised, registry)
    first = _attribute(normalised, doc, breaks)
    counts: dict[tuple[str, str], int] = {}
    for a in first:
        if a.rule not in ("author", "carry-over", "quote-continuation") and a.canonical[:1].isupper():
            if not all(_looks_like_person(part) for part in a.canonical.split(" and ")):
                counts[a.speaker_type, a.canonical] = counts.get((a.speaker_type, a.canonical), 0) + 1
    for (kind, name), _ in sorted(counts.items(), key=lambda item: -item[1]):
        if kind in _LEADER_TYPES:
            doc.leaders.setdefault(kind, name)
    return _attribute(normalised, doc, breaks) if doc.leaders else first


# How many unattributed sentences in a row keep the last named speaker (news paragraphs rarely run
# longer than this after an attribution).
_CARRY_OVER = 3
# A sentence opening a paragraph refers back to the last speaker only with a cue (see _carries_over):
# a third-person pronoun, or a definite document or decision as subject ("The bill ...", "However,
# the ban ...") continuing the reported action.
_BACK_PRONOUN = re.compile(r"\b(?:he|she|they)\b", re.I)  # a subject; "in their arsenals" may be anyone's
_DOCUMENT_SUBJECT = re.compile(
    r"^(?:(?:however|meanwhile|moreover|instead|still|now|also|furthermore|in addition|as a result|"
    r"(?:in|on|at|after|before|since|by|under|with|for|once) [^,]{1,30}),\s+)?(?:and |but |so |yet )?"
    r"(?:the|this|that|its|their) (?:\w+ )?"
    r"(?:legislation|bill|law|ordinance|measure|ban|moratorium|proposal|amendment|resolution|motion|letter|"
    r"petition|report|opinion|ruling|decision|statement|text)\b(?!['’]s)",
    re.I,
)


def _carries_over(text: str, previous: str, last: Attribution, paragraph_start: bool) -> bool:
    """Whether an unattributed sentence keeps the last speaker (``carry-over``).

    Within a paragraph it does (the length of the run is limited by the caller); a new paragraph
    starts a new topic unless the sentence points back: a pronoun or the speaker's name outside a
    quote, a quote after an introducing colon, or a definite document subject.
    """
    if _is_heading(text):
        return False
    if not paragraph_start:
        return True
    outside = re.sub(rf"{_Q}[^{_Q}]*(?:{_Q}|$)", " ", text)  # a pronoun inside a quote is the speaker's
    if _BACK_PRONOUN.search(outside) or _DOCUMENT_SUBJECT.match(outside.strip()):
        return True
    if previous.rstrip().endswith(":") and text.lstrip().startswith(_Q):
        return True
    names = {word.lower().strip(".'’") for run in _cap_runs(outside) for word in run.split()} - _GENERIC
    return bool(names & _tokens(last.canonical))


# A list item: a bullet, a dash, or "1." / "(a)" / "ii)" at the start of the line.
_BULLET = re.compile(r"^\s*(?:[•●▪◦‣·*]|[-–—](?=\s)|\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)])\s*")


def _is_heading(text: str) -> bool:
    """A headline or subheading: no final punctuation."""
    return not re.search(r"[.!?\"…:]\s*$", text)


def _attribute(normalised: list[str], doc: _Document, breaks: list[bool]) -> list[Attribution]:
    out: list[Attribution] = []
    last: Attribution | None = None  # last explicitly named speaker
    last_person: Attribution | None = None
    last_quote: Attribution | None = None
    quote_open = False
    previous_explicit = False
    carried = 0  # sentences carried over since the last attributed one
    list_head: Attribution | None = None  # the holder of a list introduced by "...:"
    affiliations: dict[str, str] = {}
    spellings: dict[str, str] = {}
    for i, text in enumerate(normalised):
        found = _match(text, doc)
        quotes = text.count(_Q)
        # Wholly inside a quote left open (no mark, or only the closing one at the end): the speaker's
        # own words, so a "X says" in them is no new attribution.
        inside = quote_open and (quotes == 0 or (quotes == 1 and re.search(rf"{_Q}\W*$", text) is not None))
        if found and inside and not found[0].startswith(("quote-", "name-colon", "dash-")):
            found = None
        result: Attribution | None = None
        if found:
            rule, mention = found
            if mention.is_reference and mention.surface.lower() in ("i", "we") and not quote_open:
                # First person outside a quote: the writer (an op-ed, a blog post).
                result = Attribution(mention.surface, "author", "author", "first-person")
            elif mention.is_reference:
                antecedent = last_person if mention.is_person else last
                if antecedent is not None:
                    result = Attribution(
                        mention.surface, antecedent.canonical, antecedent.speaker_type, rule, antecedent.affiliation
                    )
            else:
                # A person keeps the affiliation of an earlier mention ("Wiewiórowski said" after "EDPS ...").
                affiliation = mention.affiliation or affiliations.get(mention.canonical, "")
                affiliations.setdefault(mention.canonical, affiliation)
                # One spelling per actor: "FINE Gael MEPs" in an all-caps lead is "Fine Gael MEPs".
                canonical = spellings.setdefault(mention.canonical.lower(), mention.canonical)
                kind = guess_type(f"{canonical} {mention.surface}", affiliation)
                result = Attribution(mention.surface, canonical, kind, rule, affiliation)
                last = result
                if mention.is_person or _looks_like_person(canonical):  # "Arroyo" resolved to a full name
                    last_person = result
        starts_quoted = text.lstrip().startswith(_Q)
        if quote_open and not starts_quoted and quotes >= 2:
            quote_open = False  # a sentence with its own complete quotes: the earlier one was cut off
        # A quote after an introducing colon ("Furthermore:") continues the quoted source.
        introduced = i > 0 and normalised[i - 1].rstrip().endswith(":")
        continues_quote = quote_open or (starts_quoted and (quotes <= 2 or introduced))
        if result is None and last_quote is not None and continues_quote:
            result = Attribution(
                last_quote.speaker,
                last_quote.canonical,
                last_quote.speaker_type,
                "quote-continuation",
                last_quote.affiliation,
            )
        if result is None and list_head is not None and _BULLET.match(text):
            result = Attribution(
                list_head.speaker, list_head.canonical, list_head.speaker_type, "list-item", list_head.affiliation
            )
        if (
            result is None
            and previous_explicit
            and last is not None
            and _carries_over(text, normalised[i - 1], last, breaks[i])
        ):
            result = Attribution(last.speaker, last.canonical, last.speaker_type, "carry-over", last.affiliation)
        carried = carried + 1 if result is not None and result.rule == "carry-over" else 0
        previous_explicit = result is not None and carried < _CARRY_OVER  # a short run of context
        if result is None:
            result = Attribution("author", "author", "author", "author")
        # The items of a list introduced by "X would:" are X's, however many paragraphs they take.
        if text.rstrip().endswith(":"):
            list_head = result if result.rule != "author" else None
        elif not _BULLET.match(text):
            list_head = None
        introduces = text.rstrip().endswith(":") and result.rule not in ("carry-over", "quote-continuation")
        if (quotes or introduces) and result.rule != "author":
            last_quote = result  # "X said:" introduces the quote of the next sentences
        quote_open = (quote_open + quotes) % 2 == 1
        out.append(result)
    return _open_quotes(normalised, _close_quotes(normalised, out))


def _open_quotes(normalised: list[str], out: list[Attribution], reach: int = 4) -> list[Attribution]:
    """A quote spanning sentences and attributed at its end (rule ``quote-opening``).

    ``"At a time when ... wrong direction.`` / ``Studies show bias," Sen. Lee said.``: the sentences
    from the one opening the quote to the one closing it belong to the speaker named at the close,
    when that sentence is attributed by a quotation pattern.
    """
    out = list(out)
    for i, text in enumerate(normalised):
        opens = text.lstrip().startswith(_Q) and text.count(_Q) % 2 == 1
        if not opens or out[i].rule not in ("author", "carry-over", "quote-continuation"):
            continue
        for j in range(i + 1, min(i + 1 + reach, len(normalised))):
            if normalised[j].count(_Q) % 2 == 0:
                continue  # still inside the quote (or a complete quote of its own)
            if out[j].rule in ("quote-name-verb", "quote-verb-name", "quote-dash-name"):
                speaker = out[j]
                for k in range(i, j):
                    out[k] = Attribution(
                        speaker.speaker, speaker.canonical, speaker.speaker_type, "quote-opening", speaker.affiliation
                    )
            break
    return out


def _close_quotes(normalised: list[str], out: list[Attribution], reach: int = 4) -> list[Attribution]:
    """A quote whose opening mark was lost: look back from its closing mark (rule ``quote-closing``).

    A sentence that ends a quote it did not open (``Little of this remained."``) and the unattributed
    sentences just before it (up to ``reach``) belong to the quote's speaker: the signature on the
    next line (``– Anna Berg, …``) if there is one, else the last attributed sentence before them.
    """
    out = list(out)
    for i, text in enumerate(normalised):
        closes = re.search(rf"{_Q}\W*$", text) and text.count(_Q) % 2 == 1 and not text.lstrip().startswith(_Q)
        if not closes or out[i].rule not in ("author", "carry-over", "first-person"):  # "we" inside the quote
            continue
        start = i
        while start > 0 and i - start < reach and out[start - 1].rule == "author" and _Q not in normalised[start - 1]:
            start -= 1
        if i + 1 < len(out) and out[i + 1].rule == "dash-signature":
            speaker = out[i + 1]
        elif start > 0 and out[start - 1].rule != "author":
            speaker = out[start - 1]
        else:
            continue
        for j in range(start, i + 1):
            if out[j].rule in ("author", "carry-over", "first-person"):
                out[j] = Attribution(
                    speaker.speaker, speaker.canonical, speaker.speaker_type, "quote-closing", speaker.affiliation
                )
    return out


def attribute_text(text: str, registry: SpeakerRegistry | None = None) -> list[tuple[str, Attribution]]:
    """Split an article into sentences and attribute each: ``[(sentence, Attribution), ...]``."""
    sentences = split_sentences(text)
    return list(zip(sentences, attribute_speakers(sentences, registry, find_paragraph_starts(text, sentences))))


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
