"""Texts answered from any point before the conversation reads them: STOP and HELP, ALERTS, an
emergency or a crisis, who we are, police and the law, a pregnancy told, using alone, a
reaction or a photo with no words; then the question waits, or the menu follows.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import Any

from flows import interrupts
from flows.about_us import names_police
from flows.engine_terms import (
    AFTER_STEPS_WINDOW,
    FAMILY_FLOW,
    IN_THE_WORDS_LANGUAGE,
    MAX_SAID,
    MENU_FLOW,
    NALOXONE_FLOW,
    SAFETY,
    SAID,
)
from flows.frustration import sounds_fed_up
from flows.interrupts import Detected
from flows.reply_shape import without_repeated_opening
from flows.text import normalise, reads_english

# "i want to talk to someone", "can i talk to a real person": a wish to talk, not a question
# about us ("is there a human") nor anger at the bot.
# A question about what they told ("is that bad", "is it safe", "should i worry"): asked
# for an answer, not for help of some kind.
_ASKS_IF_ITS_OK = re.compile(
    r"\b(?:is|isnt|es) (?:that|it|this|eso) (?:bad|ok|okay|safe|dangerous|risky|normal|"
    r"a problem|a big deal|malo|peligroso)\b|\bshould i (?:worry|be worried)\b"
)
_TALK_TO = re.compile(r"\b(?:talk|speak|hablar)(?: to| with| con)\b")


class InterruptAnswers:
    """Texts answered from any point: a part of ``flows.engine._Run``, which inherits it. It reads
    and sets the run's attributes ``ctx``, ``effects``, ``fresh``, ``replies``, ``said``, ``st``,
    ``text`` (see ``_Run.__init__``) and calls these methods of the run and its other parts:
    ``accepts_as_answer``, ``after_a_request``, ``answer_fact``, ``ask_to_withdraw``,
    ``current_prompt``,
    ``current_state``, ``emit``, ``expire_if_idle``, ``go_back``, ``in_flow``, ``keep_text``,
    ``naloxone_request``, ``not_by_text_option``, ``note_to_request``, ``overdose_steps_asked``,
    ``reset``, ``restart``, ``say``, ``set_language``, ``string``, ``takes_place``.
    """

    def reacted(self) -> None:
        """A reaction to an earlier text answers nothing: asked a question, the person is
        told we still wait for its answer; otherwise nothing is said."""
        if self.ctx.opted_out:
            return
        self.expire_if_idle()
        state = self.current_state()
        if self.in_flow() and state is not None and state.input != "none":
            self.say(self.string("resume"))

    def media_only(self) -> None:
        """A photo or other file with no words answers nothing: say we read only words, then
        what we wait for (the question, or the menu outside a conversation). Soon after the
        emergency steps it is likely of the person overdosing: a short reminder of 911, naloxone
        and staying with them, and no menu."""
        if self.soon_after("steps_at", AFTER_STEPS_WINDOW):
            reminder = self.string("media_after_steps")
            self.say(self.with_resume_note(reminder) if self.in_flow() else reminder)
            return
        note = self.string("media_only")
        if self.in_flow():
            self.say(f"{note}\n{self.current_prompt() or self.string('resume')}")
            return
        first = len(self.replies)
        self.restart()
        if len(self.replies) > first:
            self.replies[first] = f"{note}\n{self.replies[first]}"
        else:
            self.say(note)

    def note_media_with_words(self) -> None:
        """A photo or other file came with words: the words were answered; say once in a
        conversation that the file goes unseen, so nobody waits for us to look at it."""
        if not (self.ctx.media and self.said.strip() and self.replies) or self.ctx.opted_out:
            return
        if self.st.get("media_told"):
            return
        self.st["media_told"] = True
        self.say(self.string("media_with_words"))

    def interrupt(self, found: Detected) -> bool:
        """Handle a keyword or interrupt; False lets the conversation have the text."""
        kind = found.kind
        if found.unless_an_answer and self.in_flow():
            index = self.not_by_text_option()
            if index is not None:  # "don't text me" to "How should we reach you?": call
                self.text = str(index + 1)
                return False
        if kind == "help" and found.language and not self.in_flow():
            # AYUDA before any conversation: the menu, in Spanish, shows what we can do.
            self.set_language(found.language, announce=False)
            return False
        if (
            kind in SAFETY
            and found.language == "en"
            and self.st["language"] == "es"
            and not reads_english(normalise(self.text))
        ):
            found = dataclasses.replace(found, language="es")
        if found.language and kind in IN_THE_WORDS_LANGUAGE:
            # Answer in the language of the words; remember it only for a first text.
            if self.fresh:
                self.set_language(found.language, announce=False)
            else:
                self.st["language"], kept = found.language, self.st["language"]
                try:
                    handled = self.interrupt(dataclasses.replace(found, language=None))
                finally:
                    self.st["language"] = kept
                return handled
        elif found.language and not self.in_flow():
            self.set_language(found.language, announce=False)
        if kind == "opt_out" and found.wrong_number and self.ctx.texted_first:
            # "wrong number, stop" to a referral's number: stopped, and the team told.
            self.emit("wrong_number")
            self.reset()
            self.say(self.string("wrong_number_referred"))
        elif kind == "opt_out":
            self.emit("opt_out")
            self.reset()
            self.say(self.opted_out_text())
        elif kind == "help":
            self.emit("log_event", event="help")
            self.say(self.with_resume_note(self.string("help")))
        elif kind in ("alerts_on", "alerts_off"):
            # Kept by the web layer (``hotline.effects``): county-wide, in the language of the
            # words ("ALERTAS") or else the conversation's, the only thing kept besides the
            # number.
            if kind == "alerts_on":
                self.emit("subscribe_alerts", language=self.st["language"])
            else:
                self.emit("unsubscribe_alerts")
            self.say(self.with_resume_note(self.string(kind)))
        elif kind == "how_to_stop":  # one line; the question waits, a request keeps its place
            line = self.string("how_to_stop")
            self.say(self.with_resume_note(line) if self.in_flow() else line)
        elif kind in ("emergency", "crisis"):
            events = self.log_urgent(found)
            names = [f"emergency_{i}" for i in (1, 2, 3)] if kind == "emergency" else []
            if kind == "emergency" and found.about_self:  # alone: no steps to wake someone else
                names = ["emergency_self", "emergency_2"]
            elif kind == "emergency":
                self.st["steps_at"] = self.ctx.now.isoformat()
                if found.sleep_it_off:  # "can he just sleep it off": answered after 911
                    names.insert(1, "sleep_it_off")
            if "crisis" in events:
                names.append("crisis")
                self.st["crisis_at"] = self.ctx.now.isoformat()
                if self.ctx.request_open:  # the team is told, not only the holder (a note)
                    self.emit("crisis_told")
            self.keep_said(events)
            for name in names[:-1]:
                self.say(self.string(name))
            self.say(self.with_resume_note(self.string(names[-1])))
        elif kind == "urgent":
            # The first steps, said as "if someone may be overdosing" (flows.urgency). A text
            # that also answers the question ("I need help now" to the menu) still answers it,
            # and a first text gets the menu; anything else waits, as after an emergency.
            self.log_urgent(found)
            steps = self.string("urgent_self" if found.about_self else "emergency_1")
            if not found.about_self:
                self.st["steps_at"] = self.ctx.now.isoformat()
            asked = interrupts.naloxone_ask(found.place_text)
            if asked is not None:  # "SOS narcan amherst": the steps, then the sites
                self.say(steps)
                return self.naloxone_request(asked) or self.keep_text(found.place_text)
            if self.takes_place(found.place_text):  # "help now im in northampton"
                self.say(steps)
                return self.keep_text(found.place_text)
            if self.in_flow() and not self.accepts_as_answer():
                self.say(self.with_resume_note(steps))
                return True
            self.say(steps)
            return False
        elif kind == "menu":
            self.restart()
        elif kind == "never_mind":
            # Not an opt-out: the conversation is dropped, and MENU starts again. A question
            # that takes these words as one of its answers ("never mind" = don't send) has them.
            if self.in_flow() and self.accepts_as_answer():
                return False
            if self.ctx.open_request and not self.in_flow():  # just after their request
                self.ask_to_withdraw()
                return True
            self.reset()
            self.say(self.string("stopped"))
        elif kind == "wrong_number":
            self.reset()
            if self.ctx.texted_first:  # a referral's number is wrong: stop, and tell the team
                self.emit("wrong_number")
                self.say(self.string("wrong_number_referred"))
            else:
                self.say(self.string("wrong_number"))
        elif kind == "back":
            self.go_back()
        elif kind in ("who", "privacy", "person"):
            return self.about_us(found)
        elif kind == "steps_asked":
            self.overdose_steps_asked()
        elif kind in ("using_alone", "after_a_break"):
            return self.said_at_once(kind)
        elif kind == "wound":
            return self.said_at_once("wound_care")
        elif kind == "fact":
            self.answer_fact(found.fact or "")
        elif kind == "pregnant":
            self.pregnancy_told(found)
        elif kind == "language":
            self.set_language(found.language or "en")
            if self.in_flow():
                self.say(self.current_prompt())
            else:
                self.restart()
        elif kind == "naloxone":
            return self.naloxone_request(found)
        return True

    def opted_out_text(self) -> str:
        """The opt-out confirmation; while a request of theirs stays open (this text did not
        withdraw it), it says so and how to cancel it, or, when calls do not work for them,
        that nobody can reach them until they text START."""
        withdrawn = any(effect.kind == "withdraw_request" for effect in self.effects)
        if not self.ctx.request_open or withdrawn:
            return self.string("opted_out")
        if self.ctx.request_text_only:  # calls do not work for them: nobody may call
            return self.string("opted_out_request_open_text_only")
        return self.string("opted_out_request_open")

    def tell_the_holder(self, found: Detected) -> None:
        """A crisis, an overdose or a call for help at once, said while their request is open:
        answered as anywhere, and added to the request too, as whoever holds it is about to
        reach this person. Nothing else an interrupt answers (STOP, MENU, HELP) is a note."""
        if self.ctx.request_open and found.kind in SAFETY:
            self.note_to_request()

    def about_us(self, found: Detected) -> bool:
        """A question about us, police or the law, or a wish for a person, answered; False
        lets the conversation have the text.

        "who is this": a first text gets the menu, which says who we are; asked
        mid-conversation, the HELP text, and the question still waits. "Is this the cops",
        "is this confidential", "will i get arrested", "cops scare me" and "can i talk to a
        person" are answered first (about arrest or calling 911, the Good Samaritan law too):
        then the menu, or the question. Wanting someone to talk to may be the answer itself
        ("talk with a coach"), and so may fear of the police (peers only, at the team question).
        At the naloxone finder's town question, someone to talk to wanted ("i want to talk to
        someone") leaves the search: the menu follows. "is there a human", or anger at the bot,
        is answered and the question waits, as everywhere."""
        wish = found.kind == "person" and not found.about_a_bot
        if (wish or found.about_fear) and self.in_flow() and self.accepts_as_answer():
            return False  # "cops scare me" answers the team question: peers only
        if (
            wish
            and _TALK_TO.search(normalise(self.text)) is not None
            and self.st["flow"] == NALOXONE_FLOW
            and not self.st.get("resume")
        ):
            self.reset()  # someone to talk to, not naloxone: answered, then the menu
        if found.kind == "who":
            names = ["not_police" if found.about_police else "help"]
        else:
            names = ["automated" if found.kind == "person" else "confidential"]
        if found.about_911:  # call first: who joins our team is no answer about 911
            names = ["calling_911_if" if found.overdose_if else "calling_911"]
        if found.about_the_town:
            names = ["why_town"]
        if found.about_records:
            names = ["our_records"]
        if found.about_dcf:
            names = ["not_dcf", *(["our_records"] if found.about_records else [])]
        if found.about_probation:
            names = ["probation"]
        if found.about_fear and self.after_a_request():
            self.fear_after_a_request()
            return True
        if (
            names == ["confidential"]
            and names_police(normalise(self.text))
            and self.after_a_request()
            and self.where_they_stand()
        ):
            return True  # "is a cop gonna call me": whether one may, as they chose
        if found.after_other_words and not self.in_flow():
            return False  # "text me dont call, will this go on my record": as before
        if found.about_the_law:
            names.append("emergency_2")
        if found.about_immigration:  # never the Good Samaritan law: it is about drug charges
            names = ["immigration"]
        if found.about_consent:
            if not self.about_a_loved_one():
                return False
            consent = "loved_one_consent_text" if self.texted_not_called() else "loved_one_consent"
            if self.in_flow():  # "can you call my son": answered, then the question again
                self.say(self.string(consent))
                self.say(self.current_prompt())
                return True
            names = [consent]
        if not self.in_flow():
            if found.kind == "person" and self.ctx.request_open and sounds_fed_up(self.text):
                return self.more_after_a_request()  # "ur useless": what became of their request
            if self.after_a_request():  # answered, and the request keeps its place
                for name in names:
                    self.say(self.string(name))
                return True
            if found.kind == "who" and not found.about_police:
                return False
            for name in names:
                self.say(self.string(name))
            if found.kind == "who":
                return False
            self.restart()
            return True
        for name in names[:-1]:
            self.say(self.string(name))
        self.say(self.with_resume_note(self.string(names[-1])))
        return True

    def fear_after_a_request(self) -> None:
        """ "wait is a cop gonna call me? cops scare me" after their request: the worry is
        answered with where they stand (an officer may reach out as they said, or none will)
        and, while the request is open, its words go to the team, who may be about to send an
        officer: with police OK, as fear of police (``police_fear_told``), so no officer acts
        before reading it. The team answer stays as chosen: fear is no refusal."""
        if not self.where_they_stand():
            self.say(self.string("confidential"))
        if self.ctx.request_open:
            self.note_to_request()
            if self.police_may_reach_them():
                self.emit("police_fear_told")
            self.say(self.string("request_noted"))

    def where_they_stand(self) -> bool:
        """Say plainly whether police may reach them, as their open request and any refusal
        say: "Police join your team only if you say so" never told someone who had said so.
        False when no request of theirs is open (the general answer stands)."""
        if not self.ctx.request_open and not self.refused and not self.ctx.refuses_police:
            return False
        police = "police_may_reach_out" if self.police_may_reach_them() else "no_police_will"
        self.say(self.string(police))
        return True

    def police_may_reach_them(self) -> bool:
        """An open request of theirs lets an officer reach them, and they never refused police."""
        refused = self.refused or self.ctx.refuses_police
        return self.ctx.request_open and self.ctx.request_police_ok and not refused

    def texted_not_called(self) -> bool:
        """The family member asked to be texted, in this conversation or in the request sent."""
        if self.in_flow():
            chosen = self.st["vars"]
            return "text" in (chosen.get("wants_call"), chosen.get("best_time"))
        return self.st.get("reach_by") == "text"

    def keep_said(self, flags: Sequence[str] = ()) -> None:
        """Keep the words as they came for the request this conversation may send, with what
        they told (a crisis, an emergency), so the team reads them; once a text."""
        if not self.in_flow() or self.st["flow"] == MENU_FLOW or not self.said.strip():
            return
        kept = self.st["vars"].setdefault(SAID, [])
        said: dict[str, Any] = {"text": self.said.strip()[:MAX_SAID]}
        if flags:
            said["flags"] = list(flags)
        if not any(k.get("text") == said["text"] for k in kept if isinstance(k, dict)):
            kept.append(said)

    def about_a_loved_one(self) -> bool:
        """The conversation is a family member's: asking for support, or after their request."""
        return FAMILY_FLOW in (self.st.get("flow"), self.st.get("requested"))

    def said_at_once(self, name: str) -> bool:
        """ "im gonna use alone tonight" (Never Use Alone and naloxone), "just got released,
        gonna use" (``after_a_break``: lower tolerance too), "my tranq wound is getting black"
        (wound care): the text ``name`` at once (information, no emergency counted). A first
        text then gets the menu, or what its words pick ("using by myself" is a self-referral);
        mid-conversation the text answers the question if it picks an option, else the question
        waits, or keeps the words for the answer that picks ("tranq wounds" to what would
        help). False lets the conversation have the text."""
        text = self.string(name)
        if not self.in_flow() and _ASKS_IF_ITS_OK.search(normalise(self.said)):
            # "i use alone alot is that bad": a question, answered, then the menu; no more
            self.say(text)
            self.restart()
            return True
        state = self.current_state()
        keeps_words = self.in_flow() and state is not None and state.keep_words
        if self.in_flow() and not self.accepts_as_answer() and not keeps_words:
            self.say(self.with_resume_note(text))
            return True
        self.say(text)
        return False

    def pregnancy_texts(self, found: Detected) -> list[str]:
        """The answers to "im pregnant and using": about DCF first when the text asks it, the
        welcome and medication in pregnancy, then Never Use Alone when they use alone."""
        names = ["not_dcf"] if found.about_dcf else []
        names.append("pregnant_using")
        texts = [self.string(name) for name in names]
        if found.using_alone:
            texts.append(without_repeated_opening(texts[-1], self.string("using_alone")))
        return texts

    def pregnancy_told(self, found: Detected) -> None:
        """ "im pregnant and using": its answers (``pregnancy_texts``, information, no
        emergency counted). Then the menu, or the question waits; after a request, the request
        keeps its place."""
        *before, text = self.pregnancy_texts(found)
        for said in before:
            self.say(said)
        if self.in_flow() or self.after_a_request():
            self.say(self.with_resume_note(text) if self.in_flow() else text)
            return
        self.say(text)
        self.restart()

    def log_urgent(self, found: Detected) -> list[str]:
        """Count an emergency and/or a crisis, or a call for help at once; the events logged,
        in order."""
        events = [found.kind]
        if found.kind == "emergency" and found.also_crisis:
            events.append("crisis")
        for event in events:
            self.emit("log_event", event=event)
        return events

    def with_resume_note(self, text: str) -> str:
        note = self.string("resume" if self.in_flow() else "after_interrupt")
        return f"{text}\n{note}"
