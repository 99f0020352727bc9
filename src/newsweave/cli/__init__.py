"""The ``newsweave`` command line: parse, call the library, render, map errors to exit codes.

Exit codes: 0 everything read; 1 some inputs failed (each named on stderr); 2 bad usage, a
missing path or an unknown id; 3 nothing usable (no input could be read, too few articles to
compare, a store that cannot be written).

Built on click rather than on a wrapper over it: the help shows the metavars written here
(``--db FILE``, ``--since YYYY-MM-DD``), never Python types, and nothing heavier than click and
rich is imported before a command runs.
"""

from __future__ import annotations

import sys
from typing import NoReturn

import click

from newsweave import __version__
from newsweave.cli.batch import batch
from newsweave.cli.browse import serve, stories, story
from newsweave.cli.common import (
    EXIT_NOTHING_USABLE,
    EXIT_OK,
    EXIT_SOME_FAILED,
    EXIT_USAGE,
    INPUT_KINDS,
    report_error,
)
from newsweave.cli.history import history
from newsweave.cli.outlets import outlets
from newsweave.cli.pages import compare, extract
from newsweave.cli.store import add, embed, failures, ingest
from newsweave.cli.watch import watch

__all__ = ["EXIT_NOTHING_USABLE", "EXIT_OK", "EXIT_SOME_FAILED", "EXIT_USAGE", "app", "main"]

COMMANDS = (compare, extract, ingest, add, watch, history, stories, story, outlets, serve, failures, embed, batch)
for _command in COMMANDS:  # the help of every command that reads files lists what it reads
    _command.help = (_command.help or "").replace("{inputs}", INPUT_KINDS)


class _Commands(click.Group):
    """Lists the commands in the order a first session uses them, not alphabetically."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


app = _Commands(
    name="newsweave",
    help="Turn raw news coverage into one sourced account per event.\n\n"
    "Start with `newsweave compare examples/`; every command has --help with an example.",
    commands=list(COMMANDS),
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
app = click.version_option(__version__, "--version", "-V", prog_name="newsweave", message="%(prog)s %(version)s")(app)


def main(argv: list[str] | None = None) -> NoReturn:
    """Console-script entry point: every error ends as one line on stderr and an exit code.

    A bad argument or option exits 2 with click's message (the usage box left out, the command's
    ``--help`` named); an error no command caught exits 3: newsweave's own with its code (a full
    disk, a read-only store), any other as an internal error. ``--verbose`` adds the traceback.
    """
    from newsweave.errors import NewsweaveError

    args = sys.argv[1:] if argv is None else argv
    verbose = "--verbose" in args or "-v" in args
    try:
        code = app.main(args=args, prog_name="newsweave", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as error:
        error.show()
        code = EXIT_USAGE
    except click.UsageError as error:
        help_hint = f" (see `{error.ctx.command_path} --help`)" if error.ctx else ""
        code = report_error(f"{error.format_message()}{help_hint}", EXIT_USAGE, verbose=verbose)
    except click.ClickException as error:
        code = report_error(error.format_message(), error.exit_code, verbose=verbose)
    except click.Abort:
        code = report_error("interrupted", 130, verbose=verbose)
    except NewsweaveError as error:
        code = report_error(f"{error.message} ({error.code})", EXIT_NOTHING_USABLE, verbose=verbose)
    except OSError as error:
        code = report_error(f"{error.filename or ''}: {error.strerror or error}", EXIT_NOTHING_USABLE, verbose=verbose)
    except Exception as error:
        hint = "" if verbose else "; rerun with --verbose for the traceback"
        code = report_error(
            f"internal error: {type(error).__name__}: {error}{hint}", EXIT_NOTHING_USABLE, verbose=verbose
        )
    sys.exit(code if isinstance(code, int) else EXIT_OK)
