"""A refusal of police, heard from any point of any conversation: acted on (the
``refuse_police`` effect and the team question answered "peers only" for them), answered,
and the conversation kept where it was.
"""

from __future__ import annotations

from flows.answer_words import asks_the_time, cut_to, option_phrases, says_much_more
from flows.engine_terms import MAX_SAID, POLICE_VAR, SKIP_WORDS
from flows.interrupts import Detected
from flows.name_said import name_alone
from flows.police import Refusal
from flows.script import Flow, Option, State
from flows.text import match_choice, match_many, normalise
from flows.time_said import time_apart

# A peer asked for with the refusal alone ("just a peer, no cops"), as the menu reads it.
_PEER_WANTED = {"en": "peer support", "es": "un peer"}


def peers_only_state(flow: Flow) -> str | None:
    """The name of the flow's team question (the choice saved as ``POLICE_VAR``)."""
    return next(
        (s.name for s in flow.states.values() if s.save == POLICE_VAR and s.input == "choice"),
        None,
    )


def peers_only_option(flow: Flow, state_name: str | None = None) -> Option | None:
    """The "peers only" option (true) of the flow's team question (the choice saved as
    ``POLICE_VAR``), or of the named state only; None when there is none."""
    for state in flow.states.values():
        if state.save != POLICE_VAR or state.input != "choice":
            continue
        if state_name is None or state.name == state_name:
            return next((o for o in state.options if o.value is True), None)
    return None


class NoPolice:
    """A refusal of police: a part of ``flows.engine._Run``, which inherits it. It reads and sets
    the run's attributes ``ctx``, ``flows``, ``fresh``, ``refused``, ``st``, ``text``,
    ``time_said`` (see ``_Run.__init__``) and calls these methods of the run and its other
    parts: ``after_answer``, ``answer``, ``current_prompt``, ``current_state``, ``emit``,
    ``flow``, ``in_flow``, ``keep_said``, ``note_towns_said``, ``pregnancy_texts``, ``resolve``,
    ``restart``, ``run_from``, ``save``, ``save_time_said``, ``say``, ``set_language``,
    ``string``, ``take_as_menu_answer``.
    """

    def note_refusal(self) -> None:
        """No police from now on: for the caller (an effect), and in the saved team answer of
        the conversation and of one it will go back to."""
        self.emit("refuse_police")
        self.refused = True
        for position in (self.st, self.st.get("resume")):
            flow = self.flows.get(position.get("flow") or "") if position else None
            option = peers_only_option(flow) if flow is not None else None
            if position is not None and option is not None:
                position.setdefault("vars", {})[POLICE_VAR] = option.value
                position.setdefault("labels", {})[POLICE_VAR] = dict(option.label)

    def police_refused(self, refusal: Refusal, found: Detected | None = None) -> None:
        """Say the refusal is heard, and answer a pregnancy told with it ("im pregnant and
        using, no police"), then keep the conversation's place: the team question is answered,
        a text that also answers the question answers it (a name beside it is the name), else
        the question (or the summary, now with no police) is asked again."""
        if self.fresh:
            self.set_language(refusal.language, announce=False)
        self.say(self.string("police_refused"))
        if found is not None and found.kind == "pregnant":
            for text in self.pregnancy_texts(found):
                self.say(text)
        if not self.in_flow():
            if self.fresh:
                self.restart()
                said = refusal.rest or (_PEER_WANTED[refusal.language] if refusal.peer else "")
                if said:  # "no quiero policia, necesito ayuda para mi"
                    self.text = said
                    self.note_towns_said()
                    self.take_as_menu_answer()
            else:
                self.say(self.string("after_interrupt"))
            return
        state = self.current_state()
        if state is not None and self.answer_for_them(state):
            return
        if state is not None and self.back_from_change(state):
            return
        if state is not None and refusal.rest and self.time_beside_a_refusal(state, refusal.rest):
            return
        if state is not None and refusal.apart and self.name_beside_a_refusal(state, refusal):
            return
        if state is not None and refusal.rest and self.answered_by(state, refusal.rest):
            self.text = refusal.rest
            self.note_towns_said()
            self.answer()
            return
        self.say(self.current_prompt())

    def answer_for_them(self, state: State) -> bool:
        """Answer the team question "peers only" for a person who refused police, now or
        before; False for any other question."""
        option = peers_only_option(self.flow(), state.name)
        if option is None or not (self.refused or self.ctx.refuses_police):
            return False
        if not self.refused:
            self.say(self.string("police_refused_before"))
        self.save(state, option.value, dict(option.label))
        self.after_answer(state, option, remember=False)
        return True

    def back_from_change(self, state: State) -> bool:
        """Asked what to change, "no police" is the change: back to the summary it came from,
        now peers only, rather than asking what to change again."""
        team = peers_only_state(self.flow())
        option = next((o for o in state.options if o.next == team and o.return_to), None)
        if team is None or option is None or option.return_to is None:
            return False
        self.run_from(option.return_to)
        return True

    def time_beside_a_refusal(self, state: State, rest: str) -> bool:
        """ "after 6pm, hes 19 and hes been using fentanyl, dont involve police" at the best-time
        question: the time words are the best time, and more words (two or more) go with the
        request as a note, as said; a time alone ("after 5, no police") keeps no note."""
        apart = time_apart(rest) if asks_the_time(state) else None
        if apart is None:
            return False
        said, more = apart
        if says_much_more(more, ()):
            self.keep_said()
        self.time_said = cut_to(said, MAX_SAID)
        self.after_answer(state, self.save_time_said(state))
        return True

    def name_beside_a_refusal(self, state: State, refusal: Refusal) -> bool:
        """ "jay. just a peer not a cop tho" at the name question: the name, said apart from
        the refusal, is kept, never asked again; words that start with no name ("idk") are
        none, and words within the refusal ("oops i meant peers only") are never a name."""
        if (
            state.save != "name"
            or refusal.rest != refusal.apart
            or name_alone(refusal.apart) is None
        ):
            return False
        self.text = refusal.apart
        self.answer()
        return True

    def answered_by(self, state: State, text: str) -> bool:
        """The words left beside a refusal of police pick an answer: an option, a place or
        SKIP. Never taken as the person's own words (a best time: see above for a name)."""
        pending = self.st.get("pending")
        if pending:
            return match_choice(text, [[t] for t in pending.get("towns") or []]) is not None
        if state.optional and normalise(text) in SKIP_WORDS:
            return True
        phrases = option_phrases(state.options)
        if state.input == "choice":
            return match_choice(text, phrases, keeps_own_words=state.free_text) is not None
        if state.input == "multi":
            return bool(match_many(text, phrases))
        return state.input == "place" and self.resolve(text).kind != "none"
