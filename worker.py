"""The background worker: ``python worker.py``.

Runs RQ on the hotline's queues, urgent first, with RQ's scheduler (delayed jobs and retries)
inside the app, and keeps the once-a-minute sweep armed. Needs REDIS_URL.
"""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime, timedelta

from rq import SimpleWorker
from rq.serializers import JSONSerializer

from routing.queues import QUEUES, JobQueue, RQJobQueue

log = logging.getLogger("hotline.worker")

SWEEP_EVERY = timedelta(minutes=1)
SWEEP_JOB_PREFIX = "hotline-sweep-"


def next_sweep_at(now: datetime) -> datetime:
    """The next whole minute after ``now``: every process computes the same moment."""
    minute = now.astimezone(UTC).replace(second=0, microsecond=0)
    return minute + SWEEP_EVERY


def schedule_sweep(queue: JobQueue, now: datetime) -> None:
    """Arm the next sweep under a job id fixed by its minute.

    Every worker (and every redeploy) arms the sweep at start-up, and each sweep arms the next
    one; they all compute the same id for the same minute, and the queue drops an id that is
    already waiting, so there is only ever one sweep per minute however many workers run.
    """
    when = next_sweep_at(now)
    # By path: when started as a script this module is __main__, which RQ cannot import.
    queue.enqueue_at(
        when, "worker.run_sweep", queue="default", job_id=f"{SWEEP_JOB_PREFIX}{when:%Y%m%dT%H%M}"
    )


def arm_sweeps(queue: JobQueue, now: datetime) -> None:
    """At start-up: sweep now (cases that arrived while Redis or the worker was down wait no
    longer than it takes to start), arm the once-a-minute sweep and the daily retention run."""
    from hotline.retention import schedule_retention

    queue.enqueue(
        "worker.run_sweep", queue="default", job_id=f"{SWEEP_JOB_PREFIX}start-{now:%Y%m%dT%H%M}"
    )
    schedule_sweep(queue, now)
    schedule_retention(queue, now)


def run_sweep() -> None:
    """The periodic job: arm the next sweep first (so a failing sweep still recurs), then sweep."""
    from routing import runtime
    from routing.sweep import sweep

    rt = runtime.current()
    now = rt.clock()
    schedule_sweep(rt.queue, now)
    sweep(now)


def main() -> int:
    """Start the worker inside the app; refuse to start without Redis."""
    from hotline import create_app
    from hotline.config import ConfigError, load_settings
    from routing import runtime

    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"worker: {exc}", file=sys.stderr)
        return 2
    if not settings.redis_url:
        print(
            "worker: REDIS_URL is not set. The worker needs Redis; without it the web process "
            "runs jobs itself and no worker is needed.",
            file=sys.stderr,
        )
        return 2
    app = create_app(settings)
    with app.app_context():
        queue = runtime.current().queue
        assert isinstance(queue, RQJobQueue)
        # RQ forks its scheduler process: it must not share the pool's sockets.
        app.extensions["hotline.engine"].dispose()
        arm_sweeps(queue, runtime.current().clock())
        # Jobs run in this process, not in a work horse forked for each one: a fork per job
        # cost a fresh database connection, Redis connection, rate-limiter script and HTTP
        # connection to Twilio every time, and the workers could not keep up with the sending
        # cap. Jobs are short and safe to run twice; a crash loses only the job in hand.
        worker = SimpleWorker(
            [queue.queue(name) for name in QUEUES],
            connection=queue.connection,
            serializer=JSONSerializer,
        )
        log.info("worker starting on queues %s", ", ".join(QUEUES))
        worker.work(with_scheduler=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
