"""Coverage-guided fuzzing of the loaders of models, answers, results and drafts (atheris).

Run it (from the top of the checkout, after ``python -m pip install -e '.[fuzz]'``)::

    python fuzz/fuzz_loader.py -max_total_time=600

Every input is one file's bytes. It goes through the model loader (as
``pmlevel validate`` reads a file) and through the answers loader against two
models (as ``pmlevel assess --answers`` reads one); a valid model is also
round-tripped through the cache format and drawn, a valid answers file is
turned into a result. The same bytes are read as a result file (as ``team`` reads
it, and as ``report`` does: checked against both models and derived again, never
trusted) and as a kept draft (fitted to each model, as ``assess --resume`` does);
every result made must read back, escaped or not, within the size limit. Each
run must either succeed or raise :class:`pmlevel.errors.PmlevelError` whose
problems are located (at least the file) and have a message in both languages.
Anything else is a crash.

With no file arguments the fuzzer starts from the seeds in ``fuzz/corpus/``,
writes what it learns to ``fuzz/work/`` and crashes to ``fuzz/crashes/`` (both
ignored by git). Any other libFuzzer option can be added; to replay one input::

    python fuzz/fuzz_loader.py fuzz/crashes/crash-…

``check()`` needs no atheris: ``tests/test_fuzz_corpus.py`` replays the seed
corpus through it in the ordinary test run.
"""

from __future__ import annotations

import io
import sys
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
WORK = HERE / "work"
CRASHES = HERE / "crashes"
DICTIONARY = HERE / "yaml.dict"
SOURCE = "fuzzed.yaml"


@cache
def _models() -> tuple[Any, ...]:
    """The models answers are checked against: a small 0-4 ladder and the bundled one."""
    from pmlevel.model.loader import load_model

    small = HERE.parent / "tests" / "fixtures" / "small.yaml"
    return (load_model(small), load_model())


def _assert_located(error: Any) -> None:
    """A refused input names the file, and its message exists and formats in both languages."""
    from pmlevel.cli.problems import format_problem
    from pmlevel.errors import InputError
    from pmlevel.text.i18n import Translator, messages

    if not isinstance(error, InputError):
        assert error.message in messages("en"), error.message
        return
    assert error.problems, "an InputError without problems"
    for problem in error.problems:
        assert problem.source == SOURCE, problem
        assert problem.message in messages("en"), problem.message
        for lang in ("zh", "en"):
            text = format_problem(problem, Translator(lang))
            assert text.startswith(SOURCE + ":"), text
            assert "\x1b" not in text, text


def _draw(model: Any) -> None:
    """Render the browsing screens of a model that loaded, as ``levels``/``show``/``skills`` do."""
    from rich.console import Console

    from pmlevel.render.draw import draw
    from pmlevel.render.screen import document_screen
    from pmlevel.reports.levels import (
        comparison_document,
        level_document,
        levels_document,
        matrix_csv,
        matrix_document,
    )
    from pmlevel.reports.words import Words
    from pmlevel.text.i18n import Translator

    console = Console(file=io.StringIO(), width=40, color_system=None)
    w = Words(model, Translator("zh"))
    documents = (
        levels_document(w),
        matrix_document(w),
        level_document(w, model.levels[-1]),
        comparison_document(w, model.levels[0], model.levels[-1]),
    )
    for document in documents:
        console.print(document_screen(document))
        for suffix in (".md", ".html"):
            draw(document, suffix)
    matrix_csv(w)
    assert "\x1b" not in console.file.getvalue()  # type: ignore[attr-defined]


def check(data: bytes) -> None:
    """One input through every loader; raises AssertionError or the crash itself."""
    from pmlevel.assess.answers import check_answers
    from pmlevel.assess.result import Result, build_result
    from pmlevel.errors import PmlevelError
    from pmlevel.model.ladder import LevelModel
    from pmlevel.model.loader import parse_model
    from pmlevel.model.yaml_reader import decode_text, parse_yaml

    try:
        text = decode_text(data, SOURCE)
    except PmlevelError as error:
        _assert_located(error)
        return

    try:
        model = parse_model(text, SOURCE)
    except PmlevelError as error:
        _assert_located(error)
    else:
        again = LevelModel.from_dict(model.to_dict(), source=SOURCE, sha256=model.sha256)
        assert again.to_dict() == model.to_dict(), "the cache format loses something"
        _draw(model)

    for against in _models():
        try:
            answers = check_answers(parse_yaml(text, SOURCE), against)
        except PmlevelError as error:
            _assert_located(error)
            continue
        result = build_result(against, answers.ratings, notes=answers.notes)
        assert Result.model_validate_json(result.to_json()) == result
        _assert_reads_back(result)

    _check_result(data, text)
    _check_draft(data)


def _assert_reads_back(result: Any) -> None:
    """What pmlevel writes, it reads: the result file, escaped or not, within the size limit."""
    import json

    from pmlevel.assess.result import parse_result_json, result_from_document
    from pmlevel.model.files import MAX_BYTES
    from pmlevel.model.yaml_reader import parse_yaml

    for text in (result.to_json(), json.dumps(result.to_dict(), ensure_ascii=True, indent=2)):
        assert len(text.encode("utf-8")) <= MAX_BYTES, "a result too big to read back"
        # Compared as written: JSON has only text keys, so an extra key's mapping read
        # from YAML (`3: x`) comes back keyed "3" (fuzz/regressions/int-key-in-extra.json).
        written = result.to_json()
        assert parse_result_json(text).to_json() == written  # as team reads it
        assert result_from_document(parse_yaml(text, SOURCE)).to_json() == written  # as report


def _check_result(data: bytes, text: str) -> None:
    """The input as a result file: as ``team`` reads it (pydantic's JSON parser) and as
    ``report``/``plan``/``merge`` read it (YAML, then checked and derived again)."""
    from pydantic import ValidationError

    from pmlevel.assess.result import (
        build_result,
        parse_result_json,
        rederive,
        result_from_document,
    )
    from pmlevel.errors import PmlevelError
    from pmlevel.model.yaml_reader import parse_yaml

    try:
        fast = parse_result_json(data)
    except ValidationError:
        pass
    else:
        _assert_inert(fast)
    try:
        doc = parse_yaml(text, SOURCE)
        read = result_from_document(doc)
    except PmlevelError as error:
        _assert_located(error)
        return
    _assert_inert(read)
    for against in _models():
        try:
            checked = rederive(against, read, doc)
        except PmlevelError as error:
            _assert_located(error)
            continue
        # Nothing derived comes from the file: the same as estimating its ratings afresh.
        fresh = build_result(against, checked.ratings, notes=checked.notes)
        for key in ("estimate", "gaps", "path_to_next", "sensitivity"):
            assert getattr(checked, key) == getattr(fresh, key), key
        low, high = against.scale.min, against.scale.max
        assert all(low <= r <= high for r in checked.ratings.values())
        _assert_reads_back(checked)


def _check_draft(data: bytes) -> None:
    """The input as a kept draft: whatever it holds, ``assess --resume`` keeps only what
    the model accepts, and the result made from it reads back."""
    from pmlevel.assess.drafts import fit_draft, parse_draft
    from pmlevel.assess.result import Rater, build_result

    for against in _models():
        draft = parse_draft(data)
        if draft is None:
            return
        fitted = fit_draft(draft, against)
        rater = Rater.model_validate({"role": fitted.rater_role, "name": fitted.rater_name})
        result = build_result(
            against, fitted.ratings, notes=fitted.notes, subject=fitted.subject, rater=rater
        )
        _assert_inert(result)
        _assert_reads_back(result)


def _assert_inert(result: Any) -> None:
    """No text of a result read or made can move a cursor or reorder a line."""
    from pmlevel.text.safe import clean_text

    texts = [result.subject, result.rater.name, result.model.name, *result.notes.values()]
    texts += list(result.ratings) + list(result.notes)
    for text in texts:
        if text is not None:
            assert clean_text(text) == text, repr(text)


def _arguments(argv: list[str]) -> list[str]:
    """libFuzzer's arguments: ours by default, the caller's own when given."""
    given = argv[1:]
    defaults = [
        f"-dict={DICTIONARY}",
        "-max_len=8192",
        "-timeout=10",
        "-rss_limit_mb=2048",
        f"-artifact_prefix={CRASHES}/",
    ]
    chosen = [d for d in defaults if not any(g.startswith(d.split("=")[0] + "=") for g in given)]
    if not any(not g.startswith("-") for g in given):  # no corpus or input named
        WORK.mkdir(exist_ok=True)
        chosen += [str(WORK), str(CORPUS)]
    CRASHES.mkdir(exist_ok=True)
    return [argv[0], *chosen, *given]


def main() -> None:
    import atheris

    # pmlevel imports lazily, so name every module a check reaches: only modules
    # imported inside this block are instrumented for coverage.
    with atheris.instrument_imports(include=["pmlevel"]):
        pass

    _models()  # load the fixed models once, outside the measured runs
    atheris.Setup(_arguments(sys.argv), lambda data: check(bytes(data)))
    atheris.Fuzz()


if __name__ == "__main__":
    main()
