"""Alembic environment: always run with a connection handed over by ame_desktop.store.schema."""

from alembic import context
from sqlmodel import SQLModel

from ame_desktop.domain import models  # noqa: F401  (registers the tables)

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when someone runs the alembic CLI by hand
    raise RuntimeError("Run migrations through ame_desktop.store.schema (ame-desktop check).")

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,  # SQLite can't ALTER most things: rebuild tables in batch mode
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
