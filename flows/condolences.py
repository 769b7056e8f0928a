"""A death told in a conversation: condolences once, with the grief support the family flow
offers, and the question still answered or asked again. Told at the first question of support
for themselves, it is the grief path the menu would have taken.
"""

from __future__ import annotations

from flows.death_cause import names_a_substance_cause, names_another_cause
from flows.engine_terms import CONDOLENCES, FAMILY_FLOW, GRIEF, GRIEF_ANY_CAUSE, GRIEF_OTHER_CAUSE
from flows.loss_told import tells_a_death, uses_again
from flows.own_ask import asks_for_oneself
from flows.script import Option, State
from flows.text import looks_spanish


def grief_option(state: State) -> Option | None:
    """The question's answer for a death told, if it has one."""
    return next((o for o in state.options if o.value == GRIEF), None)


class Condolences:
    """Condolences for a death told: a part of ``flows.engine._Run``, which inherits it. It reads
    and sets the run's attributes ``flows``, ``menu_answered_in_words``, ``said``, ``st``, ``text``
    (see ``_Run.__init__``) and calls these methods of the run and its other parts: ``answer``,
    ``answer_from_menu_words``, ``answered_by``, ``current_prompt``, ``current_state``,
    ``enter_flow``, ``flow``, ``render``, ``save_many``, ``say``, ``say_worries``,
    ``set_language``, ``string``.
    """

    def condole(self) -> None:
        """Say the family flow's condolences (and where to find grief support), once. Unless
        the words name substance use as the cause, grief support that assumes no overdose
        ("i been using again since my mom passed" says nothing of how she died); short, for a
        death of another cause named ("my grandma died of old age")."""
        family = self.flows.get(FAMILY_FLOW)
        words = family.strings.get(CONDOLENCES) if family is not None else None
        if words is not None and not self.st.get("loss_told"):
            if names_another_cause(self.said):
                self.say(self.string(GRIEF_OTHER_CAUSE))
            elif names_a_substance_cause(self.said):
                self.say(self.render(words))
            else:
                self.say(self.string(GRIEF_ANY_CAUSE))
            self.say_worries()  # "its my fault": after the condolences, before anything else
        self.st["loss_told"] = True

    def loss_told_in_family(self) -> None:
        """A death told at any question of family support: condolences and grief support,
        then what the text also answers, or the question again; never "that's no town".
        Told again, it is heard, and the question waits."""
        state = self.current_state()
        if state is None:
            self.answer()
            return
        if self.st.get("loss_told") or GRIEF in (self.st["vars"].get("needs") or []):
            if not state.free_text and self.answered_by(state, self.text):
                self.answer()
                return
            self.say(self.string("loss_heard"))
            self.say(self.current_prompt())
            return
        if self.st["language"] == "en" and looks_spanish(self.text):
            self.set_language("es")
        self.condole()
        if state.from_menu_answer and state.input in ("choice", "multi"):
            # "my son passed away" to "how are you connected": a parent, and grief support.
            self.menu_answered_in_words = True
            if self.answer_from_menu_words(state):
                return
        else:
            self.add_grief()
            self.answer_or_ask_again(state)
            return
        self.say(self.current_prompt())

    def loss_told_for_themselves(self) -> bool:
        """A death told at a question of support for themselves ("hi", "1", "my cousin died of
        an overdose"), once: condolences, never "reply with a number". At the first question,
        nothing chosen yet, it is family grief support, as the menu reads the same words;
        bereaved and using again or asking help for themselves ("my son died and i
        relapsed"), or later with answers given, the question waits (answered if the text
        answers it). False for any other text."""
        state = self.current_state()
        if state is None or self.st.get("loss_told") or not tells_a_death(self.text):
            return False
        if self.st["language"] == "en" and looks_spanish(self.text):
            self.set_language("es")
        self.condole()
        own = uses_again(self.text) or asks_for_oneself(self.text)
        if state.name == self.flow().start and not own and FAMILY_FLOW in self.flows:
            self.menu_answered_in_words = True
            self.enter_flow(FAMILY_FLOW)
            return True
        self.answer_or_ask_again(state)
        return True

    def missing_told_in_family(self) -> None:
        """ "i just miss him so much" at a question of family support: a kind word, then what
        the text also answers, or the question again; never "that's no town"."""
        state = self.current_state()
        if state is None:
            self.answer()
            return
        if self.st["language"] == "en" and looks_spanish(self.text):
            self.set_language("es")
        self.say(self.string("loss_heard" if self.st.get("loss_told") else "missing_them"))
        self.answer_or_ask_again(state)

    def answer_or_ask_again(self, state: State) -> None:
        """What the text also answers (an option, a place, SKIP: never taken as the person's
        own words), or the question again."""
        if not state.free_text and self.answered_by(state, self.text):
            self.answer()
        else:
            self.say(self.current_prompt())

    def add_grief(self) -> None:
        """Grief support added to what the person chose would help, for the team to know."""
        for state in self.flow().states.values():
            grief = grief_option(state)
            if grief is None or state.input != "multi" or state.save is None:
                continue
            chosen = self.st["vars"].get(state.save)
            chosen = chosen if isinstance(chosen, list) else []
            self.save_many(state, [o for o in state.options if o.value in chosen or o is grief])
