"""Texts that look across all open cases ask the database a fixed number of questions and
decrypt a fixed number of values, however many cases are open: the other cases of the same
person at CLAIM and DETAILS."""

from __future__ import annotations

from sqlalchemy.orm import Session

from models import Case, crypto
from routing.intake import create_case
from routing.same_person import other_open_cases
from tests.routing_support import T0, Statements, add_case, add_contact


def _partner_referral(session: Session, phone: str, **kw) -> Case:
    """A partner's referral of ``phone`` made without consent to text: linked to no contact."""
    return create_case(
        session,
        kind="partner",
        source="partner",
        now=T0,
        response_window_hours=24,
        breach_hours=48,
        details={"phone": phone, "referral_type": "post_overdose"},
        **kw,
    )


def test_claims_other_open_cases_read_the_same_for_5_or_50_other_referrals(
    world, engine, monkeypatch
):
    """CLAIM and DETAILS find a partner's referral of the person's number by its keyed hash:
    neither the queries nor the values decrypted grow with other people's referrals."""
    with world.sessions() as session:
        _other_cases_reads(session, engine, monkeypatch)


def _other_cases_reads(session: Session, engine, monkeypatch) -> None:
    phone = "+14135550177"
    own = add_case(session, contact=add_contact(session, phone))
    referred = _partner_referral(session, phone).id
    session.commit()
    decrypted = []

    def counted(token: str) -> str:
        decrypted.append(token)
        return real_decrypt(token)

    real_decrypt = crypto.decrypt
    monkeypatch.setattr(crypto, "decrypt", counted)
    seen = []
    for start, many in ((0, 5), (5, 45)):
        for n in range(start, start + many):
            _partner_referral(session, f"+1413777{n:04d}")
        session.commit()
        session.expunge_all()
        decrypted.clear()
        with Statements(engine) as statements:
            others = other_open_cases(session, session.get_one(Case, own.id))
        assert [case.id for case in others] == [referred]
        seen.append((len(statements.seen), len(decrypted)))
    assert seen[0] == seen[1]
