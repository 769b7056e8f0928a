"""Bad batch alerts end to end: ALERTS through the webhook keeps a subscription, staff write
and confirm an alert, and the job texts each subscriber once, in their language; erasure
removes a subscription and retention keeps a subscribed number."""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta

import pytest
import responses
from rq.job import Job, JobStatus
from rq.serializers import JSONSerializer
from sqlalchemy import func, select

from hotline.erasure import erase_person, plan_erasure
from hotline.retention_links import forget_idle_numbers
from models import AlertSubscription, AuditLog, BadBatchAlert, Contact, Message
from models.session import is_postgres
from routing import bad_batch_alerts, jobs, runtime
from routing.bad_batch_alerts import STOP_LINE, SameAlertSent, create_alert, subscribe
from routing.gateway import TwilioGateway
from routing.queues import QUEUES, RQJobQueue
from routing.sweep import sweep
from tests.conftest import post_signed, sms_form
from tests.routing_support import (
    T0,
    add_case,
    add_contact,
    add_responder,
    wait_until_blocked_on_a_lock,
)
from tests.rq_support import BurstWorker
from tests.staff_pages import csrf_token, post_form, sign_in
from tests.test_end_to_end import TwilioStandIn, replies_of

TEXTER = "+14135550177"
OTHER = "+14135550178"
COACH = "+14135550179"


@pytest.fixture
def hotline(app):
    assert app.test_cli_runner().invoke(args=["setup"]).exit_code == 0
    return app


def text(app, body: str, sender: str = TEXTER) -> list[str]:
    response = post_signed(app.test_client(), "/twilio/sms", sms_form(body, sender))
    assert response.status_code == 200
    return replies_of(response)


def subscriptions(sessions) -> dict[int, str]:
    with sessions() as session:
        return dict(
            session.execute(select(AlertSubscription.contact_id, AlertSubscription.language)).all()
        )


def contact_id_of(sessions, phone: str) -> int:
    from hotline.contacts import find_contact

    with sessions() as session:
        return find_contact(session, phone).id


# ----- the texter's side, through the webhook --------------------------------------------------


def test_alerts_signs_up_and_alerts_off_signs_off(hotline, sessions):
    replies = text(hotline, "ALERTS")
    assert "signed up for bad batch alerts" in replies[0]
    assert subscriptions(sessions) == {contact_id_of(sessions, TEXTER): "en"}
    text(hotline, "alerts")  # again: still one subscription
    assert len(subscriptions(sessions)) == 1
    replies = text(hotline, "ALERTS OFF")
    assert "won't get bad batch alerts" in replies[0]
    assert subscriptions(sessions) == {}


def test_alertas_signs_up_in_spanish(hotline, sessions):
    replies = text(hotline, "ALERTAS", OTHER)
    assert "ALERTAS NO" in replies[0]
    assert subscriptions(sessions) == {contact_id_of(sessions, OTHER): "es"}
    text(hotline, "alertas no", OTHER)
    assert subscriptions(sessions) == {}


def test_a_question_about_alerts_signs_nobody_up(hotline, sessions):
    text(hotline, "any alerts about fentanyl?")
    assert subscriptions(sessions) == {}


def test_an_opted_out_number_is_not_signed_up(hotline, sessions):
    text(hotline, "STOP")
    assert text(hotline, "ALERTS") == []
    assert subscriptions(sessions) == {}


def test_stop_ends_the_sign_up_so_start_does_not_bring_alerts_back(hotline, sessions):
    text(hotline, "ALERTS")
    assert len(subscriptions(sessions)) == 1
    text(hotline, "STOP")
    assert subscriptions(sessions) == {}
    text(hotline, "START")
    assert subscriptions(sessions) == {}  # consent again, with ALERTS, or nothing
    text(hotline, "ALERTS")
    assert len(subscriptions(sessions)) == 1


def test_stop_alerts_signs_off_alerts_and_keeps_other_texts(hotline, sessions):
    text(hotline, "ALERTS")
    replies = text(hotline, "STOP ALERTS")
    assert "won't get bad batch alerts" in replies[0]
    assert subscriptions(sessions) == {}
    with sessions() as session:
        from hotline.contacts import find_contact

        assert find_contact(session, TEXTER).opted_out_at is None


def test_alertas_in_an_english_conversation_keeps_a_spanish_subscription(hotline, sessions):
    text(hotline, "hi")
    replies = text(hotline, "ALERTAS")
    assert "ALERTAS NO" in replies[0]
    assert subscriptions(sessions) == {contact_id_of(sessions, TEXTER): "es"}


def test_a_wrong_number_ends_the_sign_up(world):
    from routing.opt_outs import record_wrong_number

    with world.sessions.begin() as session:
        contact = add_contact(session, TEXTER)
        subscribe(session, contact, "en", T0)
    with world.sessions.begin() as session:
        contact = session.get_one(Contact, contact.id)
        assert record_wrong_number(session, contact, T0)
    assert subscriptions(world.sessions) == {}


# ----- sending ----------------------------------------------------------------------------------


def work(world, caplog) -> None:
    """Every queued job, with RQ's own worker; a job that blew up fails the test."""
    worker = BurstWorker(
        [world.queue.queue(name) for name in QUEUES],
        connection=world.queue.connection,
        serializer=world.queue.queue("urgent").serializer,
    )
    with caplog.at_level(logging.ERROR, logger="rq.worker"):
        worker.work(burst=True)
    errors = [r for r in caplog.records if r.name == "rq.worker" and r.levelno >= logging.ERROR]
    assert not errors, errors[0].getMessage()


@pytest.fixture
def people(world):
    """Subscribers in English and Spanish, one who opted out, one whose number is invalid, and
    a number that never asked."""
    with world.sessions.begin() as session:
        found = {name: add_contact(session) for name in ("en", "es", "out", "bad", "never")}
        for name in ("en", "out", "bad"):
            subscribe(session, found[name], "en", T0)
        subscribe(session, found["es"], "es", T0)
        found["out"].opted_out_at = T0
        found["bad"].invalid_at = T0
        return {name: (c.id, c.phone) for name, c in found.items()}


def new_alert(world, en: str = "Bad batch in Ware: people are passing out fast.") -> int:
    with world.sessions.begin() as session:
        alert = create_alert(
            session,
            body_en=en,
            body_es="Droga peligrosa en Ware: gente perdiendo el conocimiento rapido.",
            created_by=None,
            now=world.clock(),
        )
        return alert.id


def test_the_job_texts_each_subscriber_once_in_their_language(world, people, caplog):
    alert_id = new_alert(world)
    jobs.send_bad_batch_alert(alert_id)  # and the job create_alert enqueued runs too
    work(world, caplog)
    sent = {m.to: m.body for m in world.gateway.sent}
    assert len(world.gateway.sent) == 2
    assert sent[people["en"][1]] == (
        "Bad batch in Ware: people are passing out fast. Text ALERTS OFF to stop."
    )
    assert sent[people["es"][1]].endswith(STOP_LINE["es"])
    assert sent[people["es"][1]].startswith("Droga peligrosa en Ware")
    for skipped in ("out", "bad", "never"):
        assert people[skipped][1] not in sent
    with world.sessions() as session:
        alert = session.get_one(BadBatchAlert, alert_id)
        assert alert.sent_at is not None and alert.recipients == 2


def test_a_rerun_sends_nothing_new(world, people, caplog):
    alert_id = new_alert(world)
    work(world, caplog)
    assert len(world.gateway.sent) == 2
    jobs.send_bad_batch_alert(alert_id)
    # Even a run cut short before it marked the alert sent finds each text already queued.
    with world.sessions.begin() as session:
        session.get_one(BadBatchAlert, alert_id).sent_at = None
    jobs.send_bad_batch_alert(alert_id)
    work(world, caplog)
    assert len(world.gateway.sent) == 2
    with world.sessions() as session:
        texts = session.scalar(select(func.count()).where(Message.purpose == "bad_batch_alert"))
        assert texts == 2
        assert session.get_one(BadBatchAlert, alert_id).recipients == 2


def test_an_alert_whose_job_redis_forgot_is_sent_by_the_sweep(world, people, caplog):
    alert_id = new_alert(world)
    world.redis.flushdb()  # Redis restarted empty: the alert's job is gone
    # Too fresh: its own job may be about to run.
    assert sweep(T0 + timedelta(minutes=1)).alerts_restarted == []
    assert sweep(T0 + timedelta(minutes=3)).alerts_restarted == [alert_id]
    assert world.enqueued("bulk") == [f"bad-batch-alert-{alert_id}"]
    work(world, caplog)
    assert sorted(m.to for m in world.gateway.sent) == sorted((people["en"][1], people["es"][1]))
    with world.sessions() as session:
        assert session.get_one(BadBatchAlert, alert_id).sent_at is not None
    assert sweep(T0 + timedelta(minutes=4)).alerts_restarted == []


def test_an_alert_whose_enqueue_failed_after_commit_is_sent_by_the_sweep(world, people, caplog):
    runtime.current().queue = RQJobQueue("redis://127.0.0.1:1/0")  # nothing listens there
    alert_id = new_alert(world)
    assert "after-commit callback failed" in caplog.text
    runtime.current().queue = world.queue  # Redis is back
    assert world.enqueued("bulk") == []
    assert sweep(T0 + timedelta(minutes=3)).alerts_restarted == [alert_id]
    work(world, caplog)
    assert len(world.gateway.sent) == 2


def test_an_alert_whose_job_failed_for_good_is_sent_by_the_sweep(
    world, people, caplog, monkeypatch
):
    # RQ keeps a failed job for days, and its id refused the sweep's restart all that time.
    alert_id = new_alert(world)
    connection = world.queue.connection
    job = Job.fetch(f"bad-batch-alert-{alert_id}", connection=connection, serializer=JSONSerializer)
    job.retries_left = 0  # its retries already spent, during a database outage say
    job.save()

    def database_down(*args):
        raise RuntimeError("database down")

    monkeypatch.setattr(bad_batch_alerts, "send_alert", database_down)
    BurstWorker(
        [world.queue.queue(name) for name in QUEUES],
        connection=connection,
        serializer=JSONSerializer,
    ).work(burst=True)
    assert job.get_status(refresh=True) == JobStatus.FAILED
    monkeypatch.undo()
    caplog.clear()  # that failure was meant
    assert sweep(T0 + timedelta(minutes=3)).alerts_restarted == [alert_id]
    assert world.enqueued("bulk") == [f"bad-batch-alert-{alert_id}"]
    work(world, caplog)
    assert sorted(m.to for m in world.gateway.sent) == sorted((people["en"][1], people["es"][1]))
    assert sweep(T0 + timedelta(minutes=4)).alerts_restarted == []


def test_the_sweep_adds_no_second_job_while_the_first_still_waits(world, people, caplog):
    alert_id = new_alert(world)  # its job waits behind a backlog on the bulk queue
    assert world.enqueued("bulk") == [f"bad-batch-alert-{alert_id}"]
    assert sweep(T0 + timedelta(minutes=3)).alerts_restarted == []
    assert world.enqueued("bulk") == [f"bad-batch-alert-{alert_id}"]
    work(world, caplog)
    assert len(world.gateway.sent) == 2


def same_alert(world, session):
    return create_alert(
        session,
        body_en="Bad batch in Ware: people are passing out fast.",
        body_es="Droga peligrosa en Ware: gente perdiendo el conocimiento rapido.",
        created_by=None,
        now=world.clock(),
    )


def test_two_confirms_at_the_same_moment_make_one_alert(world, people, caplog):
    """The second waits for the first to commit, then is refused: one alert, one text each."""
    first = world.sessions()
    same_alert(world, first)  # not committed yet
    refused: list[BaseException] = []

    def second() -> None:
        with world.sessions() as session:
            try:
                same_alert(world, session)
                session.commit()
            except SameAlertSent as exc:
                refused.append(exc)

    thread = threading.Thread(target=second)
    thread.start()
    try:
        if is_postgres(first):
            wait_until_blocked_on_a_lock(world.sessions)
        else:
            time.sleep(0.5)  # SQLite: the second waits for the write lock (busy timeout)
    finally:
        first.commit()
        first.close()
        thread.join(timeout=30)
    assert not thread.is_alive()
    assert len(refused) == 1
    with world.sessions() as session:
        alert = session.scalars(select(BadBatchAlert)).one()
    assert refused[0].alert.id == alert.id
    work(world, caplog)
    assert len(world.gateway.sent) == 2


def test_a_stop_line_already_written_is_not_added_twice(world, people, caplog):
    alert_id = new_alert(world, en="Bad batch in Ware. Text ALERTS OFF to stop.")
    with world.sessions() as session:
        assert session.get_one(BadBatchAlert, alert_id).body_en.count("ALERTS OFF") == 1


# ----- the admin page ---------------------------------------------------------------------------


def test_viewers_cannot_see_or_send_alerts(client, sessions):
    sign_in(client, sessions, "viewer")
    assert client.get("/admin/alerts").status_code == 403
    response = post_form(client, "/admin/alerts", {"body_en": "x", "body_es": "y"})
    assert response.status_code == 403
    assert "Alerts" not in client.get("/admin/figures").text


def test_a_coordinator_reviews_confirms_and_the_alert_goes_out(hotline, sessions):
    client = hotline.test_client()
    text(hotline, "ALERTS", TEXTER)
    text(hotline, "ALERTAS", OTHER)
    sign_in(client, sessions, "coordinator")
    page = client.get("/admin/alerts")
    assert page.status_code == 200
    assert "<strong>2</strong> subscribers" in page.text
    form = {
        "body_en": "Bad batch reported in Holyoke: carry naloxone, don't use alone.",
        "body_es": "Reportan droga peligrosa en Holyoke: tenga naloxona, no use solo.",
        "csrf_token": csrf_token(page.text),
    }
    # Without a token the form is refused and nothing is stored.
    refused = client.post("/admin/alerts", data={**form, "csrf_token": "nope"})
    assert refused.status_code == 400
    review = client.post("/admin/alerts", data=form)
    assert review.status_code == 200
    assert "Text this alert to 2 subscribers?" in review.text
    assert "SMS segments" in review.text and "Text ALERTS OFF to stop." in review.text
    with sessions() as session:
        assert session.scalar(select(func.count(BadBatchAlert.id))) == 0
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        twilio = TwilioStandIn(mock)
        done = client.post(
            "/admin/alerts",
            data={**form, "confirmed": "yes", "csrf_token": csrf_token(review.text)},
        )
        assert done.status_code == 302
    assert twilio.to(TEXTER) == [form["body_en"] + " Text ALERTS OFF to stop."]
    assert twilio.to(OTHER) == [form["body_es"] + " " + STOP_LINE["es"]]
    with sessions() as session:
        alert = session.scalars(select(BadBatchAlert)).one()
        assert alert.recipients == 2 and alert.created_by is not None
        row = session.scalars(select(AuditLog).where(AuditLog.action == "alert.send")).one()
        assert row.target == f"alert:{alert.id}" and row.data["subscribers"] == 2
        assert TEXTER not in str(row.data)
    listed = client.get("/admin/alerts")
    assert 'data-alert="' in listed.text and "sending" not in listed.text


def test_the_same_confirmed_alert_posted_twice_goes_once(hotline, sessions):
    client = hotline.test_client()
    text(hotline, "ALERTS", TEXTER)
    text(hotline, "ALERTAS", OTHER)
    sign_in(client, sessions, "coordinator")
    page = client.get("/admin/alerts")
    form = {
        "body_en": "Bad batch reported in Ware: carry naloxone.",
        "body_es": "Reportan droga peligrosa en Ware: tenga naloxona.",
        "csrf_token": csrf_token(page.text),
    }
    review = client.post("/admin/alerts", data=form)
    confirmed = {**form, "confirmed": "yes", "csrf_token": csrf_token(review.text)}
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        twilio = TwilioStandIn(mock)
        assert client.post("/admin/alerts", data=confirmed).status_code == 302
        again = client.post("/admin/alerts", data=confirmed, follow_redirects=True)
        assert again.status_code == 200
        assert "This alert was already sent at" in again.text
    assert len(twilio.to(TEXTER)) == 1 and len(twilio.to(OTHER)) == 1
    with sessions() as session:
        assert session.scalar(select(func.count(BadBatchAlert.id))) == 1
        audited = select(func.count(AuditLog.id)).where(AuditLog.action == "alert.send")
        assert session.scalar(audited) == 1


def test_an_alert_needs_both_languages(hotline, sessions):
    client = hotline.test_client()
    sign_in(client, sessions, "coordinator")
    page = client.get("/admin/alerts")
    response = client.post(
        "/admin/alerts",
        data={"body_en": "Bad batch in Ware.", "body_es": " ", "csrf_token": csrf_token(page.text)},
    )
    assert response.status_code == 422
    assert "Write the alert in Spanish" in response.text
    with sessions() as session:
        assert session.scalar(select(func.count(BadBatchAlert.id))) == 0


# ----- erasure and retention --------------------------------------------------------------------


def test_erasure_removes_the_subscription(world):
    with world.sessions.begin() as session:
        contact = add_contact(session, TEXTER)
        assert not plan_erasure(session, TEXTER).alerts
        subscribe(session, contact, "en", T0)
    with world.sessions.begin() as session:
        # Staff are shown the sign-up goes too before they confirm.
        assert plan_erasure(session, TEXTER).alerts
        erase_person(session, TEXTER, T0)
    assert subscriptions(world.sessions) == {}


def test_retention_keeps_a_subscribed_number_but_not_one_that_opted_out(world):
    old = T0 - timedelta(days=400)
    with world.sessions.begin() as session:
        kept, stopped, idle = (add_contact(session) for _ in range(3))
        for contact in (kept, stopped, idle):
            contact.created_at = old
        subscribe(session, kept, "en", old)
        subscribe(session, stopped, "en", old)
        stopped.opted_out_at = old
        ids = kept.id, stopped.id, idle.id
    with world.sessions.begin() as session:
        forgotten, _ = forget_idle_numbers(session, T0 - timedelta(days=90))
    assert forgotten == 2
    with world.sessions() as session:
        assert session.get_one(Contact, ids[0]).phone  # still reachable for alerts
        assert session.get_one(Contact, ids[1]).phone == ""
        assert session.get_one(Contact, ids[2]).phone == ""
    assert list(subscriptions(world.sessions)) == [ids[0]]


# ----- figures ----------------------------------------------------------------------------------


def subscribers_shown(client) -> str:
    import re

    page = client.get("/admin/figures")
    assert page.status_code == 200
    found = re.search(r'id="alert-subscribers".*?<strong>(\d+)</strong>', page.text, re.S)
    assert found, "no subscriber count on the figures page"
    return found.group(1)


def test_the_figures_count_subscribers_rounded_for_viewers(world, app, sessions):
    with world.sessions.begin() as session:
        for _ in range(3):
            subscribe(session, add_contact(session), "en", T0)
        stopped = add_contact(session)
        subscribe(session, stopped, "es", T0)
        stopped.opted_out_at = T0  # gets nothing, so is not counted
    coordinator = sign_in(app.test_client(), sessions, "coordinator")
    assert subscribers_shown(coordinator) == "3"
    viewer = sign_in(app.test_client(), sessions, "viewer")
    assert subscribers_shown(viewer) == "5"  # 3 rounds to 5: never an exact small count


# ----- offers go ahead of an alert blast --------------------------------------------------------


class TwilioWhileACaseComesIn(TwilioStandIn):
    """Twilio answering; as it takes the third text, a case comes in and its offer is made."""

    def __init__(self, mock: responses.RequestsMock, world) -> None:
        self.world = world
        self.case_ids: list[int] = []
        super().__init__(mock)

    def _accept(self, request):
        if len(self.sent) == 2 and not self.case_ids:
            with self.world.sessions.begin() as session:
                self.case_ids.append(add_case(session, now=self.world.clock()).id)
        return super()._accept(request)


def test_an_offer_made_during_an_alert_blast_is_sent_before_the_rest_of_it(world, caplog):
    """Alert texts wait on the bulk queue, offers on urgent: one worker takes the offer as soon
    as it is made, though the blast's texts were queued first."""
    with world.sessions.begin() as session:
        for _ in range(12):
            subscribe(session, add_contact(session), "en", T0)
        add_responder(session, "Cora", "recovery_coach", phone=COACH)
    runtime.current().gateway = TwilioGateway(world.settings)
    with responses.RequestsMock() as mock:
        twilio = TwilioWhileACaseComesIn(mock, world)
        new_alert(world)
        work(world, caplog)
    assert twilio.case_ids
    order = ["offer" if form["To"] == COACH else "alert" for form in twilio.sent]
    assert order == ["alert"] * 3 + ["offer"] + ["alert"] * 9


def test_the_sweep_restarts_a_lost_blast_on_the_bulk_queue(world, people, caplog):
    alert_id = new_alert(world)
    jobs.send_bad_batch_alert(alert_id)
    world.redis.flushdb()  # the texts' send jobs are gone
    assert sweep(T0 + timedelta(minutes=5)).messages_restarted == 2
    assert world.enqueued("urgent") == []  # an offer made now goes first
    assert len(world.enqueued("bulk")) == 2
