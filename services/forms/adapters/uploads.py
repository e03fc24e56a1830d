"""The upload directory: attachments on disk under generated names, each written whole or
not at all, and their content type recognised from their first bytes."""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

import filetype

CHUNK = 64 * 1024
#: How much of the start of a file ``filetype`` looks at.
SNIFF_BYTES = 8192
#: Files still being received; a crash may leave one behind, which the sweep removes.
TEMP_PREFIX = ".incoming-"
STORED_NAME = re.compile(r"[0-9a-f]{32}")


class FileTooLarge(Exception):
    """Raised when a stream holds more bytes than the limit it was received with."""


@dataclass(frozen=True)
class Incoming:
    """A file received into a temporary file of the upload directory."""

    path: Path
    size: int
    sha256: str
    #: The content type recognised from the content; None when it is not recognised.
    content_type: str | None


class UploadDirectory:
    """Attachments in one directory (outside any folder the web server serves), shared
    by every process of forms (a volume in compose.yaml)."""

    def __init__(self, directory: Path | str):
        self.directory = Path(directory)

    @contextmanager
    def receive(self, stream: BinaryIO, max_bytes: int) -> Iterator[Incoming]:
        """Copy ``stream`` into a temporary file of the directory, hashing it on the way,
        and flush it to disk; the temporary file is removed on leaving the block unless
        :meth:`keep` has moved it.

        :raises FileTooLarge: once more than ``max_bytes`` have been read (the rest is not).
        """
        self.directory.mkdir(parents=True, exist_ok=True)
        descriptor, name = tempfile.mkstemp(dir=self.directory, prefix=TEMP_PREFIX)
        path = Path(name)
        try:
            with os.fdopen(descriptor, "wb") as out:
                size, digest, head = _copy(stream, out, max_bytes)
                out.flush()
                os.fsync(out.fileno())
            yield Incoming(path, size, digest, _content_type(head))
        finally:
            path.unlink(missing_ok=True)

    def keep(self, incoming: Incoming) -> str:
        """Give a received file its generated name; returns that name."""
        stored_name = uuid.uuid4().hex
        os.replace(incoming.path, self.directory / stored_name)
        _sync_directory(self.directory)
        return stored_name

    def path_of(self, stored_name: str) -> Path:
        """Where a kept file is. Only generated names are accepted, so no stored value can
        point outside the directory."""
        if not STORED_NAME.fullmatch(stored_name):
            raise ValueError(f"not a stored file name: {stored_name!r}")
        return self.directory / stored_name

    def remove(self, stored_name: str) -> None:
        self.path_of(stored_name).unlink(missing_ok=True)

    def files_older_than(self, moment: datetime) -> tuple[list[str], list[Path]]:
        """Kept files and leftover temporary files last changed before ``moment``."""
        kept, leftovers = [], []
        if not self.directory.is_dir():
            return kept, leftovers
        cutoff = moment.timestamp()
        with os.scandir(self.directory) as entries:
            for entry in entries:
                if not entry.is_file() or entry.stat().st_mtime >= cutoff:
                    continue
                if STORED_NAME.fullmatch(entry.name):
                    kept.append(entry.name)
                elif entry.name.startswith(TEMP_PREFIX):
                    leftovers.append(Path(entry.path))
        return kept, leftovers


def _copy(stream: BinaryIO, out: BinaryIO, max_bytes: int) -> tuple[int, str, bytes]:
    """Copy in chunks; the size, the SHA-256 in hex and the first bytes."""
    digest, size, head = hashlib.sha256(), 0, b""
    while chunk := stream.read(CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise FileTooLarge(max_bytes)
        if len(head) < SNIFF_BYTES:
            head += chunk[: SNIFF_BYTES - len(head)]
        digest.update(chunk)
        out.write(chunk)
    return size, digest.hexdigest(), head


def _content_type(head: bytes) -> str | None:
    """The type ``filetype`` recognises from the first bytes; a file that matches no
    signature is plain text when those bytes are UTF-8 without NUL characters."""
    kind = filetype.guess(head) if head else None
    if kind is not None:
        return kind.mime
    return "text/plain" if head and _is_utf8_text(head) else None


def _is_utf8_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    # Only the first bytes were kept: the last character may be cut, which is no error.
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head, final=len(head) < SNIFF_BYTES)
    except UnicodeDecodeError:
        return False
    return True


def _sync_directory(directory: Path) -> None:
    """Flush the directory entry of a rename, so the name survives a power cut."""
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
