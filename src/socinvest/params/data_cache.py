"""A cache, between runs, of what socinvest builds from its own shipped data files.

Reading the shipped parameter library (15 YAML files, each value with its line) and the
shipped life-course model, and checking every value with pydantic, is the same work at every
command: about 40 ms of a ``socinvest validate`` that should take under 0.3 s. Like Python's
own ``__pycache__``, the result is kept in a file and used again while the inputs are the
same:

- the **key** is a SHA-256 of the exact bytes of every file read, with their names, of the
  source of the modules that build the entry and define its classes, and of the versions of
  Python, pydantic and PyYAML; a changed byte in any of them, or an upgrade, gives another
  key, so an entry is never used for other inputs or other code;
- the **entry** is the built object, pickled (the objects are plain data and pydantic models;
  a pickle round trip gives the same floats bit for bit);
- the **folder** is the user's cache folder (``platformdirs.user_cache_dir("socinvest")``,
  created readable by the user alone), or :data:`CACHE_FOLDER_VARIABLE`. A folder that is
  not the user's own, or that others can write to, is not used (a pickle from another
  user could run code);
- an entry is written to a temporary file and renamed into place, so a reader sees a whole
  entry or none; one that cannot be read (cut short, from another version of a class) is
  built again; one that cannot be written (a full disk, a read-only folder) is simply not
  kept;
- setting :data:`NO_CACHE_VARIABLE` turns the cache off.

Only files shipped inside the package go through this cache; a user's own scenario and
``--params`` files are read afresh every time.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

NO_CACHE_VARIABLE = "SOCINVEST_NO_CACHE"
"""Set (to anything but empty) to build everything afresh at every run."""

CACHE_FOLDER_VARIABLE = "SOCINVEST_CACHE_DIR"
"""The folder of the cache (default: the user's cache folder for socinvest)."""

_FORMAT = b"socinvest-data-cache-1"
"""Changed when what an entry holds changes."""


def cache_key(kind: str, files: Iterable[tuple[str, bytes]], modules: Iterable[str]) -> str:
    """The key of an entry: ``kind`` and a SHA-256 of the named files' bytes, of the source
    of ``modules`` (those that build the entry and define the classes in it; each must be
    imported already) and of the versions of Python, pydantic and PyYAML."""
    import pydantic
    import yaml

    digest = hashlib.sha256(_FORMAT)
    for part in (sys.version, pydantic.VERSION, yaml.__version__):
        digest.update(b"\0" + part.encode())
    for module in (__name__, *modules):
        source = getattr(sys.modules[module], "__file__", None)
        digest.update(b"\0" + module.encode() + b"\0")
        if source is not None:
            digest.update(Path(source).read_bytes())
    for name, data in files:
        digest.update(b"\0" + name.encode() + b"\0" + str(len(data)).encode() + b"\0" + data)
    return f"{kind}-{digest.hexdigest()}"


def cache_folder() -> Path | None:
    """The cache's folder, created if missing; ``None`` when the cache is off or the folder
    cannot be used (not the user's own, writable by others, cannot be made)."""
    if os.environ.get(NO_CACHE_VARIABLE):
        return None
    given = os.environ.get(CACHE_FOLDER_VARIABLE)
    if given:
        folder = Path(given)
    else:
        from platformdirs import user_cache_dir

        folder = Path(user_cache_dir("socinvest", appauthor=False))
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode):
        return None
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return None
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return None
    return folder


def cached(key: str, build: Callable[[], T]) -> T:
    """The entry ``key`` when the cache holds it, else ``build()``, kept for the next run.

    Parameters
    ----------
    key : str
        From :func:`cache_key` (it names the file of the entry).
    build : callable
        Builds the object; its errors pass through, and nothing is kept then.
    """
    folder = cache_folder()
    if folder is None:
        return build()
    path = folder / f"{key}.pickle"
    with contextlib.suppress(
        OSError,
        pickle.UnpicklingError,
        EOFError,
        AttributeError,
        ImportError,
        TypeError,
        ValueError,
        IndexError,
    ):
        with path.open("rb") as handle:
            value: T = pickle.load(handle)  # the user's own folder, see the module
        return value
    value = build()
    _write(path, value)
    return value


def _write(path: Path, value: object) -> None:
    """Write an entry atomically; an entry that cannot be written is not kept."""
    try:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError):
        return
    handle, temporary = -1, ""
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            handle = -1
            out.write(data)
        os.replace(temporary, path)
        temporary = ""
    except OSError:
        pass
    finally:
        if handle != -1:
            os.close(handle)
        if temporary:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
