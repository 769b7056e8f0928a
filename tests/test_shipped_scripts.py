"""The shipped scripts validate cleanly, and each validator check catches its problem."""

from __future__ import annotations

import textwrap

import pytest

from flows.script import SHIPPED_FLOW_IDS, ScriptError, load_flow, load_shipped_flows
from flows.validate import validate_flows, validate_sources

GOOD = """
spec: 1
flow: demo
title: Demo
start: ask
states:
  ask:
    prompt: {en: "Pick one:\\n{options}", es: "Elija una:\\n{options}"}
    input: choice
    save: pick
    options:
      - value: a
        label: {en: First, es: Primera}
        next: done
      - value: b
        label: {en: Second, es: Segunda}
        next: done
  done:
    prompt: {en: "You chose {pick}.", es: "Eligio {pick}."}
    effects:
      - kind: log_event
        data: {event: demo, pick: "{pick}"}
    end: true
"""


def problems_for(text: str) -> list:
    flow = load_flow(textwrap.dedent(text))
    return validate_flows({"demo": flow})


def test_shipped_flows_are_all_there() -> None:
    assert set(load_shipped_flows()) == set(SHIPPED_FLOW_IDS)


def test_shipped_flows_have_no_errors() -> None:
    errors = [p for p in validate_flows(load_shipped_flows()) if p.severity == "error"]
    assert errors == []


def test_shipped_english_prompts_fit_in_two_segments() -> None:
    warnings = [p for p in validate_flows(load_shipped_flows()) if p.severity == "warning"]
    assert [p for p in warnings if p.path.endswith(".en")] == []


def test_the_good_demo_is_clean() -> None:
    assert problems_for(GOOD) == []


@pytest.mark.parametrize(
    ("old", "new", "severity", "path", "words"),
    [
        ('es: "Eligio {pick}."', 'es: ""', "error", "states.done.prompt.es", "Spanish"),
        ("es: Segunda}", "}", "error", "states.ask.options[1].label.es", "Spanish"),
        ("kind: log_event", "kind: send_fax", "error", "states.done.effects[0].kind", "unknown"),
        ("You chose {pick}.", "You chose {pik}.", "error", "states.done.prompt.en", "{pik}"),
        ("You chose {pick}.", "You chose { pick }.", "error", "states.done.prompt.en", "as typed"),
        ("You chose {pick}.", "You chose {pick.", "error", "states.done.prompt.en", "as typed"),
        ("You chose {pick}.", "You chose {{pick}}.", "error", "states.done.prompt.en", "{pick}"),
        ('es: "Elija una:\\n{options}"', 'es: "Elija una."', "error", "states.ask.prompt.es",
         "Spanish"),
        ('pick: "{pick}"', 'pick: "{colour}"', "error", "states.done.effects[0].data", "colour"),
        ("next: done\n      - value: b", "next: gone\n      - value: b", "error",
         "states.ask.options[0].next", "'gone'"),
        ("    end: true", "    input: none", "error", "states.done", "dead end"),
        ("Pick one:", "Pick one, and take your time reading all of this before you answer. " * 6,
         "warning", "states.ask.prompt.en", "segments"),
        ("Pick one:", "Pick one, and take your time to read all of this, you\u2019re fine. " * 2,
         "warning", "states.ask.prompt.en", "plain equivalents (\u2019: type ')"),
        ("Pick one:", "Pick one and take your time reading all of this, you\u2019re fine. " * 5,
         "warning", "states.ask.prompt.en", "UCS-2 because of \u2019: type '"),
        ("Pick one:", "Pick one, and take your time reading all of this before you answer. " * 24,
         "error", "states.ask.prompt.en", "Twilio refuses"),
        ("        next: done\n  done:", "        next: done\n    next:\n      - when: {pick: a}\n"
         "        to: done\n  done:", "error", "states.ask.next", "every branch has a condition"),
    ],
)  # fmt: skip
def test_each_check_catches_its_problem(
    old: str, new: str, severity: str, path: str, words: str
) -> None:
    assert old in GOOD
    found = problems_for(GOOD.replace(old, new, 1))
    assert any(p.severity == severity and p.path == path and words in p.message for p in found), (
        found
    )


@pytest.mark.parametrize(
    ("old", "path"),
    [
        (
            '    prompt: {en: "Pick one:\\n{options}", es: "Elija una:\\n{options}"}\n',
            "states.ask.prompt",
        ),
        ('    prompt: {en: "You chose {pick}.", es: "Eligio {pick}."}\n', "states.done"),
    ],
)
def test_a_texter_always_gets_a_reply(old: str, path: str) -> None:
    """A question with no prompt, or an answer that ends the conversation without a word,
    leaves a person who reached out with silence."""
    assert old in GOOD
    found = problems_for(GOOD.replace(old, "", 1))
    assert any(
        p.severity == "error" and p.path == path and "no reply" in p.message for p in found
    ), found


def test_unreachable_state_is_reported() -> None:
    text = (
        GOOD
        + """
  lonely:
    prompt: {en: "Nobody comes here.", es: "Nadie llega aqui."}
    end: true
"""
    )
    found = problems_for(text)
    assert [(p.path, p.severity) for p in found] == [("states.lonely", "warning")]
    assert "unreachable" in found[0].message


def test_a_loop_that_never_ends_is_a_dead_end() -> None:
    text = GOOD.replace("    end: true", "    next: ask")
    found = problems_for(text)
    assert any(p.path == "states.ask" and "never end" in p.message for p in found), found


def test_goto_to_a_missing_flow_is_reported() -> None:
    text = GOOD.replace(
        "        next: done\n      - value: b", "        goto: nowhere\n      - value: b"
    )
    found = problems_for(text)
    assert any("no flow called 'nowhere'" in p.message for p in found), found


@pytest.mark.parametrize(
    ("old", "new", "path"),
    [
        ("input: choice", "input: dropdown", "states.ask.input"),
        ("    save: pick", "    save: pick\n    colour: blue", "states.ask.colour"),
        ('prompt: {en: "You', 'prompt: {fr: "You', "states.done.prompt.fr"),
        ("start: ask", "start: nowhere", "start"),
        ("spec: 1", "spec: 9", "spec"),
        ("    save: pick\n", "    save: pick\n    from_menu_answer: maybe\n",
         "states.ask.from_menu_answer"),
        ("    end: true", "    end: true\n    from_menu_answer: true", "states.done"),
        ("value: a\n", "value: a\n        from_menu_answer: 0\n",
         "states.ask.options[0].from_menu_answer"),
    ],
)  # fmt: skip
def test_schema_errors_name_the_field(old: str, new: str, path: str) -> None:
    with pytest.raises(ScriptError) as info:
        load_flow(GOOD.replace(old, new, 1))
    assert info.value.path == path


def test_validate_sources_turns_load_errors_into_problems() -> None:
    found = validate_sources({"demo": GOOD.replace("input: choice", "input: dropdown")})
    assert [(p.severity, p.flow_id, p.path) for p in found] == [
        ("error", "demo", "states.ask.input")
    ]


@pytest.mark.parametrize(
    ("old", "new", "line", "words"),
    [
        ('en: "{mail_order} Text NARCAN and a town to search again, or MENU for more."',
         "en: Note: {mail_order} Text NARCAN and a town to search again, or MENU for more.",
         27, "Put the whole text in double quotes"),
        ("    next: mail", "\tnext: mail", 23, "indent with spaces"),
        ('o MENU."', "o MENU.", 28, 'add the closing "'),
        ("or MENU for more.\"", "or MENU for more.", 28, "closing quote"),
        ("you don't need", 'you "don\'t" need', 9, "no \" inside"),
        ('      es: "{sites}"', '     es: "{sites}"', 22, "indented like the lines around it"),
        ("    next: mail", "    next: {mail", 25, "not closed"),
    ],
)  # fmt: skip
def test_text_that_is_not_yaml_is_explained_in_plain_words(
    old: str, new: str, line: int, words: str
) -> None:
    from flows.script import shipped_flow_text

    text = shipped_flow_text("naloxone")
    assert old in text
    with pytest.raises(ScriptError) as info:
        load_flow(text.replace(old, new, 1), strict=True)
    assert info.value.line == line
    assert words in info.value.message, info.value.message
    assert "<unicode string>" not in info.value.message


@pytest.mark.parametrize("value", ["{sites}", "[sites]", "911"])
def test_a_text_read_as_something_else_says_to_quote_it(value: str) -> None:
    with pytest.raises(ScriptError) as info:
        load_flow(GOOD.replace('en: "You chose {pick}."', f"en: {value}", 1), strict=True)
    assert info.value.path == "states.done.prompt.en"
    assert "double quotes" in info.value.message


def test_not_yaml_is_a_script_error() -> None:
    with pytest.raises(ScriptError, match="not valid YAML"):
        load_flow("states: [unclosed")


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("    input: choice\n", "    input: choice\n    input: text\n", "input"),
        ("states:\n", "states:\n  ask:\n    end: true\n", "ask"),
    ],
)
def test_a_key_written_twice_is_a_script_error_naming_its_line(
    old: str, new: str, key: str
) -> None:
    """YAML would keep the second silently: a pasted state or a second prompt would drop the
    first without a word."""
    assert old in GOOD
    with pytest.raises(ScriptError, match=rf"line \d+\).*'{key}' is written twice") as info:
        load_flow(GOOD.replace(old, new, 1), strict=True)
    assert info.value.line is not None
    found = validate_sources({"demo": GOOD.replace(old, new, 1)})
    assert [(p.severity, p.path) for p in found] == [("error", "")]
    assert f"'{key}' is written twice" in found[0].message


def test_a_stored_script_with_a_key_written_twice_still_loads() -> None:
    """A version published before the check existed must keep answering texts: only text an
    admin is checking is held to it."""
    text = GOOD.replace("    input: choice\n", "    input: text\n    input: choice\n", 1)
    assert load_flow(text).states["ask"].input == "choice"


MERGED = GOOD.replace(
    "states:\n",
    "strings:\n"
    '  yes_no: &yes_no {en: "Yes or no?", es: "¿Sí o no?"}\n'
    '  again: {<<: *yes_no, en: "Yes or no, again?"}\n'
    "states:\n",
    1,
)


@pytest.mark.parametrize("strict", [False, True])
def test_a_merge_key_copies_the_anchor_and_the_keys_written_beside_it_win(strict: bool) -> None:
    flow = load_flow(MERGED, strict=strict)
    assert flow.strings["again"] == {"en": "Yes or no, again?", "es": "¿Sí o no?"}
    assert [p for p in validate_sources({"demo": MERGED}) if p.severity == "error"] == []


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize("key", ["[a, b]", "{a: 1}"])
def test_a_list_or_mapping_as_a_key_is_a_script_error_naming_its_line(
    key: str, strict: bool
) -> None:
    text = GOOD.replace("states:\n", f"states:\n  {key}: 1\n", 1)
    with pytest.raises(ScriptError, match=r"not valid YAML \(line \d+\)") as info:
        load_flow(text, strict=strict)
    assert text.splitlines()[info.value.line - 1].strip().startswith(key)


@pytest.mark.parametrize("name", ["crisis", "emergency_1", "help", "opted_out"])
def test_only_the_system_flow_may_name_a_safety_text(name: str) -> None:
    text = GOOD.replace(
        "states:\n",
        f'strings:\n  {name}: {{en: "Our own words.", es: "Nuestras palabras."}}\nstates:\n',
        1,
    )
    found = problems_for(text)
    assert any(
        p.severity == "error"
        and p.path == f"strings.{name}"
        and "only the system flow" in p.message
        for p in found
    ), found


@pytest.mark.parametrize(("name", "word"), [("emergency_1", "911"), ("crisis", "988")])
def test_the_system_flows_safety_texts_must_keep_their_numbers(name: str, word: str) -> None:
    from dataclasses import replace

    flows = load_shipped_flows()
    system = flows["system"]
    edited = {**system.strings, name: {**system.strings[name], "es": "Llame a alguien."}}
    flows["system"] = replace(system, strings=edited)
    found = [p for p in validate_flows(flows) if p.severity == "error"]
    assert {p.path for p in found} == {f"strings.{name}.es"}
    # The number first; the facts it carries (``flows.validate_facts``) are told after it.
    assert found[0].message.startswith(f"this text must say {word}, so ")
    assert f"put {word} back" in found[0].message


@pytest.mark.parametrize(("name", "word"), [("error", "911"), ("resume", "MENU")])
def test_a_text_any_flow_may_give_its_own_must_keep_its_safety_word(name: str, word: str) -> None:
    """The engine says a flow's own "resume" after the emergency steps, and "error" in place
    of whatever was said before a fault: neither may drop 911 or the way out. "error" is said
    once the flow is dropped, so only the system flow's is ever sent: another flow's is
    refused outright."""
    from dataclasses import replace

    flows = load_shipped_flows()
    system = flows["system"]
    cut = {"en": "Sorry.", "es": "Perdón."}
    flows["system"] = replace(system, strings={**system.strings, name: cut})
    menu = flows["menu"]
    flows["menu"] = replace(menu, strings={**menu.strings, name: {**cut, "es": f"Hola {word}."}})
    found = [p for p in validate_flows(flows) if p.severity == "error"]
    in_menu = "strings.error" if name == "error" else f"strings.{name}.en"
    assert [(p.flow_id, p.path) for p in found] == [
        ("menu", in_menu),
        ("system", f"strings.{name}.en"),
        ("system", f"strings.{name}.es"),
    ]
    if name == "error":
        assert "only the system flow can set" in found[0].message
    else:
        assert f"put {word} back, or delete this flow's {name!r} text" in found[0].message
    assert "delete" not in found[1].message


def test_every_text_the_engine_says_with_911_or_988_must_keep_it() -> None:
    """A default text that says 911 or 988 in every language is one whose word is checked."""
    from flows.interrupts import DEFAULT_STRINGS, REQUIRED_WORDS

    for name, text in DEFAULT_STRINGS.items():
        for word in ("911", "988"):
            if all(word in t for t in text.values()):
                assert name in REQUIRED_WORDS, name


def wording_warnings(problems: list) -> list:
    return [p for p in problems if "labels or blames" in p.message]


def test_shipped_texts_use_person_first_words() -> None:
    from flows.interrupts import DEFAULT_STRINGS
    from flows.wording import stigmatizing_words

    assert wording_warnings(validate_flows(load_shipped_flows())) == []
    said = [text for strings in DEFAULT_STRINGS.values() for text in strings.values()]
    assert [t for t in said if stigmatizing_words(t)] == []


@pytest.mark.parametrize(
    ("old", "new", "path", "words"),
    [
        ("Pick one:", "Help for addicts. Pick one:", "states.ask.prompt.en", '"addicts"'),
        ("You chose {pick}.", "Stay clean! You chose {pick}.", "states.done.prompt.en",
         '"stay clean"'),
        ("label: {en: First", "label: {en: Substance abuse help", "states.ask.options[0].label.en",
         '"substance use"'),
        ('es: "Eligio {pick}."', 'es: "Ayuda para adictos. Eligio {pick}."',
         "states.done.prompt.es", '"personas que usan drogas"'),
        ("You chose {pick}.", "After a RELAPSE, you chose {pick}.", "states.done.prompt.en",
         '"recurrence"'),
    ],
)  # fmt: skip
def test_a_stigmatizing_word_is_a_warning_with_the_person_first_words(
    old: str, new: str, path: str, words: str
) -> None:
    """Admins write what the bot says; the check says what to say instead, and still lets them."""
    found = wording_warnings(problems_for(GOOD.replace(old, new, 1)))
    assert [(p.severity, p.path) for p in found] == [("warning", path)]
    assert words in found[0].message


@pytest.mark.parametrize(
    "text",
    ["Free clean syringes and test strips.", "If someone is hurting you (abuse), call 911.",
     "Addiction is a health condition.", "We never judge people who use drugs."],
)  # fmt: skip
def test_ordinary_harm_reduction_words_are_not_flagged(text: str) -> None:
    assert wording_warnings(problems_for(GOOD.replace("Pick one:", text, 1))) == []


def test_a_longer_phrase_is_named_once_and_what_texters_say_is_not_checked() -> None:
    text = GOOD.replace("Pick one:", "Drug abuser support. Pick one:", 1).replace(
        "value: a\n", "value: a\n        match: {en: [relapse, addict], es: [adicto]}\n", 1
    )
    found = wording_warnings(problems_for(text))
    assert [p.message.split('"')[1] for p in found] == ["drug abuser"]


def shipped_with(flow_id: str, *changes: tuple[str, str]) -> list:
    """The problems of the shipped flows with ``flow_id``'s text changed (old, new)."""
    from flows.script import shipped_flow_text

    text = shipped_flow_text(flow_id)
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    return validate_flows({**load_shipped_flows(), flow_id: load_flow(text)})


PEERS = '      - value: true\n        label: {en: "Peers only'
POLICE_OK = "      - value: false\n        label: {en: A police officer"


@pytest.mark.parametrize(
    ("changes", "path", "words"),
    [
        # The values swapped: "Peers only, no police" would make a case police may take.
        ([(PEERS, PEERS.replace("true", "TMP")), (POLICE_OK, POLICE_OK.replace("false", "true")),
          ("value: TMP", "value: false")], "states.team.options[0].value", "no police"),
        # Words for values: the engine can no longer answer the question for a "no police".
        ([(PEERS, PEERS.replace("true", '"yes"')), (POLICE_OK, POLICE_OK.replace("false", '"no"'))],
         "states.team.options[0].value", "true"),
        # Saved under another name: a refusal heard elsewhere no longer answers it.
        ([("save: peers_only", "save: team_choice"), ("{peers_only}", "{team_choice}")],
         "states.team.save", "peers_only"),
        # The case ignores the answer.
        ([('peers_only: "{peers_only}"', "peers_only: false")],
         "states.submit.effects[0].data.peers_only", "{peers_only}"),
        # The Spanish label says police may come while the English says no police.
        ([('es: "Solo pares, sin policia"', 'es: "Un policia puede ser parte del equipo"')],
         "states.team.options[0].label.es", "Spanish"),
        # A refusal among the words that let police come: "no police officers" would pick it.
        ([("en: [police ok,", "en: [no police officers, police ok,")],
         "states.team.options[1].match.en", "would get police"),
        ([("es: [con policia,", "es: [con policia, sin policias,")],
         "states.team.options[1].match.es", "would get police"),
        # And a yes to police among the words that mean no police.
        ([("en: [peers,", "en: [cops are fine, peers,")],
         "states.team.options[0].match.en", "yes to police"),
    ],
)  # fmt: skip
def test_the_team_question_keeps_no_police_meaning_no_police(
    changes: list[tuple[str, str]], path: str, words: str
) -> None:
    found = shipped_with("self_referral", *changes)
    assert any(
        p.severity == "error" and p.flow_id == "self_referral" and p.path == path for p in found
    ), found
    assert any(words in p.message for p in found if p.path == path), found


def test_a_case_that_is_always_peers_only_is_fine() -> None:
    found = shipped_with("family")
    assert [p for p in found if p.severity == "error"] == []


def test_steps_that_go_round_without_waiting_for_an_answer_are_an_error() -> None:
    """Steps that ask nothing leading back to each other spin until the engine gives up: the
    texter gets "something went wrong" and loses their answers, even with a way out for
    some answers."""
    say_each = "info_treatment}\n    next: town"
    found = shipped_with(
        "self_referral",
        (
            say_each,
            "info_treatment}\n    next:\n      - when: {needs: coach}\n        to: town\n"
            "      - to: needs_more\n  needs_more:\n"
            '    prompt: {en: "More.", es: "Mas."}\n    next: needs_info',
        ),
    )
    errors = [p for p in found if p.severity == "error"]
    assert {p.path for p in errors} == {"states.needs_info", "states.needs_more"}, errors
    assert all("needs_info → needs_more → needs_info" in p.message for p in errors), errors


def test_a_menu_that_no_longer_leads_to_a_flow_is_warned_about() -> None:
    from flows.script import shipped_flow_text

    menu = shipped_flow_text("menu")
    start, end = menu.index("      - value: self\n"), menu.index("      - value: family\n")
    found = shipped_with("menu", (menu[start:end], ""))
    assert [(p.severity, p.flow_id, p.path) for p in found if "self_referral" in p.message] == [
        ("warning", "menu", "states")
    ]
    assert "nobody can reach" in next(p.message for p in found if "self_referral" in p.message)


@pytest.mark.parametrize(
    ("old", "new", "path", "severity", "words"),
    [
        ("label: {en: Second,", "label: {en: Cancel,", "states.ask.options[1].label.en", "error",
         "unsubscribes"),
        ("        next: gone", "        match: {en: [stop], es: [parar]}\n        next: gone",
         "states.ask.options[0].match.en", "error", "unsubscribes"),
        ("label: {en: First,", "label: {en: Help,", "states.ask.options[0].label.en", "warning",
         "HELP"),
        ("label: {en: First,", "label: {en: Menu,", "states.ask.options[0].label.en", "warning",
         "start over"),
    ],
)  # fmt: skip
def test_an_answer_the_hotline_takes_as_a_keyword_is_reported(
    old: str, new: str, path: str, severity: str, words: str
) -> None:
    """A texter who sends a keyword alone gets the keyword's answer, never the option: an
    option named "Cancel" unsubscribes whoever picks it by name."""
    text = GOOD.replace("next: done\n      - value: b", "next: gone\n      - value: b", 1)
    text = text.replace(
        "  done:", "  gone:\n    prompt: {en: Bye., es: Adios.}\n    end: true\n  done:"
    )
    assert old in text
    found = problems_for(text.replace(old, new, 1))
    assert any(p.path == path and p.severity == severity and words in p.message for p in found), (
        found
    )


@pytest.mark.parametrize(
    ("typed", "found", "instead"),
    [("<b>Pick one</b>:", "<b>", "delete the tag"),
     ("**Pick one**:", "**Pick one**", "write Pick one without the **"),
     ("__Pick one__:", "__Pick one__", "write Pick one without the __"),
     ("Pick one ([more](https://nextdistro.org)):", "[more](https://nextdistro.org)",
      "write the address itself, like more: https://nextdistro.org"),
     ("<a href='https://nextdistro.org'>Pick</a> one:", "<a href='https://nextdistro.org'>",
      "write the address itself (https://nextdistro.org)"),
     ("Pick<br>one:", "<br>", "start a new line instead"),
     ("Pick&nbsp;one:", "&nbsp;", "type a plain space"),
     ("Pick one &amp; go:", "&amp;", "type &")],
)  # fmt: skip
def test_html_or_markdown_in_a_text_is_a_warning_saying_what_to_write(
    typed: str, found: str, instead: str
) -> None:
    """Texters get markup as typed: the editor names it and says what to write instead."""
    problems = problems_for(GOOD.replace("Pick one:", typed, 1))
    warned = [p for p in problems if p.path == "states.ask.prompt.en" and found in p.message]
    assert [p.severity for p in warned] == ["warning"], problems
    assert "texters get it exactly as typed" in warned[0].message
    assert instead in warned[0].message


@pytest.mark.parametrize(
    "typed",
    ["Msg & data rates may apply.", "Pick one <3", "2 * 3 = 6", "Call 1-800-484-3731 (24/7).",
     "Reply with a_b or [1] (first)."],
)  # fmt: skip
def test_plain_text_that_looks_a_little_like_markup_is_not_flagged(typed: str) -> None:
    assert problems_for(GOOD.replace("Pick one:", typed, 1)) == []


@pytest.mark.parametrize(
    ("typed", "named", "cost"),
    [("Take your time. Pick the one that fits, we\u2019re here for you:", "\u2019: type '",
      "1 SMS segment instead of 2"),
     ("Take your time. Pick the one that fits \u2013 we are here for you:", "\u2013: type -",
      "1 SMS segment instead of 2"),
     ("Take your time. Pick the one that fits, we are here\u00a0for you:",
      "no-break space (U+00A0): type a plain space", "1 SMS segment instead of 2"),
     ("Take your time. Pick the one that fits, we are here for you\u200b:",
      "zero width space (U+200B): delete it", "1 SMS segment instead of 2"),
     ("Take your time. Pick \u201cthe one\u201d that fits\u2026 we are here for you:",
      "\u201c: type \"; \u201d: type \"; \u2026: type ...", "1 SMS segment instead of 2"),
     ("We\u2019re here:", "\u2019: type '", "still fits in 1 SMS segment")],
)  # fmt: skip
def test_a_text_ucs2_only_because_of_curly_quotes_dashes_or_odd_spaces_is_warned_about(
    typed: str, named: str, cost: str
) -> None:
    """One pasted curly apostrophe turns a 1-segment text into a 2-segment UCS-2 one: the editor
    is told which characters did it and what to type, however few segments the text is."""
    text = GOOD.replace("Pick one:", typed, 1).replace("Elija una:", "Elija una, ahora mismo:")
    found = [p for p in problems_for(text) if p.path == "states.ask.prompt.en"]
    assert [p.severity for p in found] == ["warning"], found
    assert "sent as UCS-2 only because of" in found[0].message
    assert named in found[0].message and cost in found[0].message


@pytest.mark.parametrize(
    "spanish",
    ["¿Qué necesita? Elija una opción:", "Perdón, ¡aquí está! Elija: ñ á é í ó ú",
     "Elija una, está bien \u2013 sin prisa:"],
)  # fmt: skip
def test_real_accents_are_not_taken_for_pasted_characters(spanish: str) -> None:
    """Accented letters are words, not typing habits: a Spanish text UCS-2 because of them is
    told what the accents cost, not that it was pasted."""
    text = GOOD.replace("Elija una:", spanish, 1)
    found = [p for p in problems_for(text) if p.path == "states.ask.prompt.es"]
    assert [p.severity for p in found] == ["warning"], found
    assert "plain equivalents" not in found[0].message
    assert "without the accent" in found[0].message


@pytest.mark.parametrize(
    "spanish",
    ["Elija una \U0001F49C y no se preocupe, está bien:", "¿Qué necesita? ¡Elija ñ, é, ü!",
     "Elija una:"],
)  # fmt: skip
def test_spanish_that_folding_would_not_make_gsm7_is_not_warned_about(spanish: str) -> None:
    """An emoji keeps the text UCS-2 whatever the accents, and é, ñ, ü, ¿, ¡ are GSM-7."""
    text = GOOD.replace("Elija una:", spanish, 1)
    assert [p for p in problems_for(text) if p.path == "states.ask.prompt.es"] == []


@pytest.mark.parametrize(
    ("typed", "named", "cost"),
    [("¿Cuándo le conviene? Elija una o díganos con sus palabras, sin prisa, cuando pueda:",
      "á: type a; í: type i", "1 SMS segment instead of 2"),
     ("Perdón, aquí estamos. Su bienestar también importa. Elija la opción que más le sirva, "
      "o díganos con sus palabras qué necesita \u2013 un número basta:",
      "ó: type o; í: type i; á: type a; \u2013: type -; ú: type u",
      "2 SMS segments instead of 3"),
     ("Elija, está bien:", "á: type a", "still fits in 1 SMS segment")],
)  # fmt: skip
def test_a_spanish_text_ucs2_only_because_of_a_i_o_u_is_warned_with_what_it_costs(
    typed: str, named: str, cost: str
) -> None:
    """The editor is told, not corrected: which letters send it as UCS-2, and what it would
    cost written without their accents."""
    text = GOOD.replace("Elija una:", typed, 1)
    found = [p for p in problems_for(text) if p.path == "states.ask.prompt.es"]
    assert [p.severity for p in found] == ["warning"], found
    assert "sent as UCS-2" in found[0].message and "without the accent" in found[0].message
    assert named in found[0].message and cost in found[0].message, found[0].message


def test_english_with_an_accent_is_not_told_to_drop_it() -> None:
    """A name like "Ramón" in an English text is no Spanish spelling habit to fold."""
    text = GOOD.replace("Pick one:", "Ramón says pick one:", 1)
    assert [p for p in problems_for(text) if p.path == "states.ask.prompt.en"] == []


def test_shipped_spanish_texts_have_no_accents_that_cost_segments() -> None:
    warnings = [p for p in validate_flows(load_shipped_flows()) if p.severity == "warning"]
    assert [p for p in warnings if "without the accent" in p.message] == []


@pytest.mark.parametrize(
    ("flow_id", "state", "anchor"),
    [("self_referral", "team", "    save: peers_only\n"),
     ("family", "offer", "    save: wants_call\n"),
     ("self_referral", "confirm", None)],
)  # fmt: skip
def test_consent_is_never_taken_from_the_words_that_answered_the_menu(
    flow_id: str, state: str, anchor: str | None
) -> None:
    """ "My son, the police came last night" must never answer who may reach out."""
    from flows.script import shipped_flow_text

    text = shipped_flow_text(flow_id)
    if anchor is None:  # the summary's yes or no: mark it after its input line
        start = text.index(f"  {state}:\n")
        at = text.index("    input: choice\n", start) + len("    input: choice\n")
        changed = text[:at] + "    from_menu_answer: true\n" + text[at:]
    else:
        changed = text.replace(anchor, anchor + "    from_menu_answer: true\n", 1)
    found = validate_flows({**load_shipped_flows(), flow_id: load_flow(changed)})
    assert [(p.severity, p.path) for p in found if "consent" in p.message] == [
        ("error", f"states.{state}.from_menu_answer")
    ]
