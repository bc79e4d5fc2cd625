"""Turning raw bytes into text: encodings, compression, and clear refusals."""

from __future__ import annotations

import codecs
import zlib

from ..errors import InputError

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
    return out


def _arabic_share(text: str) -> float:
    letters = [char for char in text[:5000] if char.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for char in letters if ord(char) in _ARABIC_RANGE) / len(letters)


def decode_bytes(data: bytes, *, limit: int = MAX_INPUT_BYTES) -> str:
    """Decode page bytes: BOMs, UTF-8, then Windows-1256 for legacy Arabic pages."""
    if not data.strip():
        raise InputError("empty input")
    data = decompress(data, limit=limit)
    if len(data) > limit:
        raise InputError(f"input larger than {limit // (1024 * 1024)} MB")
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="replace"))
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        raise InputError("binary input (NUL bytes), not a text or HTML page")
    text = data.decode("cp1256", errors="replace")
    if _arabic_share(text) < 0.2:
        raise InputError("undecodable input: neither UTF-8 nor Windows-1256 Arabic text")
    return _checked(text)


def _checked(text: str) -> str:
    if "\x00" in text[:4096]:
        raise InputError("binary input (NUL bytes), not a text or HTML page")
    if not text.strip():
        raise InputError("empty input")
    return text
