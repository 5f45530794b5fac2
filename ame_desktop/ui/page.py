"""What the main window asks of its pages (typing.Protocol, checked at run time): every page can
say whether it may be left and can refresh; some pages also take the window's Ctrl+N, Ctrl+F
and Ctrl+S, open a participant, or set themselves up for `ame-desktop screenshot`. A page
states a capability by having the method (or signal); the window asks with isinstance, by name."""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class Page(Protocol):
    """Every page of the navigation."""

    def can_leave(self) -> bool:
        """False keeps the page (unsaved changes the user chose to keep)."""

    def refresh(self) -> None:
        """Show the register as it is now (the page is shown again)."""


@runtime_checkable
class NewItemPage(Protocol):
    """Ctrl+N makes the page's own new item (a contact, a closed day …)."""

    def new_item(self) -> None: ...


@runtime_checkable
class SearchPage(Protocol):
    """Ctrl+F goes to the page's own search field."""

    def focus_search(self) -> None: ...


@runtime_checkable
class SavePage(Protocol):
    """Ctrl+S saves what the page edits."""

    def save(self) -> None: ...


@runtime_checkable
class OpensParticipant(Protocol):
    """The page's `open_participant(int)` signal goes to the participant view."""

    open_participant: object  # a Signal(int)


@runtime_checkable
class ScreenshotPage(Protocol):
    """`ame-desktop screenshot VIEW` lets the page show something typical first."""

    def prepare_screenshot(self) -> None: ...
