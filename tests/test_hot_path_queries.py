"""Pages and texts that look across all open cases ask the database a fixed number of
questions, however many cases are open: the cases page banner on every load, and the other
cases of the same person at CLAIM and DETAILS."""

from __future__ import annotations

from sqlalchemy.orm import Session

from models import Case, Contact, crypto
from routing.intake import create_case
from routing.reaching_no_one import cases_reaching_no_one
from routing.same_person import other_open_cases
from tests.routing_support import T0, Statements, add_case, add_contact, add_responder


def _routed(case: Case) -> Case:
    case.routed_at = T0
    return case


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


def _waiting_cases(session: Session, dee_phone: str, dee_contact: Contact, many: int) -> set[int]:
    """``many`` cases a coordinator can hear of, and three about Dee, who is never told of a
    case about herself; the other coordinator, Pat, is police: told only of the one whose
    person accepts police. Returns the ids of the two that reach no one."""
    about_dee = {
        _routed(add_case(session, contact=dee_contact)).id,
        _routed(_partner_referral(session, dee_phone)).id,
    }
    _routed(_partner_referral(session, dee_phone, peers_only=False))
    for n in range(many):
        _routed(add_case(session, peers_only=n % 2 == 0))
        _routed(_partner_referral(session, f"+1413666{n:04d}"))
    session.flush()
    return about_dee


def test_the_cases_page_banner_asks_the_same_number_of_queries_for_5_or_50_cases(world, engine):
    session = world.sessions()
    dee = add_responder(session, "Dee", "coordinator", phone="+14135559001", always_on=False)
    add_responder(session, "Pat", "police_officer", "coordinator", always_on=False)
    dee_contact = session.get_one(Contact, dee.contact_id)
    counts = []
    for many in (5, 50):
        about_dee = _waiting_cases(session, "+14135559001", dee_contact, many)
        session.commit()
        session.expunge_all()
        with Statements(engine) as statements:
            unheard = {case.id for case in cases_reaching_no_one(session, T0)}
        assert about_dee <= unheard
        assert len(unheard) == 2 * (1 + (many == 50))
        counts.append(len(statements.seen))
    assert counts[0] == counts[1]


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
