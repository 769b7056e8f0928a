"""Reading an answer's words beyond the option they pick: which option each phrase names, the
person's own words worth keeping for the team, a time said, a wish about someone else's
number, and the words cut to fit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from flows.calls_not_possible import says_calls_dont_work, without_calls_words
from flows.engine_terms import FAMILY_FLOW, SELF_FLOW
from flows.loss_told import tells_a_death, uses_again
from flows.loved_one import for_a_loved_one
from flows.own_ask import asks_for_oneself
from flows.script import Option, State
from flows.support_asked import asks_for_a_loved_one_not_naloxone
from flows.text import normalise, phrase_key, short_answer


def option_phrases(options: Sequence[Option]) -> list[list[str]]:
    """Every word or phrase that names each option, in both languages."""
    result = []
    for option in options:
        words = [str(option.value)] if isinstance(option.value, str) and option.match_value else []
        words += list(option.label.values())
        for extra in option.match.values():
            words += list(extra)
        result.append(words)
    return result


def for_whom(menu: State, text: str, index: int | None) -> int | None:
    """The menu option ``text`` picks: family support when it names a loved one as the one who
    needs help ("i need help getting my son into detox", "not narcan, help for her"), or tells
    of a death ("my brother died and i cant stop crying"), whatever else its words name.
    Bereaved and using again or asking help for themselves ("my son died and i relapsed", "my
    grandma died, need help with my own drinking"): a self-referral (after the condolences)."""
    picked = menu.options[index].goto if index is not None else None
    wanted = None
    if for_a_loved_one(text) or asks_for_a_loved_one_not_naloxone(text):
        wanted = FAMILY_FLOW
    elif picked in (None, FAMILY_FLOW, SELF_FLOW) and tells_a_death(text):
        wanted = SELF_FLOW if uses_again(text) or asks_for_oneself(text) else FAMILY_FLOW
    for i, option in enumerate(menu.options):
        if wanted is not None and option.goto == wanted:
            return i
    return index


# Words that add nothing to a picked option: "mornings are best please".
_AROUND_A_CHOICE = frozenset(
    {"please", "pls", "plz", "thanks", "thank", "you", "ty", "is", "are", "best", "better",
     "good", "fine", "ok", "okay", "works", "work", "for", "me", "i", "the", "in", "a", "an",
     "prefer", "like", "would", "usually", "mostly", "probably", "maybe", "yes", "yeah", "sure",
     "por", "favor", "gracias", "la", "el", "en", "las", "los", "mejor", "prefiero",
     "queda", "bien", "si", "de", "es"}
)  # fmt: skip


def cut_to(text: str, limit: int) -> str:
    """The text within ``limit`` characters, cut after a whole word where there is one, and
    marked "..." when cut (three dots, which every phone shows without a costlier encoding)."""
    if len(text) <= limit:
        return text
    room = max(limit - 3, 1)
    cut = text[:room]
    space = cut.rfind(" ")
    if text[room] != " " and space > room // 2:  # a word cut in two goes
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + "..."


# A question, by how it starts: "can you text him instead?", "when will you call".
_A_QUESTION = re.compile(
    r"^(?:(?:ok|okay|so|um|and|but|also|wait|hey|hi|oh|sorry|pero|y) )*(?:can|could|will|"
    r"would|do|does|did|is|are|should|may|what|whats|when|who|whos|why|how|where|which|puede|"
    r"pueden|podria|podrian|que|cuando|quien|quienes|por que|como|donde|cual)\b"
)
# A wish about someone else's number: "text him instead", "call my son", "his number is".
_SOMEONE_ELSES_CONTACT = re.compile(
    r"\b(?:text|txt|call|calling|texting|contact|reach|message|phone|ring) (?:him|her|them|"
    r"my (?:son|daughter|kid|child|husband|wife|partner|boyfriend|girlfriend|bf|gf|brother|"
    r"sister|mom|mother|mum|dad|father|friend|cousin|nephew|niece|grandson|granddaughter|"
    r"roommate))\b"
    r"|\b(?:his|their) (?:number|phone|cell)\b"
    r"|\b(?:llamar|llamen|llame|llamarle|escribir|escriban|escribanle|contactar|contacten) a "
    r"(?:el|ella|mi (?:hijo|hija|esposo|esposa|marido|pareja|novio|novia|hermano|hermana|mama|"
    r"madre|papa|padre|amigo|amiga))\b"
)
# Words that tell a time, for a question that still answers one ("can you call after work?").
# The questions that take the person's own words in our scripts ask for a time.
_TELLS_A_TIME = frozenset(
    {"morning", "mornings", "afternoon", "afternoons", "evening", "evenings", "night", "nights",
     "tonight", "noon", "midday", "am", "pm", "today", "tomorrow", "weekend", "weekends",
     "weekday", "weekdays", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
     "sunday", "mondays", "tuesdays", "wednesdays", "thursdays", "fridays", "saturdays",
     "sundays", "after", "before", "between", "until", "till", "til", "around", "early",
     "earlier", "late", "later", "lunch", "work", "anytime", "whenever", "oclock", "asap",
     "manana", "tarde", "noche", "hoy", "despues", "antes", "temprano", "lunes", "martes",
     "miercoles", "jueves", "viernes", "sabado", "domingo", "semana", "trabajo"}
)  # fmt: skip


def about_someone_elses_contact(norm: str) -> bool:
    """The normalised words ask us to reach someone else ("text him instead")."""
    return _SOMEONE_ELSES_CONTACT.search(norm) is not None


def no_answer_in_own_words(text: str) -> bool:
    """Not an answer to keep as typed: a wish about someone else's number ("can you text him
    instead of calling me?"), or a question that names no time ("when will you call?"); the
    team would read either as the best time to reach the person."""
    norm = normalise(text)
    if about_someone_elses_contact(norm):
        return True
    words = norm.split()
    named = any(w in _TELLS_A_TIME or any(c.isdigit() for c in w) for w in words)
    return _A_QUESTION.match(norm) is not None and not named


def says_more(text: str, phrases: Sequence[str]) -> bool:
    """The text says more than the option it named: words beyond its phrases and filler."""
    named = {word for phrase in phrases for word in phrase_key(phrase).split()}
    said = short_answer(text).split()  # "k" is "ok"
    return any(w not in named and w not in _AROUND_A_CHOICE for w in said)


# Words that only say whose ("my husband", "its my son"): nothing more than the answer.
_WHOSE = frozenset({"my", "our", "his", "her", "their", "its", "it", "he", "she", "they", "hes",
                    "shes", "mi", "su", "mis", "nuestro", "nuestra", "es"})  # fmt: skip


def beside_calls_words(text: str) -> str:
    """What ``text`` says beside calls not working ("coach, im deaf" is "coach"): those words
    go on the request only as text only."""
    return without_calls_words(text) if says_calls_dont_work(text) else text


# Words beside a way to reach that make it part of the time, not a change of it: "dont call
# before 10", "any time but text first".
NOT_A_CHANGE_OF_REACH = frozenset(
    {"not", "dont", "no", "never", "first", "then", "also", "too", "or", "nunca", "primero",
     "luego", "tambien", "o"}
)  # fmt: skip


def asks_the_time(state: State) -> bool:
    """The state is a best-time question that takes the person's own words."""
    return state.free_text and state.save == "best_time"


def says_much_more(text: str, phrases: Sequence[str]) -> bool:
    """More words than the option named, beyond filler and whose ("my husband"): two at least
    ("yes but he cant know"), worth keeping for the team."""
    return len(more_words(text, phrases)) >= 2


def more_words(text: str, phrases: Sequence[str]) -> list[str]:
    """The words of ``text`` beyond the option named, filler and whose."""
    named = {word for phrase in phrases for word in phrase_key(phrase).split()}
    said = short_answer(text).split()
    return [w for w in said if w not in named and w not in _AROUND_A_CHOICE and w not in _WHOSE]


def holds(saved: Any, wanted: Any) -> bool:
    """A saved answer is ``wanted``, or holds it among its picks."""
    if isinstance(saved, list):
        return wanted in saved
    return saved == wanted
