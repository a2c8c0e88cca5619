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
        return _answers_schema()
    raise ValueError(name)


def _answers_schema() -> dict[str, Any]:
    from pydantic import BaseModel, ConfigDict, Field

    from pmlevel.people import Role

    class RaterSpec(BaseModel):
        model_config = ConfigDict(extra="forbid")
        role: Role = "self"
        name: str | None = None

    class AnswersSpec(BaseModel):
        """Ratings for `pmlevel assess --answers FILE`: every skill id of the model."""

        model_config = ConfigDict(extra="forbid", title="pmlevel answers")
        ratings: dict[str, int] = Field(description="Skill id -> rating on the model's scale.")
        notes: dict[str, str] = Field(default_factory=dict, description="Evidence per skill.")
        subject: str | None = None
        rater: RaterSpec | None = None

    schema = AnswersSpec.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
