from stanceclf import split_sentences


def test_punkt_splits_sentences_and_keeps_abbreviations():
    text = "Mr. Smith went to the U.S. on Monday. He backs a ban. Dr. Jones does not."
    assert split_sentences(text) == ["Mr. Smith went to the U.S. on Monday.", "He backs a ban.", "Dr. Jones does not."]


def test_lines_and_paragraphs_are_hard_boundaries():
    text = "Mood change\n\nFor Renew, support grew. But now they back it.\nA caption without stop"
    assert split_sentences(text) == [
        "Mood change",
        "For Renew, support grew.",
        "But now they back it.",
        "A caption without stop",
    ]


def test_quotes_stay_with_their_sentence_and_stray_marks_join():
    text = "“This is why a ban is needed,” they say. Last year it was considered. ”"
    assert split_sentences(text) == ["“This is why a ban is needed,” they say.", "Last year it was considered. ”"]


def test_text_is_verbatim_and_empty_input_gives_nothing():
    assert split_sentences("They day  it.") == ["They day  it."]
    assert split_sentences("  \n\n ") == []
