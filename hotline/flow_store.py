"""Flow scripts in the database: installing the shipped ones, and loading pinned versions.

Versions never change once saved, so parsed scripts are cached by their body's digest.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from flows.engine import pinned_versions
from flows.script import SHIPPED_FLOW_IDS, Flow, load_flow, shipped_flow_text
from models import FlowScript, FlowVersion
from models.flows import body_digest


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


# Parsed scripts by (flow_id, version, digest of the body): a text reads only the digests.
_by_digest: dict[tuple[str, int, str], Flow] = {}
_BY_DIGEST_LIMIT = 256


def _parse(flow_id: str, version: int, body: str) -> Flow:
    """The parsed script, from the cache when this very text was parsed before."""
    key = (flow_id, version, body_digest(body))
    flow = _by_digest.get(key)
    if flow is None:
        flow = load_flow(body, version=version)
        if len(_by_digest) >= _BY_DIGEST_LIMIT:
            _by_digest.clear()
        _by_digest[key] = flow
    return flow


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


Version = tuple[str, int]


def _version_filter(versions: set[Version]) -> Any:
    return or_(
        *(
            and_(FlowVersion.flow_id == flow_id, FlowVersion.version == version)
            for flow_id, version in versions
        )
    )


_PUBLISHED_DIGESTS = (
    select(FlowScript.flow_id, FlowScript.published_version, FlowVersion.digest)
    .outerjoin(
        FlowVersion,
        and_(
            FlowVersion.flow_id == FlowScript.flow_id,
            FlowVersion.version == FlowScript.published_version,
        ),
    )
    .where(FlowScript.published_version.is_not(None))
)


def _published_digests(session: Session) -> dict[Version, str | None]:
    rows = session.execute(_PUBLISHED_DIGESTS)
    return {(flow_id, version): digest for flow_id, version, digest in rows}


def _parsed_versions(session: Session, digests: dict[Version, str | None]) -> dict[Version, Flow]:
    """Each version's parsed script: from the cache by digest, else its body in one query."""
    found: dict[Version, Flow] = {}
    for (flow_id, version), digest in digests.items():
        cached = _by_digest.get((flow_id, version, digest)) if digest else None
        if cached is not None:
            found[(flow_id, version)] = cached
    missing = set(digests) - set(found)
    if missing:
        rows = session.execute(
            select(FlowVersion.flow_id, FlowVersion.version, FlowVersion.body).where(
                _version_filter(missing)
            )
        )
        for flow_id, version, body in rows:
            found[(flow_id, version)] = _parse(flow_id, version, body)
    for flow_id, version in missing - set(found):
        raise LookupError(f"flow {flow_id} has no version {version}")
    return found


def conversation_flows(
    session: Session, state: Mapping[str, Any] | None
) -> tuple[dict[str, Flow], dict[str, Flow]]:
    """The flows a conversation runs on (its pinned versions, else the published ones), and
    the published ones it runs on if it starts over.

    Every text needs all of them. Versions never change once saved, so a text reads only the
    published versions' digests, in one query, and scripts come parsed from a cache; a
    conversation pinned to an older version costs one more query for that version's digest.
    """
    digests = _published_digests(session)
    published = dict(digests.keys())  # flow_id -> version
    running = {**published, **pinned_versions(state)}
    older = set(running.items()) - set(digests)
    if older:
        rows = session.execute(
            select(FlowVersion.flow_id, FlowVersion.version, FlowVersion.digest).where(
                _version_filter(older)
            )
        )
        digests.update({(flow_id, version): digest for flow_id, version, digest in rows})
        digests.update({key: None for key in older if key not in digests})
    flows = _parsed_versions(session, digests)
    return (
        {fid: flows[(fid, v)] for fid, v in running.items()},
        {fid: flows[(fid, v)] for fid, v in published.items()},
    )
