"""Speaker attribution: who holds the stance of each sentence of an article.

Rules propose, a model chooses. An ordered rule system over one document's sentences (see
data/ANNOTATION.md, §3; no tagger or parser, only regular expressions and word lists) gives each
sentence an attribution naming the rule that made it. By default (``method="ranker"`` of
:func:`attribute_speakers`) that attribution is one candidate among several (module
``_candidates``: the previous and the next explicit speaker, the last quoted one, the paragraph's
first speaker, the article's most attributed, most quoted and most named actors, names in the
headline and in the sentence, the subject of any verb, the writer), and :class:`SpeakerRanker`
(module ``_ranker``, two logistic regressions shipped as plain JSON in ``ranker.json``, rebuilt by
``python -m benchmarks.speakers fit``) chooses one, with its probability as ``confidence``; the
chosen attribution's ``rule`` names the rule or the context source that proposed it. Measured
figures: BENCHMARKS.md (issue 16). ``method="rules"`` gives the rules alone, as below.

Per sentence, the first rule that fires wins (quotation marks are normalised to ``"`` first):

1. ``quote-verb-name``   ``"…," said Dragoș Tudorache of Renew.``
2. ``quote-name-verb``   ``"…," EDPB chair Andrea Jelinek said.`` / ``"…," she said.`` /
   ``"…," Jane Doe, a lawyer at Liberty, said.`` (next to a quote, also ``continued``,
   ``remarked``, ``tweeted``…)
3. ``quote-dash-name``   ``AI Act: "…", Svenja Hahn`` (a name after a closing quote) / ``"…" – Jane
   Doe, director of Liberty``
4. ``name-colon-quote``  ``Hahn warns: "…"`` / ``Doe was blunt: "…"`` / ``A statement from X read: "…"``
5. ``dash-signature``    ``– Sarah Chander, Senior Policy Adviser, European Digital Rights``
6. ``according-to``      ``According to EDRi member Linus Neumann, …``
7. ``inverted-verb``     ``…, says Amnesty International.`` / ``…, argues Jane Doe, a lawyer.``
   (a speech verb after the paraphrase it reports, at the end of the sentence, outside a quote)
8. ``view-of``           ``In the view of the EDPS, …``, ``In Amnesty's view, …``, ``As X put it, …``
9. ``stance-noun``       ``The EDPS's position is that …`` (position, view, argument, concern…)
10. ``relative-clause``  ``…the EDPB, which last year called for…`` / ``X, who …, warned``
11. ``such-as``          ``some countries, such as France, fear…``
12. ``support-from``     ``Support from Renew, …`` / ``For Renew, support for the ban grew``
13. ``subject-verb``     the subject of a reporting or stance verb (say, warn, urge, call for, back,
    oppose, vote, want, told…) at the start of a clause: ``The EDPB and EDPS urged…``,
    ``On top of that, the EDPB argued…``; a main clause wins over a ``While X…`` clause.
    Also reported actions (sponsor, introduce, pass, fine, block, challenge, aim/seek/plan to) and
    progressives (``officials are asking``), verbs of opinion (think, consider, hope, question,
    ``calls the plan dangerous``, ``sees it as``, ``made clear``) and stance predicates
    (``lawmakers are focused on``, ``X is opposed to``, ``X is a vocal critic of``); never a
    passive (``X has been fined``: X is no holder) nor a participle (``a bill introduced by X``),
    never a clause inside a quote (nor a sentence wholly inside a quote left open by an earlier
    one), and not ``Assembly`` read as an ``-ly`` adverb nor a noun after ``of`` (``a flurry of
    fines``) read as the verb. In a headline (no final punctuation), a bare participle is a
    passive (``Clearview AI fined €20m``, the article's regulator's as ``sanction-passive``),
    ``X to ban …`` a planned action (not ``Plans to ban``) and ``X rules`` a verb after a court or
    a regulator only. Conflicts (``MEPs clash with member states``) and planned actions (``are set
    to push for``) count too.
14. ``trailing-verb``    ``…, a coalition of privacy advocates have claimed.``
15. ``appositive-subject`` ``Anna Berg, a member of the committee, backed the vote``;
    ``Liberty's director, Jane Doe, said`` and ``Its chief, Hoan Lee, said`` are the person's
    (``Its president argued`` alone refers back to the last named body).
16. ``concern-among``    ``The plan sparked concern among MPs and watchdogs``; but a person whose
    action drew it holds that action's stance (``sparked-concern``: ``Minister Ann Lee sparked
    alarm among campaigners when she …``).
17. ``challenge-from``   ``the ban faced a challenge from the EPP``, ``a request from the
    regulator (CNIL)``: whoever challenges, requests, demands or objects holds the stance.
18. ``evaluative-passive`` ``The move was welcomed by Amnesty International`` (welcomed,
    criticised, backed, rejected… by a named or described actor).
    ``possessive-stance``: ``The EDPB's call for a ban was ignored`` (call, demand, support,
    opposition, warning… owned in the possessive).
    ``document-shows``: ``Research by the University of Essex shows …``, ``Liberty's analysis
    reveals …`` (a study, report or analysis with a named author; ``Data … shows`` has none).
19. ``psych-object``     ``…, which does not reassure opponents of the text``: the one worried,
    (not) reassured or convinced.
20. ``subject-relative`` ``The coalition, which includes …, has made its demands official``
21. ``list-intro``       ``Further, the bill would:`` (a subject, a modal and a colon).
22. ``sanction-passive`` ``Clearview AI has been fined`` with no agent: the regulator the article
    is about (the most attributed one, known after a first pass).
23. ``passive-agent``    the named agent of a passive or of a document: ``a bill introduced by
    Sen. Lee Park``, ``in a press release by X``, ``a study cited by X``, ``a study by X shows``
    (only a capitalised name); a bill introduced by several named people is theirs as a group,
    ``bill sponsors``. ``document-passive``: ``New legislation was introduced …`` is the stance
    of whoever the article says introduced it.
24. ``quote-continuation`` a sentence that is only a quote, or inside a quote left open, keeps the
    speaker of the last quote; a sentence ending in ``:`` with an explicit speaker (``X said:``)
    introduces the quote of the next sentences, and a quote right after any colon
    (``Furthermore:``) continues the last quoted source.
25. ``list-item``        a bullet or numbered item after ``X would:`` (and the items after it) is X's.
26. ``carry-over``       a sentence with no attribution after one with a speaker keeps it, for up to
    :data:`_CARRY_OVER` sentences in a row (annotators follow the paragraph's holder,
    ANNOTATION.md §3); never for a heading. When paragraph starts are given, a sentence opening a
    paragraph is carried over only with a cue: a ``he``/``she``/``they`` outside a quote, the
    speaker's name, a quote after a colon, or a definite document subject (``The bill …``).
27. ``author``           otherwise the writer's own voice; so is ``I``/``we`` outside a quote
    (``first-person``).

After the pass (module ``_quotes``), ``quote-closing``: a sentence that closes a quote it did not
open (``…remained."``) and the unattributed sentences just before it take the quote's speaker: the
signature on the next line (``– Sarah Chander, …``), else the last attributed sentence before them.
Then ``quote-opening``: a quote that opens a paragraph, runs over several sentences and is
attributed where it closes (``…bias," Sen. Lee Park said.``) is that speaker's from its first
sentence. Then the headlines (a line with no final punctuation that opens the text or a
paragraph): ``headline-forward``, a description (``Privacy watchdog warns …``, ``…, says
watchdog``) is the first actor of that type the article names; ``headline-quote``, a quote the body
repeats is the body's speaker's, else a headline quote is the article's most quoted speaker's;
``headline-colon``, ``X: …`` is X's when the article attributes something else to X (else a
byline); and in the body, ``speaker-colon``: a paragraph ``Doe: We think …`` of a transcript or an
interview is Doe's (with the rest of the paragraph) when the article names Doe elsewhere. Last,
when paragraph starts are given, a quote that opens a paragraph with no attribution
of its own: ``quote-lookahead``, the attribution later in the same paragraph (``"…" "…," said X.``,
``"…" X said …``); else ``quote-paragraph``, the previous paragraph's speaker when it reports
speech, else the article's most quoted speaker.

A subject or name is kept only if it looks like a holder: a capitalised name, an abbreviation, a
pronoun, or a lower-case group whose head noun is an actor word ("opponents of…", "lawmakers").
Sentence adverbs (``Instead``, ``However``) and a subject followed by a relative pronoun
(``towns—…—which passed bans``) are no holders. Pronouns (``he``, ``she``, ``they``) and generic
group nouns (``the group``, ``the regulators``) resolve to the last named speaker (``he``/``she`` to
the last named person); ``other regulators`` are set apart from the article's regulator. A person
described only by role speaks for their body (``a spokesperson for the Metropolitan Police``), and
a document for its named author (``a report from Amnesty International warns``). A capitalised
function word opening a sentence is no first name (``For Doe, …`` is no person ``For Doe``), and a
word capitalised only at a sentence start is no name unless the article capitalises it elsewhere
(``Facial recognition threatens privacy`` has no holder ``Facial``). A bare plural (``campaigners
say``) is any such group, not a reference back (``the campaigners``); a reference that reports a
sentence opening with a named body (``The Met will double its cameras, the force announced``) is
that body's.

Names are normalised per document in a first pass (:class:`Document`):

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

Modules: ``_vocabulary`` (word lists, regular expressions, quotation-mark normalisation),
``_actors`` (alias table, titles, speaker-type words), ``_names`` (:class:`Attribution`,
:class:`SpeakerRegistry`, per-document name normalisation, :func:`guess_type`,
:func:`lenient_match`), ``_phrases`` (a noun phrase to a speaker mention), ``_patterns`` (the
sentence-level rules), ``_document`` (the pass in reading order, carry-over,
:func:`attribute_speakers`, :func:`find_paragraph_starts`, :func:`attribute_text`) , ``_quotes``
(the post-passes over quote spans, headlines and paragraph-opening quotes), ``_candidates``
(candidates and their features) and ``_ranker`` (:class:`SpeakerRanker`, :func:`load_ranker`).

Aliases: ``Full Name (ACRONYM)`` makes the acronym the actor's name in that article and, through the
:class:`SpeakerRegistry` (``abbreviations``, ``variants``), in every later one; the actor table of
:func:`stanceclf.analyze` lists the other names each actor was found under (``variants``).
"""

from ._actors import ALIASES
from ._document import attribute_speakers, attribute_text, find_paragraph_starts, prepare_article
from ._names import Attribution, SpeakerRegistry, guess_type, lenient_match
from ._ranker import RANKER_PATH, SpeakerRanker, load_ranker

__all__ = [
    "Attribution",
    "SpeakerRegistry",
    "attribute_speakers",
    "attribute_text",
    "lenient_match",
    "find_paragraph_starts",
    "guess_type",
    "ALIASES",
    "RANKER_PATH",
    "SpeakerRanker",
    "load_ranker",
    "prepare_article",
]
