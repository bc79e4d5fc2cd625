"""Turning raw bytes into text: encodings, compression, and clear refusals."""

from __future__ import annotations

import codecs
import zlib

from ..errors import InputError
from .safety import clean_text

#: Upper bound on decompressed or raw input, against huge files and gzip bombs.
MAX_INPUT_BYTES = 20 * 1024 * 1024
_ARABIC_RANGE = range(0x0600, 0x0700)


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
    """Decode page bytes: BOMs, UTF-8, UTF-16 without a BOM, then Windows-1256 for legacy Arabic pages.

    A page that mixes UTF-8 and Windows-1256 lines is decoded line by line; Arabic UTF-8 read
    as Latin-1 or Windows-1256 somewhere upstream (mojibake) is repaired.
    """
    if not data.strip():
        raise InputError("empty input")
    data = decompress(data, limit=limit)
    if len(data) > limit:
        raise InputError(f"input larger than {limit // (1024 * 1024)} MB")
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="replace"))
    if b"\x00" in data[:4096]:  # UTF-16 (Arabic in UTF-16 is often valid ASCII, NULs included) or binary
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise InputError("binary input (NUL bytes), not a text or HTML page")
        return _checked(data[: len(data) // 2 * 2].decode(utf16, errors="replace"))
    try:
        return _checked(repair_mojibake(data.decode("utf-8")))
    except UnicodeDecodeError:
        pass
    text = "".join(_decode_line(line) for line in data.splitlines(keepends=True))
    if _arabic_share(text) < 0.2:
        raise InputError("undecodable input: neither UTF-8 nor Windows-1256 Arabic text")
    return _checked(text)


def _decode_line(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("cp1256", errors="replace")


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``-be`` when the bytes look like UTF-16 text (Latin or Arabic), else None."""
    sample = data[:4096]
    even, odd = sample[0::2], sample[1::2]
    for high, low, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        text_like = high.count(0) + high.count(6)  # U+00xx and U+06xx (Arabic)
        if len(high) >= 8 and text_like >= 0.9 * len(high) and low.count(0) <= 0.05 * len(low):
            return encoding
    return None


#: Letters that fill Arabic UTF-8 read as Latin-1/Windows-1252 (Ø Ù) or as Windows-1256 (ط ظ).
_MOJIBAKE_LATIN = frozenset("\u00d8\u00d9\u00da\u00db")
_MOJIBAKE_ARABIC = frozenset("طظعغ")


def repair_mojibake(text: str) -> str:
    """Undo Arabic UTF-8 that was decoded as Latin-1, Windows-1252 or Windows-1256 upstream.

    Only when the tell-tale letters dominate and the repaired text is valid UTF-8; else unchanged.
    """
    letters = [char for char in text[:5000] if char.isalpha()]
    if len(letters) < 8:
        return text
    latin = sum(1 for char in letters if char in _MOJIBAKE_LATIN)
    arabic = sum(1 for char in letters if char in _MOJIBAKE_ARABIC)
    if latin > 0.25 * len(letters):
        encodings: tuple[str, ...] = ("cp1252", "latin-1")
    elif arabic > 0.35 * len(letters):
        encodings = ("cp1256",)
    else:
        return text
    for encoding in encodings:
        try:
            return text.encode(encoding).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return text


def _checked(text: str) -> str:
    if "\x00" in text[:4096]:
        raise InputError("binary input (NUL bytes), not a text or HTML page")
    text = clean_text(text)
    if not text.strip():
        raise InputError("empty input")
    return text
