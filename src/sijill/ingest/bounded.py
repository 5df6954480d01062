"""Bytes read in bounded steps: a whole uncompressed file, or one gzip member (or an HTTP
payload's gzip or deflate encoding) inflated a step at a time. What a reader built on these holds
in memory is what it asked for plus one step, whatever the data declares or inflates to.
"""
from __future__ import annotations

import zlib
from typing import Callable

BLOCK = 64 * 1024          # compressed (or plain) bytes read from the file at a time
STEP = 256 * 1024          # most bytes one zlib call may inflate
LINE = 64 * 1024           # longest line `readline` gathers when not given a smaller size
SHOWN = 200                # most characters of an exception's text put in a problem


class Damaged(Exception):
    """What follows in this segment is not a readable record."""


class Broken(Exception):
    """Damaged compressed data: nothing after it can be found."""


def capped(text: str, limit: int = SHOWN) -> str:
    """`text` on one line and at most `limit` characters (an exception may quote the archive)."""
    text = " ".join(text[:limit * 2].split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


class Segment:
    """A run of WARC bytes read in bounded steps: a whole uncompressed archive, or one gzip
    member as it inflates. No call holds more than what it was asked for plus one step, and
    `readline` refuses a line longer than 64 KB instead of gathering it."""

    def __init__(self, start: int, more: Callable[[], bytes]):
        self.start = start          # offset of the segment in the file
        self.used = 0               # bytes handed out so far
        self.header_room: int | None = None   # bytes readline may still give (None: no bound)
        self._more = more           # the next bytes, b"" at the end
        self._buf = b""             # bytes read ahead; those before _pos are handed out
        self._pos = 0

    def _want(self, n: int) -> None:
        """At least `n` bytes ahead, or all there are."""
        have = len(self._buf) - self._pos
        if have >= n:
            return
        parts = [self._buf[self._pos:]]
        while have < n and (chunk := self._more()):
            parts.append(chunk)
            have += len(chunk)
        self._buf, self._pos = b"".join(parts), 0

    def _give(self, n: int) -> bytes:
        out = self._buf[self._pos:self._pos + n]
        self._pos += len(out)
        self.used += len(out)
        return out

    def read(self, size: int | None = -1) -> bytes:
        # warcio always asks for a size; "the rest" is one step at a time, never the whole.
        size = STEP if size is None or size < 0 else size
        self._want(size)
        return self._give(size)

    def readline(self, size: int | None = -1) -> bytes:
        bounded = size is not None and 0 <= size <= LINE
        cap = size if bounded else LINE + 1
        self._want(cap)
        end = self._buf.find(b"\n", self._pos, self._pos + cap)
        if end < 0:
            if not bounded and len(self._buf) - self._pos >= cap:
                raise Damaged("a line longer than 64 KB where a header line was expected")
            end = min(len(self._buf), self._pos + cap) - 1      # the last line, or `size` bytes
        line = self._give(end + 1 - self._pos)
        if self.header_room is not None:
            self.header_room -= len(line)
            if self.header_room < 0:
                raise Damaged("record headers longer than 256 KB")
        return line

    def skip(self, n: int) -> int:
        """Discard up to `n` bytes, a step at a time; how many there were."""
        done = 0
        while done < n:
            if self._pos >= len(self._buf):
                self._buf, self._pos = self._more(), 0
                if not self._buf:
                    break
            k = min(n - done, len(self._buf) - self._pos)
            self._pos += k
            done += k
        self.used += done
        return done

    def ended(self) -> bool:
        self._want(1)
        return self._pos >= len(self._buf)


class Raw:
    """The compressed file, with the bytes inflation did not use handed back for the next member."""

    def __init__(self, f):
        self._f, self._back, self.pos = f, b"", 0

    def take(self) -> bytes:
        data, self._back = (self._back, b"") if self._back else (self._f.read(BLOCK), b"")
        self.pos += len(data)
        return data

    def give_back(self, data: bytes) -> None:
        self._back = data + self._back
        self.pos -= len(data)


class Member(Segment):
    """One gzip member (or, `payload`, an HTTP payload's gzip or deflate encoding, `wbits`),
    inflated at most one step (256 KB) at a time."""

    def __init__(self, raw: Raw, wbits: int = 16 + zlib.MAX_WBITS, payload: bool = False):
        super().__init__(raw.pos, self._inflate)
        self._raw, self._payload = raw, payload
        self._z = zlib.decompressobj(wbits)
        self.cut = False            # the input ended before the compressed data did

    def _inflate(self) -> bytes:
        while not self._z.eof:
            data = self._z.unconsumed_tail or self._raw.take()
            if not data:
                self.cut = True
                return b""
            try:
                out = self._z.decompress(data, STEP)
            except zlib.error as exc:
                if self._payload:
                    raise ValueError(f"damaged content encoding ({capped(str(exc))})") from None
                raise Broken(f"damaged gzip data in the member at offset {self.start}: "
                              f"{capped(str(exc))}") from None
            if self._z.eof:
                self._raw.give_back(self._z.unused_data)
            if out:
                return out
        return b""
