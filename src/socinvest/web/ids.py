"""The ids in addresses and forms: whole numbers from 1 to the largest 32-bit integer (the
store's id columns are INTEGER on PostgreSQL); anything else is refused with 422 before a
database is asked."""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Path

MAX_ID = 2_147_483_647

Id = Annotated[int, Path(ge=1, le=MAX_ID)]
"""An id (or version number) in the address."""

FormId = Annotated[int, Form(ge=1, le=MAX_ID)]
"""An id in a form."""
