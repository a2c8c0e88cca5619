"""The assessment questions as a state machine, with no terminal in it.

The terminal session (``cli/terminal.py``) shows a question, reads a line
and hands it to :func:`parse_reply`; this module decides what the line means and
where the questionnaire goes next. Tests drive it directly.

Skills are asked grouped by category, in the order categories first appear in
the model. A reply is a rating, optionally followed by a one-line note of
evidence (``3 ran the Q3 funnel analysis``); full-width digits and spaces from a
Chinese input method count (``３``). ``b`` goes back, ``?`` shows help, an empty
reply keeps the rating already given (when going back or resuming).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from pmlevel.assess.checks import MAX_NOTE_CHARS
from pmlevel.model.ladder import LevelModel, Skill
from pmlevel.text.i18n import reply_words
from pmlevel.text.safe import clean_line

# The words of every language (text/locales/): a reply may mix them.
BACK = reply_words("back")
HELP = reply_words("help")
QUIT = reply_words("quit")


@dataclass(frozen=True)
class Reply:
    kind: Literal["rating", "keep", "back", "help", "quit", "invalid"]
    rating: int | None = None
    note: str | None = None
    reason: str = ""  # message id when invalid


# A rating at the start of a reply, in ASCII or full-width digits, optionally signed
# (a scale may start below 0), then the note. The note may follow a space, a comma
# or colon of either width, or come straight after the number ("3做过漏斗分析").
_RATING = re.compile(r"^\s*([-+－＋]?[0-9０-９]+)(?![.．,，][0-9０-９])[\s,，、:：;；]*(.*)$", re.S)


def parse_reply(text: str, low: int, high: int, *, has_answer: bool) -> Reply:
    """What a line typed at a question means.

    Only the command word and the rating are normalised (full-width ３ is 3); the
    note is kept as typed, so Chinese punctuation in it stays Chinese.
    """
    word = unicodedata.normalize("NFKC", text).strip().casefold()
    if not word:
        return Reply("keep") if has_answer else Reply("invalid", reason="reply_empty")
    if word in BACK:
        return Reply("back")
    if word in HELP:
        return Reply("help")
    if word in QUIT:
        return Reply("quit")
    found = _RATING.match(text)
    if found is None:
        return Reply("invalid", reason="reply_not_number")
    rating = int(unicodedata.normalize("NFKC", found.group(1)))
    if not low <= rating <= high:
        return Reply("invalid", reason="reply_off_scale")
    note = clean_line(found.group(2)).strip() or None
    if note is not None and len(note) > MAX_NOTE_CHARS:
        return Reply("invalid", reason="reply_note_too_long")
    return Reply("rating", rating, note)


@dataclass
class Questionnaire:
    """Which skill is being asked, and the answers so far.

    *only* limits the questions to some skills (``agree`` asks only where the
    raters differ); they are still asked in the model's category order.
    """

    model: LevelModel
    ratings: dict[str, int] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    position: int = 0
    only: Sequence[str] | None = None

    def __post_init__(self) -> None:
        order = [s for _, group in self.model.categories() for s in group]
        if self.only is not None:
            asked = set(self.only)
            order = [s for s in order if s.id in asked]
        self.order: list[Skill] = order
        known = {skill.id for skill in self.order}
        self.ratings = {k: v for k, v in self.ratings.items() if k in known}
        self.notes = {k: v for k, v in self.notes.items() if k in known}
        self.position = self._first_unanswered(0)

    @property
    def total(self) -> int:
        return len(self.order)

    @property
    def done(self) -> bool:
        return self.position >= self.total

    @property
    def current(self) -> Skill:
        return self.order[self.position]

    @property
    def answered(self) -> int:
        return len(self.ratings)

    def answer(self, rating: int, note: str | None = None) -> None:
        skill = self.current.id
        self.ratings[skill] = rating
        if note:
            self.notes[skill] = note
        self.position = self._first_unanswered(self.position + 1)

    def keep(self) -> None:
        """Accept the rating already given to the current skill and move on."""
        self.position = self._first_unanswered(self.position + 1)

    def back(self) -> bool:
        """Go to the previous skill; False when already at the first."""
        if self.position == 0:
            return False
        self.position -= 1
        return True

    def _first_unanswered(self, start: int) -> int:
        """The next skill to ask from *start*: on resume, answered ones are skipped."""
        for index in range(start, self.total):
            if self.order[index].id not in self.ratings:
                return index
        return self.total
