"""What a warm command imports (docs/reference.md#speed): nothing its run does not use.

Each command runs in a fresh interpreter against a data directory whose model cache is
already filled, and the test reads ``sys.modules`` as the process exits. PyYAML and the
model-file schema (pydantic classes built when the module is imported) are for a model
not yet in the cache, a YAML answers file or ``pmlevel schema``; the result classes are
for commands that read or write a result. ``python bench/imports.py`` shows what each
import costs; this test keeps a regression from coming back unnoticed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "data" / "levels.yaml"

# Run the console script's main() and print the modules loaded when the process ends.
PROBE = (
    "import atexit, json, sys\n"
    "out = sys.argv.pop(1)\n"
    "atexit.register(lambda: open(out, 'w').write(json.dumps(sorted(sys.modules))))\n"
    "sys.argv[0] = 'pmlevel'\n"
    "from pmlevel.cli.app import main\n"
    "main()\n"
)

MODEL_FILE = ("yaml", "pmlevel.model.schema")  # parsing and validating a model file
RESULTS = ("pmlevel.assess.result",)  # the pydantic classes of a result
LADDER = (*MODEL_FILE, *RESULTS, "pmlevel.store.history")
# Typer >= 0.29 converts option values with pydantic; a command whose options are not
# given (and -h/--help, which click adds) needs no converter, so not pydantic either:
# about 60 ms of a plain Typer app's start-up (bench/run.py's floor pays it).
NO_CONVERTER = (*LADDER, "pydantic")
# The answers file's pydantic classes: read only when an answers file is (about 12 ms).
ANSWERS = ("pmlevel.assess.answers",)
# What reads a team's files: `history` lists one history, it reads no team.
TEAMS = ("pmlevel.company.team", "pmlevel.company.raters", "multiprocessing")
# The history store: `report FILE` reads the file it is given, no history (about 10 ms).
STORE = ("pmlevel.store.history", "sqlite3")
# Typer's converters (pydantic TypeAdapters): not built for what a command was not
# given, a list of files or `plan --review-in`'s default included.
CONVERTERS = ("typer._adapters",)
# Reading and recording forms (recording.py, with assessment.py and the drafts): `plan`
# reads evidence counts, which need none of it.
FORMS = ("pmlevel.growth.recording", "pmlevel.assess.drafts")


def run(home: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PMLEVEL_", "PYTHON"))}
    env.update(PMLEVEL_HOME=str(home), PMLEVEL_LANG="en", PMLEVEL_NO_REMINDER="1")
    out = home / "modules.json"
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(out), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,  # a backstop only: each run takes well under a second
    )
    modules = set(json.loads(out.read_text(encoding="utf-8"))) if out.exists() else set()
    out.unlink(missing_ok=True)
    return done, modules


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory with the bundled model in its cache, an answers file, a result
    file and one saved result (so that ``history`` and ``plan`` have something)."""
    home = tmp_path_factory.mktemp("warm")
    from pmlevel.model.loader import load_model

    model = load_model()
    ratings = {skill.id: model.scale.points[len(model.scale.points) // 2] for skill in model.skills}
    answers = home / "answers.json"
    answers.write_text(json.dumps({"ratings": ratings, "subject": "Li Lei"}), encoding="utf-8")
    done, _ = run(home, "assess", "--answers", str(answers), "--json", "--no-save")
    assert done.returncode == 0, done.stderr
    (home / "result.json").write_text(done.stdout, encoding="utf-8")
    saved, _ = run(home, "assess", "--answers", str(answers))
    assert saved.returncode == 0, saved.stderr
    checked, _ = run(home, "validate", str(BUNDLED))
    assert checked.returncode == 0, checked.stderr
    return home


@pytest.mark.parametrize(
    ("args", "absent"),
    [
        (["levels"], NO_CONVERTER),
        (["show", "senior"], NO_CONVERTER),
        (["skills"], NO_CONVERTER),
        (["jd", "senior"], NO_CONVERTER),
        (["interview", "senior"], NO_CONVERTER),
        (["validate", str(BUNDLED)], LADDER),
        (["form", "-o", "{home}/form.html", "--force"], LADDER),
        (["--help"], (*NO_CONVERTER, "pmlevel.model.loader")),
        (["assess", "--answers", "{home}/answers.json", "--json", "--no-save"], MODEL_FILE),
        (["report", "{home}/result.json"], (*MODEL_FILE, *ANSWERS, *STORE, *CONVERTERS)),
        # The listing is the store's columns: no result is read, so no pydantic at all.
        (["history"], (*MODEL_FILE, *RESULTS, *ANSWERS, *TEAMS, *CONVERTERS, "pydantic")),
        (["plan"], (*MODEL_FILE, *ANSWERS, *CONVERTERS, *FORMS)),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else None,
)
def test_a_warm_command_imports_only_what_it_uses(
    warm: Path, args: list[str], absent: tuple[str, ...]
) -> None:
    done, modules = run(warm, *(a.format(home=warm) for a in args))
    assert done.returncode == 0, done.stderr
    assert modules, "the probe saw no modules"
    assert "pmlevel.cli.app" in modules
    assert sorted(modules & set(absent)) == []


def test_a_cold_cache_parses_and_validates_the_model(tmp_path: Path) -> None:
    """The other side of the boundary: a model not yet in the cache is read with PyYAML
    and checked with the schema, and the next run uses the cache instead."""
    done, modules = run(tmp_path, "show", "senior")
    assert done.returncode == 0, done.stderr
    assert {"yaml", "pmlevel.model.schema"} <= modules
    again, modules = run(tmp_path, "show", "senior")
    assert again.returncode == 0 and again.stdout == done.stdout
    assert not {"yaml", "pmlevel.model.schema"} & modules


def test_a_yaml_answers_file_is_still_read_as_yaml(warm: Path) -> None:
    """PyYAML stays for what needs it: answers written as YAML."""
    answers = json.loads((warm / "answers.json").read_text(encoding="utf-8"))
    text = "ratings:\n" + "".join(f"  {k}: {v}\n" for k, v in answers["ratings"].items())
    (warm / "answers.yaml").write_text(text, encoding="utf-8")
    done, modules = run(
        warm, "assess", "--answers", str(warm / "answers.yaml"), "--json", "--no-save"
    )
    assert done.returncode == 0, done.stderr
    assert "yaml" in modules
    assert json.loads(done.stdout)["ratings"] == answers["ratings"]
