"""Rotating the lookup key: a new key put first, ``flask keys rotate-lookup``, the old key
removed. At every step an opted-out number is found (and never texted), a texter's
conversation carries on, and a partner's retry is recognised or refused, never doubled."""

from __future__ import annotations

import threading
import time

import pytest
import responses
from sqlalchemy import event, func, select, update

from hotline.api import create_partner
from hotline.contacts import contact_id_for, find_contact
from hotline.lookup_rotation import LookupRotation, rehash_contacts
from models import AuditLog, Case, Contact, Message, OptOutEvent, crypto, utcnow
from models.session import make_sessionmaker
from routing.intake import partner_cases_for
from routing.sending import queue_sms
from tests.conftest import LOOKUP_KEY, TEST_KEYS, post_signed, sms_form
from tests.routing_support import add_case
from tests.test_end_to_end import replies_of
from tests.test_privacy_logs import (
    CONVERSATION,
    TEXTER,
    TwilioApi,
    hotline_app,  # noqa: F401 - a fixture
)

OLD, NEW = LOOKUP_KEY, "a-new-lookup-key"
STOPPED = "+14135550145"
PARTNER_PHONE = "+14135550177"


@pytest.fixture(autouse=True)
def restore_keys():
    yield
    crypto.configure(TEST_KEYS, LOOKUP_KEY)


def use(*lookup_keys: str) -> None:
    """What a deploy with LOOKUP_KEYS set to these does."""
    crypto.configure(TEST_KEYS, lookup_keys)


def text(app, body: str, sender: str) -> list[str]:
    response = post_signed(app.test_client(), "/twilio/sms", sms_form(body, sender))
    assert response.status_code == 200
    return replies_of(response)


def rotate(app) -> str:
    result = app.test_cli_runner().invoke(args=["keys", "rotate-lookup"])
    assert result.exit_code == 0, result.output
    return result.output


def rows_for(session, phone: str) -> int:
    """Contact rows holding this number (read by decrypting each, whatever its hash)."""
    return sum(1 for stored in session.scalars(select(Contact.phone)) if stored == phone)


def assert_never_texted(app, phone: str, erased: bool = False) -> None:
    """Found, opted out, never queued a text, one row; a new text from them is not answered."""
    assert text(app, "hi", phone) == []
    with app.extensions["hotline.sessions"]() as session:
        contact = find_contact(session, phone)
        assert contact is not None and contact.opted_out
        assert rows_for(session, phone) == (0 if erased else 1)
        queued = queue_sms(
            session, contact=contact, body="hello", purpose="notice", idempotency_key="k:1"
        )
        assert queued is None
        session.rollback()


def test_an_opt_out_holds_and_a_conversation_carries_on_through_a_rotation(hotline_app):  # noqa: F811
    app = hotline_app
    steps = iter(CONVERSATION)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        TwilioApi(mock)
        text(app, "hi", STOPPED)
        text(app, "STOP", STOPPED)
        for _ in range(3):
            text(app, next(steps), TEXTER)
        assert_never_texted(app, STOPPED)

        use(NEW, OLD)  # the new key put first and deployed
        for _ in range(2):
            assert text(app, next(steps), TEXTER)
        assert_never_texted(app, STOPPED)

        assert "older lookup keys may now be removed" in rotate(app)
        for _ in range(2):
            assert text(app, next(steps), TEXTER)
        assert_never_texted(app, STOPPED)

        use(NEW)  # the old key removed
        for body in steps:
            replies = text(app, body, TEXTER)
        assert "within 24 hours" in replies[-1]  # one conversation, from the first text
        assert_never_texted(app, STOPPED)

    with app.extensions["hotline.sessions"]() as session:
        assert rows_for(session, TEXTER) == 1
        assert session.scalar(select(func.count()).select_from(Case)) == 1
        assert set(session.scalars(select(Contact.phone_hash_key))) == {
            crypto.lookup_key_id(NEW.encode())
        }


def test_rotating_twice_changes_nothing_and_each_run_is_audited(hotline_app):  # noqa: F811
    app = hotline_app
    text(app, "STOP", STOPPED)
    text(app, "hi", TEXTER)
    sessions = app.extensions["hotline.sessions"]
    with sessions() as session:  # rows from before keys had ids
        session.execute(update(Contact).values(phone_hash_key=None))
        session.commit()
    use(NEW, OLD)

    def contacts() -> list[tuple]:
        with sessions() as session:
            return session.execute(
                select(Contact.id, Contact.phone_hash, Contact.phone_hash_key).order_by(Contact.id)
            ).all()

    before = contacts()
    rotate(app)
    once = contacts()
    rotate(app)
    assert contacts() == once
    assert [row.phone_hash for row in once] != [row.phone_hash for row in before]
    with sessions() as session:
        entries = session.scalars(
            select(AuditLog).where(AuditLog.action == "keys.rotate_lookup").order_by(AuditLog.id)
        ).all()
    assert [entry.data["rehashed"] for entry in entries] == [len(before), 0]
    assert all(entry.user_id is None and entry.data["keys"] == 2 for entry in entries)
    assert all(entry.data["merged"] == 0 and not entry.data["stranded"] for entry in entries)
    assert not any(STOPPED in str(entry.data) or TEXTER in str(entry.data) for entry in entries)


@pytest.mark.parametrize("stopped_under", [OLD, NEW])
def test_one_number_under_two_keys_is_joined_and_stays_opted_out(hotline_app, stopped_under):  # noqa: F811
    app = hotline_app
    text(app, "hi", STOPPED)
    use(NEW)  # a process that has only the new key (a deploy half done): a second row
    assert text(app, "hi", STOPPED)
    use(stopped_under)  # the STOP reaches one of the two rows
    text(app, "STOP", STOPPED)
    with app.extensions["hotline.sessions"]() as session:
        assert rows_for(session, STOPPED) == 2
    use(NEW, OLD)
    assert text(app, "hi", STOPPED) == []  # the opted-out row is the one found
    erase = app.test_cli_runner().invoke(args=["privacy", "erase", STOPPED, "--yes"])
    assert erase.exit_code != 0 and "two records" in erase.output  # it would miss one

    output = rotate(app)
    assert "1 numbers had a second row under the newest key: joined" in output
    use(NEW)
    assert_never_texted(app, STOPPED)
    with app.extensions["hotline.sessions"]() as session:
        contact_id = find_contact(session, STOPPED).id
        texts = session.scalars(select(Message.contact_id).where(Message.direction == "in"))
        assert set(texts) == {contact_id}  # every text of theirs, on the one row
        assert session.scalar(select(func.count()).select_from(OptOutEvent)) == 1


def test_an_erased_opt_out_keeps_its_key_and_the_command_says_so(hotline_app):  # noqa: F811
    app = hotline_app
    text(app, "STOP", STOPPED)
    text(app, "hi", TEXTER)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["privacy", "erase", STOPPED, "--yes"]).exit_code == 0
    sessions = app.extensions["hotline.sessions"]
    with sessions() as session:  # erased before keys had ids
        session.execute(update(Contact).values(phone_hash_key=None))
        session.commit()
    use(NEW, OLD)
    old_id = crypto.lookup_key_id(OLD.encode())

    output = rotate(app)
    assert f"found only under lookup key 2 of 2 (id {old_id})" in output
    assert "keep the older lookup keys" in output
    assert "may now be removed" not in output
    assert_never_texted(app, STOPPED, erased=True)
    with sessions() as session:
        entry = session.scalars(select(AuditLog).where(AuditLog.action == "keys.rotate_lookup"))
        assert entry.one().data["stranded"] == {old_id: 1}
        assert find_contact(session, STOPPED).phone_hash_key == old_id

    use(NEW)  # removed anyway: the opt-out is no longer found, and the command says so
    assert "not configured" in rotate(app)
    with sessions() as session:
        assert find_contact(session, STOPPED) is None


def test_a_partner_retry_is_recognised_then_refused_never_doubled(hotline_app):  # noqa: F811
    app = hotline_app
    with app.extensions["hotline.sessions"].begin() as session:
        _, key = create_partner(session, "Cooley Dickinson ED", utcnow())
    body = {"phone": PARTNER_PHONE, "referral_type": "post_overdose", "town": "Northampton"}

    def refer() -> tuple[int, dict]:
        response = app.test_client().post(
            "/api/referrals",
            json=body,
            headers={"Authorization": f"Bearer {key}", "Idempotency-Key": "ref-1"},
        )
        return response.status_code, response.json

    status, first = refer()
    assert status == 201
    use(NEW, OLD)
    assert refer() == (200, first)  # a retry, digested under the old key, still recognised
    rotate(app)
    assert refer() == (200, first)
    use(NEW)  # the digest cannot be recomputed: the retry is refused, not made a second case
    status, answer = refer()
    assert status == 409 and answer["error"] == "idempotency_key_reused"
    with app.extensions["hotline.sessions"]() as session:
        assert session.scalar(select(func.count()).select_from(Case)) == 1


@pytest.mark.parametrize("keys", [(OLD,), (NEW, OLD)])
def test_finding_a_number_is_one_statement_and_with_one_key_an_equality(engine, session, keys):
    use(*keys)
    statements: list[str] = []

    def seen(conn, cursor, statement, *args):
        if "phone_hash" in statement and statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    contact_id = contact_id_for(session, TEXTER, utcnow())
    event.listen(engine, "before_cursor_execute", seen)
    try:
        assert contact_id_for(session, TEXTER, utcnow()) == contact_id
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert len(statements) == 1
    assert (" IN " in statements[0].upper()) == (len(keys) > 1)


def test_a_contact_whose_text_is_being_handled_is_taken_last_not_waited_for(pg_engine):
    sessions = make_sessionmaker(pg_engine)
    phones = [f"+1413555{n:04d}" for n in range(300, 306)]
    with sessions.begin() as session:
        ids = [contact_id_for(session, phone, utcnow()) for phone in phones]
    use(NEW, OLD)
    newest = {phone: crypto.lookup_hash(phone) for phone in phones}

    def hashes() -> dict[str, str]:
        with sessions() as session:
            rows = session.execute(select(Contact.phone, Contact.phone_hash)).all()
        return {phone: phone_hash for phone, phone_hash in rows}

    holder = sessions()  # a text from the first number, mid-way (as ``contact_lock`` holds it)
    holder.execute(select(Contact.id).where(Contact.id == ids[0]).with_for_update(key_share=True))
    done: list[LookupRotation] = []
    moved: dict[str, str] = {}
    rotation = threading.Thread(
        target=lambda: done.append(rehash_contacts(sessions(), batch=2)), daemon=True
    )
    try:
        rotation.start()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and rotation.is_alive():
            moved = hashes()
            if sum(moved[phone] == newest[phone] for phone in phones) == len(phones) - 1:
                break
            time.sleep(0.05)
        waiting = rotation.is_alive()  # the busy one is waited for only once the rest are done
    finally:
        holder.rollback()
        holder.close()
        rotation.join(10)
    assert [moved[phone] == newest[phone] for phone in phones] == [False] + [True] * 5
    assert waiting
    assert done and done[0].rehashed == len(phones)
    assert hashes() == newest


def two_rows_the_newer_opted_out(app) -> None:
    """A number with a row under each key (a deploy half done), the STOP on the newer one: texts
    find the newer row, and the rotation joins it into the older."""
    text(app, "hi", STOPPED)
    use(NEW)
    text(app, "hi", STOPPED)
    text(app, "STOP", STOPPED)
    use(NEW, OLD)


def test_a_text_stored_on_a_row_joined_away_before_it_is_handled_is_still_handled(
    hotline_app,  # noqa: F811
    monkeypatch,
):
    from hotline.inbound import InboundService

    app = hotline_app
    two_rows_the_newer_opted_out(app)
    answer = InboundService._answer
    joins: list[int] = []

    def joined_first(self, message_id, contact_id):
        if not joins:
            with self.sessions() as session:
                joins.append(rehash_contacts(session).merged)
        return answer(self, message_id, contact_id)

    monkeypatch.setattr(InboundService, "_answer", joined_first)
    assert text(app, "hi", STOPPED) == []  # opted out: no reply, not the fallback
    monkeypatch.undo()
    assert joins == [1]
    with app.extensions["hotline.sessions"]() as session:
        last = session.scalars(
            select(Message).where(Message.direction == "in").order_by(Message.id.desc())
        ).first()
        assert last.processed_at is not None and last.status != "set_aside"
    assert_never_texted(app, STOPPED)


def test_a_text_whose_row_is_joined_away_while_it_is_stored_is_stored_on_the_joined_row(
    hotline_app,  # noqa: F811
    monkeypatch,
):
    import hotline.inbound

    app = hotline_app
    two_rows_the_newer_opted_out(app)
    found = hotline.inbound.contact_id_for
    joins: list[int] = []

    def joined_after_lookup(session, phone, now):
        contact_id = found(session, phone, now)
        if not joins:
            with app.extensions["hotline.sessions"]() as other:
                joins.append(rehash_contacts(other).merged)
        return contact_id

    monkeypatch.setattr(hotline.inbound, "contact_id_for", joined_after_lookup)
    assert text(app, "STOP", STOPPED) == []
    monkeypatch.undo()
    assert joins == [1]
    with app.extensions["hotline.sessions"]() as session:
        texts = session.scalars(select(Message).where(Message.direction == "in")).all()
        assert len(texts) == 4 and all(message.processed_at for message in texts)
    assert_never_texted(app, STOPPED)


@pytest.mark.parametrize("texted_on", ["older", "newer"])
def test_a_number_flagged_invalid_that_texted_since_is_textable_once_joined(session, texted_on):
    from datetime import timedelta

    now = utcnow()
    older = contact_id_for(session, STOPPED, now - timedelta(days=3))
    use(NEW)
    newer = contact_id_for(session, STOPPED, now - timedelta(days=2))
    flagged, texted = (newer, older) if texted_on == "older" else (older, newer)
    session.execute(  # a carrier error flagged one row, and the number texted the other since
        update(Contact).where(Contact.id == flagged).values(invalid_at=now - timedelta(days=1))
    )
    session.execute(update(Contact).where(Contact.id == texted).values(last_inbound_at=now))
    session.commit()
    use(NEW, OLD)
    assert rehash_contacts(session).merged == 1
    contact = find_contact(session, STOPPED)
    assert contact.last_inbound_at == now and contact.invalid_at is None


@pytest.mark.parametrize("refused_on", ["older", "newer"])
def test_a_refusal_of_police_on_either_row_holds_once_joined(session, refused_on):
    from datetime import timedelta

    now = utcnow()
    use(OLD)
    older = contact_id_for(session, STOPPED, now - timedelta(days=3))
    use(NEW)
    newer = contact_id_for(session, STOPPED, now - timedelta(days=2))
    refused = older if refused_on == "older" else newer
    session.execute(update(Contact).where(Contact.id == refused).values(refuses_police=True))
    session.commit()
    case_id = add_case(
        session,
        now=now,
        contact=session.get_one(Contact, older if refused == newer else newer),
        peers_only=False,
    ).id
    session.commit()
    use(NEW, OLD)
    assert rehash_contacts(session).merged == 1
    assert find_contact(session, STOPPED).refuses_police is True
    # The case that came from the row that never refused honours it too.
    session.expire_all()
    assert session.get_one(Case, case_id).peers_only is True


def test_the_holder_of_a_case_joined_onto_an_opted_out_number_is_told(world):
    """The STOP reached one row, the case and its holder the other: once joined, the holder
    must not text the person, and is told so once."""
    from datetime import timedelta

    from models import CaseEvent, Responder
    from tests.routing_support import add_responder

    now = utcnow()
    with world.sessions.begin() as session:
        use(OLD)
        older = contact_id_for(session, STOPPED, now - timedelta(days=3))
        use(NEW)
        newer = contact_id_for(session, STOPPED, now - timedelta(days=2))
        session.execute(update(Contact).where(Contact.id == older).values(opted_out_at=now))
        cora = add_responder(session, "Cora", "recovery_coach")
        case = add_case(session, now=now, contact=session.get_one(Contact, newer))
        case.status, case.claimed_by_id, case.claimed_at = "claimed", cora.id, now
        case_id, code, cora_contact = case.id, case.code, cora.contact_id
    use(NEW, OLD)
    with world.sessions() as session:
        assert rehash_contacts(session).merged == 1
        assert rehash_contacts(session).merged == 0
    with world.sessions() as session:
        notices = session.scalars(
            select(Message).where(
                Message.contact_id == cora_contact, Message.purpose == "opted_out"
            )
        ).all()
        assert [m.body.startswith(f"Case {code}: the person opted out") for m in notices] == [True]
        kinds = session.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == case_id)).all()
        assert "opted_out" in kinds
        assert session.get_one(Responder, cora.id).active


@pytest.mark.parametrize(
    "signups",  # (row, language, days ago)
    [
        [("older", "en", 2)],
        [("newer", "es", 1)],
        [("older", "en", 2), ("newer", "es", 1)],
        [("older", "es", 1), ("newer", "en", 2)],
    ],
    ids=["older", "newer", "both-later-on-newer", "both-later-on-older"],
)
def test_a_bad_batch_alert_subscription_on_either_row_is_kept_once_joined(session, signups):
    """The row joined away takes nothing with it: the person who asked for alerts still gets
    them, once, in the language of their later sign-up."""
    from datetime import timedelta

    from models import AlertSubscription
    from routing.bad_batch_alerts import subscribe, subscriber_count

    now = utcnow()
    use(OLD)
    rows = {"older": contact_id_for(session, STOPPED, now - timedelta(days=3))}
    use(NEW)  # a deploy half done: a second row for the same number
    rows["newer"] = contact_id_for(session, STOPPED, now - timedelta(days=3))
    for row, language, days_ago in signups:
        subscribe(session, session.get_one(Contact, rows[row]), language, now - timedelta(days_ago))
    session.commit()
    assert subscriber_count(session) == len(signups)
    use(NEW, OLD)
    assert rehash_contacts(session).merged == 1
    assert subscriber_count(session) == 1
    latest = min(signups, key=lambda signup: signup[2])[1]
    subscriptions = select(AlertSubscription.contact_id, AlertSubscription.language)
    assert session.execute(subscriptions).all() == [(find_contact(session, STOPPED).id, latest)]


def test_every_table_that_refers_to_a_contact_is_joined_by_a_rotation():
    """A new table pointing at contacts must be known to the join, or its rows would go with
    the row joined away (ON DELETE CASCADE) or keep pointing at it."""
    from hotline.lookup_rotation import JOINED_MODELS
    from models import Base

    referring = {
        (fk.parent.table.name, fk.parent.name)
        for table in Base.metadata.tables.values()
        for fk in table.foreign_keys
        if fk.column.table.name == Contact.__tablename__
    }
    assert referring == {(model.__tablename__, "contact_id") for model in JOINED_MODELS}


def test_a_referral_made_without_consent_to_text_is_found_by_its_number_after_a_rotation(
    hotline_app,  # noqa: F811
):
    """It is linked to no contact: the person's other cases find it by the hash of the number
    it gives, which the rotation moves to the newest key as it does the contacts'."""
    app = hotline_app
    with app.extensions["hotline.sessions"].begin() as session:
        _, key = create_partner(session, "Cooley Dickinson ED", utcnow())
    response = app.test_client().post(
        "/api/referrals",
        json={"phone": PARTNER_PHONE, "referral_type": "post_overdose", "town": "Northampton"},
        headers={"Authorization": f"Bearer {key}", "Idempotency-Key": "ref-1"},
    )
    assert response.status_code == 201
    use(NEW, OLD)
    assert "partner referrals: 1 re-hashed" in rotate(app)
    assert "partner referrals: 0 re-hashed" in rotate(app)
    use(NEW)
    with app.extensions["hotline.sessions"]() as session:
        (case,) = session.scalars(select(Case)).all()
        assert case.contact_id is None
        assert partner_cases_for(session, PARTNER_PHONE) == [case.id]
