"""A family member's worry said in so many words (``flows.family_worries``) is answered with a
short line before the question or the menu, never "reply with a number"; so is "i dont use
drugs" said at the menu (``flows.not_a_user``)."""

from __future__ import annotations

from flows.about_us import asks_about_a_loved_ones_consent
from flows.answer_words import for_whom, option_phrases
from flows.engine_terms import FAMILY_FLOW, MENU_FLOW
from flows.family_worries import (
    blames_themselves,
    naloxone_found,
    names_section_35,
    objects_to_harm_reduction,
    wants_them_made_to_go,
)
from flows.not_a_user import says_they_dont_use, without_not_using
from flows.text import as_number, looks_spanish, match_choice, normalise


class WorriesAnswered:
    """Worries answered: a part of ``flows.engine._Run``, which inherits it. It reads and sets
    the run's attributes ``replies``, ``said``, ``st``, ``text``, ``worries_said`` (see
    ``_Run.__init__``) and calls these methods of the run and its other parts:
    ``answer_or_ask_again``, ``current_prompt``, ``current_state``, ``set_language``,
    ``string``.
    """

    def worry_lines(self, first_text: bool = False) -> list[str]:
        """The names of the lines this text's worries get, not yet said in this step; a first
        text's may ask whether the loved one has to know (answered as an interrupt later)."""
        norm = normalise(self.said)
        in_family = self.st.get("flow") == FAMILY_FLOW
        names = ["not_your_fault"] if blames_themselves(norm, in_family) else []
        if names_section_35(norm):  # a court process: told neutrally, never "no one is forced"
            names.append("section_35")
        elif wants_them_made_to_go(norm):
            names.append("no_one_forced")
        if naloxone_found(norm):
            names.append("naloxone_found")
        if first_text and self.objects():
            names.append("why_harm_reduction")
        if first_text and asks_about_a_loved_ones_consent(norm)[0]:
            names.append("loved_one_consent")
        return [n for n in names if n not in self.worries_said]

    def say_worries(self, at: int | None = None) -> bool:
        """Say the lines for this text's worries (at reply ``at``: before the menu a first text
        got); whether any was said."""
        names = self.worry_lines(first_text=at is not None)
        for offset, name in enumerate(names):
            self.worries_said.add(name)
            line = self.string(name)
            if at is None:
                self.replies.append(line)
            else:
                self.replies.insert(at + offset, line)
        return bool(names)

    def objects(self) -> bool:
        """The text objects to harm reduction ("why do you give them needles"): answered, and
        never read as asking for supplies or naloxone."""
        return objects_to_harm_reduction(normalise(self.said))

    def objection_answered(self) -> bool:
        """An objection to harm reduction partway: answered, then the question again."""
        if not self.objects() or self.current_state() is None:
            return False
        self.say(self.string("why_harm_reduction"))
        self.say(self.current_prompt())
        return True

    def not_a_user_answered(self) -> bool:
        """ "what? i dont use drugs" at the menu: someone asking, or a family member. What else
        the text says picks as ever ("i dont use drugs, my daughter does" is family support);
        said alone, a plain line and the menu again, never "reply with a number"."""
        state = self.current_state()
        norm = normalise(self.text)
        if (
            self.st["flow"] != MENU_FLOW
            or state is None
            or state.input != "choice"
            or not says_they_dont_use(norm)
        ):
            return False
        rest = without_not_using(norm)
        picked = match_choice(rest, option_phrases(state.options)) if rest else None
        if rest and (as_number(rest) is not None or for_whom(state, rest, picked) is not None):
            self.text = rest
            return False
        if self.st["language"] == "en" and looks_spanish(self.text):
            self.set_language("es")
        self.say(self.string("not_a_user"))
        self.say(self.current_prompt())
        return True

    def worry_told_in_family(self) -> bool:
        """A worry said at a question of family support: its line, then what the text also
        answers, or the question again."""
        state = self.current_state()
        if self.st["flow"] != FAMILY_FLOW or state is None or not self.worry_lines():
            return False
        if self.st["language"] == "en" and looks_spanish(self.text):
            self.set_language("es")
        self.say_worries()
        self.answer_or_ask_again(state)
        return True
