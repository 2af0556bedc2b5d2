"""The store's Alembic migrations (run through :mod:`socinvest.store.engine`)."""
