"""Turning what users type into ids: states (ISO alpha-2/3, English, Dutch), weapons, uses.

Users write "Armenië", "azerbaijan", "AZ", "Türkiye", "witte fosfor", "brandwapen".
Every miss gets a "did you mean" so a typo never becomes a wrong answer.
"""

from __future__ import annotations

import difflib
import functools
import gettext
import unicodedata
from typing import Any

GROUP_PREFIX = "group:"

# Names pycountry does not know, or knows only in an official form users do not type.
STATE_ALIASES: dict[str, str] = {
    "kosovo": "XKX",
    "xk": "XKX",
    "xkx": "XKX",
    "turkey": "TUR",
    "turkiye": "TUR",
    "turkije": "TUR",
    "palestine": "PSE",
    "state of palestine": "PSE",
    "palestina": "PSE",
    "palestijnse gebieden": "PSE",
    "occupied palestinian territory": "PSE",
    "russia": "RUS",
    "rusland": "RUS",
    "uk": "GBR",
    "great britain": "GBR",
    "britain": "GBR",
    "verenigd koninkrijk": "GBR",
    "usa": "USA",
    "us": "USA",
    "united states": "USA",
    "america": "USA",
    "verenigde staten": "USA",
    "syria": "SYR",
    "syrie": "SYR",
    "iran": "IRN",
    "burma": "MMR",
    "ivory coast": "CIV",
    "ivoorkust": "CIV",
    "south korea": "KOR",
    "north korea": "PRK",
    "zuid-korea": "KOR",
    "noord-korea": "PRK",
    "venezuela": "VEN",
    "bolivia": "BOL",
    "tanzania": "TZA",
    "moldova": "MDA",
    "laos": "LAO",
    "vietnam": "VNM",
    "czech republic": "CZE",
    "democratic republic of the congo": "COD",
    "dr congo": "COD",
    "drc": "COD",
    "holy see": "VAT",
    "vatican": "VAT",
    "macedonia": "MKD",
    "north macedonia": "MKD",
    "cape verde": "CPV",
    "swaziland": "SWZ",
    "east timor": "TLS",
    "holland": "NLD",
    # small states as people shorten them or Dutch writes them ("St" and "St." for "Saint": _build_state_table)
    "micronesie": "FSM",
    "saint kitts": "KNA",
    "sint-kitts en nevis": "KNA",
    "sint-lucia": "LCA",
    "saint vincent": "VCT",
    "sint-vincent en de grenadines": "VCT",
    "vaticaanstad": "VAT",
    "vatican city": "VAT",
}
# Articles people put before a state's name ("the Netherlands", "de Verenigde Staten"): tried without them.
ARTICLES = ("the ", "de ", "het ")
EXTRA_STATE_NAMES = {"XKX": ("Kosovo", "Kosovo")}
# Names as a sentence says them, where ISO's list inverts them ("Venezuela, Bolivariaanse Republiek (handelende
# staat) is ...") or pycountry has no Dutch: (English or None, Dutch or None); None keeps pycountry's. Users may
# type them too.
SHOWN_NAMES = {
    "BOL": (None, "Bolivia"),
    "COD": ("Democratic Republic of the Congo", "Democratische Republiek Congo"),
    "FSM": ("Micronesia", None),
    "GEO": (None, "Georgië"),
    "KOR": (None, "Zuid-Korea"),
    "MDA": (None, "Moldavië"),
    "PRK": (None, "Noord-Korea"),
    "VAT": ("Holy See", "Heilige Stoel"),
    "VEN": (None, "Venezuela"),
    "VGB": ("British Virgin Islands", "Britse Maagdeneilanden"),
    "VIR": ("United States Virgin Islands", "Amerikaanse Maagdeneilanden"),
}


class UnknownName(ValueError):
    """A name that matches no state, weapon or use; the message suggests the closest."""


def fold(text: str) -> str:
    """Lower case, accents dropped, spaces and hyphens folded: 'Armenië' -> 'armenie'."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.lower().replace("_", " ").split())


def _pycountry() -> Any:
    """pycountry, imported on first use (`import whatapplies` does not need it)."""
    import pycountry

    return pycountry


@functools.lru_cache(maxsize=1)
def _dutch() -> gettext.NullTranslations:
    try:
        return gettext.translation("iso3166-1", _pycountry().LOCALES_DIR, languages=["nl"])
    except OSError:  # pragma: no cover - pycountry always ships nl
        return gettext.NullTranslations()


def _build_state_table() -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """(index, names) from pycountry: every folded name or code -> alpha-3, and
    alpha-3 -> (English name, Dutch name)."""
    index: dict[str, str] = {}
    shown: dict[str, tuple[str, str]] = {}
    dutch = _dutch()
    for country in _pycountry().countries:
        code = country.alpha_3
        names = {country.alpha_2, country.alpha_3, country.name}
        for attribute in ("official_name", "common_name"):
            if hasattr(country, attribute):
                names.add(getattr(country, attribute))
        for name in list(names):
            names.add(dutch.gettext(name))
        english, dutch_name = SHOWN_NAMES.get(code, (None, None))
        shown[code] = (english or _pycountry_name(code, "en"), dutch_name or _pycountry_name(code, "nl"))
        for name in (*names, *shown[code]):
            index.setdefault(fold(name), code)
    for alias, code in STATE_ALIASES.items():
        index[fold(alias)] = code
    for key, code in list(index.items()):  # "Saint Lucia" is written "St Lucia" and "St. Lucia" as often
        if key.startswith("saint "):
            for short in ("st ", "st. "):
                index.setdefault(short + key[len("saint "):], code)
    return index, shown


def _state_table_key() -> str | None:
    """SHA-256 of what the state table is built from: this file, pycountry's code and its
    country data (English and Dutch), the Python version. None if pycountry cannot be read."""
    import hashlib
    import importlib.util
    import sys
    from pathlib import Path

    spec = importlib.util.find_spec("pycountry")
    if spec is None or not spec.submodule_search_locations:
        return None
    package = Path(spec.submodule_search_locations[0])
    digest = hashlib.sha256(sys.version.encode() + b"\0")
    try:
        for path in (Path(__file__), package / "__init__.py", package / "db.py", package / "databases" / "iso3166-1.json",
                     package / "locales" / "nl" / "LC_MESSAGES" / "iso3166-1.mo"):
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    except OSError:
        return None
    return digest.hexdigest()


def _is_state_table(value: Any) -> bool:
    return isinstance(value, tuple) and len(value) == 2 and all(isinstance(part, dict) for part in value)


@functools.lru_cache(maxsize=1)
def _state_table() -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """The state table, kept in the on-disk cache next to the knowledge (see knowledge.cached):
    building it from pycountry costs a cold start ~15 ms, reading it back ~1 ms."""
    from .knowledge import cached

    key = _state_table_key()
    if key is None:
        return _build_state_table()
    return cached("states", key, _build_state_table, _is_state_table)


def _state_index() -> dict[str, str]:
    return _state_table()[0]


def _suggest(word: str, choices: list[str]) -> str:
    """The closest choice; a name is not offered a two- or three-letter code ('Gaza' is not 'za')."""
    folded = fold(word)
    if len(folded) > 3:
        choices = [choice for choice in choices if len(choice) > 3]
    close = difflib.get_close_matches(folded, choices, n=1, cutoff=0.75)
    return f"; did you mean {close[0]!r}?" if close else ""


def resolve_state(text: str, what: str = "state") -> str:
    """An ISO alpha-3 code for a state name or code, or `group:NAME` for an armed group."""
    raw = text.strip()
    if raw.lower().startswith(GROUP_PREFIX):
        name = raw[len(GROUP_PREFIX) :].strip()
        if not name:
            raise UnknownName(f"{what}: armed group needs a name, as in group:NAME")
        return GROUP_PREFIX + name
    index = _state_index()
    key = fold(raw)
    code = index.get(key)
    for article in ARTICLES if code is None else ():
        if key.startswith(article) and index.get(key[len(article):]):
            code = index[key[len(article):]]
            break
    if code is None:
        raise UnknownName(f"unknown {what} {raw!r}{_suggest(raw, list(index))}")
    return code


def is_group(party: str) -> bool:
    return party.startswith(GROUP_PREFIX)


# How a sentence names a state that takes an article: (English, Dutch article, Dutch plural). English takes
# "the" for all of these; Dutch only where given ("Nederland", "Gambia" take none), and a plural name takes a
# plural verb ("de Verenigde Staten zijn").
SENTENCE_ARTICLES = {
    "USA": ("the", "de", True), "GBR": ("the", "het", False), "NLD": ("the", "", False), "PHL": ("the", "de", True),
    "RUS": ("the", "", False), "COD": ("the", "de", False), "CAF": ("the", "de", False), "DOM": ("the", "de", False),
    "ARE": ("the", "de", True), "VAT": ("the", "de", False), "BHS": ("the", "de", True), "GMB": ("the", "", False),
    "COM": ("the", "de", True), "MDV": ("the", "de", True), "MHL": ("the", "de", True), "SLB": ("the", "de", True),
    "SYC": ("the", "de", True), "VGB": ("the", "de", True), "VIR": ("the", "de", True), "CYM": ("the", "de", True),
    "FRO": ("the", "de", True), "FLK": ("the", "de", True), "COK": ("the", "de", True), "TCA": ("the", "de", True),
    "MNP": ("the", "de", True),
}


def state_in_sentence(code: str, lang: str = "en") -> str:
    """The name as the middle of a sentence says it: "the United States", "de Verenigde Staten", "Armenia"
    (a sentence capitalises its own first letter)."""
    name = state_display_name(code, lang)
    english, dutch, _ = SENTENCE_ARTICLES.get(code, ("", "", False))
    article = english if lang == "en" else dutch
    return f"{article} {name}" if article else name


def state_is_plural(code: str, lang: str = "en") -> bool:
    """Whether a sentence in `lang` treats the state's name as plural (only Dutch does, for these names)."""
    return lang == "nl" and SENTENCE_ARTICLES.get(code, ("", "", False))[2]


def state_display_name(code: str, lang: str = "en") -> str:
    if is_group(code):
        return f"armed group {code[len(GROUP_PREFIX):]}" if lang == "en" else f"gewapende groep {code[len(GROUP_PREFIX):]}"
    if code in EXTRA_STATE_NAMES:
        return EXTRA_STATE_NAMES[code][0 if lang == "en" else 1]
    names = _state_table()[1].get(code)
    if names is None:  # not an alpha-3 code as pycountry spells it
        return _pycountry_name(code, lang)
    return names[1] if lang == "nl" else names[0]


def _pycountry_name(code: str, lang: str) -> str:
    country = _pycountry().countries.get(alpha_3=code)
    if country is None:
        return code
    name = getattr(country, "common_name", None) or country.name
    if code == "PSE":
        name = "Palestine"
    if lang == "nl":
        return _dutch().gettext(country.name) if code != "PSE" else "Palestina"
    return name


def id_spellings(ident: str) -> tuple[str, str]:
    """An id as users may type it: as it is, or with spaces for its hyphens."""
    return ident, ident.replace("-", " ")


@functools.lru_cache(maxsize=16)
def _alias_index(table: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, str]:
    """Folded name -> id, built once per table (folding every alias for each lookup cost ~0.5 ms)."""
    index: dict[str, str] = {}
    for ident, aliases in table:
        for name in [*id_spellings(ident), *aliases]:
            index.setdefault(fold(name), ident)
    return index


def _lookup(text: str, table: dict[str, list[str]], what: str) -> str:
    """Find an id in {id: aliases}; ids match with '-' or ' ' alike."""
    index = _alias_index(tuple((ident, tuple(aliases)) for ident, aliases in table.items()))
    key = fold(text)
    if key in index:
        return index[key]
    if key.replace("-", " ") in index:
        return index[key.replace("-", " ")]
    hint = _suggest(text, list(index)) or f"; known: {', '.join(table)} (or leave it out)"  # few: list them
    raise UnknownName(f"unknown {what} {text.strip()!r}{hint}")


def resolve_weapon(text: str, weapons: dict[str, list[str]]) -> str:
    return _lookup(text, weapons, "weapon")


def resolve_use(text: str, uses: dict[str, list[str]]) -> str:
    return _lookup(text, uses, "use")
