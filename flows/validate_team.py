"""The flow check that keeps "no police" meaning no police, whatever an admin edits.

The team question's answer is saved as ``peers_only`` (true: no police), so a refusal heard at
any point in any conversation answers it (``flows.engine``), routing keeps police officers off
the case, a label that says no police in one language says it in the other, and no word that
picks the answer says the opposite of it ("no police officers" never lets police come).

Consent to police is taken only in so many words: each word that picks the option letting
police on the team names police and says yes to it, and says nothing else ("police ok", "si
policia"). A bare "police", "cops??" or "la policia?" may be a question or fear, never a yes.
"""

from __future__ import annotations

from collections.abc import Iterator

from flows.engine import POLICE_VAR
from flows.police import refuses_police
from flows.problem import LANGUAGE_NAMES, Problem
from flows.script import Flow, Option
from flows.text import normalise, says_yes_to_police

_POLICE_WORDS = frozenset(
    {"police", "cop", "cops", "officer", "officers", "policia", "policias", "agente", "agentes",
     "oficial", "oficiales"}
)  # fmt: skip
# The words that agree: one of them makes a phrase naming police a yes ("police too", "con
# policia" say police may come along).
_AGREEING = frozenset(
    {"yes", "yeah", "yep", "sure", "ok", "okay", "fine", "good", "alright", "too", "also",
     "with", "si", "bien", "vale", "dale", "claro", "acuerdo", "con", "tambien", "bueno"}
)  # fmt: skip
# Words that may stand beside a yes without changing it.
_PLAIN = frozenset(
    {"is", "are", "its", "thats", "that", "all", "me", "by", "the", "to", "please", "pls",
     "plz", "thanks", "thx", "ty", "esta", "es", "la", "el", "las", "los", "de", "por", "favor",
     "gracias", "parece"}
)  # fmt: skip
# A phrase that opens like a question asks: "is police ok" is no yes.
_ASKING = frozenset(
    {"is", "are", "can", "could", "will", "would", "do", "does", "should", "what", "how", "why",
     "who", "que", "quien", "como", "cuando"}
)  # fmt: skip
_CONSENT_EXAMPLES = '"police ok", "yes police", "fine with police", "si policia"'


def check_team_question(flow_id: str, flow: Flow) -> Iterator[Problem]:
    """The question of who may reach out keeps "no police" meaning no police: its answer is
    saved as ``peers_only``, true for no police, so a refusal heard at any point answers it
    and the case it makes keeps police away."""

    def error(path: str, message: str) -> Problem:
        return Problem("error", flow_id, path, message)

    for name, state in flow.states.items():
        if state.input != "choice":
            continue
        path = f"states.{name}"
        team = state.save == POLICE_VAR
        says_no_police = []
        for i, option in enumerate(state.options):
            where = f"{path}.options[{i}]"
            refusing = {lang for lang, text in option.label.items() if refuses_police(text)}
            if refusing:
                says_no_police.append(i)
            for lang in sorted(set(option.label) - refusing if refusing else ()):
                other = LANGUAGE_NAMES[sorted(refusing)[0]]
                yield error(
                    f"{where}.label.{lang}",
                    f"the {other} label says no police but the {LANGUAGE_NAMES[lang]} one "
                    "does not: say the same in both languages",
                )
            if team:
                yield from _check_team_words(flow_id, where, option)
            if team and not isinstance(option.value, bool):
                yield error(
                    f"{where}.value",
                    "the answer to who may reach out must be true (peers only, no police) or "
                    "false (a police officer may be part of the team)",
                )
            elif team and refusing and option.value is not True:
                yield error(
                    f"{where}.value",
                    "this option says no police, so its value must be true: a person who "
                    "picked it would otherwise get a police officer on their team",
                )
        if team and not any(o.value is True for o in state.options):
            yield error(
                f"{path}.options",
                "add an option with value true (peers only, no police): a person who says "
                "no police at any point is given that answer",
            )
        if says_no_police and not team:
            yield error(
                f"{path}.save",
                f"this question asks about police: save its answer as {POLICE_VAR} (true for "
                "no police), so a person who says no police at any point is answered for, and "
                "routing keeps police away",
            )
    for name, state in flow.states.items():
        for i, spec in enumerate(state.effects):
            if spec.kind != "create_case" or POLICE_VAR not in spec.data:
                continue
            if spec.data[POLICE_VAR] not in (True, f"{{{POLICE_VAR}}}"):
                yield error(
                    f"states.{name}.effects[{i}].data.{POLICE_VAR}",
                    f"must be {{{POLICE_VAR}}} (the person's answer) or true (always peers "
                    "only): anything else could send police to someone who said no",
                )


def _check_team_words(flow_id: str, where: str, option: Option) -> Iterator[Problem]:
    """The words that pick an answer to who may reach out say what the answer means: a
    refusal of police never picks police, a yes to police never picks peers only."""
    for lang, words in option.match.items():
        for word in words:
            if option.value is False and refuses_police(word):
                yield Problem(
                    "error",
                    flow_id,
                    f"{where}.match.{lang}",
                    f"{word!r} refuses police, but this option lets a police officer on the "
                    "team: a person who texts it would get police. Move it to the no-police "
                    "option",
                )
            elif option.value is False and not consents_to_police(word):
                yield Problem(
                    "error",
                    flow_id,
                    f"{where}.match.{lang}",
                    f"{word!r} is not a yes to police in so many words: a person who texts it "
                    'may be asking or afraid ("cops??"), and would get a police officer on '
                    "their team. Each word of this option must name police and say yes to it, "
                    f"with nothing else and no question, like {_CONSENT_EXAMPLES}",
                )
            elif option.value is True and says_yes_to_police(word) and not refuses_police(word):
                yield Problem(
                    "error",
                    flow_id,
                    f"{where}.match.{lang}",
                    f"{word!r} says yes to police, but this option means peers only, no police: "
                    "a person who texts it would not get the team they agreed to. Move it to "
                    "the option that lets police on the team",
                )


def consents_to_police(phrase: str) -> bool:
    """A phrase that names police and says yes to it, with nothing else beside and no question
    ("police ok", "de acuerdo con la policia"; not "police", "police ok?", "is police ok")."""
    if "?" in phrase or "\u00bf" in phrase:
        return False
    words = normalise(phrase).split()
    others = [w for w in words if w not in _POLICE_WORDS]
    return (
        len(others) < len(words)
        and any(w in _AGREEING for w in others)
        and all(w in _AGREEING or w in _PLAIN for w in others)
        and words[0] not in _ASKING
    )
