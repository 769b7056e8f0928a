"""The embedded default (no Redis, no Twilio) shows the whole loop: routing runs in-process and
SMS to responders land in the local gateway, and a responder can claim from the chat."""

from __future__ import annotations

from datetime import timedelta

from hotline import create_app
from routing import runtime
from routing.gateway import LocalGateway
from routing.queues import InlineJobQueue
from tests.conftest import make_settings

COACH = "+14135550131"
ROSTER = f"""name,phone,roles,languages,towns,active,shifts
Avery Coach,{COACH},recovery_coach,en,,yes,Mon-Sun 00:00-00:00
"""
SELF_REFERRAL = ["hi", "1", "2", "amherst", "text", "any", "peers", "skip", "yes"]


def test_chat_as_texter_then_as_responder_closes_the_loop(engine, tmp_path):
    app = create_app(
        make_settings(
            engine.url.render_as_string(hide_password=False),
            twilio_account_sid=None,
            twilio_auth_token=None,
            twilio_from_number=None,
        )
    )
    rt = runtime.current()
    assert isinstance(rt.queue, InlineJobQueue)
    assert isinstance(rt.gateway, LocalGateway)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["setup"]).exit_code == 0
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER)
    assert runner.invoke(args=["roster", "load", str(roster)]).exit_code == 0

    texter = runner.invoke(
        args=["chat", "--from", "+14135550123"], input="\n".join(SELF_REFERRAL) + "\n"
    )
    assert texter.exit_code == 0, texter.output
    assert "within 24 hours" in texter.output
    offers = [message for message in rt.gateway.sent if message.to == COACH]
    assert len(offers) == 1
    code = offers[0].body.split("New case ")[1][:4]

    responder = runner.invoke(args=["chat", "--from", COACH], input=f"CLAIM {code}\nLIST\n")
    assert responder.exit_code == 0, responder.output
    assert code in responder.output
    assert "Amherst" in responder.output
    assert "555" in responder.output  # the person's number comes with the claim
    rt.queue.cancel_all()


def test_embedded_serve_and_chat_sweep_what_no_worker_would(engine, sessions):
    """Without Redis no worker runs: the serving process routes a case nobody routed."""
    from hotline.cli import arm_embedded_sweeps
    from models import Case, utcnow
    from routing.intake import new_case_code

    app = create_app(
        make_settings(
            engine.url.render_as_string(hide_password=False),
            env="development",
            twilio_account_sid=None,
        )
    )
    with sessions.begin() as session:
        # Made five minutes ago and never routed (a restart lost its in-process job).
        made = utcnow() - timedelta(minutes=5)
        session.add(Case(code=new_case_code(session), kind="self_referral", created_at=made))
    rt = runtime.current()
    try:
        with app.app_context():
            arm_embedded_sweeps()
        with sessions() as session:
            case = session.query(Case).one()
            assert case.routed_at is not None
    finally:
        rt.queue.cancel_all()
