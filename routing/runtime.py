"""What jobs need to run: settings, a session factory, the job queue, the SMS gateway, a clock.

Installed once by ``create_app`` (web and worker alike); jobs call ``current()``. Tests install
their own. Keeping this explicit lets jobs stay plain functions that take ids.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session, sessionmaker

from models.base import utcnow

if TYPE_CHECKING:
    from hotline.config import Settings
    from routing.gateway import SmsGateway
    from routing.queues import JobQueue


@dataclass
class Runtime:
    settings: Settings
    sessions: sessionmaker[Session]
    queue: JobQueue
    gateway: SmsGateway
    clock: Callable[[], datetime] = field(default=utcnow)


class _Holder:
    runtime: Runtime | None = None


_holder = _Holder()


def install(runtime: Runtime) -> Runtime:
    _holder.runtime = runtime
    return runtime


def current() -> Runtime:
    if _holder.runtime is None:
        raise RuntimeError("the hotline runtime is not installed: create the app first")
    return _holder.runtime
