"""Word lists and regular expressions shared by the rules, and the quotation-mark normalisation they assume.

Every quotation mark is normalised to :data:`Q` (``"``) before any pattern is matched.
"""

from __future__ import annotations

import re

# Words that report speech or express a stance; their subject is the holder (ANNOTATION.md §5.2).
VERBS = (
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
    r"ruled|f(?:ind|inds|ound) that|finds|found|conclude[sd]?|accuse[sd]?|acknowledge[sd]?|admit(?:s|ted)?|"
    r"pledged|promised|"
    r"vow(?:s|ed)?|threaten(?:s|ed)?|recommend(?:s|ed)?|maintain(?:s|ed)?|contend(?:s|ed)?|point(?:s|ed)? out|"
    r"describe[sd]?|defend(?:s|ed)?|praise[sd]?|hail(?:s|ed)|slam(?:s|med)?|blast(?:s|ed)|denounce[sd]?|questioned|"
    r"predict(?:s|ed)?|confirm(?:s|ed)?|testif(?:y|ies|ied)|respond(?:s|ed)?|replied|commented|emphasi[sz]e[sd]?|"
    r"highlighted|caution(?:s|ed)|complain(?:s|ed)?|objected to|lament(?:s|ed)?|applaud(?:s|ed)?|endorse[sd]?|"
    r"champion(?:s|ed)|favou?red|resist(?:s|ed)?|refuse[sd]?|veto(?:es|ed)|ordered|prohibit(?:s|ed)?|"
    r"outlaw(?:s|ed)?|suspend(?:s|ed)?|halted|voice[sd]|stated|assert(?:s|ed)?|concede[sd]?|disagree[sd]?|"
    r"penali[sz](?:es|ed)|"
    # verbs of opinion and evaluation ("Liberty thinks…", "critics question whether…", "X called the plan
    # dangerous"); forms that are also plural nouns only with what follows a verb ("hopes that", not
    # "Fading hopes"), since a capitalised adjective before a noun would read as a subject.
    r"think|thinks|consider|considers|reckon(?:s|ed)?|hope[sd]? (?:that|to)|feels? (?:that|the|it)|"
    r"doubt(?:s|ed)? (?:that|whether|the|it)|questions? (?=whether|why|how|if|what|the|its|their)|"
    r"call(?:s|ed)?|branded|labell?ed|dubbed|"
    r"lobb(?:y|ies|ied)|campaign(?:ed)? (?:for|against)|fought (?:for|against)|"
    r"clash(?:es|ed)? (?:with|over)|spar(?:s|red)? (?:with|over)|split over|divided over|at odds (?:with|over)|"
    r"push(?:es|ed)? back|point(?:s|ed)? to|extend(?:s|ed)?|hit(?:s)? out|lash(?:es|ed)? out|"
    r"orders(?= [^.]{1,60}? to )|"
    r"quoted as saying|"
    r"(?:see|sees|saw|regard(?:s|ed)?|view(?:s|ed)?)(?= [^.,;:\"]{1,60}? as )|ma(?:de|kes?) (?:it )?clear|"
    r"(?:adamant|convinced|insistent|unconvinced) (?:that|about|of)|"
    # stance predicates after a copula ("lawmakers are focused on keeping the ban", "X is opposed to")
    r"focused on|focusing on|committed to|determined to|keen to|eager to|opposed to|in favou?r of|"
    r"(?:concerned|worried) (?:about|over|by|that)|wary of|sceptical of|skeptical of|critical of|"
    # a stance noun after a copula ("X is a vocal critic of the plan", "X was firmly against it")
    r"(?:is|are|was|were|remains?|remained|has been|have been) (?:(?:also|still|firmly|strongly|long) )?"
    r"(?:(?:a|an|the|among the) )?(?:(?:long-?time|vocal|fierce|leading|staunch|strong|outspoken|prominent|fervent) )?"
    r"(?:critics?|opponents?|supporters?|advocates?|proponents?|champions?) of|"
    r"(?:is|are|was|were|remains?|remained) (?:(?:also|still|firmly|strongly|flatly) )?against"
)
# Auxiliaries, negation and adverbs allowed between a subject and its verb.
AUX = (
    r"(?:(?:does not|do not|did not|doesn't|don't|didn't|not|never|no longer|has|have|had|is|are|was|were|will|"
    r"would|could|should|also|now|officially|overwhelmingly|today|repeatedly|strongly|already|further|"
    r"last year|recently|been|be|then|both|all|(?-i:[a-z]+ly)|definitively|finally|unanimously|formally|"
    r"continues? to|continued to|long|just|still|even|remains?|remained|set to|poised to|due to|about to|going to|"
    r"ready to|preparing to|expected to|likely to|now)\s+)*"
)
Q = '"'  # every quotation mark is normalised to this before matching
_WORD_CHAR = re.compile(r"\w")


def ends_with_quote(text: str) -> bool:
    """Whether a quotation mark ends ``text``, white space and punctuation after it aside.

    The same as ``re.search(rf"{Q}\\W*$", text)``, which is quadratic in a run of non-word
    characters (it restarts at every quotation mark); this walks back once over the trailing run.
    """
    i = len(text)
    while i and not _WORD_CHAR.match(text, i - 1):
        i -= 1
        if text[i] == Q:
            return True
    return False


NP = r"(?P<np>[^,;:\"]{1,120}?)"
PRONOUNS = {"he", "she", "they", "we", "i", "it"}
# Generic group nouns that refer back to the last named speaker when used with "the".
GROUP_NOUNS = {
    "force",  # "the force said": a police force named before
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
ACTOR_HEADS = {
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
    # bodies described, not named ("UK watchdog fines …", "the police union said")
    "watchdog",
    "union",
    "charity",
    "association",
    "federation",
    "ombudsman",
    "forces",
}
# A person described only by role: "a spokesperson for X", "a senior official at X" speaks for X.
ROLE_NOUNS = {
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "representative",
    "official",
    "member",
    "director",
    "head",
    "chief",
    "officer",
    "source",
    "lawyer",
    "adviser",
    "advisor",
    "researcher",
}
DETERMINERS = re.compile(
    r"^(?:(?:and|but|so|however|yet|meanwhile|now|today|yesterday|still|later|also|while|whereas|although|though|the|a|an|this|that|these|those|some|many|several|most|"
    r"over|about|nearly|almost|more than|at least|\d[\d,]*|a group of|group of|both(?= \S+ and )|"
    r"two|three|four|five|six|seven|eight|nine|ten|dozens of|hundreds of)\s+)+",
    re.IGNORECASE,
)
# Documents that carry the stance of whoever wrote them ("the EC's proposal calls for...").
STANCE_DOCUMENTS = {
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
    # decisions and demands ("the council's vote", "Liberty's call for a ban")
    "vote",
    "move",
    "call",
    "bid",
    "demand",
    "request",
    "amendment",
    "motion",
    "complaint",
    "lawsuit",
    "ordinance",
    "moratorium",
    "guidance",
    "recommendation",
    "recommendations",
    "warning",
    "verdict",
    "judgment",
    "judgement",
    # research ("X's research shows", "a survey by X found")
    "research",
    "analysis",
    "survey",
    "findings",
    "paper",
    "audit",
    "investigation",
    "review",
}
# Head nouns of a body's name that a generic mention ("the committee") can refer back to.
BODY_HEADS = {
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
CAMPAIGN_NOUNS = ("coalition", "campaign", "alliance", "network", "petition")
DOCUMENT_NOUNS = (
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
LEADER_TYPES = ("regulator", "ngo_or_activist")
PREPOSITION = re.compile(r"\s+(?:of|on|in|for|from|at|to|with|about|against)\s+", re.I)
LOWER_NAME_PARTICLES = {"de", "van", "von", "der", "den", "la", "le", "di", "da", "du", "and", "&"}
WORD = re.compile(r"[\w’'&.\-]+")


def normalise_quotes(text: str) -> str:
    text = re.sub(r"[“”„«»]", Q, text)
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
                char, single_open = Q, True  # an opening quote
            elif before in "sS" and not single_open and after == " ":
                char = "'"  # "the Lords' committee": a plural possessive
            else:
                char, single_open = Q, False  # a closing quote
        out.append(char)
    return "".join(out)


# A finite verb or infinitive inside the subject means the match ran past the real subject.
FINITE = re.compile(
    r"\b(?:has|have|had|is|are|was|were|will|would|can|could|should|may|might|must|do|does|did|"
    r"(?<!ed )to)\b",  # "to" after a participle modifies the subject: "a letter addressed to the minister"
    re.I,
)
LEADING_PREPOSITION = re.compile(
    r"^(?:by|in|on|at|with|for|from|after|before|during|to|under|of|into|through|despite|ahead|amid|amidst|"
    r"speaking|as|following|given|since|because|unlike|like|until|once|"
    r"instead|rather|according|thanks|due|apart|aside|regardless)(?![\w-])",  # not "At-Large"
    re.I,
)
# Dates inside a subject ("The City Council on Thursday voted"): not part of the name.
DATE_WORDS = re.compile(
    r"\s*\b(?:on|in|last|this|next|early|late|earlier|later)?\s*(?:Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December)\b(?:\s+\d+)?"
)
QUANTIFIERS = {"some", "others", "many", "several", "most", "few", "both"}
STOP_NPS = {"the", "this", "that", "it", "there", "which", "who", "what", "ai", "use", "eu"}
# Sentence adverbs and connectives: a capital at the start of a sentence, never a holder.
ADVERBS = {
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
GENERIC = {"the", "of", "and", "a", "an", "in", "for", "eu", "european", "union", "group", "s", "de", "on"}
