"""Reading the letters as running text, so that verbatim quotes can be found in them.

The PDFs' text layer breaks words at line ends (``Azer-\\nbeidzjan``) and interrupts a
sentence with the page footer (``kst-35570-V-22 / ISSN ... / 's-Gravenhage ...``).
A quote is "in the letter" when it occurs in the letter after undoing exactly these.
"""

from __future__ import annotations

import re

_FOOTER_LINES = (
    re.compile(r"^kst-[\w-]+$"),
    re.compile(r"^ISSN \d{4} - \d{4}$"),
    re.compile(r"^[’']s-Gravenhage \d{4} Tweede Kamer, vergaderjaar .*$"),
)
_BROKEN_WORD = re.compile(r"(\w)-\s*\n\s*([a-zà-ÿ])")
_SPACE = re.compile(r"\s+")


def _is_footer(line: str) -> bool:
    stripped = line.strip()
    return any(pattern.match(stripped) for pattern in _FOOTER_LINES)


def running_text(raw: str) -> str:
    """The letter as one line of text: footers dropped, broken words joined, spaces folded."""
    lines = [line for line in raw.splitlines() if not _is_footer(line)]
    text = "\n".join(lines)
    text = _BROKEN_WORD.sub(r"\1\2", text)
    return _SPACE.sub(" ", text).strip()


def normalise_quote(quote: str) -> str:
    return _SPACE.sub(" ", quote).strip()


def contains_quote(raw_letter: str, quote: str) -> bool:
    return normalise_quote(quote) in running_text(raw_letter)
