"""The flow engine's cost per text, alone: no web, database or network.

``python -m bench.engine_step`` walks a few whole conversations (a self-referral to its end, a
naloxone search, grief, an emergency, a loved one's request, a past overdose, a supply search)
through ``flows.engine.step`` and prints the best and median microseconds per text over seven
rounds. To compare two commits, run it in each checkout in turn, twice, in the same minutes
(``git worktree add /tmp/other REV``, then ``cd /tmp/other && python -m bench.engine_step``).
"""

from __future__ import annotations

import statistics
import time
from datetime import datetime
from zoneinfo import ZoneInfo

from flows.engine import step
from flows.places_data import default_directory
from flows.script import load_shipped_flows
from flows.types import Context

CONVERSATIONS = (
    ("hi", "1", "1", "northampton", "1", "any", "1", "Sam", "yes"),
    ("narcan amherst",),
    ("my son died last month from an overdose",),
    ("hes not breathing",),
    ("i need help getting my son into detox", "amherst"),
    ("i overdosed last night and want help", "1"),
    ("where can i get test strips in amherst",),
)
ROUNDS, REPEATS = 7, 20


def main() -> None:
    flows, places = load_shipped_flows(), default_directory()
    context = Context(now=datetime(2026, 11, 24, 14, tzinfo=ZoneInfo("America/New_York")),
                      places=places)  # fmt: skip
    texts = sum(len(conversation) for conversation in CONVERSATIONS)

    def walk() -> None:
        for conversation in CONVERSATIONS:
            state = None
            for text in conversation:
                state = step(flows, state, text, context).state

    walk()  # caches and compiled patterns, as a warmed web worker has them
    per_text = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        for _ in range(REPEATS):
            walk()
        per_text.append((time.perf_counter() - start) / (REPEATS * texts) * 1e6)
    print(
        f"engine step: {min(per_text):.0f} us per text (best of {ROUNDS}), "
        f"median {statistics.median(per_text):.0f} us, {texts} texts a round"
    )


if __name__ == "__main__":
    main()
