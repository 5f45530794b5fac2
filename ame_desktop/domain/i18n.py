"""Marks for Qt Linguist below the window (no Qt here): a label table that the window shows
through `tr()` wraps its texts in QT_TR_NOOP, so `python dev.py lupdate` collects them. At run
time the mark returns the Swedish text unchanged (the command line and the files stay Swedish);
the window translates it when it shows it (ui/common.tr, context "")."""

from __future__ import annotations


def QT_TR_NOOP(text: str) -> str:  # noqa: N802 (the name pyside6-lupdate looks for)
    return text
