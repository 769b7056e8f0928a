"""An answer taken back or changed: "go back", "wait no, text me", "no, the town is wrong" or
"yes but text me" at a summary, and another answer picked for a question already answered.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from flows.answer_words import about_someone_elses_contact, holds, option_phrases
from flows.engine_terms import POLICE_VAR, in_language, parse_time
from flows.nods import closes_only
from flows.script import Flow, Option, State
from flows.text import as_number, contains_phrase, match_choice, normalise

# Words that change something in a yes to a summary: "yes but text me", "yes, my name is
# actually Jess", "ok but the town is wrong", "si, pero mejor por mensaje". Not "the wait"
# ("yes please, the wait is killing me"): a wait, not "wait, the town is wrong".
_CHANGES_SOMETHING = re.compile(
    r"\b(?:but|actually|instead|meant|mean|oops|(?<!the )(?<!this )(?<!a )(?<!long )wait|"
    r"change|changed|wrong|not|dont|except|"
    r"name|names|rather|fix|pero|en realidad|quise decir|mejor|cambiar|cambia|cambien|nombre|"
    r"llamo|en vez)\b"
)

# A "no" said first to a summary, before what is wrong with it: "no, the town is wrong".
_A_NO_FIRST = re.compile(r"^(?:no|nope|nah) ")

# Words that take back the answer just given, said first: "actually", "oops i meant", "wait
# no", "sorry"; "instead" anywhere ("text me instead").
_TAKING_BACK = re.compile(
    r"^(?:(?:no|nope|nah) )?(?:(?:oh|oops|wait|sorry|actually|i meant|i mean|meant|my bad|"
    r"scratch that|on second thought|perdon|en realidad|quise decir|mejor|espera)"
    r"(?: (?:no|nope|nah)(?= ))? )+"
)
_INSTEAD = re.compile(r"\b(?:instead|rather|en vez|mejor)\b")


# A request not sent, wanted after all: "wait no actually send it", "si mandalo", "ay no mejor
# mandalo", "oye si manda eso", "ok send it please". The word that sends, with only such words
# around it: "dont send it" or "send it to my mom" is no yes.
_SENDS = frozenset(
    {"send", "manda", "mandalo", "mandala", "mandelo", "mandenlo", "mandenla", "mandar",
     "mandarlo", "envia", "envialo", "enviala", "envielo", "envienlo", "enviar", "enviarlo",
     "mande", "manden", "envie", "envien"}
)  # fmt: skip
# Sends said to "usted" that are also "don't send" after a "no": "no mande eso", "no lo manden".
_SENDS_UNLESS_NO = frozenset({"mande", "manden", "envie", "envien"})
_AROUND_A_SEND = frozenset(
    {"wait", "no", "nope", "nah", "na", "actually", "ok", "okay", "okey", "oh", "ah", "ay", "yes",
     "yeah", "yea", "si", "please", "pls", "it", "that", "in", "go", "ahead", "and", "after",
     "all", "anyway", "anyways", "then", "now", "just", "por", "favor", "porfa", "mejor",
     "espera", "on", "second", "thought", "i", "changed", "my", "mind", "can", "you", "u", "do",
     "want", "to", "cambie", "de", "opinion", "lo", "la", "eso", "esa", "pueden", "puede",
     "quiero", "thanks", "sorry", "perdon", "oye", "pues", "bueno", "dale", "vale", "ya",
     "entonces", "ahora", "pensandolo", "bien", "mira", "hey", "um", "uh", "eh", "que"}
)  # fmt: skip
# A request not sent is kept this long for a send after all, then dropped.
UNSENT_KEPT = timedelta(minutes=30)


def asks_to_send_after_all(text: str) -> bool:
    """The text asks to send what it just did not send, and says nothing else."""
    words = normalise(text).split()
    sends = [
        word
        for i, word in enumerate(words)
        if word in _SENDS and not (word in _SENDS_UNLESS_NO and _after_a_no(words[:i]))
    ]
    return bool(sends) and set(words) <= _SENDS | _AROUND_A_SEND


def _after_a_no(before: list[str]) -> bool:
    """The words end in "no", or "no lo" (a "no" that makes "mande" "don't send")."""
    if before[-1:] == ["no"]:
        return True
    return before[-2:-1] == ["no"] and before[-1] in ("lo", "la", "eso")


def _corrected(text: str) -> list[str]:
    """What a text that takes back an answer says instead, most likely first ("wait no, text
    me": "no text me", then "text me"); none when it takes nothing back."""
    norm = normalise(text)
    said = _TAKING_BACK.match(norm + " ")
    if said is None:
        return [norm] if _INSTEAD.search(norm) else []
    rest = norm[said.end() :].strip()
    kept = " ".join(w for w in said.group(0).split() if w in ("no", "nope", "nah"))
    return [r for r in (f"{kept} {rest}".strip(), rest) if r]


def change_option(flow: Flow, state: State) -> Option | None:
    """The summary's "change something" option: the one leading to a question whose answers
    each go back to the summary. None where ``state`` is no summary."""
    for option in state.options:
        what = flow.states.get(option.next or "")
        if (
            what is not None
            and what.options
            and all(o.return_to == state.name for o in what.options)
        ):
            return option
    return None


def _sends(flow: Flow, option: Option) -> bool:
    """The option leads to a step that does something (sends the request)."""
    target = flow.states.get(option.next or "")
    return target is not None and bool(target.effects)


class Corrections:
    """Answers taken back or changed: a part of ``flows.engine._Run``, which inherits it. It reads
    and sets the run's attributes ``flows``, ``st``, ``text`` (see ``_Run.__init__``) and calls
    these methods of the run and its other parts: ``after_answer``, ``current_prompt``,
    ``current_state``, ``finish``, ``flow``, ``in_flow``, ``restart``, ``run_from``, ``save``,
    ``say``, ``say_string``, ``string``; and the run's ``ctx``.
    """

    def go_back(self) -> None:
        """Ask the question answered before this one again, its answer forgotten. A town pick
        goes back to the town question; a flow's first question to the menu, or to where a
        naloxone search left the conversation."""
        if not self.in_flow():
            self.restart()
            return
        if self.st.get("pending"):
            self.st["retries"] = 0
            self.run_from(self.st["node"])
            return
        history = self.st.get("back")
        if not isinstance(history, list) or not history:
            if self.st.get("resume"):
                self.finish()
            else:
                self.restart()
            return
        last = history.pop()
        node = last.get("node") if isinstance(last, Mapping) else None
        state = self.flow().states.get(node or "")
        if state is None:
            self.restart()
            return
        if state.save is not None:
            self.st["vars"].pop(state.save, None)
            self.st["vars"].pop(f"{state.save}_words", None)
            self.st["labels"].pop(state.save, None)
        self.st["retries"] = 0
        self.st["return_to"] = last.get("return_to")
        self.run_from(state.name)

    def corrects_the_last_answer(self) -> bool:
        """ "Actually dont call, text", "oops i meant text" to the question after "How should
        we reach you?": the other answer of the question just answered is taken, said, and
        the question waiting is asked again (as "go back" then that answer would). Only with
        words that take something back ("actually", "i meant", "wait", "instead"), and only
        for a choice of the script's own options: "dont call before 10" is a time."""
        history = self.st.get("back")
        last = history[-1] if isinstance(history, list) and history else None
        before = (
            self.flow().states.get(last.get("node") or "") if isinstance(last, Mapping) else None
        )
        if (
            before is None
            or before.input != "choice"
            or before.free_text
            or before.save is None
            or as_number(self.text) is not None
            or about_someone_elses_contact(normalise(self.text))
        ):
            return False
        option = None
        for rest in _corrected(self.text):
            index = match_choice(rest, option_phrases(before.options))
            if index is not None:
                option = before.options[index]
                break
        if option is None or option.goto or holds(self.st["vars"].get(before.save), option.value):
            return False
        if before.save == POLICE_VAR and option.value is not True:
            self.go_back()  # consent to police only as the answer to its question
            return True
        assert isinstance(history, list) and isinstance(last, Mapping)
        history.pop()
        self.st["return_to"] = last.get("return_to")
        self.st["node"] = before.name
        label = in_language(option.label, self.st["language"])
        self.say(self.say_string("answer_changed", {"answer": label}))
        self.save(before, option.value, dict(option.label))
        self.after_answer(before, option)
        return True

    def names_what_is_wrong(self, state: State, index: int | None) -> bool:
        """A summary's answer that says something is wrong and names it ("2 el pueblo esta
        mal, no en northampton", "no the town is wrong") goes to that question, then the
        summary: its "no" is about the town, not the request. A yes that corrects something
        is ``corrects_the_summary``'s."""
        flow = self.flow()
        change = change_option(flow, state)
        if (
            change is None
            or change.next is None
            or (index is not None and _sends(flow, state.options[index]))
            or as_number(self.text) is not None
        ):
            return False
        said = _A_NO_FIRST.sub("", normalise(self.text))  # "no, the town is wrong"
        what = flow.states[change.next]
        field = match_choice(said, option_phrases(what.options))
        wrong = any(contains_phrase(said, p) for p in option_phrases([change])[0])
        if not wrong or field is None:
            return False
        self.change_at_the_summary(state, change, what, what.options[field])
        return True

    def corrects_the_summary(self, state: State, option: Option) -> bool:
        """A yes to a summary that changes something too ("yes but text me not call", "yes,
        my name is actually Jess") is no yes: nothing is sent with the answer it corrects.
        The question its words name on the list of what to change is asked again, then the
        summary; naming none ("yes but hurry"), the summary is shown again. So does a yes that
        picks another answer than the summary shows ("yes, my phone is dead a lot so text" to
        "Call me"). A correction is never read into an answer here: "yes, dont call before
        10" is no wish for texts."""
        flow = self.flow()
        change = change_option(flow, state)
        if (
            change is None
            or change.next is None
            or not _sends(flow, option)
            or not (
                _CHANGES_SOMETHING.search(normalise(self.text))
                or self.picks_another_answer(flow.states[change.next])
            )
        ):
            return False
        self.say(self.string("not_sent_yet"))
        what = flow.states[change.next]
        index = match_choice(self.text, option_phrases(what.options))
        if index is None or as_number(self.text) is not None:
            self.st["retries"] = 0
            self.say(self.current_prompt())
            return True
        self.change_at_the_summary(state, change, what, what.options[index])
        return True

    def change_at_the_summary(
        self, summary: State, change: Option, what: State, picked: Option
    ) -> None:
        """Answer the summary's "change something" for them, then ``what``, the question their
        words named, with ``picked``: "go back" returns to the summary, not to ``what``."""
        self.save(summary, change.value, dict(change.label))
        self.st["back"].append({"node": summary.name, "return_to": None})
        self.st["node"] = what.name
        self.after_answer(what, picked)

    def picks_another_answer(self, what: State) -> bool:
        """A yes whose words name, on the list of what to change, a question of options, and
        pick one of them other than the answer saved: "so text" when the summary says call."""
        field = match_choice(self.text, option_phrases(what.options))
        if field is None or as_number(self.text) is not None:
            return False
        question = self.flow().states.get(what.options[field].next or "")
        if question is None or question.input != "choice" or question.save is None:
            return False
        picked = match_choice(self.text, option_phrases(question.options))
        saved = self.st["vars"].get(question.save)
        return picked is not None and not holds(saved, question.options[picked].value)

    def keep_the_unsent(self, state: State, option: Option) -> None:
        """ "Don't send it" at a summary: its answers are kept a short while (``UNSENT_KEPT``)
        for a send after all, and only until any other text; nothing more is kept, and a
        yes, a change or another question keeps nothing."""
        flow = self.flow()
        change = change_option(flow, state)
        if change is None or option is change or option.next is None or _sends(flow, option):
            return
        self.st["unsent"] = {
            "at": self.ctx.now.isoformat(),
            "flow": self.st["flow"],
            "node": state.name,
            "vars": copy.deepcopy(self.st["vars"]),
            "labels": copy.deepcopy(self.st["labels"]),
            "back": copy.deepcopy(self.st["back"]),
        }

    def sends_after_all(self, unsent: Any) -> bool:
        """ "Wait no actually send it" soon after "Don't send it": the same summary again, to
        confirm (nothing is sent before a yes to it). A nod or thanks in between ("ok") keeps
        the answers; any other text lets them go."""
        if not isinstance(unsent, Mapping) or self.in_flow():
            return False
        at = parse_time(unsent.get("at"))
        if at is None or self.ctx.now - at > UNSENT_KEPT or unsent.get("flow") not in self.flows:
            return False
        if not asks_to_send_after_all(self.text):
            if closes_only(self.text):
                self.st["unsent"] = dict(unsent)
            return False
        self.st.update(
            flow=unsent["flow"],
            node=unsent.get("node"),
            vars=copy.deepcopy(unsent.get("vars") or {}),
            labels=copy.deepcopy(unsent.get("labels") or {}),
            back=copy.deepcopy(unsent.get("back") or []),
            pending=None,
            return_to=None,
            retries=0,
        )
        if self.current_state() is None:
            self.restart()
            return True
        self.say(self.current_prompt())
        return True

    def at_a_summary(self) -> bool:
        """The conversation waits at a summary with every answer given, or is changing one
        of them from it."""
        flow = self.flows.get(self.st.get("flow") or "")
        state = self.current_state()
        if flow is None or state is None:
            return False
        summaries = {s.name for s in flow.states.values() if change_option(flow, s) is not None}
        return (
            state.name in summaries
            or self.st.get("return_to") in summaries
            or any(o.return_to in summaries for o in state.options)
        )
