"""Typed errors with Swedish messages. The CLI maps them to exit status; the window shows them.

`UserError` (and subclasses) means the input or the request is wrong: exit status 2.
Anything else is unexpected: exit status 1.
"""

from __future__ import annotations

from dataclasses import dataclass


class AmeError(Exception):
    """Base for errors whose message is meant for the user (in Swedish)."""

    exit_status = 1

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class UserError(AmeError):
    """The input or the request is wrong; nothing was changed."""

    exit_status = 2


@dataclass(frozen=True)
class FieldError:
    """One problem with one field; `sheet`/`row` are set when it comes from a workbook."""

    field: str
    message: str
    sheet: str | None = None
    row: int | None = None

    def __str__(self) -> str:
        if self.sheet is not None:
            where = f"{self.sheet}, rad {self.row}" if self.row is not None else self.sheet
            return f"{where}, {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        return f"{self.field}: {self.message}" if self.field else self.message


class ValidationError(UserError):
    """One or more field errors. `errors[0].field` names the first field for the window."""

    def __init__(self, errors: list[FieldError] | FieldError):
        self.errors = [errors] if isinstance(errors, FieldError) else list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))

    @classmethod
    def single(cls, field: str, message: str) -> "ValidationError":
        return cls(FieldError(field, message))

    @property
    def field(self) -> str:
        return self.errors[0].field if self.errors else ""

    def for_field(self, field: str) -> list[str]:
        return [e.message for e in self.errors if e.field == field]


class NotFoundError(UserError):
    """A person or record that the request names does not exist."""


class ConflictError(UserError):
    """Someone else changed the record since it was read (optimistic locking)."""


class StoreError(AmeError):
    """The database cannot be used right now (locked, unreachable, full disk)."""
