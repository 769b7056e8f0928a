"""The background worker: ``python worker.py``.

Runs RQ on the hotline's queues, urgent first, with RQ's scheduler (delayed jobs and retries)
inside the app, and keeps the once-a-minute sweep armed: each sweep arms the next inside Redis,
and the worker re-arms it from its own process about once a minute, so a Redis that lost its
data while the worker kept running gets the sweep (and through it every timer) back. Needs
REDIS_URL.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from redis.exceptions import RedisError
from rq import SimpleWorker
from rq.serializers import JSONSerializer

from models.base import utcnow
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

    Every worker (and every redeploy) arms the sweep at start-up and again about once a minute,
    and each sweep arms the next one; they all compute the same id for the same minute, and the
    queue drops an id that is already waiting, so there is only ever one sweep per minute
    however many workers run.
    """
    when = next_sweep_at(now)
    # By path: when started as a script this module is __main__, which RQ cannot import.
    queue.enqueue_at(
        when, "worker.run_sweep", queue="default", job_id=f"{SWEEP_JOB_PREFIX}{when:%Y%m%dT%H%M}"
    )


def keep_armed(queue: JobQueue, now: datetime) -> None:
    """Arm the next sweep and the next retention run; both ids are fixed, so this is a no-op
    while they are still waiting."""
    from hotline.retention import schedule_retention

    schedule_sweep(queue, now)
    schedule_retention(queue, now)


def arm_sweeps(queue: JobQueue, now: datetime) -> None:
    """At start-up: sweep now (cases that arrived while Redis or the worker was down wait no
    longer than it takes to start), arm the once-a-minute sweep and the daily retention run."""
    queue.enqueue(
        "worker.run_sweep", queue="default", job_id=f"{SWEEP_JOB_PREFIX}start-{now:%Y%m%dT%H%M}"
    )
    keep_armed(queue, now)


class HotlineWorker(SimpleWorker):
    """RQ's SimpleWorker that re-arms the sweep at each of RQ's maintenance passes, about once
    a minute.

    The sweep chain otherwise lives only in Redis: if Redis restarts empty, fails over or
    evicts keys while this process keeps running (RQ reconnects; it does not exit), the chain
    and every timer are gone until the next redeploy. Re-arming from here needs nothing Redis
    remembers.
    """

    def __init__(
        self,
        *args: Any,
        job_queue: JobQueue | None = None,
        clock: Callable[[], datetime] = utcnow,
        **kwargs: Any,
    ) -> None:
        every = int(SWEEP_EVERY.total_seconds())
        kwargs.setdefault("maintenance_interval", every)
        # RQ runs maintenance between waits for a job, and waits up to worker_ttl - 15 s:
        # wake up at least as often as the sweep is due.
        kwargs.setdefault("worker_ttl", every + 15)
        super().__init__(*args, **kwargs)
        self.job_queue = job_queue or RQJobQueue(connection=self.connection)
        self.clock = clock

    def run_maintenance_tasks(self) -> None:
        try:
            keep_armed(self.job_queue, self.clock())
        except RedisError:
            # Redis is away: RQ's own loop waits for it; try again at the next pass.
            log.warning("could not re-arm the sweep; trying again at the next maintenance pass")
        super().run_maintenance_tasks()


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
        worker = HotlineWorker(
            [queue.queue(name) for name in QUEUES],
            connection=queue.connection,
            serializer=JSONSerializer,
            job_queue=queue,
            clock=runtime.current().clock,
        )
        log.info("worker starting on queues %s", ", ".join(QUEUES))
        worker.work(with_scheduler=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
