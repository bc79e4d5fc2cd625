"""Turning raw bytes into text: encodings, compression, and clear refusals.

Decoding never damages valid text: a UTF-8 line with a few invalid bytes stays UTF-8 (each invalid
byte becomes U+FFFD in place, and the page is flagged), only lines that UTF-8 does not explain are read
as Windows-1256, and mojibake is repaired only where the whole text is mojibake.
"""

from __future__ import annotations

import codecs
import re
import zlib
from dataclasses import dataclass

from charset_normalizer.md import mess_ratio

from ..errors import InputError
from .safety import clean_text

#: Upper bound on decompressed or raw input, against huge files and gzip bombs.
MAX_INPUT_BYTES = 20 * 1024 * 1024
_ARABIC_RANGE = range(0x0600, 0x0700)
_ASCII_BYTES = bytes(range(128))
#: What ``surrogateescape`` makes of the invalid bytes of a UTF-8 decoding.
_ESCAPED_BYTE_RE = re.compile("[\udc80-\udcff]")
#: Windows-1252's letters in 0x80-0x9F, mapped back to those bytes' Latin-1 code points.
_CP1252_AS_LATIN1 = str.maketrans(
    {char: chr(byte) for byte in range(0x80, 0xA0) if (char := bytes([byte]).decode("cp1252", "ignore"))}
)


@dataclass(frozen=True, slots=True)
class Decoded:
    """A decoded page and what decoding had to change (e.g. invalid bytes replaced)."""

    text: str
    warnings: tuple[str, ...] = ()


def decompress(data: bytes, *, limit: int = MAX_INPUT_BYTES) -> bytes:
    """Gunzip ``data`` if it is gzip, refusing output larger than ``limit``."""
    if not data.startswith(b"\x1f\x8b"):
        return data
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = decompressor.decompress(data, limit + 1)
    except zlib.error as error:
        raise InputError(f"corrupt gzip data: {error}") from error
    if len(out) > limit or decompressor.unconsumed_tail:
        raise InputError(f"gzip data expands beyond {limit // (1024 * 1024)} MB (possible gzip bomb)")
    if not decompressor.eof:
        raise InputError("truncated gzip data (the file is cut short)")
    return out


def _arabic_share(text: str) -> float:
    letters = [char for char in text[:5000] if char.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for char in letters if ord(char) in _ARABIC_RANGE) / len(letters)


def decode_bytes(data: bytes, *, limit: int = MAX_INPUT_BYTES) -> str:
    """Decode page bytes into text (see :func:`decode_page`, which also says what was replaced)."""
    return decode_page(data, limit=limit).text


def decode_page(data: bytes, *, limit: int = MAX_INPUT_BYTES) -> Decoded:
    """Decode page bytes: BOMs, UTF-8, UTF-16 without a BOM, then Windows-1256 for legacy Arabic pages.

    Invalid bytes in UTF-8 text become U+FFFD and are counted in a warning; a page that mixes UTF-8
    and Windows-1256 lines is decoded line by line; a text that is wholly mojibake is repaired.
    """
    if not data.strip():
        raise InputError("empty input")
    data = decompress(data, limit=limit)
    if len(data) > limit:
        raise InputError(f"input larger than {limit // (1024 * 1024)} MB")
    if data.startswith(codecs.BOM_UTF8):
        return _finish(*_decode_utf8(data[len(codecs.BOM_UTF8):]))
    for bom in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if data.startswith(bom):
            return _finish(*_decode_utf16(data, "utf-16"))
    if b"\x00" in data[:4096]:  # UTF-16 (Arabic in UTF-16 is often valid ASCII, NULs included) or binary
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise InputError("binary input (NUL bytes), not a text or HTML page")
        return _finish(*_decode_utf16(data[: len(data) // 2 * 2], utf16))
    try:
        return _finish(data.decode("utf-8"), 0)
    except UnicodeDecodeError:
        pass
    decoded = [_decode_line(line) for line in data.splitlines(keepends=True)]
    text = "".join(text for text, _replaced in decoded)
    if _arabic_share(text) < 0.2:
        raise InputError("undecodable input: neither UTF-8 nor Windows-1256 Arabic text")
    return _finish(text, sum(replaced for _text, replaced in decoded))


def _decode_utf8(data: bytes) -> tuple[str, int]:
    """UTF-8 with each invalid byte replaced by U+FFFD in place; return the text and how many were."""
    return _ESCAPED_BYTE_RE.subn("\ufffd", data.decode("utf-8", errors="surrogateescape"))


def _decode_utf16(data: bytes, encoding: str) -> tuple[str, int, str]:
    text = data.decode(encoding, errors="replace")
    replaced = text.count("\ufffd") - data.decode(encoding, errors="ignore").count("\ufffd")
    return text, replaced, "invalid UTF-16 sequence"


def _decode_line(line: bytes) -> tuple[str, int]:
    """A line of a page that is not all UTF-8: UTF-8 where its valid sequences outnumber its invalid
    bytes (a few damaged bytes), else Windows-1256 (a legacy line, whose bytes are nearly all invalid)."""
    text, invalid = _decode_utf8(line)
    if not invalid:
        return text, 0
    explained = len(line.translate(None, _ASCII_BYTES)) - invalid
    if explained > invalid:
        return text, invalid
    return line.decode("cp1256"), 0  # every byte is defined in Windows-1256


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``-be`` when the bytes look like UTF-16 text (Latin or Arabic), else None."""
    sample = data[:4096]
    even, odd = sample[0::2], sample[1::2]
    for high, low, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        text_like = high.count(0) + high.count(6)  # U+00xx and U+06xx (Arabic)
        if len(high) >= 8 and text_like >= 0.9 * len(high) and low.count(0) <= 0.05 * len(low):
            return encoding
    return None


def _mojibake_bytes(text: str) -> list[bytes]:
    """The bytes ``text`` would come from if it were wholly Latin-1/Windows-1252 or Windows-1256 mojibake."""
    candidates = []
    for encoding, view in (("latin-1", text.translate(_CP1252_AS_LATIN1)), ("cp1256", text)):
        try:
            candidates.append(view.encode(encoding))
        except UnicodeEncodeError:
            continue
    return candidates


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was decoded as Latin-1, Windows-1252 or Windows-1256 upstream (mojibake).

    Only when the whole text turns back into valid UTF-8 through one of those code pages, and
    charset-normalizer's mess detector finds the result cleaner than the text; else unchanged.
    """
    if text.isascii():
        return text
    for data in _mojibake_bytes(text):
        try:
            repaired = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if repaired != text and mess_ratio(repaired, 1.0) < mess_ratio(text, 1.0):
            return repaired
    return text


def _finish(text: str, replaced: int, unit: str = "invalid byte") -> Decoded:
    if "\x00" in text[:4096]:
        raise InputError("binary input (NUL bytes), not a text or HTML page")
    text = repair_mojibake(clean_text(text))
    if not text.strip():
        raise InputError("empty input")
    if not replaced:
        return Decoded(text)
    return Decoded(text, (f"{replaced} {unit}{'s' if replaced != 1 else ''} replaced with U+FFFD",))
