"""The batch cache: a bounded LRU from a situation key to its answer template.

A template is kept as the parts it was put together from (fragments.py: the scenario and
one finding per regime and body, with the JSON between them). Situations share most of
their findings, so each distinct part is kept once (`Part`, interned) as UTF-8 cut at the
sentinel date, and an entry is a list of references to their pieces: a hit is one
`bytes.join` (`whatapplies batch` writes bytes), and memory grows with the distinct
findings and ~1 kB per situation, not with whole answers. An answer without a template
(the date itself shows in a derived fact) is kept for its exact date alone,
zlib-compressed against a dictionary made from the first one. batch.py fills the cache.
A situation's verdicts (`--verdicts`, verdicts.py) are read off its findings when it is
stored for them, or off its answer when first asked for, and kept with its entry: they
are the same on every date it covers.
"""

from __future__ import annotations

import datetime as dt
import threading
import zlib
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from .date_template import SENTINEL_BEFORE_ISO, SENTINEL_ISO, fill
from .knowledge import Knowledge
from .verdicts import finding_of, summary_json, summary_of_findings

DEFAULT_MAXSIZE = 100_000
PARTS = 200_000  # distinct parts the interning remembers (~1 kB each)


@dataclass
class CacheInfo:
    hits: int
    misses: int
    size: int
    maxsize: int


class Part:
    """One piece of a template, ready to fill: UTF-8 cut where the sentinel date stands (the dates are ASCII)."""

    __slots__ = ("_finding", "flat", "pieces", "text")

    def __init__(self, text: str):
        self.text = text if SENTINEL_BEFORE_ISO in text else None  # the day before shows too: filled as text
        self.pieces = text.encode("utf-8").split(SENTINEL_ISO.encode())
        self.flat: list[bytes | None] = [self.pieces[0]]  # the pieces with None where the date goes
        for piece in self.pieces[1:]:
            self.flat += [None, piece]
        self._finding: Any = False  # not read yet

    def finding(self) -> Any:
        """verdicts.finding_of this part (an id and verdict sit before any date), read once."""
        if self._finding is False:
            self._finding = finding_of(b"".join(self.pieces))
        return self._finding

    def filled(self, iso: bytes, day: dt.date) -> bytes:
        if self.text is not None:
            return fill(self.text, day).encode("utf-8")
        return self.pieces[0] if len(self.pieces) == 1 else iso.join(self.pieces)


class _Template:
    """A situation's template: its parts' pieces in one flat list with None where the date goes, so
    that a hit is one `bytes.join`; or, where the day before the date shows too, the parts themselves,
    filled one by one."""

    __slots__ = ("flat", "parts", "verdicts")

    def __init__(self, parts: tuple[Part, ...]):
        self.flat: list[bytes | None] | None = None
        self.parts: tuple[Part, ...] = ()
        self.verdicts: bytes | None = None  # read off the answer when first asked for
        if any(part.text is not None for part in parts):
            self.parts = parts
        else:
            self.flat = [piece for part in parts for piece in part.flat]

    def filled(self, day: dt.date) -> bytes:
        iso = day.isoformat().encode()
        if self.flat is None:
            return b"".join([part.filled(iso, day) for part in self.parts])
        return b"".join([iso if piece is None else piece for piece in self.flat])


class _Exact:
    """The entry of a situation whose answers are kept per date (under (key, date)), with its verdicts
    once read off one of them."""

    __slots__ = ("verdicts",)

    def __init__(self) -> None:
        self.verdicts: bytes | None = None


class AnswerCache:
    """A bounded LRU map from a situation key to its answer template (shared parts).

    It also keeps, per language and knowledge, the memo from a raw row (without its
    date) to its situation, so later batches skip name resolution and fact building.
    """

    def __init__(self, maxsize: int = DEFAULT_MAXSIZE):
        if maxsize < 1:
            raise ValueError("maxsize must be at least 1")
        self.maxsize = maxsize
        self._entries: OrderedDict[Hashable, _Template | _Exact | bytes] = OrderedDict()
        self._parts: dict[str, Part] = {}  # text -> its Part, so that equal parts are kept once
        self._verdict_texts: dict[tuple[Any, ...], bytes] = {}  # the findings' verdicts -> their summary, kept once
        self._situations: dict[tuple[str, int], tuple[Knowledge, OrderedDict[Hashable, Any]]] = {}
        self._zdict: bytes | None = None
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def situations(self, lang: str, knowledge: Knowledge) -> OrderedDict[Hashable, Any]:
        """The raw-row memo for `lang` and `knowledge` (kept alive with it, so its id stays unique)."""
        with self._lock:
            known = self._situations.get((lang, id(knowledge)))
            if known is None or known[0] is not knowledge:
                known = self._situations[(lang, id(knowledge))] = (knowledge, OrderedDict())
            return known[1]

    def lookup(self, key: Hashable, day: dt.date) -> str | None:
        """The answer JSON for the situation `key` on `day`, or None."""
        data = self.lookup_bytes(key, day)
        return None if data is None else data.decode("utf-8")

    def lookup_bytes(self, key: Hashable, day: dt.date) -> bytes | None:
        """`lookup` as UTF-8."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
                if type(entry) is _Exact:
                    entry = self._entries.get((key, day))
                    if entry is not None:
                        self._entries.move_to_end((key, day))
            if entry is None:
                self.misses += 1
                return None
            self.hits += 1
            if type(entry) is bytes:
                return self._decompressed(entry)
        return entry.filled(day)  # type: ignore[union-attr]

    def lookup_verdicts(self, key: Hashable, day: dt.date) -> bytes | None:
        """The verdicts of situation `key` (verdicts.summary_json), or None: one look at an answer per
        situation, whatever the date (a situation kept per date needs this date's answer the first time)."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            if entry.verdicts is None:  # type: ignore[union-attr]
                if type(entry) is _Exact:
                    answer = self._entries.get((key, day))
                    if answer is None:
                        self.misses += 1
                        return None
                    entry.verdicts = summary_json(self._decompressed(answer))  # type: ignore[arg-type]
                else:
                    entry.verdicts = summary_json(entry.filled(day))  # type: ignore[union-attr]
            self.hits += 1
            return entry.verdicts  # type: ignore[union-attr]

    def _decompressed(self, entry: bytes) -> bytes:
        decompressor = zlib.decompressobj(zdict=self._zdict)  # type: ignore[arg-type]
        return decompressor.decompress(entry) + decompressor.flush()

    def store(self, key: Hashable, day: dt.date, template: Sequence[str | Part] | None, real: str, *,
              verdicts: bool = False) -> bytes | None:
        """Keep the template of situation `key` (the parts it is joined from), or, without one, the
        answer for `day` alone. `verdicts`: read its verdicts now, from its parts where they tell,
        and return them (verdicts.summary_json), so the caller need not read them again."""
        with self._lock:
            if template is None:
                kept = self._entries.get(key)
                entry = kept if type(kept) is _Exact else _Exact()
                self._put(key, entry)
                if verdicts and entry.verdicts is None:
                    entry.verdicts = summary_json(real)
                raw = real.encode("utf-8")
                if self._zdict is None:
                    self._zdict = raw[-32768:]  # zlib uses at most the last 32 kB
                compressor = zlib.compressobj(zdict=self._zdict)
                self._put((key, day), compressor.compress(raw) + compressor.flush())
            else:
                parts = tuple(self._part(text) for text in template)
                entry = _Template(parts)
                if verdicts:
                    entry.verdicts = self._verdicts_of(parts) or summary_json(real)
                self._put(key, entry)
            return entry.verdicts

    def _verdicts_of(self, parts: tuple[Part, ...]) -> bytes | None:
        """The verdicts from the parts' findings (each read once for all the situations sharing it),
        kept once per distinct combination; None if a part cannot tell."""
        findings = []
        for part in parts:
            found = part.finding()
            if found is None:
                return None
            if found:
                findings.append(found)
        combination = tuple(findings)
        summary = self._verdict_texts.get(combination)
        if summary is None:
            summary = summary_of_findings(findings)
            if summary is None:
                return None
            if len(self._verdict_texts) >= PARTS:
                self._verdict_texts.clear()
            self._verdict_texts[combination] = summary
        return summary

    def part(self, text: str) -> Part:
        """The kept Part for this text (made and kept if new)."""
        with self._lock:
            return self._part(text)

    def _part(self, text: str | Part) -> Part:
        if isinstance(text, Part):
            return text
        part = self._parts.get(text)
        if part is None:
            if len(self._parts) >= PARTS:  # entries keep their parts; only sharing with new ones restarts
                self._parts.clear()
            part = self._parts[text] = Part(text)
        return part

    def _put(self, key: Hashable, entry: _Template | _Exact | bytes) -> None:
        self._entries[key] = entry
        self._entries.move_to_end(key)
        while len(self._entries) > self.maxsize:
            self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._parts.clear()
            self._verdict_texts.clear()
            self._situations.clear()
            self._zdict = None
            self.hits = self.misses = 0

    def info(self) -> CacheInfo:
        return CacheInfo(self.hits, self.misses, len(self._entries), self.maxsize)


_default_cache = AnswerCache()


def default_cache() -> AnswerCache:
    """The process-wide cache `answer_many(..., cache=True)` uses."""
    return _default_cache
