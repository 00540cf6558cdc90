"""Reason templates to sentences, in English or Dutch.

A rule's reason is a template such as "{who.state:state} is not bound by the
{st.instrument:instrument} on {sc.date:date}." The part after the colon says how to
show a value (a state code as its name, a treaty id as its name, ...). Dutch sentences
come from the message catalogue locale/nl.yaml, keyed like the rules; a rule without a
Dutch entry falls back to English rather than to nothing. A verb agrees with a state
named as its subject through a spec of two words: "{who.state:is|zijn}" ("de Verenigde
Staten zijn", "Armenië is").
"""

from __future__ import annotations

import datetime as dt
import functools
import string
from importlib import resources
from typing import Any, Callable

import yaml

from .knowledge import Knowledge
from .names import state_in_sentence, state_is_plural

ROLES = {
    "en": {"actor": "acting state", "acting-state": "acting state", "territorial-state": "territorial state, for the armed group",
           "opponent": "opposing state", "territory": "territorial state", "nationality": "state of nationality",
           "involved": "involved state"},
    "nl": {"actor": "handelende staat", "acting-state": "handelende staat", "territorial-state": "territoriale staat, voor de gewapende groep",
           "opponent": "tegenpartij", "territory": "territoriale staat", "nationality": "staat van nationaliteit",
           "involved": "betrokken staat"},
}
CONFLICTS = {
    "en": {"international": "international", "non-international": "non-international", "none": "no armed conflict"},
    "nl": {"international": "internationaal", "non-international": "niet-internationaal", "none": "geen gewapend conflict"},
}
DECLARATIONS = {
    "en": {"rome-12-3": "art. 12(3)", "rome-124": "art. 124", "api-90": "AP I art. 90"},
    "nl": {"rome-12-3": "art. 12(3)", "rome-124": "art. 124", "api-90": "AP I art. 90"},
}
# Why a state's standing under a treaty is unknown on a date (treaty_time.Segment.basis).
UNKNOWN_BASES = {
    "en": {"no-data": "there is no data on its participation",
           "status-unknown": "whether it participates is not known",
           "date-unknown": "it is a party, but the date it became bound is not known",
           "deposit-imprecise": "the date of its instrument is known only roughly, so the day the treaty entered into "
                                "force for it is not known",
           "withdrawal-in-armed-conflict": "its withdrawal takes effect only if it is not engaged in an armed conflict "
                                           "when the notice period ends, which is not known",
           "withdrawal-announced": "it announced its withdrawal, and whether the withdrawal has taken effect is not known",
           "status-as-of": "it is recorded as not bound only as of an earlier date, and it may have joined since",
           "succession-unrecorded": "it notified its succession to the treaty later, and the day from which the "
                                    "succession counts (often the state's independence) is not recorded",
           "": "there is no reliable data"},
    "nl": {"no-data": "er zijn geen gegevens over zijn deelname",
           "status-unknown": "of het deelneemt, is niet bekend",
           "date-unknown": "het is partij, maar de datum waarop het gebonden werd, is niet bekend",
           "deposit-imprecise": "de datum van zijn akte is slechts bij benadering bekend, dus de dag waarop het verdrag "
                                "voor het in werking trad, is niet bekend",
           "withdrawal-in-armed-conflict": "zijn opzegging wordt alleen van kracht als het bij het einde van de "
                                           "opzegtermijn niet bij een gewapend conflict betrokken is, en dat is niet bekend",
           "withdrawal-announced": "het kondigde zijn opzegging aan, en of die van kracht is geworden, is niet bekend",
           "status-as-of": "het staat alleen per een eerdere datum als niet gebonden geboekt, en het kan sindsdien "
                           "zijn toegetreden",
           "succession-unrecorded": "het gaf later kennis van zijn opvolging in het verdrag, en de dag vanaf welke die "
                                    "opvolging geldt (vaak die van de onafhankelijkheid), is niet geregistreerd",
           "": "er zijn geen betrouwbare gegevens"},
}
WORDS = {
    "en": {"and": "and", "or": "or", "yes": "yes", "no": "no", "the weapon": "the weapon", "to": "to"},
    "nl": {"and": "en", "or": "of", "yes": "ja", "no": "nee", "the weapon": "het wapen", "to": "tot en met"},
}


@functools.lru_cache(maxsize=4)
def catalogue(lang: str) -> dict[str, str]:
    if lang == "en":
        return {}
    path = resources.files("whatapplies").joinpath("locale", f"{lang}.yaml")
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        return {}


def _day_before(iso: str) -> str:
    return (dt.date.fromisoformat(iso) - dt.timedelta(days=1)).isoformat() if iso else ""


class Renderer(string.Formatter):
    """Formats reason templates with values taken from the facts a rule matched."""

    def __init__(self, knowledge: Knowledge, lang: str = "en"):
        super().__init__()
        self.knowledge = knowledge
        self.lang = lang if lang in ROLES else "en"
        self._kinds: dict[str, Callable[[Any], str]] = {  # format spec -> how a value is shown
            "state": self._state,
            "states": self._states,
            "states_or": lambda v: self._states(v, "or"),
            "instrument": self._instrument,
            "weapon": self._weapon,
            "use": self._use,
            "use_clause": self._use_clause,
            "category": self._category,
            "until_clause": self._until_clause,
            "date": lambda v: str(v) if v else "?",
            "date_before": lambda v: _day_before(str(v)) if v else "?",
            "yesno": lambda v: WORDS[self.lang].get(str(v), str(v)),
            "role": lambda v: ROLES[self.lang].get(str(v), str(v)),
            "conflict": lambda v: CONFLICTS[self.lang].get(str(v), str(v)),
            "declaration": lambda v: DECLARATIONS[self.lang].get(str(v), str(v)),
            "unknown_basis": lambda v: UNKNOWN_BASES[self.lang].get(str(v), UNKNOWN_BASES[self.lang][""]),
            "subject": str,
            "text": str,
            "": str,
        }
        self._parsed: dict[str, list[tuple[str, str | None, str]] | None] = {}

    # -- values
    def _state(self, value: Any) -> str:
        return state_in_sentence(str(value), self.lang) if value else "?"

    def _states(self, value: Any, joined: str = "and") -> str:
        """The states' names in a list: "A, B and C", or with `joined="or"` "A, B or C" (any one will do)."""
        names = [self._state(v) for v in value or []]
        if len(names) <= 1:
            return "".join(names)
        return f"{', '.join(names[:-1])} {WORDS[self.lang][joined]} {names[-1]}"

    def _instrument(self, value: Any) -> str:
        named = self.knowledge.treaties.get(str(value)) or self.knowledge.organisations.get(str(value))
        if named is None:
            return str(value)
        return named.in_text if self.lang == "en" else named.in_text_nl

    def _weapon(self, value: Any) -> str:
        weapon = self.knowledge.weapons.weapons.get(str(value))
        if weapon is None:
            return WORDS[self.lang]["the weapon"]
        return weapon.name if self.lang == "en" else weapon.name_nl

    def _use(self, value: Any) -> str:
        use = self.knowledge.weapons.uses.get(str(value))
        if use is None:
            return ""
        return use.name if self.lang == "en" else use.name_nl

    def _use_clause(self, value: Any) -> str:
        use = self._use(value)
        if not use:
            return ""
        return f"used {use}" if self.lang == "en" else f"gebruikt {use}"

    def _category(self, value: Any) -> str:
        category = self.knowledge.weapons.categories.get(str(value))
        if category is None:
            return str(value)
        return category.name if self.lang == "en" else category.name_nl

    def _until_clause(self, value: Any) -> str:
        return f" {WORDS[self.lang]['to']} {_day_before(str(value))}" if value else ""

    def format_field(self, value: Any, format_spec: str) -> str:
        shown = self._kinds.get(format_spec)
        if shown is not None:
            return shown(value)
        if "|" in format_spec:  # a verb that agrees with the state `value`: "singular|plural"
            singular, _, plural = format_spec.partition("|")
            return plural if value and state_is_plural(str(value), self.lang) else singular
        return str(value)

    def get_field(self, field_name: str, args: Any, kwargs: Any) -> Any:
        return kwargs.get(field_name, ""), field_name

    def sentence(self, template: str, message_key: str, values: dict[str, Any]) -> str:
        chosen = catalogue(self.lang).get(message_key, template)
        text = " ".join(self.format_named(chosen, values).split()).replace(" ,", ",").replace(" .", ".")
        return text[:1].upper() + text[1:]  # a reason may open with a weapon's name

    def format_named(self, template: str, values: dict[str, Any]) -> str:
        """`self.vformat(template, (), values)`, with the template parsed once: vformat parses it on every
        call, and a batch renders the same few hundred templates hundreds of thousands of times. A template
        with a conversion (`!r`), a field inside a format spec or a positional field goes through vformat."""
        parsed = self._parsed.get(template, False)
        if parsed is False:
            parsed = self._parsed[template] = self._parse_plain(template)
        if parsed is None:
            return self.vformat(template, (), values)
        return "".join(literal if name is None else literal + self.format_field(values.get(name, ""), spec)
                       for literal, name, spec in parsed)

    def _parse_plain(self, template: str) -> list[tuple[str, str | None, str]] | None:
        pieces: list[tuple[str, str | None, str]] = []
        for literal, name, spec, conversion in self.parse(template):
            if name is not None and (conversion or "{" in (spec or "") or not name or name.isdigit()):
                return None
            pieces.append((literal, name, spec or ""))
        return pieces
