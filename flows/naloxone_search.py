"""Naloxone asked for from any point: sites near a place named, the finder's question where
none is, questions about naloxone answered, someone to talk to asked with it started after
it, and the finder's town question answered (a town, a ZIP, SKIP, or a place not found).
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Mapping
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

from flows import interrupts
from flows.answer_words import option_phrases
from flows.engine_terms import (
    FAMILY_FLOW,
    MENU_FLOW,
    NALOXONE_FLOW,
    PLACE_FILLER,
    SELF_FLOW,
    SKIP_WORDS,
    parse_time,
)
from flows.interrupts import Detected
from flows.menu_words import options_named
from flows.naloxone_questions import naloxone_question
from flows.no_place import no_place_reason
from flows.nods import says_yes
from flows.places import NearbySite, PlaceMatch, shared_point
from flows.reply_shape import without_blank_lines
from flows.script import State
from flows.search_again import SEARCH_AGAIN_WINDOW, place_said_again
from flows.site_list import SupplyFound, site_list_text
from flows.support_asked import (
    asks_for_a_loved_one_not_naloxone,
    asks_for_someone_to_talk_to,
    asks_for_support,
    words_after_a_change_of_mind,
)
from flows.text import as_number, match_choice, normalise, refuses_a_choice
from flows.towns_said import merged, the_town_said, towns_said

# The text answering each question about naloxone (``flows.naloxone_questions``).
_NALOXONE_ANSWERS = {
    "use": "naloxone_use",
    "not_reversed": "naloxone_not_reversed",
    "tranq": "naloxone_tranq",
    "stimulants": "naloxone_stimulants",
    "mail": "mail_order",
}

_ZIP_ALONE = re.compile(r"^\d{5}$")

# The towns a place not found was guessed to be ("Did you mean Belchertown?"), for a yes next.
_GUESSED = "_guessed"


def place_name(match: PlaceMatch) -> str:
    if len(match.towns) == 1:
        return match.towns[0].name
    names = "/".join(t.name for t in match.towns)
    if match.zip:
        return f"{match.zip} ({names})" if names else match.zip
    return names


def _site_row(nearby: NearbySite) -> dict[str, Any]:
    site = nearby.site
    return {
        "name": site.name,
        "address": site.address,
        "town": site.town,
        "hours": site.hours,
        "phone": site.phone,
        "open_now": nearby.open_now,
        "opens": nearby.opens.isoformat() if nearby.opens else None,
        "km": round(nearby.km, 1),
        "naloxone": site.naloxone,
        "test_strips": site.test_strips,
        "syringe_services": site.syringe_services,
        "verified": site.verified,
    }


class NaloxoneSearch:
    """Naloxone asked for, and the finder's town question: a part of ``flows.engine._Run``, which
    inherits it. It reads and sets the run's attributes ``asked_in``, ``ctx``, ``flows``,
    ``replies``, ``said``, ``sites_said``, ``st``, ``text``, ``told`` (see ``_Run.__init__``)
    and calls these methods of the run and its other parts: ``accepts_as_answer``,
    ``after_answer``, ``current_prompt``, ``current_state``, ``emit``, ``enter_flow``,
    ``in_flow``, ``pick_string``, ``render``, ``restart``, ``retry``, ``save``, ``say``,
    ``say_string``, ``says_text_only_noted``, ``string``, ``supply_name``,
    ``take_as_menu_answer``.
    """

    def zip_alone(self) -> bool:
        """A ZIP code alone ("01060") as a first text or at the menu is 211's habit, "text your
        ZIP": the naloxone search "narcan 01060" is. Five digits that are no ZIP get the menu;
        at any other question a ZIP is that question's answer."""
        if self.in_flow() and self.st["flow"] != MENU_FLOW:
            return False
        norm = normalise(self.text)
        if not _ZIP_ALONE.match(norm) or self.resolve(norm).kind == "none":
            return False
        return self.naloxone_request(Detected("naloxone", place_text=norm))

    def naloxone_request(self, found: Detected) -> bool:
        """Sites near the place named, or the finder's question where none is; for a supply
        ("test strips amherst"), sites with it. A supply named with no place and no "where"
        ("i need needles") is left to the conversation, as any other text."""
        place = self.text if shared_point(self.text) else found.place_text
        match = self.resolve(place) if place else None
        if match is not None and match.kind == "none":
            # "narcan in belcher town": the search's words dropped "town" from the name
            place = self.town_in_two_words(self.text) or place
            match = self.resolve(place)
        talk = self.talk_asked_too(found)
        if match is not None and match.kind != "none":
            return self.sites_near(found, match, place, talk)
        if found.supply and not found.asks_where:
            return False
        at_the_menu = self.in_flow() and self.st["flow"] == MENU_FLOW
        # At the menu "where can i get test strips" is the finder's, not "Support for myself".
        if self.in_flow() and self.accepts_as_answer() and not (found.supply and at_the_menu):
            if self.st["flow"] == MENU_FLOW:
                # Naloxone first at the menu too, as in a first text: "where can i get narcan
                # for my brother" is no family support however long "my brother" is.
                self.answer_naloxone_question(found)
                self.text = self.menu_option_number(NALOXONE_FLOW) or self.text
                self.remember_the_talk_asked(talk)
            elif not (found.question == "use" and self.st["flow"] == FAMILY_FLOW):
                # "how do i use narcan" to "what would help?" picks naloxone and is answered
                # too (the family's "learn" says its own steps; the answer offers mail order)
                self.answer_naloxone_question(found, question=found.question != "mail")
            return False
        known = self.town_given()
        if known is not None:  # "donde consigo narcan" after "amherst": not asked again
            return self.sites_near(found, known, "", talk)
        if self.in_flow() and self.st["flow"] != NALOXONE_FLOW:
            self.st["resume"] = {
                k: copy.deepcopy(self.st[k])
                for k in ("flow", "node", "vars", "labels", "pending", "return_to", "back")
            }
        # "narcan open now": remembered for the place to come; a supply asks for it by name
        preset = {"_open_now": True} if found.open_now else {}
        if found.supply:
            preset["_supply"] = found.supply
        if found.question == "mail":  # the finder's question offers mail order first
            preset["_by_mail"] = True
        self.answer_naloxone_question(found, question=found.question != "mail")
        self.enter_flow(NALOXONE_FLOW, preset)
        self.remember_the_talk_asked(talk)
        return True

    def sites_near(
        self, found: Detected, match: PlaceMatch, place: str, talk: dict[str, Any] | None
    ) -> bool:
        """The sites near ``match`` (``place`` as said), then the request asked with them or
        the question that waits."""
        # the sites' text offers mail order itself
        self.answer_naloxone_question(found, question=found.question != "mail")
        sites = self.lookup_sites(match, open_first=found.open_now, supply=found.supply)
        results = "supply_results" if found.supply else "naloxone_results"
        self.say(self.render(self.pick_string(results), extra=sites))
        if found.supply and self.asks_a_place_of_its_own() and self.takes_place(place):
            # "northampton, need strips too" to "What town?": the sites, and the answer
            return self.keep_text(place)
        if talk is not None:
            self.start_the_talk_asked(talk, place_name(match))
        elif self.in_flow() and self.st["flow"] != NALOXONE_FLOW:
            # asked in the other language, the question is put again in theirs
            turned = self.asked_in != self.st["language"]
            self.say(self.current_prompt() if turned else self.string("resume"))
        return True

    def searches_again(self, searched: Any) -> bool:
        """Right after the sites were sent and the conversation ended, a town said (a typo,
        or "no wait im in easthampton actually") is where to search, for what was searched.
        ``searched`` is what ``note_the_search`` kept of the last step's search."""
        if not isinstance(searched, Mapping) or self.in_flow():
            return False
        at = parse_time(searched.get("at"))
        if at is None or self.ctx.now - at > SEARCH_AGAIN_WINDOW:
            return False
        place = place_said_again(self.text)
        if place is None:
            return False
        match = self.resolve(place)
        if match.kind == "none":
            return False
        supply = searched.get("supply")
        found = Detected("naloxone", place_text=place, supply=supply if supply else None)
        return self.sites_near(found, match, place, None)

    def note_the_search(self) -> None:
        """Keep, for the next text only, that this one's search ended the conversation with
        sites sent: its time and the supply searched, never the place."""
        self.st.pop("searched", None)
        if self.searched_now is None or self.in_flow():
            return
        self.st["searched"] = {"at": self.ctx.now.isoformat(), **self.searched_now}

    def town_in_two_words(self, text: str) -> str | None:
        """Two words of the text that are a county town's one-word name ("belcher town")."""
        words = normalise(text).split()
        for pair in (f"{a} {b}" for a, b in pairwise(words)):
            if self.ctx.places.is_town_name(pair):
                return pair
        return None

    def town_given(self) -> PlaceMatch | None:
        """The place this conversation was already given, to search near when naloxone is
        asked for mid-conversation: the answer to its town question (a town or ZIP), else the
        one county town its texts named as where the person is (``flows.towns_said``). None
        outside a conversation, at the menu or in the finder, whose own question asks."""
        if not self.in_flow() or self.st["flow"] in (MENU_FLOW, NALOXONE_FLOW):
            return None
        answered = self.st["vars"].get("town")
        town = answered if isinstance(answered, str) else the_town_said(self.st["towns_said"])
        match = self.resolve(town) if town else None
        return match if match is not None and match.kind != "none" else None

    def talk_asked_too(self, found: Detected) -> dict[str, Any] | None:
        """A naloxone search that also asks for someone to talk to ("i need narcan and someone
        to talk to"), as a first text or the menu's answer: naloxone first, then the request
        (family support when the words name a loved one, else support for oneself) with what
        the words already answer. None when the text asks for no one to talk to."""
        if found.supply or (self.in_flow() and self.st["flow"] != MENU_FLOW):
            return None
        if not asks_for_someone_to_talk_to(self.said):
            return None
        menu = self.flows.get(MENU_FLOW)
        start = menu.states.get(menu.start or "") if menu is not None else None
        people = [o for o in start.options if o.goto in (SELF_FLOW, FAMILY_FLOW)] if start else []
        index = match_choice(self.said, option_phrases(people))
        flow_id = people[index].goto if index is not None else SELF_FLOW
        flow = self.flows.get(flow_id or "")
        if flow is None or flow_id is None:
            return None
        answers = {}
        for state in flow.states.values():
            named = options_named(state, self.said, option_phrases(state.options))
            if state.save and named:
                answers[state.save] = [o.value for o in named]
        return {"flow": flow_id, "answers": answers}

    def remember_the_talk_asked(self, talk: dict[str, Any] | None) -> None:
        """Keep the request asked for with the search, to start once the search ends."""
        if talk is not None:
            self.st["talk_next"] = talk

    def start_the_talk_asked(self, talk: Mapping[str, Any], town: Any) -> None:
        """The request for someone to talk to, after the naloxone sites: its questions the
        search's words and town (``town``, where a county town) answered are not asked again.
        Its naloxone information is not said: the sites just were."""
        if isinstance(town, str) and town in towns_said(self.ctx.places, town):
            self.st["towns_said"] = {town: True}
        self.say(self.string("talk_too"))
        self.sites_said = True
        answers = talk.get("answers")
        self.told = dict(answers) if isinstance(answers, Mapping) else {}
        self.enter_flow(str(talk.get("flow")))
        self.told = {}

    def answer_naloxone_question(self, found: Detected, question: bool = True) -> None:
        """Never Use Alone, if the text tells of using alone ("where can i get narcan im using
        alone tonight"); then the answer to a question about naloxone ("how do i use narcan"),
        if the text asks one and ``question`` wants it."""
        if found.after_a_break:  # says Never Use Alone too
            self.say(self.string("after_a_break"))
        elif found.using_alone:
            self.say(self.string("using_alone"))
        name = _NALOXONE_ANSWERS.get(found.question or "") if question else None
        if name is not None:
            self.say(self.string(name))

    def menu_option_number(self, flow_id: str) -> str | None:
        """The number that picks the menu option leading to ``flow_id``, if the menu has one."""
        state = self.current_state()
        options = state.options if state is not None else ()
        return next((str(i + 1) for i, o in enumerate(options) if o.goto == flow_id), None)

    def asks_a_place_of_its_own(self) -> bool:
        """The question waiting is a place the conversation keeps (the self-referral's town),
        not the naloxone finder's."""
        state = self.current_state()
        return self.in_flow() and state is not None and state.lookup != "naloxone"

    def takes_place(self, text: str) -> bool:
        """The question waiting is a place and the text names one."""
        state = self.current_state()
        return (
            self.in_flow()
            and state is not None
            and state.input == "place"
            and not self.st["pending"]
            and self.resolve(text).kind != "none"
        )

    def keep_text(self, text: str) -> bool:
        """Go on with only ``text`` as what the person said; False, so the conversation has it."""
        self.text = text
        return False

    def lookup_sites(
        self, match: PlaceMatch, open_first: bool = False, supply: str | None = None
    ) -> dict[str, str]:
        """Find sites near a place (those open now first if asked), log the search, and return
        the {sites} and {place} text. For a supply, the sites with it; none near, the nearest
        that have it wherever they are (``_far``)."""
        zone = ZoneInfo(self.ctx.settings.timezone)
        offers = interrupts.SUPPLIES.get(supply or "")
        places = self.ctx.places
        nearby = list(
            places.nearest_sites(match, self.ctx.now, tz=zone, open_first=open_first, offers=offers)
        )
        far = bool(offers) and not nearby
        if far:
            nearby = list(
                places.nearest_sites(
                    match, self.ctx.now, tz=zone, open_first=open_first, offers=offers,
                    max_km=math.inf,
                )
            )  # fmt: skip
        town = match.towns[0].name if len(match.towns) == 1 else None
        searched = {"supply": supply} if supply else {}
        self.searched_now = dict(searched)
        self.emit(
            "log_search",
            town=town,
            zip=match.zip,
            results=0 if far else len(nearby),
            nearest_km=round(min(s.km for s in nearby), 1) if nearby else None,
            **searched,
        )
        place = place_name(match)
        self.st["vars"]["_place"] = place
        self.st["vars"]["_sites"] = [_site_row(s) for s in nearby]
        self.st["vars"]["_open_now"] = open_first
        for name, value in (("_supply", supply), ("_far", far)):
            if value:
                self.st["vars"][name] = value
            else:
                self.st["vars"].pop(name, None)
        return {"place": place, "sites": self.sites_text()}

    def sites_text(self) -> str:
        rows = self.st["vars"].get("_sites") or []
        place = self.st["vars"].get("_place") or ""
        supply = self.st["vars"].get("_supply")
        if not rows and supply:
            extra = {"place": place, "supply": self.supply_name(supply)}
            return self.render(self.pick_string("no_supply_sites"), extra=extra)
        if not rows:
            return self.render(self.pick_string("no_sites"), extra={"place": place})
        now = self.ctx.now.astimezone(ZoneInfo(self.ctx.settings.timezone))
        asked = bool(self.st["vars"].get("_open_now"))
        found = SupplyFound(supply, bool(self.st["vars"].get("_far"))) if supply else None
        return site_list_text(rows, place, self.say_string, self.st["language"], now, asked, found)

    def resolve(self, text: str) -> PlaceMatch:
        point = shared_point(text)  # read before punctuation goes: "42.32,-72.63"
        if point is not None:
            return self.ctx.places.at_point(*point)
        said = normalise(text).split()
        # "town" is a filler word, but not in "belcher town"
        words = [
            w
            for i, w in enumerate(said)
            if w not in PLACE_FILLER
            or (i > 0 and self.ctx.places.is_town_name(f"{said[i - 1]} {w}"))
        ]
        cleaned = " ".join(words)
        if not cleaned:
            return PlaceMatch(kind="none")
        match = self.ctx.places.resolve(cleaned)
        if match.kind != "none":
            return match
        # The words dropped above may be what made the town the person's: without "i'm in",
        # "at work. i'm in ware" read Ware as the town of work.
        town = self.ctx.places.town_said_last(text)
        if town is None:
            return match
        return PlaceMatch(kind="town", towns=(town,), lat=town.lat, lon=town.lon)

    def answer_place(self, state: State) -> None:
        pending = self.st.get("pending")
        if pending:
            towns = list(pending.get("towns") or [])
            names = [[t] for t in towns]
            index = match_choice(self.text, names)
            if index is not None:
                self.st["pending"] = None
                self.save(state, towns[index], None)
                self.after_answer(state, None)
                return
            # A number off the list, or a town refused ("not Amherst"): show the list again.
            if as_number(self.text) is not None or refuses_a_choice(self.text, names):
                self.retry(state, self.current_prompt())
                return
        if self.yes_to_the_town_guessed(state):
            return
        if state.optional and normalise(self.text) in SKIP_WORDS:
            self.skip_place(state)
            return
        if not normalise(self.text):  # "😢" names no place, and is no typo: a kind word
            self.retry(state, f"{self.string('no_words')}\n{self.current_prompt()}")
            return
        place_text, open_first = self.text, False
        if state.lookup == "naloxone":
            words, open_first = interrupts.split_open_now(normalise(self.text).split())
            if shared_point(self.text) is None:
                place_text = " ".join(words)
            open_first = open_first or bool(self.st["vars"].get("_open_now"))
        asked = self.asked_of_naloxone(state)
        match = self.resolve(place_text)
        if match.kind == "none" and asked is not None:
            self.answer_asked_of_naloxone(asked, ask_again=True)
            return
        if match.kind == "none":
            self.place_not_found(state, match)
            return
        self.st["pending"] = None
        if asked is not None:
            self.answer_asked_of_naloxone(asked, ask_again=False)
        if state.lookup == "naloxone":
            self.lookup_sites(match, open_first=open_first, supply=self.st["vars"].get("_supply"))
            self.save(state, place_name(match), None)
            self.after_answer(state, None)
            return
        if len(match.towns) > 1:
            towns = [t.name for t in match.towns]
            self.st["pending"] = {"towns": towns}
            self.say(self.current_prompt())
            return
        name = match.towns[0].name if match.towns else (match.zip or normalise(self.text))
        self.save(state, name, None)
        self.after_answer(state, None)

    def yes_to_the_town_guessed(self, state: State) -> bool:
        """A yes to "Did you mean Belchertown?" is Belchertown: the answer goes on with the
        town guessed as said. A yes to several guessed ("Easthampton or Northampton?") names
        none of them, so the guess is shown again, and no miss is counted. True when the
        question was answered or asked again here."""
        guessed = self.st["vars"].pop(_GUESSED, None)
        if not isinstance(guessed, list) or not guessed or not says_yes(self.text):
            return False
        if len(guessed) == 1:
            self.text = str(guessed[0])
            return False
        self.st["vars"][_GUESSED] = guessed
        self.say(self.suggestion_text(guessed, state))
        return True

    def suggestion_text(self, towns: list[str], state: State) -> str:
        """ "Did you mean ...?" with the towns guessed; in the finder, naloxone by mail too."""
        joined = f" {self.string('or')} ".join(towns)
        text = self.render(self.pick_string("place_suggest"), {"suggestions": joined})
        if state.lookup == "naloxone":  # however the search goes, naloxone by mail
            text = f"{text}\n{self.string('mail_order')}"
        return text

    def asked_of_naloxone(self, state: State) -> str | None:
        """A question about naloxone at the finder's question ("how do i use it tho", "does
        it work on tranq"): "it" is the naloxone searched for, not the strips of a supply
        search. The question's kind (``flows.naloxone_questions``), or None."""
        if state.lookup != "naloxone" or self.st["vars"].get("_supply"):
            return None
        question, _language = naloxone_question(normalise(self.text))
        return question

    def answer_asked_of_naloxone(self, question: str, ask_again: bool) -> None:
        """The answer, then (with no place said) the finder's question again: no retry, as
        nothing was wrong with the answer. Asked by mail, the by-mail question is both."""
        if question == "mail":
            if ask_again:
                self.say(self.string("naloxone_by_mail"))
            return  # the sites' text offers mail order itself
        self.say(self.string(_NALOXONE_ANSWERS[question]))
        if ask_again:
            self.say(self.current_prompt())

    def skip_place(self, state: State) -> None:
        """An optional place question answered with no place: saved as not given."""
        self.st["pending"] = None
        self.save(state, None, None)
        self.after_answer(state, None)

    def place_not_found(self, state: State, match: PlaceMatch) -> None:
        """No place in the answer. A refusal, no fixed address or "idk" skips an optional
        question, and in the finder gets a plain ask; anything else is asked again, with the
        towns it is a close spelling of. The finder always offers naloxone by mail. In the
        finder, an ask for support ("i want help for myself", "not narcan, help for my son")
        leaves the search for the menu, read as its answer, and so does a change of mind ("wait no",
        "no nvm i want a coach"); a second place not found leaves it
        too, with the menu shown. A search that interrupted a conversation is not left: the
        conversation waits on it."""
        if state.lookup == "naloxone" and not self.st.get("resume"):
            instead = words_after_a_change_of_mind(self.text)  # "wait no", "nvm i want a coach"
            if instead is not None:
                self.text = instead
            if (
                instead is not None
                or asks_for_support(self.text)
                or asks_for_a_loved_one_not_naloxone(self.text)
            ):
                self.leave_search_for_support()
                return
        if self.says_text_only_noted(state):
            return
        reason = no_place_reason(self.text)
        if reason is not None and state.optional:
            self.skip_place(state)
            return
        if state.lookup == "naloxone":
            supply = self.st["vars"].get("_supply")
            searched = {"supply": supply} if supply else {}
            self.emit("log_search", town=None, zip=None, results=0, nearest_km=None, **searched)
            misses = int(self.st["vars"].get("_misses") or 0) + 1
            self.st["vars"]["_misses"] = misses
            if misses >= 2 and reason != "no_fixed_address" and not self.st.get("resume"):
                # Twice no place: the search gets them nowhere, so the menu is offered.
                self.say(self.string("search_to_menu"))
                self.restart()
                return
        if reason == "no_fixed_address" and state.lookup == "naloxone":
            self.retry(state, self.string("place_no_address"))  # mail order needs an address
            return
        if reason is None and match.suggestions:
            guessed = list(match.suggestions[:3])
            self.st["vars"][_GUESSED] = guessed  # a yes next is to these
            self.retry(state, self.suggestion_text(guessed, state))
            return
        if reason is None:
            self.retry(state)
            return
        text = self.string("place_needed")
        if state.lookup == "naloxone":  # however the search goes, naloxone by mail
            text = f"{text}\n{self.string('mail_order')}"
        self.retry(state, text)

    def leave_search_for_support(self) -> None:
        """The finder's town question answered with an ask for support: the menu, read as
        answered by those words as a first text is. Once they answer it, the menu's welcome
        stays and its choices go, for the question that follows."""
        self.restart()
        menu, at = self.current_state(), len(self.replies) - 1
        shown = self.replies[at] if at >= 0 else None
        self.take_as_menu_answer()
        if menu is None or self.st.get("flow") == MENU_FLOW or self.replies[at] != shown:
            return
        self.replies[at] = without_blank_lines(self.render(menu.prompt or {}, {"options": ""}))

    def keep_a_town_said_alone(self) -> None:
        """A text that is a county town's name and nothing else tells where the person is,
        whatever question it missed: the town question later takes it (``towns_said``)."""
        said = towns_said(self.ctx.places, self.text)
        if len(said) != 1:
            return
        (name,) = said
        words = [w for w in normalise(self.text).split() if w not in PLACE_FILLER]
        if words == normalise(name).split():
            self.st["towns_said"] = merged(self.st["towns_said"], {name: True})
