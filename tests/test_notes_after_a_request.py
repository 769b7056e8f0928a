"""More a person texts after their request was sent ("also i moved, im in ware now", "text me
dont call", "call after 5 not before") is added to the request: on the case timeline, and
texted to whoever holds the case, so nobody calls a person who asked not to be called. Once
the request is closed, the person is told so, and how to ask again."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from flows.due_said import due_said
from flows.engine import step
from flows.interrupts import DEFAULT_STRINGS
from flows.sms import encoding, segments
from flows.types import Context, Effect, Outcome
from hotline.contacts import find_contact
from models import Case, CaseEvent, Message, Responder
from routing import jobs
from routing.escalation import local_time
from routing.offers import offer_case
from routing.person_notes import holder_notice, note_requests
from tests.routing_support import (
    a_text_request,
    add_responder,
    events_of,
    offers_of,
    person_texts,
    responder_text,
    texting_team,
    texts_to,
)
from tests.test_engine_interrupts import DIRECTORY, FLOWS, NOW

NOTED = {
    "en": "Thanks, I've added that to your request for our team.",
    "es": "Gracias, lo agregué a su solicitud para el equipo.",
}
CLOSED = {
    "en": "Thanks for letting us know. Your request is closed now, so this didn't go to our "
    "team. For new help, text MENU, or call 413-555-0100.",
    "es": "Gracias por avisarnos. Su solicitud ya esta cerrada, asi que esto no le llego al "
    "equipo. Para pedir ayuda de nuevo, envie MENU o llame al 413-555-0100.",
}
SELF = ["hi", "1", "1", "amherst", "1", "1", "1", "Sam", "1"]
FAMILY = ["hi", "2", "1", "1", "amherst", "1", "2"]
FAMILY_ES = ["hola", "2", "1", "1", "amherst", "1", "2"]
MORE = [
    "also i moved, im in ware now", "text me dont call", "call after 5 not before",
    "my name is actually Jess", "ware", "call me instead",
]  # fmt: skip


def converse(
    texts: Sequence[str],
    request_open: bool = True,
    open_request: bool = False,
    overdue: bool = False,
    reached: bool = False,
    closed_unreached: bool = False,
    text_only: bool = False,
    due: datetime | None = None,
) -> list[Outcome]:
    """Each text in turn a minute apart; ``request_open``: what the hotline finds once a
    request was sent (its case still open, or closed); ``open_request``: nobody reached them
    yet, so they may withdraw it; ``overdue``: its first-contact deadline passed with nobody
    reaching them; ``reached``: a responder recorded first contact; ``closed_unreached``: it
    was closed lately without anyone reaching them (from the first text on: the case may be
    days old); ``text_only``: the request says calls do not work. All but ``closed_unreached``
    only once the request was sent."""
    state, outs, sent = None, [], False
    for i, text in enumerate(texts):
        now = NOW + timedelta(minutes=i)
        ctx = Context(
            now=now,
            places=DIRECTORY,
            request_open=request_open and sent,
            open_request=open_request and sent,
            request_overdue=overdue and request_open and sent,
            request_reached=reached and request_open and sent,
            request_closed_unreached=closed_unreached and not request_open,
            request_text_only=text_only and (sent or closed_unreached),
            request_due=due if request_open and sent else None,
        )
        out = step(FLOWS, state, text, ctx)
        outs.append(out)
        state = out.state
        sent = sent or any(effect.kind == "create_case" for effect in out.effects)
    return outs


def notes(out: Outcome) -> list[Effect]:
    return [effect for effect in out.effects if effect.kind == "note_request"]


@pytest.mark.parametrize("said", MORE)
def test_more_said_after_a_request_is_added_to_it(said: str) -> None:
    """Once it was answered "can't be changed by text" and went nowhere."""
    out = converse([*SELF, said])[-1]
    assert out.replies == (NOTED["en"],)
    moved = {"town": "Ware"} if "im in ware now" in said else {}
    assert out.effects == (Effect("note_request", {"text": said, **moved}),)
    assert out.state["flow"] is None and out.state["requested"] == "self_referral"


@pytest.mark.parametrize(
    ("steps", "said"),
    [(SELF, "i moved to ware"), (SELF, "im in ware now"), (SELF, "we just moved to Ware."),
     (FAMILY_ES, "me mude a ware"), (FAMILY_ES, "ahora vivo en ware")],
)  # fmt: skip
def test_a_town_they_now_are_in_moves_the_request_there(steps, said: str) -> None:
    """ "i moved to ware" was only a note: the case stayed in Northampton, and offers after it
    went to Northampton's responders."""
    out = converse([*steps, said])[-1]
    assert notes(out) == [Effect("note_request", {"text": said, "town": "Ware"})]
    assert out.replies == (NOTED["es" if steps is FAMILY_ES else "en"],)


@pytest.mark.parametrize(
    "said",
    ["ware", "my son moved to ware", "im moving to ware next week", "ill be in ware tomorrow",
     "im not in ware now", "i work in ware now", "amherst or ware now"],
)  # fmt: skip
def test_a_town_not_plainly_where_they_now_are_moves_nothing(said: str) -> None:
    out = converse([*SELF, said])[-1]
    assert notes(out) == [Effect("note_request", {"text": said})]


def test_each_text_after_the_request_is_added_and_the_words_are_the_persons_own() -> None:
    outs = converse([*SELF, "text me dont call", "  after 5 is best\n"])
    assert [notes(out) for out in outs[len(SELF) :]] == [
        [Effect("note_request", {"text": "text me dont call"})],
        [Effect("note_request", {"text": "after 5 is best"})],
    ]


def test_in_spanish_the_note_is_taken_and_told_in_spanish() -> None:
    sent = ["hola", "1", "1", "amherst", "1", "1", "1", "Sam", "1"]
    out = converse([*sent, "ya no vivo en amherst, ahora en ware"])[-1]
    assert out.replies == (NOTED["es"],)
    assert [e.data["text"] for e in notes(out)] == ["ya no vivo en amherst, ahora en ware"]


def test_more_about_the_loved_one_is_added_to_a_family_request() -> None:
    outs = converse([*FAMILY, "my son is staying with me in ware now", "i need help for myself"])
    told, own = outs[-2:]
    assert told.replies == (NOTED["en"],)
    assert [e.data["text"] for e in notes(told)] == ["my son is staying with me in ware now"]
    assert own.state["flow"] == "self_referral" and not notes(own)  # a new request of theirs


@pytest.mark.parametrize("said", MORE[:-1])
def test_once_the_request_is_closed_the_person_is_told_so_and_nothing_is_noted(said) -> None:
    out = converse([*SELF, said], request_open=False)[-1]
    assert out.replies == (CLOSED["en"],)
    assert out.effects == ()
    assert "requested" not in out.state  # told once: what follows is read as usual


@pytest.mark.parametrize("said", ["i need help for myself", "i need help for myself too"])
def test_after_a_closed_request_asking_again_starts_a_new_one(said: str) -> None:
    """ "i need help for myself" adds to an open self-referral, and starts a new one once the
    first is closed."""
    assert notes(converse([*SELF, said])[-1])
    out = converse([*SELF, said], request_open=False)[-1]
    assert out.state["flow"] == "self_referral" and out.effects == ()


def test_a_closed_spanish_request_is_told_in_spanish() -> None:
    sent = ["hola", "1", "1", "amherst", "1", "1", "1", "Sam", "1"]
    out = converse([*sent, "ahora estoy en ware"], request_open=False)[-1]
    assert out.replies == (CLOSED["es"],)


@pytest.mark.parametrize("request_open", [True, False])
@pytest.mark.parametrize(
    ("after", "flow_id"),
    [("MENU", "menu"), ("where can i get narcan in ware", "naloxone"),
     ("i need help for my son", "family")],
)  # fmt: skip
def test_after_a_request_a_new_ask_goes_on_as_usual(
    after: str, flow_id: str, request_open: bool
) -> None:
    out = converse([*SELF, after], request_open=request_open)[-1]
    assert not notes(out)
    assert NOTED["en"] not in out.replies and CLOSED["en"] not in out.replies
    found = out.state["flow"] == flow_id
    assert found or (flow_id == "naloxone" and "Free naloxone near Ware" in out.replies[0])


def test_with_no_request_sent_more_words_are_no_note() -> None:
    out = converse(["hi", "text me dont call"])[-1]
    assert not notes(out)


@pytest.mark.parametrize("name", ["request_noted", "request_closed"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_texts_are_editable_plain_gsm_in_one_segment(name: str, language: str) -> None:
    shipped = FLOWS["system"].strings[name][language]
    assert DEFAULT_STRINGS[name][language] == shipped
    said = (NOTED if name == "request_noted" else CLOSED)[language]
    assert shipped.replace("{program_phone}", "413-555-0100") == said
    assert (encoding(said), segments(said)) == ("GSM-7", 1), said


NOD = {
    "en": "You're welcome. If anything changes, text us here and we'll add it to your request.",
    "es": "De nada. Si algo cambia, escribanos aqui y lo agregaremos a su solicitud.",
}
OK = {
    "en": "OK. If anything changes, text us here and we'll add it to your request.",
    "es": "De acuerdo. Si algo cambia, escribanos aqui y lo agregaremos a su solicitud.",
}
WAITING = {
    "en": "We have your request, and someone from our team will reach out. Text us anything "
    "to add to it, or MENU for other help.",
    "es": "Tenemos su solicitud y alguien del equipo le contactara. Escribanos lo que quiera "
    "agregar, o envie MENU para otra ayuda.",
}
WHEN = {
    "en": "Your request is waiting for a team member, who will reach out within 24 hours. To "
    "talk now, call 413-555-0100 or call/text 988.",
    "es": "Su solicitud espera a alguien del equipo, que le contactara dentro de 24 horas. Para "
    "hablar ya, llame al 413-555-0100 o al 988.",
}


@pytest.mark.parametrize("nod", ["ok thanks", "thank you", "thanks!", "ok", "gracias"])
def test_a_nod_after_an_open_request_is_acknowledged_and_what_follows_is_noted(nod) -> None:
    """ "ok thanks" once got the whole menu again, and "he's home now" then got "reply with a
    number" and never reached the case."""
    outs = converse([*FAMILY, nod, "he's home now", "call my cell after 6"])
    nodded, home, cell = outs[len(FAMILY) :]
    assert nodded.replies == ((OK if nod == "ok" else NOD)["en"],) and nodded.effects == ()
    assert nodded.state["requested"] == "family" and nodded.state["flow"] is None
    assert [notes(out) for out in (home, cell)] == [
        [Effect("note_request", {"text": "he's home now"})],
        [Effect("note_request", {"text": "call my cell after 6"})],
    ]


def test_a_nod_in_spanish_is_acknowledged_in_spanish() -> None:
    outs = converse([*FAMILY_ES, "gracias", "ya esta en casa"])
    assert outs[-2].replies == (NOD["es"],)
    assert [e.data["text"] for e in notes(outs[-1])] == ["ya esta en casa"]


@pytest.mark.parametrize(
    ("steps", "nod", "language"),
    [(FAMILY_ES, "si", "es"), (FAMILY_ES, "sí", "es"), (FAMILY_ES, "ok", "es"),
     (FAMILY_ES, "dale", "es"), (FAMILY, "yes", "en"), (FAMILY, "ok", "en"), (FAMILY, "👍", "en"),
     (SELF, "yeah", "en"), (FAMILY_ES, "gracias", "es"), (FAMILY_ES, "ok gracias", "es"),
     (FAMILY, "thanks", "en"), (FAMILY, "yes thank you", "en")],
)  # fmt: skip
def test_a_yes_after_a_request_is_acknowledged_without_a_youre_welcome(steps, nod, language):
    """ "si" after a family request got "De nada" (you're welcome) as if thanked: only thanks
    gets it; a yes or an ok is acknowledged plainly, and the request waits all the same."""
    out = converse([*steps, nod])[-1]
    thanked = any(word in nod for word in ("thank", "gracias"))
    assert out.replies == ((NOD if thanked else OK)[language],)
    assert out.effects == () and out.state["flow"] is None


@pytest.mark.parametrize("nod", ["thanks", "ok thank you"])
def test_a_nod_after_a_closed_request_goes_on_as_usual(nod: str) -> None:
    out = converse([*SELF, nod], request_open=False)[-1]
    assert out.state["flow"] == "menu" and not notes(out)
    assert NOD["en"] not in out.replies


@pytest.mark.parametrize(
    "said",
    ["update: he says he wants to go to detox", "hes in rehab now", "he went to detox today",
     "he says he wants help", "can you call me instead of him", "my son needs detox"],
)  # fmt: skip
def test_an_option_word_in_an_update_about_the_loved_one_is_a_note(said: str) -> None:
    """ "detox", "rehab" and "me" are words of the menu's "Support for myself": an update
    once started a self-referral for the family member."""
    out = converse([*FAMILY, said])[-1]
    assert out.replies == (NOTED["en"],)
    assert notes(out) == [Effect("note_request", {"text": said})]
    assert out.state["requested"] == "family"


def test_mi_in_a_spanish_update_is_no_ask_for_oneself() -> None:
    out = converse([*FAMILY_ES, "llamen a mi celular despues de las 6"])[-1]
    assert out.replies == (NOTED["es"],)
    assert [e.data["text"] for e in notes(out)] == ["llamen a mi celular despues de las 6"]


@pytest.mark.parametrize(
    "said", ["i need help for myself too", "i want support for myself", "necesito ayuda para mi"]
)
def test_a_clear_ask_for_oneself_after_a_family_request_starts_a_self_referral(said) -> None:
    out = converse([*FAMILY, said])[-1]
    assert out.state["flow"] == "self_referral" and not notes(out)


@pytest.mark.parametrize("said", ["update: he wants to go to detox", "call me instead"])
def test_after_a_closed_request_an_update_is_told_it_is_closed(said: str) -> None:
    out = converse([*FAMILY, said], request_open=False)[-1]
    assert out.replies == (CLOSED["en"],) and out.effects == ()


@pytest.mark.parametrize(
    "asked",
    ["will the police come to my house?", "are you going to send the police to my house?",
     "will the cops come with the specialist?", "will the police be told about her?"],
)  # fmt: skip
def test_a_police_question_after_a_request_is_answered_and_the_request_kept(asked) -> None:
    """A family request is peers only: they are told plainly that no police will contact
    them, not that police join only if they say so."""
    outs = converse([*FAMILY, asked, "call my cell after 6"])
    answered, later = outs[-2:]
    assert answered.replies == (
        DEFAULT_STRINGS["no_police_will"]["en"].format(program_name="Hampshire HOPE Line"),
    )
    assert not notes(answered) and answered.state["requested"] == "family"
    assert notes(later) == [Effect("note_request", {"text": "call my cell after 6"})]


def test_a_police_question_in_spanish_after_a_request_is_answered_in_spanish() -> None:
    out = converse([*FAMILY_ES, "la policia va a venir a mi casa?"])[-1]
    assert out.replies == (
        DEFAULT_STRINGS["no_police_will"]["es"].format(program_name="Hampshire HOPE Line"),
    )
    assert not notes(out)


CONSENT = {
    "en": "A family support specialist will call you, not your loved one. Our team reaches "
    "out to your loved one only if they agree.",
    "es": "Un especialista en apoyo familiar le llamara a usted, no a su ser querido. El equipo "
    "contacta a su ser querido solo si esa persona esta de acuerdo.",
}


@pytest.mark.parametrize(
    "asked",
    ["will you contact him without his permission?", "does my son have to know",
     "does she have to know?", "will you tell my daughter i texted", "can you text her?",
     "will you call him"],
)  # fmt: skip
def test_a_consent_question_after_a_family_request_is_answered_honestly(asked) -> None:
    out = converse([*FAMILY, asked])[-1]
    assert out.replies == (CONSENT["en"],)
    assert not notes(out) and out.state["requested"] == "family"


@pytest.mark.parametrize(
    "said", ["can you call my cell after 6", "please call after 5, he will be home"]
)
def test_asking_to_be_called_is_no_consent_question_but_a_note(said: str) -> None:
    out = converse([*FAMILY, said])[-1]
    assert out.replies == (NOTED["en"],) and notes(out) == [Effect("note_request", {"text": said})]


def test_a_consent_question_during_the_family_flow_is_answered_and_the_question_waits() -> None:
    before = converse(FAMILY[:5])[-1]
    out = converse([*FAMILY[:5], "does my son have to know"])[-1]
    assert out.replies == (CONSENT["en"], before.replies[-1]) and not notes(out)
    assert out.state["node"] == before.state["node"]


@pytest.mark.parametrize(
    "said",
    ["cancel the call", "no need to call", "we dont need the call anymore",
     "actually we dont need the call anymore, hes in rehab now", "no need to call me anymore"],
)  # fmt: skip
def test_asking_not_to_be_called_after_a_request_asks_whether_to_cancel_it(said) -> None:
    out = converse([*FAMILY, said], open_request=True)[-1]
    assert out.replies == (DEFAULT_STRINGS["withdraw_ask"]["en"],)
    assert not notes(out) and out.state["asked"] == "withdraw"


def test_after_the_conversation_expired_words_are_still_a_note_while_the_request_is_open():
    """The conversation expires after 12 idle hours, the call promise is 24: "call my cell
    after 6 please" 13 hours later once got the menu, and the holder was never told."""
    state = converse(FAMILY)[-1].state
    later = NOW + timedelta(hours=13)
    ctx = Context(now=later, places=DIRECTORY, request_open=True)
    out = step(FLOWS, state, "call my cell after 6 please", ctx)
    assert out.replies == (NOTED["en"],)
    assert notes(out) == [Effect("note_request", {"text": "call my cell after 6 please"})]
    assert out.state["vars"] == {} and out.state["flow"] is None  # the old answers are gone
    # A new ask is still one, and with no request open the words are read as usual.
    asked = step(FLOWS, state, "i need help for myself", ctx)
    assert asked.state["flow"] == "self_referral" and not notes(asked)
    closed = step(
        FLOWS, state, "call my cell after 6 please", dataclasses.replace(ctx, request_open=False)
    )
    assert closed.state["flow"] == "menu" and not notes(closed)


@pytest.mark.parametrize("name", ["request_nod", "request_ok", "loved_one_consent"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_new_texts_are_editable_plain_gsm_in_one_segment(name: str, language: str) -> None:
    shipped = FLOWS["system"].strings[name][language]
    assert DEFAULT_STRINGS[name][language] == shipped
    assert shipped == {"request_nod": NOD, "request_ok": OK}.get(name, CONSENT)[language]
    assert (encoding(shipped), segments(shipped)) == ("GSM-7", 1), shipped


# ----- the text to the case's holder ---------------------------------------------------------


def test_the_holders_text_carries_the_note_in_one_segment_when_it_fits() -> None:
    said = holder_notice("AB12", "text me dont call, after 5 is best")
    said_here = '"text me dont call, after 5 is best"'
    assert said == f"Case AB12: the person texted since their request: {said_here}"
    assert (encoding(said), segments(said)) == ("GSM-7", 1)


@pytest.mark.parametrize(
    "note",
    ["please " * 80, "call me after 5 👍 “not before” — thanks ❤️ " * 12, "{[~]}" * 100, "x" * 600,
     "línea\n\n\ttwo"],
)  # fmt: skip
def test_the_holders_text_is_plain_gsm_in_two_segments_at_most(note: str) -> None:
    said = holder_notice("AB12", note)
    assert said.startswith('Case AB12: the person texted since their request: "')
    assert encoding(said) == "GSM-7" and segments(said) <= 2, said
    assert "\n" not in said and "\t" not in said


def test_a_long_note_is_cut_and_says_the_rest_is_on_the_case_page() -> None:
    said = holder_notice("AB12", "please call me after five " * 20)
    assert said.endswith('..." More on the case page.')
    assert "please call me after five please" in said
    assert holder_notice("AB12", "call me after 5 👍").endswith('"call me after 5 ?"')


# ----- through the webhook's path, on the database ------------------------------------------

PHONE = "+14135550177"
SCRIPT = "<script>alert('x')</script>"


@pytest.fixture
def team(world) -> dict[str, int]:
    return texting_team(world, cora="recovery_coach")


def texts_us(world, body: str) -> tuple[str, ...]:
    return person_texts(world, PHONE, body)


def a_request(world) -> tuple[int, str]:
    return a_text_request(world, PHONE)


def person_notes(session, case_id: int) -> list[CaseEvent]:
    return list(
        session.scalars(
            select(CaseEvent)
            .where(CaseEvent.case_id == case_id, CaseEvent.kind == "person_note")
            .order_by(CaseEvent.id)
        )
    )


def test_a_note_lands_on_the_held_case_and_its_holder_is_texted_once(world, team) -> None:
    case_id, code = a_request(world)
    responder_text(world, team["cora"], f"CLAIM {code}")
    assert texts_us(world, "text me dont call, after 5 is best") == (NOTED["en"],)
    with world.sessions.begin() as session:
        (event,) = person_notes(session, case_id)
        assert (event.actor, event.text) == ("the person", "text me dont call, after 5 is best")
        assert event.data["told"] is True and event.data["responder_id"] == team["cora"]
        cora = session.get_one(Responder, team["cora"])
        (notice,) = texts_to(session, cora, "person_note")
        assert notice == holder_notice(code, "text me dont call, after 5 is best")
        inbound = session.scalars(
            select(Message).where(Message.direction == "in").order_by(Message.id.desc())
        ).first()
        # Processing the same text again (a retried job, a replay) adds and sends nothing.
        contact = find_contact(session, PHONE)
        again = note_requests(
            session, contact, "text me dont call, after 5 is best", world.clock(),
            message_id=inbound.id,
        )  # fmt: skip
        assert again == []
    with world.sessions() as session:
        assert len(person_notes(session, case_id)) == 1
        assert len(texts_to(session, session.get_one(Responder, team["cora"]), "person_note")) == 1


def test_an_unclaimed_case_gets_the_note_and_nobody_is_texted(world, team) -> None:
    case_id, code = a_request(world)
    assert texts_us(world, "im in ware now") == (NOTED["en"],)
    assert texts_us(world, "text me dont call") == (NOTED["en"],)
    with world.sessions() as session:
        first, _ = person_notes(session, case_id)
        assert first.text == "im in ware now" and "told" not in first.data
        assert texts_to(session, session.get_one(Responder, team["cora"]), "person_note") == []
    # Whoever claims it later reads the person's words with the details, before they call.
    replies = responder_text(world, team["cora"], f"CLAIM {code}")
    assert replies[-1] == holder_notice(code, "im in ware now / text me dont call")
    assert sum(len(reply) for reply in replies) <= 1600


def test_a_closed_request_gets_no_note_and_the_person_is_told(world, team) -> None:
    case_id, code = a_request(world)
    responder_text(world, team["cora"], f"CLAIM {code}")
    with world.sessions.begin() as session:
        case = session.get_one(Case, case_id)
        case.status, case.closed_at, case.outcome = "closed", world.clock(), "safety_plan"
    assert texts_us(world, "call after 5 not before") == (CLOSED["en"],)
    with world.sessions() as session:
        assert person_notes(session, case_id) == []
        assert texts_to(session, session.get_one(Responder, team["cora"]), "person_note") == []


def test_the_case_page_shows_the_note_as_text(staff, world, team) -> None:
    _, code = a_request(world)
    texts_us(world, f"my name is {SCRIPT} now")
    html = staff.get(f"/admin/cases/{code}").text
    assert SCRIPT not in html
    assert "my name is &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; now" in html
    assert "the person texted more since their request" in html


def test_after_the_conversation_expired_a_text_still_lands_on_the_open_case(world, team) -> None:
    """12 idle hours expire the conversation, but the call promised may be a day away: "call
    my cell after 6 please" 13 hours on once got the menu, and the case never had it."""
    case_id, code = a_request(world)
    responder_text(world, team["cora"], f"CLAIM {code}")
    assert texts_us(world, "hi") == (WAITING["en"],)  # the request, not the menu
    world.clock.advance(hours=13)
    assert texts_us(world, "call my cell after 6 please") == (NOTED["en"],)
    with world.sessions() as session:
        (event,) = person_notes(session, case_id)
        assert event.text == "call my cell after 6 please" and event.data["told"] is True


def test_a_note_asking_not_to_be_texted_makes_the_request_a_call(world, team) -> None:
    """ "Call me instead" in a note: no still-trying text at the deadline, and whoever claims it
    reads "Prefers a call". Not an opt-out: they still want to be reached."""
    said = "please dont text me after this, my husband reads my texts. call me instead"
    case_id, code = a_request(world)
    assert texts_us(world, said) == (NOTED["en"],)
    with world.sessions() as session:
        case = session.get_one(Case, case_id)
        assert case.contact_method == "call"
        assert "asked_for_a_call" in events_of(session, case_id)
        assert find_contact(session, PHONE).opted_out_at is None
        world.clock.now = case.due_at
    jobs.deadline_check(case_id)
    with world.sessions() as session:
        contact = find_contact(session, PHONE)
        still_trying = select(Message).where(
            Message.contact_id == contact.id, Message.purpose == "still_trying"
        )
        assert session.scalars(still_trying).all() == []
    first, *_ = responder_text(world, team["cora"], f"CLAIM {code}")
    assert "Prefers a call" in first and "Prefers a text" not in first


def test_a_note_for_a_deactivated_holder_goes_to_the_coordinators(world, team) -> None:
    case_id, code = a_request(world)
    responder_text(world, team["cora"], f"CLAIM {code}")
    with world.sessions.begin() as session:
        session.get_one(Responder, team["cora"]).active = False
        dee = add_responder(session, "Dee", "coordinator").id
    assert texts_us(world, "im in ware now") == (NOTED["en"],)
    with world.sessions() as session:
        (event,) = person_notes(session, case_id)
        assert event.data["told"] is False and event.data["coordinators_told"] is True
        assert texts_to(session, session.get_one(Responder, team["cora"]), "person_note") == []
        (notice,) = texts_to(session, session.get_one(Responder, dee), "note_unread")
        assert f"Case {code}" in notice and "ware" not in notice


@pytest.mark.parametrize(
    "said",
    ["i dont want to be here anymore", "i overdosed on purpose last time",
     "omg my girlfriend just fell out shes not breathing", "I need help now"],
)  # fmt: skip
def test_a_crisis_or_emergency_after_a_request_is_answered_and_the_holder_told(said) -> None:
    """The 988 text went to the person, and the case and its holder saw nothing, while the
    holder was about to reach them."""
    alone = converse(["hi", said])[-1]
    out = converse([*SELF, said])[-1]
    assert out.replies[: len(alone.replies) - 1] == alone.replies[:-1]
    assert notes(out) == [Effect("note_request", {"text": said})]


@pytest.mark.parametrize(
    "said", ["i wish i was dead", "i cant do this anymore i dont want to be here"]
)
def test_despair_in_the_usual_words_after_a_request_gets_988_and_a_note(said: str) -> None:
    """These were only added to the request: "Thanks, I've added that"."""
    out = converse([*SELF, said])[-1]
    assert "988" in out.replies[0]
    assert {"event": "crisis"} in [e.data for e in out.effects if e.kind == "log_event"]
    assert notes(out) == [Effect("note_request", {"text": said})]


@pytest.mark.parametrize("said", ["i dont want to be here anymore", "STOP", "MENU", "HELP"])
def test_no_note_is_added_once_the_request_is_closed_or_for_a_keyword(said: str) -> None:
    closed = converse([*SELF, said], request_open=False)[-1]
    assert not notes(closed)
    if said.isupper():
        assert not notes(converse([*SELF, said])[-1])


@pytest.mark.parametrize(
    "said",
    ["dont call me anymore", "please dont call", "i dont want the call", "no need to call, im ok",
     "Don't call me!", "I don't want the call anymore, I'm fine"],
)  # fmt: skip
def test_turning_the_call_down_in_common_words_asks_whether_to_cancel(said: str) -> None:
    """These were added as notes, so the call still came."""
    out = converse([*SELF, said], open_request=True)[-1]
    assert out.replies == (DEFAULT_STRINGS["withdraw_ask"]["en"],)
    assert not notes(out) and out.state["asked"] == "withdraw"


@pytest.mark.parametrize(
    "said", ["cancelen la llamada por favor", "ya no necesito ayuda", "no me llamen mas"]
)
def test_turning_the_call_down_in_spanish_asks_in_spanish(said: str) -> None:
    out = converse([*SELF, said], open_request=True)[-1]
    assert out.replies == (DEFAULT_STRINGS["withdraw_ask"]["es"],)
    assert not notes(out) and out.state["asked"] == "withdraw"


@pytest.mark.parametrize(
    "said",
    ["please dont call before 5", "dont call, text me", "dont call me before noon",
     "no, call me instead", "dont call my mom, call me"],
)  # fmt: skip
def test_how_to_reach_them_is_a_note_and_no_cancelling(said: str) -> None:
    out = converse([*SELF, said], open_request=True)[-1]
    assert out.replies == (NOTED["en"],)
    assert notes(out) == [Effect("note_request", {"text": said})]
    assert "asked" not in out.state


@pytest.mark.parametrize("said", ["hello?", "hi", "yo", "1", "hey"])
def test_a_word_after_an_open_request_keeps_the_request_and_shows_no_menu(said: str) -> None:
    """ "hello?" once got the menu; then "when is someone going to call me" started a new
    self-referral, and the new number said next got "please reply with a number"."""
    out = converse([*SELF, said])[-1]
    assert out.replies == (WAITING["en"],) and not notes(out)
    assert out.state["flow"] is None and out.state["requested"] == "self_referral"


def test_a_word_after_a_closed_request_gets_the_menu_as_before() -> None:
    out = converse([*SELF, "hello?"], request_open=False)[-1]
    assert out.state["flow"] == "menu"


@pytest.mark.parametrize(
    "asked",
    ["when is someone going to call me", "when will you call?", "how long till someone calls me",
     "nobody called me yet", "has anyone called", "still waiting"],
)  # fmt: skip
def test_asking_when_they_will_be_called_is_answered_honestly_not_noted(asked: str) -> None:
    """A question about the request alone was filed as a note ("I added this to it"): the
    team got "when will you call?" to read as if it were news about the person."""
    out = converse([*SELF, asked])[-1]
    assert out.replies == (WHEN["en"],)
    assert notes(out) == []
    assert out.state["flow"] is None


def test_asking_when_in_spanish_is_answered_in_spanish() -> None:
    out = converse([*FAMILY_ES, "cuando me van a llamar"])[-1]
    assert out.replies == (WHEN["es"],) and not notes(out)


def test_asking_when_with_news_adds_the_news_and_says_so() -> None:
    said = "hes in rehab now, when will you call"
    out = converse([*SELF, said])[-1]
    assert out.replies == (NOTED["en"], WHEN["en"])
    assert notes(out) == [Effect("note_request", {"text": said})]


DUE = NOW + timedelta(hours=12, minutes=36)  # NOW is Tue Nov 24 2:00 PM: Wed 2:36 AM


@pytest.mark.parametrize(
    ("steps", "told"),
    [(SELF, "who will reach out by Wed 2:36 AM. To talk now"),
     (FAMILY_ES, "que le contactara para el miercoles a las 2:36 AM. Para hablar")],
)  # fmt: skip
def test_asking_when_gets_the_deadline_as_it_stands_not_the_whole_window(steps, told) -> None:
    """20 hours on, "within 24 hours" was still promised: the deadline is said instead."""
    out = converse([*steps, "when will you call"], due=DUE)[-1]
    (reply,) = out.replies
    assert told in reply and "24" not in reply
    assert (encoding(reply), segments(reply)) == ("GSM-7", 1), reply


def test_a_deadline_at_one_oclock_is_said_a_la_una_in_spanish() -> None:
    due = DUE - timedelta(hours=1, minutes=36)
    out = converse([*FAMILY_ES, "cuando me van a llamar"], due=due)[-1]
    assert "para el miercoles a la 1:00 AM." in out.replies[0]


def test_the_reported_texts_after_a_request_all_reach_the_team() -> None:
    said = ["hello?", "when is someone going to call me",
            "my phone is dying, call my sisters phone 413-555-0177 instead"]  # fmt: skip
    hello, when, phone = converse([*SELF, *said])[len(SELF) :]
    assert hello.replies == (WAITING["en"],)
    assert when.replies == (WHEN["en"],) and not notes(when)
    assert phone.replies == (NOTED["en"],) and notes(phone) == [
        Effect("note_request", {"text": said[2]})
    ]


@pytest.mark.parametrize(
    "said",
    ["my phone is dying, call my sisters phone 413-555-0177 instead", "ok thanks",
     "when is someone going to call me"],
)  # fmt: skip
def test_after_menu_with_a_request_open_what_answers_nothing_of_it_is_still_for_the_request(
    said: str,
) -> None:
    menu, out = converse([*SELF, "MENU", said])[-2:]
    assert menu.state["flow"] == "menu"
    assert out.state["flow"] is None and out.state["requested"] == "self_referral"
    assert "reply with a number" not in " ".join(out.replies)
    assert len(notes(out)) == (1 if said.startswith("my phone") else 0)


@pytest.mark.parametrize(
    ("said", "flow"),
    [("1", "self_referral"), ("2", "family"), ("my son", "family"),
     ("i need help for my daughter", "family")],
)  # fmt: skip
def test_after_menu_with_a_request_open_an_answer_to_it_answers_it(said: str, flow: str) -> None:
    out = converse([*SELF, "MENU", said])[-1]
    assert out.state["flow"] == flow and not notes(out)
    assert "requested" not in out.state


@pytest.mark.parametrize("name", ["request_waiting", "request_when"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_waiting_texts_are_editable_plain_gsm_in_one_segment(name: str, language) -> None:
    shipped = FLOWS["system"].strings[name][language]
    assert DEFAULT_STRINGS[name][language] == shipped
    said = (WAITING if name == "request_waiting" else WHEN)[language]
    due = "within 24 hours" if language == "en" else "dentro de 24 horas"
    filled = shipped.replace("{program_phone}", "413-555-0100")
    assert filled.replace("{request_due}", due) == said
    assert (encoding(said), segments(said)) == ("GSM-7", 1), said


@pytest.mark.parametrize(
    "said",
    ["also dont text this phone anymore its my gfs, use 4135557999",
     "dont text this number, its my moms phone. call me instead",
     "no texts pls, this is my bfs phone, im at 413 555 7999"],
)  # fmt: skip
def test_a_note_about_someone_elses_phone_leaves_the_request_a_text(world, team, said) -> None:
    """Nobody is told "Prefers a call" to the number of a girlfriend or a mother who may
    answer: the words, with the other number, go to whoever holds the case to read."""
    case_id, code = a_request(world)
    assert texts_us(world, said) == (NOTED["en"],)
    with world.sessions() as session:
        assert session.get_one(Case, case_id).contact_method == "text"
        assert "asked_for_a_call" not in events_of(session, case_id)
        (event,) = person_notes(session, case_id)
        assert event.text == said
    replies = responder_text(world, team["cora"], f"CLAIM {code}")
    assert any("Prefers a text" in reply for reply in replies)
    assert not any("Prefers a call" in reply for reply in replies)
    assert replies[-1] == holder_notice(code, said)


# ----- asked after a request past its deadline -----------------------------------------------

LATE = {
    "en": "We're sorry it's taken longer than we said. Your request is still open. To talk "
    "now, call 413-555-0100 or call/text 988. In an emergency, call 911.",
    "es": "Perdone la demora: tardamos mas de lo que dijimos. Su solicitud sigue abierta. Para "
    "hablar ya, llame al 413-555-0100 o llame/escriba al 988. Emergencia: 911.",
}
ASKED_LATE = [
    "did anyone get my message?? nobody called", "is anyone going to text me back",
    "hello?? did anyone get my message. its been 3 days", "its been 3 days", "hello??",
    "nobody called",
]  # fmt: skip


@pytest.mark.parametrize("asked", ASKED_LATE)
def test_asking_after_a_request_past_its_deadline_gets_an_apology_not_a_new_promise(
    asked: str,
) -> None:
    """3 days on, "did anyone get my message?? nobody called" was told someone "will reach out
    within 24 hours", and "hello?? did anyone get my message. its been 3 days" only "Thanks,
    I've added that to your request": neither true nor kind. The coordinators hear of it."""
    out = converse([*SELF, asked], overdue=True)[-1]
    assert out.replies == (LATE["en"],)
    assert Effect("request_overdue") in out.effects
    assert out.state["flow"] is None and out.state["requested"] == "self_referral"


@pytest.mark.parametrize("asked", ["did anyone get my message", "its been 3 days", "hello??"])
def test_what_is_asked_past_the_deadline_in_words_reaches_the_request(asked: str) -> None:
    out = converse([*SELF, asked], overdue=True)[-1]
    assert notes(out) == ([] if asked == "hello??" else [Effect("note_request", {"text": asked})])


@pytest.mark.parametrize(
    "asked",
    ["recibieron mi mensaje? nadie me ha llamado", "ya pasaron 3 dias", "hola??",
     "ya van 3 dias y nada", "llevo dos dias esperando", "todavia nadie me llama"],
)  # fmt: skip
def test_asking_past_the_deadline_in_spanish_is_answered_in_spanish(asked: str) -> None:
    out = converse([*FAMILY_ES, asked], overdue=True)[-1]
    assert out.replies == (LATE["es"],) and Effect("request_overdue") in out.effects


NEVER_CALLED = [
    ("en", "nobody ever called me"), ("en", "yall never called"),
    ("en", "you guys never called me back"), ("en", "no one ever reached out"),
    ("es", "nunca me llamaron"), ("es", "nadie nunca me llamo"),
]  # fmt: skip


@pytest.mark.parametrize(("language", "asked"), NEVER_CALLED)
def test_never_called_past_the_deadline_gets_the_apology(language, asked):
    """ "nobody ever called me" and "yall never called", a week on with nobody reaching them,
    were only "added to your request": no apology, and the coordinators never heard of it."""
    start = SELF if language == "en" else FAMILY_ES
    out = converse([*start, asked], overdue=True)[-1]
    assert out.replies == (LATE[language],)
    assert Effect("request_overdue") in out.effects


STILL_WAITING = [
    ("en", "still waiting for someone to call me"), ("en", "im still waiting on a call back"),
    ("en", "still waiting to hear back from you guys"), ("es", "sigo esperando la llamada"),
    ("es", "todavia estoy esperando que me llamen"), ("es", "ya pasaron 3 dias y nada"),
    ("es", "aun estamos esperando respuesta"),
]  # fmt: skip


@pytest.mark.parametrize(("language", "asked"), STILL_WAITING)
def test_still_waiting_past_the_deadline_gets_the_apology_not_a_note_alone(language, asked):
    """ "sigo esperando la llamada" and "still waiting for someone to call me" were only
    "added to your request": no apology, and the coordinators never heard of it."""
    steps = SELF if language == "en" else FAMILY_ES
    out = converse([*steps, asked], overdue=True)[-1]
    assert out.replies == (LATE[language],)
    assert Effect("request_overdue") in out.effects


@pytest.mark.parametrize(("language", "asked"), STILL_WAITING)
def test_still_waiting_before_the_deadline_is_told_when_and_is_no_note(language, asked):
    steps = SELF if language == "en" else FAMILY_ES
    out = converse([*steps, asked])[-1]
    assert out.replies == (WHEN[language],) and not notes(out)


@pytest.mark.parametrize(
    "said",
    ["still waiting for my test results to come back", "estoy esperando un bebe",
     "sigo esperando a mi hijo en el hospital", "estoy esperando la guagua"],
)  # fmt: skip
def test_waiting_for_something_else_is_news_for_the_team(said: str) -> None:
    out = converse([*SELF, said], overdue=True)[-1]
    assert "request_overdue" not in [effect.kind for effect in out.effects]
    assert notes(out) == [Effect("note_request", {"text": said})]


@pytest.mark.parametrize("asked", ["did anyone get my message?? nobody called", "nobody called"])
def test_before_the_deadline_asking_when_keeps_its_honest_answer(asked: str) -> None:
    out = converse([*SELF, asked])[-1]
    assert out.replies == (WHEN["en"],)
    assert "request_overdue" not in [effect.kind for effect in out.effects]


def test_past_the_deadline_a_closed_request_is_no_late_one() -> None:
    out = converse([*SELF, "nobody called"], request_open=False, overdue=True)[-1]
    assert "request_overdue" not in [effect.kind for effect in out.effects]


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_late_text_is_editable_plain_gsm_in_one_segment(language: str) -> None:
    shipped = FLOWS["system"].strings["request_late"][language]
    assert DEFAULT_STRINGS["request_late"][language] == shipped
    said = shipped.replace("{program_phone}", "413-555-0100")
    assert said == LATE[language]
    assert (encoding(said), segments(said)) == ("GSM-7", 1), said


def test_asking_past_the_deadline_tells_the_coordinators_once_per_case(world, team) -> None:
    """Each text past the deadline is answered; the coordinators on call are texted once."""
    with world.sessions.begin() as session:
        dee = add_responder(session, "Dee", "coordinator").id
    case_id, code = a_request(world)
    (before,) = texts_us(world, "nobody called")  # before the deadline: when, as it stands
    assert before.startswith("Your request is waiting for a team member, who will reach out by")
    with world.sessions() as session:
        assert texts_to(session, session.get_one(Responder, dee), "request_overdue") == []
        world.clock.now = session.get_one(Case, case_id).due_at + timedelta(days=2)
    assert texts_us(world, "did anyone get my message?? nobody called") == (LATE["en"],)
    assert texts_us(world, "hello?? did anyone get my message. its been 3 days") == (LATE["en"],)
    assert texts_us(world, "hello??") == (LATE["en"],)
    with world.sessions() as session:
        (notice,) = texts_to(session, session.get_one(Responder, dee), "request_overdue")
        assert f"Case {code}" in notice and "message" not in notice  # no person's words
        assert encoding(notice) == "GSM-7" and segments(notice) <= 2, notice
        assert events_of(session, case_id).count("request_overdue") == 1
        assert texts_to(session, session.get_one(Responder, team["cora"]), "request_overdue") == []


def test_asking_when_hours_into_the_window_gets_the_deadline_left(world, team) -> None:
    """At hour 20 the person was still promised a call "within 24 hours"."""
    case_id, _ = a_request(world)
    with world.sessions() as session:
        due = session.get_one(Case, case_id).due_at
        world.clock.now = due - timedelta(hours=4)
    (reply,) = texts_us(world, "when will you call")
    assert f"who will reach out {due_said(due, 'America/New_York', 'en')}. To talk" in reply
    assert "24 hours" not in reply
    with world.sessions() as session:
        assert person_notes(session, case_id) == []


def test_a_move_after_a_request_changes_its_town_and_who_is_offered_it(world) -> None:
    """Re-offers of a case whose person moved went to the old town's responders."""
    team = texting_team(world)
    with world.sessions.begin() as session:
        nora = add_responder(session, "Nora", "recovery_coach", towns=("Northampton",)).id
        wade = add_responder(session, "Wade", "recovery_coach", towns=("Ware",)).id
    case_id, code = a_request(world)
    assert team == {}
    with world.sessions() as session:
        assert session.get_one(Case, case_id).town == "Northampton"
        assert {o.responder_id for o in offers_of(session, case_id)} == {nora}
    responder_text(world, nora, f"CLAIM {code}")
    assert texts_us(world, "i moved to ware") == (NOTED["en"],)
    texts_us(world, "i moved to ware")  # said again: moved once
    with world.sessions() as session:
        case = session.get_one(Case, case_id)
        assert case.town == "Ware"
        assert events_of(session, case_id).count("town_changed") == 1
        (told,) = texts_to(session, session.get_one(Responder, nora), "person_note")[:1]
        assert "i moved to ware" in told
    responder_text(world, nora, f"RELEASE {code} sick")
    with world.sessions() as session:
        offers = offers_of(session, case_id)
        assert {o.responder_id for o in offers if o.status == "open"} == {wade}


def test_once_someone_reached_them_asking_again_tells_nobody(world, team) -> None:
    with world.sessions.begin() as session:
        dee = add_responder(session, "Dee", "coordinator").id
    case_id, code = a_request(world)
    responder_text(world, team["cora"], f"CLAIM {code}")
    responder_text(world, team["cora"], f"CONTACTED {code}")
    with world.sessions() as session:
        world.clock.now = session.get_one(Case, case_id).due_at + timedelta(days=2)
    assert texts_us(world, "nobody called") != (LATE["en"],)
    with world.sessions() as session:
        assert texts_to(session, session.get_one(Responder, dee), "request_overdue") == []


# ----- asked after a request once someone reached them -------------------------------------

REACHED = {
    "en": "Someone from our team has been in touch with you. To reach them, reply here and "
    "we'll pass it on, or call 413-555-0100. To talk now, call/text 988.",
    "es": "Alguien del equipo ya se comunico con usted. Para hablarle, responda aqui y se lo "
    "pasamos, o llame al 413-555-0100. Para hablar ya, llame/escriba al 988.",
}


@pytest.mark.parametrize(
    "asked", ["when will you call", "did anyone get my message", "nobody called", "hello?"]
)
def test_once_someone_reached_them_asking_when_is_told_so_not_a_promise(asked: str) -> None:
    """A responder had marked the case CONTACTED, and "when will you call" was still told
    someone "will reach out within 24 hours": they had been reached."""
    out = converse([*SELF, asked], reached=True)[-1]
    assert out.replies == (REACHED["en"],)
    assert notes(out) == ([] if asked == "hello?" else [Effect("note_request", {"text": asked})])
    assert "request_overdue" not in [effect.kind for effect in out.effects]
    assert out.state["flow"] is None and out.state["requested"] == "self_referral"


def test_once_someone_reached_them_asking_in_spanish_is_answered_in_spanish() -> None:
    out = converse([*FAMILY_ES, "cuando me van a llamar"], reached=True)[-1]
    assert out.replies == (REACHED["es"],) and len(notes(out)) == 1


def test_once_someone_reached_them_more_said_is_still_only_added() -> None:
    out = converse([*SELF, "text me dont call"], reached=True)[-1]
    assert out.replies == (NOTED["en"],)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_reached_text_is_editable_plain_gsm_in_one_segment(language: str) -> None:
    shipped = FLOWS["system"].strings["request_reached"][language]
    assert DEFAULT_STRINGS["request_reached"][language] == shipped
    said = shipped.replace("{program_phone}", "413-555-0100")
    assert said == REACHED[language]
    assert (encoding(said), segments(said)) == ("GSM-7", 1), said


def test_asking_when_after_contacted_on_the_database_is_told_so_and_the_holder_hears(
    world, team
) -> None:
    _, code = a_request(world)
    responder_text(world, team["cora"], f"CLAIM {code}")
    responder_text(world, team["cora"], f"CONTACTED {code}")
    assert texts_us(world, "when will you call") == (REACHED["en"],)
    with world.sessions() as session:
        (notice,) = texts_to(session, session.get_one(Responder, team["cora"]), "person_note")
        assert notice == holder_notice(code, "when will you call")


# ----- distress past the deadline ------------------------------------------------------------

DISTRESS = {
    "en": "Thanks for telling us, I've added that to your request. You don't have to wait: "
    "call or text 988 any time, or call us at 413-555-0100.",
    "es": "Gracias por decirnos, lo agregué a su solicitud. No tiene que esperar: llame o "
    "escriba al 988 cuando sea, o llamenos al 413-555-0100.",
}
DISTRESS_LATE = {
    "en": "Thanks for telling us, and we're sorry it's taking so long. I've passed this to our "
    "team. You don't have to wait: call or text 988, or call us at 413-555-0100.",
    "es": "Gracias por decirnos, y perdon por la demora. Se lo pase al equipo. No tiene que "
    "esperar: llame o escriba al 988 cuando sea, o llamenos al 413-555-0100.",
}


@pytest.mark.parametrize("said", ["im not doing good", "i really need to talk to someone today"])
def test_distress_past_the_deadline_is_noted_and_the_coordinators_are_told(said: str) -> None:
    """ "im not doing good" two days past the deadline was only a note for a holder who may
    not exist: the coordinators on call hear of it too, and the person is told we are late."""
    out = converse([*SELF, said], overdue=True)[-1]
    assert out.replies == (DISTRESS_LATE["en"],)
    assert notes(out) == [Effect("note_request", {"text": said})]
    assert Effect("distress_overdue") in out.effects


def test_distress_past_the_deadline_in_spanish_is_answered_in_spanish() -> None:
    out = converse([*FAMILY_ES, "no estoy bien"], overdue=True)[-1]
    assert out.replies == (DISTRESS_LATE["es"],) and Effect("distress_overdue") in out.effects


@pytest.mark.parametrize("reached", [False, True])
def test_distress_before_the_deadline_or_once_reached_tells_no_coordinator(reached) -> None:
    out = converse([*SELF, "im not doing good"], reached=reached)[-1]
    assert out.replies == (DISTRESS["en"],)
    assert [e.kind for e in out.effects] == ["note_request"]


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_late_distress_text_is_editable_plain_gsm_in_one_segment(language: str) -> None:
    shipped = FLOWS["system"].strings["request_distress_late"][language]
    assert DEFAULT_STRINGS["request_distress_late"][language] == shipped
    said = shipped.replace("{program_phone}", "413-555-0100")
    assert said == DISTRESS_LATE[language]
    assert (encoding(said), segments(said)) == ("GSM-7", 1), said


def test_distress_past_the_deadline_tells_the_coordinators_once_per_case(world, team) -> None:
    """Told once however often it is said, after they asked after the request or not, and
    never with the person's words."""
    with world.sessions.begin() as session:
        dee = add_responder(session, "Dee", "coordinator").id
    case_id, code = a_request(world)
    assert texts_us(world, "im not doing good") == (DISTRESS["en"],)  # before the deadline
    with world.sessions() as session:
        assert texts_to(session, session.get_one(Responder, dee), "distress_overdue") == []
        world.clock.now = session.get_one(Case, case_id).due_at + timedelta(days=2)
    assert texts_us(world, "nobody called") == (LATE["en"],)
    assert texts_us(world, "im not doing good") == (DISTRESS_LATE["en"],)
    assert texts_us(world, "im struggling") == (DISTRESS_LATE["en"],)
    with world.sessions() as session:
        (notice,) = texts_to(session, session.get_one(Responder, dee), "distress_overdue")
        assert f"Case {code}" in notice
        assert "doing good" not in notice and "struggling" not in notice  # no person's words
        assert encoding(notice) == "GSM-7" and segments(notice) <= 2, notice
        assert events_of(session, case_id).count("distress_overdue") == 1
        assert len(person_notes(session, case_id)) == 4


def test_distress_once_someone_reached_them_tells_no_coordinator(world, team) -> None:
    with world.sessions.begin() as session:
        dee = add_responder(session, "Dee", "coordinator").id
    case_id, code = a_request(world)
    responder_text(world, team["cora"], f"CLAIM {code}")
    responder_text(world, team["cora"], f"CONTACTED {code}")
    with world.sessions() as session:
        world.clock.now = session.get_one(Case, case_id).due_at + timedelta(days=2)
    assert texts_us(world, "im not doing good") == (DISTRESS["en"],)
    with world.sessions() as session:
        assert texts_to(session, session.get_one(Responder, dee), "distress_overdue") == []


# ----- a death or a crisis told after a request ---------------------------------------------

DEATHS = [
    "my son died last night", "he passed away this morning", "my son died of an overdose",
    "hes gone", "its too late he died",
]  # fmt: skip


@pytest.mark.parametrize("said", DEATHS)
def test_a_death_told_after_a_family_request_gets_condolences_and_reaches_the_team(said) -> None:
    """A parent who asked for a call hours before texted "my son died last night" and got
    only "Thanks, I've added that to your request": no condolences, no grief line, no 988."""
    out = converse([*FAMILY, said])[-1]
    replies = " ".join(out.replies)
    assert "sorry for your loss" in replies and "833-773-2445" in replies
    assert "988" in replies and NOTED["en"] not in out.replies
    assert all(encoding(reply) == "GSM-7" for reply in out.replies), out.replies
    assert segments(out.replies[-1]) == 1, out.replies
    assert notes(out) == [Effect("note_request", {"text": said})]
    assert Effect("death_told") in out.effects


@pytest.mark.parametrize("said", ["the dog died", "mi perro se murió", "se me murio el celular"])
def test_a_pet_or_a_phone_that_died_after_a_request_is_no_death(said: str) -> None:
    """ "se me murio el celular" after a request got condolences, 988 and ``death_told``."""
    out = converse([*FAMILY, said])[-1]
    replies = " ".join(out.replies)
    assert Effect("death_told") not in out.effects
    assert "sorry for your loss" not in replies and "Sentimos mucho" not in replies
    assert "988" not in replies


def test_a_death_told_after_a_request_names_the_cause_only_when_said() -> None:
    by_overdose = " ".join(converse([*FAMILY, "my son died of an overdose"])[-1].replies)
    any_cause = " ".join(converse([*FAMILY, "my son died last night"])[-1].replies)
    assert "lost someone to substance use" in by_overdose
    assert "If you lost someone to substance use" in any_cause  # assumes no overdose


def test_a_death_told_after_a_request_in_spanish_is_answered_in_spanish() -> None:
    out = converse([*FAMILY_ES, "mi hijo murio anoche"])[-1]
    assert "Sentimos mucho" in " ".join(out.replies) and "988" in " ".join(out.replies)
    assert Effect("death_told") in out.effects


def test_a_death_told_after_a_self_referral_is_heard_too() -> None:
    out = converse([*SELF, "my mom passed away this morning"])[-1]
    assert "sorry for your loss" in " ".join(out.replies)
    assert Effect("death_told") in out.effects


@pytest.mark.parametrize(
    "said", ["hes gone to rehab", "he almost died last night", "hes gone again, left at 2am"]
)
def test_no_death_after_a_request_is_only_a_note(said: str) -> None:
    out = converse([*FAMILY, said])[-1]
    assert "sorry for your loss" not in " ".join(out.replies)
    assert "death_told" not in [effect.kind for effect in out.effects]


def test_a_death_told_after_a_closed_request_reaches_no_request() -> None:
    out = converse([*FAMILY, "my son died last night"], request_open=False)[-1]
    assert "death_told" not in [effect.kind for effect in out.effects]


@pytest.mark.parametrize("said", ["i want to die", "i dont want to be here anymore"])
def test_a_crisis_after_a_request_gets_988_and_reaches_the_team(said: str) -> None:
    """ "i want to die" on a case nobody had claimed got 988 and was only a note: before the
    deadline the coordinators heard nothing."""
    out = converse([*SELF, said])[-1]
    assert "988" in " ".join(out.replies)
    assert notes(out) == [Effect("note_request", {"text": said})]
    assert Effect("crisis_told") in out.effects


def test_a_crisis_with_no_open_request_reaches_no_request() -> None:
    out = converse([*SELF, "i want to die"], request_open=False)[-1]
    assert "crisis_told" not in [effect.kind for effect in out.effects]


def a_family_request(world) -> tuple[int, str]:
    for body in FAMILY[:-1]:
        texts_us(world, body)
    assert "will call within 24 hours" in " ".join(texts_us(world, FAMILY[-1]))
    with world.sessions() as session:
        contact = find_contact(session, PHONE)
        case = session.scalars(select(Case).where(Case.contact_id == contact.id)).one()
        ids = case.id, case.code
    jobs.route_case(ids[0])
    return ids


def test_a_death_told_tells_the_holder_and_the_coordinators_once(world, team) -> None:
    with world.sessions.begin() as session:
        dee = add_responder(session, "Dee", "coordinator").id
    case_id, code = a_family_request(world)
    responder_text(world, team["cora"], f"CLAIM {code}")
    assert "sorry for your loss" in " ".join(texts_us(world, "my son died last night"))
    texts_us(world, "he passed away this morning")
    with world.sessions() as session:
        for who in (dee, team["cora"]):
            (notice,) = texts_to(session, session.get_one(Responder, who), "death_told")
            assert f"Case {code}" in notice and "their loved one died" in notice
            assert "last night" not in notice and "morning" not in notice  # no person's words
            assert encoding(notice) == "GSM-7" and segments(notice) <= 2, notice
        assert events_of(session, case_id).count("death_told") == 1
        assert [e.text for e in person_notes(session, case_id)] == [
            "my son died last night", "he passed away this morning",
        ]  # fmt: skip
    details = " ".join(responder_text(world, team["cora"], f"DETAILS {code}"))
    assert "The family told us their loved one died." in details


def test_the_next_offer_says_the_family_told_of_a_death(world, team) -> None:
    case_id, _ = a_family_request(world)
    texts_us(world, "its too late he died")
    with world.sessions.begin() as session:
        dee = add_responder(session, "Dee", "coordinator").id
        offer_case(session, session.get_one(Case, case_id), [dee], world.clock())
    with world.sessions() as session:
        (body,) = texts_to(session, session.get_one(Responder, dee), "offer")
        assert "The family told us their loved one died." in body


def test_a_crisis_on_an_unclaimed_request_tells_the_coordinators_once(world, team) -> None:
    with world.sessions.begin() as session:
        dee = add_responder(session, "Dee", "coordinator").id
    case_id, code = a_request(world)
    assert "988" in " ".join(texts_us(world, "i want to die"))
    assert "988" in " ".join(texts_us(world, "i dont want to be here anymore"))
    with world.sessions() as session:
        (notice,) = texts_to(session, session.get_one(Responder, dee), "crisis_told")
        assert f"Case {code}" in notice and "want to die" not in notice
        assert encoding(notice) == "GSM-7" and segments(notice) <= 2, notice
        assert events_of(session, case_id).count("crisis_told") == 1
        assert texts_to(session, session.get_one(Responder, team["cora"]), "crisis_told") == []
    urgent = "The person spoke of suicide or self-harm after asking: reach them soon."
    with world.sessions.begin() as session:
        offer_case(session, session.get_one(Case, case_id), [dee], world.clock())
    with world.sessions() as session:
        (body,) = texts_to(session, session.get_one(Responder, dee), "offer")
        assert urgent in body
    assert urgent in " ".join(responder_text(world, team["cora"], f"CLAIM {code}"))


# ----- the person texts after their case was closed without anyone reaching them --------------

CLOSED_UNREACHED = {
    "en": "Thanks for texting. We closed your request when we couldn't reach you, and I've let "
    "our team know. To talk now, call 413-555-0100 or 988. Emergency: 911.",
    "es": "Gracias por escribir. Cerramos su solicitud al no poder contactarle; avise al "
    "equipo. Para hablar ya, llame al 413-555-0100 o al 988. Emergencia: 911.",
}
CLOSED_UNREACHED_DISTRESS = {
    "en": "Thanks for telling us. We closed your request when we couldn't reach you, and I've "
    "let our team know. Don't wait: call or text 988, or call us at 413-555-0100.",
    "es": "Gracias por decirnos. Cerramos su solicitud al no poder contactarle; avise al "
    "equipo. No espere: llame o escriba al 988, o llamenos al 413-555-0100.",
}
TEXTED_AFTER_CLOSED = Effect("after_closed")


@pytest.mark.parametrize("said", ["did anyone get my message", "im in ware now, text me"])
def test_after_a_case_closed_unreached_the_team_hears_the_person_texted(said: str) -> None:
    """Closed "unreachable", then "did anyone get my message" was told the request was closed
    and went to nobody: the person is plainly reachable now."""
    out = converse([*SELF, said], request_open=False, closed_unreached=True)[-1]
    assert out.replies == (CLOSED_UNREACHED["en"],)
    assert out.effects == (TEXTED_AFTER_CLOSED,)  # never a note: the case is closed


def test_days_later_with_the_conversation_gone_the_team_still_hears() -> None:
    (out,) = converse(["did anyone get my message"], request_open=False, closed_unreached=True)
    assert out.replies == (CLOSED_UNREACHED["en"],) and out.effects == (TEXTED_AFTER_CLOSED,)


@pytest.mark.parametrize("said", ["im not doing good", "i really need to talk to someone today"])
def test_distress_after_a_case_closed_unreached_gets_988_and_the_team_hears(said: str) -> None:
    """ "im not doing good" got the bare menu, no 988."""
    (out,) = converse([said], request_open=False, closed_unreached=True)
    assert out.replies == (CLOSED_UNREACHED_DISTRESS["en"],)
    assert out.effects == (TEXTED_AFTER_CLOSED,)


def test_after_a_case_closed_unreached_spanish_is_answered_in_spanish() -> None:
    outs = converse(["no estoy bien", "recibieron mi mensaje?"], False, closed_unreached=True)
    assert [out.replies for out in outs] == [
        (CLOSED_UNREACHED_DISTRESS["es"],),
        (CLOSED_UNREACHED["es"],),
    ]


def test_distress_with_no_case_at_all_keeps_the_menu() -> None:
    (out,) = converse(["im not doing good"], request_open=False)
    assert "1) Support for myself" in out.replies[-1] and out.effects == ()


@pytest.mark.parametrize("said", ["i need help for myself", "narcan in amherst"])
def test_after_a_case_closed_unreached_a_new_ask_goes_on_as_usual(said: str) -> None:
    (out,) = converse([said], request_open=False, closed_unreached=True)
    assert TEXTED_AFTER_CLOSED not in out.effects


@pytest.mark.parametrize("name", ["closed_unreached", "closed_unreached_distress"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_closed_unreached_texts_are_editable_plain_gsm_in_one_segment(name, language) -> None:
    shipped = FLOWS["system"].strings[name][language]
    assert DEFAULT_STRINGS[name][language] == shipped
    said = shipped.replace("{program_phone}", "413-555-0100")
    expected = {"closed_unreached": CLOSED_UNREACHED}.get(name, CLOSED_UNREACHED_DISTRESS)
    assert said == expected[language]
    assert (encoding(said), segments(said)) == ("GSM-7", 1), said


# ----- a person who cannot take calls is never told to call ----------------------------------

TEXT_ONLY_REPLIES = {
    "request_late": "We're sorry it's taken longer than we said. Your request is still open. "
    "To talk now, text 988 or reply here. In an emergency, 911.",
    "request_distress": "Thanks for telling us, I've added that to your request. You don't "
    "have to wait: text 988 any time, or reply here.",
    "request_distress_late": "Thanks for telling us, and we're sorry it's taking so long. I've "
    "passed this to our team. You don't have to wait: text 988 any time, or reply here.",
    "request_reached": "Someone from our team has been in touch with you. To reach them, reply "
    "here and we'll pass it on. To talk now, text 988.",
    "closed_unreached": "Thanks for texting. We closed your request when we couldn't reach "
    "you, and I've let our team know. To talk now, text 988. Emergency: 911.",
    "closed_unreached_distress": "Thanks for telling us. We closed your request when we "
    "couldn't reach you, and I've let our team know. Don't wait: text 988 any time.",
}


@pytest.mark.parametrize(
    ("said", "facts", "name"),
    [
        ("nobody called", {"overdue": True}, "request_late"),
        ("im not doing good", {}, "request_distress"),
        ("im not doing good", {"overdue": True}, "request_distress_late"),
        ("when will you call", {"reached": True}, "request_reached"),
    ],
)
def test_a_text_only_request_is_told_to_text_not_to_call(said, facts, name) -> None:
    """ "im deaf, text only please" was then told to "call 413-555-0100 or call/text 988"."""
    out = converse([*SELF, said], **facts, text_only=True)[-1]
    assert out.replies == (TEXT_ONLY_REPLIES[name],)
    assert converse([*SELF, said], **facts)[-1].replies != out.replies


@pytest.mark.parametrize(
    ("said", "name"),
    [
        ("did anyone get my message", "closed_unreached"),
        ("im not doing good", "closed_unreached_distress"),
    ],
)
def test_a_text_only_request_closed_unreached_is_told_to_text(said: str, name: str) -> None:
    (out,) = converse([said], request_open=False, closed_unreached=True, text_only=True)
    assert out.replies == (TEXT_ONLY_REPLIES[name],) and out.effects == (TEXTED_AFTER_CLOSED,)


@pytest.mark.parametrize("name", sorted(TEXT_ONLY_REPLIES))
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_text_only_texts_are_editable_plain_gsm_one_segment_and_never_say_call(
    name: str, language: str
) -> None:
    shipped = FLOWS["system"].strings[f"{name}_text_only"][language]
    assert DEFAULT_STRINGS[f"{name}_text_only"][language] == shipped
    if language == "en":
        assert shipped == TEXT_ONLY_REPLIES[name]
    assert "988" in shipped and "call" not in shipped.lower() and "llam" not in shipped.lower()
    assert (encoding(shipped), segments(shipped)) == ("GSM-7", 1), shipped


# ----- on the database ----------------------------------------------------------------------


def test_after_a_case_closed_unreachable_the_closer_and_coordinators_hear_once_a_day(
    world, team
) -> None:
    """ "CLOSE K7QM unreachable tried 3x", then "did anyone get my message" was told the request
    was closed and went to nobody, and "im not doing good" got the bare menu."""
    with world.sessions.begin() as session:
        dee = add_responder(session, "Dee", "coordinator").id
    case_id, code = a_request(world)
    responder_text(world, team["cora"], f"CLAIM {code}")
    responder_text(world, team["cora"], f"CLOSE {code} unreachable tried 3x")
    world.clock.now += timedelta(days=2)
    assert texts_us(world, "did anyone get my message") == (CLOSED_UNREACHED["en"],)
    assert texts_us(world, "im not doing good") == (CLOSED_UNREACHED_DISTRESS["en"],)
    with world.sessions() as session:
        for name in (dee, team["cora"]):
            (notice,) = texts_to(session, session.get_one(Responder, name), "after_closed")
            assert f"Case {code}" in notice and "unreachable" in notice
            assert "message" not in notice and "doing good" not in notice  # no person's words
            assert encoding(notice) == "GSM-7" and segments(notice) <= 2, notice
        assert events_of(session, case_id).count("after_closed") == 1
        assert person_notes(session, case_id) == []
        assert session.get_one(Case, case_id).status == "closed"
    world.clock.now += timedelta(days=1)
    assert texts_us(world, "hello is anyone there") == (CLOSED_UNREACHED["en"],)
    with world.sessions() as session:
        assert len(texts_to(session, session.get_one(Responder, dee), "after_closed")) == 2


def test_long_after_a_case_closed_unreachable_or_after_contact_nobody_is_told(world, team) -> None:
    with world.sessions.begin() as session:
        dee = add_responder(session, "Dee", "coordinator").id
    _, code = a_request(world)
    responder_text(world, team["cora"], f"CLAIM {code}")
    responder_text(world, team["cora"], f"CLOSE {code} unreachable")
    world.clock.now += timedelta(days=15)
    assert texts_us(world, "did anyone get my message") != (CLOSED_UNREACHED["en"],)
    _, other = a_text_request(world, "+14135550178")
    responder_text(world, team["cora"], f"CLAIM {other}")
    responder_text(world, team["cora"], f"CONTACTED {other}")
    responder_text(world, team["cora"], f"CLOSE {other} plan")
    assert person_texts(world, "+14135550178", "call after 5 not before") == (CLOSED["en"],)
    with world.sessions() as session:
        assert texts_to(session, session.get_one(Responder, dee), "after_closed") == []


def test_a_text_only_request_past_its_deadline_is_told_to_text(world, team) -> None:
    case_id, _ = a_request(world)
    with world.sessions.begin() as session:
        case = session.get_one(Case, case_id)
        case.details = json.dumps({**json.loads(case.details or "{}"), "text_only": True})
        world.clock.now = case.due_at + timedelta(days=1)
    assert texts_us(world, "nobody called") == (TEXT_ONLY_REPLIES["request_late"],)


def test_past_the_deadline_list_claim_and_offers_say_it_is_overdue_and_what_the_person_did(
    world, team
) -> None:
    """Past its deadline a case read "First contact by" a time already gone, and a re-offer
    like any other. Now each says it is overdue, and that the person asked after it and said
    they are having a hard time, never in their words."""
    with world.sessions.begin() as session:
        ben = add_responder(session, "Ben", "recovery_coach").id
    case_id, code = a_request(world)
    (listed,) = responder_text(world, team["cora"], "LIST")
    assert "OVERDUE" not in listed
    with world.sessions() as session:
        due_at = session.get_one(Case, case_id).due_at
    due = local_time(due_at, world.settings.timezone)
    world.clock.now = due_at + timedelta(hours=2)
    (listed,) = responder_text(world, team["cora"], "LIST")
    assert f"{code} Northampton, OVERDUE: first contact was due {due}\n" in listed
    texts_us(world, "nobody called")
    texts_us(world, "im not doing good")
    late = (
        f"OVERDUE: first contact was due {due}, the person asked after it and said they are "
        "having a hard time"
    )
    (listed,) = responder_text(world, team["cora"], "LIST")
    assert f"{code} Northampton, {late}\n" in listed
    claimed = " ".join(responder_text(world, team["cora"], f"CLAIM {code}") or [])
    assert f"Case {code} is yours. {late}." in claimed
    assert "First contact by" not in claimed
    (listed,) = responder_text(world, team["cora"], "LIST")
    assert f"{code} claimed, {late}" in listed
    responder_text(world, team["cora"], f"RELEASE {code} called away")
    with world.sessions() as session:
        offer = texts_to(session, session.get_one(Responder, ben), "offer")[-1]
    assert offer.startswith(f"Still unclaimed: case {code}: ")
    assert f"{late}." in offer
    assert "nobody called" not in offer and "doing good" not in offer
    assert encoding(offer) == "GSM-7", offer


@pytest.mark.parametrize("stop", ["STOP", "leave me alone"])
def test_opting_out_with_a_text_only_request_open_never_promises_a_call(stop: str) -> None:
    """A deaf person who opted out with their request open was told "someone from our team
    may still call you. To cancel it, call ...": a call they cannot take, and nobody can reach
    them. They are told so, and that START lets the team text them."""
    (reply,) = converse([*SELF, stop], text_only=True)[-1].replies
    assert "can't reach you while texts are off" in reply and "Text START" in reply
    assert "call" not in reply.replace("911", "")
    (plain,) = converse([*SELF, stop])[-1].replies
    assert "may still call you" in plain


def test_fear_of_police_after_a_police_ok_request_is_answered_noted_and_changes_nothing(
    world, team
) -> None:
    """A scared person on a police-OK case heard only "added to your request": the worry is
    answered, their words reach the team, and the case stays as they chose."""
    for body in ["menu", "1", "1", "01060", "1", "1", "2", "Jay", "1"]:
        texts_us(world, body)
    with world.sessions() as session:
        case = session.scalars(
            select(Case).where(Case.contact_id == find_contact(session, PHONE).id)
        ).one()
        case_id = case.id
        assert case.peers_only is False
    jobs.route_case(case_id)
    said = "wait is a cop gonna call me? cops scare me"
    replies = texts_us(world, said)
    assert "not the police" in replies[0] and "NO POLICE" in replies[0]
    assert replies[-1] == NOTED["en"]
    with world.sessions() as session:
        assert [e.text for e in person_notes(session, case_id)] == [said]
        assert session.get_one(Case, case_id).peers_only is False
