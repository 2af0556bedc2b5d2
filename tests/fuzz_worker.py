"""Run ``socinvest validate`` and ``socinvest run --format json`` on every file of a folder,
in one process through the CLI's own command (``socinvest.cli.main.app``, as the console
script calls it), each call with a time limit and the process with a memory limit; print one
JSON line per file with what happened. Used by ``test_fuzz_cli.py``.

Usage: ``python fuzz_worker.py FOLDER SECONDS MEMORY_BYTES``
"""

from __future__ import annotations

import contextlib
import io
import json
import resource
import signal
import sys
import traceback
from pathlib import Path
from typing import Any

from clitools import finite_json


class Hang(BaseException):
    """A call that did not end within its time limit."""


def _on_alarm(_signum: int, _frame: object) -> None:
    raise Hang


def _strict_finite_json(text: str) -> bool:
    try:
        finite_json(text)
    except ValueError:
        return False
    return True


def call(command: Any, args: list[str], seconds: int) -> dict[str, Any]:
    out, err = io.StringIO(), io.StringIO()
    code: int | None = None
    problem = None
    signal.alarm(seconds)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            command.main(args=args, prog_name="socinvest", standalone_mode=True)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except Hang:
        problem = "hang"
    except BaseException:  # a traceback: what the fuzz test must never see
        problem = traceback.format_exc(limit=6)[-1500:]
    finally:
        signal.alarm(0)
    stdout = out.getvalue()
    return {
        "exit": code,
        "problem": problem,
        "json_ok": _strict_finite_json(stdout) if code == 0 else None,
        "stderr": err.getvalue()[-300:],
        "stdout_len": len(stdout),
    }


def main() -> None:
    folder, seconds, memory = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    signal.signal(signal.SIGALRM, _on_alarm)
    import typer.main

    from socinvest.cli.main import app

    command = typer.main.get_command(app)
    for path in sorted(folder.iterdir()):
        record = {"name": path.name}
        record["validate"] = call(command, ["validate", str(path), "--format", "json"], seconds)
        record["run"] = call(command, ["run", str(path), "--format", "json"], seconds)
        print(json.dumps(record), flush=True)


if __name__ == "__main__":
    main()
