"""The layers of ame_desktop/ (docs/ARCHITECTURE.md): ui/cli → services → io/store → domain, no
cycles, no Qt below ui/. tools/import_graph.py reads every module with `ast` (lazy imports and
TYPE_CHECKING imports count); this runs it on the package and on small made-up packages that
break each rule, so the check itself is seen to fail."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import import_graph  # noqa: E402


def test_the_package_has_no_upward_arrow_and_no_cycle():
    r = subprocess.run([sys.executable, str(ROOT / "tools" / "import_graph.py")], capture_output=True, text=True,
                       cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Inga pilar uppåt, inga cykler." in r.stdout
    assert "services  → io" in r.stdout  # the graph itself is printed, layer by layer


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in {"ame_desktop/__init__.py": "", "ame_desktop/domain/__init__.py": "",
                       "ame_desktop/io/__init__.py": "", "ame_desktop/services/__init__.py": "",
                       "ame_desktop/ui/__init__.py": "", **files}.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_a_clean_package_passes(tmp_path):
    root = _package(tmp_path, {
        "ame_desktop/domain/things.py": "X = 1\n",
        "ame_desktop/io/writer.py": "from ame_desktop.domain.things import X\n",
        "ame_desktop/services/use.py": "from ame_desktop.io import writer\nfrom ame_desktop.domain import things\n",
        "ame_desktop/ui/page.py": "from PySide6.QtWidgets import QWidget\nfrom ame_desktop.services import use\n",
        "ame_desktop/cli.py": "def main():\n    from ame_desktop.ui import page\n",
    })
    assert import_graph.check(root)[2] == []


@pytest.mark.parametrize("files, expected", [
    ({"ame_desktop/io/writer.py": "def f():\n    from ame_desktop.services.use import Result\n",
      "ame_desktop/services/use.py": "Result = 1\n"}, "upward arrow io → services"),
    ({"ame_desktop/domain/spec.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                                    "    from ame_desktop.services import use\n",
      "ame_desktop/services/use.py": ""}, "upward arrow domain → services"),
    ({"ame_desktop/services/use.py": "from ame_desktop.ui.page import Page\n",
      "ame_desktop/ui/page.py": "Page = 1\n"}, "upward arrow services → ui"),
    ({"ame_desktop/io/writer.py": "from ame_desktop.store import db\n",
      "ame_desktop/store/__init__.py": "", "ame_desktop/store/db.py": ""}, "sideways arrow io → store"),
    ({"ame_desktop/services/a.py": "from ame_desktop.services import b\n",
      "ame_desktop/services/b.py": "def f():\n    from ame_desktop.services import a\n"},
     "cycle: ame_desktop.services.a ↔ ame_desktop.services.b"),
    ({"ame_desktop/services/use.py": "import PySide6.QtCore\n"}, "Qt (PySide6.QtCore) below ui/"),
    ({"ame_desktop/ui/page.py": "def load(s):\n    import sqlalchemy as sa\n"}, "SQL (sqlalchemy) in ui/"),
    ({"ame_desktop/services/use.py": "from ame_desktop.services.gone import thing\n"},
     "imports ame_desktop.services.gone, which is not a module of the package"),
])
def test_each_rule_is_enforced(tmp_path, files, expected):
    faults = import_graph.check(_package(tmp_path, files))[2]
    assert any(expected in f for f in faults), faults
