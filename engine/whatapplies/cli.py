"""The `whatapplies` command line.

Exit codes: 0 answered (or every case matched), 1 a case did not match its `expect:`,
2 bad input (unknown state, impossible date, unknown weapon, malformed file) — always as
one line on stderr, never a traceback —, 3 a batch stopped because a worker process died
(killed, out of memory), also as one line.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, List, Optional

import typer

from .ask_command import (EXIT_BAD_INPUT, USER_ERRORS, BadInput, answer_json, answer_once, check_lang,
                          error_line, scenario_from)
from .cases import case_paths, load_case, mismatches
from .facts import BadScenario
from .names import UnknownName

try:  # typer >= 0.26 vendors click as typer._click
    from typer._click import exceptions as click_exceptions
except ImportError:  # pragma: no cover - older typer uses click itself
    from click import exceptions as click_exceptions


def Console(*args: Any, **kwargs: Any) -> Any:  # stands in for rich's class, hence the name
    """rich.console.Console, imported only when a table is printed (not for --json or --markdown)."""
    from rich.console import Console as RichConsole

    return RichConsole(*args, **kwargs)

EXIT_MISMATCH = 1
EXIT_STOPPED = 3

app = typer.Typer(
    name="whatapplies",
    help="Which law of armed conflict and arms control applies to a situation, and who could investigate.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
)


@app.command()
def ask(
    casefile: Optional[Path] = typer.Argument(None, help="A case file (cases/*.yaml); flags override its scenario."),
    date: Optional[str] = typer.Option(None, "--date", help="Date of the conduct, YYYY-MM-DD."),
    territory: Optional[str] = typer.Option(None, "--territory", help="State where it happened (code or name, English or Dutch)."),
    actor: Optional[str] = typer.Option(None, "--actor", help="Whose conduct: a state, or group:NAME."),
    opponent: List[str] = typer.Option([], "--opponent", help="A party on the other side (repeat for several)."),
    nationality: Optional[str] = typer.Option(None, "--nationality", help="Nationality of the alleged perpetrators."),
    conflict: Optional[str] = typer.Option(None, "--conflict", help="international | non-international | none."),
    weapon: Optional[str] = typer.Option(None, "--weapon", help="Weapon id or alias, e.g. white-phosphorus, WP, clustermunitie."),
    use: Optional[str] = typer.Option(None, "--use", help="How it was used, e.g. incendiary, smokescreen, brandwapen."),
    as_json: bool = typer.Option(False, "--json", help="Print the Answer as JSON."),
    as_markdown: bool = typer.Option(False, "--markdown", help="Print Markdown tables, for memos."),
    lang: str = typer.Option("en", "--lang", help="Language of the answer: en or nl."),
) -> None:
    """Answer which regimes apply and which bodies could investigate."""
    check_lang(lang)
    scenario = scenario_from(casefile, date, territory, actor, opponent, nationality, conflict, weapon, use)
    answer = answer_once(scenario, lang)
    if as_json:
        typer.echo(answer_json(answer))
        return
    from .output import markdown, print_table  # imported here: `ask --json` does not need it

    if as_markdown:
        typer.echo(markdown(answer, lang))
    else:
        print_table(answer, Console(), lang)


@app.command()
def check(
    paths: List[Path] = typer.Argument(None, help="Case files or folders (default: ./cases)."),
) -> None:
    """Run case files' expect: blocks; exit 1 if any answer differs."""
    from .api import ask as ask_answer

    paths = list(paths or [Path("cases")])
    files = case_paths(paths)
    if not files:
        raise BadInput(f"no case files found in {', '.join(map(str, paths))}")
    failed = 0
    for path in files:
        case = load_case(path)
        try:
            answer = ask_answer(case.scenario)
        except (BadScenario, UnknownName) as error:
            raise BadInput(f"{path}: {error}") from None
        problems = mismatches(case, answer)
        if problems:
            failed += 1
            typer.echo(f"FAIL {path}: " + "; ".join(problems))
        else:
            typer.echo(f"ok   {path}")
    typer.echo(f"{len(files) - failed} passed, {failed} failed")
    if failed:
        raise typer.Exit(EXIT_MISMATCH)


#: The commands defined in this file; `main` needs no other module to run them.
BUILT_IN = ("ask", "check")
_registered = False


def _register_commands() -> None:
    """Commands beyond ask/check live in modules named cmd_*.py, each with `register(app)`.

    Called by `main` (once) unless the command is ask or check: importing the cmd_*
    modules would cost a cold `whatapplies ask` ~15 ms for commands it does not run.
    """
    global _registered
    if _registered:
        return
    _registered = True
    import importlib
    import pkgutil

    import whatapplies

    for info in sorted(pkgutil.iter_modules(whatapplies.__path__), key=lambda i: i.name):
        if info.name.startswith("cmd_"):
            importlib.import_module(f"whatapplies.{info.name}").register(app)


def main(argv: Optional[List[str]] = None) -> int:
    """Entry point: every user error becomes one line on stderr and exit code 2."""
    # Every message may quote user input: keep it one line of bounded length.
    from .errors import shorten

    args = sys.argv[1:] if argv is None else list(argv)
    if not args or args[0] not in BUILT_IN:  # help, completion, or another command
        _register_commands()
    try:
        result = app(args=argv, prog_name="whatapplies", standalone_mode=False)
    except typer.Exit as done:
        return done.exit_code
    except click_exceptions.ClickException as error:
        if error.format_message():  # no arguments at all: the help was shown instead
            tell(f"error: {shorten(error.format_message(), 500)}")
        return EXIT_BAD_INPUT
    except USER_ERRORS as error:
        tell(error_line(error))
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    return result if isinstance(result, int) else 0


def tell(line: str) -> None:
    """`line` on stderr; if stderr is closed (`2>&-`), the exit code alone must tell."""
    try:
        typer.echo(line, err=True)
    except OSError:
        pass


if __name__ == "__main__":  # pragma: no cover - `python -m whatapplies.cli`
    from whatapplies.entry import main as run_installed

    run_installed()
