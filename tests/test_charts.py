"""Server-side SVG charts: well-formed XML, and labels from data never become markup."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from hotline.charts import bar_chart, line_chart

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>x("")</script> & Co'


def parse(svg: str) -> ET.Element:
    # Our own output, parsed to prove it is well-formed.
    return ET.fromstring(str(svg))


def texts(svg: str) -> list[str]:
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    return [element.text or "" for element in root.iter(f"{SVG}text")]


def test_bar_chart_is_well_formed_with_one_bar_per_item():
    svg = bar_chart("Cases by town", [("Amherst", 3), ("Ware", 1.5)])
    root = parse(str(svg))
    bars = root.findall(f".//{SVG}rect")
    assert len(bars) == 2
    widths = [float(bar.get("width").removesuffix("%")) for bar in bars]
    assert widths[0] == pytest.approx(2 * widths[1])
    assert root.find(f"{SVG}title").text == "Cases by town"
    assert texts(svg) == ["Amherst", "3", "Ware", "1.50"]


def test_bar_chart_escapes_labels_and_title():
    svg = str(bar_chart(f"Title {HOSTILE}", [(HOSTILE, 2)]))
    assert "<script" not in svg
    assert "&lt;script&gt;" in svg
    root = parse(svg)
    assert root.get("aria-label") == f"Title {HOSTILE}"
    assert texts(svg)[0] == HOSTILE


def test_long_labels_are_shortened_but_kept_whole_in_the_tooltip():
    label = "A very long town name that would not fit on one line of a phone"
    root = parse(str(bar_chart("t", [(label, 1)])))
    assert root.find(f".//{SVG}text").text.endswith("…")
    assert root.find(f".//{SVG}g/{SVG}title").text == f"{label}: 1"


def test_empty_charts_say_so():
    assert texts(bar_chart("t", [])) == ["No data"]
    assert texts(line_chart("t", [])) == ["No data"]


def test_all_zero_values_draw_no_bar_length():
    root = parse(str(bar_chart("t", [("Ware", 0)])))
    assert root.find(f".//{SVG}rect").get("width") == "0.0%"


def test_bar_labels_start_at_the_left_edge_above_their_bars():
    # A long label once ran off the chart's left edge ("her towns (fewer than 5 c…").
    label = "other towns (fewer than 5 cases each)"
    root = parse(str(bar_chart("t", [(label, 3), ("Ware", 1)])))
    label_texts = root.findall(f".//{SVG}g/{SVG}text")[::2]
    assert [text.text for text in label_texts] == [label, "Ware"]
    for text, bar in zip(label_texts, root.findall(f".//{SVG}rect"), strict=True):
        assert text.get("x") == "0"
        assert text.get("text-anchor") in (None, "start")
        assert float(text.get("y")) < float(bar.get("y"))


def test_charts_fill_their_container_without_scaling_the_text():
    # A fixed viewBox shrank 12 px text to about 7 px on a phone.
    for svg in (bar_chart("t", [("Ware", 1)]), line_chart("t", [("a", 1), ("b", 2)])):
        root = parse(str(svg))
        assert root.get("width") == "100%"
        assert root.get("viewBox") is None
        assert {text.get("font-size") for text in root.iter(f"{SVG}text")} == {"12"}


def test_line_chart_points_and_axis_labels():
    svg = line_chart("Cases by week", [("2024-03-04", 5), ("2024-03-11", 0), ("2024-03-18", 10)])
    root = parse(str(svg))
    points = root.find(f".//{SVG}polyline").get("points").split()
    assert len(points) == 3
    ys = [float(point.split(",")[1]) for point in points]
    # Higher values sit higher on the page (smaller y).
    assert ys[2] < ys[0] < ys[1]
    assert texts(svg) == ["10", "0", "2024-03-04", "2024-03-18"]


def test_line_chart_escapes_labels():
    svg = str(line_chart("t", [(HOSTILE, 1), ("b", 2)]))
    assert "<script" not in svg
    assert HOSTILE in texts(svg)


def test_line_chart_draws_hollow_points_open():
    svg = line_chart("Cases by week", [("a", 1), ("b", 2), ("c", 3)], hollow={0, 2})
    circles = parse(str(svg)).findall(f".//{SVG}circle")
    assert [circle.get("fill") for circle in circles] == ["#fff", "#2f6f8f", "#fff"]
    assert circles[0].get("stroke") == "#2f6f8f"
