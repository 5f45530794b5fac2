"""The log file is shared by the window and scheduled commands (issue 22): two processes append
to it at once without losing or breaking lines; a large log is rotated at start."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

WRITER = """
import logging, sys
from ame_desktop import config
config.setup_logging()
log = logging.getLogger("prov")
for i in range(300):
    log.info("process %s line %03d", sys.argv[1], i)
"""


@pytest.mark.sqlite_only
def test_two_processes_log_to_one_file(tmp_path):
    path = tmp_path / "ame.log"
    env = {**os.environ, "AME_LOG_FILE": str(path)}
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, name], env=env) for name in ("A", "B")]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    lines = path.read_text(encoding="utf-8").splitlines()
    for name in ("A", "B"):
        mine = [line for line in lines if f"process {name} line" in line]
        assert [int(line[-3:]) for line in mine] == list(range(300))  # none lost, none broken
    assert len(lines) == 600


def test_a_large_log_is_rotated_at_start(tmp_path):
    from ame_desktop import config

    path = tmp_path / "ame.log"
    path.write_text("x" * (config.LOG_MAX_BYTES + 1), encoding="utf-8")
    Path(f"{path}.1").write_text("older", encoding="utf-8")
    config.rotate_if_large(path)
    assert not path.exists()
    assert Path(f"{path}.1").stat().st_size == config.LOG_MAX_BYTES + 1
    assert Path(f"{path}.2").read_text(encoding="utf-8") == "older"
