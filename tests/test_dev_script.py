"""dev.py checks Qt's Linux system libraries before installing anything (issue 21)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# What `ldconfig -p` prints on a machine with Qt's core libraries but without two xcb ones.
LDCONFIG = """1234 libs found in cache `/etc/ld.so.cache'
\tlibEGL.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libEGL.so.1
\tlibGL.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libGL.so.1
\tlibfontconfig.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libfontconfig.so.1
\tlibfreetype.so.6 (libc6,x86-64) => /lib/x86_64-linux-gnu/libfreetype.so.6
\tlibxkbcommon.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libxkbcommon.so.0
\tlibX11.so.6 (libc6,x86-64) => /lib/x86_64-linux-gnu/libX11.so.6
\tlibxcb.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libxcb.so.1
\tlibdbus-1.so.3 (libc6,x86-64) => /lib/x86_64-linux-gnu/libdbus-1.so.3
\tlibglib-2.0.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libglib-2.0.so.0
\tlibxcb-cursor.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libxcb-cursor.so.0
\tlibxkbcommon-x11.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libxkbcommon-x11.so.0
\tlibxcb-image.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libxcb-image.so.0
\tlibxcb-randr.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libxcb-randr.so.0
\tlibxcb-render-util.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libxcb-render-util.so.0
\tlibxcb-shape.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libxcb-shape.so.0
\tlibxcb-xkb.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libxcb-xkb.so.1
\tlibX11-xcb.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libX11-xcb.so.1
\tlibxcb-util.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libxcb-util.so.1
"""


@pytest.fixture
def dev(monkeypatch):
    spec = importlib.util.spec_from_file_location("ame_dev_script", ROOT / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module.sys, "platform", "linux")
    monkeypatch.delenv("AME_SKIP_LIB_CHECK", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)

    def fake_run(args, **kwargs):
        assert args[-1] == "-p"
        return subprocess.CompletedProcess(args, 0, stdout=LDCONFIG, stderr="")

    monkeypatch.setattr(module.subprocess, "run", fake_run)
    return module


def test_window_needs_the_xcb_libraries_and_says_which(dev):
    assert dev.missing_qt_libraries(window=True) == ["libxcb-icccm4", "libxcb-keysyms1"]
    with pytest.raises(SystemExit) as stop:
        dev.check_system_libraries(window=True)
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1\n" in str(stop.value.code)


def test_the_offscreen_tests_need_only_the_core_libraries(dev):
    assert dev.missing_qt_libraries(window=False) == []
    dev.check_system_libraries(window=False)  # does not stop


def test_the_check_comes_before_any_installing(dev, monkeypatch):
    monkeypatch.setattr(dev, "ensure_env", lambda: pytest.fail("installed before checking the libraries"))
    with pytest.raises(SystemExit):
        dev.main(["demo"])


def test_missing_core_library_is_named_for_the_tests_too(dev, monkeypatch):
    without_egl = "\n".join(line for line in LDCONFIG.splitlines() if "libEGL" not in line)
    monkeypatch.setattr(dev.subprocess, "run",
                        lambda args, **kw: subprocess.CompletedProcess(args, 0, stdout=without_egl, stderr=""))
    assert dev.missing_qt_libraries(window=False) == ["libegl1"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")
def test_this_machine_has_what_the_tests_need():
    spec = importlib.util.spec_from_file_location("ame_dev_script_real", ROOT / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.missing_qt_libraries(window=False) in ([], None)


def test_floors_pin_every_dependency_to_its_lower_bound(dev, tmp_path):
    """`dev.py floors` installs exactly pyproject's lower bounds (issue 22), so the floors cannot
    drift from what is tested; a dependency without a lower bound is refused."""
    reqs = dev.floor_requirements()
    assert "SQLAlchemy==2.0.30" in reqs and "PySide6==6.6" in reqs and "psycopg[binary]==3.1.4" in reqs
    assert "reportlab==4.0.4" in reqs and "pytest-qt==4.4" in reqs
    assert all("==" in r and ">" not in r for r in reqs)
    bad = tmp_path / "pyproject.toml"
    bad.write_text('[project]\ndependencies = ["openpyxl<3.2"]\n', encoding="utf-8")
    with pytest.raises(SystemExit, match="openpyxl"):
        dev.floor_requirements(bad)
