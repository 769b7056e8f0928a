"""A flood from one number is stored, held kindly, and never starves other texters."""

from __future__ import annotations

from sqlalchemy import func, select

from hotline import create_app
from hotline.contacts import find_contact
from hotline.flow_store import install_shipped_flows
from hotline.inbound import InboundSms
from hotline.places_store import load_places
from models import Case, Message, utcnow
from tests.conftest import make_settings


def flood_app(engine, limit: int = 5):
    app = create_app(
        make_settings(engine.url.render_as_string(hide_password=False), inbound_per_minute=limit)
    )
    with app.extensions["hotline.sessions"].begin() as session:
        install_shipped_flows(session, utcnow())
        load_places(session)
    return app


def test_a_flood_is_stored_held_and_answered_once(engine, sessions):
    service = flood_app(engine).extensions["hotline.inbound"]
    flooder, neighbour = "+14135550140", "+14135550141"
    answered = []
    for index in range(200):
        result = service.receive(InboundSms(sid=f"SMflood{index}", sender=flooder, body="yes"))
        answered.append(bool(result.replies))
    other = service.receive(InboundSms(sid="SMother", sender=neighbour, body="hi"))
    assert other.replies and "not an emergency service" in other.replies[0]
    # Five ordinary answers, then one notice, then quiet.
    assert answered[:6] == [True] * 6
    assert sum(answered) == 6
    with sessions() as session:
        stored = session.scalar(
            select(func.count()).select_from(Message).where(Message.direction == "in")
        )
        held = session.scalar(
            select(func.count()).select_from(Message).where(Message.status == "held")
        )
        assert stored == 201
        assert held == 195
        assert session.scalar(select(func.count()).select_from(Case)) == 0


def test_an_emergency_in_a_flood_is_always_answered(engine):
    service = flood_app(engine, limit=2).extensions["hotline.inbound"]
    sender = "+14135550142"
    for index in range(10):
        service.receive(InboundSms(sid=f"SMf{index}", sender=sender, body="hello"))
    result = service.receive(InboundSms(sid="SMf-od", sender=sender, body="she is not breathing"))
    assert any("911" in reply for reply in result.replies)
    urgent = service.receive(InboundSms(sid="SMf-sos", sender=sender, body="send help"))
    assert urgent.replies and "call 911 now" in urgent.replies[0]
    stop = service.receive(InboundSms(sid="SMf-stop", sender=sender, body="STOP"))
    assert stop.replies and "START" in stop.replies[0]


def test_start_in_a_flood_opts_back_in(engine, sessions):
    """Twilio re-subscribes a number on START whatever we do; our own list must follow, or an
    emergency texted minutes later would meet our silence."""
    service = flood_app(engine, limit=3).extensions["hotline.inbound"]
    sender = "+14135550143"
    service.receive(InboundSms(sid="SMo-stop", sender=sender, body="STOP"))
    for index in range(5):
        service.receive(InboundSms(sid=f"SMo{index}", sender=sender, body="why"))
    start = service.receive(InboundSms(sid="SMo-start", sender=sender, body="START"))
    assert start.replies, "START was held in the flood"
    with sessions() as session:
        contact = find_contact(session, sender)
        assert contact is not None and not contact.opted_out
    later = service.receive(InboundSms(sid="SMo-od", sender=sender, body="she is not breathing"))
    assert any("911" in reply for reply in later.replies)


def test_a_refusal_of_police_in_a_flood_is_always_heard(engine, sessions):
    service = flood_app(engine, limit=2).extensions["hotline.inbound"]
    sender = "+14135550144"
    for index in range(10):
        service.receive(InboundSms(sid=f"SMp{index}", sender=sender, body="hello"))
    result = service.receive(InboundSms(sid="SMp-no", sender=sender, body="no police please"))
    assert result.replies and "no police officers" in result.replies[0]
    with sessions() as session:
        contact = find_contact(session, sender)
        assert contact is not None and contact.refuses_police
