"""A text that cannot be handled is set aside: it never stands in front of the person's next
texts, STOP and emergencies included, and it stays stored for staff to look into."""

from __future__ import annotations

import pytest
from sqlalchemy import select

import hotline.inbound as inbound
from hotline.contacts import find_contact
from hotline.inbound import FALLBACK_REPLY, InboundSms, record_inbound
from models import Case, Message, ProgramEvent, utcnow
from tests.test_webhook import replies_of, seeded  # noqa: F401 - a fixture

SENDER = "+14135550188"


@pytest.fixture
def breaks_on_boom(monkeypatch):
    """The engine fails on one particular text, as a bug or a bad script would."""
    real_step = inbound.step

    def step(flows, state, text, context):
        if text == "boom":
            raise RuntimeError("the engine broke")
        return real_step(flows, state, text, context)

    monkeypatch.setattr(inbound, "step", step)


def inbound_statuses(sessions) -> dict[str, str]:
    with sessions() as session:
        rows = session.execute(
            select(Message.body, Message.status).where(Message.direction == "in")
        ).all()
    return {body: status for body, status in rows}


def test_a_text_that_fails_gets_a_kind_answer_and_is_set_aside(
    seeded,  # noqa: F811
    text_hotline,
    sessions,
    breaks_on_boom,
):
    assert replies_of(text_hotline("boom", SENDER)) == [FALLBACK_REPLY]
    assert inbound_statuses(sessions) == {"boom": "set_aside"}
    with sessions() as session:
        (stored,) = session.scalars(select(Message.body).where(Message.direction == "out")).all()
    assert stored == FALLBACK_REPLY  # every reply is stored, this one too
    with sessions() as session:
        counted = session.scalars(select(ProgramEvent.kind)).all()
    assert counted == ["text_set_aside"]  # on the figures page, without who it was
    # The next text is answered as if nothing had happened.
    (menu,) = replies_of(text_hotline("hi", SENDER))
    assert "not an emergency service" in menu
    (stopped,) = replies_of(text_hotline("STOP", SENDER))
    assert "START" in stopped
    with sessions() as session:
        assert find_contact(session, SENDER).opted_out


def test_an_earlier_text_left_failing_does_not_block_the_next(
    seeded,  # noqa: F811
    app,
    sessions,
    breaks_on_boom,
):
    """A text stored but never handled (its request died) and failing again is set aside by
    the next text's request, which still gets its own answer."""
    with sessions.begin() as session:
        record_inbound(session, InboundSms(sid="SM-left", sender=SENDER, body="boom"), utcnow())
    service = app.extensions["hotline.inbound"]
    result = service.receive(
        InboundSms(sid="SM-next", sender=SENDER, body="someone is not breathing")
    )
    assert not result.failed
    assert any("911" in reply for reply in result.replies)
    assert inbound_statuses(sessions) == {
        "boom": "set_aside",
        "someone is not breathing": "processed",
    }
    with sessions() as session:
        replies_to_left = session.scalars(
            select(Message.id).where(Message.direction == "out", Message.body == FALLBACK_REPLY)
        ).all()
    assert replies_to_left == []  # its own request is long gone: nothing to answer


def test_a_failing_text_from_an_opted_out_number_gets_no_reply(
    seeded,  # noqa: F811
    text_hotline,
    sessions,
    breaks_on_boom,
):
    text_hotline("STOP", SENDER)
    assert replies_of(text_hotline("boom", SENDER)) == []
    assert inbound_statuses(sessions)["boom"] == "set_aside"


def test_a_long_answer_in_ones_own_words_makes_the_case_and_stays_private(
    seeded,  # noqa: F811
    text_hotline,
    sessions,
):
    """ "When is a good time?" takes up to 80 characters of the person's own words: they make
    the case, go with its encrypted details, and the number can still text STOP after."""
    words = "after 6, ask for Quillonette at 12 Elm St back door"
    conversation = ["hi", "1", "1", "northampton", "call", words, "peers", "Jo", "yes"]
    answers = [replies_of(text_hotline(body, SENDER)) for body in conversation]
    assert "within 24 hours" in answers[-1][-1], answers[-1]
    with sessions() as session:
        case = session.scalars(select(Case)).one()
        assert case.best_time is None
        assert words in case.details
    (stopped,) = replies_of(text_hotline("STOP", SENDER))
    assert "START" in stopped
