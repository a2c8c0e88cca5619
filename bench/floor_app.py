"""The framework floor: the smallest Typer app that prints a five-row Rich table.

``pmlevel`` is measured against this app in the same virtual environment (see
``BENCHMARKS.md``): whatever it costs to start Typer, parse options and print a
Rich table is the floor, and the targets are ratios over it.

    python bench/floor_app.py table
    python bench/floor_app.py --help
"""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(add_completion=False)


@app.callback()
def main() -> None:
    """The framework floor for pmlevel's benchmarks."""
    # A callback makes ``table`` a subcommand of a group, as pmlevel's commands are.


ROWS = (
    ("1", "associate", "Associate PM"),
    ("2", "pm", "Product Manager"),
    ("3", "senior", "Senior PM"),
    ("4", "lead", "Lead PM"),
    ("5", "principal", "Principal PM"),
)


@app.command()
def table() -> None:
    """Print a five-row table."""
    grid = Table(title="Levels")
    for column in ("rank", "id", "name"):
        grid.add_column(column)
    for row in ROWS:
        grid.add_row(*row)
    Console().print(grid)


if __name__ == "__main__":
    app()
