"""What reading a menu answer's language costs, with the menu's phrases worked out once.

``python -m bench.menu_language`` times, in turn over nine rounds, two ways of finding the
menu's Spanish-only phrases that ``flows.menu_language.written_in_spanish`` looks for: the
earlier way (every phrase of the menu normalised again for each answer), kept here only to
compare, and the cached one. It times them on answers to the shipped main menu in English and
Spanish, and on a warm replay of every transcript in ``flows/transcripts/``, checking first that
both ways give the same answers. Prints the best and median milliseconds of each.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence

import flows.menu_language as menu_language
from flows.places_data import default_directory
from flows.script import Option, load_shipped_flows
from flows.text import normalise
from flows.transcripts import load_transcripts, run_transcript

ROUNDS = 9
ANSWERS = (
    "hi", "1", "2", "uno", "help for my son", "narcan in amherst", "i want to stop using",
    "mi hijo necesita tratamiento", "otra persona", "quiero narcan", "mi mama", "el paso",
)  # fmt: skip
ANSWER_REPEATS = 50


def every_time(options: Sequence[Option]) -> set[str]:
    """The earlier phrases: the menu's words normalised again for every answer."""
    english: set[str] = set()
    spanish: set[str] = set()
    for option in options:
        named = [*option.match.items(), *((lang, [label]) for lang, label in option.label.items())]
        for language, words in named:
            (spanish if language == "es" else english).update(normalise(w) for w in words)
        english.add(normalise(str(option.value)))
    return {p for p in spanish - english if len(p.split()) >= 2}


def main() -> int:
    flows, places = load_shipped_flows(), default_directory()
    transcripts = load_transcripts()
    menu = flows["menu"].states["welcome"].options

    def answer_menu() -> list[bool]:
        return [
            menu_language.written_in_spanish(text, menu)
            for _ in range(ANSWER_REPEATS)
            for text in ANSWERS
        ]

    def replay() -> list[bool]:
        return [run_transcript(flows, t, places).passed for t in transcripts.values()]

    cached = menu_language.spanish_only_phrases
    ways: dict[str, Callable[[Sequence[Option]], set[str] | frozenset[str]]] = {
        "every answer (before)": every_time,
        "once per menu (now)": cached,
    }
    runs = {
        f"{ANSWER_REPEATS * len(ANSWERS)} menu answers": answer_menu,
        f"{len(transcripts)} transcripts replayed": replay,
    }
    timings: dict[tuple[str, str], list[float]] = {}
    try:
        answers = {}
        for name, way in ways.items():  # warm, and the same answers
            menu_language.spanish_only_phrases = way
            answers[name] = [run() for run in runs.values()]
        assert len({repr(a) for a in answers.values()}) == 1, "the two ways disagree"
        assert all(answers["once per menu (now)"][1]), "a transcript fails"
        for _ in range(ROUNDS):
            for run_name, run in runs.items():
                for name, way in ways.items():
                    menu_language.spanish_only_phrases = way
                    start = time.perf_counter()
                    run()
                    elapsed = (time.perf_counter() - start) * 1000
                    timings.setdefault((run_name, name), []).append(elapsed)
    finally:
        menu_language.spanish_only_phrases = cached
    print(f"{ROUNDS} rounds in turn:")
    for (run_name, name), times in timings.items():
        print(
            f"  {run_name:28} {name:22} best {min(times):7.1f} ms,"
            f" median {statistics.median(times):7.1f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
