"""The partner API: keys, validation, idempotency, and referrals routed like texted cases."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading

import pytest
from sqlalchemy import func, select

from hotline import api
from models import AuditLog, Case, CaseEvent, Contact, Message, Partner, PartnerReferral, Town
from routing import runtime
from tests.conftest import LOOKUP_KEY

REFERRAL = {
    "phone": "(413) 555-0123",
    "referral_type": "post_overdose",
    "town": "noho",
    "name": "Sam",
    "notes": "seen in the ED overnight",
}


@pytest.fixture
def partner_app(app, sessions):
    with sessions.begin() as session:
        session.add(Town(name="Northampton", aliases=["NoHo", "Florence"], lat=42.3, lon=-72.6))
        session.add(Town(name="Amherst", aliases=[], lat=42.4, lon=-72.5))
    return app


@pytest.fixture
def key(partner_app, sessions):
    with sessions.begin() as session:
        _, key = api.create_partner(session, "Cooley Dickinson ED", runtime.current().clock())
    return key


def post(client, body, key=None, idempotency_key=None, **kw):
    headers = {}
    if key is not None:
        headers["Authorization"] = f"Bearer {key}"
    if idempotency_key is not None:
        headers["Idempotency-Key"] = idempotency_key
    if "data" in kw:
        return client.post("/api/referrals", headers=headers, **kw)
    return client.post("/api/referrals", headers=headers, json=body)


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_a_referral_makes_a_routed_partner_case(client, key, session):
    response = post(client, REFERRAL, key)
    assert response.status_code == 201
    data = response.get_json()
    assert data["status"] == "received"
    case = session.scalar(select(Case).where(Case.code == data["case"]))
    assert (case.kind, case.source, case.town, case.peers_only) == (
        "partner",
        "partner",
        "Northampton",
        True,
    )
    assert case.contact_method == "call"
    assert case.contact_id is None  # no consent to text: no contact to text
    details = json.loads(case.details)
    assert details["phone"] == "+14135550123"
    assert details["referral_type"] == "post_overdose"
    assert details["partner"] == "Cooley Dickinson ED"
    # Routed like a texted case (the inline queue ran route_case after commit).
    assert case.routed_at is not None
    assert "routed" in session.scalars(select(CaseEvent.kind)).all()
    assert count(session, Message) == 0


def test_consent_to_text_links_the_contact(client, key, session):
    body = {**REFERRAL, "consent_to_text": True, "peers_only": False, "language": "es"}
    response = post(client, body, key)
    assert response.status_code == 201
    case = session.scalar(select(Case))
    contact = session.get(Contact, case.contact_id)
    assert contact.phone == "+14135550123"
    assert (case.contact_method, case.peers_only, case.language) == ("text", False, "es")


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer", "Bearer nope", "Basic abc", "Bearer hk_00000000_wrong"],
)
def test_bad_or_missing_key_is_401(client, key, session, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    response = client.post("/api/referrals", json=REFERRAL, headers=headers)
    assert response.status_code == 401
    assert response.get_json()["error"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert count(session, Case) == 0


def test_a_key_with_the_right_prefix_but_wrong_secret_is_401(client, key, session):
    prefix = key.split("_")[1]
    assert post(client, REFERRAL, f"hk_{prefix}_guess").status_code == 401


def test_inactive_partner_is_401(client, key, sessions):
    with sessions.begin() as session:
        session.scalar(select(Partner)).active = False
    assert post(client, REFERRAL, key).status_code == 401


def test_keys_are_stored_hashed(key, session):
    partner = session.scalar(select(Partner))
    assert key not in partner.key_hash
    assert partner.key_hash.startswith("sha256$")
    assert api.api_key_matches(key, partner.key_hash)
    assert not api.api_key_matches(key + "x", partner.key_hash)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"phone": "12345"}, "phone"),
        ({"phone": "not a phone"}, "phone"),
        ({"phone": None}, "phone"),
        ({"referral_type": "arrest"}, "referral_type"),
        ({"town": "Springfield"}, "town"),
        ({"town": 7}, "town"),
        ({"consent_to_text": "yes"}, "consent_to_text"),
        ({"peers_only": 1}, "peers_only"),
        ({"language": "spanish"}, "language"),
        ({"language": "xx"}, "language"),  # responders would read "Speaks xx"
        ({"contact_method": "text"}, "contact_method"),
        ({"contact_method": "fax"}, "contact_method"),
        ({"notes": "x" * 2001}, "notes"),
        ({"ssn": "123"}, "ssn"),
    ],
)
def test_invalid_fields_are_422_and_named(client, key, session, change, field):
    response = post(client, {**REFERRAL, **change}, key)
    assert response.status_code == 422
    data = response.get_json()
    assert data["error"] == "invalid_fields"
    assert list(data["fields"]) == [field]
    assert count(session, Case) == 0


def test_town_may_be_null_and_peers_only_defaults_true(client, key, session):
    response = post(client, {"phone": "4135550199", "referral_type": "other", "town": None}, key)
    assert response.status_code == 201
    case = session.scalar(select(Case))
    assert (case.town, case.peers_only) == (None, True)


def test_not_json_is_400_and_wrong_type_is_415(client, key):
    response = post(client, None, key, data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid_json"
    response = post(client, None, key, data="[1, 2]", content_type="application/json")
    assert response.status_code == 400
    response = post(
        client, None, key, data="phone=1", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415


def test_every_error_under_the_api_is_json(client, key):
    """Deep nesting, too large a body, a wrong method: a partner's client reads JSON."""
    deep = "[" * 100000 + "]" * 100000
    response = post(client, None, key, data=deep, content_type="application/json")
    assert (response.status_code, response.get_json()["error"]) == (400, "invalid_json")
    big = json.dumps({**REFERRAL, "notes": "x" * 300_000})
    response = post(client, None, key, data=big, content_type="application/json")
    assert (response.status_code, response.get_json()["error"]) == (413, "too_large")
    response = client.get("/api/referrals", headers={"Authorization": f"Bearer {key}"})
    assert (response.status_code, response.get_json()["error"]) == (405, "method_not_allowed")
    assert response.headers["Allow"]


def test_invisible_characters_are_taken_out_of_what_responders_read(client, key, session):
    """A direction override (U+202E) in a name shows what follows it backwards."""
    body = {**REFERRAL, "name": "\u202eSam\u202c", "notes": "seen\u200b in\ufeff the ED"}
    assert post(client, body, key).status_code == 201
    body = {**REFERRAL, "phone": "413-555-0124", "name": "\u200b\u2066"}
    assert post(client, body, key).status_code == 201
    details = [json.loads(d) for d in session.scalars(select(Case.details).order_by(Case.id))]
    assert (details[0]["name"], details[0]["notes"]) == ("Sam", "seen in the ED")
    assert details[1].get("name") is None  # only invisible characters: no name


def test_same_idempotency_key_twice_makes_one_case(client, key, session):
    first = post(client, REFERRAL, key, idempotency_key="ref-001")
    # The same body, keys in another order: the same request.
    second = post(client, dict(reversed(list(REFERRAL.items()))), key, idempotency_key="ref-001")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.get_json() == second.get_json()
    assert count(session, Case) == 1
    assert count(session, PartnerReferral) == 1
    different = post(client, {**REFERRAL, "town": "Amherst"}, key, idempotency_key="ref-001")
    assert different.status_code == 409
    assert different.get_json()["error"] == "idempotency_key_reused"
    assert count(session, Case) == 1
    assert post(client, REFERRAL, key, idempotency_key="ref-002").status_code == 201
    assert count(session, Case) == 2


def test_the_request_is_remembered_only_as_a_keyed_hash(client, key, session):
    assert post(client, REFERRAL, key, idempotency_key="ref-001").status_code == 201
    stored = session.scalar(select(PartnerReferral.request_hash))
    canonical = json.dumps(REFERRAL, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    # A plain hash of a guessed body would confirm the number was referred: it is keyed.
    assert stored != hashlib.sha256(canonical.encode()).hexdigest()
    assert stored == hmac.new(LOOKUP_KEY.encode(), canonical.encode(), "sha256").hexdigest()
    assert post(client, REFERRAL, key, idempotency_key="ref-001").status_code == 200
    other = post(client, {**REFERRAL, "name": "Sasha"}, key, idempotency_key="ref-001")
    assert other.status_code == 409


def test_idempotency_keys_belong_to_their_partner(client, key, sessions, session):
    with sessions.begin() as s:
        _, other = api.create_partner(s, "Northampton PD", runtime.current().clock())
    assert post(client, REFERRAL, key, idempotency_key="same").status_code == 201
    assert post(client, REFERRAL, other, idempotency_key="same").status_code == 201
    assert count(session, Case) == 2


def test_concurrent_retries_with_one_key_make_one_case(partner_app, key, session):
    results: list[int] = []

    def send() -> None:
        with partner_app.test_client() as c:
            results.append(post(c, REFERRAL, key, idempotency_key="race").status_code)

    threads = [threading.Thread(target=send) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [200, 200, 200, 200, 201]
    assert count(session, Case) == 1


# ---- revoking and rotating keys ------------------------------------------------------------


def partner_audit(session) -> list[tuple[str, str, dict]]:
    rows = session.execute(select(AuditLog.action, AuditLog.target, AuditLog.data))
    return [
        (action, target, data) for action, target, data in rows if action.startswith("partner.")
    ]


def test_a_deactivated_partners_key_stops_working(client, key, runner, session):
    assert post(client, REFERRAL, key).status_code == 201
    result = runner.invoke(args=["partner", "deactivate", "Cooley Dickinson ED"])
    assert result.exit_code == 0, result.output
    assert "deactivated" in result.output
    assert post(client, REFERRAL, key).status_code == 401
    partner = session.scalar(select(Partner))
    assert partner.active is False
    assert count(session, Case) == 1  # its referrals stay
    assert partner_audit(session) == [
        ("partner.deactivate", f"partner:{partner.id}", {"name": "Cooley Dickinson ED"})
    ]
    again = runner.invoke(args=["partner", "deactivate", "Cooley Dickinson ED"])
    assert again.exit_code == 0 and "already" in again.output
    assert len(partner_audit(session)) == 1
    unknown = runner.invoke(args=["partner", "deactivate", "Nobody"])
    assert unknown.exit_code == 1 and "no partner" in unknown.output


def test_rotating_a_key_prints_a_new_one_and_the_old_one_stops_working(
    client, key, runner, session
):
    result = runner.invoke(args=["partner", "rotate-key", "Cooley Dickinson ED"])
    assert result.exit_code == 0, result.output
    new_key = result.output.strip().splitlines()[-1]
    assert new_key.startswith("hk_") and new_key != key
    assert post(client, REFERRAL, key).status_code == 401
    assert post(client, REFERRAL, new_key).status_code == 201
    partner = session.scalar(select(Partner))
    assert new_key not in partner.key_hash
    assert new_key not in str(partner_audit(session))
    assert partner_audit(session) == [
        (
            "partner.rotate_key",
            f"partner:{partner.id}",
            {"name": "Cooley Dickinson ED", "reactivated": False},
        )
    ]


def test_rotating_a_deactivated_partners_key_lets_them_back_in(client, key, runner, session):
    assert runner.invoke(args=["partner", "deactivate", "Cooley Dickinson ED"]).exit_code == 0
    result = runner.invoke(args=["partner", "rotate-key", "Cooley Dickinson ED"])
    assert result.exit_code == 0, result.output
    assert "active again" in result.output
    new_key = result.output.strip().splitlines()[-1]
    assert post(client, REFERRAL, key).status_code == 401
    assert post(client, REFERRAL, new_key).status_code == 201
    assert [action for action, _, _ in partner_audit(session)] == [
        "partner.deactivate",
        "partner.rotate_key",
    ]


def test_adding_a_partner_is_audited(partner_app, runner, session):
    result = runner.invoke(args=["partner", "add", "Northampton PD"])
    assert result.exit_code == 0, result.output
    key = result.output.strip().splitlines()[-1]
    assert [action for action, _, _ in partner_audit(session)] == ["partner.add"]
    assert key not in str(partner_audit(session))


@pytest.mark.parametrize("consent_to_text", [True, False])
def test_a_person_who_texted_no_police_gets_a_peers_only_case_from_a_partner(
    client, key, session, consent_to_text
):
    """The partner says police are fine, but the person told us by text: no police. Without
    consent to text the case is not linked to their number, and the refusal still holds."""
    from hotline.contacts import get_or_create_contact

    contact = get_or_create_contact(session, "+14135550123", runtime.current().clock())
    contact.refuses_police = True
    session.commit()
    body = {**REFERRAL, "peers_only": False, "consent_to_text": consent_to_text}
    assert post(client, body, key).status_code == 201
    case = session.scalar(select(Case))
    assert case.peers_only is True
    assert (case.contact_id == contact.id) is consent_to_text
