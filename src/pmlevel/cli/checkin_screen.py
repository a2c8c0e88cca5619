"""What the check-in (``agree``) shows: who takes part, and each rater's view of a skill."""

from __future__ import annotations

import shlex

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.panel import Panel
from rich.text import Text

from pmlevel.growth.checkin import CheckIn
from pmlevel.render.rich_text import plain, table
from pmlevel.reports.words import Words


def rater_label(w: Words, role: str, name: str | None) -> str:
    label = w.t(f"merge_role_{role}")
    return f"{label} · {name}" if name else label


def opening(w: Words, check_in: CheckIn, answered: int, resume: str) -> RenderableType:
    """Whose check-in, who rated, how many skills to talk about and how many are kept;
    *resume* is the command that continues it after Ctrl-C."""
    t = w.t
    raters = ", ".join(rater_label(w, r.role, r.name) for r in check_in.raters)
    total = len(check_in.differing)
    text = plain(
        t(
            "agree_intro",
            subject=check_in.subject or t("no_subject"),
            raters=raters,
            differ=total,
            kept=len(check_in.kept),
        )
    )
    for left in check_in.merge.left_out:
        text.append("\n" + t(left.reason, file=left.source, kept=left.kept), style="yellow")
    if answered:
        text.append("\n" + t("assess_resuming", answered=answered, total=total), style="green")
    text.append("\n" + t("agree_intro_keys"), style="dim")
    return Group(text, ShellCommand(resume))


class ShellCommand:
    """A command to type, drawn to fit the width it is given, and still one command when
    the lines are copied: it breaks between two arguments with a `` \\`` at the end of
    the line, and an argument too long for any line (a long path) is cut into quoted
    pieces the shell joins again (``'/a/long/pa'\\`` then ``'th.json'`` at the start of
    the next line), never in the middle of a quote."""

    def __init__(self, command: str, indent: str = "  ") -> None:
        self.words = shlex.split(command)
        self.indent = indent

    def lines(self, width: int) -> list[str]:
        lines: list[str] = []
        current = self.indent
        for word in self.words:
            quoted = shlex.quote(word)
            joined = f"{current} {quoted}" if current.strip() else current + quoted
            if cell_len(joined) + 2 <= width:
                current = joined
                continue
            fresh = self.indent + "  " + quoted
            if current.strip() and cell_len(fresh) + 2 <= width:
                lines.append(current + " \\")
                current = fresh
                continue
            # Too long for any line: pieces, each quoted, joined by the shell again. A
            # continuation line of one argument starts at the margin: a space there
            # would make two arguments of it.
            if current.strip():
                lines.append(current + " \\")
            current = self.indent + "  "
            for piece in _pieces(word, max(8, width - cell_len(current) - 4)):
                if current and not current.isspace() and current != self.indent + "  ":
                    lines.append(current + "\\")
                    current = ""
                current += shlex.quote(piece) if piece else ""
        lines.append(current)
        return lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self.lines(options.max_width):
            yield plain(line, style="bold")


def _pieces(word: str, width: int) -> list[str]:
    """*word* cut into pieces of at most *width* cells (less the quotes), after a ``/``
    where one is near the end of a piece."""
    pieces: list[str] = []
    rest = word
    room = max(4, width - 2)
    while cell_len(rest) > room:
        cut = room
        while cut > 0 and cell_len(rest[:cut]) > room:
            cut -= 1
        slash = rest.rfind("/", 0, cut)
        if slash >= cut // 2:
            cut = slash + 1
        pieces.append(rest[:cut])
        rest = rest[cut:]
    pieces.append(rest)
    return pieces


def agree_help(w: Words, resume: str) -> RenderableType:
    """What ``?`` shows during a check-in: agree's keys, and the command that continues it."""
    low, high = w.model.scale.min, w.model.scale.max
    return Panel(
        Group(plain(w.t("agree_help", low=low, high=high)), ShellCommand(resume)),
        title=plain(w.t("assess_help_title")),
        title_align="left",
    )


def beside(w: Words, check_in: CheckIn, skill: str) -> RenderableType:
    """Each rater's rating and note on *skill*, side by side."""
    t = w.t
    grid = table()
    grid.add_column(t("col_rater"), max_width=24)
    grid.add_column(t("col_rating"), justify="center", no_wrap=True)
    grid.add_column(t("col_note"), ratio=1)
    for view in check_in.views(skill):
        rating = Text("—", style="dim") if view.rating is None else Text(str(view.rating), "bold")
        grid.add_row(plain(rater_label(w, view.role, view.name)), rating, plain(view.note or ""))
    return Group(grid)
