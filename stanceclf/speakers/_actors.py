"""Vocabulary of actors: the alias table, titles written with names, honorifics and speaker-type words."""

from __future__ import annotations

import re

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
    # Lawmakers of the EU are its MEPs (the Council's members are ministers, "EU governments").
    "eu lawmakers": "MEPs",
    "european lawmakers": "MEPs",
    "european parliament lawmakers": "MEPs",
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
    # London's police force, usually "the Met" after a first mention.
    "met": "Metropolitan Police",
    "met police": "Metropolitan Police",
    "metropolitan police service": "Metropolitan Police",
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
TITLE_WORDS = {
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
# A person's title then name ("Judge Mary Cole", "Sen. Al Kim", "interior minister Ana Roy").
TITLE_BEFORE_NAME = re.compile(
    r"\b(?P<title>(?i:judge|mayor|minister|senator|sen\.|governor|gov\.|commissioner|chair|chairman|chairwoman|"
    r"president|spokesperson|spokesman|spokeswoman|sheriff|chief|director|secretary|prosecutor|rapporteur))"
    r"\s+(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){1,2})"
)
TITLE_ABBREVIATIONS = {"sen.": "senator", "gov.": "governor", "chairman": "chair", "chairwoman": "chair"}
# "Members of the European Parliament (MEPs)": a capitalised phrase and its abbreviation.
ABBREVIATION = re.compile(r"((?:[A-Z][\w’'\-]*\s+(?:of\s+|the\s+|and\s+|for\s+)*){1,7})\((\w[\w&]{1,9})\)")
_CAPITAL = re.compile(r"[A-Z]")
_RUN_REST = re.compile(r"[\w’'\-]*")


def abbreviation_pairs(sentence: str) -> list[tuple[str, str]]:
    """``ABBREVIATION.findall(sentence)`` in linear time.

    From any capital letter of a run of word characters the pattern must read to the run's end
    before the first white space, so every capital of one run succeeds or fails alike; findall
    would retry at each of them (quadratic in a long run such as "Jean-Marie-Jean-..."). Here a
    run is tried at its first capital only.
    """
    pairs, position = [], 0
    while capital := _CAPITAL.search(sentence, position):
        found = ABBREVIATION.match(sentence, capital.start())
        if found:
            pairs.append(found.groups())
            position = found.end()
        else:
            position = _RUN_REST.match(sentence, capital.end()).end()
    return pairs


# "EDPB chair Andrea Jelinek": organisation, lower-case title words, then a capitalised name.
TITLED_NAME = re.compile(
    r"^(?P<org>.*?)\s*\b(?P<title>(?:(?:[a-z\-]+|CEO|CTO|MEP|MP|DPO)\s+){1,3})(?P<name>[A-Z]\S+(?:\s+[A-Z]\S+)+)$"
)
# Honorifics dropped when resolving a surname: "Mr Philp" is "Chris Philp" when the article names him.
HONORIFIC = re.compile(
    r"^(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dame|Lord|Lady|Baroness|Baron|Sen|Rep|Del|Gov|Senator|Councilor|Councillor)"
    r"\.?\s+(?=\S+$)"
)
# Capitalised titles written before a person's name ("Police Commissioner William Gross",
# "Sen. Jeff Merkley"): not part of the name.
PERSON_TITLES = {
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
# Speaker-type guesses from words of the name or affiliation (order matters: first match wins).
TYPE_WORDS: tuple[tuple[str, frozenset[str]], ...] = (
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
