"""Turn raw input into codable text, refusing what cannot be coded.

Boilerplate lines (source credits, comment counters, photo captions, share prompts) are
blanked with spaces rather than removed, so every offset stays an offset into the
caller's own text.
"""
from __future__ import annotations

import re

from ..errors import InputError

MAX_CHARS = 5_000_000

_BOILERPLATE = re.compile(
    r"""^[ \t]*(?:
        (?:source|photo|image|credit|reporting\ by|editing\ by|writing\ by|read\ more|related|see\ also|share\ this|follow\ us)\b[^\n]*
      | comments?\s*\(\d+\)[^\n]*
      | \d+\s+comments?[^\n]*
      | [^\n]*\((?:source|photo|credit)s?:[^)\n]*\)[ \t|]*
      | https?://\S+
    )[ \t]*$""",
    re.IGNORECASE | re.MULTILINE | re.VERBOSE,
)

_STOPWORDS = frozenset(
    "the of and to in a is that for on with as was by at from it an be has are said have were "
    "its this which but not their will after or had who they he she his her been would more "
    # headlines drop articles and auxiliaries but keep these ("Minister quits amid outcry over deaths")
    "over amid into against about under before during between than also says say told could should must "
    "may can one two new all up out off back we our you".split()
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def decode(data: bytes, source: str = "input") -> str:
    """Decode bytes as UTF-8 text, refusing binary data with a specific message."""
    if b"\x00" in data[:65536]:
        raise InputError(f"{source}: binary data (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{source}: invalid UTF-8 at byte {exc.start}") from exc


def check_text(text: str, source: str = "input") -> None:
    """Raise InputError when `text` is empty, too large, binary-like or not English."""
    if not isinstance(text, str):
        raise InputError(f"{source}: expected text (str), got {type(text).__name__}")
    if not text.strip():
        raise InputError(f"{source}: empty document (no text to code)")
    if len(text) > MAX_CHARS:
        raise InputError(f"{source}: document of {len(text):,} characters exceeds the limit of {MAX_CHARS:,}")
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if controls > max(8, len(text[:65536]) // 50):
        raise InputError(f"{source}: looks like binary data ({controls} control characters), not text")
    words = _WORD.findall(text[:20000])
    if not words:
        raise InputError(f"{source}: no words to code")
    latin = sum(1 for w in words if w.isascii())
    if latin / len(words) < 0.5:
        raise InputError(f"{source}: text is not English (mostly non-Latin script); dotterel codes English news")
    if len(words) >= 8:
        stop = sum(1 for w in words if w.lower() in _STOPWORDS)
        if stop / len(words) < 0.06:
            raise InputError(f"{source}: text does not look like English (too few common English words)")


# "NAIROBI, March 3 (Reuters) - " : a place and date heading the story, not a sentence subject
_MONTH_DAY = r"[A-Z][a-z]{2,9}\.?\s+\d{1,2}(?:,?\s+\d{4})?|\d{1,2}\s+[A-Z][a-z]{2,9}(?:\s+\d{4})?|\d{4}-\d{2}-\d{2}"
_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z.'/ -]{1,40})"                       # PLACE in capitals
    r"(?:,\s*(?![A-Z][a-z]{2,9}\.?\s+\d)[A-Z][A-Za-z.' ]{1,30})?"  # , Region
    rf"(?:,\s*(?P<date>{_MONTH_DAY}))?"                             # , Month Day[, Year]
    r"(?:\s*\([A-Za-z ]{2,30}\))?"                                # (Agency)
    r"\s*(?:--|[-–—:\"”])\s*(?=[A-Z\"“])"
)


def dateline(text: str) -> re.Match[str] | None:
    """The story's dateline, if it opens with one: groups `place` and (optional) `date`."""
    return _DATELINE.match(text[:200])


def blank_boilerplate(text: str) -> str:
    """Replace boilerplate lines and a leading dateline by spaces of the same length (offsets are preserved)."""
    text = _BOILERPLATE.sub(lambda m: " " * len(m.group(0)), text)
    m = dateline(text)
    return " " * m.end() + text[m.end():] if m else text
