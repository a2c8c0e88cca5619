"""JSON Schemas of the files a user writes or keeps, for editors (``pmlevel schema``)."""

from __future__ import annotations

from typing import Any


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of ``model``, ``answers`` or ``result`` files."""
    if name == "model":
        from pmlevel.model_schema import model_json_schema

        return model_json_schema()
    if name == "result":
        from pmlevel.result import result_json_schema

        return result_json_schema()
    if name == "answers":
        from pmlevel.answers import answers_json_schema

        return answers_json_schema()
    raise ValueError(name)
