"""Document-level attribution: rules in reading order, carry-over, quote continuation, lists and quote spans."""

from __future__ import annotations

import re

from ..sentences import split_sentences
from ._candidates import Article
from ._names import (
    CAPITALISED_FUNCTION_WORDS,
    Attribution,
    Document,
    SpeakerRegistry,
    cap_runs,
    guess_type,
    looks_like_person,
    word_tokens,
)
from ._patterns import is_heading, match_patterns
from ._phrases import parse_np
from ._quotes import close_quotes, headlines, open_quotes, paragraph_quotes, speaker_lines
from ._ranker import SpeakerRanker, load_ranker
from ._vocabulary import ADVERBS, GENERIC, LEADER_TYPES, PRONOUNS, Q, ends_with_quote, normalise_quotes


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
    *,
    method: str = "ranker",
    ranker: SpeakerRanker | None = None,
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
    method : {"ranker", "rules"}, default="ranker"
        ``"rules"``: the first rule that fires (the module docstring), ``confidence`` None.
        ``"ranker"``: the rules propose candidates and a linear model chooses
        (:class:`SpeakerRanker`); ``rule`` names the rule or context source of the chosen
        candidate and ``confidence`` is its probability.
    ranker : SpeakerRanker, optional
        A fitted ranker; the shipped one (:func:`load_ranker`) by default.

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
    if method not in ("ranker", "rules"):
        raise ValueError(f"method must be 'ranker' or 'rules', got {method!r}")
    normalised, rules, breaks, doc = _rule_pass(sentences, registry, paragraph_starts)
    if method == "rules":
        return rules
    return (ranker if ranker is not None else load_ranker()).attribute(Article(normalised, rules, breaks, doc))


def prepare_article(
    sentences: list[str], registry: SpeakerRegistry | None = None, paragraph_starts: list[bool] | None = None
) -> Article:
    """The rules' pass over one document and its candidate speakers, to fit or inspect a :class:`SpeakerRanker`.

    The parameters are those of :func:`attribute_speakers`; ``.rules`` holds the rules' attributions,
    ``.sentence_candidates(voice)`` the candidates with their features.
    """
    return Article(*_rule_pass(sentences, registry, paragraph_starts))


def _rule_pass(
    sentences: list[str], registry: SpeakerRegistry | None, paragraph_starts: list[bool] | None
) -> tuple[list[str], list[Attribution], list[bool], Document]:
    """The rules over one document: its normalised sentences, their attributions, breaks and names."""
    registry = registry if registry is not None else SpeakerRegistry()
    normalised = [normalise_quotes(s) for s in sentences]
    if paragraph_starts is not None and len(paragraph_starts) != len(sentences):
        raise ValueError(f"paragraph_starts has {len(paragraph_starts)} entries for {len(sentences)} sentences")
    breaks = list(paragraph_starts) if paragraph_starts is not None else [False] * len(sentences)
    doc = Document(normalised, registry)
    first = _attribute(normalised, doc, breaks)
    counts: dict[tuple[str, str], int] = {}
    for a in first:
        if a.rule not in ("author", "carry-over", "quote-continuation") and a.canonical[:1].isupper():
            if not all(looks_like_person(part) for part in a.canonical.split(" and ")):
                counts[a.speaker_type, a.canonical] = counts.get((a.speaker_type, a.canonical), 0) + 1
    for (kind, name), _ in sorted(counts.items(), key=lambda item: -item[1]):
        if kind in LEADER_TYPES:
            doc.leaders.setdefault(kind, name)
    return normalised, (_attribute(normalised, doc, breaks) if doc.leaders else first), breaks, doc


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
_PARTIAL_QUOTE = re.compile(rf"{Q}[^{Q}\s]+\s+[^{Q}\s]+\s+[^{Q}]+{Q}")


# Rules whose reference ("the force announced") may point to the body the same sentence opens with.
_REPORT_RULES = ("subject-verb", "trailing-verb", "inverted-verb")
_LEADING_NAME = re.compile(
    r"^(?:[^,;:\"]{0,40},\s+)?(?:[Tt]he\s+)?(?P<np>[A-Z][\w.&'-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w.&'-]*)*)"
)


# A finite verb right after the subject: an auxiliary or modal, or a verb in -s/-ed.
_FINITE_AFTER = re.compile(
    r"\s+(?:(?:also|now|still|already|recently|previously)\s+)?"
    r"(?:will|would|has|have|had|is|are|was|were|can|could|should|must|may|might|\w+(?<!s)s|\w+ed)\b"
)


def _leading_body(text: str, doc: Document) -> Attribution | None:
    """The named body (not a person) that opens a sentence as its subject: a finite verb follows."""
    lead = _LEADING_NAME.match(text)
    if not lead or not _FINITE_AFTER.match(text[lead.end() :]):
        return None
    if lead["np"].split()[0].lower() in CAPITALISED_FUNCTION_WORDS | ADVERBS:
        return None  # "But the campaigners …", "However, …": no name
    mention = parse_np(lead["np"], doc)
    if mention is None or mention.is_reference or mention.is_person or not mention.canonical[:1].isupper():
        return None
    canonical = mention.canonical
    return Attribution(mention.surface, canonical, guess_type(canonical), "subject-verb", mention.affiliation)


def _carries_over(text: str, previous: str, last: Attribution, paragraph_start: bool) -> bool:
    """Whether an unattributed sentence keeps the last speaker (``carry-over``).

    Within a paragraph it does (the length of the run is limited by the caller); a new paragraph
    starts a new topic unless the sentence points back: a pronoun or the speaker's name outside a
    quote, a quote after an introducing colon, a quotation of three words or more (someone's
    words, ``The cameras are "dangerous and unnecessary".``), or a definite document subject.
    """
    if is_heading(text):
        return False
    if not paragraph_start:
        return True
    outside = re.sub(rf"{Q}[^{Q}]*(?:{Q}|$)", " ", text)  # a pronoun inside a quote is the speaker's
    if _BACK_PRONOUN.search(outside) or _DOCUMENT_SUBJECT.match(outside.strip()):
        return True
    if previous.rstrip().endswith(":") and text.lstrip().startswith(Q):
        return True
    # Quoted words (three or more) inside a paraphrase: someone's, most likely the last speaker's. (A
    # sentence that opens with a quote is left to quote-continuation and quote-paragraph.)
    if _PARTIAL_QUOTE.search(text) and not text.lstrip().startswith(Q):
        return True
    names = {word.lower().strip(".'’") for run in cap_runs(outside) for word in run.split()} - GENERIC
    return bool(names & word_tokens(last.canonical))


# A list item: a bullet, a dash, or "1." / "(a)" / "ii)" at the start of the line.
_BULLET = re.compile(r"^\s*(?:[•●▪◦‣·*]|[-–—](?=\s)|\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)])\s*")


def _attribute(normalised: list[str], doc: Document, breaks: list[bool]) -> list[Attribution]:
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
        found = match_patterns(text, doc)
        quotes = text.count(Q)
        # Wholly inside a quote left open (no mark, or only the closing one at the end): the speaker's
        # own words, so a "X says" in them is no new attribution.
        inside = quote_open and (quotes == 0 or (quotes == 1 and ends_with_quote(text)))
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
                if mention.surface.lower() not in PRONOUNS and rule in (
                    "subject-verb",
                    "trailing-verb",
                    "inverted-verb",
                ):
                    # "The Met will double its cameras, the force announced": the body named at the
                    # start of the same sentence, rather than the last speaker.
                    leading = _leading_body(text, doc)
                    if leading is not None:
                        antecedent = last = leading
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
                if mention.is_person or looks_like_person(canonical):  # "Arroyo" resolved to a full name
                    last_person = result
        starts_quoted = text.lstrip().startswith(Q)
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
    out = open_quotes(normalised, close_quotes(normalised, out))
    out = speaker_lines(normalised, headlines(normalised, out, breaks, doc), breaks, doc)
    return paragraph_quotes(normalised, out, breaks)


def attribute_text(
    text: str, registry: SpeakerRegistry | None = None, *, method: str = "ranker"
) -> list[tuple[str, Attribution]]:
    """Split an article into sentences and attribute each: ``[(sentence, Attribution), ...]``.

    ``method`` as in :func:`attribute_speakers`.
    """
    sentences = split_sentences(text)
    starts = find_paragraph_starts(text, sentences)
    return list(zip(sentences, attribute_speakers(sentences, registry, starts, method=method)))
