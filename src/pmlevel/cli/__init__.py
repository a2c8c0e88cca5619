"""The command line: Typer options in, calls to the core out, every report through one emit
step (:mod:`pmlevel.cli.emit`). Everything that touches a terminal, Typer or Click lives in
this package; the core below it never prints."""


def main() -> None:
    """The console script ``pmlevel`` (and ``python -m pmlevel``)."""
    from pmlevel.cli.app import main as run

    run()
