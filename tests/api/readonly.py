"""Make a directory refuse writes for real, as a read-only or immutable disk does, and undo it."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _set(path: Path, read_only: bool) -> None:
    if os.geteuid() == 0:
        # root writes through permissions; the immutable flag stops it, even through files already open.
        if shutil.which("chattr") is None:
            pytest.skip("needs chattr (e2fsprogs) to make a directory read-only for root")
        flag = "+i" if read_only else "-i"
        done = subprocess.run(["chattr", "-R", "-f", flag, str(path)], capture_output=True, text=True)
        if done.returncode != 0 and read_only:
            pytest.skip(f"this file system does not take chattr +i: {done.stderr.strip()}")
        return
    for root, dirs, files in os.walk(path):
        for name in [*dirs, *files]:
            os.chmod(os.path.join(root, name), 0o555 if read_only else 0o755)
    os.chmod(path, 0o555 if read_only else 0o755)


def _writes_through_open_files(path: Path, handle: int) -> bool:
    try:
        os.pwrite(handle, b"x", 0)
    except OSError:
        return False
    return True


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """While inside, `path` and everything in it refuse writes (new files and files already open)."""
    probe = path / ".probe-open-file"
    probe.write_bytes(b"-")
    handle = os.open(probe, os.O_RDWR)
    _set(path, True)
    try:
        if _writes_through_open_files(path, handle):
            pytest.skip(
                "as a user other than root, chmod does not stop writes through files already open; "
                "this check needs root (chattr +i)"
            )
        yield
    finally:
        _set(path, False)
        os.close(handle)
        probe.unlink(missing_ok=True)
