"""Load what a fresh web worker's first texts would otherwise wait for, before it serves.

The first text a worker handled parsed the flow scripts, loaded towns and sites, the ZIP
coordinates and the phone-number metadata: 150 to 180 ms more than the next text. gunicorn
calls ``warm_up`` once in each worker (``gunicorn.conf.py``). Nothing here is needed: if the
database is not there yet, the worker serves anyway and the caches fill on first use.
"""

from __future__ import annotations

import logging
import time

from flask import Flask

from flows.zip_data import state_towns, zip_point
from hotline.flow_store import conversation_flows
from hotline.phones import normalize_phone

log = logging.getLogger(__name__)


def warm_up(app: Flask) -> bool:
    """Fill the caches a text needs; True when all of them are filled."""
    service = app.extensions.get("hotline.inbound")
    if service is None:
        return False  # not the hotline's app
    started = time.perf_counter()
    zip_point("01060")
    state_towns("MA")
    normalize_phone("+14135550100")
    try:
        with app.app_context(), service.sessions() as session:
            conversation_flows(session, None)
            service.directory.get(session)
    except Exception:
        log.warning("warming up from the database failed; caches fill on first use", exc_info=True)
        return False
    log.info("warmed up in %.0f ms", (time.perf_counter() - started) * 1000)
    return True
