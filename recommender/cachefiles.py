"""Files derived once and kept in a cache folder (role index, decompressed model files)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO


@contextmanager
def written_whole(path: Path) -> Iterator[BinaryIO]:
    """A binary file to write `path` through, which appears under its name only once complete.

    It is written under a unique temporary name and renamed at the end, so processes that build
    the same file at once (server workers, batch processes) never read half of one. Raises the
    OSError that creating the folder, opening or writing raised; no temporary file is left behind.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with open(partial, "wb") as f:
            yield f
        os.replace(partial, path)
    finally:
        with suppress(OSError):  # gone already once renamed
            partial.unlink()
