"""Nobody is asked what they already said: a question is answered for the person from words
said before it (the menu's answer, a town, calls not working, a name, a best time said beside
another answer), and a way to reach them changed with a time keeps only the time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from flows.answer_words import (
    NOT_A_CHANGE_OF_REACH,
    about_someone_elses_contact,
    asks_the_time,
    cut_to,
    holds,
    more_words,
    option_phrases,
    says_more,
)
from flows.calls_not_possible import says_calls_dont_work, without_calls_words
from flows.condolences import grief_option
from flows.engine_terms import (
    CONTACT_VAR,
    KEPT_NAME,
    MAX_SAID,
    MENU_FLOW,
    NAME_VAR,
    SELF_FLOW,
    TEXT,
    TEXT_ONLY,
    in_language,
)
from flows.family_worries import about_someone_else
from flows.menu_words import options_named
from flows.name_said import name_introduced, time_beside_a_name
from flows.own_words import said_beside
from flows.script import Option, State
from flows.text import as_number, match_choice, normalise
from flows.time_said import time_after, time_apart, time_beside
from flows.towns_said import merged, the_town_said, towns_said


class SaidBefore:
    """Answers taken from words said before a question: a part of ``flows.engine._Run``, which
    inherits it. It reads and sets the run's attributes ``ctx``, ``menu_answered_in_words``,
    ``said_first``, ``st``, ``text``, ``time_said``, ``told`` (see ``_Run.__init__``) and calls
    these methods of the run and its other parts: ``after_answer``, ``choose_next``,
    ``current_prompt``, ``flow``, ``keep_said``, ``save``, ``save_many``, ``say``,
    ``say_string``, ``string``.
    """

    def answer_time_said(self, state: State) -> bool:
        """The best time, said beside the answer before it ("yes, 9 to 5 weekdays", "call me
        mornings"): not asked again. A choice it names alone is that choice ("mornings" is
        Morning); anything more is their own words."""
        if self.time_said is None or not asks_the_time(state):
            self.time_said = None
            return False
        self.after_answer(state, self.save_time_said(state))
        return True

    def save_time_said(self, state: State) -> Option | None:
        """Save the time said beside the answer before as the answer to ``state``, a best-time
        question: the option it names, or None for their own words."""
        said, self.time_said = self.time_said or "", None
        phrases = option_phrases(state.options)
        index = match_choice(said, phrases, keeps_own_words=True)
        option = None if index is None else state.options[index]
        if index is not None and says_more(said, phrases[index]):
            option = None  # "text me after 5" beside a yes stays as said, and the call comes
        if option is None:
            self.save(state, cut_to(said, state.max_length), None)
        else:
            self.save(state, option.value, dict(option.label))
        return option

    def choice_before_a_time(self, state: State, phrases: Sequence[Sequence[str]]) -> int | None:
        """ "2 after 5", "text me not mornings": the choice named before a time, the time kept
        for the best-time question next. Only where a time is asked next: "2 after 5" to a
        question about something else is asked again."""
        apart = time_after(self.text)
        if apart is None:
            return None
        answer, said = apart
        number = as_number(answer)
        if number is not None:
            index = number - 1 if 1 <= number <= len(state.options) else None
        else:
            index = match_choice(answer, phrases)
        if index is None or self.time_asked_next(state, state.options[index]) is None:
            return None
        self.time_said = cut_to(said, MAX_SAID)
        return index

    def time_beside_answer(
        self, state: State, option: Option, phrases: Sequence[str]
    ) -> str | None:
        """The time words said beside an answer, for the best-time question next ("call me,
        my name is sam, after 5": "after 5"). A name said with them is kept for the name
        question; other words, two or more, go with the request as a note, as said."""
        beside = time_beside(self.text, phrases)
        apart = None if beside is None else time_apart(beside)
        if apart is None or self.time_asked_next(state, option) is None:
            return beside
        said, rest = apart
        name = name_introduced(rest) if rest else None
        if name is not None and self.name_asked_later():
            self.st["vars"][KEPT_NAME] = name
        elif len(more_words(rest, ())) >= 2:
            self.keep_said()
        elif more_words(rest, ()):
            return beside  # a word that goes nowhere else stays with the time, as said
        return said

    def name_asked_later(self) -> bool:
        """The flow has a name question, not answered yet."""
        return NAME_VAR not in self.st["vars"] and any(
            s.save == NAME_VAR for s in self.flow().states.values()
        )

    def time_asked_next(self, state: State, option: Option) -> State | None:
        """The best-time question this answer leads to, if it leads to one."""
        after = self.flow().states.get(option.next or self.choose_next(state) or "")
        return after if after is not None and asks_the_time(after) else None

    def reach_changed_with_a_time(self, state: State) -> bool:
        """ "my battery is gonna die, text before noon" at the best-time question: how to reach
        them becomes what they name there, said back, and only the time words are the best
        time. Without a time ("text me instead") it is ``corrects_the_last_answer``'s."""
        contact = self.reach_question(state)
        if (
            contact is None
            or not asks_the_time(state)
            or about_someone_elses_contact(normalise(self.text))
        ):
            return False
        apart = time_apart(self.text)
        if apart is None:
            return False
        said, rest = apart
        phrases = option_phrases(contact.options)
        index = None
        for words in (*reversed(re.split(r"[,.;!]", rest)), rest):  # "my battery..., text"
            if normalise(words) and (index := match_choice(words, phrases)) is not None:
                break
        if index is None or set(normalise(words).split()) & NOT_A_CHANGE_OF_REACH:
            return False
        option = contact.options[index]
        asked = state
        if contact.save != CONTACT_VAR:  # a call offer: each way leads to its own time question
            asked = self.flow().states.get(option.next or "")
            if asked is None or not asks_the_time(asked) or more_words(rest, phrases[index]):
                return False  # "yes but he cant know, call after 5" stays whole
        if not holds(self.st["vars"].get(contact.save), option.value):
            label = in_language(option.label, self.st["language"])
            self.say(self.say_string("answer_changed", {"answer": label}))
            self.save(contact, option.value, dict(option.label))
        self.time_said = cut_to(said, MAX_SAID)
        self.after_answer(asked, self.save_time_said(asked))
        return True

    def reach_question(self, state: State) -> State | None:
        """The question of how to reach them, for the best-time question ``state``: the
        self-referral's text or call, or the family's call offer whose answers lead to it."""
        states = self.flow().states.values()
        contact = next((s for s in states if s.save == CONTACT_VAR), None)
        if contact is None:
            contact = next(
                (
                    s
                    for s in states
                    if s.save is not None
                    and not asks_the_time(s)
                    and any(o.next == state.name for o in s.options)
                ),
                None,
            )
        return contact if contact is not None and contact.input == "choice" else None

    def answer_from_menu_words(self, state: State) -> bool:
        """A question the script marks ``from_menu_answer`` is not asked when the words that
        answered the menu (a first text, or a reply to it) already answer it
        (``flows.menu_words``)."""
        options = (
            options_named(state, self.text, option_phrases(state.options))
            if self.menu_answered_in_words
            else []
        )
        grief = grief_option(state) if self.st.get("loss_told") else None
        if grief is not None and state.from_menu_answer and grief not in options:
            options = [o for o in state.options if o in options or o is grief]
        if not options:
            return False
        self.answer_with(state, options)
        return True

    def answer_from_words_said_first(self, state: State) -> bool:
        """A choice the script marks ``from_menu_answer`` is not asked when the first text,
        which the menu was shown after, names its answer ("my son doesnt want treatment", then
        "2": a parent). Read once, by the first question it could answer."""
        words = self.said_first
        if not words or state.input != "choice":
            return False
        options = options_named(state, words, option_phrases(state.options))
        if not options:
            return False
        self.said_first = None
        self.answer_with(state, options)
        return True

    def asks_for_whom(self) -> bool:
        """ "1" (support for myself) after a first text plainly about someone else ("how do i
        talk to my 14 year old"): asked once whether the support is for them or for their
        loved one; "1" again is a self-referral, "2" family support."""
        state = self.current_state()
        words = self.st.get("said_first")
        if (
            self.st["flow"] != MENU_FLOW
            or state is None
            or not isinstance(words, str)
            or self.st.get("for_whom_asked")
            or not about_someone_else(normalise(words))
        ):
            return False
        number = as_number(self.text)
        picked = state.options[number - 1] if number and 0 < number <= len(state.options) else None
        if picked is None or picked.goto != SELF_FLOW:
            return False
        self.st["for_whom_asked"] = True
        self.say(self.string("for_whom"))
        return True

    def answer_as_told(self, state: State) -> bool:
        """A question answered by the words of the naloxone search the request follows
        (``talk_asked_too``) is not asked."""
        values = self.told.pop(state.save or "", None)
        options = [o for o in state.options if isinstance(values, list) and o.value in values]
        if not options:
            return False
        self.answer_with(state, options)
        return True

    def answer_with(self, state: State, options: Sequence[Option]) -> None:
        """Answer ``state`` with ``options`` (the first, for a single choice) and move on."""
        if state.input == "choice":
            self.save(state, options[0].value, dict(options[0].label))
            self.after_answer(state, options[0])
        else:
            self.save_many(state, list(options))
            self.after_answer(state, None)

    def note_towns_said(self) -> None:
        """Remember the county towns this text names, for a town question not to be asked
        what an earlier text said ("i live in Northampton")."""
        now = towns_said(self.ctx.places, self.text)
        if now:
            self.st["towns_said"] = merged(self.st["towns_said"], now)

    def answer_from_towns_said(self, state: State) -> bool:
        """A place question the script marks ``from_menu_answer`` is not asked when the
        conversation named one county town as where the person is (``flows.towns_said``).
        Taken once: asked again ("back", "change") the question is asked."""
        town = the_town_said(self.st["towns_said"])
        if not state.from_menu_answer or town is None:
            return False
        self.st["towns_said"] = {}
        self.save(state, town, None)
        self.after_answer(state, None)
        return True

    def note_calls_not_possible(self) -> None:
        """Remember "im deaf", "i cant take calls" said before the contact question, for it
        not to be asked (``answer_text_only_said``)."""
        if CONTACT_VAR not in self.st["vars"] and says_calls_dont_work(self.text):
            self.st["text_only"] = True

    def answer_text_only_said(self, state: State) -> bool:
        """The contact question is not asked when an earlier text said calls do not work:
        text, and the request says text only. Taken once, as a town said is."""
        option = next((o for o in state.options if o.value == TEXT), None)
        if state.save != CONTACT_VAR or option is None or not self.st.pop("text_only", False):
            return False
        self.save(state, option.value, dict(option.label))
        self.mark_text_only(state)
        self.after_answer(state, option, remember=False)
        return True

    def mark_text_only(self, state: State) -> None:
        """Text picked because calls do not work: the request says so (the flow's
        ``text_only`` label on the summary), and only that, never why."""
        self.st.pop("text_only", None)
        if state.save is None:
            return
        self.st["vars"][TEXT_ONLY] = state.save
        label = self.flow().strings.get("text_only")
        if label is not None:
            self.st["labels"][state.save] = dict(label)

    def says_text_only_noted(self, state: State) -> bool:
        """ "i cant take calls" that answers no other question is heard: said to be noted
        (the flow's ``text_only_noted``), and the question asked again."""
        flow = self.flow()
        if (
            not self.st.get("text_only")
            or not says_calls_dont_work(self.text)
            or said_beside(without_calls_words(self.text), ()) is not None
            or "text_only_noted" not in flow.strings
            or not any(s.save == CONTACT_VAR for s in flow.states.values())
        ):
            return False
        self.say(f"{self.string('text_only_noted')}\n{self.current_prompt()}")
        return True

    def name_beside_a_time(self, typed: str) -> str:
        """The words for a name at the name question, less a time said there ("call me after
        5", "llamame despues de las 5": none; "call me sam after 5": "sam"). The time is the
        best time when that question is not answered yet; a way to reach them said with it
        ("text me after 6pm") is no name either."""
        rest, said = time_beside_a_name(typed)
        if said is None:
            return typed
        asked = next((s for s in self.flow().states.values() if asks_the_time(s)), None)
        if asked is not None and self.st["vars"].get(asked.save or "") is None:
            self.time_said = cut_to(said, MAX_SAID)
            self.save_time_said(asked)
        contact = self.reach_question(asked) if asked is not None else None
        if contact is not None and rest:
            phrases = option_phrases(contact.options)
            index = match_choice(rest, phrases)
            if index is not None and not says_more(rest, phrases[index]):
                return ""  # "text me": how, not who
        return rest

    def answer_with_the_name_told(self, state: State) -> bool:
        """The name question is not asked when an earlier answer told the name ("my name is
        mike btw"); the summary shows it, to change. Taken once, as a town said is."""
        told = self.st["vars"].pop(KEPT_NAME, None)
        if not isinstance(told, str) or not told:
            return False
        self.save(state, cut_to(told, state.max_length), None)
        self.after_answer(state, None)
        return True
