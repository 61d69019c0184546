from __future__ import annotations

from pathlib import Path

import pytest

from recommender.cachefiles import written_whole


def test_a_cache_file_appears_only_once_it_is_complete(tmp_path: Path) -> None:
    target = tmp_path / "cache" / "role-index.npy"
    with written_whole(target) as f:
        f.write(b"first half, ")
        assert not target.exists()  # a reader meanwhile finds nothing, never half a file
        f.write(b"second half")
    assert target.read_bytes() == b"first half, second half"
    assert [p.name for p in target.parent.iterdir()] == ["role-index.npy"]


def test_a_write_that_fails_leaves_the_old_file_and_no_temporary_one(tmp_path: Path) -> None:
    target = tmp_path / "weights.npz"
    target.write_bytes(b"the good copy")
    with pytest.raises(RuntimeError), written_whole(target) as f:
        f.write(b"half of a new one")
        raise RuntimeError("disk full, say")
    assert target.read_bytes() == b"the good copy"
    assert [p.name for p in tmp_path.iterdir()] == ["weights.npz"]
