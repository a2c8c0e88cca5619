"""Rater effects across many results (``pmlevel raters``, docs/reference.md#raters): who rates high,
who
rates low, and with what certainty — the input of a calibration meeting (校准会).

Every rating in the files (result JSON, answers files, the form's saves, filled-in
scorecards: read as ``team`` reads them) is one observation of
``rating = θ(person, skill) + b(rater) + error``; the offsets b are fitted by least
squares (:mod:`pmlevel.company.rater_fit`, numpy and scipy, imported only when the fit
runs) and sum to zero within each group of raters connected by people they both rated.

Who is a rater: a role and a name, the same person by the rule of docs/reference.md#files (so the
manager
``Han`` and the peer ``Han`` are two raters; ``"han "`` and ``"Han"`` one). A
self-rating's rater is its subject. Each rater's latest result for each person counts
(an older one is listed as skipped, like any file left out); an ``agreed`` result is the
outcome of a check-in, not one rater's view, and a manager's or peer's result that names
no rater cannot be told apart from other unnamed raters' — both are skipped with the reason.

Raters who share no rated (person, skill) with anyone cannot be compared and are listed
apart with why, and the report suggests the cross-ratings that would connect the groups.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from pmlevel.assess.people import person_key
from pmlevel.company.team import Entry, ProgressCallback, Skipped, find_files, read_entries
from pmlevel.errors import UsageError
from pmlevel.model.ladder import LevelModel

# A flag needs both: an offset of at least half a rating point, and at least two
# standard errors from zero (so a few ratings' noise is never called leniency).
FLAG_OFFSET = 0.5
FLAG_SE = 2.0

Flag = Literal["lenient", "severe", "uniform"]
ApartReason = Literal["alone", "only_rater", "different_skills"]

RaterId = tuple[str, str]  # (role, the name's person_key)


@dataclass(frozen=True, slots=True)
class Rater:
    """A rater as the report names them: role, name (``None``: an unnamed self-rating),
    how many people and ratings of theirs count, and whether they gave each person the
    same rating on every skill."""

    role: str
    key: str
    name: str | None
    people: int
    ratings: int
    uniform: bool

    @property
    def id(self) -> RaterId:
        return (self.role, self.key)


@dataclass(frozen=True, slots=True)
class Offset:
    """A comparable rater's offset b (positive: lenient) and standard error, in group *group*
    (1 = the largest). *se* is ``None`` when the fit leaves no error to measure it by."""

    rater: Rater
    offset: float
    se: float | None
    flag: Flag | None
    group: int


@dataclass(frozen=True, slots=True)
class Apart:
    """A rater who cannot be compared with anyone, and why:

    - ``only_rater``: they rated one person, whom no one else rated;
    - ``alone``: they rated several people, none of whom anyone else rated;
    - ``different_skills``: someone else rated *person* too, but on other skills, so
      their ratings cannot be told apart from that person's own level on those skills.
    """

    rater: Rater
    reason: ApartReason
    person: str | None = None  # display name; "" for the unnamed person
    other: Rater | None = None  # different_skills: who else rated that person


@dataclass(frozen=True, slots=True)
class Link:
    """A cross-rating that would connect two groups: *a* rates *a_rates* (a person *b*
    rated), or *b* rates *b_rates* (a person *a* rated). With *same_person*, both rated
    *a_rates* already, on different skills: each rating the other's skills connects them."""

    a: Rater
    a_rates: str
    b: Rater
    b_rates: str
    same_person: bool = False


@dataclass(frozen=True, slots=True)
class RatingRow:
    """One rating in the long table (``raters -o ratings.csv``)."""

    person: str | None
    skill: str
    rater_role: str
    rater_name: str | None
    rating: int


@dataclass(frozen=True)
class _Table:
    persons: list[int]
    skills: list[int]
    raters: list[int]
    values: list[int]
    person_names: list[str | None]
    skill_ids: list[str]
    roles: list[str]
    rater_names: list[str | None]


@dataclass(frozen=True)
class RaterReport:
    """Everything ``pmlevel raters`` shows."""

    raters: tuple[Offset, ...]
    groups: int
    apart: tuple[Apart, ...]
    links: tuple[Link, ...]
    people: int
    ratings: int
    files: int
    skipped: tuple[Skipped, ...]
    lone_people: int  # people one rater alone rated: they tell nothing about offsets
    self_left_out: int  # results left out by --exclude-self
    df: int
    sigma: float | None
    model_sha: str
    # Every rating the fit used, as parallel columns (built into rows only for the CSV:
    # 285,000 row objects would cost more than the fit).
    table: _Table | None = field(repr=False, default=None)

    def rows(self) -> Iterator[RatingRow]:
        """The long table (``raters -o ratings.csv``), one row per rating."""
        if self.table is None:
            return
        t = self.table
        for p, s, k, v in zip(t.persons, t.skills, t.raters, t.values, strict=True):
            yield RatingRow(t.person_names[p], t.skill_ids[s], t.roles[k], t.rater_names[k], v)

    @property
    def uniform(self) -> tuple[Rater, ...]:
        """Every rater (comparable or not) who gave each person one rating on every skill."""
        found = [o.rater for o in self.raters] + [a.rater for a in self.apart]
        return tuple(r for r in found if r.uniform)

    def offsets(self) -> dict[RaterId, float]:
        """Each comparable rater's offset, by (role, person_key(name))."""
        return {o.rater.id: o.offset for o in self.raters}

    def empty_error(self, paths: Sequence[Path]) -> UsageError:
        names = ", ".join(str(path) for path in paths)
        return UsageError("raters_empty", files=self.files, skipped=len(self.skipped), paths=names)

    def to_json(self) -> dict[str, Any]:
        """The ``raters --json`` document of docs/reference.md#raters, exactly."""
        return {
            "raters": [
                {
                    "role": o.rater.role,
                    "name": o.rater.name,
                    "people": o.rater.people,
                    "ratings": o.rater.ratings,
                    "offset": round(o.offset, 3),
                    "se": None if o.se is None else round(o.se, 3),
                    "flag": o.flag,
                    "group": o.group,
                }
                for o in self.raters
            ],
            "groups": self.groups,
            "uncomparable": [
                {"role": a.rater.role, "name": a.rater.name, "reason": a.reason} for a in self.apart
            ],
        }


def rater_of(entry: Entry) -> RaterId | None:
    """Who rated *entry*: (role, name key); a self-rating is its subject's. ``None`` for a
    manager's, peer's… result naming no rater."""
    if entry.role == "self":
        return ("self", entry.key)
    key = person_key(entry.rater_name)
    return None if key is None else (entry.role, key)


def flag_for(offset: float, se: float | None, uniform: bool) -> Flag | None:
    """``uniform`` first (a straight-liner's offset says how they skimmed, not how they
    judge), then lenient/severe when |b| ≥ 0.5 and |b| ≥ 2·se."""
    if uniform:
        return "uniform"
    if se is None or abs(offset) < FLAG_OFFSET or abs(offset) < FLAG_SE * se:
        return None
    return "lenient" if offset > 0 else "severe"


def load_raters(
    model: LevelModel,
    paths: Sequence[Path],
    *,
    exclude_self: bool = False,
    progress: ProgressCallback | None = None,
) -> RaterReport:
    """``pmlevel raters FILE...|DIR``: read every file, fit, report."""
    files = find_files(paths)
    skipped: list[Skipped] = []
    entries = list(read_entries(model, files, skipped, progress))
    return analyse(model, entries, exclude_self=exclude_self, files=len(files), skipped=skipped)


def analyse(
    model: LevelModel,
    entries: Iterable[Entry],
    *,
    exclude_self: bool = False,
    files: int = 0,
    skipped: Sequence[Skipped] = (),
) -> RaterReport:
    """Offsets, groups and the raters apart, from the results already read."""
    left_out = list(skipped)
    kept, self_left_out = _latest(entries, left_out, exclude_self)

    skill_index = {skill.id: i for i, skill in enumerate(model.skills)}
    skill_ids = [skill.id for skill in model.skills]
    person_of: dict[str, int] = {}
    person_name: list[str | None] = []
    rater_index: dict[RaterId, int] = {}
    rater_name: list[str | None] = []
    persons: list[int] = []
    skills: list[int] = []
    raters: list[int] = []
    values: list[int] = []
    straight: dict[int, bool] = {}
    people_of: dict[int, set[int]] = defaultdict(set)
    raters_of: dict[int, set[int]] = defaultdict(set)
    for (role, key), entry in kept:
        p = person_of.setdefault(entry.key, len(person_of))
        if p == len(person_name):
            person_name.append(entry.subject)
        k = rater_index.setdefault((role, key), len(rater_index))
        if k == len(rater_name):
            rater_name.append(entry.subject if role == "self" else _shown(entry.rater_name))
        ratings = entry.ratings
        count = len(ratings)
        persons += [p] * count
        raters += [k] * count
        skills += [skill_index[s] for s in ratings]
        values += ratings.values()
        straight[k] = straight.get(k, True) and count >= 2 and len(set(ratings.values())) == 1
        people_of[k].add(p)
        raters_of[p].add(k)

    ids = list(rater_index)
    counts = [0] * len(ids)
    for k in raters:
        counts[k] += 1
    who = [
        Rater(role, key, rater_name[k], len(people_of[k]), counts[k], straight[k])
        for k, (role, key) in enumerate(ids)
    ]

    offsets: list[Offset] = []
    apart: list[Apart] = []
    groups = 0
    df = 0
    sigma: float | None = None
    group_of: list[int] = [-1] * len(ids)
    if values:
        from pmlevel.company.rater_fit import fit_offsets

        fit = fit_offsets(persons, skills, raters, values, raters=len(ids))
        groups, df = fit.groups, fit.df
        sigma = None if fit.sigma2 is None else math.sqrt(fit.sigma2)
        se = fit.se()
        group_of = [int(g) for g in fit.group]
        for k, rater in enumerate(who):
            if group_of[k] < 0:
                apart.append(_why_apart(k, who, people_of, raters_of, person_name))
                continue
            b = float(fit.offset[k])
            error = None if fit.sigma2 is None else float(se[k])
            offsets.append(
                Offset(rater, b, error, flag_for(b, error, rater.uniform), group_of[k] + 1)
            )

    offsets.sort(key=lambda o: (o.group, -o.offset, _order(o.rater)))
    apart.sort(key=lambda a: _order(a.rater))
    table = _Table(
        persons, skills, raters, values, person_name, skill_ids, [r for r, _ in ids], rater_name
    )
    return RaterReport(
        raters=tuple(offsets),
        groups=groups,
        apart=tuple(apart),
        links=_links(who, group_of, people_of, person_name),
        people=len(person_of),
        ratings=len(values),
        files=files,
        skipped=tuple(left_out),
        lone_people=sum(1 for found in raters_of.values() if len(found) == 1),
        self_left_out=self_left_out,
        df=df,
        sigma=sigma,
        model_sha=model.sha256,
        table=table,
    )


def _shown(name: str | None) -> str | None:
    return None if name is None else " ".join(name.split())


def _order(rater: Rater) -> tuple[str, str]:
    return (rater.key, rater.role)


def _latest(
    entries: Iterable[Entry], skipped: list[Skipped], exclude_self: bool
) -> tuple[list[tuple[RaterId, Entry]], int]:
    """Each rater's latest result for each person, in the order first met; the others
    are appended to *skipped* with the reason."""
    latest: dict[tuple[RaterId, str], Entry] = {}
    left_out = 0
    for entry in entries:
        if entry.role == "agreed":
            skipped.append(Skipped(entry.path, "raters_skip_agreed"))
            continue
        if exclude_self and entry.role == "self":
            left_out += 1
            continue
        rater = rater_of(entry)
        if rater is None:
            skipped.append(Skipped(entry.path, "raters_skip_no_rater", {"role": entry.role}))
            continue
        slot = (rater, entry.key)
        kept = latest.get(slot)
        if kept is None:
            latest[slot] = entry
            continue
        newer, older = (
            (entry, kept) if (entry.stamp, entry.path) > (kept.stamp, kept.path) else (kept, entry)
        )
        latest[slot] = newer
        skipped.append(Skipped(older.path, "raters_skip_older", {"newer": newer.path}))
    return [(rater, entry) for (rater, _), entry in latest.items()], left_out


def _why_apart(
    k: int,
    who: list[Rater],
    people_of: dict[int, set[int]],
    raters_of: dict[int, set[int]],
    person_name: list[str | None],
) -> Apart:
    rater = who[k]
    mine = sorted(people_of[k], key=lambda p: person_name[p] or "")
    for p in mine:
        others = sorted(raters_of[p] - {k}, key=lambda j: _order(who[j]))
        if others:
            return Apart(rater, "different_skills", person_name[p] or "", who[others[0]])
    if len(mine) == 1:
        return Apart(rater, "only_rater", person_name[mine[0]] or "")
    return Apart(rater, "alone")


def _links(
    who: list[Rater],
    group_of: list[int],
    people_of: dict[int, set[int]],
    person_name: list[str | None],
) -> tuple[Link, ...]:
    """One cross-rating per group (and per rater apart) that would join it to the largest
    group: its most prolific rater and one of their people, both ways round."""
    components: dict[tuple[int, int], list[int]] = defaultdict(list)
    for k, g in enumerate(group_of):
        components[(0, g) if g >= 0 else (1, k)].append(k)
    if len(components) < 2:
        return ()

    def top(members: list[int]) -> int:
        return min(members, key=lambda k: (-who[k].ratings, _order(who[k])))

    def someone(k: int) -> str:
        return min((person_name[p] or "" for p in people_of[k]), key=lambda n: (n.casefold(), n))

    ordered = sorted(components.values(), key=lambda m: (-len(m), _order(who[top(m)])))
    main = top(ordered[0])
    links = []
    for members in ordered[1:]:
        a = top(members)
        shared = sorted(people_of[a] & people_of[main], key=lambda p: person_name[p] or "")
        if shared:  # both rated this person, on different skills
            name = person_name[shared[0]] or ""
            links.append(Link(who[a], name, who[main], name, same_person=True))
        else:
            links.append(Link(who[a], someone(main), who[main], someone(a)))
    return tuple(links)


def adjust(
    model: LevelModel, everything: Sequence[Entry], placing: Sequence[Entry]
) -> tuple[list[Entry], dict[str, float | None]]:
    """``team --adjust-raters``: each placing result's ratings less its rater's offset
    (fitted over *everything*), rounded to the nearest point of the scale (halves up)
    and kept on it; and the offset taken out of each person's (by subject key; None
    where the rater has no offset or the result is an agreed one)."""
    offsets = analyse(model, everything).offsets()
    low, high = model.scale.min, model.scale.max
    out: list[Entry] = []
    removed: dict[str, float | None] = {}
    for entry in placing:
        rater = None if entry.role == "agreed" else rater_of(entry)
        b = None if rater is None else offsets.get(rater)
        removed[entry.key] = b
        if b is None:
            out.append(entry)
            continue
        ratings = {
            skill: min(high, max(low, math.floor(value - b + 0.5)))
            for skill, value in entry.ratings.items()
        }
        out.append(replace(entry, ratings=ratings))
    return out, removed
