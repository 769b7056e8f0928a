"""Replays every transcript in flows/transcripts/ against the shipped flows."""

from __future__ import annotations

import pytest

from flows.places_data import default_directory
from flows.script import load_shipped_flows
from flows.transcripts import (
    TRANSCRIPTS_DIR,
    TranscriptError,
    load_transcripts,
    parse_transcript,
    run_transcript,
)

FLOWS = load_shipped_flows()
DIRECTORY = default_directory()
TRANSCRIPTS = load_transcripts()


def test_there_are_transcripts_for_every_shipped_flow() -> None:
    names = " ".join(TRANSCRIPTS)
    for flow_id in ("menu", "self_referral", "family", "naloxone"):
        assert flow_id in names
    assert len(TRANSCRIPTS) >= 12


@pytest.mark.parametrize("name", sorted(TRANSCRIPTS))
def test_transcript(name: str) -> None:
    result = run_transcript(FLOWS, TRANSCRIPTS[name], DIRECTORY)
    report = "\n".join(str(f) for f in result.failures) + "\n\n" + "\n".join(result.log)
    assert result.passed, report


def test_a_broken_transcript_fails_on_the_right_line() -> None:
    text = (TRANSCRIPTS_DIR / "naloxone_en.txt").read_text(encoding="utf-8")
    broken = text.replace("< Free naloxone near Northampton", "< Free naloxone near Boston")
    line = broken.splitlines().index("< Free naloxone near Boston") + 1
    result = run_transcript(FLOWS, parse_transcript(broken), DIRECTORY)
    assert not result.passed
    assert [f.line for f in result.failures] == [line]
    assert "Boston" in result.failures[0].expected
    assert "Northampton" in result.failures[0].got


@pytest.mark.parametrize(
    ("script", "failing_line"),
    [
        ("> hi\n<< nothing\n", 2),
        ("> hi\n! create_case\n", 2),
        ("> hi\n!! (any)\n< Reply STOP\n<! STOP\n", 4),
        ("> hi\n<= hello\n", 2),
        ('> hi\n? flow="naloxone"\n', 2),
        ("> hi\n> 3\n> northampton\n! log_search results=0\n", 4),
    ],
)
def test_each_kind_of_expectation_can_fail(script: str, failing_line: int) -> None:
    result = run_transcript(FLOWS, parse_transcript(script), DIRECTORY)
    assert [f.line for f in result.failures] == [failing_line]


def test_the_clock_moves() -> None:
    script = "> hi\n> 1\n@ 2026-11-25T09:00-05:00\n> 1\n! log_event event=expired\n"
    assert run_transcript(FLOWS, parse_transcript(script), DIRECTORY).passed


@pytest.mark.parametrize(
    "script",
    ["hello there", "> hi\n@ tomorrow", "> hi\n! log_event event", "< before any text"],
)
def test_unreadable_lines_are_reported(script: str) -> None:
    with pytest.raises(TranscriptError) as info:
        run_transcript(FLOWS, parse_transcript(script), DIRECTORY)
    assert info.value.line >= 1
