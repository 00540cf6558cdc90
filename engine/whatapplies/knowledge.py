"""Load seeds/ into one validated, immutable Knowledge, indexed by state and treaty.

A bad data file is refused here with its file, entry and field named, so a typo in the
data can never silently become a legal answer.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from .errors import first_error
from .knowledge_models import (
    Classification,
    Declaration,
    DeclarationsComplete,
    Letter,
    LetterFact,
    LettersFile,
    Membership,
    Organisation,
    Referral,
    StateFile,
    Treaty,
    VetoedDraft,
    WeaponsFile,
)
from .models import FactOut
from .treaty_time import Timeline, timeline
from .yamlio import DuplicateKey, load_yaml


class DataError(Exception):
    """A data file in seeds/ is malformed; the message names file, entry and field."""


def _read_yaml(path: Path, where: str | None = None) -> Any:
    try:
        data = load_yaml(path.read_text(encoding="utf-8"), checked=True)
    except DuplicateKey as error:
        raise DataError(f"{where or path.name}: {error}") from None
    except yaml.YAMLError as error:
        raise DataError(f"{path.name}: not valid YAML: {error}".splitlines()[0]) from None
    except OSError as error:
        raise DataError(f"{path}: cannot read: {error.strerror}") from None
    return data


def _validate(model: type[BaseModel], data: Any, where: str) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise DataError(f"{where}: {first_error(error)}") from None


@dataclass(frozen=True)
class Knowledge:
    """Everything in seeds/, validated. Read-only after loading."""

    treaties: dict[str, Treaty]
    states: Mapping[str, StateFile]  # a PackedStates
    referrals: tuple[Referral, ...]
    organisations: dict[str, Organisation]
    weapons: WeaponsFile
    letters: dict[str, Letter]
    letter_facts: dict[str, LetterFact]
    letter_texts: dict[str, str]
    vetoed_drafts: tuple[VetoedDraft, ...] = ()
    timelines: dict[tuple[str, str], Timeline] = field(default_factory=dict)
    state_facts: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict, repr=False, compare=False)
    alias_tables: dict[str, dict[str, list[str]]] = field(default_factory=dict, repr=False, compare=False)

    # ------------------------------------------------------------ lookups
    def membership(self, state: str, treaty: str) -> Membership | None:
        record = self.states.get(state)
        return None if record is None else record.memberships.get(treaty)

    def timeline(self, state: str, treaty: str) -> Timeline:
        key = (state, treaty)
        if key not in self.timelines:
            self.timelines[key] = timeline(self.treaties[treaty], self.membership(state, treaty))
        return self.timelines[key]

    def declarations(self, state: str) -> tuple[Declaration, ...]:
        record = self.states.get(state)
        return () if record is None else tuple(record.declarations)

    def declarations_complete(self, state: str) -> dict[str, DeclarationsComplete]:
        """Per declaration type, the complete list read for `state`, if any (knowledge_models.DeclarationsComplete)."""
        record = self.states.get(state)
        return {} if record is None else dict(record.declarations_complete)

    def aliases(self, kind: str) -> dict[str, list[str]]:
        """What each weapon or use (`kind` "weapons" or "uses") may be called besides its id
        (Named.spellings), made once: every scenario with a weapon looks it up."""
        table = self.alias_tables.get(kind)
        if table is None:
            named = self.weapons.weapons if kind == "weapons" else self.weapons.uses
            table = self.alias_tables[kind] = {key: [text for _, text in value.spellings()] for key, value in named.items()}
        return table

    def classifications(self, weapon: str) -> tuple[Classification, ...]:
        return tuple(c for c in self.weapons.classifications if c.weapon == weapon)

    # ------------------------------------------------------------ facts shown in answers
    def fact(self, fact_id: str, lang: str = "en") -> FactOut:
        """A fact as answers show it, in their language (statements.py)."""
        from .statements import describe

        return describe(self, fact_id, lang)


class PackedStates(Mapping[str, StateFile]):
    """The states' files, each kept pickled until it is first asked for.

    A cold `whatapplies ask` is about two or three states; unpickling every state's file
    with the cached Knowledge took ~8 ms with 51 states, and more with each state added.
    A state is pickled on its own only when the Knowledge is (`__reduce__`), not when the
    seeds are loaded. Read-only, as Knowledge is. Threads share it without a lock (a lock
    held while a batch forks its workers would stay locked in them): two threads opening
    the same state at once each unpickle it, and `setdefault` keeps the first, so all use
    the same record.
    """

    __slots__ = ("_codes", "_packed", "_open")

    def __init__(self, packed: dict[str, bytes], opened: dict[str, StateFile] | None = None) -> None:
        self._codes = tuple(opened if opened is not None else packed)
        self._packed = packed
        self._open: dict[str, StateFile] = dict(opened or {})

    def __getitem__(self, code: str) -> StateFile:
        record = self._open.get(code)
        if record is None:
            packed = self._packed[code]  # KeyError for a state without a file, as from a dict
            record = self._open.setdefault(code, pickle.loads(packed))
        return record

    def __contains__(self, code: object) -> bool:
        return code in self._open or code in self._packed

    def __iter__(self) -> Iterator[str]:
        return iter(self._codes)

    def __len__(self) -> int:
        return len(self._codes)

    def __reduce__(self) -> tuple[type[PackedStates], tuple[dict[str, bytes]]]:
        packed = {code: self._packed[code] if code in self._packed
                  else pickle.dumps(self._open[code], protocol=pickle.HIGHEST_PROTOCOL) for code in self._codes}
        return PackedStates, (packed,)


def _load_states(directory: Path) -> PackedStates:
    states: dict[str, StateFile] = {}
    for path in sorted(directory.glob("*.yaml")):
        data = _read_yaml(path, f"states/{path.name}")
        record: StateFile = _validate(StateFile, data, f"states/{path.name}")
        if record.state != path.stem:
            raise DataError(f"states/{path.name}: field state: {record.state!r} does not match the file name")
        states[record.state] = record
    return PackedStates({}, states)


def _check_references(knowledge: Knowledge) -> None:
    """Cross-file checks: every id a file uses must exist elsewhere."""
    from .letters import contains_quote  # imported here: a Knowledge read from the cache is not checked again

    seen_declarations: set[str] = set()
    for code, record in knowledge.states.items():
        for treaty_id in record.memberships:
            if treaty_id not in knowledge.treaties:
                raise DataError(f"states/{code}.yaml: memberships.{treaty_id}: unknown treaty {treaty_id!r}")
        for index, declaration in enumerate(record.declarations):
            if declaration.id in seen_declarations:
                raise DataError(f"states/{code}.yaml: declarations.{index}.id: duplicate id {declaration.id!r}")
            seen_declarations.add(declaration.id)
    for index, fact in enumerate(knowledge.letter_facts.values()):
        if fact.letter not in knowledge.letters:
            raise DataError(f"letters.yaml: facts.{index}.letter: unknown letter {fact.letter!r}")
        if not contains_quote(knowledge.letter_texts[fact.letter], fact.quote):
            raise DataError(f"letters.yaml: facts.{index} ({fact.id}).quote: not found in letter {fact.letter}")
    for code, record in knowledge.states.items():
        for treaty_id, membership in record.memberships.items():
            for letter_fact in membership.letter_facts:
                if letter_fact not in knowledge.letter_facts:
                    raise DataError(f"states/{code}.yaml: memberships.{treaty_id}.letter_facts: unknown letter fact {letter_fact!r}")
    weapons = knowledge.weapons
    seen_classifications: dict[tuple[str, str], set[str]] = {}
    for item in weapons.classifications:
        seen_classifications.setdefault((item.weapon, item.category), set()).add(item.use)
    for (weapon_id, category), uses in seen_classifications.items():
        if "any" in uses and len(uses) > 1:
            raise DataError(f"weapons.yaml: classifications: {weapon_id}/{category} is classified both for any use and per use")
    for index, item in enumerate(weapons.classifications):
        where = f"weapons.yaml: classifications.{index}"
        if item.weapon not in weapons.weapons:
            raise DataError(f"{where}.weapon: unknown weapon {item.weapon!r}")
        if item.use != "any" and item.use not in weapons.weapons[item.weapon].uses:
            raise DataError(f"{where}.use: {item.use!r} is not a use of {item.weapon}")
        if item.letter_fact and item.letter_fact not in knowledge.letter_facts:
            raise DataError(f"{where}.letter_fact: unknown letter fact {item.letter_fact!r}")
    for weapon_id, weapon in weapons.weapons.items():
        for use in weapon.uses:
            if use not in weapons.uses:
                raise DataError(f"weapons.yaml: weapons.{weapon_id}.uses: unknown use {use!r}")
    _check_names_unambiguous("weapons", weapons.weapons)
    _check_names_unambiguous("uses", weapons.uses)


def _check_names_unambiguous(section: str, table: dict[str, Any]) -> None:
    """A name users may type (id, alias, English or Dutch name) must mean one entry only: else the first
    entry would silently win."""
    from .names import fold, id_spellings

    owner: dict[str, str] = {}
    for ident, item in table.items():
        for where, name in [*(("id", text) for text in id_spellings(ident)), *item.spellings()]:
            first = owner.setdefault(fold(name), ident)
            if first != ident:
                raise DataError(f"weapons.yaml: {section}.{ident}.{where}: {name!r} already names {first}")


def load(root: Path | None = None) -> Knowledge:
    """Read and validate every data file under `root` (default: the installed seeds)."""
    root = seeds_root() if root is None else root
    treaties_data = _read_yaml(root / "treaties.yaml") or {}
    treaties: dict[str, Treaty] = {}
    for index, entry in enumerate(treaties_data.get("treaties", [])):
        treaty: Treaty = _validate(Treaty, entry, f"treaties.yaml: treaties.{index}")
        if treaty.id in treaties:
            raise DataError(f"treaties.yaml: treaties.{index}.id: duplicate id {treaty.id!r}")
        treaties[treaty.id] = treaty

    letters_file: LettersFile = _validate(LettersFile, _read_yaml(root / "letters.yaml"), "letters.yaml")
    letter_texts = {}
    for letter in letters_file.letters:
        path = root / "letters" / letter.file
        try:
            letter_texts[letter.id] = path.read_text(encoding="utf-8")
        except OSError:
            raise DataError(f"letters.yaml: letter {letter.id}: file letters/{letter.file} missing") from None

    referrals_data = _read_yaml(root / "referrals.yaml") or {}
    referrals = tuple(
        _validate(Referral, entry, f"referrals.yaml: referrals.{index}")
        for index, entry in enumerate(referrals_data.get("referrals", []))
    )
    vetoed_drafts = tuple(
        _validate(VetoedDraft, entry, f"referrals.yaml: vetoed_drafts.{index}")
        for index, entry in enumerate(referrals_data.get("vetoed_drafts", []))
    )
    orgs_data = (_read_yaml(root / "organisations.yaml") or {}).get("organisations", {})
    organisations = {
        key: _validate(Organisation, value, f"organisations.yaml: organisations.{key}") for key, value in orgs_data.items()
    }
    weapons_data = {k: v for k, v in (_read_yaml(root / "weapons.yaml") or {}).items() if not k.startswith("_")}
    weapons: WeaponsFile = _validate(WeaponsFile, weapons_data, "weapons.yaml")

    letter_facts: dict[str, LetterFact] = {}
    for index, fact in enumerate(letters_file.facts):
        if fact.id in letter_facts:
            raise DataError(f"letters.yaml: facts.{index}.id: duplicate id {fact.id!r}")
        letter_facts[fact.id] = fact

    knowledge = Knowledge(
        treaties=treaties,
        states=_load_states(root / "states"),
        referrals=referrals,
        organisations=organisations,
        weapons=weapons,
        letters={letter.id: letter for letter in letters_file.letters},
        letter_facts=letter_facts,
        letter_texts=letter_texts,
        vetoed_drafts=vetoed_drafts,
    )
    _check_references(knowledge)
    return knowledge


# ---------------------------------------------------------------- the on-disk cache
#
# Reading and validating seeds/ takes ~80 ms; unpickling the validated Knowledge takes ~5 ms.
# `load_cached` keeps the Knowledge that `load` built in a pickle named after a SHA-256 of
# everything it was built from: the bytes of every file under the seeds root, the source of
# the modules that read and validate it (so a change to a model or to a validation rule
# invalidates it), and the Python and pydantic versions. Any change gives a new name, so a
# stale pickle is never read; an unreadable one is ignored and rebuilt. `load` itself never
# touches the cache: data validation always runs the validation.

#: Set to 0 (or off/no/false) to bypass the cache: always read and validate seeds/.
CACHE_ENV = "WHATAPPLIES_CACHE"
#: Where the cache lives (default: $XDG_CACHE_HOME/whatapplies or ~/.cache/whatapplies).
CACHE_DIR_ENV = "WHATAPPLIES_CACHE_DIR"
_KEEP = 8  # cache files kept per directory (one per seeds/code version seen)
# The modules whose source decides what a Knowledge holds (relative to this package).
_CODE = ("__init__.py", "knowledge.py", "knowledge_models.py", "treaty_time.py", "models.py", "yamlio.py",
         "letters.py", "errors.py")


def cache_enabled() -> bool:
    return os.environ.get(CACHE_ENV, "1").strip().lower() not in ("0", "off", "no", "false")


def cache_dir() -> Path:
    configured = os.environ.get(CACHE_DIR_ENV)
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "whatapplies"


def seeds_root() -> Path:
    """The installed seeds/ folder."""
    return Path(str(resources.files("whatapplies.seeds")))


def _code_digest() -> bytes:
    """SHA-256 of the loading code's source, the Python and pydantic versions."""
    import pydantic

    digest = hashlib.sha256()
    for part in (sys.version, pydantic.VERSION, str(pickle.HIGHEST_PROTOCOL)):
        digest.update(part.encode() + b"\0")
    here = Path(__file__).resolve().parent
    for name in _CODE:
        try:
            source = (here / name).read_bytes()
        except OSError:
            source = b"?"
        digest.update(name.encode() + b"\0" + source + b"\0")
    return digest.digest()


# Taken once, as this module is imported (the modules above are imported by then): a source
# file edited later in a long-running process must not label that process's old classes.
_CODE_DIGEST = _code_digest()


def fingerprint(root: Path) -> str:
    """SHA-256 of every file under `root` and of the loading code this process runs.

    Every `ask` pays for it before the cached knowledge can be used, so it walks with
    os.walk and plain open() (pathlib's rglob took 5 of its 15 ms); files are taken in
    the order of their path parts, as sorting Path objects gave."""
    digest = hashlib.sha256(_CODE_DIGEST)
    files = []
    for directory, subdirectories, names in os.walk(root):
        subdirectories[:] = [name for name in subdirectories if name != "__pycache__"]
        relative = os.path.relpath(directory, root)
        parts = () if relative == os.curdir else tuple(relative.split(os.sep))
        files += [((*parts, name), os.path.join(directory, name)) for name in names]
    for parts, path in sorted(files):
        with open(path, "rb") as handle:
            digest.update("/".join(parts).encode() + b"\0" + handle.read() + b"\0")
    return digest.hexdigest()


def _read_cache(path: Path, key: str, accept: Callable[[Any], bool]) -> Any | None:
    """What `_write_cache` stored under `key` at `path`, if `accept` takes it; else None."""
    try:
        if hasattr(os, "getuid") and path.stat().st_uid != os.getuid():
            return None  # only ever unpickle a file this user wrote
        with path.open("rb") as handle:
            stored_key, value = pickle.load(handle)
    except Exception:  # noqa: BLE001 - missing, truncated, from other code: any failure means rebuild
        return None
    if stored_key != key or not accept(value):
        return None
    return value


def _write_cache(directory: Path, path: Path, key: str, value: Any) -> None:
    """Write atomically (temp file + rename); any failure just means no cache."""
    kind = path.name.split("-", 1)[0]
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=directory, prefix=f".{kind}-", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump((key, value), out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, path)
        kept = sorted(directory.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in kept[_KEEP:]:
            stale.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        with contextlib.suppress(OSError):
            os.unlink(temp)


def cached(kind: str, key: str, build: Callable[[], Any], accept: Callable[[Any], bool],
           directory: Path | None = None, *, enabled: bool | None = None) -> Any:
    """`build()`, kept in the cache directory as `{kind}-{key[:32]}.pickle`.

    `key` must be a SHA-256 (hex) of everything `build` reads, code included; `accept`
    checks the type of what is read back. A disabled cache (`enabled`, default
    $WHATAPPLIES_CACHE) builds.
    """
    if not (cache_enabled() if enabled is None else enabled):
        return build()
    directory = cache_dir() if directory is None else directory
    path = directory / f"{kind}-{key[:32]}.pickle"
    value = _read_cache(path, key, accept)
    if value is None:
        value = build()
        _write_cache(directory, path, key, value)
    return value


def _is_knowledge(value: Any) -> bool:
    """A Knowledge of this shape (not one pickled from an older knowledge.py)."""
    return isinstance(value, Knowledge) and set(vars(value)) == {f.name for f in fields(Knowledge)}


def load_cached(root: Path | None = None, *, cache: bool | None = None, directory: Path | None = None) -> Knowledge:
    """`load(root)`, through the on-disk cache unless `cache` is False (default: $WHATAPPLIES_CACHE).

    What comes back is always a Knowledge `load` validated from exactly these files and this
    code; never use this to test data validation (use `load`).
    """
    root = seeds_root() if root is None else root
    if not (cache_enabled() if cache is None else cache):
        return load(root)
    try:
        key = fingerprint(root)
    except OSError:
        return load(root)  # load names the unreadable file
    return cached("knowledge", key, lambda: load(root), _is_knowledge, directory, enabled=True)


@functools.lru_cache(maxsize=1)
def default_knowledge() -> Knowledge:
    """The installed seeds, validated once per installation (see `load_cached`), once per process."""
    return load_cached()
