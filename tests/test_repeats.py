"""The same words again within seconds of our answer (a double tap, a phone resending) are
stored but not taken as a new answer; emergencies, STOP, HELP and "no police" always are."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count

import pytest
from sqlalchemy import func, select

from hotline import inbound
from hotline.config import load_settings
from hotline.contacts import find_contact
from hotline.flow_store import install_shipped_flows
from hotline.inbound import DirectoryCache, InboundService, InboundSms
from hotline.places_store import directory_from_db, load_places
from models import Case, ConversationSession, Message, utcnow
from tests.conftest import make_settings
from tests.test_config import SECRETS, TWILIO

START = datetime(2026, 11, 24, 19, 0, tzinfo=UTC)
SENDER = "+14135550150"
_sids = count()


class Texter:
    """One number texting through the real inbound path, on a clock moved by hand."""

    def __init__(self, engine, sessions, window: float = 3.0) -> None:
        self.now = START
        self.sessions = sessions
        settings = make_settings(
            engine.url.render_as_string(hide_password=False), repeat_window_seconds=window
        )
        with sessions.begin() as session:
            install_shipped_flows(session, utcnow())
            load_places(session)
        self.service = InboundService(
            sessions=sessions,
            settings=settings,
            directory=DirectoryCache(directory_from_db),
            clock=lambda: self.now,
        )

    def text(self, body: str, after: float = 10.0, media: int = 0) -> tuple[str, ...]:
        self.now += timedelta(seconds=after)
        sms = InboundSms(sid=f"SMrepeat{next(_sids)}", sender=SENDER, body=body, num_media=media)
        return self.service.receive(sms).replies

    def statuses(self) -> list[str]:
        with self.sessions() as session:
            return list(
                session.scalars(
                    select(Message.status).where(Message.direction == "in").order_by(Message.id)
                )
            )

    def state(self) -> dict:
        with self.sessions() as session:
            return session.scalars(select(ConversationSession.state)).one()


@pytest.fixture
def texter(engine, sessions) -> Texter:
    return Texter(engine, sessions)


def test_a_double_tapped_answer_answers_once(texter):
    texter.text("hi")
    assert "What would you like help with" in texter.text("1")[0]
    assert texter.text("1", after=1) == ()
    assert texter.statuses() == ["processed", "processed", "repeat"]
    assert (texter.state()["node"], texter.state()["vars"]) == ("needs", {})
    # Said again once the person had time to read the question, it is their answer.
    assert "What town" in " ".join(texter.text("1", after=8))
    assert texter.state()["vars"]["needs"] == ["coach"]


def test_a_second_yes_after_the_case_is_made_sends_nothing(texter, sessions):
    for body in ["hi", "1", "1", "northampton", "call", "evening", "peers", "Sam"]:
        texter.text(body)
    assert "within 24 hours" in " ".join(texter.text("yes"))
    assert texter.text("yes", after=2) == ()
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Case)) == 1
    assert texter.statuses() == ["processed"] * 9 + ["repeat"]  # every text is stored


def test_a_double_tapped_2_never_says_police_may_come(texter):
    """At the best time question "2" is afternoon; the copy would have answered the team
    question, whose "2" says a police officer may be part of the team."""
    for body in ["hi", "1", "1", "northampton", "call"]:
        texter.text(body)
    assert "Who may reach out to you" in texter.text("2")[0]
    assert texter.text("2", after=0.5) == ()
    assert "peers_only" not in texter.state()["vars"]


def test_a_repeat_that_came_before_we_answered_the_first_is_a_repeat_however_late(texter):
    texter.text("hi")
    texter.text("1")
    texter.now += timedelta(seconds=30)
    with texter.sessions.begin() as session:  # stored while the first waited its turn
        first = session.scalars(
            select(Message).where(Message.direction == "in").order_by(Message.id.desc())
        ).first()
        first.processed_at = texter.now + timedelta(seconds=60)
    assert texter.text("1", after=45) == ()


def test_a_repeat_later_than_the_window_is_an_answer(texter):
    texter.text("hi")
    texter.text("1")
    assert "What town" in " ".join(texter.text("1", after=3.5))


def test_different_words_are_no_repeat(texter):
    texter.text("hi")
    texter.text("1")
    assert "What town" in " ".join(texter.text("1 3", after=0.5))


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ("he's not breathing", "911"),
        ("no respira", "911"),
        ("send help", "911"),
        ("I want to kill myself", "988"),
        ("HELP", "STOP"),
        ("AYUDA", "STOP"),
        ("no police", "no police officers"),
        ("sin policia", "no police officers"),  # in the conversation's language
    ],
)
def test_emergencies_help_and_refusals_are_answered_every_time(texter, body, says):
    for text in ["hi", "1", "1"]:
        texter.text(text)
    assert says in " ".join(texter.text(body))
    assert says in " ".join(texter.text(body, after=0.5))
    assert "repeat" not in texter.statuses()


def test_stop_twice_is_obeyed_and_never_skipped(texter, sessions):
    texter.text("hi")
    assert "START" in texter.text("STOP")[0]
    assert texter.text("STOP", after=0.5) == ()
    assert "repeat" not in texter.statuses()
    with sessions() as session:
        assert find_contact(session, SENDER).opted_out


def test_a_repeat_of_a_text_we_could_not_handle_is_handled(texter, monkeypatch):
    texter.text("hi")
    real_step = inbound.step

    def failing(*args, **kwargs):
        raise RuntimeError("the engine failed")

    monkeypatch.setattr(inbound, "step", failing)
    assert "something went wrong" in texter.text("1")[0]
    monkeypatch.setattr(inbound, "step", real_step)
    assert "What would you like help with" in texter.text("1", after=0.5)[0]
    assert texter.statuses()[-2:] == ["set_aside", "processed"]


def test_a_resend_of_a_text_left_unhandled_gets_its_answer_once(texter, monkeypatch):
    """The database failed even to set the text aside, so the person was told to text again;
    the resend handles the old text first and must carry its answer, once."""
    texter.text("hi")
    real_step = inbound.step

    def failing(*args, **kwargs):
        raise RuntimeError("the engine failed")

    monkeypatch.setattr(inbound, "step", failing)
    monkeypatch.setattr(InboundService, "_set_aside", lambda self, *a, **k: None)
    assert "text us again" in texter.text("1")[0]
    assert texter.statuses()[-1] == "received"
    monkeypatch.setattr(inbound, "step", real_step)
    replies = texter.text("1", after=40)
    assert len(replies) == 1 and "What would you like help with" in replies[0]
    assert texter.statuses()[-2:] == ["processed", "repeat"]
    assert texter.state()["node"] == "needs"


def test_a_second_photo_at_once_gets_no_second_note(texter):
    texter.text("narcan")
    assert "only read words" in texter.text("", media=1)[0]
    assert texter.text("", after=1, media=1) == ()


def test_with_no_window_every_text_is_an_answer(engine, sessions):
    texter = Texter(engine, sessions, window=0)
    texter.text("hi")
    texter.text("1")
    assert "What town" in " ".join(texter.text("1", after=0.1))


@pytest.mark.parametrize(
    ("mode", "given", "window"),
    [("production", None, 3.0), ("development", None, 0.0), ("test", None, 0.0),
     ("production", "0", 0.0), ("development", "5", 5.0)],
)  # fmt: skip
def test_the_window_is_on_in_production_and_can_be_set(tmp_path, mode, given, window):
    environ = {"HOTLINE_ENV": mode, "HOTLINE_INSTANCE": str(tmp_path), **SECRETS, **TWILIO}
    if given is not None:
        environ["REPEAT_WINDOW_SECONDS"] = given
    assert load_settings(environ).repeat_window_seconds == window
