"""The conversation engine: flows + state + one inbound text + context in, an ``Outcome`` out.

Pure: no clock (time is ``ctx.now``), no I/O. The state is plain JSON::

    {
      "v": 1,
      "language": "en" | "es",            # as they write: a first text, a menu answer or a
                                          # question mid-conversation turns it, as asking
                                          # for a language does
      "flow": "self_referral" | None,     # None: no conversation under way
      "node": "town" | None,              # the state waiting for an answer
      "vars": {"needs": ["coach"], "town": "Amherst", ...},   # saved answers (raw values)
                                          # (a multi question that keeps words saves them
                                          # beside: "needs_words": "1 and i have tranq wounds")
      "labels": {"needs": {"en": "...", "es": "..."}},        # how choice answers read
      "pins": {"menu": 3, "self_referral": 7},               # flow versions in use
      "pending": {"towns": ["Amherst", "Pelham"]} | None,     # a ZIP that needs a town pick
      "towns_said": {"Amherst": true},    # county towns named in this conversation's texts,
                                          # true where said as where they are ("in Amherst")
      "text_only": true,                  # (once said, until the contact question) calls do
                                          # not work for them ("im deaf", "cant take calls")
      "return_to": "confirm" | None,      # after the next answer, go back here ("change")
      "back": [{"node": "town", "return_to": None}],  # questions answered in this flow, for
                                          # "go back" (a question answered for them is not)
      "resume": {...} | None,             # position to go back to after a naloxone detour
      "talk_next": {"flow": "self_referral", "answers": {"needs": ["coach", "naloxone"]}},
                                          # (during a naloxone search) the request for someone
                                          # to talk to asked for with it, started after it
      "asked": "withdraw",                # (only while asked) YES withdraws their request
      "loss_told": true,                  # (once told) a death, and condolences said
      "reach_by": "text",                 # (with "requested") how the request asked to be reached
      "requested": "self_referral",       # (after a request is sent, until expiry or the
                                          # menu is answered) the flow that sent it: more
                                          # said is added to the request while it is open
      "steps_at": "2026-11-24T08:55:00-05:00",  # when emergency steps for a bystander were
                                          # last sent ("ok hes breathing now" soon after)
      "aftercare_at": "2026-11-24T09:01:00-05:00",  # when the aftercare was last sent
                                          # ("can he sleep it off" soon after)
      "no_naloxone_at": "2026-11-24T08:57:00-05:00",  # "i dont have narcan" answered
      "naloxone_given_at": "2026-11-24T08:58:00-05:00",  # naloxone told as given, the
                                          # overdose still on ("he wont wake up" next: a 2nd dose)
      "crisis_at": "2026-11-24T08:55:00-05:00",  # when the crisis text was last sent
                                          # ("nothing matters" soon after is 988 again)
      "fact_told": "never_use_alone",     # the fact last told (``flows.facts_told``), and
      "fact_told_at": "2026-11-24T08:55:00-05:00",  # when: "do they call cops" soon after is
                                          # about it
      "said_first": "my son wont go",     # (while the menu waits) a first text that picked
                                          # none of it, read by the picked flow's questions
      "for_whom_asked": true,             # (while the menu waits) "1" after said_first was
                                          # about someone else: asked whom it is for, once
      "media_told": true,                 # (once said) photos sent with words go unseen
      "searched": {"at": "...", "supply": "test_strips"},  # (one text only) sites were
                                          # sent and the conversation ended: a town next
                                          # searches again (``flows.search_again``)
      "unsent": {"at": "...", "flow": "self_referral", "node": "confirm", "vars": {...},
                 "labels": {...}, "back": [...]},  # (after "Don't send it" at a summary,
                                          # until any text but a nod, at most 30 minutes)
                                          # the answers, for "actually send it"
      "menu_echo": 1,                     # (one text only) the menu option the words picked
      "retries": 0,                       # unrecognised answers in a row
      "updated_at": "2026-11-24T09:00:00-05:00",
    }

Precedence of a text: a phone's reaction to an earlier text ("Liked “…”", ``flows.reactions``)
is no answer and nothing else either → opted out (only START words count, and an emergency or
crisis is only counted) → STOP / HELP → emergency (with the
crisis text too when the words speak of suicide or self-harm) → crisis → a refusal of police
(``flows.police``) → MENU (or "start over"), a question about who we are, police or the law, or
a wish for a person (``flows.about_us``),
language words, naloxone requests, using alone (``flows.using_alone``) or after time away
(``flows.after_a_break``) → media with no words
(``ctx.media``: a photo, a contact card) → the conversation. A menu answer written
in Spanish turns the conversation to Spanish (``flows.menu_language``), and a question or
request written clearly in the other language, at any point, turns it to that language
(``flows.written_language``). A refusal of
police is always acted on (the ``refuse_police`` effect, and the saved team answer), whatever
comes first and even from a number that opted out; it is answered when nothing before it was.

This module keeps the state, the order of precedence (``_Run.go``) and the conversation (asking
and answering questions, moving through flows, filling texts in). What is said in particular
cases is in the parts ``_Run`` inherits, one module each:

- ``flows.interrupt_answers``: texts answered from any point (STOP, HELP, an emergency, who we
  are, a pregnancy told, a reaction, a photo);
- ``flows.no_police``: a refusal of police, acted on from any point;
- ``flows.after_the_steps``: texts soon after the emergency steps, and an overdose told as over;
- ``flows.after_an_overdose``: an overdose told on a day before today, and giving the person
  this number;
- ``flows.condolences``: a death told, condolences once;
- ``flows.naloxone_search``: naloxone asked for, and the finder's town question;
- ``flows.after_a_request``: what is said after a request was sent, and cancelling it;
- ``flows.said_before``: questions answered from words said before them;
- ``flows.facts_told``: questions about Never Use Alone, the Good Samaritan law or checking
  pills, and the question that follows such an answer;
- ``flows.corrections``: going back, and answers or summaries corrected.

The names they share are in ``flows.engine_terms``; pure readings of an answer's words in
``flows.answer_words`` and ``flows.nods``, and the shaping of replies in ``flows.reply_shape``.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from flows import interrupts
from flows.after_a_crisis import still_in_crisis
from flows.after_a_request import AfterARequest
from flows.after_an_overdose import AfterAnOverdose
from flows.after_the_steps import AfterTheSteps
from flows.answer_words import (
    about_someone_elses_contact,
    beside_calls_words,
    cut_to,
    for_whom,
    holds,
    no_answer_in_own_words,
    option_phrases,
    says_more,
    says_much_more,
)
from flows.calls_not_possible import says_calls_dont_work
from flows.condolences import Condolences
from flows.corrections import Corrections
from flows.despair_after_a_loss import despairs_after_a_loss
from flows.due_said import due_said, window_said
from flows.emergency import spelled_right, wants_to_join
from flows.engine_terms import (
    AFTER_CRISIS_WINDOW,
    BEFORE_A_REFUSAL,
    CONTACT_VAR,
    FAMILY_FLOW,
    GRIEF,
    IN_THE_WORDS_LANGUAGE,
    KEPT_NAME,
    MAX_OWN_WORDS,
    MAX_SAID,
    MENU_FLOW,
    NALOXONE_FLOW,
    NALOXONE_NEED,
    NAME_VAR,
    POLICE_VAR,
    RETRIES_BEFORE_HINT,
    SAFETY,
    SAID,
    SELF_FLOW,
    SHOWN_WORDS,
    SKIP_WORDS,
    SYSTEM_FLOW,
    TEXT,
    TEXT_ONLY,
    TOLD_VAR,
    WITHDRAW_ANSWER_WINDOW,
    in_language,
    parse_time,
)
from flows.facts_told import FactsTold
from flows.family_words import gives_a_loved_ones_number
from flows.frustration import upset_line
from flows.interrupt_answers import InterruptAnswers
from flows.interrupts import DEFAULT_STRINGS, SYSTEM_ONLY_STRINGS, Detected
from flows.loss_told import misses_someone, tells_a_death
from flows.menu_language import written_in_spanish
from flows.menu_words import in_words
from flows.naloxone_search import NaloxoneSearch
from flows.name_said import (
    asks_why_a_name,
    name_alone,
    name_in_answer,
    name_told,
    without_pictures,
)
from flows.no_police import NoPolice
from flows.nods import (
    acknowledges_only,
    closes_or_asks,
    nods_only,
    number_with_a_nod,
    starts_with_a_number,
)
from flows.opting_out import asks_not_to_be_texted
from flows.own_words import said_beside
from flows.places import Directory
from flows.police import refuses_police
from flows.police_asked_aside import asks_if_police_aside, where_they_stand_now
from flows.reactions import is_reaction
from flows.reply_shape import without_blank_lines
from flows.said_before import SaidBefore
from flows.script import Flow, Option, State, Text
from flows.site_list import supply_name
from flows.steps_follow_up import follow_up_after_steps
from flows.text import (
    TEMPLATE_VAR,
    as_number,
    declines_to_say,
    looks_spanish,
    match_choice,
    match_many,
    normalise,
    refuses_a_choice,
    visible,
)
from flows.time_said import only_a_time, time_beside, time_told
from flows.types import Context, Effect, EngineSettings, Outcome
from flows.urgency import came_round_after_help, naloxone_worked
from flows.worries_answered import WorriesAnswered
from flows.written_language import ASKED_KINDS, language_written

__all__ = [
    "FAMILY_FLOW",
    "MENU_FLOW",
    "NALOXONE_FLOW",
    "POLICE_VAR",
    "SELF_FLOW",
    "SYSTEM_FLOW",
    "first_text_asks_for",
    "new_state",
    "pinned_versions",
    "step",
    "system_text",
    "waits_for_an_answer",
]

STATE_VERSION = 1


# Kept when a conversation is dropped: when the emergency steps, the aftercare, the crisis
# text or a fact (``flows.facts_told``) were last told, which the next texts may be about; an
# emergency or a crisis told goes on without the conversation.
_KEPT_ON_RESET = (
    "steps_at", "aftercare_at", "no_naloxone_at", "naloxone_given_at", "crisis_at",
    "fact_told", "fact_told_at",
)  # fmt: skip
# What "narcan worked" reads as on its own: an overdose, a call for help, or naloxone asked.
_NALOXONE_TOLD = frozenset({"emergency", "urgent", "naloxone"})


class _Halt(Exception):
    """A script problem found while stepping (missing state, a loop): answer kindly, reset."""

    def __init__(self, event: str) -> None:
        super().__init__(event)
        self.event = event


def pinned_versions(state: Mapping[str, Any] | None) -> dict[str, int]:
    """The flow versions this conversation is pinned to (flow id -> version)."""
    pins = (state or {}).get("pins") or {}
    if not isinstance(pins, Mapping):
        return {}
    return {str(k): v for k, v in pins.items() if isinstance(v, int) and not isinstance(v, bool)}


def new_state(language: str = "en") -> dict[str, Any]:
    """A state with no conversation under way."""
    return {
        "v": STATE_VERSION,
        "language": language,
        "flow": None,
        "node": None,
        "vars": {},
        "labels": {},
        "pins": {},
        "pending": None,
        "towns_said": {},
        "return_to": None,
        "back": [],
        "resume": None,
        "retries": 0,
        "updated_at": None,
    }


def step(
    flows: Mapping[str, Flow], state: Mapping[str, Any] | None, text: str, ctx: Context
) -> Outcome:
    """Answer one inbound text. Never raises: a failure becomes a kind error reply.

    ``flows``: the versions this conversation is pinned to (published where not pinned); a
    conversation that starts over runs on ``ctx.published`` when given.
    """
    run = _Run(flows, state, text if isinstance(text, str) else "", ctx)
    try:
        run.go()
        run.note_the_search()
        run.note_media_with_words()
        run.note_facts_told()
    except _Halt as halt:
        run.fail(halt.event)
    except Exception as exc:  # a texter must always get an answer, whatever went wrong
        run.fail("engine_error", type(exc).__name__)
    run.st["updated_at"] = ctx.now.isoformat()
    return Outcome(state=run.st, replies=tuple(run.replies), effects=tuple(run.effects))


def system_text(
    flows: Mapping[str, Flow], name: str, language: str, settings: EngineSettings, now: datetime
) -> str:
    """A text of the system flow (or its default) in ``language``, filled in outside any
    conversation: for a text the hotline sends a person first, not as an answer."""
    run = _Run(
        flows, new_state(language), "", Context(now=now, places=Directory(), settings=settings)
    )
    return run.render(run.pick_string(name))


def waits_for_an_answer(state: Mapping[str, Any] | None, now: datetime, expiry_hours: int) -> bool:
    """A conversation is under way: a question waits for the person's answer, and the
    conversation has not been idle past ``expiry_hours`` (the next text would start over)."""
    if not isinstance(state, Mapping) or not (state.get("flow") and state.get("node")):
        return False
    last = parse_time(state.get("updated_at"))
    return last is not None and now - last <= timedelta(hours=expiry_hours)


def first_text_asks_for(flows: Mapping[str, Flow], text: str) -> str | None:
    """The flow a first text in words would start as the menu's answer ("I relapsed" a
    self-referral, "my son overdosed last night" family support), or None when its words name
    no option: a number, a lone word, or words of none."""
    menu = flows.get(MENU_FLOW)
    state = menu.states.get(menu.start or "") if menu is not None else None
    if state is None or state.input != "choice" or not in_words(text):
        return None
    index = for_whom(state, text, match_choice(text, option_phrases(state.options)))
    if index is None or state.options[index].switch_language:
        return None
    return state.options[index].goto


class _Run(
    AfterARequest,
    AfterAnOverdose,
    AfterTheSteps,
    Condolences,
    WorriesAnswered,
    NoPolice,
    NaloxoneSearch,
    SaidBefore,
    Corrections,
    FactsTold,
    InterruptAnswers,
):
    """One step's working memory: the attributes set here, and the order of precedence, the
    conversation and the small helpers below. What is said in particular cases lives in the
    parts it inherits, one module each (see the module docstring)."""

    def __init__(
        self, flows: Mapping[str, Flow], state: Mapping[str, Any] | None, text: str, ctx: Context
    ) -> None:
        self.flows = flows
        self.ctx = ctx
        self.text = text
        self.said = text  # the words as they came, whatever is read from them
        self.replies: list[str] = []
        self.effects: list[Effect] = []
        self.steps = 0
        self.refused = False  # this text refused police
        # The menu was answered in words ("my son died"): later questions may be answered too.
        self.menu_answered_in_words = False
        # A first text told a death: the welcome is said after the condolences.
        self.welcome_after_condolences = False
        # The conversation expired with its request written but never sent: said on restart.
        self.expired_unsent = False
        # This text was added to their open request (``note_request``): once a step.
        self.noted = False
        # Answers a naloxone search's words gave the request started after it (``talk_next``).
        self.told: dict[str, list[Any]] = {}
        # The naloxone sites were said before the request that followed them.
        self.sites_said = False
        # This text searched for sites: what was searched (the supply), for a correction next.
        self.searched_now: dict[str, Any] | None = None
        # A first text the menu waited after, for the questions of the flow it picks.
        self.said_first: str | None = None
        # The worry lines said in this step ("not_your_fault"): each once.
        self.worries_said: set[str] = set()
        # A time said beside another answer ("yes, 9 to 5 weekdays"): the best time asked next.
        self.time_said: str | None = None
        # The named texts rendered in this step, in order: which facts the replies told.
        self.strings_said: list[tuple[str, str]] = []
        self.st = _load_state(state)
        # The language the waiting question was put in: "Español" picked turns away from it.
        self.asked_in = self.st["language"]
        # A first text: nothing stored yet, or a blank state never stepped.
        self.fresh = not isinstance(state, Mapping) or not state.get("updated_at")

    # ----- the order of precedence -------------------------------------------------------

    def go(self) -> None:
        if is_reaction(self.text):
            self.reacted()
            return
        refusal = refuses_police(self.text)
        if refusal is not None:
            self.note_refusal()
        if self.ctx.opted_out:
            if interrupts.is_opt_in(self.text):
                self.emit("opt_in")
                self.reset()
                self.say(self.string("opted_in"))
                return
            # Never a word to a number that opted out; an overdose or a crisis still counts in
            # the program's (de-identified) figures.
            found = interrupts.detect(self.text)
            if found is not None and found.kind in SAFETY:
                self.log_urgent(found)
            return
        asked_at = parse_time(self.st.get("updated_at"))
        self.expire_if_idle()
        echo = self.st.pop("menu_echo", None)
        searched = self.st.pop("searched", None)
        unsent = self.st.pop("unsent", None)
        detected = interrupts.detect(self.text)
        if (detected is None or detected.kind == "naloxone") and self.objects():
            detected = None  # "handing out narcan just enables them": no search for naloxone
        if detected is None and self.st.get("loss_told"):
            # "I want to be with him", "whats the point anymore", once a death was told: wanting
            # to join the one who died, or despair, at higher risk after a loss.
            spelled = spelled_right(normalise(self.text))
            joins = wants_to_join(spelled) or despairs_after_a_loss(spelled)
            detected = Detected("crisis", joins) if joins is not None else None
        if detected is None and self.soon_after("crisis_at", AFTER_CRISIS_WINDOW):
            # "i have a bunch of pills saved up", soon after a crisis: the crisis goes on.
            again = still_in_crisis(spelled_right(normalise(self.text)))
            detected = Detected("crisis", again) if again is not None else None
        asks_for_language = detected is not None and detected.kind == "language"
        if (
            not self.in_flow()
            and looks_spanish(self.text)
            and not asks_for_language
            and not (self.after_a_request() and acknowledges_only(self.text))  # "gracias"
        ):
            self.set_language("es", announce=False)
        if self.menu_answered_in_spanish(detected):
            self.set_language("es")
        asked_in = self.asked_in_another_language(detected)
        if asked_in is not None:
            self.set_language(asked_in)
        asked = self.st.pop("asked", None)
        if asked == "withdraw" and (
            asked_at is None or self.ctx.now - asked_at > WITHDRAW_ANSWER_WINDOW
        ):
            asked = None
        if (
            self.died_after_the_steps(detected)
            or self.talk_after_a_death(detected)
            or self.asks_what_now_after_a_death(detected)
        ):
            return
        if refusal is not None and (detected is None or detected.kind not in BEFORE_A_REFUSAL):
            if detected is not None and detected.kind == "privacy" and detected.about_the_law:
                # "no police, will they arrest me": the refusal is acted on, and the question
                # answered before it (as ``about_us`` would)
                self.say(self.string("calling_911" if detected.about_911 else "confidential"))
                self.say(self.string("emergency_2"))
            self.police_refused(refusal, detected)
            return
        if asked == "withdraw" and detected is None and self.answer_withdrawal():
            return
        if asked == "withdraw" and detected is not None and detected.kind == "opt_out":
            self.withdraw_before_a_stop()
        if (
            detected is None
            and self.ctx.open_request
            and (not self.in_flow() or self.st["flow"] == MENU_FLOW)
            and interrupts.asks_to_withdraw(self.text)
        ):
            self.ask_to_withdraw()
            return
        if (
            detected is not None
            and detected.kind in _NALOXONE_TOLD
            and not detected.also_crisis
            and (
                naloxone_worked(normalise(self.text))
                or came_round_after_help(normalise(self.text))
                or (detected.kind == "naloxone" and follow_up_after_steps(normalise(self.text)))
            )
            and self.after_the_steps(naloxone=True)
        ):  # "narcan worked", "i dont have narcan": no new emergency, nor a search for naloxone
            return
        if self.naloxone_was_given(detected):
            return
        if self.past_overdose_told(detected):
            return
        if detected is not None and detected.kind == "naloxone" and tells_a_death(self.text):
            self.condole()  # "my brother died last month, i want narcan for his friends"
        if self.steps_go_on(detected):
            return
        if self.fact_followed_up(detected):
            return
        if detected is not None:
            handled = self.interrupt(detected)
            self.tell_the_holder(detected)
            if handled:
                return
        if detected is None and self.after_the_steps():
            return
        if self.ctx.media and not self.text.strip():
            self.media_only()
            return
        if interrupts.is_opt_in(self.text) and normalise(self.text) != "yes":
            self.restart()
            return
        if self.about_a_loved_one() and gives_a_loved_ones_number(normalise(self.text)):
            self.loved_ones_number_given()
            return
        if self.our_number_asked():
            return
        self.consent_told()
        if self.zip_alone():
            return
        if not self.in_flow() or self.st["flow"] == MENU_FLOW:
            # "help for my daughter, she doesnt need narcan": the daughter decides, not narcan.
            self.text = interrupts.without_unwanted_naloxone(self.text)
        if self.aside_at_the_menu() and self.more_after_a_request():
            return
        if not self.in_flow():
            # "easthamton" right after the sites: a town corrected, unless it picks the menu
            if first_text_asks_for(self.flows, self.text) is None and self.searches_again(searched):
                return
            if self.sends_after_all(unsent):
                return
            if self.asks_after_a_withdrawn_request():
                return
            if self.more_after_a_request():
                return
            if self.closes_after_an_end():
                return
            welcomed = (
                self.ended_in_this_conversation()
                and MENU_FLOW in self.st["pins"]
                and closes_or_asks(self.text)
            )
            before_the_menu = len(self.replies)
            self.restart()
            if welcomed:
                self.menu_without_the_welcome()
            self.note_towns_said()
            self.note_calls_not_possible()
            # "i am withdrawing my request" with none open: no request for treatment either.
            if not interrupts.asks_to_withdraw(self.text) and not self.objects():
                self.take_as_menu_answer()
            self.say_worries(at=before_the_menu)
            if self.st["flow"] == MENU_FLOW and in_words(self.text):
                # "my son doesnt want treatment": the menu waits, and "2" is not asked who
                self.st["said_first"] = cut_to(" ".join(self.text.split()), MAX_SAID)
            return
        if self.st["flow"] == MENU_FLOW and in_words(self.text):
            self.menu_answered_in_words = True
        self.note_towns_said()
        self.note_calls_not_possible()
        if (
            self.menu_echoed(echo)
            or self.asks_for_whom()
            or self.objection_answered()
            or self.not_a_user_answered()
        ):
            return
        if self.st["flow"] == FAMILY_FLOW and tells_a_death(self.text):
            self.loss_told_in_family()
            return
        if self.st["flow"] == SELF_FLOW and self.loss_told_for_themselves():
            return
        if self.st["flow"] == FAMILY_FLOW and misses_someone(self.text):
            self.missing_told_in_family()
            return
        if self.worry_told_in_family():
            return
        self.answer()

    def menu_answered_in_spanish(self, detected: Detected | None) -> bool:
        """The English menu answered in Spanish ("mi hijo necesita tratamiento"): from here
        the conversation is in Spanish, as if "Español" were picked. Only the menu turns it,
        before its answer is read, so nothing said is lost. An emergency, a stop and the
        like are answered in their words' language but turn nothing, as anywhere else; and
        "inglés por favor" asks for English, whatever language it says so in."""
        state = self.current_state()
        return (
            (detected is None or detected.kind not in {*IN_THE_WORDS_LANGUAGE, "language"})
            and self.in_flow()
            and self.st["flow"] == MENU_FLOW
            and self.st["language"] == "en"
            and state is not None
            and state.input == "choice"
            and written_in_spanish(self.text, state.options)
        )

    def asked_in_another_language(self, detected: Detected | None) -> str | None:
        """The language of a question or request written clearly in the other one ("como se
        da el narcan" after "hi", "how do i use narcan" after "hola"): they write in it, so it
        is answered in it and the conversation goes on in it, as at the menu. A first text
        has its own reading (``looks_spanish``)."""
        if self.fresh or detected is None or detected.kind not in ASKED_KINDS:
            return None
        written = language_written(self.text, self.st["language"])
        return written if written not in (None, self.st["language"]) else None

    # ----- what the text picks at the question -----------------------------------------------

    def accepts_as_answer(self) -> bool:
        """The text answers the question, even if only to refuse a choice ("no narcan")."""
        state = self.current_state()
        if state is None or self.st["pending"]:
            return False
        return refuses_a_choice(self.text, option_phrases(state.options)) or self.picks_an_option()

    def picks_an_option(self) -> bool:
        """The text picks one of the question's options."""
        state = self.current_state()
        if state is None or self.st["pending"]:
            return False
        phrases = option_phrases(state.options)
        if state.input == "choice":
            return match_choice(self.text, phrases) is not None
        if state.input == "multi":
            return bool(match_many(self.text, phrases))
        return False

    def not_by_text_option(self) -> int | None:
        """The index of the one option the question names by "don't text me" ("How should we
        reach you?": Call me), which any way of saying so picks ("no me escriba", "dont txt
        me"); None where there is none. To any other question it asks us to stop: "no me
        escribas" is no "no" to "Would you like a call?"."""
        state = self.current_state()
        if state is None or self.st["pending"] or state.input != "choice":
            return None
        named = [
            index
            for index, words in enumerate(option_phrases(state.options))
            if any(asks_not_to_be_texted(normalise(word))[0] for word in words)
        ]
        return named[0] if len(named) == 1 else None

    def say_string(self, name: str, extra: Mapping[str, str] | None = None) -> str:
        """A named text rendered with these variables."""
        return self.render(self.pick_string(name), extra)

    # ----- the conversation ----------------------------------------------------------------

    def answer(self) -> None:
        state = self.current_state()
        if state is None:  # the pinned script lost this state: start over politely
            self.restart()
            return
        if state.input == "none":  # we never wait on one; move along
            self.after_answer(state, None)
            return
        if self.reach_changed_with_a_time(state) or self.corrects_the_last_answer():
            return
        if (
            state.save != NAME_VAR
            and NAME_VAR not in self.st["vars"]  # once answered, a change asks it again
            and (told := name_told(visible(self.text))) is not None
        ):
            self.st["vars"][KEPT_NAME] = told  # "my name is mike btw": for the name question
        handler = {
            "choice": self.answer_choice,
            "multi": self.answer_multi,
            "text": self.answer_text,
            "place": self.answer_place,
        }[state.input]
        handler(state)

    def answer_choice(self, state: State) -> None:
        phrases = option_phrases(state.options)
        index = match_choice(self.text, phrases, keeps_own_words=state.free_text)
        if index is None:
            index = number_with_a_nod(self.text, len(state.options))  # "2 thats fine"
        if not state.free_text and (index is None or starts_with_a_number(self.text)):
            # "2 after 5", and "3 no por la manana" is option 3, never the "no" of option 2.
            before = self.choice_before_a_time(state, phrases)
            index = index if before is None else before
        at_the_menu = self.st["flow"] == MENU_FLOW
        if at_the_menu:
            index = for_whom(state, self.text, index)
        if (
            index is not None
            and state.free_text
            and as_number(self.text) is None
            and says_more(self.text, phrases[index])
            and not state.options[index].over_own_words
        ):
            index = None  # "anything but morning", "evenings after 6": their own words
        if (
            index is not None
            and state.options[index].over_own_words
            and about_someone_elses_contact(normalise(self.text))
        ):
            index = None  # "can you text him instead?": his number, not how to reach this one
        if index is None and state.free_text and acknowledges_only(self.text):
            # "ok cool", "k thx": a nod, whatever its words, answers as "ok" would.
            index = match_choice("ok", phrases)
        if self.names_what_is_wrong(state, index):
            return
        if index is None:
            typed = cut_to(" ".join(self.text.split()), state.max_length)
            if (
                state.free_text
                and normalise(typed)
                and as_number(typed) is None
                and not acknowledges_only(typed)
            ):
                if no_answer_in_own_words(self.text):  # "can you text him instead?"
                    note = self.string("not_an_answer")
                    self.retry(state, f"{note}\n{self.prompt_of(state)}".strip())
                    return
                self.save(state, typed, None)
                self.after_answer(state, None)
                return
            self.retry(state)
            return
        option = state.options[index]
        if self.corrects_the_summary(state, option):
            return
        self.keep_the_unsent(state, option)
        if (
            self.st["flow"] == FAMILY_FLOW
            and not state.free_text
            and as_number(self.text) is None
            and self.time_said is None  # "1 after 5": the number and a time, nothing more
            and says_much_more(beside_calls_words(self.text), phrases[index])
        ):  # "yes but he cant know, only 9 to 5": their words go with the request
            beside = time_beside(self.text, phrases[index])
            if beside is not None and only_a_time(beside):
                self.time_said = beside  # "call me after 5": "after 5", and no note repeating it
            else:
                self.keep_said()
                if time_told(normalise(self.text)):
                    self.time_said = cut_to(" ".join(self.text.split()), MAX_SAID)
        if self.time_said is None and not state.free_text and as_number(self.text) is None:
            # "dont text me call me after 5": the best time, if asked next, is answered too.
            self.time_said = self.time_beside_answer(state, state.options[index], phrases[index])
        if option.switch_language:
            self.set_language("es" if self.asked_in == "en" else "en")
        if at_the_menu and option.goto in (FAMILY_FLOW, SELF_FLOW) and tells_a_death(self.text):
            self.condole()
        if at_the_menu and self.welcome_after_condolences:
            self.say(without_blank_lines(self.render(state.prompt or {}, {"options": ""})))
        self.save(state, option.value, dict(option.label))
        if option.value == TEXT and says_calls_dont_work(self.text):
            self.mark_text_only(state)
        self.after_answer(state, option)
        if at_the_menu and self.menu_answered_in_words and option.goto == self.st["flow"]:
            self.st["menu_echo"] = index

    def answer_multi(self, state: State) -> None:
        phrases = option_phrases(state.options)
        picked = match_many(self.text, phrases)
        words = said_beside(beside_calls_words(self.text), phrases) if state.keep_words else None
        words = words and " ".join(self.text.split())  # kept as said, when more than calls
        waiting = f"_{state.save}_words"
        if not picked and self.says_text_only_noted(state):
            return
        if not picked:
            if words:  # "tranq wounds": asked again, and kept for the answer that picks ("5")
                self.st["vars"][waiting] = " / ".join(
                    w for w in (self.st["vars"].get(waiting), words) if w
                )
            self.retry(state)
            return
        earlier = self.st["vars"].pop(waiting, None)
        if words and words == earlier:
            earlier = None  # the same words said twice
        said = " / ".join(w for w in (earlier, words) if w)
        self.save_many(state, [state.options[i] for i in sorted(picked)], said or None)
        self.after_answer(state, None)

    def save_many(self, state: State, options: list[Option], words: str | None = None) -> None:
        """Save the options picked; where the question keeps words, the person's own words
        (``words``) with them, shown with the answer, or none kept."""
        labels = {
            lang: ", ".join(in_language(o.label, lang) for o in options) for lang in ("en", "es")
        }
        if state.keep_words and state.save:
            if words:
                words = cut_to(words, MAX_OWN_WORDS)
                self.st["vars"][f"{state.save}_words"] = words
                labels = {lang: self.with_own_words(labels[lang], words, lang) for lang in labels}
            else:  # none said: the request says so, never "{needs_words}"
                self.st["vars"][f"{state.save}_words"] = None
        self.save(state, [o.value for o in options], labels)

    def with_own_words(self, label: str, words: str, language: str) -> str:
        """A several-choice answer as the summary reads it, with a line of the person's words
        (the flow's ``your_words``), cut short to keep the summary readable."""
        line = self.flow().strings.get("your_words")
        if line is None:
            return label
        said = self.render(
            {"en": in_language(line, language)}, {"words": cut_to(words, SHOWN_WORDS)}
        )
        return f"{label}\n{said}"

    def answer_text(self, state: State) -> None:
        typed = " ".join(visible(self.text).split())
        no_name = False
        if state.save == "name":  # "ok Sam", "my name is Jay", "i told u its Jay": Sam, Jay
            if asks_why_a_name(normalise(typed)) and "name_why" in self.flow().strings:
                self.retry(state, f"{self.string('name_why')}\n{self.prompt_of(state)}")
                return
            if upset_line(typed):  # "wtf" is no name
                self.retry(state)
                return
            typed = " ".join(without_pictures(typed).split()) or typed  # "😀 my name is Luna"
            typed = self.name_beside_a_time(name_in_answer(typed))  # "call me after 5": none
            if not typed:
                no_name = True
            elif not declines_to_say(typed):  # "prefer not to say" is skipped as said
                said = name_alone(typed)  # "Grace, im pregnant": Grace; "idk": none
                if said is not None and typed.startswith(said):
                    aside = normalise(typed[len(said) :])  # "J, not a cop right?"
                    if asks_if_police_aside(aside):
                        police = where_they_stand_now(self.st["vars"].get(POLICE_VAR))
                        self.say(self.string(police))
                no_name, typed = said is None, said or typed
        typed = cut_to(typed, state.max_length)
        if state.optional and (
            no_name or normalise(typed) in SKIP_WORDS or declines_to_say(typed) or nods_only(typed)
        ):
            self.save(state, None, None)
        elif not normalise(typed):
            self.retry(state)
            return
        else:
            self.save(state, typed, None)
        self.after_answer(state, None)

    def save(self, state: State, value: Any, labels: Mapping[str, str] | None) -> None:
        self.st["retries"] = 0
        if state.save is None:
            return
        self.st["vars"][state.save] = value
        if state.save == CONTACT_VAR:
            self.st["vars"].pop(TEXT_ONLY, None)  # asked again ("change"): the new answer
        if labels is None:
            self.st["labels"].pop(state.save, None)
        else:
            self.st["labels"][state.save] = dict(labels)

    def retry(self, state: State, text: str | None = None) -> None:
        """Ask again. After two tries a list is not sent whole again ("hold up", "ok", "my
        phone is dying" each got it): a short reprompt points to it. A county town said alone
        to another question ("belchertown") is kept for the town question."""
        line = upset_line(self.said) if text is None else None
        if (
            line is not None
        ):  # "wtf", "😭😭😭": a human word, then the whole question, no try counted
            again = self.current_prompt()
            if state.retry is not None:
                again = self.render(state.retry, self.options_extra(state))
            self.say(f"{self.string(line)}\n{again}")
            return
        self.st["retries"] = int(self.st.get("retries") or 0) + 1
        if state.input != "place":
            self.keep_a_town_said_alone()
        if (
            text is None
            and state.input in ("choice", "multi")
            and self.st["retries"] >= RETRIES_BEFORE_HINT
        ):
            self.say(self.string("retry_short"))
            return
        if text is None:
            if state.retry is not None:
                text = self.render(state.retry, self.options_extra(state))
            else:
                key = {"choice": "retry_choice", "multi": "retry_choice", "place": "retry_place"}
                text = self.render(
                    self.pick_string(key.get(state.input, "retry_text")),
                    self.options_extra(state),
                )
        if self.st["retries"] >= RETRIES_BEFORE_HINT:
            text = f"{text}\n{self.string('still_stuck')}"
        self.say(text)

    def after_answer(self, state: State, option: Option | None, remember: bool = True) -> None:
        """Move on from an answered state: option target, return_to, branches, goto or end.
        ``remember``: the person answered it, so "go back" may ask it again."""
        came_back = self.st.get("return_to")
        self.st["return_to"] = None
        if remember and state.input != "none":
            if not isinstance(self.st.get("back"), list):
                self.st["back"] = []
            self.st["back"].append({"node": state.name, "return_to": came_back})
        if option is not None and option.goto:
            self.enter_flow(option.goto)
            return
        if came_back and state.input != "none":
            target: str | None = came_back
            skipped = None if option is None else self.time_asked_next(state, option)
            if skipped is not None and self.time_said is not None:
                self.save_time_said(skipped)  # "call me after 5" on the way back to the summary
        elif option is not None and option.next:
            target = option.next
        else:
            target = self.choose_next(state)
        if option is not None and option.return_to:
            self.st["return_to"] = option.return_to
        if target is not None:
            self.run_from(target)
        elif state.goto:
            self.enter_flow(state.goto)
        elif state.end:
            self.finish()
        else:
            raise _Halt("dead_end")

    def choose_next(self, state: State) -> str | None:
        for branch in state.next:
            if all(holds(self.st["vars"].get(k), v) for k, v in branch.when.items()):
                return branch.to
        return None

    def run_from(self, name: str) -> None:
        """Enter states, saying their prompts, until one waits for an answer or the flow ends."""
        flow = self.flow()
        while True:
            self.steps += 1
            if self.steps > self.ctx.settings.max_steps_per_text:
                raise _Halt("loop_guard")
            state = flow.states.get(name)
            if state is None:
                raise _Halt("missing_state")
            self.st["node"] = name
            self.st["pending"] = None
            if self.answer_for_them(state):
                return
            if self.answer_time_said(state):
                return
            if state.input == "place" and self.answer_from_towns_said(state):
                return
            if self.answer_text_only_said(state):
                return
            if self.answer_as_told(state):
                return
            if state.save == NAME_VAR and self.answer_with_the_name_told(state):
                return
            if self.answer_from_words_said_first(state):
                return
            if (
                self.menu_answered_in_words or self.st.get("loss_told")
            ) and self.answer_from_menu_words(state):
                return
            if state.prompt is not None:
                self.say(self.prompt_of(state))
            if state.say_each is not None:
                self.say_each(flow, state)
            for spec in state.effects:
                data = self.fill(spec.data)
                if spec.kind == "create_case" and self.st["vars"].get(SAID):
                    data = {**data, "said": copy.deepcopy(self.st["vars"][SAID])}
                if spec.kind == "create_case" and self.st["vars"].get(TEXT_ONLY):
                    data = {**data, "text_only": True}
                if spec.kind == "create_case" and self.st["vars"].get(TOLD_VAR):
                    data = {**data, "told": list(self.st["vars"][TOLD_VAR])}
                self.effects.append(Effect(spec.kind, data))
                if spec.kind == "create_case":  # until they start anew (MENU, expiry)
                    self.st["requested"] = self.st["flow"]
                    self.st["reach_by"] = self.effects[-1].data.get("contact_method")
            if state.input != "none":
                return
            target = self.choose_next(state)
            if target is not None:
                name = target
            elif state.goto:
                self.enter_flow(state.goto)
                return
            elif state.end:
                self.finish()
                return
            else:
                raise _Halt("dead_end")

    def say_each(self, flow: Flow, state: State) -> None:
        assert state.say_each is not None
        var, names = state.say_each
        chosen = self.st["vars"].get(var)
        values = chosen if isinstance(chosen, list) else [chosen]
        for value in values:
            if value == GRIEF and self.st.get("loss_told"):
                continue  # the condolences were said when the death was told
            if value == NALOXONE_NEED and self.sites_said:
                continue  # where to find naloxone was just said
            name = names.get(str(value))
            if name is not None and name in flow.strings:
                self.say(self.render(flow.strings[name]))

    def enter_flow(self, flow_id: str, preset: Mapping[str, Any] | None = None) -> None:
        """Start a flow at its first state; ``preset`` holds the engine's own variables (a
        leading "_") that its prompts and look-ups read from the start."""
        flow = self.flows.get(flow_id)
        if flow is None or flow.start is None:
            raise _Halt("missing_flow")
        vars_ = dict(preset or {})
        if self.st.get("flow") == MENU_FLOW and flow_id != MENU_FLOW:
            self.st.pop("requested", None)  # the menu answered: kept only while it waits
            self.said_first = self.st.pop("said_first", None)
            self.st.pop("for_whom_asked", None)
        if flow_id != NALOXONE_FLOW:
            self.st.pop("talk_next", None)  # the search left for another flow: not after it
        self.st.update(flow=flow_id, node=flow.start, vars=vars_, labels={}, pending=None)
        self.st["return_to"] = None
        self.st["back"] = []
        self.st["pins"].setdefault(flow_id, flow.version)
        self.run_from(flow.start)

    def finish(self) -> None:
        """The flow is over; go back to an interrupted conversation if there is one. Over for
        good, the towns its texts named are forgotten."""
        resume = self.st.get("resume")
        talk = self.st.pop("talk_next", None) if self.st.get("flow") == NALOXONE_FLOW else None
        searched = self.st["vars"].get("town")
        self.st.update(flow=None, node=None, vars={}, labels={}, pending=None, return_to=None)
        self.st["resume"] = None
        self.st["back"] = []
        if isinstance(talk, Mapping) and talk.get("flow") in self.flows and not resume:
            self.start_the_talk_asked(talk, searched)
            return
        if resume and resume.get("flow") in self.flows:
            self.st.update(copy.deepcopy(resume))
            if self.current_state() is not None:
                self.say(f"{self.string('back_to')}\n{self.current_prompt()}")
                return
            self.st.update(flow=None, node=None, vars={}, labels={})
        self.st["towns_said"] = {}
        self.st.pop("text_only", None)

    def restart(self) -> None:
        """Start over at the main menu (MENU, first contact, an expired or ended conversation).
        A request still open keeps its place: what is said next and answers nothing of the
        menu is still added to it (``aside_at_the_menu``)."""
        requested = self.st.get("requested") if self.ctx.request_open else None
        reach_by = self.st.get("reach_by")
        self.reset()
        if self.expired_unsent:
            self.expired_unsent = False
            self.say(self.string("request_not_sent"))
        self.enter_flow(MENU_FLOW)
        if requested and self.st.get("flow") == MENU_FLOW:
            self.st["requested"] = requested
            if reach_by:
                self.st["reach_by"] = reach_by

    def take_as_menu_answer(self) -> None:
        """A first text that says in words what it is about ("I need help with my son", "I
        relapsed") answers the menu just shown: nobody is asked what they already said, and
        the menu keeps its welcome but not its choices. A number or a lone word ("yo", "hey")
        is a greeting, not an answer."""
        state = self.current_state()
        if self.st["flow"] != MENU_FLOW or state is None or state.input != "choice":
            return
        if not in_words(self.text):
            return
        index = for_whom(state, self.text, match_choice(self.text, option_phrases(state.options)))
        if index is not None and not state.options[index].switch_language:
            self.menu_answered_in_words = True
            # Condolences first: the menu just shown follows them, without its choices.
            shown = self.current_prompt().strip()
            if (
                state.options[index].goto in (FAMILY_FLOW, SELF_FLOW)
                and tells_a_death(self.text)
                and self.replies
                and self.replies[-1] == shown
            ):
                self.replies.pop()
                self.welcome_after_condolences = True
            at = len(self.replies) - 1
            self.answer()
            if (
                self.st.get("flow") != MENU_FLOW
                and at >= 0
                and self.replies[at] == shown
                and len(self.replies) > at + 1
            ):
                # the words chose, and a question follows: the welcome stays (who we are, not
                # an emergency service, STOP), its choices go, so no number answers two things
                self.replies[at] = without_blank_lines(
                    self.render(state.prompt or {}, {"options": ""})
                )

    def menu_echoed(self, echo: Any) -> bool:
        """The menu's answer said again right after its words moved the conversation on ("2"
        after "my son died" got the town question): taken kindly, and the question waits."""
        menu = self.flows.get(MENU_FLOW)
        start = menu.states.get(menu.start or "") if menu is not None else None
        state = self.current_state()
        if not isinstance(echo, int) or start is None or state is None:
            return False
        if self.accepts_as_answer() or self.answered_by(state, self.text):
            return False
        picked = match_choice(self.text, option_phrases(start.options))
        if picked is not None and picked != echo and as_number(self.text) is not None:
            # "2" at the town question after words that picked 1: the menu's number, as
            # the menu was shown too (a number is no town, nor the needs' choice here)
            if state.input not in ("place", "text"):
                return False
            before = len(self.replies)
            self.restart()
            del self.replies[before:]
            self.answer()
            return True
        if picked != echo:
            return False
        heard = self.string("menu_again")
        if not heard:
            return False
        self.say(f"{heard}\n{self.current_prompt()}")
        return True

    def reset(self) -> None:
        """Drop the conversation but keep the language (and when the emergency steps or the
        crisis text were sent); what comes next runs on the published flows, as its pins are
        gone."""
        kept = {k: self.st[k] for k in _KEPT_ON_RESET if self.st.get(k) is not None}
        self.st = new_state(self.st["language"])
        self.st.update(kept)
        if self.ctx.published is not None:
            self.flows = self.ctx.published

    def expire_if_idle(self) -> None:
        """A conversation idle past the expiry starts over, its answers dropped: a phone is
        often shared or passed on, and whoever texts next must not find themselves inside
        someone else's request, nor be shown its name, town and needs. A request written but
        never sent (left at its summary) is not dropped without a word: the restart says it
        was not sent, without repeating it."""
        last = parse_time(self.st.get("updated_at"))
        hours = self.ctx.settings.conversation_expiry_hours
        if last is None or self.ctx.now - last <= timedelta(hours=hours):
            return
        if self.in_flow():
            self.emit("log_event", event="expired")
            self.expired_unsent = self.at_a_summary()
        self.reset()

    def fail(self, event: str, error: str | None = None) -> None:
        """Answer kindly after a script or engine problem, and start clean next time."""
        if event == "loop_guard":  # the prompts said so far are a loop's noise
            self.replies = []
        data: dict[str, Any] = {"event": event}
        if error:
            data["error"] = error
        self.effects.append(Effect("log_event", data))
        try:
            self.reset()
            self.say(self.string("error"))
        except Exception:  # the fallback must not fail either
            self.st = new_state()
            self.replies.append(DEFAULT_STRINGS["error"]["en"].replace("{program_phone}", ""))

    # ----- small helpers ---------------------------------------------------------------------

    def in_flow(self) -> bool:
        return bool(self.st.get("flow")) and bool(self.st.get("node"))

    def flow(self) -> Flow:
        flow = self.flows.get(self.st["flow"] or "")
        if flow is None:
            raise _Halt("missing_flow")
        return flow

    def current_state(self) -> State | None:
        flow = self.flows.get(self.st.get("flow") or "")
        if flow is None:
            return None
        return flow.states.get(self.st.get("node") or "")

    def current_prompt(self) -> str:
        state = self.current_state()
        if state is None:
            return ""
        if self.st.get("pending"):
            return self.render(self.pick_string("pick_town"), self.options_extra(state))
        if state.prompt is None:
            return ""
        return self.prompt_of(state)

    def prompt_of(self, state: State) -> str:
        """The state's prompt; the finder's question, asked for a supply, names it instead,
        and asked for naloxone by mail, offers mail order first. The finder's closing text,
        after a supply search, is about supplies: naloxone by mail is the naloxone search's."""
        supply = self.st["vars"].get("_supply")
        if state.lookup == "naloxone" and supply:
            return self.say_string("supply_ask", {"supply": self.supply_name(supply)})
        if supply and state.end and self.st.get("flow") == NALOXONE_FLOW:
            return self.string("supply_done")
        if state.lookup == "naloxone" and self.st["vars"].get("_by_mail"):
            return self.say_string("naloxone_by_mail")
        return self.render(state.prompt or {}, self.options_extra(state))

    def supply_name(self, supply: str) -> str:
        """ "test strips", "syringes", or both with "or", in the texter's language."""
        return supply_name(supply, self.say_string)

    def options_extra(self, state: State) -> dict[str, str]:
        lang = self.st["language"]
        pending = self.st.get("pending")
        if pending and state.input == "place":
            labels = list(pending.get("towns") or [])
        else:
            labels = [in_language(o.label, lang) for o in state.options]
        return {"options": "\n".join(f"{i}) {label}" for i, label in enumerate(labels, 1))}

    def set_language(self, language: str, announce: bool = True) -> None:
        if language not in ("en", "es"):
            return
        changed = self.st.get("language") != language
        self.st["language"] = language
        said = Effect("set_language", {"language": language})
        if (announce or changed) and said not in self.effects:
            self.effects.append(said)

    def say(self, text: str) -> None:
        if text and text.strip():
            self.replies.append(text.strip())

    def emit(self, kind: str, **data: Any) -> None:
        self.effects.append(Effect(kind, data))

    def pick_string(self, name: str) -> Text:
        """A named text: the current flow's, else the system flow's, else the default.
        The safety texts come from the system flow or the defaults only."""
        current = None if name in SYSTEM_ONLY_STRINGS else self.st.get("flow")
        for flow_id in (current, SYSTEM_FLOW):
            flow = self.flows.get(flow_id or "")
            if flow is not None and name in flow.strings:
                return flow.strings[name]
        return DEFAULT_STRINGS.get(name, {"en": ""})

    def string(self, name: str) -> str:
        text = self.render(self.pick_string(name))
        self.strings_said.append((name, text))
        return text

    def render(self, text: Text, extra: Mapping[str, str] | None = None, depth: int = 0) -> str:
        """Fill {variables} in the texter's language; unknown names are left as written."""
        template = in_language(text, self.st["language"])

        def value(match: Any) -> str:
            name = match.group(1)
            if extra and name in extra:
                return extra[name]
            return self.variable(name, depth)

        return TEMPLATE_VAR.sub(value, template).replace("{{", "{").replace("}}", "}")

    def variable(self, name: str, depth: int) -> str:
        lang = self.st["language"]
        settings = self.ctx.settings
        if name == "program_name":
            return settings.program_name
        if name == "program_phone":
            return settings.program_phone
        if name == "response_window":
            hours = settings.response_window_hours
            return f"{hours} {self.string('hours')}"
        if name == "request_due":
            if self.ctx.request_due is not None:
                return due_said(self.ctx.request_due, settings.timezone, lang)
            hours_word = self.string("hours")
            return window_said(settings.response_window_hours, hours_word, lang)
        if name == "language":
            return lang
        if name == "sites":
            return self.sites_text()
        if name == "place":
            return str(self.st["vars"].get("_place") or "")
        labels = self.st["labels"].get(name)
        if labels:
            return labels.get(lang) or labels.get("en") or ""
        if name in self.st["vars"]:
            raw = self.st["vars"][name]
            if raw is None or raw == []:
                return self.string("not_given")
            if isinstance(raw, list):
                return ", ".join(str(v) for v in raw)
            return str(raw)
        if depth < 2:
            for flow_id in (self.st.get("flow"), SYSTEM_FLOW):
                flow = self.flows.get(flow_id or "")
                if flow is not None and name in flow.strings:
                    return self.render(flow.strings[name], depth=depth + 1)
            if name in DEFAULT_STRINGS:
                return self.render(DEFAULT_STRINGS[name], depth=depth + 1)
        return "{" + name + "}"

    def fill(self, data: Any) -> Any:
        """Effect data: "{var}" alone gives the raw saved value; other text is rendered."""
        if isinstance(data, Mapping):
            return {str(k): self.fill(v) for k, v in data.items()}
        if isinstance(data, list):
            return [self.fill(v) for v in data]
        if isinstance(data, str):
            whole = TEMPLATE_VAR.fullmatch(data)
            if whole:
                name = whole.group(1)
                if name == "language":
                    return self.st["language"]
                if name in self.st["vars"]:
                    return copy.deepcopy(self.st["vars"][name])
            return self.render({"en": data})
        return data


def _load_state(state: Mapping[str, Any] | None) -> dict[str, Any]:
    """A clean copy of the stored state, filling anything missing (older or damaged states)."""
    fresh = new_state()
    if not isinstance(state, Mapping):
        return fresh
    try:
        loaded = json.loads(json.dumps(dict(state)))
    except (TypeError, ValueError):
        return fresh
    for key, default in fresh.items():
        loaded.setdefault(key, default)
    if loaded["language"] not in ("en", "es"):
        loaded["language"] = "en"
    for key in ("vars", "labels", "pins", "towns_said"):
        if not isinstance(loaded[key], dict):
            loaded[key] = {}
    return loaded
