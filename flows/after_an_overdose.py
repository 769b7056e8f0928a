"""An overdose told as over ("my friend overdosed yesterday", "i overdosed last night"): the
days after one carry a high risk of another, and reaching the person then is what the program
is for. No emergency steps: the short post-overdose text, then family support or the
self-referral, the request told (without the person's words) that the overdose was recent.

Also what a family member or friend asks of it: giving the person this number ("yes, please
do"), and a loved one's number or consent given (never kept: the person may text us).
"""

from __future__ import annotations

from flows.emergency import spelled_right
from flows.engine_terms import FAMILY_FLOW, MENU_FLOW, SELF_FLOW, TOLD_VAR
from flows.interrupts import Detected
from flows.menu_words import in_words
from flows.naloxone_given import revived_before_today
from flows.past_overdose import (
    AGREED_TO_CONTACT,
    RECENT_OVERDOSE,
    asks_to_give_our_number,
    only_asks_to_send_someone,
    says_they_agreed,
    tells_of_a_past_overdose,
    tells_of_own_past_overdose,
    told_in_spanish,
)
from flows.text import normalise


class AfterAnOverdose:
    """A part of ``flows.engine._Run``, which inherits it. It reads and sets the run's
    attributes ``st``, ``text``, ``said`` and ``menu_answered_in_words``, and calls
    ``after_a_request``, ``answer_with``, ``current_prompt``, ``current_state``, ``in_flow``,
    ``keep_said``, ``note_towns_said``, ``restart``, ``say``, ``set_language``, ``string``,
    ``take_as_menu_answer`` and ``with_resume_note``."""

    def past_overdose_told(self, found: Detected | None) -> bool:
        """ "my friend overdosed yesterday, can you send someone to check on him": the
        post-overdose text, then the follow-up (family support, or the self-referral for their
        own). At a question the words answer it as usual and the request is told; a call for
        help beside it only asks that someone go and see them. False for anything else."""
        if found is not None and (found.kind != "urgent" or found.also_crisis):
            return False
        spelled = spelled_right(normalise(self.text))
        if not tells_of_a_past_overdose(spelled):
            return False
        if found is not None and not only_asks_to_send_someone(spelled):
            return False
        if self.in_flow() and self.st["flow"] != MENU_FLOW:
            self.note_told(RECENT_OVERDOSE)
            if found is None:
                return False
            self.say(self.with_resume_note(self.string("post_overdose")))
            return True
        if found is None and self.after_a_request():
            return False  # more said after a request: a note to it
        if told_in_spanish(spelled):
            self.set_language("es", announce=False)
        self.say(self.string("post_overdose"))
        self.follow_up_after_an_overdose(own=tells_of_own_past_overdose(spelled))
        return True

    def past_overdose_given_naloxone(self) -> bool:
        """Naloxone given on a day before today ("they brought him back with narcan
        yesterday"): over, so the post-overdose text rather than the aftercare for now."""
        spelled = spelled_right(normalise(self.text))
        return revived_before_today(spelled) or tells_of_a_past_overdose(spelled)

    def follow_up_after_an_overdose(self, own: bool) -> None:
        """The menu, answered by the text's words or else for whom the overdose was told (a
        loved one: family support; their own: the self-referral), the request told of it."""
        if asks_to_give_our_number(normalise(self.text)):
            self.say(self.string("give_our_number"))
        self.restart()
        self.note_towns_said()
        self.take_as_menu_answer()
        state = self.current_state()
        wanted = SELF_FLOW if own else FAMILY_FLOW
        picked = [o for o in state.options if o.goto == wanted] if state is not None else []
        if self.st["flow"] == MENU_FLOW and state is not None and picked:
            # The words still answer the questions they name ("i took too much last night,
            # need someone to talk to": a recovery coach), as words that answer the menu do.
            self.menu_answered_in_words = in_words(self.text)
            self.answer_with(state, picked[:1])
        self.note_told(RECENT_OVERDOSE)
        self.keep_said()

    def our_number_asked(self) -> bool:
        """ "can i give him this number", mid-conversation: yes, and the question waits. A
        first text gets the yes before the menu (False: the text goes on)."""
        if not asks_to_give_our_number(normalise(self.text)):
            return False
        self.say(self.string("give_our_number"))
        if not self.in_flow() or self.st["flow"] == MENU_FLOW:
            return False
        self.say(self.current_prompt())
        return True

    def loved_ones_number_given(self) -> None:
        """ "here is his number, call him today": the team reaches the family member, and the
        loved one only if they agree, so the number is neither used nor kept; the loved one
        can text us themselves. Said to have agreed, the request says so."""
        self.say(self.string("loved_one_number"))
        self.say(self.string("loved_one_can_text"))
        if says_they_agreed(normalise(self.text)):
            self.note_told(AGREED_TO_CONTACT)
        if self.in_flow():
            self.say(self.current_prompt())

    def consent_told(self) -> None:
        """ "he agreed to talk to you" at a family member's question: the request says so."""
        if self.st.get("flow") == FAMILY_FLOW and says_they_agreed(normalise(self.text)):
            self.note_told(AGREED_TO_CONTACT)

    def note_told(self, told: str) -> None:
        """Tell the request this conversation may send ``told`` (a fixed phrase for the team,
        never the person's words); only once a flow that sends one is under way."""
        if not self.in_flow() or self.st["flow"] == MENU_FLOW:
            return
        kept = self.st["vars"].setdefault(TOLD_VAR, [])
        if told not in kept:
            kept.append(told)
