"""The document model: the typed tree every report is built as (docs/reference.md#exports)."""

from __future__ import annotations

import pytest

from pmlevel.render.document import (
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


# -- the renderers ---------------------------------------------------------------------------


def _doc() -> Document:
    from pmlevel.render.document import BulletList, Check, Checklist, Code, Note, Paragraph

    hostile = "# <img src=x onerror=alert(1)> *bold* [a](http://x) | `c` &amp; _u_"
    return Document(
        title="Report · 李雷 (PM)",
        lang="zh",
        blocks=(
            Facts((Fact("级别：", Styled("中级", "good")), Fact("", "no label")), title="结果"),
            Paragraph(hostile),
            Paragraph("1. not a list, - nor this"),
            BulletList(("- not nested", "> not a quote", hostile), "step"),
            Checklist((Check("run it", detail=Code("echo ```\n```\nrm -rf /")),)),
            Section(
                "Table",
                (
                    Table(
                        columns=(Column("Skill"), Column("A|B", "rating"), Column("N", "number")),
                        rows=((hostile, 3, 1.5), ("x", None, 2)),
                        caption="caption",
                    ),
                    Note("a note"),
                ),
            ),
        ),
    )


def test_markdown_keeps_hostile_text_inert_and_readable() -> None:
    from markdown_it import MarkdownIt

    from pmlevel.render.markdown import document_markdown

    text = document_markdown(_doc())
    assert text.startswith("# Report · 李雷 (PM)\n")  # no needless escapes
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    types = [t.type for t in tokens]
    children = {c.type for t in tokens for c in t.children or []}
    assert types.count("heading_open") == 3  # title, facts, section: no heading from text
    assert "html_block" not in types and "blockquote_open" in types  # only the notes quote
    assert not {"html_inline", "link_open", "image", "em_open", "code_inline"} & children
    assert types.count("bullet_list_open") == 2 and "ordered_list_open" not in types
    fences = [t for t in tokens if t.type == "fence"]
    assert [f.content for f in fences] == ["echo ```\n```\nrm -rf /\n"]
    table = [t for t in tokens if t.type == "inline" and t.map and "onerror" in t.content]
    assert table  # the hostile cell stayed in its row
    assert types.count("tr_open") == 3


def test_html_escapes_everything_and_stacks_wide_tables() -> None:
    from pmlevel.render.html import document_html

    page = document_html(_doc())
    assert '<html lang="zh-Hans">' in page
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert '<dd class="full">no label</dd>' in page
    assert "<dt>级别</dt>" in page  # the colon belongs to the screen, not to a <dt>
    assert 'class="stack"' not in page  # three columns stay a table on a phone
    wide = Document("w", (Table([Column(str(i)) for i in range(6)], [tuple("abcdef")]),))
    assert 'class="stack"' in document_html(wide)


def test_html_keeps_short_text_columns_on_one_line_beside_a_long_one() -> None:
    """Printed, an evidence list put one character of 李雷 per line and broke each date
    in two: the long column took the width. Short columns now keep their cells whole."""
    import re

    from pmlevel.render.html import document_html

    long_text = "Ran the Q3 pricing test with design and engineering: +4% conversion " * 2
    listing = Table(
        [Column("日期"), Column("对象"), Column("证据"), Column("技能")],
        [
            ("2026-09-14", "李雷", long_text, "数据分析能力、市场洞察力"),
            ("2026-10-20", Styled("欧阳娜娜", "strong"), "短", None),
        ],
    )
    page = document_html(Document("e", (listing,)))
    classes = {
        label: set(found)
        for label in ("日期", "对象", "证据", "技能")
        for found in [re.findall(rf'class="([^"]+)" data-label="{label}"', page)]
    }
    assert classes["日期"] == {"text short"} and classes["对象"] == {"text short"}
    # a long cell anywhere in the column, or Chinese past twelve columns, may wrap
    assert classes["证据"] == {"text"} and classes["技能"] == {"text"}
    assert "td.short, th.short { white-space: nowrap; }" in page


def test_screen_fits_80_columns_and_shows_no_markup() -> None:
    import io

    from rich.console import Console

    from pmlevel.render.screen import document_screen

    out = io.StringIO()
    Console(file=out, width=80, color_system=None).print(document_screen(_doc()))
    text = out.getvalue()
    assert "*bold*" in text and "[a](http://x)" in text
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "☐ run it" in text and "rm -rf /" in text


def test_radar_breaks_a_line_where_a_level_expects_nothing() -> None:
    import xml.etree.ElementTree as ET

    from pmlevel.render.svg import radar_svg

    radar = Radar(
        axes=("用户需求洞察力", "A very long skill name that has to wrap", "C", "D"),
        series=(
            RadarSeries("Yours & <me>", (3, 2, 4, 1), "subject"),
            RadarSeries("L", (3, None, 2, 2)),
        ),
        low=1,
        high=5,
        title="t\x01itle",
    )
    svg = radar_svg(radar, standalone=True)
    root = ET.fromstring(svg.encode("utf-8"))
    ns = "{http://www.w3.org/2000/svg}"
    assert len(list(root.iter(f"{ns}polyline"))) == 1  # L: one run, broken at the gap
    assert len(list(root.iter(f"{ns}polygon"))) >= 5 + 1  # rings + the filled ratings
    assert "Yours &amp; &lt;me&gt;" in svg and "\x01" not in svg
