"""Fault: Twilio delivers the same webhook again: late, out of order, and several at once.

On PostgreSQL with real threads: each MessageSid has one effect (one stored text, one case,
one set of replies), and every delivery of it gets the same answer.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from hotline import create_app
from models import Case, Message
from tests.conftest import make_settings, post_signed, sms_form
from tests.test_end_to_end import replies_of

SELF_REFERRAL = ["hi", "1", "1", "northampton", "call", "evening", "peers", "Sam", "yes"]
TEXTER = "+14135550181"
THREADS = 8


@pytest.fixture
def pg_app(pg_engine):
    app = create_app(make_settings(pg_engine.url.render_as_string(hide_password=False)))
    assert app.test_cli_runner().invoke(args=["setup"]).exit_code == 0
    return app


def deliver_at_once(app, form: dict[str, str], times: int) -> list:
    """The same signed webhook from ``times`` threads released together."""
    barrier = threading.Barrier(times)
    answers: list = [None] * times

    def post(index: int) -> None:
        client = app.test_client()
        barrier.wait(timeout=10)
        answers[index] = post_signed(client, "/twilio/sms", form)

    threads = [threading.Thread(target=post, args=(i,)) for i in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return answers


def test_retried_webhooks_have_one_effect_each(pg_app):
    forms = [sms_form(body, TEXTER, sid=f"SMretry{i:026d}") for i, body in enumerate(SELF_REFERRAL)]
    client = pg_app.test_client()
    first_answers = [replies_of(post_signed(client, "/twilio/sms", f)) for f in forms[:-1]]

    # The last text (it makes the case) arrives from eight retries at the same instant.
    answers = deliver_at_once(pg_app, forms[-1], THREADS)
    assert all(a is not None and a.status_code == 200 for a in answers)
    replies = {tuple(replies_of(a)) for a in answers}
    assert len(replies) == 1 and "within 24 hours" in next(iter(replies))[-1]

    # Late and out of order: earlier texts delivered again, in reverse.
    for form, earlier in reversed(list(zip(forms[:-1], first_answers, strict=True))):
        again = post_signed(client, "/twilio/sms", form)
        assert again.status_code == 200
        assert replies_of(again) == earlier

    sessions = pg_app.extensions["hotline.sessions"]
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Case)) == 1
        inbound = session.scalars(
            select(Message.sid).where(Message.direction == "in").order_by(Message.id)
        ).all()
        assert inbound == [f["MessageSid"] for f in forms]  # one row per sid, in order
        replies_stored = session.scalar(
            select(func.count()).select_from(Message).where(Message.direction == "out")
        )
    assert replies_stored == sum(len(r) for r in first_answers) + len(next(iter(replies)))
