"""Every row of every table of a store, to compare before and after."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from socinvest.store import Store
from socinvest.store.models import Base


def snapshot(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in primary-key order."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with store.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            query = select(table).order_by(*table.primary_key.columns)
            out[table.name] = [tuple(row) for row in connection.execute(query)]
    return out
