"""Atomic writes: a reader never sees half a file, also when two processes write the same one."""
import subprocess
import sys
from pathlib import Path

import pytest

from dkm_lib.paths import atomic_write

ROOT = Path(__file__).resolve().parents[1]
# half a file, a pause while the other process writes, the other half
WRITER = """
import sys, time
from dkm_lib.paths import atomic_write
tag, pause, path = sys.argv[1].encode(), float(sys.argv[2]), sys.argv[3]
def write(tmp):
    with open(tmp, "wb") as f:
        f.write(tag * 1000); f.flush(); time.sleep(pause); f.write(tag * 1000)
atomic_write(path, write)
"""


def test_two_processes_writing_one_file_each_rename_a_whole_file_of_their_own(tmp_path):
    """Two test workers cache MNIST to one path at once: each must rename its own whole file (with one shared
    temporary name, one process crashed and the file held B's bytes followed by A's)."""
    target = tmp_path / "cache.bin"
    slow, fast = (subprocess.Popen([sys.executable, "-c", WRITER, tag, pause, str(target)], cwd=ROOT,
                                   stderr=subprocess.PIPE, text=True) for tag, pause in (("A", "1.0"), ("B", "0.1")))
    for process in (slow, fast):
        assert process.wait(timeout=60) == 0, process.stderr.read()
    data = target.read_bytes()
    assert len(data) == 2000 and len(set(data)) == 1, "a mix of two writes"
    assert [p.name for p in tmp_path.iterdir()] == ["cache.bin"], "a temporary file was left behind"


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "result.json"
    target.write_text("old")

    def fail(tmp):
        tmp.write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        atomic_write(target, fail)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["result.json"]


def test_a_write_is_on_disk_before_it_replaces_the_old_file(tmp_path, monkeypatch):
    """fsync before the rename: after a power cut the file is the old one or the whole new one, never empty."""
    import os

    from dkm_lib import paths

    order, real_fsync, real_replace = [], os.fsync, os.replace
    monkeypatch.setattr(paths.os, "fsync", lambda fd: (order.append("fsync"), real_fsync(fd)))
    monkeypatch.setattr(paths.os, "replace", lambda a, b: (order.append("replace"), real_replace(a, b)))
    atomic_write(tmp_path / "r.json", lambda tmp: tmp.write_text("new"))
    assert order == ["fsync", "replace"] and (tmp_path / "r.json").read_text() == "new"


def test_a_path_outside_the_repository_is_recorded_whole(tmp_path, monkeypatch):
    """Inside the repository a record keeps the path relative to it; outside, the absolute path (relative to the
    working directory, `reproduce --out mine` recorded "mine/..." and later looked for it under the repository)."""
    from dkm_lib.paths import REPO_ROOT, relative

    monkeypatch.chdir(tmp_path)
    assert relative("mine/runs/seed0") == str(tmp_path / "mine" / "runs" / "seed0")
    assert relative(REPO_ROOT / "results" / "mnist.json") == "results/mnist.json"


def test_records_name_the_device_they_ran_on():
    import torch

    from dkm_lib.devices import device_name

    assert device_name(torch.device("mps")) == "mps"   # an Apple GPU was recorded as "cpu (N threads)"
    assert device_name(torch.device("cpu")) == f"cpu ({torch.get_num_threads()} threads)"
