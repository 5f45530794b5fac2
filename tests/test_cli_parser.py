"""Issue 25: a command builds only its own sub-command's parser (argparse's forty parsers were half of
`stats`' own work); what it parses, prints and refuses is the same as with the whole parser."""

from __future__ import annotations

import contextlib
import io

import pytest

from ame_desktop import cli

ARGVS = [
    [], ["--db", "x.db"], ["--db=x.db"], ["--help"], ["--version"], ["stats"], ["--db", "x", "stats"],
    ["stats", "--help"], ["check"], ["check", "b.bak"], ["bogus"], ["stats", "--bogus"], ["report"],
    ["report", "bogus"], ["report", "activity", "--month", "2026-11", "--out", "x.json"], ["report", "activity"],
    ["report", "results", "--help"], ["report", "quarter", "--help"], ["export", "kolada", "--year", "2025", "--out", "k.xlsx"],
    ["export", "kolada"], ["export", "--help"], ["account", "add", "u", "--role", "handledare"], ["account", "bad"],
    ["groups", "--help"], ["consent", "--help"], ["protect", "--help"], ["delivery", "--help"], ["followups"],
    ["--db"], ["-x"], ["settings", "k", "v"], ["audit", "verify", "--against", "a", "--against", "b"],
]


def _outcome(parser_for, argv):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            ns = parser_for(argv).parse_args(argv)
            result = {k: (v.__name__ if callable(v) else v) for k, v in vars(ns).items()}
        except SystemExit as exc:
            result = f"exit {exc.code}"
        except cli.CliUsageError as exc:
            result = exc.message
    return result, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("argv", ARGVS, ids=" ".join)
def test_the_parser_built_for_a_command_parses_as_the_whole_one(argv, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    assert _outcome(cli.build_parser, argv) == _outcome(lambda _a: cli._build_parser(None)[0], argv)


def test_a_short_command_builds_only_its_own_sub_command():
    sub = next(a for a in cli.build_parser(["--db", "x", "stats"])._actions if a.dest == "command")
    assert list(sub.choices) == ["stats"]
    window = next(a for a in cli.build_parser([])._actions if a.dest == "command")
    assert list(window.choices) == []
    whole = next(a for a in cli.build_parser(["bogus"])._actions if a.dest == "command")
    assert {"stats", "check", "report", "export", "groups", "consent", "protect"} <= set(whole.choices)
