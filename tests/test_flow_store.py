"""Flow scripts come parsed from a cache keyed by their body's digest, never a stale one."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import event, update

from hotline import flow_editing as fe
from hotline.flow_store import conversation_flows
from models import FlowScript, FlowVersion
from tests.test_flow_editing import OLD_WORDS


class Statements:
    def __init__(self, engine) -> None:
        self.seen: list[str] = []
        self.engine = engine

    def __enter__(self) -> Statements:
        event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._record)

    def _record(self, _conn, _cursor, statement, *_rest) -> None:
        self.seen.append(statement)


def menu_words(flows) -> str:
    return str(flows["menu"].states)


def test_every_version_has_the_digest_of_its_body(installed):
    for version in installed.query(FlowVersion):
        assert version.digest == hashlib.sha256(version.body.encode()).hexdigest()


def test_a_text_reads_digests_only_once_the_scripts_are_parsed(installed, engine):
    conversation_flows(installed, None)
    with Statements(engine) as statements:
        running, published = conversation_flows(installed, None)
    assert len(statements.seen) == 1
    assert "body" not in statements.seen[0]
    assert (
        set(running) == set(published) == {"menu", "self_referral", "family", "naloxone", "system"}
    )


def test_a_changed_body_under_the_same_version_is_parsed_again(installed):
    """Another database can hold different words under the same flow and version number."""
    before, _ = conversation_flows(installed, None)
    assert OLD_WORDS in menu_words(before)
    menu = installed.query(FlowVersion).filter_by(flow_id="menu", version=1).one()
    menu.body = menu.body.replace(OLD_WORDS, "Other words in another database.")
    installed.commit()
    after, _ = conversation_flows(installed, None)
    assert "Other words in another database." in menu_words(after)
    assert OLD_WORDS not in menu_words(after)


def test_a_pinned_conversation_runs_its_version_and_starts_over_on_the_published(installed):
    body = fe.get_version(installed, "menu", 1).body.replace(OLD_WORDS, "Version two words.")
    draft = fe.save_draft(installed, "menu", body, 1, "admin@example.org")
    fe.publish(installed, "menu", draft.version, "admin@example.org")
    installed.commit()
    state = {"pins": {"menu": 1}}
    running, published = conversation_flows(installed, state)
    assert running["menu"].version == 1 and OLD_WORDS in menu_words(running)
    assert published["menu"].version == 2 and "Version two words." in menu_words(published)


def test_a_missing_version_is_a_lookup_error(installed):
    with pytest.raises(LookupError, match="menu has no version 7"):
        conversation_flows(installed, {"pins": {"menu": 7}})
    installed.execute(
        update(FlowScript).where(FlowScript.flow_id == "menu").values(published_version=9)
    )
    with pytest.raises(LookupError, match="menu has no version 9"):
        conversation_flows(installed, None)
