"""gunicorn's settings file, read from the working directory by the Procfile's web process."""

from __future__ import annotations

from typing import Any


def post_worker_init(worker: Any) -> None:
    """Each web worker fills its caches before it takes a request (``hotline.warmup``)."""
    from hotline.warmup import warm_up

    warm_up(worker.wsgi)
