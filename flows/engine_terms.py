"""The names the engine's parts share: flows, saved answers, limits and windows of time.

Kept apart from ``flows.engine`` so that the modules ``_Run`` is made of can read them; the
engine re-exports the ones other packages import.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flows.script import Text
from flows.text import GREETING_AND_COURTESY

MENU_FLOW = "menu"
SYSTEM_FLOW = "system"
NALOXONE_FLOW = "naloxone"
# The self-referral's need for naloxone, whose information the naloxone sites say already.
NALOXONE_NEED = "naloxone"

FAMILY_FLOW = "family"
SELF_FLOW = "self_referral"
# The family flow's answer for a death told (its "what would help" option), and its words.
GRIEF = "grief"
# The engine's variable of words said in the conversation that go with its request: a crisis
# or an emergency told at a question, more words than an answer ("yes but he cant know").
SAID = "_said"
# The engine's variable of what the request is told without the person's words (a recent
# overdose, a loved one's consent): fixed phrases for offers and the claim.
TOLD_VAR = "_told"
CONDOLENCES = "res_grief"
# Condolences for a death told with no cause named: GRASP only "if" it was substance use.
GRIEF_ANY_CAUSE = "grief_any_cause"
GRIEF_OTHER_CAUSE = "grief_other_cause"
RETRIES_BEFORE_HINT = 3
# Words kept for a request are cut here: an SMS's worth, as a note after a request is.
MAX_SAID = 1600
# The person's own words beside their picks at a question that keeps them: two SMS segments
# at most for the team, and one line's worth in the summary they confirm.
MAX_OWN_WORDS = 320
SHOWN_WORDS = 100
# The saved answer that says whether police may be part of the team (true: peers only).
POLICE_VAR = "peers_only"
# The saved answer of the name question, and where a name told at another one waits for it.
NAME_VAR = "name"
# How the self-referral reaches the person, and the option of the contact questions that texts.
CONTACT_VAR = "contact_method"
TEXT = "text"
# Calls do not work for them: the request says text only (the var its answer was saved in).
TEXT_ONLY = "_text_only"
KEPT_NAME = "_name_told"
# Interrupts answered in the language of their words ("número equivocado" in an English chat).
IN_THE_WORDS_LANGUAGE = frozenset(
    {
        "emergency",
        "crisis",
        "urgent",
        "opt_out",
        "help",
        "how_to_stop",
        "never_mind",
        "wrong_number",
        "alerts_on",
        "alerts_off",
    }
)
# Safety texts a Spanish conversation gets in Spanish unless the words are clearly English:
# "overdosing help" or "overdose pls" are said by Spanish speakers too.
SAFETY = frozenset({"emergency", "crisis", "urgent"})
# Interrupts that answer a text before a refusal of police in it does (which is still acted on).
BEFORE_A_REFUSAL = frozenset({"opt_out", "help", "emergency", "crisis", "urgent"})

SKIP_WORDS = frozenset(
    {"skip", "no", "none", "nope", "pass", "prefer not", "no thanks", "omitir", "saltar",
     "ninguno", "ninguna", "nada", "paso", "prefiero no"}
)  # fmt: skip
PLACE_FILLER = frozenset({"im", "i", "am", "live", "from", "in", "near", "the", "my", "zip",
                          "town", "vivo", "estoy", "soy", "de", "en", "cerca",
                          *GREETING_AND_COURTESY})  # fmt: skip

# "Cancel your request?" is answered within this long, or forgotten: a YES later answers
# whatever was texted since (the still-trying text, a responder's question).
WITHDRAW_ANSWER_WINDOW = timedelta(hours=1)
# Naloxone wears off in 30-90 minutes: "ok hes breathing now" this soon after the steps is told
# to stay with them.
AFTER_STEPS_WINDOW = timedelta(hours=2)
# Words of despair this soon after the crisis text are that crisis going on ("whats the point").
AFTER_CRISIS_WINDOW = timedelta(hours=2)


def parse_time(value: Any) -> datetime | None:
    """A saved ISO time with its zone, or None for anything else (older or damaged states)."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def in_language(text: Text, language: str) -> str:
    """The text in ``language``, else in English, else whatever it has."""
    return text.get(language) or text.get("en") or next(iter(text.values()), "")
