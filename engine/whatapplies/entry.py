"""The `whatapplies` script: the command line, without Python's housekeeping around it.

A one-question `whatapplies ask` spent almost as long on housekeeping as on the rules
(bench/RESULTS.md, session 9): while the packages load, the garbage collector walks the
hundreds of thousands of objects they create again and again, though none of them is
garbage; and at exit the interpreter tears every one of them down, though the process is
about to end. The collector is off while the modules load; `ask` leaves it off (one
question is a bounded amount of work) and every other command gets it back, blind to
the modules (`gc.freeze`), for runs of any length. `ask` and `check` end as soon as their
output is flushed: they hold no file, process or thread open by then. `ask CASE --json`
(pipelines' form) is answered without loading typer at all (ask_command.quick_ask).
"""

from __future__ import annotations

import gc
import os
import sys

#: Commands that only compute and print: once their output is flushed there is nothing left to close.
ENDS_AT_ONCE = ("ask", "check")


def main() -> None:
    gc.disable()
    command = sys.argv[1] if len(sys.argv) > 1 else None
    code = None
    if command == "ask":
        from .ask_command import quick_ask

        code = quick_ask(sys.argv[2:])
    if code is None:
        code = _run_command(command)
    if command in ENDS_AT_ONCE:
        _flush()
        os._exit(code)
    sys.exit(code)


def _run_command(command: str | None) -> int:
    """Any command, parsed by typer."""
    from .cli import main as run_command

    if command != "ask":
        gc.freeze()
        gc.enable()
    return run_command()


def _flush() -> None:
    """Write out what is buffered; a reader that has gone (`| head`) is not an error of ours."""
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:  # None: the process was started without it (`>&-`)
                stream.flush()
        except (OSError, ValueError):
            pass
