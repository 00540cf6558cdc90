"""The `ask` command's work, without the command-line parser around it.

`cli.py` wraps these functions in typer. The `whatapplies` script also calls
`quick_ask` directly for the command pipelines run most: `ask CASE --json`, optionally
with `--lang`. typer and click take ~45 ms of a ~400 ms cold start
(bench/RESULTS.md, session 10). Any other form of the command returns None, and typer
handles it. Both routes use the functions below, so they give the same bytes and exit
code (tests/test_quick_ask.py).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import List, Optional, TextIO

from .cases import CaseFileError, load_case
from .errors import first_error, shorten
from .facts import BadScenario
from .knowledge import DataError
from .models import Answer, Scenario
from .names import UnknownName

EXIT_READER_GONE = 1
EXIT_BAD_INPUT = 2
LANGS = ("en", "nl")


class BadInput(Exception):
    """Anything the user gave that cannot be answered; printed as one line, exit 2."""


#: What a user can get wrong: each is printed as one line with exit code 2.
USER_ERRORS = (BadInput, BadScenario, UnknownName, CaseFileError, DataError)


def error_line(error: Exception) -> str:
    """The one line a user error is printed as: every message may quote user input."""
    return f"error: {shorten(str(error), 500) or type(error).__name__}"


def check_lang(lang: str) -> str:
    """A command's --lang, if the answers are written in it."""
    if lang not in LANGS:
        raise BadInput(f"--lang: {lang!r} is not supported ({', '.join(LANGS)})")
    return lang


def parse_date(text: str, what: str = "date") -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise BadInput(f"{what}: {shorten(repr(text), 60)} is not a real date (use YYYY-MM-DD)") from None


def scenario_from(
    casefile: Optional[Path],
    date: Optional[str],
    territory: Optional[str],
    actor: Optional[str],
    opponent: List[str],
    nationality: Optional[str],
    conflict: Optional[str],
    weapon: Optional[str],
    use: Optional[str],
) -> Scenario:
    """The scenario from a case file, or from the flags (flags given with a file override it)."""
    from pydantic import ValidationError

    fields: dict[str, object] = {}
    if casefile is not None:
        fields = load_case(casefile).scenario.model_dump(exclude_none=True)
    flags = {"territory": territory, "actor": actor, "nationality": nationality, "conflict": conflict,
             "weapon": weapon, "use": use}
    fields.update({k: v for k, v in flags.items() if v is not None})
    if date is not None:
        fields["date"] = parse_date(date)
    if opponent:
        fields["opponents"] = list(opponent)
    missing = [name for name in ("date", "territory", "actor") if name not in fields]
    if missing:
        raise BadInput(f"missing {', '.join('--' + m for m in missing)} (or give a case file)")
    try:
        return Scenario.model_validate(fields)
    except ValidationError as error:
        raise BadInput(first_error(error).removeprefix("field ")) from None


def answer_once(scenario: Scenario, lang: str) -> Answer:
    """The answer of a process that asks one question."""
    from .api import ask

    # One question per process: nothing to share with a later one, and the whole ruleset
    # once costs less than building each regime's and body's own (api.ask, fragments.py).
    return ask(scenario, lang=lang, cache=False)


def answer_json(answer: Answer) -> str:
    """The Answer as `ask --json` prints it (without the final newline)."""
    return answer.model_dump_json(indent=2)


def plain_form(args: List[str]) -> Optional[tuple[Path, str]]:
    """(case file, language) if `args` (after `ask`) is `CASE --json [--lang L]` in any order.

    Any other form (flags for the scenario, a table, help) is None and goes to typer.
    """
    positionals: list[str] = []
    langs: list[str] = []
    as_json = 0
    rest = iter(args)
    for arg in rest:
        if arg == "--json":
            as_json += 1
        elif arg == "--lang":
            langs.append(next(rest, ""))
        elif arg.startswith("--lang="):
            langs.append(arg.removeprefix("--lang="))
        elif arg and not arg.startswith("-"):
            positionals.append(arg)
        else:
            return None
    if as_json != 1 or len(positionals) != 1 or len(langs) > 1 or (langs and not langs[0]):
        return None
    return Path(positionals[0]), (langs[0] if langs else "en")


def quick_ask(args: List[str]) -> Optional[int]:
    """Answer `ask CASE --json [--lang L]` without typer: the exit code, or None for other forms.

    `args` are the arguments after `ask`. Errors are handled as in `cli.main`.
    """
    form = plain_form(args)
    if form is None or "_WHATAPPLIES_COMPLETE" in os.environ:  # shell completion is typer's
        return None
    casefile, lang = form
    try:
        check_lang(lang)
        scenario = scenario_from(casefile, None, None, None, [], None, None, None, None)
        text = answer_json(answer_once(scenario, lang))
    except USER_ERRORS as error:
        try:
            _echo(sys.stderr, error_line(error))
        except OSError:  # no one reads the errors: the exit code still tells
            pass
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    try:
        _echo(sys.stdout, text)
    except BrokenPipeError:  # the reader has gone (`| head`): quietly, and with click's exit code for it
        return EXIT_READER_GONE
    return 0


def _echo(stream: Optional[TextIO], text: str) -> None:
    """`text` and a newline, flushed; as click.echo, a stream the process was started without (`>&-`) takes nothing."""
    if stream is not None:
        stream.write(text + "\n")
        stream.flush()
