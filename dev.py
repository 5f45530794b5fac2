#!/usr/bin/env python3
"""Set up AME Desktop from a checkout and run it — needs only Python 3.11+.

    python3 dev.py demo    create .venv, install, fill a demo register, open the window
    python3 dev.py test    create .venv, install, run the test suite (extra args go to pytest)
    python3 dev.py gui     open the window on your own register (the default file)

On Windows write `py dev.py demo`. Everything is installed into .venv beside this file.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
DEMO_DB = ROOT / "demo" / "demo.db"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_env() -> Path:
    if sys.version_info < (3, 11):
        sys.exit("AME Desktop behöver Python 3.11 eller senare.")
    py = venv_python()
    if not py.exists():
        print("Skapar virtuell miljö i .venv …", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]
    stamp = VENV / f".installed-{digest}"
    if not stamp.exists():
        print("Installerar AME Desktop och testverktyg …", flush=True)
        subprocess.run([str(py), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[test,postgres]"], check=True)
        for old in VENV.glob(".installed-*"):
            old.unlink()
        stamp.touch()
    return py


def run(py: Path, *args: str) -> int:
    return subprocess.run([str(py), *args], cwd=ROOT).returncode


def main(argv: list[str]) -> int:
    cmd = argv[0] if argv else "demo"
    py = ensure_env()
    if cmd == "demo":
        if not DEMO_DB.exists():
            DEMO_DB.parent.mkdir(exist_ok=True)
            rc = run(py, "-m", "ame_desktop", "--db", str(DEMO_DB), "demo")
            if rc:
                return rc
        return run(py, "-m", "ame_desktop", "--db", str(DEMO_DB), "gui")
    if cmd == "test":
        return run(py, "-m", "pytest", *argv[1:])
    if cmd == "gui":
        return run(py, "-m", "ame_desktop", "gui")
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
