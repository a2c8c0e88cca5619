"""The document model: the typed tree every report is built as (issue 11)."""

from __future__ import annotations

import pytest

from pmlevel.document import (
    Bar,
    Column,
    Document,
    Fact,
    Facts,
    Radar,
    RadarSeries,
    Section,
    Styled,
    Table,
    first_radar,
    plain_text,
    walk,
)


def test_a_report_is_a_tree_that_walk_and_first_radar_find_their_way_through() -> None:
    radar = Radar(
        axes=("Data", "Users"),
        series=(RadarSeries("Li Lei", (3, 2), "subject"), RadarSeries("Senior", (3, None))),
        low=1,
        high=5,
    )
    table = Table(
        columns=(Column("Level"), Column("Met", "bar"), Column("Short", "number")),
        rows=(("Junior", Bar(1.0), 0), (Styled("Mid", "good"), Bar(0.5, "warn"), 2)),
    )
    doc = Document(
        title="Result",
        lang="en",
        blocks=(
            Facts((Fact("Level", ("Mid ", Styled("(mid)", "muted"))),)),
            Section("Levels", (table, Section("Chart", (radar,)))),
        ),
    )
    assert [type(b).__name__ for b in walk(doc.blocks)] == [
        "Facts",
        "Section",
        "Table",
        "Section",
        "Radar",
    ]
    assert first_radar(doc) is radar
    assert plain_text(("Mid ", Styled("(mid)", "muted"))) == "Mid (mid)"
    assert Bar(0.55).text == "55%"


def test_rows_and_radar_series_must_match_their_columns_and_axes() -> None:
    with pytest.raises(ValueError, match="row 0"):
        Table(columns=(Column("a"), Column("b")), rows=(("only one",),))
    with pytest.raises(ValueError, match="axes"):
        Radar(axes=("a", "b"), series=(RadarSeries("x", (1,)),), low=1, high=5)
