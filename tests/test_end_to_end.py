"""The whole loop on real services: a texter self-refers through the webhook, an RQ worker on
a real Redis runs the jobs, offers reach the right responders through Twilio's API (mocked with
``responses``), and a responder's CLAIM through the webhook gets the details and tells the rest.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs
from xml.etree import ElementTree

import pytest
import responses
from rq.serializers import JSONSerializer
from sqlalchemy import select

from hotline import create_app
from models import Case, CaseEvent, Offer, Responder
from routing import runtime
from routing.queues import QUEUES
from tests.conftest import (
    ACCOUNT_SID,
    HOTLINE_NUMBER,
    REDIS_URL,
    make_settings,
    post_signed,
    sms_form,
)
from tests.rq_support import BurstWorker

TWILIO_MESSAGES = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
TEXTER = "+14135550123"
COACH_A, COACH_B, OFFICER = "+14135550131", "+14135550132", "+14135550133"

ROSTER = f"""name,phone,roles,languages,towns,active,shifts
Avery Coach,{COACH_A},recovery_coach,en,,yes,Mon-Sun 00:00-00:00
Blair Coach,{COACH_B},recovery_coach,en,,yes,Mon-Sun 00:00-00:00
Officer Drew,{OFFICER},police_officer,en,,yes,Mon-Sun 00:00-00:00
"""

SELF_REFERRAL = ["hi", "1", "1", "northampton", "call", "evening", "peers", "Sam", "yes"]


def replies_of(response) -> list[str]:
    return [m.text or "" for m in ElementTree.fromstring(response.data).findall("Message")]


class TwilioStandIn:
    """Records what the gateway sent to Twilio's Messages API and answers like Twilio."""

    def __init__(self, mock: responses.RequestsMock) -> None:
        self.sent: list[dict[str, str]] = []
        mock.add_callback(responses.POST, TWILIO_MESSAGES, callback=self._accept)

    def _accept(self, request):
        form = {key: values[0] for key, values in parse_qs(request.body).items()}
        self.sent.append(form)
        # A letter in every sid: never the all-digit MessageSid of a text in (``sms_form``).
        sid = f"SMa{len(self.sent):031x}"
        body = (
            f'{{"sid": "{sid}", "status": "queued", "to": "{form["To"]}", '
            f'"from": "{form["From"]}", "body": "", "error_code": null}}'
        )
        return 201, {"Content-Type": "application/json"}, body

    def to(self, number: str) -> list[str]:
        return [form["Body"] for form in self.sent if form["To"] == number]


@pytest.fixture
def live_app(engine, redis_conn, tmp_path):
    app = create_app(
        make_settings(engine.url.render_as_string(hide_password=False), redis_url=REDIS_URL)
    )
    set_up(app, tmp_path)
    return app


def set_up(app, tmp_path, roster_csv: str = ROSTER) -> None:
    """What an operator runs first: ``setup``, then ``roster load`` of the test roster."""
    runner = app.test_cli_runner()
    assert runner.invoke(args=["setup"]).exit_code == 0
    roster = tmp_path / "roster.csv"
    roster.write_text(roster_csv)
    loaded = runner.invoke(args=["roster", "load", str(roster)])
    assert loaded.exit_code == 0, loaded.output


def run_worker(redis_conn) -> None:
    """Run every queued job the way worker.py does, urgent queue first, then stop."""
    queue = runtime.current().queue
    worker = BurstWorker(
        [queue.queue(name) for name in QUEUES], connection=redis_conn, serializer=JSONSerializer
    )
    worker.work(burst=True)


def test_self_referral_reaches_on_call_peers_and_the_first_claim_wins(live_app, redis_conn):
    client = live_app.test_client()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        twilio = TwilioStandIn(mock)
        for body in SELF_REFERRAL:
            response = post_signed(client, "/twilio/sms", sms_form(body, TEXTER))
            assert response.status_code == 200
        assert "within 24 hours" in replies_of(response)[-1]
        assert twilio.sent == []  # routing waits for the worker

        run_worker(redis_conn)

        with live_app.extensions["hotline.sessions"]() as session:
            case = session.scalars(select(Case)).one()
        offers_a, offers_b = twilio.to(COACH_A), twilio.to(COACH_B)
        assert len(offers_a) == 1 and len(offers_b) == 1
        assert twilio.to(OFFICER) == []  # the person chose peers only
        offer = offers_a[0]
        assert case.code in offer
        assert "Northampton" in offer
        assert "Sam" not in offer and "0123" not in offer  # no name or number in an offer
        assert all(form["From"] == HOTLINE_NUMBER for form in twilio.sent)

        claim = post_signed(client, "/twilio/sms", sms_form(f"claim {case.code.lower()}!", COACH_A))
        details = " ".join(replies_of(claim))
        assert "Sam" in details
        assert re.search(r"555.?0123", details)
        late = post_signed(client, "/twilio/sms", sms_form(f"CLAIM {case.code}", COACH_B))
        assert "Avery" in " ".join(replies_of(late))

        run_worker(redis_conn)
        told = twilio.to(COACH_B)
        assert len(told) == 2
        assert case.code in told[1] and "Avery" in told[1]
        assert twilio.to(TEXTER) == []

    with live_app.extensions["hotline.sessions"]() as session:
        case = session.get(Case, case.id)
        assert case.status == "claimed"
        assert case.claimed_by_id is not None


# Officer Drew is a recovery coach too, so a self-referral that asks for a coach and says
# police are fine is offered to him.
COACHING_OFFICER_ROSTER = ROSTER.replace(
    f"Officer Drew,{OFFICER},police_officer,",
    f"Officer Drew,{OFFICER},police_officer;recovery_coach,",
)
POLICE_OK = ["hi", "1", "1", "Amherst", "1", "4", "2", "Sam", "yes"]


def test_taking_back_a_yes_to_police_keeps_the_officer_from_claiming(engine, redis_conn, tmp_path):
    """QA's report: "no police please" after a request that said police are fine got the main
    menu, "I dont want police anymore" got "Sorry, I didn't catch that", and the officer could
    then CLAIM the case and get the person's number."""
    app = create_app(
        make_settings(engine.url.render_as_string(hide_password=False), redis_url=REDIS_URL)
    )
    set_up(app, tmp_path, COACHING_OFFICER_ROSTER)
    client = app.test_client()
    sessions = app.extensions["hotline.sessions"]
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        twilio = TwilioStandIn(mock)
        for body in POLICE_OK:
            response = post_signed(client, "/twilio/sms", sms_form(body, TEXTER))
        assert "within 24 hours" in replies_of(response)[-1]
        run_worker(redis_conn)
        with sessions() as session:
            case = session.scalars(select(Case)).one()
        assert case.peers_only is False
        assert len(twilio.to(OFFICER)) == 1  # offered to the officer: police were fine

        for body in ("no police please", "I dont want police anymore"):
            answer = replies_of(post_signed(client, "/twilio/sms", sms_form(body, TEXTER)))
            assert answer == [
                "Got it: no police officers will be part of your team.",
                "Text MENU any time to see how we can help.",
            ]
        run_worker(redis_conn)

        claim = post_signed(client, "/twilio/sms", sms_form(f"CLAIM {case.code}", OFFICER))
        refused = " ".join(replies_of(claim))
        assert "asked for peer responders only (no police)" in refused
        assert "Sam" not in refused and not re.search(r"555.?0123", refused)

    with sessions() as session:
        case = session.get_one(Case, case.id)
        assert (case.peers_only, case.claimed_by_id) == (True, None)
        kinds = session.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == case.id))
        assert "police_refused" in set(kinds)
        officer_offers = session.scalars(
            select(Offer.status)
            .join(Responder, Responder.id == Offer.responder_id)
            .where(Offer.case_id == case.id, Responder.name == "Officer Drew")
        ).all()
        assert officer_offers == ["closed"]


@pytest.mark.parametrize("opt_out", ["STOP", "leave me alone"])
def test_the_claimer_is_told_once_when_the_person_opts_out(live_app, redis_conn, opt_out):
    """QA's report: a person whose case was claimed texted STOP; the claimer was not told, and
    LIST still read as if texts were fine."""
    client = live_app.test_client()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        twilio = TwilioStandIn(mock)
        for body in [("text" if step == "call" else step) for step in SELF_REFERRAL]:
            response = post_signed(client, "/twilio/sms", sms_form(body, TEXTER))
        assert "within 24 hours" in replies_of(response)[-1]
        run_worker(redis_conn)
        with live_app.extensions["hotline.sessions"]() as session:
            code = session.scalars(select(Case.code)).one()
        post_signed(client, "/twilio/sms", sms_form(f"CLAIM {code}", COACH_A))
        run_worker(redis_conn)
        offered = len(twilio.to(COACH_A))

        post_signed(client, "/twilio/sms", sms_form(opt_out, TEXTER))
        run_worker(redis_conn)
        assert twilio.to(COACH_A)[offered:] == [
            f"Case {code}: the person opted out of texts. Do not text them. They asked for "
            "texts, not calls, so call only with care."
        ]
        listed = replies_of(post_signed(client, "/twilio/sms", sms_form("LIST", COACH_A)))
        assert f"{code} claimed" in listed[0] and "opted out of texts: do not text" in listed[0]

        again = post_signed(client, "/twilio/sms", sms_form("STOP", TEXTER))
        assert replies_of(again) == []
        run_worker(redis_conn)
        assert len(twilio.to(COACH_A)) == offered + 1
        assert all("opted out" not in body for body in twilio.to(COACH_B))
        assert twilio.to(TEXTER) == []
