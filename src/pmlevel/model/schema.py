"""The level-model *file format* (docs/reference.md#the-model-file) as pydantic models.

This module is the single description of what a model file may contain: the
loader validates the structure with it, and ``pmlevel schema model`` prints its
JSON Schema for editors. Rules that span several values (unique ids, known
skills, expectations that never drop, anchors covering the scale, the default
language in every text) are checked in ``model/loader.py`` after this pass.

Validation is strict: no value is coerced (``"3"`` is not a rating, ``true`` is
not a number), and unknown keys are errors.
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PlainValidator,
    Strict,
    Tag,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from pmlevel.model.limits import (
    MAX_ITEMS,
    MAX_LANGUAGES,
    MAX_LEVELS,
    MAX_NAME_CHARS,
    MAX_RATING,
    MAX_SKILLS,
    MAX_TEXT_CHARS,
    MAX_TRACKS,
)
from pmlevel.text.safe import visible

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
LANG = r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$"

_TEXT_JSON_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "string", "minLength": 1},
        {
            "type": "object",
            "propertyNames": {"pattern": LANG},
            "additionalProperties": {"type": "string", "minLength": 1},
            "minProperties": 1,
        },
    ],
    "description": "A text: a plain string, or a mapping of language code to string.",
}


def _check_text(value: Any) -> Any:
    """A text field: at most MAX_TEXT_CHARS characters in each language."""
    # One argument only: pydantic 2.6 passes a second positional argument (its
    # ValidationInfo) to a validator that accepts two.
    return _check_text_within(value, MAX_TEXT_CHARS)


def _check_text_within(value: Any, limit: int) -> Any:
    """A plain string, or ``{language: string}``; never a number that lost its quotes."""
    if isinstance(value, str):
        if not visible(value):
            raise PydanticCustomError("text_empty", "text must not be empty")
        _check_length(value, limit)
        return value
    if isinstance(value, dict):
        if not value:
            raise PydanticCustomError("text_empty", "text must not be empty")
        if len(value) > MAX_LANGUAGES:
            raise PydanticCustomError(
                "text_languages", "too many languages", {"max_length": MAX_LANGUAGES}
            )
        for lang, text in value.items():
            if not isinstance(lang, str) or not _is_lang(lang):
                raise PydanticCustomError(
                    "text_language", "'{lang}' is not a language code", {"lang": str(lang)}
                )
            if not isinstance(text, str):
                raise PydanticCustomError(
                    "text_value_type",
                    "the {lang} text is {kind}, not text: put it in quotes",
                    {"lang": lang, "kind": type(text).__name__, "value": str(text)},
                )
            if not visible(text):
                raise PydanticCustomError("text_empty", "text must not be empty")
            _check_length(text, limit)
        return value
    raise PydanticCustomError(
        "text_type",
        "expected text, found {kind}",
        {"kind": type(value).__name__, "value": str(value)},
    )


def _check_length(text: str, limit: int) -> None:
    if len(text) > limit:
        raise PydanticCustomError(
            "text_too_long", "at most {max_length} characters", {"max_length": limit}
        )


def _check_name(value: Any) -> Any:
    return _check_text_within(value, MAX_NAME_CHARS)


def _is_lang(value: str) -> bool:
    return re.match(LANG, value) is not None


def _check_version(value: Any) -> int:
    """1, 2 or 3, and never ``true`` (which Python would take for 1)."""
    if isinstance(value, bool) or value not in SCHEMA_VERSIONS:
        raise PydanticCustomError(
            "literal_error",
            "Input should be {expected}",
            {"expected": "/".join(map(str, SCHEMA_VERSIONS))},
        )
    return int(value)


SCHEMA_VERSIONS = (1, 2, 3)


def _text_schema(limit: int) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(json.dumps(_TEXT_JSON_SCHEMA))
    schema["anyOf"][0]["maxLength"] = limit
    schema["anyOf"][1]["additionalProperties"]["maxLength"] = limit
    schema["anyOf"][1]["maxProperties"] = MAX_LANGUAGES
    return schema


TextField = Annotated[
    Any, PlainValidator(_check_text), WithJsonSchema(_text_schema(MAX_TEXT_CHARS))
]
NameField = Annotated[
    Any, PlainValidator(_check_name), WithJsonSchema(_text_schema(MAX_NAME_CHARS))
]
Texts = Annotated[list[TextField], Field(max_length=MAX_ITEMS)]
Slug = Annotated[str, Field(pattern=SLUG, max_length=64)]
Rating = Annotated[int, Strict()]
# YAML keys that are ratings (anchors, actions by target): numbers, not quoted strings.
PointKey = Annotated[int, Strict(False)]
SchemaVersion = Annotated[
    int, PlainValidator(_check_version), WithJsonSchema({"enum": list(SCHEMA_VERSIONS)})
]


def _list_or_mapping(value: Any) -> str:
    return "[mapping]" if isinstance(value, dict) else "[list]"


# Actions: a list (any target) or a mapping target rating -> list. The discriminator
# picks one branch by the value's type, so a mistake is reported once, not by both
# branches; its tags are bracketed like pydantic's "[key]" and dropped from paths.
ActionsField = Annotated[
    Annotated[Texts, Tag("[list]")] | Annotated[dict[PointKey, Texts], Tag("[mapping]")],
    Discriminator(_list_or_mapping),
]

# Keys a version-1 file may not use (docs/reference.md#schema-versions): path in a skill or level.
V2_SKILL_KEYS = ("anchors", "questions")
V2_LEVEL_KEYS = ("experience", "core")
# Keys only a version-3 file may use (docs/reference.md#tracks marks them "(v3)").
V3_MODEL_KEYS = ("tracks",)
V3_LEVEL_KEYS = ("track", "after")


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


class ScaleSpec(_Strict):
    min: int = Field(ge=-MAX_RATING, le=MAX_RATING, description="The lowest rating.")
    max: int = Field(ge=-MAX_RATING, le=MAX_RATING, description="The highest rating.")
    anchors: dict[PointKey, TextField] = Field(
        description="A behavioural anchor for every point from min to max."
    )


class EstimationSpec(_Strict):
    min_share: float = Field(0.8, gt=0, le=1, description="Share of expected skills to meet.")
    max_shortfall: int = Field(1, ge=0, description="Largest allowed shortfall on one skill.")


class SkillSpec(_Strict):
    id: Slug
    name: NameField
    description: TextField | None = None
    category: NameField | None = None
    weight: float = Field(1.0, gt=0, le=1000)
    anchors: dict[PointKey, TextField] | None = Field(
        None,  # absent (or null): the scale's anchors
        description="(v2) What each point of the scale means for this skill; covers every point.",
    )
    actions: ActionsField = Field(
        default_factory=list,
        description="Ways to grow this skill: a list (any target), or (v2) target rating -> list.",
    )
    questions: Texts = Field(
        default_factory=list, description="(v2) Interview or reflection questions on this skill."
    )


class ResponsibilitySpec(_Strict):
    name: NameField
    description: TextField | None = None


class LevelSpec(_Strict):
    id: Slug
    name: NameField
    aliases: list[Annotated[str, Field(min_length=1, max_length=80)]] = Field(
        default_factory=list, max_length=MAX_ITEMS
    )
    summary: TextField | None = None
    experience: TextField | None = Field(
        None, description="(v2) The experience the level asks for."
    )
    responsibilities: list[ResponsibilitySpec] = Field(default_factory=list, max_length=MAX_ITEMS)
    expectations: dict[str, Rating] = Field(
        description="Skill id -> the lowest rating expected at this level."
    )
    core: list[str] = Field(
        default_factory=list,
        max_length=MAX_SKILLS,
        description="(v2) Expected skills that must be fully met for this level to be met.",
    )
    track: Slug | None = Field(
        None,
        description="(v3) The track this level belongs to (an id from `tracks`); "
        "without it the level is shared, on every track.",
    )
    after: Slug | None = Field(
        None,
        description="(v3) The level directly below this one on its track; "
        "default: the previous level in the file.",
    )


class TrackSpec(_Strict):
    id: Slug
    name: NameField


class ModelSpec(_Strict):
    """A product-manager level model (career ladder) for pmlevel."""

    model_config = ConfigDict(strict=True, extra="forbid", title="pmlevel level model")

    schema_version: SchemaVersion
    name: NameField
    default_language: Annotated[str, Field(pattern=LANG)]
    scale: ScaleSpec
    estimation: EstimationSpec = Field(default_factory=lambda: EstimationSpec())
    skills: list[SkillSpec] = Field(min_length=1, max_length=MAX_SKILLS)
    levels: list[LevelSpec] = Field(min_length=1, max_length=MAX_LEVELS)
    tracks: list[TrackSpec] = Field(
        default_factory=list,
        max_length=MAX_TRACKS,
        description="(v3) The tracks the ladder forks into after its shared levels "
        "(e.g. IC and management); ties in the estimate go to the track listed last.",
    )


def model_json_schema() -> dict[str, Any]:
    """The JSON Schema of a model file, as ``pmlevel schema model`` prints it."""
    schema = ModelSpec.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    # YAML keys of the anchors mapping are numbers; JSON Schema sees them as strings.
    points = {"pattern": r"^-?[0-9]+$"}
    schema["$defs"]["ScaleSpec"]["properties"]["anchors"]["propertyNames"] = points
    skill = schema["$defs"]["SkillSpec"]["properties"]
    for option in skill["anchors"]["anyOf"]:
        if option.get("type") == "object":
            option["propertyNames"] = points
    for option in skill["actions"]["oneOf"]:
        if option.get("type") == "object":
            option["propertyNames"] = points
    return schema
