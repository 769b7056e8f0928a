"""What is said after a person's request was sent: more words become a note to the open request
(``note_request``), asking when they will be called is answered as things stand (late,
reached, closed unreached, cancelled), and "cancel your request?" is asked and answered.
"""

from __future__ import annotations

from flows.answer_words import for_whom, option_phrases
from flows.distress_told import tells_distress
from flows.engine_terms import FAMILY_FLOW, MENU_FLOW, SELF_FLOW
from flows.frustration import sounds_fed_up, sounds_upset
from flows.loss_told import tells_a_death_since_asking
from flows.loved_one import for_a_loved_one
from flows.menu_words import in_words
from flows.nods import acknowledges_only, closes_only, thanks_in
from flows.own_ask import asks_for_oneself
from flows.text import match_choice, normalise
from flows.town_moved import town_moved_to
from flows.when_called import asks_when_called, only_asks_when_called

# Answers to "cancel your request?", read from the first word ("yes cancel it", "no keep it").
# A yes to "cancel your request?" in so many words: never "ok" or "sure", which is how people
# answer "we're still trying to reach you", nor "ya" (Spanish "already").
_YES = frozenset({"yes", "y", "yeah", "yep", "yup", "cancel", "si"})
_NO = frozenset({"no", "n", "nope", "nah", "keep", "dont", "mantener", "mantenerla"})
# At the menu after a request, this many words that pick an option answer it ("my son").
_FEW_WORDS = 3


class AfterARequest:
    """What is said after a request: a part of ``flows.engine._Run``, which inherits it. It reads
    and sets the run's attributes ``ctx``, ``flows``, ``noted``, ``replies``, ``said``, ``st``,
    ``text`` (see ``_Run.__init__``) and calls these methods of the run and its other parts:
    ``condole``, ``current_state``, ``emit``, ``flow``, ``in_flow``, ``options_extra``,
    ``picks_an_option``, ``prompt_of``, ``render``, ``reset``, ``resolve``, ``say``, ``string``.
    """

    def more_after_a_request(self) -> bool:
        """More said after their request was sent ("also i moved, im in ware now", "text me
        dont call"): added to the request while it is open (``ctx.request_open``), for the
        team to read; never the menu as if nothing was said. Once it is closed, the person is
        told so and how to ask again, and what they say next is read as usual. A nod ("ok
        thanks") is acknowledged and keeps the request's place. Words go on as usual only
        when they plainly ask for new help (``asks_anew``): "i need help for my son" after
        their own request, "i need help for myself too" after a family one; an update that
        happens to hold a menu word ("hes in rehab now") is a note.

        An open request counts whatever the state says: a conversation idle past its expiry
        forgets its request (and its answers), while the call promised may be a day away."""
        requested = self.st.get("requested")
        if not requested and not self.ctx.request_open and not self.closed_unreached():
            return False
        if acknowledges_only(self.text):
            if not self.ctx.request_open:
                return False
            self.say(self.string("request_nod" if thanks_in(self.text) else "request_ok"))
            return True
        if self.ctx.request_open and sounds_fed_up(self.text):
            # "ur useless", "hello??": what became of it, never a note nor the menu
            if not self.answers_a_late_request() and not self.answers_a_reached_request():
                self.say(self.string("request_waiting"))
            return True
        if self.ctx.request_open and asks_when_called(self.text):
            # Past the deadline or once reached, the holder reads that the person is asking.
            news = not only_asks_when_called(self.text)
            if news or self.ctx.request_overdue or self.ctx.request_reached:
                self.note_to_request()
            if not self.answers_a_late_request() and not self.answers_a_reached_request():
                if news:
                    self.say(self.string("request_noted"))
                self.say(self.string("request_when"))
            return True
        if self.ctx.request_open and tells_a_death_since_asking(self.text):
            self.death_told_after_a_request()
            return True
        if (
            self.ctx.request_open
            and (tells_distress(self.text) or sounds_upset(self.text))  # "😭😭😭"
            and not self.asks_anew(requested)
        ):
            # "im not doing good": noted, and where to reach someone today, not only "noted"
            self.note_to_request()
            if self.ctx.request_overdue:
                self.say(self.request_string("request_distress_late"))
                self.emit("distress_overdue")
            else:
                self.say(self.request_string("request_distress"))
            return True
        if self.closed_unreached() and tells_distress(self.text) and not self.asks_anew(requested):
            self.texted_after_closed("closed_unreached_distress")
            return True
        if not in_words(self.text) and self.resolve(self.text).kind == "none":
            if not self.ctx.request_open:
                return False
            if not self.answers_a_late_request() and not self.answers_a_reached_request():
                self.say(self.string("request_waiting"))  # "hello?": the request, not the menu
            return True
        if self.asks_anew(requested):
            return False
        if self.ctx.request_open:
            self.note_to_request()
            self.say(self.string("request_noted"))
        elif self.closed_unreached():
            self.texted_after_closed("closed_unreached")
        else:
            self.st.pop("requested")
            self.say(self.string("request_closed"))
        return True

    def death_told_after_a_request(self) -> None:
        """ "my son died last night" after their request: the condolences and grief support a
        death told anywhere gets, and 988; the words go on the request, and the team is told
        (``death_told``) so nobody calls about getting him into treatment."""
        self.note_to_request()
        self.condole()
        self.say(self.string("request_loss_noted"))
        self.emit("death_told")

    def closed_unreached(self) -> bool:
        """No request of theirs is open, and one was closed lately with nobody reaching them."""
        return self.ctx.request_closed_unreached and not self.ctx.request_open

    def texted_after_closed(self, name: str) -> None:
        """What would have been added to their request, once it was closed unreachable: they
        can be reached now, so the team hears they texted (never their words, which nobody
        holding the case would read), and the person is told so and how to reach us now."""
        self.st.pop("requested", None)
        self.say(self.request_string(name))
        self.emit("after_closed")

    def request_string(self, name: str) -> str:
        """A text about their request, in its text-only version ("text 988", "reply here")
        when the request says calls do not work for them."""
        if self.ctx.request_text_only:
            return self.string(f"{name}_text_only")
        return self.string(name)

    def asks_after_a_withdrawn_request(self) -> bool:
        """Asked after their request ("did anyone get my message") once they cancelled it
        lately, none open (``ctx.request_withdrawn``): kindly, that they cancelled it and how
        to ask again, not the welcome menu as if they had never asked."""
        if self.ctx.request_open or not self.ctx.request_withdrawn:
            return False
        if not asks_when_called(self.text):
            return False
        self.st.pop("requested", None)
        self.say(self.string("withdrawn_asked"))
        return True

    def answers_a_late_request(self) -> bool:
        """Asked after a request whose first-contact deadline passed with nobody reaching them
        ("did anyone get my message", "its been 3 days", "hello??"): the promise was missed, so
        an apology and a number to call now, not the promise again; and the coordinators are
        told (``request_overdue``). False before the deadline."""
        if not self.ctx.request_overdue:
            return False
        self.say(self.request_string("request_late"))
        self.emit("request_overdue")
        return True

    def answers_a_reached_request(self) -> bool:
        """Asked after a request once someone reached them ("when will you call"): a promise
        to reach out would be untrue, so say they were reached and how to reach that person
        (a reply here goes to whoever holds the case). False before anyone reached them."""
        if not self.ctx.request_reached:
            return False
        self.say(self.request_string("request_reached"))
        return True

    def ended_in_this_conversation(self) -> bool:
        """A flow ended with no request sent (a naloxone search, "don't send it"), and the
        conversation has not expired since: its pins are kept until a reset."""
        return not self.in_flow() and not self.st.get("requested") and bool(self.st["pins"])

    def closes_after_an_end(self) -> bool:
        """ "thank u so much", "ok bet", "👍" after a finished search: a short welcome, not
        the whole menu with its STOP line again."""
        if not self.ended_in_this_conversation() or not closes_only(self.text):
            return False
        self.say(self.string("ended_nod"))
        return True

    def menu_without_the_welcome(self) -> None:
        """The menu again in a conversation that was welcomed: its options, not the welcome
        and STOP line said once already ("ok bet. what if the box is empty tho")."""
        state = self.current_state()
        if state is None or state.retry is None or not self.replies:
            return
        if self.replies[-1] == self.prompt_of(state):
            self.replies[-1] = self.render(state.retry, self.options_extra(state))

    def aside_at_the_menu(self) -> bool:
        """The menu was shown while their request is open (MENU, or said with an answer), and
        the text answers nothing of it ("my phone is dying, call my sisters phone instead"):
        the menu is left, and the text is read as more said after the request. A number, a
        word or a few that pick an option, or a plain ask for other help, answers the menu."""
        requested = self.st.get("requested")
        if self.st.get("flow") != MENU_FLOW or not requested or not self.ctx.request_open:
            return False
        if self.st["node"] != (self.flow().start or "") or not in_words(self.text):
            return False
        if self.asks_anew(requested):
            return False
        if len(normalise(self.text).split()) <= _FEW_WORDS and self.picks_an_option():
            return False
        self.reset()
        self.st["requested"] = requested
        return True

    def note_to_request(self) -> None:
        """Add the words as they came to the person's open request, for whoever holds it; a
        town they now are in ("i moved to ware") moves the request there too."""
        if not self.noted and self.said.strip():
            self.noted = True
            town = town_moved_to(self.ctx.places, self.text)
            moved = {"town": town} if town else {}
            self.emit("note_request", text=self.said.strip(), **moved)

    def after_a_request(self) -> bool:
        """No question waits, and a request of theirs was sent: the state says so, or the
        hotline found one open (the state may have expired since)."""
        return not self.in_flow() and (bool(self.st.get("requested")) or self.ctx.request_open)

    def asks_anew(self, requested: str | None) -> bool:
        """The text plainly asks for help the request is not about: for a loved one it names
        ("i need help for my son"), or for the texter ("i need help for myself too"). Words
        that only pick a menu option ("detox", "me", "mi") are no such ask; nor is asking
        again for what the open request is (a note to it)."""
        menu = self.flows.get(MENU_FLOW)
        start = menu.states.get(menu.start or "") if menu is not None else None
        if start is None or start.input != "choice":
            return False
        picked = for_whom(start, self.text, match_choice(self.text, option_phrases(start.options)))
        wanted = None
        if for_a_loved_one(self.text):
            wanted = FAMILY_FLOW
        elif asks_for_oneself(self.text):
            wanted = SELF_FLOW
        if picked is None or wanted is None or start.options[picked].goto != wanted:
            return False
        return not (self.ctx.request_open and wanted == requested)

    def ask_to_withdraw(self) -> None:
        """Their request is open and nobody has reached them: ask whether to cancel it (a
        "nvm" may mean only this chat), and wait for YES or NO."""
        self.reset()
        self.st["asked"] = "withdraw"
        self.say(self.string("withdraw_ask"))

    def answer_withdrawal(self) -> bool:
        """YES or NO to "cancel your request?"; False for anything else, which is read as
        usual and withdraws nothing. A YES once someone reached them withdraws nothing either:
        it says whom to call."""
        words = normalise(self.text).split()
        if not words or len(words) > 4:
            return False
        if words[0] in _NO:
            self.say(self.string("withdraw_kept"))
            return True
        if words[0] not in _YES or _NO & set(words):
            return False
        if self.ctx.open_request:
            self.emit("withdraw_request")
            self.say(self.string("withdrawn"))
        else:
            self.say(self.string("withdraw_late"))
        return True

    def withdraw_before_a_stop(self) -> None:
        """ "Yes, stop texting me" to "cancel your request?": the request is withdrawn, then the
        opt-out follows as for any stop. A stop alone ("STOP", "no stop") withdraws nothing."""
        words = normalise(self.text).split()
        if len(words) > 1 and words[0] in _YES and self.ctx.open_request:
            self.emit("withdraw_request")
