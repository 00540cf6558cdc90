"""How a state's standing under a treaty came to be dated, in English or Dutch.

treaty_time.py computes each stretch of a state's standing from the treaty's own clauses
and tells why in an `Account`: a message key and its values. `whatapplies treaties`
shows the account in the language asked for; the answers' reasons do not use it.
"""

from __future__ import annotations

from typing import NamedTuple, Union


class Localised(NamedTuple):
    """A value worded per language (a treaty's name)."""

    en: str
    nl: str


class Account(NamedTuple):
    """A message key and its values; a value may be an account of its own (a clause inside a sentence)."""

    key: str
    values: tuple[tuple[str, Union[str, Localised, "Account"]], ...] = ()

    @classmethod
    def of(cls, key: str, **values: Union[str, Localised, "Account"]) -> "Account":
        return cls(key, tuple(values.items()))

    def say(self, lang: str = "en") -> str:
        words = {name: _value(value, lang) for name, value in self.values}
        return MESSAGES[lang][self.key].format(**words)


def _value(value: Union[str, Localised, Account], lang: str) -> str:
    if isinstance(value, Account):
        return value.say(lang)
    if isinstance(value, Localised):
        return value.nl if lang == "nl" else value.en
    return value


MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "before-treaty": "before {treaty} entered into force ({in_force})",
        "no-data": "no membership data",
        "status-unknown": "membership status not known",
        "date-unknown": "a party, but the date it became bound is not known",
        "not-a-party": "not a party",
        "signatory": "signatory, not bound",
        "dated": "{standing} (as read in a source of {as_of})",
        "dated-then-unknown": "{standing} as read in a source of {as_of}, and no later source is on record: an "
                              "instrument deposited on {read} would have bound it from {earliest} ({article}{immediate})",
        "or-at-once": ", or at once under {article}",
        "before-entry-into-force": "before its entry into force for this state",
        "succession-unrecorded": "succession notified {deposit}; the day the depositary counts it from (often the "
                                 "state's independence) is not recorded, so before the entry into force computed from "
                                 "the notification the state may or may not have been bound",
        "deposit-imprecise": "deposit known only as {deposit}; entry into force between {earliest} and {latest} ({article})",
        "in-force-recorded": "in force from {since} (recorded)",
        "in-force-computed": "in force from {since} (computed under {article})",
        "withdrawal-recorded": "withdrawal effective {effective} (recorded; {article})",
        "withdrawal-announced": "withdrawal announced {announced}, {on_record}; notified on {notice_day}, it would "
                                "take effect {expiry} ({article}){proviso}, so whether the state is bound after then is "
                                "not known",
        "no-notice": "its notification to the depositary not on record",
        "no-notice-as-of": "no notification to the depositary on record as of {as_of}",
        "then-only-if-not-engaged": ", and then only if the state is not engaged in an armed conflict",
        "notice": "withdrawal notified {notified}, notice period ends {expiry} ({article})",
        "withdrawn": "{notice}",
        "withdrawn-not-engaged": "{notice}; not then engaged in an armed conflict",
        "withdrawal-engagement-unknown": "{notice}; it takes effect then only if the state is not engaged in an armed "
                                         "conflict, which is not known",
        "withdrawal-held": "{notice}; engaged in an armed conflict then, so it takes no effect before that conflict ends",
        "withdrawn-after-conflict": "{notice}; effective {effective}, when the armed conflict ended",
        "": "",
    },
    "nl": {
        "before-treaty": "voordat {treaty} in werking trad ({in_force})",
        "no-data": "geen gegevens over deelname",
        "status-unknown": "status van deelname niet bekend",
        "date-unknown": "partij, maar de datum waarop het gebonden werd, is niet bekend",
        "not-a-party": "geen partij",
        "signatory": "ondertekend, niet gebonden",
        "dated": "{standing} (volgens een bron uit {as_of})",
        "dated-then-unknown": "{standing} volgens een bron uit {as_of}, en er is geen latere bron: een akte "
                              "nedergelegd op {read} zou het gebonden hebben vanaf {earliest} ({article}{immediate})",
        "or-at-once": ", of direct op grond van {article}",
        "before-entry-into-force": "vóór de inwerkingtreding voor deze staat",
        "succession-unrecorded": "opvolging ter kennis gebracht op {deposit}; de dag vanaf welke de depositaris die laat "
                                 "gelden (vaak die van de onafhankelijkheid), is niet geregistreerd, dus vóór de uit de "
                                 "kennisgeving berekende inwerkingtreding was de staat misschien wel, misschien niet gebonden",
        "deposit-imprecise": "akte slechts bekend als {deposit}; inwerkingtreding tussen {earliest} en {latest} ({article})",
        "in-force-recorded": "in werking vanaf {since} (geregistreerd)",
        "in-force-computed": "in werking vanaf {since} (berekend volgens {article})",
        "withdrawal-recorded": "opzegging van kracht op {effective} (geregistreerd; {article})",
        "withdrawal-announced": "opzegging aangekondigd op {announced}, {on_record}; was de kennisgeving op "
                                "{notice_day} gedaan, dan zou de opzegging van kracht worden op {expiry} ({article})"
                                "{proviso}, dus of de staat daarna gebonden is, is niet bekend",
        "no-notice": "de kennisgeving aan de depositaris is niet geregistreerd",
        "no-notice-as-of": "op {as_of} was geen kennisgeving aan de depositaris geregistreerd",
        "then-only-if-not-engaged": ", en dan alleen als de staat niet bij een gewapend conflict betrokken is",
        "notice": "opzegging ter kennis gebracht op {notified}, opzegtermijn eindigt op {expiry} ({article})",
        "withdrawn": "{notice}",
        "withdrawn-not-engaged": "{notice}; de staat was toen niet bij een gewapend conflict betrokken",
        "withdrawal-engagement-unknown": "{notice}; de opzegging wordt dan alleen van kracht als de staat niet bij een "
                                         "gewapend conflict betrokken is, en dat is niet bekend",
        "withdrawal-held": "{notice}; de staat was toen bij een gewapend conflict betrokken, dus de opzegging wordt "
                           "niet van kracht voordat dat conflict eindigt",
        "withdrawn-after-conflict": "{notice}; van kracht op {effective}, toen het gewapende conflict eindigde",
        "": "",
    },
}
