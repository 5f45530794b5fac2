#!/usr/bin/env python3
"""Set up AME Desktop from a checkout and run it — needs only Python 3.11+.

    python3 dev.py demo    create .venv, install, fill a demo register, open the window
    python3 dev.py test    create .venv, install, run the test suite (extra args go to pytest)
    python3 dev.py gui     open the window on your own register (the default file)
    python3 dev.py lupdate collect the window's texts into resources/translations/ame_*.ts (Qt Linguist)
    python3 dev.py lrelease make the .qm files the program loads from those .ts files
    python3 dev.py floors  install the lowest versions pyproject.toml allows into .venv-floors and
                           run a smoke test there (the CLI, Qt, translations, the model tester)
    python3 dev.py import-graph   the layers' import graph; exit 1 on an upward arrow or a cycle

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


# Qt's own system libraries on Linux (Debian/Ubuntu package names). The wheels bring Qt itself, not
# these; a missing one shows up only after minutes of installing, as a Qt xcb error. Checked first.
QT_LIBS = {  # needed by every Qt program, offscreen too (the tests)
    "libEGL.so.1": "libegl1", "libGL.so.1": "libgl1", "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6", "libxkbcommon.so.0": "libxkbcommon0", "libX11.so.6": "libx11-6",
    "libxcb.so.1": "libxcb1", "libdbus-1.so.3": "libdbus-1-3", "libglib-2.0.so.0": "libglib2.0-0",
}
QT_WINDOW_LIBS = {  # the xcb platform plugin: a real window on X11
    "libxcb-cursor.so.0": "libxcb-cursor0", "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1", "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-image.so.0": "libxcb-image0", "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0", "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1", "libX11-xcb.so.1": "libx11-xcb1", "libxcb-util.so.1": "libxcb-util1",
}


def missing_qt_libraries(window: bool) -> list[str] | None:
    """Debian package names of Qt's system libraries that this Linux machine lacks (None: can't tell)."""
    if not sys.platform.startswith("linux"):
        return []
    for ldconfig in ("/sbin/ldconfig", "/usr/sbin/ldconfig", "ldconfig"):
        try:
            known = subprocess.run([ldconfig, "-p"], capture_output=True, text=True, check=True).stdout
            break
        except (OSError, subprocess.CalledProcessError):
            continue
    else:
        return None
    names = {line.split()[0] for line in known.splitlines()[1:] if line.strip()}
    wanted = dict(QT_LIBS)
    if window and os.environ.get("QT_QPA_PLATFORM", "xcb") == "xcb":
        wanted.update(QT_WINDOW_LIBS)
    return sorted({pkg for lib, pkg in wanted.items() if lib not in names})


def check_system_libraries(window: bool) -> None:
    if os.environ.get("AME_SKIP_LIB_CHECK"):
        return
    missing = missing_qt_libraries(window)
    if missing:
        sys.exit(
            "Qt behöver systembibliotek som saknas på den här datorn. Installera dem först "
            "(Debian/Ubuntu):\n\n    sudo apt-get install " + " ".join(missing) + "\n\n"
            "Andra Linuxvarianter: installera paketen som ger "
            + ", ".join(lib for lib, pkg in {**QT_LIBS, **QT_WINDOW_LIBS}.items() if pkg in missing) + ".\n"
            "(AME_SKIP_LIB_CHECK=1 hoppar över kontrollen.)"
        )


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


TRANSLATIONS = ROOT / "resources" / "translations"
# The languages with a translation file; Swedish is the source text and needs none.
TRANSLATION_LANGUAGES = {"en": "en_GB"}


def qt_tool(py: Path, name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease from the PySide6 wheel, beside the venv's python."""
    exe = py.parent / (f"{name}.exe" if os.name == "nt" else name)
    return str(exe) if exe.exists() else name


def translation_sources() -> list[str]:
    """Every module of the package: tr() and QT_TR_NOOP() are in ui/, the marked label tables in
    domain/ and services/ (lupdate reads only the calls, so the other modules add nothing)."""
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ame_desktop").rglob("*.py"))


def lupdate(py: Path, extra: list[str]) -> int:
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    rc = 0
    for lang, locale in TRANSLATION_LANGUAGES.items():
        ts = TRANSLATIONS / f"ame_{lang}.ts"
        # No line numbers: a .ts that changes only where a text changes (many people edit the code).
        rc |= subprocess.run([qt_tool(py, "pyside6-lupdate"), "-locations", "none", "-source-language", "sv_SE",
                              "-target-language", locale, *extra, *translation_sources(),
                              "-ts", str(ts.relative_to(ROOT))], cwd=ROOT).returncode
    return rc


def lrelease(py: Path, extra: list[str]) -> int:
    rc = 0
    for lang in TRANSLATION_LANGUAGES:
        ts = TRANSLATIONS / f"ame_{lang}.ts"
        rc |= subprocess.run([qt_tool(py, "pyside6-lrelease"), *extra, str(ts.relative_to(ROOT)),
                              "-qm", str(ts.with_suffix(".qm").relative_to(ROOT))], cwd=ROOT).returncode
    return rc


FLOORS_VENV = ROOT / ".venv-floors"
# What the lowest allowed versions must pass: the command line, the window's Qt (its runtime,
# translations, every item model on a demo register) and personnummer.
FLOORS_SMOKE = ["tests/test_qt_runtime.py", "tests/test_personnummer.py", "tests/test_translations.py",
                "tests/test_models_qt.py"]


def floor_requirements(pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    """Every dependency (with the test and postgres extras) pinned to its lower bound:
    "SQLAlchemy>=2.0.30" → "SQLAlchemy==2.0.30". A dependency without a lower bound is an error."""
    import re
    import tomllib

    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    extras = project.get("optional-dependencies", {})
    out = []
    for req in [*project["dependencies"], *extras.get("test", []), *extras.get("postgres", [])]:
        m = re.match(r"^\s*([A-Za-z0-9_.\-]+(?:\[[^\]]+\])?)\s*(?:[^;]*?)>=\s*([0-9][^,;\s]*)", req)
        if not m:
            raise SystemExit(f"pyproject.toml: {req!r} har ingen lägsta version (>=).")
        out.append(f"{m.group(1)}=={m.group(2)}")
    return out


def floors(extra: list[str]) -> int:
    """A separate venv with the floors, the package without its dependencies, and the smoke test."""
    if sys.version_info < (3, 11):
        sys.exit("AME Desktop behöver Python 3.11 eller senare.")
    py = FLOORS_VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if not py.exists():
        venv.EnvBuilder(with_pip=True, clear=True).create(FLOORS_VENV)
    reqs = floor_requirements()
    print("Lägsta tillåtna versioner: " + ", ".join(reqs), flush=True)
    steps = [[str(py), "-m", "pip", "install", "--quiet", *reqs],
             [str(py), "-m", "pip", "install", "--quiet", "--no-deps", "-e", str(ROOT)],
             [str(py), "-m", "ame_desktop", "--version"],
             [str(py), "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "0", *FLOORS_SMOKE, *extra]]
    for cmd in steps:
        rc = subprocess.run(cmd, cwd=ROOT).returncode
        if rc:
            return rc
    return 0


def main(argv: list[str]) -> int:
    cmd = argv[0] if argv else "demo"
    if cmd == "import-graph":  # plain Python, no .venv needed
        return subprocess.run([sys.executable, str(ROOT / "tools" / "import_graph.py"), *argv[1:]], cwd=ROOT).returncode
    if cmd in ("demo", "test", "gui"):
        check_system_libraries(window=cmd != "test")  # the tests run Qt offscreen
    if cmd == "floors":  # its own venv; .venv stays as it is
        check_system_libraries(window=False)
        return floors(argv[1:])
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
    if cmd == "lupdate":
        return lupdate(py, argv[1:])
    if cmd == "lrelease":
        return lrelease(py, argv[1:])
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
