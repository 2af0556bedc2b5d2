"""Writing output so that a reader sees the previous files or the complete new ones, never a
half-written file: a temporary file (or folder) beside the target, flushed to disk, then
renamed into place.

A rename within one folder is atomic on POSIX file systems (``rename(2)``), so a report or a
params file is replaced in one step. A set of files (``run --out FOLDER``) is written into a
temporary folder and swapped with the old folder in two renames; between them the old folder
is kept under a hidden name, and it is removed only after the new one is in place. Temporary
names start with a dot, carry the writer's process id and end in ``.tmp``; an error or an
interrupt (Ctrl-C, SIGTERM, which the CLI turns into an exit) removes them. One left behind
by a SIGKILL or a power cut is removed by the next write to the same target.
"""

from __future__ import annotations

import glob
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from socinvest.i18n import N_


def _folder_of(path: Path) -> Path:
    return path.parent if str(path.parent) else Path(".")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _sweep(folder: Path, name: str) -> None:
    """Remove temporary files and folders for ``name`` left by a process that no longer runs
    (killed with SIGKILL, or a power cut): their names carry the writer's process id."""
    prefix = f".{name}."
    for item in folder.glob(f"{glob.escape(prefix)}*.tmp*"):
        pid_text = item.name[len(prefix) :].split(".", 1)[0]
        if pid_text.isdigit() and int(pid_text) != os.getpid() and not _alive(int(pid_text)):
            if item.is_dir():
                shutil.rmtree(item, ignore_errors=True)
            else:
                item.unlink(missing_ok=True)


def _usual_mode(path: Path, directory: bool) -> None:
    """Give a temporary file or folder the mode a plainly created one would have (mkstemp and
    mkdtemp make them private to the owner)."""
    os.chmod(path, (0o777 if directory else 0o666) & ~_umask())


def check_target(path: Path) -> None:
    """Check, before any work, that ``path`` can be written: its folder exists and is
    writable, and no folder stands in the way (or, for a folder target, no file).

    Raises
    ------
    OSError
        With ``strerror`` saying what is wrong.
    """
    folder = _folder_of(path)
    if not folder.is_dir():
        raise FileNotFoundError(2, N_("the folder does not exist"), str(folder))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise PermissionError(13, N_("the folder cannot be written"), str(folder))
    if path.is_dir() and path.suffix:
        raise IsADirectoryError(21, N_("a folder has that name"), str(path))


def check_target_folder(path: Path, names: frozenset[str]) -> None:
    """As :func:`check_target` for a folder of outputs (``run --out``) that will hold the
    files ``names``: an existing folder may hold only those (it is replaced as a whole, so
    nothing else in it may be lost)."""
    folder = _folder_of(path)
    if path.exists() and not path.is_dir():
        raise NotADirectoryError(20, N_("a file has that name"), str(path))
    if path.is_dir():
        others = sorted(p.name for p in path.iterdir() if p.name not in names)
        if others:
            raise FileExistsError(
                17,
                N_(
                    "the folder holds other files than socinvest's results; choose a new or "
                    "empty folder"
                ),
                f"{path} ({', '.join(others[:3])}{', ...' if len(others) > 3 else ''})",
            )
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent  # missing folders on the way are created
    if not existing.is_dir():
        raise NotADirectoryError(20, N_("a file stands in the way"), str(existing))
    if not os.access(existing, os.W_OK | os.X_OK):
        raise PermissionError(13, N_("the folder cannot be written"), str(existing))


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` with the same suffix; write it inside the ``with``
    block. On success it is flushed to disk and renamed to ``path``; on any error or
    interrupt it is removed and ``path`` is left as it was."""
    _sweep(_folder_of(path), path.stem)
    handle, name = tempfile.mkstemp(
        prefix=f".{path.stem}.{os.getpid()}.", suffix=f".tmp{path.suffix}", dir=_folder_of(path)
    )
    os.close(handle)
    temporary = Path(name)
    _usual_mode(temporary, directory=False)
    try:
        yield temporary
        with temporary.open("rb+") as out:
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_text_atomically(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` in one step (see :func:`atomic_path`)."""
    with atomic_path(path) as temporary:
        temporary.write_text(text, encoding="utf-8")


@contextmanager
def atomic_folder(path: Path) -> Iterator[Path]:
    """A temporary folder beside ``path``; write the set of files inside the ``with`` block.
    On success the files are flushed and the folder takes the place of ``path`` (an old
    folder there is removed after the swap; only the files socinvest writes are expected in
    it: see :func:`check_target_folder`); on any error or interrupt the temporary folder is
    removed and ``path`` is left as it was."""
    folder = _folder_of(path)
    folder.mkdir(parents=True, exist_ok=True)
    _sweep(folder, path.name)
    temporary = Path(
        tempfile.mkdtemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=folder)
    )
    _usual_mode(temporary, directory=True)
    old: Path | None = None
    try:
        yield temporary
        for item in temporary.iterdir():
            with item.open("rb") as handle:
                os.fsync(handle.fileno())
        if path.exists():
            old = Path(
                tempfile.mkdtemp(
                    prefix=f".{path.name}.{os.getpid()}.old", suffix=".tmp", dir=folder
                )
            )
            old.rmdir()
            os.replace(path, old)
        os.replace(temporary, path)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        if old is not None and old.exists() and not path.exists():
            os.replace(old, path)  # put the previous files back
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
