"""JSON Schemas of the files a user writes or keeps, for editors (``pmlevel schema``)."""

from __future__ import annotations

from typing import Any

from pmlevel.assess.answers import answers_json_schema
from pmlevel.assess.result import result_json_schema
from pmlevel.model.schema import model_json_schema


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of ``model``, ``answers`` or ``result`` files."""
    if name == "model":
        return model_json_schema()
    if name == "result":
        return result_json_schema()
    if name == "answers":
        return answers_json_schema()
    raise ValueError(name)
