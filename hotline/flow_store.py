"""Flow scripts in the database: installing the shipped ones, and loading pinned versions.

Versions never change once saved, so parsed scripts are cached by (flow_id, version).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from flows.engine import pinned_versions
from flows.script import SHIPPED_FLOW_IDS, Flow, load_flow, shipped_flow_text
from models import FlowScript, FlowVersion


def install_shipped_flows(session: Session, now: datetime) -> list[str]:
    """Publish version 1 of each shipped flow that the database does not have yet."""
    installed = []
    for flow_id in SHIPPED_FLOW_IDS:
        if session.get(FlowScript, flow_id) is not None:
            continue
        body = shipped_flow_text(flow_id)
        flow = load_flow(body, version=1)
        session.add(FlowScript(flow_id=flow_id, title=flow.title, published_version=1))
        session.flush()
        session.add(
            FlowVersion(
                flow_id=flow_id,
                version=1,
                body=body,
                status="published",
                author="setup",
                note="shipped script",
                created_at=now,
                published_at=now,
            )
        )
        installed.append(flow_id)
    session.flush()
    return installed


@functools.lru_cache(maxsize=256)
def _parse(flow_id: str, version: int, body: str) -> Flow:
    return load_flow(body, version=version)


def load_version(session: Session, flow_id: str, version: int) -> Flow:
    body = session.scalar(
        select(FlowVersion.body).where(
            FlowVersion.flow_id == flow_id, FlowVersion.version == version
        )
    )
    if body is None:
        raise LookupError(f"flow {flow_id} has no version {version}")
    return _parse(flow_id, version, body)


def published_versions(session: Session) -> dict[str, int]:
    rows = session.execute(
        select(FlowScript.flow_id, FlowScript.published_version).where(
            FlowScript.published_version.is_not(None)
        )
    )
    return {flow_id: version for flow_id, version in rows}


def flows_for(session: Session, state: Mapping[str, Any] | None) -> dict[str, Flow]:
    """The flows a conversation runs on: its pinned versions, else the published ones."""
    return conversation_flows(session, state)[0]


def conversation_flows(
    session: Session, state: Mapping[str, Any] | None
) -> tuple[dict[str, Flow], dict[str, Flow]]:
    """The flows a conversation runs on (its pinned versions, else the published ones), and
    the published ones it runs on if it starts over.

    Every text needs all of them: their scripts come in one query, not one query each.
    """
    published = published_versions(session)
    running = {**published, **pinned_versions(state)}
    wanted = set(published.items()) | set(running.items())
    if not wanted:
        return {}, {}
    rows = session.execute(
        select(FlowVersion.flow_id, FlowVersion.version, FlowVersion.body).where(
            or_(
                *(
                    and_(FlowVersion.flow_id == flow_id, FlowVersion.version == version)
                    for flow_id, version in wanted
                )
            )
        )
    )
    bodies = {(flow_id, version): body for flow_id, version, body in rows}
    for flow_id, version in wanted:
        if (flow_id, version) not in bodies:
            raise LookupError(f"flow {flow_id} has no version {version}")

    def parsed(versions: dict[str, int]) -> dict[str, Flow]:
        return {fid: _parse(fid, v, bodies[(fid, v)]) for fid, v in versions.items()}

    return parsed(running), parsed(published)
