"""The migrations build exactly the schema the models describe, and unwind cleanly."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from hotline import migrate
from models import Base


def test_migrated_schema_matches_the_models(engine):
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_downgrade_to_base_and_back(tmp_path):
    url = f"sqlite:///{tmp_path / 'migrations.db'}"
    migrate.upgrade(url)
    from models.session import make_engine

    engine = make_engine(url)
    assert "cases" in inspect(engine).get_table_names()
    migrate.downgrade(url, "base")
    assert "cases" not in inspect(engine).get_table_names()
    migrate.upgrade(url)
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_flow_version_digests_are_filled_in_for_existing_versions(tmp_path):
    import hashlib

    from sqlalchemy import text

    from models.session import make_engine

    url = f"sqlite:///{tmp_path / 'digests.db'}"
    migrate.upgrade(url, "0001")
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO flow_scripts (flow_id, title, updated_at) "
                "VALUES ('menu', 'Menu', '2026-11-24 00:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO flow_versions "
                "(flow_id, version, body, status, author, note, created_at) VALUES"
                "  ('menu', 1, 'id: menu', 'published', 'setup', '', '2026-11-24 00:00:00')"
            )
        )
    migrate.upgrade(url)
    with engine.connect() as conn:
        digest = conn.execute(text("SELECT digest FROM flow_versions")).scalar_one()
    assert digest == hashlib.sha256(b"id: menu").hexdigest()
    engine.dispose()


def test_undoing_the_lookup_key_column_keeps_every_text_and_opt_out(tmp_path):
    from sqlalchemy import text

    from models.session import make_engine

    url = f"sqlite:///{tmp_path / 'migrations.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    counts = "select (select count(*) from messages), (select count(*) from opt_out_events)"
    with engine.begin() as conn:
        conn.execute(
            text(
                "insert into contacts (id, phone_hash, phone, language, created_at, opted_out_at)"
                " values (1, 'h', 'x', 'en', '2026-01-01', '2026-01-02')"
            )
        )
        conn.execute(
            text(
                "insert into messages (contact_id, direction, status, purpose, channel,"
                " num_media, segments, attempts, created_at)"
                " values (1, 'in', 'received', 'inbound', 'twiml', 0, 1, 0, '2026-01-01')"
            )
        )
        conn.execute(
            text(
                "insert into opt_out_events (contact_id, action, source, at)"
                " values (1, 'out', 'keyword', '2026-01-02')"
            )
        )
    migrate.downgrade(url, "0002")
    with engine.connect() as conn:
        assert tuple(conn.execute(text(counts)).one()) == (1, 1)
        assert "phone_hash_key" not in {c["name"] for c in inspect(conn).get_columns("contacts")}
    migrate.upgrade(url)
    with engine.connect() as conn:
        assert tuple(conn.execute(text(counts)).one()) == (1, 1)
    engine.dispose()


def test_the_police_refusal_column_comes_and_goes_keeping_every_contact(engine):
    """On SQLite and PostgreSQL: an existing contact starts with no refusal, and undoing the
    column keeps the contact and its texts."""
    from sqlalchemy import text

    url = engine.url.render_as_string(hide_password=False)
    counts = "select (select count(*) from contacts), (select count(*) from messages)"
    with engine.begin() as conn:
        conn.execute(
            text(
                "insert into contacts (id, phone_hash, phone, language, created_at)"
                " values (1, 'h', 'x', 'en', '2026-01-01')"
            )
        )
        conn.execute(
            text(
                "insert into messages (contact_id, direction, status, purpose, channel,"
                " num_media, segments, attempts, created_at)"
                " values (1, 'in', 'received', 'inbound', 'twiml', 0, 1, 0, '2026-01-01')"
            )
        )
    try:
        migrate.downgrade(url, "0003")
        with engine.connect() as conn:
            columns = {c["name"] for c in inspect(conn).get_columns("contacts")}
            assert "refuses_police" not in columns
            assert tuple(conn.execute(text(counts)).one()) == (1, 1)
    finally:
        migrate.upgrade(url)
    with engine.connect() as conn:
        assert tuple(conn.execute(text(counts)).one()) == (1, 1)
        refused = conn.execute(text("select refuses_police from contacts")).scalar_one()
    assert refused in (False, 0)


def test_numbers_responders_left_behind_are_found_from_the_texts_sent_to_them(engine):
    """On SQLite and PostgreSQL: a number we texted first (only responders are, but for the
    "still trying" text to a person nobody reached by the deadline) that is on no roster row is
    marked as left by the team; a responder's number and a texter's are not, even one we sent
    that text; undoing the column keeps every contact and text."""
    from sqlalchemy import text

    url = engine.url.render_as_string(hide_password=False)
    migrate.downgrade(url, "0004")
    try:
        with engine.begin() as conn:
            # A responder, their old number, a texter, and a texter we texted first (nobody had
            # reached them by the deadline).
            for contact_id in (1, 2, 3, 4):
                conn.execute(
                    text(
                        "insert into contacts (id, phone_hash, phone, language, created_at)"
                        " values (:id, :hash, 'x', 'en', '2026-01-01')"
                    ),
                    {"id": contact_id, "hash": f"h{contact_id}"},
                )
            conn.execute(
                text(
                    "insert into responders (id, name, contact_id, roles, languages, towns,"
                    " active, available, created_at)"
                    " values (1, 'Avery', 1, '[]', '[]', '[]', true, true, '2026-01-01')"
                )
            )
            for contact_id, direction, channel, purpose in (
                (1, "out", "rest", "offer"),
                (2, "out", "rest", "offer"),
                (2, "in", "twiml", "inbound"),
                (3, "in", "twiml", "inbound"),
                (3, "out", "twiml", "reply"),
                (4, "in", "twiml", "inbound"),
                (4, "out", "rest", "still_trying"),
            ):
                conn.execute(
                    text(
                        "insert into messages (contact_id, direction, status, purpose, channel,"
                        " num_media, segments, attempts, created_at) values"
                        " (:contact_id, :direction, 'sent', :purpose, :channel, 0, 1, 0,"
                        " '2026-01-05 10:00:00+00:00')"
                    ),
                    {
                        "contact_id": contact_id,
                        "direction": direction,
                        "channel": channel,
                        "purpose": purpose,
                    },
                )
    finally:
        migrate.upgrade(url)
    with engine.connect() as conn:
        left = dict(conn.execute(text("select id, left_team_at from contacts")).all())
    assert left[1] is None and left[3] is None and left[4] is None
    assert left[2] is not None and str(left[2]).startswith("2026-01-05 10:00")
    migrate.downgrade(url, "0004")
    try:
        with engine.connect() as conn:
            columns = {c["name"] for c in inspect(conn).get_columns("contacts")}
            counts = "select (select count(*) from contacts), (select count(*) from messages)"
            assert "left_team_at" not in columns
            assert tuple(conn.execute(text(counts)).one()) == (4, 7)
    finally:
        migrate.upgrade(url)


def test_a_saved_policy_gets_the_built_in_pacing_and_keeps_its_steps_when_undone(engine):
    """On SQLite and PostgreSQL: a policy saved before the pacing columns slows down and
    sends its summary like the built-in one; undoing the columns keeps the policy."""
    from sqlalchemy import text

    url = engine.url.render_as_string(hide_password=False)
    steps = '[{"offer_to": "coordinator", "wait_minutes": 30}]'
    migrate.downgrade(url, "0005")
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "insert into escalation_policies (name, steps, repeat_minutes, is_default)"
                    " values ('nights', :steps, 45, true)"
                ),
                {"steps": steps},
            )
    finally:
        migrate.upgrade(url)
    pacing = "select slow_after_rounds, slow_repeat_minutes, summary_hour from escalation_policies"
    with engine.connect() as conn:
        assert tuple(conn.execute(text(pacing)).one()) == (3, 120, 8)
    migrate.downgrade(url, "0005")
    try:
        with engine.connect() as conn:
            columns = {c["name"] for c in inspect(conn).get_columns("escalation_policies")}
            assert "summary_hour" not in columns
            kept = "select name, repeat_minutes from escalation_policies"
            assert tuple(conn.execute(text(kept)).one()) == ("nights", 45)
    finally:
        migrate.upgrade(url)


def test_the_number_a_referral_gives_is_hashed_for_existing_cases(engine):
    """On SQLite and PostgreSQL: cases made before the column get the hash of the number their
    details give, so a partner's referral of a person's number is still found by it."""
    from sqlalchemy import select

    from models import Case
    from models.crypto import lookup_hash
    from models.session import make_sessionmaker
    from routing.intake import partner_cases_for

    url = engine.url.render_as_string(hide_password=False)
    sessions = make_sessionmaker(engine)
    phone = "+14135550177"
    with sessions.begin() as session:
        for n, details in enumerate((f'{{"phone": "{phone}"}}', '{"name": "Sam"}', None)):
            session.add(Case(code=f"MIG{n}", kind="partner", source="partner", details=details))
    migrate.downgrade(url, "0007")
    try:
        with engine.connect() as conn:
            columns = {c["name"] for c in inspect(conn).get_columns("cases")}
            assert "referred_phone_hash" not in columns
    finally:
        migrate.upgrade(url)
    with sessions() as session:
        hashes = dict(session.execute(select(Case.code, Case.referred_phone_hash)).all())
        assert hashes == {"MIG0": lookup_hash(phone), "MIG1": None, "MIG2": None}
        assert partner_cases_for(session, phone) == [
            session.scalar(select(Case.id).where(Case.code == "MIG0"))
        ]
