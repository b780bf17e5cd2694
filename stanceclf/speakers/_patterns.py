"""Sentence-level rules: the ordered quotation and reporting patterns, the subject of a reporting verb, passives."""

from __future__ import annotations

import re

from ._names import Document, Mention, cap_runs, find_sponsors, looks_like_person
from ._phrases import head_word, parse_np, strip_np
from ._vocabulary import AUX, NP, PREPOSITION, PRONOUNS, STANCE_DOCUMENTS, VERBS, Q

_Q_ = Q
# Verbs that only report speech or opinion (no action): safe after the noun phrase they report.
_SPEECH_VERBS = (
    r"says|said|say|argues|argued|warns|warned|adds|added|claims|claimed|insists|insisted|notes|noted|writes|wrote|"
    r"explains|explained|believes|believed|contends|contended|maintains|maintained|stresses|stressed|"
    r"points out|pointed out|observes|observed|concludes|concluded|cautions|cautioned"
)
_VIEW_NOUNS = r"(?:view|opinion|eyes|words|assessment|estimation|judge?ment|analysis)"
# Verbs that attribute a quotation only (next to a quote mark), besides the reporting verbs.
_QUOTE_VERBS = (
    rf"{VERBS}|continued|continues|remarked|remarks|tweeted|tweets|posted|posts|went on|goes on|reads|read|"
    r"recalled|recalls|quipped|mused|conceded|joked|summed up|elaborated|wrote in|told"
)
_PATTERNS: tuple[tuple[str, re.Pattern], ...] = (
    ("quote-verb-name", re.compile(rf"{_Q_}\s*,?\s*(?:{_QUOTE_VERBS})\s+(?P<np>[^.;\"]+)", re.I)),
    # (the name may carry an appositive: '"…," Jane Doe, a lawyer at Liberty, said.')
    (
        "quote-name-verb",
        re.compile(
            rf"[,.!?…]\s*{_Q_}\s*,?\s*(?P<np>[^,;:\"]{{1,120}}?(?:,\s*[^,;:\"]{{1,100}}?,)?)\s+{AUX}(?:{_QUOTE_VERBS})\b",
            re.I,
        ),
    ),
    (
        "quote-dash-name",
        re.compile(
            rf"{_Q_}\s*[,–—-]\s*(?P<np>[A-Z][^,.;\"]{{2,60}})\s*$|{_Q_}\s*[–—]\s*(?P<np2>[A-Z][^;\"]{{2,120}}?)\.?$"
        ),
    ),
    ("name-colon-quote", re.compile(rf"^(?P<np>[^:\"]{{2,60}}):\s*{_Q_}")),
    ("dash-signature", re.compile(r"^[–—-]\s*(?P<np>[A-Z][^;\"]{2,120})$")),
    ("according-to", re.compile(r"\baccording to (?P<np>[^;:\"]+?)(?:,|\.|$)", re.I)),
    # "The ban is overdue, says Amnesty International.": a reporting verb inverted after a paraphrase.
    ("inverted-verb", re.compile(rf",\s+(?:{_SPEECH_VERBS})\s+(?P<np>[^;\"]{{2,120}}?)\s*[.!]?\s*$", re.I)),
    # "In the view of the EDPS, …", "In Amnesty's view, …", "As Jane Doe put it, …": a stance framed
    # as someone's view; "The EDPS's position is that …": a stance noun owned by its holder.
    (
        "view-of",
        re.compile(
            rf"^(?:in|from) (?:the )?{_VIEW_NOUNS} of (?P<np>[^,;:\"]{{2,80}}),"
            rf"|^in (?P<np2>[^,;:\"]{{2,60}}?)'s? {_VIEW_NOUNS},"
            rf"|^as (?P<np3>[^,;:\"]{{2,60}}?) (?:put it|puts it|(?:{_SPEECH_VERBS})),",
            re.I,
        ),
    ),
    (
        "stance-noun",
        re.compile(
            r"^(?P<np>[^,;:\"]{2,60}?)'s? (?:position|view|stance|argument|concern|fear|message|verdict|conclusion|"
            r"assessment|line|belief|hope|demand|case|point) (?:is|was|remains|has been|has long been)\b",
            re.I,
        ),
    ),
    (
        "relative-clause",
        re.compile(
            rf"(?P<np>[^,;:\"]{{2,120}}?),?\s+(?:which|who)\s+(?:[^,;\"]{{0,40}}?\s|[^;\"]{{0,80}}?,\s+)?{AUX}(?:{VERBS})\b",
            re.I,
        ),
    ),
    (
        "such-as",
        re.compile(rf"\b(?:such as|including|like|notably)\s+(?P<np>[A-Z][^,;\"]{{1,40}}),\s+{AUX}(?:{VERBS})\b"),
    ),
    (
        "support-from",
        re.compile(r"^(?:support|backing|opposition) (?:from|by) (?P<np>[^,;:\"]+)|^For (?P<np2>[^,]+), ", re.I),
    ),
    # "Today, Acme Watch along with Fair Data and 30 groups launched…": the first-named actor leads.
    (
        "along-with",
        re.compile(
            rf"(?:^|, )(?P<np>[A-Z][^,;:\"]{{1,60}}?),? (?:along|together) with [^;\"]{{1,200}}? {AUX}(?:{VERBS})\b"
        ),
    ),
    ("trailing-verb", re.compile(rf",\s+{NP}\s+{AUX}(?:{VERBS})\s*\.?\s*$", re.I)),
    # "Anna Berg, a member of the committee, backed the ban": a name, an appositive, the verb.
    (
        "appositive-subject",
        re.compile(rf"^(?P<np>[A-Z][^,;:\"]{{2,60}}), (?!which|who)(?P<app>[^,;\"]{{2,80}}), {AUX}(?:{VERBS})\b"),
    ),
    # "Minister Ann Lee sparked alarm among campaigners when she …": a person whose action drew
    # concern or criticism holds the stance of that action (a thing that sparks concern holds
    # nothing: see concern-among).
    (
        "sparked-concern",
        re.compile(
            rf"^(?:[^,;:\"]{{0,40}},\s+)?(?P<np>[^,;:\"]{{2,80}}?)\s+{AUX}(?:spark(?:s|ed)|dr(?:ew|aws)|"
            r"provok(?:es|ed)|trigger(?:s|ed)|caus(?:es|ed)|prompt(?:s|ed))\s+(?:\w+\s+){0,2}"
            r"(?:alarm|concerns?|criticism|outrage|anger|backlash|fears?|protests?|condemnation)\b",
            re.I,
        ),
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
    # "The move was welcomed by privacy campaigners": the agent of an evaluation holds the stance, named
    # or described (a described agent must be an actor group, see parse_np).
    (
        "evaluative-passive",
        re.compile(
            r"\b(?:is|are|was|were|been|being) (?:\w+ly )?(?:welcomed|critici[sz]ed|condemned|opposed|backed|"
            r"supported|praised|slammed|rejected|denounced|challenged|hailed|applauded|endorsed|questioned|"
            r"attacked|decried|resisted|championed|lambasted|blasted|disputed|contested) by "
            r"(?P<np>[^,;:\"()]{2,80}?)(?=[,;.:]|$|\s+(?:who|which|as|because|over|and|in|for|amid|after)\b)",
            re.I,
        ),
    ),
    # "The EDPB's call for a ban was ignored", "despite Amnesty's opposition to the plan": a stance
    # noun with its owner named in the possessive.
    (
        "possessive-stance",
        re.compile(
            r"(?:^|,\s+|\b(?:despite|after|following|amid|with|given) )(?:the )?(?P<np>[A-Z][\w.&' -]{1,60}?)'s? "
            r"(?:\w+ )?(?:calls?|demands?|push|support|opposition|criticism|warnings?|plea|appeal|campaign|bid|"
            r"refusal|rejection|backing|endorsement|objections?|concerns?|insistence) (?:for|to|against|of|on|that)\b"
        ),
    ),
    # "Research by the University of Essex shows …", "Liberty's analysis reveals …": a study or a
    # report that shows something is the stance of its named author (its head must be a document).
    (
        "document-shows",
        re.compile(
            r"^(?:[^,;:\"]{0,40},\s+)?(?P<np>[^,;:\"]{2,100}?)\s+(?:also\s+)?(?:shows?|showed|suggests?|suggested|"
            r"reveals?|revealed|demonstrates?|demonstrated|indicates?|indicated|highlights?|highlighted)\b",
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
_SUBJECT_VERB = re.compile(rf"^{NP}(?<!'s){_NOT_AFTER}\s+{AUX}(?:{VERBS})\b", re.I)
# The auxiliaries and verb of a passive ("has been fined", "was introduced"), not a progressive
# ("are asking"): the subject undergoes the action; the holder is the agent after "by", if any.
_PASSIVE = re.compile(r"^\s*(?:\w+\s+)*?(?:is|are|was|were|been|being)\s+(?:\w+ly\s+)?(?!\w+ing\b)\w+\s*$", re.I)
# "a bill introduced by Senator X", "in a press release by X", "a study cited by X": the agent holds it.
_AGENT = re.compile(
    r"\b(?:(?i:[a-z])[a-z]+ed|release|statement|letter|report|proposal|motion|bill|amendment|resolution|petition|"
    r"opinion|ruling|decision|complaint|initiative|study|research|analysis|survey|audit|review|paper) by "
    r"(?P<np>(?:the )?(?:(?:Sen|Rep|Del|Gov|Dr|Mr|Mrs|Ms|Prof)\.\s+)?[A-Z][^,;:\"().]{1,80}?)"
    r"(?=,|;|:|\.|\s+(?:and|to|which|that|in|on|at|for|with|would|will|has|have|is|are|was|were|says?|said|"
    r"shows?|showed|finds?|found|concludes?|concluded|suggests?|suggested|warns?|warned)\b|$)"
)
_SANCTIONED = re.compile(
    r"\b(?:has|have|had|was|were|is|are|been|being) (?:\w+ly )?"
    r"(?:fined|sanctioned|penali[sz]ed|reprimanded|censured|ordered to)\b",
    re.I,
)
# Headline English: "Clearview AI fined €20m" (no auxiliary).
_HEADLINE_SANCTION = re.compile(r"^[^,;:]{2,60}?\s(?:fined|sanctioned|penali[sz]ed|reprimanded|censured)\b", re.I)
_DOCUMENT_PASSIVE = re.compile(
    r"^(?:[^,;:\"]{0,40},\s+)?(?P<np>[^,;:\"]{2,80}?)\s+(?:was|were|has been|have been|had been|is being)\s+"
    r"(?:introduced|proposed|filed|tabled|unveiled|drafted|presented)\b(?! by)",
    re.I,
)
_RELATIVE = re.compile(r"\b(?:which|who|whom|whose|where|when|whereby)\b", re.I)
_SUBORDINATE = re.compile(r"^(?:and |but )?(?:while|whereas|although|though|even as|even though|if)\b", re.I)


def is_heading(text: str) -> bool:
    """A headline or subheading: no final punctuation."""
    return not re.search(r"[.!?\"…:]\s*$", text)


# In a headline a bare past form after the subject is a passive ("Police told to stop", "Clearview
# AI fined €20m"): headlines report what a subject did in the present tense ("EU bans …").
_HEADLINE_PARTICIPLE = re.compile(
    r"^\s*(?:\w+ed|told|said|hit|sued|shut|caught|given|held|seen|found|taken|brought|set|made|urged)\s*$", re.I
)
# "Boston to ban facial recognition": headline English for a planned action.
_INTENT_NOUNS = {
    "effort",
    "efforts",
    "plan",
    "plans",
    "call",
    "calls",
    "move",
    "moves",
    "bid",
    "bids",
    "push",
    "attempt",
    "attempts",
    "vote",
    "votes",
    "motion",
    "pressure",
    "campaign",
    "drive",
    "deal",
    "time",
    "decision",
    "proposal",
    "bill",
    "law",
    "way",
    "race",
    "rush",
    "battle",
    "fight",
    "pledge",
    "promise",
    "order",
    "appeal",
}
# "Court rules police use … unlawful": "rules" is a verb only after a court or a regulator ("New
# rules ban …" is a noun).
_HEADLINE_RULES = re.compile(
    r"^(?P<np>[^,;:\"]{0,60}?\b(?:court|courts|judge|judges|tribunal|regulator|watchdog|ombudsman)) rules\b", re.I
)
_HEADLINE_FUTURE = re.compile(rf"^{NP}(?<!'s){_NOT_AFTER}\s+to\s+(?:{VERBS})\b", re.I)


def _subject_verb(sentence: str, doc: Document) -> Mention | None:
    """The subject of a reporting verb at the start of a clause, after an optional lead-in.

    Clause starts are the sentence start and each comma in its first 160 characters; the first
    start whose subject parses as a holder wins, but a subordinate "While X ..." clause only when
    the main clause yields nothing ("While Germany has pushed..., EU governments have worked").
    """
    sentence = re.sub(r'^"[^"]*"\s*:\s*', "", sentence)  # a quoted headline kicker: "'Historic Moment': ..."
    heading = is_heading(sentence)
    starts = [0] + [m.end() for m in re.finditer(r"(?:,|\s[–—]|:)\s+", sentence[:160])]
    fallback = None
    for start in starts:
        if sentence[:start].count(Q) % 2:  # inside a quote: the speaker's words, not the report
            continue
        match = _SUBJECT_VERB.match(sentence[start:])
        if not match and heading:  # headline future: "Boston to ban facial recognition"
            match = _HEADLINE_FUTURE.match(sentence[start:]) or _HEADLINE_RULES.match(sentence[start:])
            if match and match["np"].split()[-1].lower() in _INTENT_NOUNS:
                continue  # "Plans to ban …", "Calls to ban …": a noun, not a subject
        if not match or _RELATIVE.search(match["np"]):  # "X—which passed bans": the verb is the clause's
            continue
        verb = sentence[start + len(match["np"]) : match.end() + start]
        if _PASSIVE.match(verb):
            continue  # "Clearview AI has been fined", "legislation was introduced": no holder
        if heading and _HEADLINE_PARTICIPLE.match(verb):
            continue  # headline English drops the auxiliary of a passive: "Clearview AI fined €20m"
        if sentence[start + match.end() :].startswith(" by "):
            continue  # "a bill introduced by X": a participle, whose agent holds the stance
        mention = parse_np(match["np"], doc)
        if mention is None:
            continue
        if _SUBORDINATE.match(match["np"]):
            fallback = fallback or mention
            continue
        return mention
    return fallback


def match_patterns(sentence: str, doc: Document) -> tuple[str, Mention] | None:
    # A long parenthetical ("(circulated amongst delegations, 29 November)") hides the verb from
    # its subject; short ones ("(EDPB)", "(FDP)") name the actor and stay.
    sentence = re.sub(r"\s*\((?:[^()\s]+\s+){2,}[^()]*\)", "", sentence)
    for rule, pattern in _PATTERNS:
        if rule == "trailing-verb":  # subject-verb goes just before the trailing-verb rule
            mention = _subject_verb(sentence, doc)
            trailing = pattern.search(sentence)
            if mention and not (trailing and parse_np(trailing["np"], doc)):
                return "subject-verb", mention
        for match in pattern.finditer(sentence):
            groups = match.groupdict()
            np = groups.get("np") or groups.get("np2") or groups.get("np3") or ""
            if rule == "inverted-verb" and sentence[: match.start()].count(Q) % 2:
                continue  # inside a quote: the speaker's own words
            if rule in ("quote-verb-name", "inverted-verb"):
                np = np.split(" in a ")[0].split(" to ")[0]
                # (a lower-case role is fine when a name follows: "…," noted the rapporteur, Anna Berg)
                named = np.strip()[:1].isupper() or np.strip().lower() in PRONOUNS or re.search(r",\s+[A-Z]", np)
                # '…," said a spokesperson for Liberty': a described person who speaks for a named body
                named = named or re.search(r"\b(?:for|of|at|from)\s+(?:the\s+)?[A-Z]", np)
                if not named and rule == "quote-verb-name":  # (after a speech verb any holder will do)
                    continue  # '…,' calls for a ban: the verb's object, not a speaker
            elif (
                rule == "appositive-subject"
                and re.search(r"(?:'s|^(?:[Ii]ts|[Tt]heir|[Hh]is|[Hh]er)) [a-z][a-z -]*$", np)
                and looks_like_person(" ".join(cap_runs(match["app"])[:1]))
            ):
                np = f"{np}, {match['app']}"  # "Liberty's director, Jane Doe, said": the named person
            elif rule == "name-colon-quote":  # "She added: ..." -> "She"
                # (also "A statement from X read:", "X wrote on Twitter:")
                np = re.sub(
                    rf"\s+{AUX}(?:{_QUOTE_VERBS})(?:\s+(?:on|in|to)\s+[^:]{{1,40}})?$", "", np.strip(), flags=re.I
                )
                np = re.sub(r"\s+(?:was|is|were|are)\s+\w+$", "", np)  # "Doe was blunt: …" -> "Doe"
            elif rule == "relative-clause":
                # The antecedent of "who/which" is the last noun phrase: from its last determiner.
                tail = re.split(r"\b(?:the|a|an)\s+(?=\S)", np, flags=re.I)
                np = tail[-1] if tail[-1].strip() else np
            if rule == "document-shows" and head_word(np) not in STANCE_DOCUMENTS:
                continue  # "Data shows …": only a document has an author
            mention = parse_np(np, doc)
            if rule == "sparked-concern" and not (mention and mention.is_person):
                continue  # only a person's action: "Revelation sparks concern among MPs" is the MPs'
            if mention:
                return rule, mention
    # "Clearview AI has been fined": no agent; the sanction is the stance of the regulator the
    # article is about (known after a first pass, see attribute_speakers).
    regulator = doc.leaders.get("regulator")
    sanctioned = _SANCTIONED.search(sentence) or (is_heading(sentence) and _HEADLINE_SANCTION.search(sentence))
    if regulator and sanctioned and " by " not in sentence:
        return "sanction-passive", Mention(regulator, regulator, "", False, False)
    sponsors = find_sponsors(sentence)
    if sponsors:
        return "passive-agent", Mention(sponsors, sponsors, "", False, False)
    # "New legislation was introduced ...": a bill's passive with no agent is its sponsors' (when
    # the article names them: a document binding).
    passive = _DOCUMENT_PASSIVE.match(sentence)
    if passive:
        head = PREPOSITION.split(passive["np"].lower())[0].split()
        if head and head[-1] in doc.bindings:
            bound = doc.bindings[head[-1]]
            return "document-passive", Mention(passive["np"], bound, "", False, False)
    for match in _AGENT.finditer(sentence):  # the agent of a passive or of a document
        if sentence[: match.start()].count(Q) % 2 == 0:
            np = strip_np(match["np"])
            # Only a name ("by Sen. Markey", "by the European Commission"), not "by European police".
            if cap_runs(np) != [np.strip(".")]:
                continue
            mention = parse_np(np, doc)
            if mention and not mention.is_reference:
                return "passive-agent", mention
    return None
