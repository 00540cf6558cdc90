"""Every statement taken from the letters is a verbatim quote of its letter."""

import pytest

from whatapplies.letters import contains_quote, running_text


def test_every_quote_occurs_in_its_letter(knowledge):
    for fact in knowledge.letter_facts.values():
        assert contains_quote(knowledge.letter_texts[fact.letter], fact.quote), fact.id


def test_line_break_hyphenation_is_joined():
    assert running_text("Armenië en Azer-\nbeidzjan zegden") == "Armenië en Azerbeidzjan zegden"


def test_page_footer_inside_a_sentence_is_dropped(knowledge):
    text = running_text(knowledge.letter_texts["kst-35570-V-22"])
    assert "zoals de beginselen van onderscheid en voorzorgsmaatregelen, die dienen om de burgerbevolking" in text
    assert "kst-35570-V-22" not in text and "ISSN" not in text


def test_a_changed_quote_is_not_found(knowledge):
    letter = knowledge.letter_texts["kst-35570-V-22"]
    assert not contains_quote(letter, "Fosfor is een chemisch wapen.")


@pytest.mark.parametrize("quote", ["Fosfor is geen   chemisch\nwapen."])
def test_whitespace_in_a_quote_does_not_matter(knowledge, quote):
    assert contains_quote(knowledge.letter_texts["kst-35570-V-22"], quote)
