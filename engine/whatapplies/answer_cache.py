"""The batch cache: a bounded LRU from a situation key to its answer template.

Values are the template's JSON, zlib-compressed against a dictionary made from the
first entry; an LRU of the hottest templates keeps them as UTF-8 cut at the sentinel, so
a hit is one `bytes.join` (`whatapplies batch` writes bytes). `answer_json_many` spreads
the misses over worker processes (fork where available, each with its own rule engine)
and yields in input order; the parent holds the cache and answers every hit.
"""

from __future__ import annotations

import datetime as dt
import threading
import zlib
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from .date_template import SENTINEL_BEFORE_ISO, SENTINEL_ISO, fill
from .knowledge import Knowledge

DEFAULT_MAXSIZE = 100_000
HOT_TEMPLATES = 1024  # uncompressed templates (UTF-8, ~30 kB each) kept for the hottest situations


@dataclass
class CacheInfo:
    hits: int
    misses: int
    size: int
    maxsize: int


_TEMPLATE, _EXACT = b"T", b"X"  # first byte of a stored entry; an empty entry marks a situation stored per date
Prepared = tuple  # ("join", parts) | ("fill", template) | ("text", answer) | ("exact-only",)


def _prepare_entry(kind: bytes, data: bytes) -> Prepared:
    """Entries are kept and filled as UTF-8: the dates are ASCII, and the output is written as bytes."""
    if kind == _EXACT:
        return ("text", data)
    if SENTINEL_BEFORE_ISO.encode() in data:
        return ("fill", data.decode("utf-8"))
    return ("join", data.split(SENTINEL_ISO.encode()))  # filling is then one join


class AnswerCache:
    """A bounded LRU map from a situation key to its answer template (compressed JSON).

    It also keeps, per language and knowledge, the memo from a raw row (without its
    date) to its situation, so later batches skip name resolution and fact building.
    """

    def __init__(self, maxsize: int = DEFAULT_MAXSIZE):
        if maxsize < 1:
            raise ValueError("maxsize must be at least 1")
        self.maxsize = maxsize
        self._entries: OrderedDict[Hashable, bytes] = OrderedDict()
        self._hot: OrderedDict[Hashable, Prepared] = OrderedDict()
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

    def _entry(self, key: Hashable) -> Prepared | None:
        prepared = self._hot.get(key)
        if prepared is not None:
            self._hot.move_to_end(key)
            self._entries.move_to_end(key)
            return prepared
        blob = self._entries.get(key)
        if blob is None:
            return None
        self._entries.move_to_end(key)
        if not blob:
            return ("exact-only",)
        decompressor = zlib.decompressobj(zdict=self._zdict)  # type: ignore[arg-type]
        prepared = self._hot[key] = _prepare_entry(blob[:1], decompressor.decompress(blob[1:]) + decompressor.flush())
        if len(self._hot) > HOT_TEMPLATES:
            self._hot.popitem(last=False)
        return prepared

    def lookup(self, key: Hashable, day: dt.date) -> str | None:
        """The answer JSON for the situation `key` on `day`, or None."""
        data = self.lookup_bytes(key, day)
        return None if data is None else data.decode("utf-8")

    def lookup_bytes(self, key: Hashable, day: dt.date) -> bytes | None:
        """`lookup` as UTF-8."""
        with self._lock:
            entry = self._entry(key)
            if entry is not None and entry[0] == "exact-only":
                entry = self._entry((key, day))
            if entry is None:
                self.misses += 1
                return None
            self.hits += 1
        how, value = entry
        if how == "join":
            return day.isoformat().encode().join(value)
        return fill(value, day).encode("utf-8") if how == "fill" else value

    def store(self, key: Hashable, day: dt.date, template: str | None, real: str) -> None:
        """Keep the template of situation `key`, or, without one, the answer for `day` alone."""
        with self._lock:
            if template is None:
                self._put(key, b"", "")
                self._put((key, day), _EXACT, real)
            else:
                self._put(key, _TEMPLATE, template)

    def _put(self, key: Hashable, kind: bytes, text: str) -> None:
        data = b""
        if kind:
            raw = text.encode("utf-8")
            if self._zdict is None:
                self._zdict = raw[-32768:]  # zlib uses at most the last 32 kB
            compressor = zlib.compressobj(zdict=self._zdict)
            data = kind + compressor.compress(raw) + compressor.flush()
        self._entries[key] = data
        self._entries.move_to_end(key)
        self._hot.pop(key, None)
        while len(self._entries) > self.maxsize:
            old, _ = self._entries.popitem(last=False)
            self._hot.pop(old, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._hot.clear()
            self._situations.clear()
            self._zdict = None
            self.hits = self.misses = 0

    def info(self) -> CacheInfo:
        return CacheInfo(self.hits, self.misses, len(self._entries), self.maxsize)


_default_cache = AnswerCache()


def default_cache() -> AnswerCache:
    """The process-wide cache `answer_many(..., cache=True)` uses."""
    return _default_cache
