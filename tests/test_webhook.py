"""The Twilio SMS webhook, end to end through the real app, database and engine."""

from __future__ import annotations

import threading
import time
from xml.etree import ElementTree

import pytest
from sqlalchemy import func, select

from hotline.contacts import find_contact
from hotline.flow_store import install_shipped_flows
from hotline.places_store import load_places
from models import (
    Case,
    Contact,
    FlowScript,
    FlowVersion,
    Message,
    Offer,
    ProgramEvent,
    Responder,
    utcnow,
)
from routing import jobs
from routing.sending import queue_sms
from tests.conftest import post_signed, sms_form
from tests.routing_support import add_case, add_responder

SELF_REFERRAL = ["hi", "1", "1 3", "northampton", "text", "morning", "peers", "Sam", "yes"]


@pytest.fixture
def seeded(app, sessions):
    with sessions.begin() as session:
        install_shipped_flows(session, utcnow())
        load_places(session)
    return app


def replies_of(response) -> list[str]:
    root = ElementTree.fromstring(response.data)
    assert root.tag == "Response"
    return [message.text or "" for message in root.findall("Message")]


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_first_text_gets_the_main_menu(seeded, text_hotline):
    response = text_hotline("hi")
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    (reply,) = replies_of(response)
    assert "not an emergency service" in reply
    assert "Reply STOP" in reply


def test_a_team_command_from_a_deactivated_responder_is_not_taken_for_a_first_text(
    seeded, text_hotline, sessions
):
    with sessions.begin() as session:
        add_responder(session, "Cora", "recovery_coach", phone="+14135550111", active=False)
    (reply,) = replies_of(text_hotline("contacted K7QM spoke with him", "+14135550111"))
    assert reply.startswith("You're no longer on the active on-call roster")
    assert "not an emergency service" in replies_of(text_hotline("hi", "+14135550111"))[0]


def test_a_responder_can_use_the_hotline_for_themselves_and_still_take_cases(
    seeded, text_hotline, sessions
):
    """Responders are people too. MENU starts their own conversation, whose answers are
    theirs (never "Not a command I know"); a case command with its code still works in the
    middle of it, and the conversation goes on; their own case is never offered to them."""
    blair_phone = "+14135550102"
    with sessions.begin() as session:
        blair = add_responder(session, "Blair", "recovery_coach", phone=blair_phone)
        cora = add_responder(session, "Cora", "recovery_coach")
        case = add_case(session, now=utcnow())
        case.status = "offered"
        session.add(Offer(case_id=case.id, responder_id=blair.id, created_at=utcnow()))
        blair_id, cora_id, code = blair.id, cora.id, case.code
    (menu,) = replies_of(text_hotline("MENU", blair_phone))
    assert "1) Support for myself" in menu
    for body in SELF_REFERRAL[1:4]:
        assert "Not a command I know" not in " ".join(replies_of(text_hotline(body, blair_phone)))
    claimed = replies_of(text_hotline(f"CLAIM {code}", blair_phone))
    assert claimed[0].startswith(f"Case {code} is yours.")
    for body in SELF_REFERRAL[4:]:
        response = text_hotline(body, blair_phone)
    assert "within 24 hours" in replies_of(response)[-1]
    with sessions() as session:
        blair_contact = session.get_one(Responder, blair_id).contact_id
        own_id = session.scalars(select(Case.id).where(Case.contact_id == blair_contact)).one()
    jobs.route_case(own_id)
    with sessions() as session:
        offered = set(session.scalars(select(Offer.responder_id).where(Offer.case_id == own_id)))
    assert cora_id in offered and blair_id not in offered
    # The conversation over, their words are the team's again.
    assert replies_of(text_hotline("LIST", blair_phone))[0].startswith("Your cases:")


def test_forged_signature_is_refused_and_nothing_is_stored(seeded, client, session):
    form = sms_form("hi")
    response = client.post("/twilio/sms", data=form, headers={"X-Twilio-Signature": "forged"})
    assert response.status_code == 403
    assert count(session, Message) == 0
    assert count(session, Contact) == 0


def test_signature_made_with_another_token_is_refused(seeded, client, session):
    response = post_signed(client, "/twilio/sms", sms_form("hi"), token="not-our-token")
    assert response.status_code == 403
    assert count(session, Message) == 0


def test_a_repeated_field_is_signed_and_checked_with_every_value(seeded, client, session):
    """Twilio signs every value of a repeated field. A value added after signing breaks the
    signature; a request signed over both values, as Twilio would send it, passes."""
    from werkzeug.datastructures import MultiDict

    from tests.conftest import twilio_signature

    url = "http://localhost/twilio/sms"
    form = sms_form("hi")
    signature = twilio_signature(url, form)
    added = MultiDict([*form.items(), ("Body", "STOP")])
    response = client.post("/twilio/sms", data=added, headers={"X-Twilio-Signature": signature})
    assert response.status_code == 403
    assert count(session, Message) == 0
    repeated = MultiDict([*sms_form("hi").items(), ("MediaUrl0", "a"), ("MediaUrl0", "b")])
    signed = twilio_signature(url, repeated)
    response = client.post("/twilio/sms", data=repeated, headers={"X-Twilio-Signature": signed})
    assert response.status_code == 200


def test_missing_signature_is_refused(seeded, client, session):
    response = client.post("/twilio/sms", data=sms_form("hi"))
    assert response.status_code == 403
    assert count(session, Message) == 0


def test_tampered_body_breaks_the_signature(seeded, client, session):
    form = sms_form("hi")
    from tests.conftest import twilio_signature

    signature = twilio_signature("http://localhost/twilio/sms", form)
    form["Body"] = "STOP"
    response = client.post("/twilio/sms", data=form, headers={"X-Twilio-Signature": signature})
    assert response.status_code == 403
    assert count(session, Message) == 0


def test_json_body_is_refused_with_415(seeded, client):
    response = client.post("/twilio/sms", json={"Body": "hi"})
    assert response.status_code == 415


def test_malformed_sender_is_refused_cleanly(seeded, client, session):
    response = post_signed(client, "/twilio/sms", sms_form("hi", sender="not-a-number"))
    assert response.status_code == 400
    assert count(session, Message) == 0


def test_short_code_sender_is_refused_cleanly(seeded, client, session):
    response = post_signed(client, "/twilio/sms", sms_form("hi", sender="72345"))
    assert response.status_code == 400


def test_missing_message_sid_is_a_clear_400(seeded, client):
    form = sms_form("hi")
    del form["MessageSid"], form["SmsSid"]
    response = post_signed(client, "/twilio/sms", form)
    assert response.status_code == 400


def test_self_referral_through_the_webhook_makes_one_case(seeded, text_hotline, session):
    for body in SELF_REFERRAL:
        response = text_hotline(body)
        assert response.status_code == 200
    assert "within 24 hours" in replies_of(response)[-1]
    case = session.scalars(select(Case)).one()
    assert case.kind == "self_referral"
    assert case.town == "Northampton"
    assert case.needs == ["coach", "naloxone"]
    assert case.peers_only is True
    assert case.contact_method == "text"
    assert case.best_time == "morning"
    assert "Sam" in (case.details or "")
    assert count(session, Message) >= 2 * len(SELF_REFERRAL)


def test_a_retried_webhook_gives_the_same_answer_and_no_second_case(seeded, client, session):
    sender = "+14135550177"
    for body in SELF_REFERRAL[:-1]:
        post_signed(client, "/twilio/sms", sms_form(body, sender))
    final = sms_form("yes", sender, sid="SM" + "f" * 32)
    first = post_signed(client, "/twilio/sms", final)
    again = post_signed(client, "/twilio/sms", final)
    assert first.status_code == again.status_code == 200
    assert replies_of(first) == replies_of(again)
    assert count(session, Case) == 1
    stored = session.scalars(select(Message).where(Message.sid == final["MessageSid"])).all()
    assert len(stored) == 1


@pytest.mark.parametrize(
    "stop",
    ["STOP", "please stop texting me", "no me escriban más", "never text me again",
     "ya no me escriban", "don't text me", "remove my number"],
)  # fmt: skip
def test_stop_confirms_once_then_silence_everywhere(seeded, text_hotline, session, stop):
    sender = "+14135550188"
    text_hotline("hi", sender)
    (confirmation,) = replies_of(text_hotline(stop, sender))
    assert "START" in confirmation
    for body in ["hi", "1", "narcan 01060", "HELP", "MENU"]:
        assert replies_of(text_hotline(body, sender)) == []
    contact = find_contact(session, sender)
    assert contact is not None and contact.opted_out
    queued = queue_sms(
        session, contact=contact, body="hello", purpose="notice", idempotency_key="t:stop"
    )
    assert queued is None
    session.rollback()
    sent = (
        select(func.count())
        .select_from(Message)
        .where(
            Message.contact_id == contact.id, Message.direction == "out", Message.channel == "rest"
        )
    )
    assert session.scalar(sent) == 0
    (welcome,) = replies_of(text_hotline("START", sender))
    assert "Welcome back" in welcome
    assert replies_of(text_hotline("hi", sender))


def test_a_version_published_with_a_key_written_twice_still_answers_and_takes_stop(
    seeded, text_hotline, session
):
    """Versions published before keys written twice were refused stay live: reading them
    must not fail every text, STOP included."""
    menu = session.scalars(select(FlowVersion).filter_by(flow_id="menu", version=1)).one()
    body = menu.body.replace("title: Main menu\n", "title: Menu\ntitle: Main menu\n", 1)
    assert body != menu.body
    menu.status = "archived"
    session.add(
        FlowVersion(
            flow_id="menu",
            version=2,
            body=body,
            status="published",
            author="earlier",
            created_at=utcnow(),
            published_at=utcnow(),
        )
    )
    session.get(FlowScript, "menu").published_version = 2
    session.commit()
    sender = "+14135550166"
    (welcome,) = replies_of(text_hotline("hi", sender))
    assert "not an emergency service" in welcome
    (confirmation,) = replies_of(text_hotline("STOP", sender))
    assert "START" in confirmation
    session.expire_all()
    assert find_contact(session, sender).opted_out


def test_an_emergency_from_an_opted_out_number_is_counted_and_nothing_is_sent(
    seeded, text_hotline, session
):
    sender = "+14135550189"
    text_hotline("hi", sender)
    text_hotline("STOP", sender)
    session.expire_all()
    outbound_before = session.scalar(
        select(func.count()).select_from(Message).where(Message.direction == "out")
    )
    assert replies_of(text_hotline("mi amigo no respira", sender)) == []
    session.expire_all()
    kinds = session.scalars(select(ProgramEvent.kind)).all()
    assert kinds.count("emergency") == 1
    outbound = session.scalar(
        select(func.count()).select_from(Message).where(Message.direction == "out")
    )
    assert outbound == outbound_before
    contact = find_contact(session, sender)
    assert contact is not None and contact.opted_out


def test_emergency_words_get_911_from_the_middle_of_a_flow(seeded, text_hotline):
    sender = "+14135550199"
    for body in ["hi", "1"]:
        text_hotline(body, sender)
    replies = " ".join(replies_of(text_hotline("he's not breathing", sender)))
    assert "911" in replies
    assert "naloxone" in replies.lower() or "narcan" in replies.lower()


def test_naloxone_one_shot_lists_sites(seeded, text_hotline):
    replies = " ".join(replies_of(text_hotline("narcan 01060", "+14135550111")))
    assert "Northampton" in replies
    assert "nextdistro.org" in replies


def test_media_only_message_gets_a_kind_reply(seeded, text_hotline):
    response = text_hotline("", NumMedia="1", MediaUrl0="https://api.twilio.com/media/x")
    assert response.status_code == 200
    assert replies_of(response)


MEDIA_NOTE = "We got your message, but we can only read words here, not photos or other files."


def test_a_photo_at_the_naloxone_finder_is_no_place_and_the_question_waits(
    seeded, text_hotline, session
):
    """The media is never fetched: the stored text says only that it came, and how many."""
    sender = "+14135550113"
    text_hotline("narcan", sender)
    photo = {"NumMedia": "2", "MediaUrl0": "https://api.twilio.com/media/a",
             "MediaContentType0": "image/jpeg", "MediaUrl1": "https://api.twilio.com/media/b",
             "MediaContentType1": "text/vcard"}  # fmt: skip
    (reply,) = replies_of(text_hotline("", sender, **photo))
    assert reply.startswith(MEDIA_NOTE + "\n") and "What town or ZIP code" in reply
    assert "couldn't find that place" not in reply
    stored = session.scalars(
        select(Message).where(Message.direction == "in").order_by(Message.id.desc())
    ).first()
    assert (stored.body, stored.num_media) == ("", 2)
    assert "Amherst" in " ".join(replies_of(text_hotline("amherst", sender)))


@pytest.mark.parametrize("num_media", ["99999999999", "-1"])
def test_a_media_count_that_is_no_count_is_stored_as_none(seeded, text_hotline, session, num_media):
    assert replies_of(text_hotline("hi", "+14135550114", NumMedia=num_media))
    assert session.scalar(select(Message.num_media).where(Message.direction == "in")) == 0


def test_a_like_of_the_team_question_records_no_refusal_and_no_answer(
    seeded, text_hotline, session
):
    """An iPhone's like quotes the question, "no police" and all: no answer, and the person
    is not recorded as refusing police for good."""
    sender = "+14135550112"
    for body in ["hi", "1", "1", "northampton", "call", "evening"]:
        text_hotline(body, sender)
    liked = (
        "Liked \u201cOur team has peer recovery coaches, harm-reduction staff and police "
        "officers. Who may reach out to you?\n1) Peers only, no police\n2) A police officer "
        "may be part of the team\nPeers only means no police are involved.\u201d"
    )
    assert replies_of(text_hotline(liked, sender)) == [
        "When you're ready, reply to our last question to carry on, or text MENU."
    ]
    assert find_contact(session, sender).refuses_police is False
    replies = replies_of(text_hotline("2", sender))  # police allowed, in so many words
    assert replies and "What name should we use?" in replies[0]


def test_a_location_pin_finds_naloxone(seeded, text_hotline):
    sender = "+14135550113"
    for body in ["hi", "3"]:
        text_hotline(body, sender)
    pin = "https://maps.apple.com/?ll=42.3251,-72.6412&q=Dropped%20Pin"
    replies = " ".join(replies_of(text_hotline(pin, sender)))
    assert "Free naloxone near Northampton" in replies


def test_status_callback_needs_a_signature(seeded, client):
    response = client.post("/twilio/status", data={"MessageSid": "SMx", "MessageStatus": "sent"})
    assert response.status_code == 403


def test_signature_checked_against_the_public_url_behind_a_proxy(engine, session):
    from hotline import create_app
    from tests.conftest import make_settings, twilio_signature

    settings = make_settings(
        engine.url.render_as_string(hide_password=False),
        public_base_url="https://hotline.example.org",
    )
    app = create_app(settings)
    with app.app_context(), app.extensions["hotline.sessions"].begin() as s:
        install_shipped_flows(s, utcnow())
    client = app.test_client()
    form = sms_form("hi")
    good = twilio_signature("https://hotline.example.org/twilio/sms", form)
    assert (
        client.post("/twilio/sms", data=form, headers={"X-Twilio-Signature": good}).status_code
        == 200
    )
    form = sms_form("hi")
    local = twilio_signature("http://localhost/twilio/sms", form)
    assert (
        client.post("/twilio/sms", data=form, headers={"X-Twilio-Signature": local}).status_code
        == 403
    )


def test_signature_checked_against_the_url_the_proxy_forwards_in_production(engine):
    """In production behind one TLS proxy and no PUBLIC_BASE_URL, the signed URL is the one
    its X-Forwarded-Proto and X-Forwarded-Host name (one hop trusted, the last one)."""
    from hotline import create_app
    from tests.conftest import make_settings, twilio_signature

    settings = make_settings(engine.url.render_as_string(hide_password=False), env="production")
    app = create_app(settings)
    with app.app_context(), app.extensions["hotline.sessions"].begin() as s:
        install_shipped_flows(s, utcnow())
    client = app.test_client()
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "hotline.example.org"}

    def post(url: str, headers: dict[str, str]) -> int:
        form = sms_form("hi")
        signed = {"X-Twilio-Signature": twilio_signature(url, form), **headers}
        return client.post("/twilio/sms", data=form, headers=signed).status_code

    assert post("https://hotline.example.org/twilio/sms", forwarded) == 200
    assert post("http://localhost/twilio/sms", forwarded) == 403
    assert post("https://hotline.example.org/twilio/sms", {}) == 403
    # A host the client put in front of the proxy's own is not the one trusted.
    spoofed = {**forwarded, "X-Forwarded-Host": "attacker.example, hotline.example.org"}
    assert post("https://attacker.example/twilio/sms", spoofed) == 403


def test_every_twilio_route_refuses_an_unsigned_request(seeded, client, session):
    """Each webhook, and any added later (a voice or fallback URL), checks the signature."""
    rules = [rule for rule in seeded.url_map.iter_rules() if rule.rule.startswith("/twilio")]
    assert {rule.rule for rule in rules} >= {"/twilio/sms", "/twilio/status"}
    for rule in rules:
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(rule.rule, method=method, data=sms_form("hi"))
            assert response.status_code == 403, (method, rule.rule)
            forged = client.open(
                rule.rule,
                method=method,
                data=sms_form("hi"),
                headers={"X-Twilio-Signature": "forged"},
            )
            assert forged.status_code == 403, (method, rule.rule)
    assert count(session, Message) == 0


def test_quick_texts_from_one_number_never_race_the_conversation(pg_engine, monkeypatch):
    """Each text arrives while the one before is still being handled: they queue on the
    contact's row lock and are handled one at a time, in arrival order, as one conversation.

    PostgreSQL only: production runs there with many workers. SQLite is the single-user
    embedded default, where texts come one at a time from the terminal chat.
    """
    from hotline import create_app
    from models.session import make_sessionmaker
    from tests.conftest import make_settings

    app = create_app(make_settings(pg_engine.url.render_as_string(hide_password=False)))
    sessions = make_sessionmaker(pg_engine)
    with sessions.begin() as session:
        install_shipped_flows(session, utcnow())
        load_places(session)
    import hotline.inbound as inbound
    from hotline.inbound import InboundSms

    real_step = inbound.step

    def slow_step(*args, **kwargs):
        time.sleep(0.15)
        return real_step(*args, **kwargs)

    monkeypatch.setattr(inbound, "step", slow_step)
    service = app.extensions["hotline.inbound"]
    sender = "+14135550166"
    errors: list[BaseException] = []

    def send(index: int, body: str) -> None:
        try:
            service.receive(InboundSms(sid=f"SM-order-{index}", sender=sender, body=body))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = []
    for index, body in enumerate(SELF_REFERRAL):
        thread = threading.Thread(target=send, args=(index, body))
        thread.start()
        threads.append(thread)
        time.sleep(0.04)  # arrival order: one text every 40 ms, faster than they are handled
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    with sessions() as session:
        inbound_ids = session.scalars(
            select(Message.id).where(Message.direction == "in").order_by(Message.id)
        ).all()
        sids = session.scalars(
            select(Message.sid).where(Message.direction == "in").order_by(Message.id)
        ).all()
        assert sids == [f"SM-order-{index}" for index in range(len(SELF_REFERRAL))]
        answered = session.scalars(
            select(Message.in_reply_to_id).where(Message.direction == "out").order_by(Message.id)
        ).all()
        assert list(dict.fromkeys(answered)) == inbound_ids
        case = session.scalars(select(Case)).one()
        assert case.needs == ["coach", "naloxone"]
        assert case.town == "Northampton"
        assert case.best_time == "morning"


def test_status_callback_updates_the_message_found_by_our_id(seeded, client, sessions):
    with sessions.begin() as session:
        from hotline.contacts import get_or_create_contact

        contact = get_or_create_contact(session, "+14135550155", utcnow())
        message = Message(
            contact_id=contact.id,
            direction="out",
            channel="rest",
            status="sending",
            body="hello",
            purpose="notice",
            idempotency_key="t:status",
        )
        session.add(message)
        session.flush()
        message_id = message.id
    form = {"MessageSid": "SM" + "a" * 32, "MessageStatus": "delivered", "AccountSid": "AC1"}
    path = f"/twilio/status?message_id={message_id}"
    response = post_signed(client, path, form)
    assert response.status_code == 204
    with sessions() as session:
        stored = session.get(Message, message_id)
        assert stored.status == "delivered"
        assert stored.sid == form["MessageSid"]


def test_a_step_of_a_conversation_costs_ten_statements_at_most(seeded, text_hotline, engine):
    """A regression guard on the webhook's cost: statements, not seconds, so it is exact."""
    from sqlalchemy import event

    text_hotline("hi")
    seen: list[str] = []

    this_thread = threading.get_ident()

    def record(_conn, _cursor, statement, *_rest) -> None:
        # The test client answers in this thread; in-process jobs run in their own.
        if threading.get_ident() == this_thread:
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        (reply,) = replies_of(text_hotline("1"))
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert "What would you like help with?" in reply
    assert len(seen) <= 10, "\n".join(seen)


def test_a_number_flagged_as_unable_to_take_texts_is_cleared_when_it_texts_us(
    seeded,
    text_hotline,
    sessions,
):
    """A one-off 30006 (landline, or a carrier that could not be reached) must not keep a
    responder's or a person's mobile off every text for good once it texts us itself."""
    from routing.sending import apply_error_code

    text_hotline("hi", "+14135550189")
    with sessions.begin() as session:
        apply_error_code(session, find_contact(session, "+14135550189").id, 30006, utcnow())
    with sessions() as session:
        assert find_contact(session, "+14135550189").invalid_at is not None
    text_hotline("menu", "+14135550189")
    with sessions() as session:
        assert find_contact(session, "+14135550189").invalid_at is None
