"""Texts soon after the emergency steps were sent: "ok hes breathing now", "narcan worked", a
death told ("hes gone"), "what do i do" after it, someone to talk to; an overdose told as over
("we narcaned her"); and the steps asked as a question ("what do i do if someone ODs").
"""

from __future__ import annotations

from datetime import timedelta

from flows import interrupts
from flows.after_the_steps_asked import aftercare_asked
from flows.died_after_steps import asks_someone_to_talk_to, tells_they_died
from flows.emergency import spelled_right
from flows.engine_terms import AFTER_STEPS_WINDOW, FAMILY_FLOW, MENU_FLOW, parse_time
from flows.interrupts import Detected
from flows.naloxone_given import (
    came_round_after_naloxone,
    came_round_once,
    given_long_ago,
    naloxone_given,
    revived_before_today,
    told_as_given,
)
from flows.past_overdose import RECENT_OVERDOSE
from flows.steps_follow_up import STILL_GOING_ON, follow_up_after_steps
from flows.text import looks_spanish, normalise

# Not answered as a death told after the steps: a stop, a question of help, or a crisis.
_NOT_AFTER_A_DEATH = frozenset({"opt_out", "help", "crisis", "never_mind", "language"})


class AfterTheSteps:
    """What is said soon after the emergency steps: a part of ``flows.engine._Run``, which inherits
    it. It reads and sets the run's attributes ``ctx``, ``refused``, ``st``, ``text`` (see
    ``_Run.__init__``) and calls these methods of the run and its other parts: ``after_a_request``,
    ``answer``, ``enter_flow``, ``follow_up_after_an_overdose``, ``in_flow``,
    ``menu_option_number``, ``note_told``, ``note_towns_said``, ``past_overdose_given_naloxone``,
    ``log_urgent``, ``reset``, ``restart``, ``say``, ``set_language``, ``string``,
    ``take_as_menu_answer``, ``takes_place``, ``tell_the_holder``, ``with_resume_note``.
    """

    def overdose_steps_asked(self) -> None:
        """ "what do i do if someone ODs": the emergency texts' steps, as information (a
        question, so no emergency is counted), then the menu, or the question again."""
        first, then = self.string("emergency_1"), self.string("emergency_3")
        self.say(first)
        if self.in_flow():
            self.say(self.with_resume_note(then))
            return
        self.say(then)
        self.restart()

    def after_the_steps(self, naloxone: bool = False) -> bool:
        """ "ok hes breathing now", "what now" soon after the emergency steps (or, with
        ``naloxone``, "narcan worked", already read as such): stay with them, the overdose can
        return, 911 if they stop breathing again; then the menu, or the question waits (a place
        said beside it answers a place question: False then, after the aftercare). "they took
        him to the hospital" gets a kind word, then the same. While the emergency goes on ("i
        dont have narcan", "should i do cpr", "911 is coming") its text, and no menu. False for
        any other text, or long after the steps."""
        norm = normalise(self.text)
        asked = aftercare_asked(norm)
        name = follow_up_after_steps(norm) or ("after_steps" if naloxone else None)
        if name is None and asked is not None and self.soon_after_an_overdose():
            # "can he just sleep it off": its own answer, and the menu or the question waits.
            self.say(self.with_resume_note(self.string(asked)))
            return True
        if name is None or not self.soon_after("steps_at", AFTER_STEPS_WINDOW):
            return False
        if name in STILL_GOING_ON:
            if name == "after_steps_no_naloxone":  # "he wont wake up" next: no naloxone told
                self.st["no_naloxone_at"] = self.ctx.now.isoformat()
            self.say(self.with_resume_note(self.string(name)))
            return True
        if name == "after_steps":
            self.st["aftercare_at"] = self.ctx.now.isoformat()
        texts = [self.string(name)]
        if name == "after_steps" and asked is not None:  # "hes up but dopesick": both
            texts.append(self.string(asked))
        if name == "after_steps" and self.takes_place(self.text):
            # "hes breathing now, were in amherst": the town answers the question. Only a
            # place: an "ok" beside it at the team question is no consent to police.
            for text in texts:
                self.say(text)
            return False
        for text in texts[:-1]:
            self.say(text)
        if self.in_flow():
            self.say(self.with_resume_note(texts[-1]))
            return True
        self.say(texts[-1])
        self.restart()
        return True

    def steps_go_on(self, found: Detected | None) -> bool:
        """ "i gave narcan but he still not breathing", "he wont wake up" after "i dont have
        narcan", soon after the steps: the next step (a second dose; or, with no naloxone, 911,
        rescue breaths and their side), not the whole first steps again. Still an emergency,
        counted as one, and the conversation kept as it was. False when nothing told says
        which step comes next: the first steps again are the safe answer."""
        if found is None or found.kind != "emergency" or found.also_crisis or found.about_self:
            return False
        norm = normalise(self.text)
        if not self.soon_after("steps_at", AFTER_STEPS_WINDOW) or came_round_once(norm):
            return False  # "he woke up but now hes not breathing": a new turn, the steps again
        now = self.ctx.now.isoformat()
        if naloxone_given(norm) or self.soon_after("naloxone_given_at", AFTER_STEPS_WINDOW):
            self.st["naloxone_given_at"] = now
            name = "after_steps_second_dose"
        elif self.soon_after("no_naloxone_at", AFTER_STEPS_WINDOW):
            name = "after_steps_no_naloxone"
        else:
            return False
        self.log_urgent(found)
        self.tell_the_holder(found)
        self.st["steps_at"] = now
        self.say(self.with_resume_note(self.string(name)))
        return True

    def soon_after_an_overdose(self) -> bool:
        """The emergency steps or the aftercare were sent a short while ago."""
        return self.soon_after("steps_at", AFTER_STEPS_WINDOW) or self.soon_after(
            "aftercare_at", AFTER_STEPS_WINDOW
        )

    def died_after_the_steps(self, found: Detected | None) -> bool:
        """ "hes gone, hes been cold for hours" soon after the steps, once: sorry, 911 still
        (they come even now, for the one texting too), the Good Samaritan law, and someone to
        talk to or 988; never the steps again. A crisis said with it comes first; police
        refused with it are heard too."""
        if self.st.get("died_told_at") or not self.soon_after("steps_at", AFTER_STEPS_WINDOW):
            return False
        if found is not None and (found.kind in _NOT_AFTER_A_DEATH or found.also_crisis):
            return False
        if not tells_they_died(normalise(self.text)):
            return False
        if looks_spanish(self.text):
            self.set_language("es", announce=False)
        self.st["died_told_at"] = self.ctx.now.isoformat()
        self.st["loss_told"] = True  # no condolences said twice, and grief support offered
        names = ["after_steps_death", "emergency_2", "after_steps_death_talk"]
        if self.refused:  # "hes gone, no cops": heard as from any point
            names.append("police_refused")
        for name in names[:-1]:
            self.say(self.string(name))
        last = self.string(names[-1])
        self.say(self.with_resume_note(last) if self.in_flow() else last)
        return True

    def talk_after_a_death(self, found: Detected | None) -> bool:
        """ "i need someone to talk to" after a death told soon after the steps: the support
        for family and friends, which offers a call and grief support, not the menu."""
        if found is not None and found.kind != "person":  # "can i talk to someone": a person
            return False
        if not self.soon_after("died_told_at", AFTER_STEPS_WINDOW):
            return False
        if self.in_flow() and self.st["flow"] != MENU_FLOW:
            return False
        if not asks_someone_to_talk_to(normalise(self.text)):
            return False
        self.reset()
        self.st["loss_told"] = True
        self.enter_flow(FAMILY_FLOW)
        return True

    def asks_what_now_after_a_death(self, found: Detected | None) -> bool:
        """ "what do i do", "que hago" soon after a death told: 911 still has to come and will
        tell them what to do, and someone to talk to; the steps to wake them would be no
        answer."""
        if found is None or found.kind != "urgent":
            return False
        if not self.soon_after("died_told_at", AFTER_STEPS_WINDOW):
            return False
        self.say(self.string("after_death_call_911"))
        last = self.string("after_steps_death_talk")
        self.say(self.with_resume_note(last) if self.in_flow() else last)
        return True

    def soon_after(self, key: str, window: timedelta) -> bool:
        """The time saved under ``key`` (when the steps or the crisis text were sent) is within
        ``window`` of now."""
        sent = parse_time(self.st.get(key))
        return sent is not None and self.ctx.now - sent <= window

    def naloxone_given_long_ago(self) -> bool:
        """ "i gave narcan to my neighbor last year": no aftercare and no search; at a question
        the words are read as usual (False), a first text gets the menu."""
        if self.in_flow():
            return False
        self.restart()
        self.note_towns_said()
        return True

    def naloxone_was_given(self, found: Detected | None) -> bool:
        """ "i gave him narcan and he came back", "he passed out last night, we had to narcan
        him": an overdose that is over, no search for naloxone nor a new emergency. Naloxone
        wears off and the overdose can return (the aftercare), then family support, the
        program's follow-up after an overdose; mid-conversation the question waits."""
        norm = normalise(self.text)
        if found is None or found.kind == "naloxone":  # "we narcaned her": no naloxone word
            if found is None and self.after_a_request():
                return False  # more said after a request: a note to it
            if found is not None and (found.question is not None or found.supply):
                return False
            if not told_as_given(norm):
                return False
        elif (
            found.kind != "emergency"
            or found.also_crisis
            or found.about_self
            or not (revived_before_today(spelled_right(norm)) or came_round_after_naloxone(norm))
        ):
            return False
        if given_long_ago(norm):
            return self.naloxone_given_long_ago()
        # Yesterday's: over, so what the days after carry, not the aftercare for now.
        past = self.past_overdose_given_naloxone()
        texts = [self.string("post_overdose" if past else "after_steps")]
        asked = None if past else aftercare_asked(norm)
        if asked is not None:  # "he's up but dopesick": withdrawal is expected, and passes
            texts.append(self.string(asked))
        if not past:
            self.st["aftercare_at"] = self.ctx.now.isoformat()
        for text in texts[:-1]:
            self.say(text)
        if self.in_flow():
            self.say(self.with_resume_note(texts[-1]))
            if past:
                self.note_told(RECENT_OVERDOSE)
            return True
        self.say(texts[-1])
        if past:
            self.text = " ".join(w for w in norm.split() if w not in interrupts.NALOXONE_WORDS)
            self.follow_up_after_an_overdose(own=False)
            return True
        self.restart()
        self.note_towns_said()
        self.text = " ".join(w for w in norm.split() if w not in interrupts.NALOXONE_WORDS)
        if asked is None:  # "hes dopesick" is his withdrawal, no wish for treatment of one's own
            self.take_as_menu_answer()
        family = self.menu_option_number(FAMILY_FLOW)
        if self.st["flow"] == MENU_FLOW and family is not None:
            self.text = family  # told of someone else's overdose: a family member or friend
            self.answer()
        return True
