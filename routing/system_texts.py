"""The system flow's texts that routing sends outside any conversation (the overdose steps
to a responder who reports one now, "still trying" to a person nobody reached): the
published version's words, as the texter gets them, so an admin's edits show everywhere at
once; the shipped ones when nothing is published (or a published version went missing)."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from flows.engine import SYSTEM_FLOW, system_text
from flows.script import shipped_flows

if TYPE_CHECKING:
    from hotline.config import Settings


def published_system_texts(
    session: Session, names: Sequence[str], settings: Settings, now: datetime, language: str = "en"
) -> list[str]:
    """The system flow's texts ``names``, filled in, from its published version, else the
    shipped one."""
    from hotline.flow_store import flows_for
    from hotline.inbound import engine_settings

    flows = {SYSTEM_FLOW: shipped_flows()[SYSTEM_FLOW]}
    # A published version gone missing: the shipped words still serve.
    with contextlib.suppress(LookupError):
        flows.update(flows_for(session, None))
    filled = engine_settings(settings)
    return [system_text(flows, name, language, filled, now) for name in names]
