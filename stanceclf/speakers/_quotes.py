"""Quote spans across sentences, and the holders of headlines and of quotes that open a paragraph.

Post-passes over the attributions of one document (see :func:`._document._attribute`): each only
replaces the writer's voice or a weak guess (``author``, ``carry-over``, ``quote-continuation``),
except that a headline's description of an actor (``Privacy watchdog warns …``) gives way to the
actor the article names.
"""

from __future__ import annotations

import re

from ._names import Attribution, Document, cap_runs, guess_type, lenient_match
from ._patterns import is_heading, match_patterns
from ._phrases import parse_np
from ._vocabulary import ACTOR_HEADS, BODY_HEADS, GROUP_NOUNS, Q, ends_with_quote

# Rules that only guess from context: a later, explicit attribution may replace them.
_WEAK = ("author", "carry-over", "quote-continuation")
# Rules that attribute a quotation to its speaker.
_QUOTE_RULES = ("quote-verb-name", "quote-name-verb", "quote-dash-name", "name-colon-quote", "quote-opening")
# Rules (besides the quotation ones) and words that report speech: an attribution after a quote.
_SPEECH_RULES = (*_QUOTE_RULES, "inverted-verb", "according-to", "view-of")
_SPEECH_WORDS = re.compile(
    r"\b(?:said|says|say|added|adds|told|tells|explained|explains|argued|argues|warned|warns|noted|notes|wrote|"
    r"writes|continued|continues|insisted|insists|stressed|stresses)\b",
    re.I,
)


def _reports_speech(text: str, attribution: Attribution) -> bool:
    """Whether a sentence attributes speech to someone (not an action, nor the writer's ``I``)."""
    if attribution.rule in ("author", "first-person"):
        return False
    return attribution.rule in _SPEECH_RULES or _SPEECH_WORDS.search(_outside_quotes(text)) is not None


def _as(speaker: Attribution, rule: str) -> Attribution:
    return Attribution(speaker.speaker, speaker.canonical, speaker.speaker_type, rule, speaker.affiliation)


def _outside_quotes(text: str) -> str:
    return re.sub(rf"{Q}[^{Q}]*(?:{Q}|$)", " ", text)


def _open_before(normalised: list[str]) -> list[bool]:
    """Whether a quote is open before each sentence (as in the forward pass: a sentence with its own
    complete quotes closes a quote left open)."""
    states, open_ = [], False
    for text in normalised:
        states.append(open_)
        quotes = text.count(Q)
        if open_ and not text.lstrip().startswith(Q) and quotes >= 2:
            open_ = False
        open_ = (open_ + quotes) % 2 == 1
    return states


def _main_quoted(out: list[Attribution]) -> Attribution | None:
    """The speaker the article quotes most (first quoted on a tie), or None."""
    counts: dict[str, int] = {}
    first: dict[str, Attribution] = {}
    for a in out:
        if a.rule in _QUOTE_RULES and a.canonical != "author":
            counts[a.canonical] = counts.get(a.canonical, 0) + 1
            first.setdefault(a.canonical, a)
    return first[max(counts, key=lambda name: counts[name])] if counts else None


def open_quotes(normalised: list[str], out: list[Attribution], reach: int = 4) -> list[Attribution]:
    """A quote spanning sentences and attributed at its end (rule ``quote-opening``).

    ``"At a time when ... wrong direction.`` / ``Studies show bias," Sen. Lee said.``: the sentences
    from the one opening the quote to the one closing it belong to the speaker named at the close,
    when that sentence is attributed by a quotation pattern.
    """
    out = list(out)
    for i, text in enumerate(normalised):
        opens = text.lstrip().startswith(Q) and text.count(Q) % 2 == 1
        if not opens or out[i].rule not in ("author", "carry-over", "quote-continuation"):
            continue
        for j in range(i + 1, min(i + 1 + reach, len(normalised))):
            if normalised[j].count(Q) % 2 == 0:
                continue  # still inside the quote (or a complete quote of its own)
            if out[j].rule in ("quote-name-verb", "quote-verb-name", "quote-dash-name"):
                speaker = out[j]
                for k in range(i, j):
                    out[k] = Attribution(
                        speaker.speaker, speaker.canonical, speaker.speaker_type, "quote-opening", speaker.affiliation
                    )
            break
    return out


def close_quotes(normalised: list[str], out: list[Attribution], reach: int = 4) -> list[Attribution]:
    """A quote whose opening mark was lost: look back from its closing mark (rule ``quote-closing``).

    A sentence that ends a quote it did not open (``Little of this remained."``) and the unattributed
    sentences just before it (up to ``reach``) belong to the quote's speaker: the signature on the
    next line (``– Anna Berg, …``) if there is one, else the last attributed sentence before them.
    """
    out = list(out)
    for i, text in enumerate(normalised):
        closes = ends_with_quote(text) and text.count(Q) % 2 == 1 and not text.lstrip().startswith(Q)
        if not closes or out[i].rule not in ("author", "carry-over", "first-person"):  # "we" inside the quote
            continue
        start = i
        while start > 0 and i - start < reach and out[start - 1].rule == "author" and Q not in normalised[start - 1]:
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


# Speaker types specific enough for a description to stand for the article's named actor of that type.
_DESCRIBED_TYPES = (
    "regulator",
    "court_or_judiciary",
    "police_or_security",
    "party_group",
    "commission",
    "parliament",
    "council_or_government",
    "ngo_or_activist",
    "company",
)
_COMMON_HEADS = ACTOR_HEADS | GROUP_NOUNS | BODY_HEADS


def _described_holder(text: str, out: list[Attribution], i: int, doc: Document) -> Attribution | None:
    """``Privacy watchdog fines …``, ``…, says watchdog``: a headline describes the actor the article
    then names; the first later attribution to a named actor of the same type (``headline-forward``).

    Only for a description (no capital but the headline's first letter) left as written or
    unresolved; a described group the rules already resolved to a name keeps that name.
    """
    found = match_patterns(text, doc)
    if found is None or found[0] == "sanction-passive":  # already the article's regulator
        return None
    mention = found[1]
    surface = mention.surface
    words = surface.lower().split()
    if cap_runs(surface[:1].lower() + surface[1:]) or not words or words[-1] not in _COMMON_HEADS:
        return None  # a name ("Amnesty warns …"), not a description ("Privacy watchdog warns …")
    if out[i].rule != "author" and out[i].canonical.lower() != surface.lower():
        return None
    kind = guess_type(surface)
    if kind not in _DESCRIBED_TYPES:
        return None
    return next(
        (a for a in out[i + 1 :] if a.rule not in _WEAK and a.canonical[:1].isupper() and a.speaker_type == kind),
        None,
    )


def _colon_speaker(text: str, out: list[Attribution], i: int, doc: Document) -> Attribution | None:
    """``X: …`` (no quote after the colon): X's attribution elsewhere in the article, or None."""
    colon = re.match(rf"^(?P<np>[^:{Q}]{{2,60}}):\s+(?!{Q})\S", text)
    mention = parse_np(colon["np"], doc) if colon else None
    if mention is None or mention.is_reference or not mention.canonical:
        return None
    return next(
        (
            out[j]
            for j in range(len(out))
            if j != i and out[j].rule not in _WEAK and lenient_match(out[j].canonical, mention.canonical)
        ),
        None,
    )


def speaker_lines(
    normalised: list[str], out: list[Attribution], breaks: list[bool], doc: Document
) -> list[Attribution]:
    """``Doe: We think the ban is wrong.`` (rule ``speaker-colon``): a paragraph of a transcript or
    an interview opened by its speaker's name and a colon, when the article names that speaker
    elsewhere; the rest of the paragraph is the speaker's too (``carry-over``)."""
    out = list(out)
    for i, text in enumerate(normalised):
        if not breaks[i] or is_heading(text) or out[i].rule not in ("author", "first-person"):
            continue  # ("Doe: We think …": the "we" is Doe's, not the writer's)
        named = _colon_speaker(text, out, i, doc)
        if named is None:
            continue
        out[i] = _as(named, "speaker-colon")
        k = i + 1
        while k < len(out) and not breaks[k] and out[k].rule in ("author", "first-person", "carry-over"):
            out[k] = _as(named, "carry-over")
            k += 1
    return out


def headlines(normalised: list[str], out: list[Attribution], breaks: list[bool], doc: Document) -> list[Attribution]:
    """The holder of a headline (a line with no final punctuation opening the text or a paragraph).

    - ``headline-forward``: a description (see :func:`_described_holder`) is the actor named later.
    - ``headline-quote``: a quote the body repeats (``"A dangerous step"`` and later ``…a dangerous
      step," said X``) is the body's speaker's; failing that, a headline that opens with a quote or
      quotes at least three words is the article's most quoted speaker's.
    - ``headline-colon``: ``X: Europe must ban …`` is X's when the article attributes something
      else to X (otherwise ``X:`` is more likely the byline of an opinion piece, the writer's).
    """
    out = list(out)
    main = _main_quoted(out)
    for i, text in enumerate(normalised):
        if not (i == 0 or breaks[i]) or not is_heading(text):
            continue
        forward = _described_holder(text, out, i, doc)
        if forward is not None:
            out[i] = _as(forward, "headline-forward")
            continue
        if out[i].rule not in ("author", "quote-continuation"):
            continue
        quoted = [q.strip(" ,.;:!?…").lower() for q in re.findall(rf"{Q}([^{Q}]+){Q}", text)]
        echo = next(
            (
                out[j]
                for q in quoted
                if len(q.split()) >= 2
                for j in range(len(normalised))
                if j != i and out[j].rule not in _WEAK and q in normalised[j].lower()
            ),
            None,
        )
        if echo is not None:
            out[i] = _as(echo, "headline-quote")
            continue
        named = _colon_speaker(text, out, i, doc)
        if named is not None:
            out[i] = _as(named, "headline-colon")
            continue
        long_quote = any(len(q.split()) >= 3 for q in quoted) or text.lstrip().startswith(Q)
        if out[i].rule == "author" and main is not None and quoted and long_quote:
            out[i] = _as(main, "headline-quote")
    return out


def paragraph_quotes(
    normalised: list[str], out: list[Attribution], breaks: list[bool], reach: int = 3
) -> list[Attribution]:
    """The holder of a quote that opens a paragraph with no attribution of its own.

    ``quote-lookahead``: the attribution comes later in the paragraph (``"It is a disaster." / "We
    will fight it," said Jane Doe.`` or ``… / Doe, a lawyer, said the plan was unlawful.``), within
    ``reach`` sentences that are all quoted. ``quote-paragraph``: failing that, a quote left to the
    writer's voice is the previous paragraph's holder's, else the article's most quoted speaker's
    (a quote is never the writer's own words).
    """
    out = list(out)
    main = _main_quoted(out)
    open_before = _open_before(normalised)
    n = len(normalised)
    for i, text in enumerate(normalised):
        if not breaks[i] or not text.lstrip().startswith(Q) or is_heading(text) or out[i].rule not in _WEAK:
            continue
        speaker, j, other = None, i + 1, False
        while j < n and j - i <= reach and not breaks[j]:
            if out[j].rule not in _WEAK:
                if _reports_speech(normalised[j], out[j]):
                    speaker = out[j]
                other = speaker is None  # an action of someone else's: the quote is left alone
                break
            if not (normalised[j].lstrip().startswith(Q) or open_before[j]):
                break  # the writer's own sentence between the quote and any attribution
            j += 1
        if speaker is not None:
            for k in range(i, j):
                if out[k].rule in _WEAK:
                    out[k] = _as(speaker, "quote-lookahead")
            continue
        if out[i].rule != "author" or other:
            continue
        previous = out[i - 1] if i > 0 else None
        speaker = previous if previous is not None and _reports_speech(normalised[i - 1], previous) else main
        if speaker is None:
            continue
        k = i
        while k < n and (k == i or (not breaks[k] and open_before[k])) and out[k].rule == "author":
            out[k] = _as(speaker, "quote-paragraph")
            k += 1
    return out
