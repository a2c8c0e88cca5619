"""Time ``pmlevel raters`` on a large organisation (docs/reference.md#raters).

    python bench/raters.py                  # 5,000 people, 3 runs end to end, growth to 50,000
    python bench/raters.py --runs 5 --people 5000 --grow 10000,20000,50000
    python bench/raters.py --keep /tmp/org  # keep (or reuse) the generated files there

The organisation: *people* product managers in teams of eight, each team's manager
rating their reports (role ``manager``), each person rating themselves (``self``), and
each person rated by one more manager as a peer (``peer``, any other manager, drawn at random):
3 raters per person, 19 skills each, so 5,000 people are 15,000 result files and
285,000 ratings. The managers' true offsets are drawn from N(0, 0.5²) and the report
prints how well they are recovered (correlation, and the share within ± 2 se).

Measured, each in a subprocess with stdout to /dev/null (median and peak RSS over
*runs*): ``pmlevel raters DIR --json`` end to end, against ``pmlevel team DIR`` over the
same files in the same run (the baseline: reading the files without the fit); and, in
this process, the fit alone (``fit_offsets`` on the arrays) and the analysis (arrays +
fit + report). Growth: the fit alone on the same structure with 10,000 to 50,000 people,
generated in memory (reading the files grows linearly, at the rate measured above).
Targets: end to end under 10 s and 500 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pmlevel.company.raters import Offset, RaterReport
from run import bench_env, machine, machine_line, pmlevel_script, run_once

TEAM = 8
SKILLS = 19

Rating = tuple[int, int, str, int]


def organisation(
    people: int, seed: int = 22, department: int = 0
) -> tuple[list[float], list[int], list[Rating]]:
    """The managers' true offsets, each person's peer manager, and every rating as
    (person, rater slot, skill id, value): slot 0 = self, 1 = own manager, 2 = the peer
    manager (see the module notes). With *department* (a number of managers), the peer
    manager is drawn from the person's department only: local groups, as in a large
    company, instead of one well-mixed crowd."""
    from pmlevel.model.loader import load_model

    model = load_model()
    low, high = model.scale.min, model.scale.max
    rng = random.Random(seed)
    managers = (people + TEAM - 1) // TEAM
    offsets = [rng.gauss(0.0, 0.5) for _ in range(managers)]
    peers: list[int] = []
    ratings: list[Rating] = []
    for p in range(people):
        level = {skill.id: rng.uniform(1.5, 4.5) for skill in model.skills}
        own = p // TEAM
        if department:
            first = own // department * department
            size = min(department, managers - first)
            peers.append(first + (own - first + rng.randrange(1, max(size, 2))) % size)
        else:
            peers.append((own + rng.randrange(1, managers)) % managers)
        for slot, offset in ((0, 0.3), (1, offsets[own]), (2, offsets[peers[p]])):
            for skill, theta in level.items():
                value = min(high, max(low, round(theta + offset + rng.gauss(0.0, 0.6))))
                ratings.append((p, slot, skill, value))
    return offsets, peers, ratings


def write_files(directory: Path, people: int) -> None:
    """The result files, one per (person, rater)."""
    from pmlevel.assess.result import Rater, build_result
    from pmlevel.model.loader import load_model

    model = load_model()
    _, peers, ratings = organisation(people)
    by_file: dict[tuple[int, int], dict[str, int]] = {}
    for p, slot, skill, value in ratings:
        by_file.setdefault((p, slot), {})[skill] = value
    directory.mkdir(parents=True, exist_ok=True)
    for (p, slot), found in by_file.items():
        role, name = [("self", None), ("manager", p // TEAM), ("peer", peers[p])][slot]
        rater = Rater.model_validate(
            {"role": role, "name": None if name is None else f"mgr-{name:04d}"}
        )
        result = build_result(model, found, subject=f"pm-{p:05d}", rater=rater)
        (directory / f"pm-{p:05d}-{role}.json").write_text(result.to_json(), encoding="utf-8")


def arrays(
    people: int, department: int = 0
) -> tuple[list[int], list[int], list[int], list[int], int]:
    """The fit's input for *people*, in memory: person, skill, rater, rating, raters
    (selves first, then the managers as managers, then as peers)."""
    from pmlevel.model.loader import load_model

    index = {skill.id: i for i, skill in enumerate(load_model().skills)}
    offsets, peers, ratings = organisation(people, department=department)
    managers = len(offsets)
    person, skill, rater, value = [], [], [], []
    for p, slot, s, v in ratings:
        person.append(p)
        skill.append(index[s])
        rater.append([p, people + p // TEAM, people + managers + peers[p]][slot])
        value.append(v)
    return person, skill, rater, value, people + 2 * managers


def recovery(report: RaterReport, truth: list[float]) -> tuple[float, float]:
    """How well the fit found the offsets the files were made with: the correlation, and
    the share of raters within two standard errors, each true offset centred in its group
    as the fitted ones are (selves rate with +0.3, a manager as a peer with their own)."""

    def true(o: Offset) -> float:
        name = o.rater.name or ""
        return 0.3 if o.rater.role == "self" else truth[int(name.removeprefix("mgr-"))]

    groups: dict[int, list[Offset]] = {}
    for o in report.raters:
        groups.setdefault(o.group, []).append(o)
    got: list[float] = []
    want: list[float] = []
    inside = total = 0
    for members in groups.values():
        mean = statistics.fmean(true(o) for o in members)
        for o in members:
            inside += abs(o.offset - (true(o) - mean)) <= 2 * (o.se or 0.0)
            total += 1
            if o.rater.role != "self":  # the selves' true offsets are all alike
                got.append(o.offset)
                want.append(true(o) - mean)
    return statistics.correlation(got, want), inside / total


def _numbers(text: str) -> list[int]:
    return [int(n) for n in text.split(",") if n]


def timed(call, repeats: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="pmlevel raters on a large organisation")
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3, help="end-to-end runs (median)")
    parser.add_argument("--grow", default="10000,20000", help="people for the fit alone")
    parser.add_argument(
        "--grow-departments",
        default="20000,50000",
        help="people for the fit alone, peers drawn within departments of 50 managers",
    )
    parser.add_argument("--keep", type=Path, help="write (or reuse) the files here")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args(argv)
    # This process loads the model too: its cache goes in the run's home, not the user's.
    home = Path(tempfile.mkdtemp(prefix="pmlevel-raters-home-"))
    os.environ["PMLEVEL_HOME"] = str(home)

    from pmlevel.company.rater_fit import fit_offsets
    from pmlevel.company.raters import analyse
    from pmlevel.company.team import find_files, read_entries
    from pmlevel.model.loader import load_model

    pmlevel = pmlevel_script()
    figures: dict[str, object] = {"machine": machine(), "people": args.people}
    print(machine_line(machine()))
    with tempfile.TemporaryDirectory(prefix="pmlevel-raters-") as tmp:
        directory = args.keep or Path(tmp) / "org"
        start = time.perf_counter()
        if not any(directory.glob("*.json")):
            write_files(directory, args.people)
            print(f"generated {args.people:,} people in {time.perf_counter() - start:.1f} s")
        truth = organisation(args.people)[0]
        files = len(list(directory.glob("*.json")))
        env = bench_env(home)
        run_once([pmlevel, "levels"], env)  # warm the model cache

        ours = [
            run_once([pmlevel, "raters", str(directory), "--json"], env) for _ in range(args.runs)
        ]
        base = [run_once([pmlevel, "team", str(directory)], env) for _ in range(args.runs)]
        wall = statistics.median(r.wall for r in ours)
        rss = max(r.maxrss_mb for r in ours)
        team_wall = statistics.median(r.wall for r in base)
        print(
            f"\nraters DIR --json ({files:,} files, {files * SKILLS:,} ratings): "
            f"median {wall:.2f} s (runs {', '.join(f'{r.wall:.2f}' for r in ours)}), "
            f"CPU {statistics.median(r.cpu for r in ours):.2f} s, peak RSS {rss:.0f} MB "
            f"[target < 10 s, < 500 MB: {'ok' if wall < 10 and rss < 500 else 'MISSED'}]"
        )
        print(
            f"team DIR over the same files (baseline): median {team_wall:.2f} s, "
            f"peak RSS {max(r.maxrss_mb for r in base):.0f} MB; "
            f"raters / team = {wall / team_wall:.2f}x"
        )

        model = load_model()
        skipped: list[object] = []
        entries = list(read_entries(model, find_files([directory]), skipped))  # type: ignore[arg-type]
        analysis = timed(lambda: analyse(model, entries), 3)
        person, skill, rater, value, raters = arrays(args.people)
        fit_alone = timed(lambda: fit_offsets(person, skill, rater, value, raters=raters), 3)
        print(
            f"in one process: analyse {analysis:.2f} s (arrays, fit, report), fit {fit_alone:.2f} s"
        )

        report = analyse(model, entries)
        corr, inside = recovery(report, truth)
        print(
            f"recovery: {len(report.raters):,} raters in {report.groups} group(s); managers' "
            f"offsets (as manager and as peer) correlate {corr:.3f} with the true ones "
            f"(centred in each group); {inside:.0%} of all raters within ± 2 se (expected 95%)"
        )
        figures.update(
            files=files,
            ratings=files * SKILLS,
            end_to_end_s=round(wall, 3),
            peak_rss_mb=round(rss, 1),
            team_s=round(team_wall, 3),
            analyse_s=round(analysis, 3),
            fit_s=round(fit_alone, 3),
            correlation=round(corr, 4),
        )

    growth = {}
    shapes = [(n, 0) for n in _numbers(args.grow)]
    shapes += [(n, 50) for n in _numbers(args.grow_departments)]
    for people, department in shapes:
        person, skill, rater, value, raters = arrays(people, department)
        start, cpu = time.perf_counter(), time.process_time()
        fit_offsets(person, skill, rater, value, raters=raters)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        shape = "departments of 50 managers" if department else "peers from anywhere"
        growth[f"{people} {shape}"] = {"wall_s": round(seconds, 2), "cpu_s": round(cpu, 2)}
        print(
            f"fit alone, {people:,} people, {shape} ({len(value):,} ratings, {raters:,} "
            f"raters): {seconds:.2f} s wall, {cpu:.2f} s CPU, peak RSS so far {peak:.0f} MB"
        )
    figures["growth_fit_s"] = growth
    shutil.rmtree(home, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
