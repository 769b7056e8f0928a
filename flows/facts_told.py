"""Questions about facts answered from any point (``flows.facts_asked``), and the question that
follows one of those answers read as about it.

A fact told is kept for a while (``fact_told``, ``fact_told_at``) whichever way it was sent:
the Good Samaritan law said with the emergency steps, or the using-alone text's Never Use
Alone, is followed by the same questions as when it was asked for.
"""

from __future__ import annotations

from datetime import timedelta

from flows.engine_terms import AFTER_STEPS_WINDOW, MENU_FLOW
from flows.facts_asked import FACT_OF_STRING, follow_up
from flows.interrupts import Detected
from flows.steps_follow_up import follow_up_after_steps
from flows.text import normalise

# A question this soon after a fact was told may be about it in words that name nothing ("do
# they call cops"); later it is read as any text is.
FACT_FOLLOW_UP_WINDOW = timedelta(hours=1)
# What a question that follows a fact may also have been read as: a question about us, the
# police or the law ("do they call the cops", "what if i have a warrant"), or nothing.
_READ_AS_ABOUT_US = frozenset({"privacy", "who"})


class FactsTold:
    """A part of ``flows.engine._Run``, which inherits it. It reads and sets the run's
    attributes ``ctx``, ``replies``, ``st``, ``text``, ``strings_said`` and calls ``in_flow``,
    ``accepts_as_answer``, ``after_a_request``, ``restart``, ``say``, ``soon_after``, ``string`` and
    ``with_resume_note``."""

    def answer_fact(self, name: str) -> None:
        """The text ``name`` answers a question about a fact (information, no emergency
        counted); then the menu, or the question waits, or a request keeps its place."""
        text = self.string(name)
        if self.in_flow():
            self.say(self.with_resume_note(text))
            return
        self.say(text)
        if not self.after_a_request():
            self.restart()

    def fact_followed_up(self, detected: Detected | None) -> bool:
        """A question soon after a fact was told, about it ("how does it work do they call
        cops" after Never Use Alone, "what about my probation" after the Good Samaritan law):
        answered about it. False for any other text, for a text that tells of more than a
        question (an emergency, a stop), or long after."""
        if detected is not None and detected.kind not in _READ_AS_ABOUT_US:
            return False
        if not self.soon_after("fact_told_at", FACT_FOLLOW_UP_WINDOW):
            return False
        if self.in_flow() and self.st["flow"] != MENU_FLOW and self.accepts_as_answer():
            return False  # the menu shown after the fact: "y mi po?" picks no "para mi"
        norm = normalise(self.text)
        if follow_up_after_steps(norm) and self.soon_after("steps_at", AFTER_STEPS_WINDOW):
            return False  # "what now" after the steps is about the person overdosing
        name = follow_up(norm, str(self.st.get("fact_told")))
        if name is None:
            return False
        self.answer_fact(name)
        return True

    def note_facts_told(self) -> None:
        """Keep the last fact this step's replies told, for the question that may follow."""
        told = None
        for name, text in self.strings_said:
            fact = FACT_OF_STRING.get(name)
            if fact is not None and text and any(text in reply for reply in self.replies):
                told = fact
        if told is not None:
            self.st["fact_told"] = told
            self.st["fact_told_at"] = self.ctx.now.isoformat()
