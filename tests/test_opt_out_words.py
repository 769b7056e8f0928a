"""Plain requests to stop that a QA review found missed: STOP said twice or with filler ("STOP.
Im fine now", "stop all", "stop thx"), "unsub", "take me off ur list", and informal Spanish ("deja
de escribirme", "para", "paren", "cancelar suscripcion"). Each is an opt-out, as STOP is, for a
person with a request open and for a responder on the roster too. Words that only look alike
("i cant stop using", "stop by tomorrow", "i want out", "no mas") are not."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from flows.engine import step
from flows.interrupts import detect
from hotline.contacts import find_contact
from models import Case, Contact, Message, Responder
from routing import jobs
from routing.sweep import sweep
from tests.routing_support import a_text_request, person_texts, texting_team, texts_to
from tests.test_engine_interrupts import EVERY_STATE, FLOWS, ctx, state_at
from tests.test_notes_after_a_request import SELF, converse, notes

NEWLY_HEARD = [
    # STOP said twice, or with filler that asks nothing else
    ("STOP. Im fine now", "en"), ("STOP STOP", "en"), ("stop stop stop", "en"),
    ("stop thx", "en"), ("stop all", "en"), ("Stop all texts", "en"),
    ("STOP ALL MESSAGES", "en"), ("stop this", "en"), ("optout please", "en"),
    ("cancel texts", "en"), ("unsub", "en"), ("stop sending me stuff", "en"),
    ("im fine stop", "en"), ("stop, all good thanks", "en"), ("cancel my subscription", "en"),
    # "i want out" alone may mean out of drug use: only with words about our texts
    ("i want out of these texts", "en"), ("i want out of your list", "en"),
    # "your" as phones type it
    ("take me off ur list", "en"), ("take me off yr list", "en"), ("take me off u list", "en"),
    ("remove me from ur list please", "en"), ("take me off ur texting list", "en"),
    # Spanish, informal and said short
    ("deja de escribirme", "es"), ("para de escribirme porfa", "es"),
    ("deja de mandarme mensajes", "es"), ("Para ya no quiero mensajes", "es"),
    ("cancelar suscripcion", "es"), ("cancelar suscripción", "es"), ("PARA", "es"),
    ("paren", "es"), ("para ya", "es"), ("Paren por favor", "es"),
    ("deje de escribirme", "es"),
]  # fmt: skip

NOT_OPT_OUTS = [
    "i cant stop using", "how do i stop", "i want to stop using", "stop by tomorrow",
    "end of the day", "i want out", "i want out of this life", "no mas", "no más",
    "para mi", "para mi hijo", "para ahora", "omg para", "stop stop he isnt breathing",
    "take me off the list of people who can pick up my son", "stop all the drama",
    "cancel the call",
]  # fmt: skip


@pytest.mark.parametrize(("text", "language"), NEWLY_HEARD)
def test_the_detector_reads_a_plain_request_to_stop(text: str, language: str) -> None:
    found = detect(text)
    assert found is not None and found.kind == "opt_out"
    assert found.language == language


@pytest.mark.parametrize("text", NOT_OPT_OUTS)
def test_words_that_only_look_alike_are_no_opt_out(text: str) -> None:
    found = detect(text)
    assert found is None or found.kind != "opt_out"


def test_an_emergency_said_after_stop_is_an_emergency() -> None:
    found = detect("stop he isnt breathing")
    assert found is not None and found.kind == "emergency"
    assert detect("stop stop he isnt breathing").kind == "emergency"


def test_cancel_the_call_still_asks_whether_to_withdraw_the_request() -> None:
    out = converse([*SELF, "cancel the call"], open_request=True)[-1]
    assert "opt_out" not in [e.kind for e in out.effects]
    assert out.state.get("asked") == "withdraw"


@pytest.mark.parametrize(("flow_id", "node"), EVERY_STATE)
@pytest.mark.parametrize(("text", "language"), NEWLY_HEARD[::4])
def test_a_plain_request_to_stop_opts_out_from_any_state(
    flow_id: str, node: str, text: str, language: str
) -> None:
    out = step(FLOWS, state_at(flow_id, node), text, ctx())
    assert [e.kind for e in out.effects] == ["opt_out"]
    assert len(out.replies) == 1 and "START" in out.replies[0]
    assert {"en": "unsubscribed", "es": "Ya no recibira"}[language] in out.replies[0]
    assert out.state["flow"] is None


@pytest.mark.parametrize("text", ["STOP. Im fine now", "stop all", "PARA", "deja de escribirme"])
def test_after_a_request_it_is_an_opt_out_and_no_note(text: str) -> None:
    out = converse([*SELF, text])[-1]
    assert [e.kind for e in out.effects] == ["opt_out"]
    assert not notes(out)


def test_take_me_off_ur_list_starts_no_self_referral() -> None:
    out = converse(["take me off ur list"])[-1]
    assert [e.kind for e in out.effects] == ["opt_out"]
    assert out.state["flow"] is None


# ----- through the webhook's path, on the database ------------------------------------------

PHONE = "+14135550188"


@pytest.fixture
def team(world) -> dict[str, int]:
    return texting_team(world, cora="recovery_coach")


def test_stop_with_filler_after_a_request_opts_out_and_nothing_more_is_sent(world, team):
    """It used to be added to the request as a note, and the person kept hearing from us."""
    case_id, _ = a_text_request(world, PHONE)
    (reply,) = person_texts(world, PHONE, "STOP. Im fine now")
    assert "unsubscribed" in reply and "START" in reply
    with world.sessions() as session:
        contact = find_contact(session, PHONE)
        assert contact.opted_out
        contact_id = contact.id
        sent_before = session.scalar(
            select(Message.id)
            .where(Message.contact_id == contact_id, Message.direction == "out")
            .order_by(Message.id.desc())
            .limit(1)
        )
        world.clock.now = session.get_one(Case, case_id).due_at
    jobs.deadline_check(case_id)
    sweep(world.clock())
    assert person_texts(world, PHONE, "hello?") == ()
    with world.sessions() as session:
        later = session.scalars(
            select(Message).where(
                Message.contact_id == contact_id,
                Message.direction == "out",
                Message.id > sent_before,
            )
        ).all()
        assert later == []


@pytest.mark.parametrize("text", ["stop all", "STOP ALL MESSAGES"])
def test_a_responder_who_asks_to_stop_all_is_opted_out(world, team, text: str) -> None:
    with world.sessions() as session:
        phone = session.get_one(Contact, session.get_one(Responder, team["cora"]).contact_id).phone
    (confirmation,) = person_texts(world, phone, text)
    assert "Not a command" not in confirmation
    assert "no case offers" in confirmation and "START" in confirmation
    with world.sessions() as session:
        cora = session.get_one(Responder, team["cora"])
        assert session.get_one(Contact, cora.contact_id).opted_out
        assert texts_to(session, cora) == [confirmation]
