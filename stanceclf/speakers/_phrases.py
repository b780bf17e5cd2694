"""Noun phrases: the words before or after a reporting verb turned into a speaker mention (or rejected)."""

from __future__ import annotations

import re

from ._actors import TITLE_ABBREVIATIONS, TITLE_WORDS, TITLED_NAME
from ._names import (
    Document,
    Mention,
    abbreviates,
    alias_of,
    cap_runs,
    guess_type,
    looks_like_person,
    strip_person_title,
)
from ._vocabulary import (
    ACTOR_HEADS,
    ADVERBS,
    DATE_WORDS,
    DETERMINERS,
    FINITE,
    GROUP_NOUNS,
    LEADING_PREPOSITION,
    PREPOSITION,
    PRONOUNS,
    QUANTIFIERS,
    ROLE_NOUNS,
    STANCE_DOCUMENTS,
    STOP_NPS,
)


def strip_np(np: str) -> str:
    np = np.strip(" \"'.,;:-–—•·*")
    np = re.sub(r"^(?:[A-Z][a-z]+ )?(?:last|this|next) (?:week|month|year|august|\w+day)\s*,?\s*", "", np, flags=re.I)
    return DETERMINERS.sub("", np).strip(" \"'")


def head_word(np: str) -> str:
    """The head noun of a noun phrase: its last word before a preposition ("study" of "a study by X")."""
    words = PREPOSITION.split(re.split(r"\s+by\s+", np.lower())[0])[0].split()
    return words[-1] if words else ""


def parse_np(np: str, doc: Document) -> Mention | None:
    """Turn the words before or after a reporting verb into a speaker, or None when they are no holder."""
    # "some officials", "a group": indefinite, a new holder; "the group", "officials": may refer back.
    indefinite = re.match(r"^\W*(?:some|many|several|a|an|other|another)\s", np, re.I) is not None
    # A bare plural ("campaigners say", "lawmakers argue") is a group in general, not one named
    # before: only "the/these campaigners" (or a singular "group") refers back.
    definite = re.match(r"^\W*(?:(?:and|but|so|yet|now|also)\s+)*(?:the|these|those|this|that|its|their)\s", np, re.I)
    # "Other regulators in Europe": a group set apart from the body the article is about.
    other = re.match(r"^\W*(?:the )?(?:other|another)\s", np, re.I) is not None
    np = re.sub(r"^(\W*(?:the )?)(?:other|another)\s+", r"\1", np, flags=re.I)
    np = strip_np(np)
    if LEADING_PREPOSITION.match(np):  # "By a final vote ...": an adverbial, not a subject
        return None
    np = DATE_WORDS.sub("", np).strip()
    if np.lower() in QUANTIFIERS:  # "Some argued", "Others claim": unnamed holders
        return Mention(np, np.lower(), "", False, False)
    if not np or (len(np) < 2 and np != "I") or len(np.split()) > 14 or np.lower() in STOP_NPS or FINITE.search(np):
        return None
    if np.split()[0].lower().strip(",") in ADVERBS:  # "Instead of the agreed pre-approval, ..."
        return None

    # "the UN's human rights chief": a role of an organisation, named as such.
    # "the committee's letter (addressed to ...) says": a group's document speaks for the group.
    group_document = re.match(r"^(?P<group>[a-z][\w -]*?)'s (?P<document>[a-z]+)\b", np)
    if group_document and group_document["document"] in STANCE_DOCUMENTS:
        return parse_np(f"the {group_document['group']}", doc)
    possessive = re.match(r"^(?P<org>[A-Z][\w.&-]*)'s (?P<role>[a-z][a-z \-]+)$", np)
    if possessive and possessive["role"].split()[-1] not in STANCE_DOCUMENTS:  # "the Senate's text": below
        name = f"{possessive['org']} {possessive['role']}"
        return Mention(name, name, possessive["org"], False, False)
    affiliation = ""
    np = re.sub(r"\s*\([^)]*\s[^)]*\)", "", np)  # "(out of 705)": a parenthetical, not an abbreviation
    # "European Data Protection Supervisor (EDPS) Wojciech Wiewiórowski": the person, with the body.
    titled = re.match(r"^(?P<org>.*\((?P<abbr>\w[\w&]{1,9})\))\s+(?P<name>[A-Z]\S+(?:\s+[A-Z]\S+)+)$", np)
    if titled and looks_like_person(titled["name"]):
        return Mention(titled["name"], doc.canonical(titled["name"]), titled["abbr"], False, True)
    # "The EC's proposed Artificial Intelligence Act calls for...": a body's document speaks for it.
    owner = re.match(r"^(?P<org>[A-Z][\w.&-]*(?: [A-Z][\w.&-]*)*)'s? (?P<rest>.+)$", np)
    if owner and owner["rest"].split()[-1].lower() in STANCE_DOCUMENTS:
        return Mention(owner["org"], doc.canonical(owner["org"]), "", False, False)
    # "the draft AI law says": a document speaks for its author, when the article names one.
    last_word = head_word(np)  # the head: "opponents of the text" is no text
    if last_word in STANCE_DOCUMENTS and "(" not in np:
        # "A report from Amnesty International warns", "the opinion of the EDPB": its named author.
        author = re.match(r"^.{0,40}?\b(?:from|by|of) (?:the )?(?P<org>[A-Z][^,]*)$", np)
        if author:
            return parse_np(author["org"], doc)
        bound = doc.bindings.get(last_word)
        return Mention(np, bound, "", False, False) if bound else None
    # "Members of the European Parliament (MEPs)", "the EDPB (...) and the EDPS (...)": abbreviations win.
    abbreviations = re.findall(r"\((\w[\w&]{1,9})\)", np)
    described = re.match(r"^(?P<what>[^()]*\b[a-z]+)\s*\((?P<abbr>[A-Z][A-Za-z&]{1,9})\)$", np)
    if described and not abbreviates(described["abbr"], described["what"]):
        # "France's privacy regulator (CNIL)": a description, then the body's own (foreign) acronym.
        return Mention(described["abbr"], doc.canonical(described["abbr"]), affiliation, False, False)
    if abbreviations and not abbreviates(abbreviations[0], np.split("(")[0]):
        # "Svenja Hahn (FDP)": the parenthesis is the person's party, not the phrase's abbreviation.
        affiliation = abbreviations[0]
        np = re.sub(r"\s*\([^)]*\)", "", np)
        abbreviations = []
    if abbreviations and all(a[0].isupper() for a in abbreviations):
        name = " and ".join(abbreviations)
        return Mention(np, name, affiliation, False, False)
    head = PREPOSITION.split(np.lower())[0].split()  # the head noun ends this: "opponents" of ...
    if not cap_runs(np[:1].lower() + np[1:]):  # a capital only at the start of a headline
        for noun in head:
            if noun in doc.bindings:
                return Mention(np, doc.bindings[noun], affiliation, False, False)
    # "the committee", "a UK committee": the one body of that kind the article names in full.
    body = doc.bodies.get(head[-1]) if head and "," not in np else None
    if body and not any(len(run.split()) > 1 and run.lower().endswith(head[-1]) for run in cap_runs(np)):
        return Mention(np, body, affiliation, False, False)
    # Appositive: "Daniel Leufer, an activist for the NGO Access Now".
    before, _, appositive = np.partition(",")
    if appositive:
        np = before.strip()
        # The last comma-separated part naming something: "Senior Policy Adviser, European Digital Rights".
        runs = [run for part in appositive.split(",") for run in cap_runs(part)[-1:]]
        affiliation = runs[-1] if runs else ""
        # "the rapporteur of the text, Senator Anna Berg": a role first, then the person's name.
        person = (strip_person_title(runs[0]) or (runs[0], ""))[0] if runs else ""
        # (or a role of an organisation first: "Liberty's director, Jane Doe, said")
        role_of = re.match(r"^(?P<org>[A-Z][\w.&' -]*?)'s [a-z][a-z -]*$", before.strip())
        own_role = re.match(r"^(?:its|their|his|her) [a-z][a-z -]*$", before.strip(), re.I)  # "Its chief, X,"
        if (not cap_runs(before) or role_of or own_role) and looks_like_person(person):
            return Mention(person, doc.canonical(person), role_of["org"] if role_of else "", False, True)
    # "X of ORG" / "lawmakers in the European People's Party".
    match = re.match(r"^(?P<x>.+?)\s+(?P<prep>of|in|from|at|for)\s+(?P<the>the\s+)?(?P<org>[A-Z].*)$", np)
    # One capitalised name with "of" inside is an institution's name ("House of Lords Committee",
    # "Court of Appeal"), unless a person comes before the "of" ("Dragoș Tudorache of Renew").
    one_name = cap_runs(np) == [np] and match is not None and not looks_like_person(match["x"])
    if match and not alias_of(np) and np.lower() not in doc.abbreviations and not one_name:
        head_words = match["x"].lower().split()
        affiliation = match["org"]
        # "regulators in Europe", "police in Paris": a place, not a body the group belongs to.
        place = match["prep"] == "in" and not match["the"] and len(match["org"].split()) == 1
        if head_words and head_words[-1] in ACTOR_HEADS | GROUP_NOUNS and not cap_runs(match["x"]) and place:
            return Mention(np, np.lower(), affiliation, False, False)
        # "lawmakers in the EPP" holds the EPP's stance; so does an unnamed role of a body ("a
        # spokesperson for the Metropolitan Police", "a senior official at the Home Office").
        speaks_for = ACTOR_HEADS | GROUP_NOUNS | (ROLE_NOUNS if match["prep"] != "in" else set())
        if head_words and head_words[-1] in speaks_for and not cap_runs(match["x"]):
            np = match["org"]
        else:
            np = match["x"]
    lower = np.lower()
    words = lower.split()
    # "the judge", "the interior minister": the one person the article names with that title.
    title = TITLE_ABBREVIATIONS.get(words[-1], words[-1]) if words else ""
    if not cap_runs(np) and len(words) <= 2 and title in doc.titled and not indefinite:
        return Mention(np, doc.titled[title], affiliation, False, True)
    if lower in PRONOUNS:
        return Mention(np, "", affiliation, True, lower in ("he", "she"))
    # "Its president argued", "their spokesperson said": a role of the last named body (or person).
    if len(words) in (2, 3) and words[0] in ("its", "their", "his", "her") and words[-1] in ROLE_NOUNS | TITLE_WORDS:
        return Mention(np, "", affiliation, True, words[0] in ("his", "her"))
    if not cap_runs(np) and words and words[-1] in GROUP_NOUNS and len(words) <= 2 and not indefinite:
        if definite or not words[-1].endswith("s"):
            return Mention(np, "", affiliation, True, False)  # "the group", "the regulators"
    runs = cap_runs(np)
    if runs:
        # "EDPB chair Andrea Jelinek": a title between an organisation and a person's name.
        title = TITLED_NAME.match(np)
        if title and {w.lower() for w in title["title"].split()} & TITLE_WORDS:
            name = title["name"]
            if " and " in name or looks_like_person(name):
                affiliation = affiliation or title["org"].strip()
                return Mention(name, doc.canonical(name), affiliation, False, True)
        titled = strip_person_title(runs[-1]) if np.endswith(runs[-1]) else None
        if titled:
            name, org = titled
            return Mention(name, doc.canonical(name), affiliation or org, False, True)
        if len(runs) == 1 and runs[0] == np or alias_of(np) or lower in doc.abbreviations:
            return Mention(np, doc.canonical(np), affiliation, False, looks_like_person(np))
        if " and " in np and all(cap_runs(p) for p in np.split(" and ")):
            return Mention(np, doc.canonical(np), affiliation, False, False)
        last = runs[-1]
        if head and head[-1] in ACTOR_HEADS and not np.endswith(last):
            # "European Union data protection regulators", "EU governments": a described group.
            leader = None if other else doc.leaders.get(guess_type(np))
            return Mention(np, leader or np, affiliation, False, False)
        if runs == [last] and np.startswith(last + " ") and " " not in last and not last.isupper():
            if last not in doc.names_inside and not alias_of(last) and last.lower() not in doc.abbreviations:
                return None  # "Facial recognition threatens …": a capital only because the sentence starts
        return Mention(last, doc.canonical(last), affiliation, False, looks_like_person(last))
    if head and head[-1] in ACTOR_HEADS:
        leader = None if other else doc.leaders.get(guess_type(np))
        if leader:
            return Mention(np, leader, affiliation, False, False)
        return Mention(np, lower, affiliation, False, False)  # "opponents of live face recognition"
    return None
