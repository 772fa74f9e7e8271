"""Processes that die together, and a file that takes too long fails alone."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.hostile.helpers import CLI, intact, run_cli

ZH = "各位代表：\n开展“人工智能＋”行动，培育具身智能等未来产业。\n加快发展新质生产力。\n"
EN = "The government will promote the AI Plus initiative and develop embodied intelligence.\n"


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc (Linux)")
def test_kill_9_of_the_main_process_leaves_no_worker_behind(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(40):
        (folder / f"doc{i:03d}.txt").write_text(f"第{i}号。\n" + (ZH + EN) * 400, "utf-8")
    proc = subprocess.Popen(
        # 3: two worker processes beside the main one, which prepares too
        CLI + ["--db", str(tmp_path / "w.db"), "ingest", str(folder), "--workers", "3"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 120
    kids: set[int] = set()
    while time.time() < deadline and proc.poll() is None:
        kids = _children(proc.pid)
        if len(kids) >= 3:  # two workers and multiprocessing's resource tracker
            break
        time.sleep(0.1)
    if proc.poll() is not None:
        pytest.fail("ingest finished before it could be killed; make the input bigger")
    time.sleep(1)  # the workers are past their start-up
    kids |= _children(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.time() + 20
    while time.time() < deadline and any(_alive(k) for k in kids):
        time.sleep(0.2)
    left = [k for k in kids if _alive(k)]
    for k in left:  # do not leave them running for the next tests
        os.kill(k, signal.SIGKILL)
    assert not left, f"{len(left)} of {len(kids)} child processes outlived the main process"
    intact(tmp_path / "w.db")


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_file_over_the_time_limit_fails_alone(tmp_path, workers):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "big.txt").write_text((ZH + EN) * 60_000, "utf-8")
    for i in range(4):
        (folder / f"small{i}.txt").write_text(f"第{i}号。\n" + ZH, "utf-8")
    db = tmp_path / "w.db"
    r, secs, _ = run_cli(
        ["--db", db, "ingest", folder, "--workers", workers, "--no-enrich"],
        env={"POLICYSCOPE_FILE_SECONDS": "2"},
    )
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "big.txt: took longer than 2 s" in r.stderr
    assert "4 added, 1 failed" in r.stderr
    assert intact(db) == 4
