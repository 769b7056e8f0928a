"""The job queue: RQ on Redis in production, in-process without Redis.

Jobs are plain module-level functions that take ids (JSON-serialisable arguments only) and are
safe to run twice. Callers enqueue from ``after_commit`` so a job never looks for a row that is
not committed yet.

``job_id`` de-duplicates: while a job with that id is waiting (queued or scheduled), running,
or kept as failed for inspection, enqueueing the same id again does nothing. A job that wants
to follow itself up must therefore use a new id (a counter or token in it), never its own.
(RQ ids allow only letters, digits, ``_`` and ``-``; other characters become ``_``.)
"""

from __future__ import annotations

import importlib
import logging
import re
import threading
from collections.abc import Callable, Collection
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, Retry
from rq.exceptions import DuplicateJobError
from rq.job import Job, JobStatus
from rq.serializers import JSONSerializer
from rq.utils import as_text

if TYPE_CHECKING:
    from hotline.config import Settings

log = logging.getLogger(__name__)

# Priority order: a worker always takes urgent work first.
# urgent: texter replies, offers, claim confirmations; default: routing and escalation;
# bulk: anything that can wait (reminders to many, retention).
QUEUES = ("urgent", "default", "bulk")

# A job that raises unexpectedly (database restarting, a bug) is tried again a few times;
# every job is safe to run twice, and the sweep catches what these retries miss.
DEFAULT_RETRY = Retry(max=3, interval=[10, 60, 300])
JOB_TIMEOUT = 300
# Results are never read; failed jobs are kept a week so someone can look at them.
RESULT_TTL = 0
FAILURE_TTL = 7 * 24 * 3600
# Twilio waits 15 s for a webhook's answer, and enqueueing runs inside the request: a Redis
# that hangs must cost seconds, not minutes. (RQ's worker lengthens the read timeout of its
# own connection for its blocking waits.)
REDIS_CONNECT_TIMEOUT = 1.0
REDIS_SOCKET_TIMEOUT = 1.0
# How long shutting down the in-process queue waits for a running job (a send, an escalation
# step: each one short transaction and at most one call to Twilio).
SHUTDOWN_TIMEOUT = 10.0


# A job: the function itself, or its dotted path (for a job defined in a script's __main__).
JobFunc = Callable[..., Any] | str


def resolve(func: JobFunc) -> Callable[..., Any]:
    """The function for a job given by dotted path or by reference."""
    if not isinstance(func, str):
        return func
    module, _, name = func.rpartition(".")
    return getattr(importlib.import_module(module), name)


class JobQueue(Protocol):
    def enqueue(
        self,
        func: JobFunc,
        *args: Any,
        queue: str = "default",
        job_id: str | None = None,
    ) -> None: ...

    def enqueue_in(
        self,
        delay: timedelta,
        func: JobFunc,
        *args: Any,
        queue: str = "default",
        job_id: str | None = None,
    ) -> None: ...

    def enqueue_at(
        self,
        when: datetime,
        func: JobFunc,
        *args: Any,
        queue: str = "default",
        job_id: str | None = None,
    ) -> None: ...

    def waiting(self, job_id: str) -> bool:
        """True while the job with this id is queued or scheduled, not yet started."""
        ...

    def waiting_among(self, job_ids: Collection[str]) -> set[str]:
        """Those of ``job_ids`` still waiting, asked all at once (the sweep asks of many)."""
        ...

    def restart(self, func: JobFunc, *args: Any, queue: str = "default", job_id: str) -> None:
        """Enqueue under ``job_id`` even if a job of that id has ended (failed after its
        retries, say); while one waits or runs, nothing. For the sweep's restarts of jobs
        that are safe to run twice."""
        ...

    def shutdown(self, timeout: float = ...) -> bool:
        """Stop running jobs in this process; True when none is still running."""
        ...


def function_path(func: JobFunc) -> str:
    """The dotted path RQ imports the job by; refuses what cannot be imported by name."""
    if isinstance(func, str):
        return func
    module, name = func.__module__, func.__qualname__
    if module == "__main__" or "<" in name or "." in name:
        raise ValueError(f"jobs must be module-level functions, not {module}.{name}")
    return f"{module}.{name}"


def rq_job_id(job_id: str) -> str:
    """RQ allows only letters, digits, ``_`` and ``-`` in ids: anything else becomes ``_``."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", job_id)


def _check_queue(name: str) -> None:
    if name not in QUEUES:
        raise ValueError(f"unknown queue {name!r}; use one of {', '.join(QUEUES)}")


def _aware(when: datetime) -> datetime:
    if when.tzinfo is None:
        raise ValueError("enqueue_at needs an aware datetime")
    return when.astimezone(UTC)


# Statuses of a job that will not run again. RQ keeps such a job for days, and while it is
# kept its id refuses a new job.
_ENDED = frozenset(
    status.value
    for status in (JobStatus.FINISHED, JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED)
)
# Statuses of a job still to run: queued, scheduled (a delay or a retry's wait), or deferred
# behind another job. Read straight from the job's hash, so plain strings.
_WAITING = frozenset(
    status.value for status in (JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.DEFERRED)
)


class RQJobQueue:
    """RQ on Redis, JSON-serialised, delays handled by the scheduler inside ``worker.py``."""

    def __init__(self, redis_url: str | None = None, *, connection: Redis | None = None) -> None:
        if connection is None:
            if not redis_url:
                raise ValueError("RQJobQueue needs a Redis URL or connection")
            connection = Redis.from_url(
                redis_url,
                socket_connect_timeout=REDIS_CONNECT_TIMEOUT,
                socket_timeout=REDIS_SOCKET_TIMEOUT,
            )
        self.connection = connection
        self.queues = {
            name: Queue(name, connection=connection, serializer=JSONSerializer) for name in QUEUES
        }

    def queue(self, name: str) -> Queue:
        _check_queue(name)
        return self.queues[name]

    def _options(self, job_id: str | None) -> dict[str, Any]:
        options: dict[str, Any] = {
            "retry": DEFAULT_RETRY,
            "job_timeout": JOB_TIMEOUT,
            "result_ttl": RESULT_TTL,
            "failure_ttl": FAILURE_TTL,
        }
        if job_id:
            options.update(job_id=rq_job_id(job_id), unique=True)
        return options

    def enqueue(
        self,
        func: JobFunc,
        *args: Any,
        queue: str = "default",
        job_id: str | None = None,
    ) -> None:
        try:
            self.queue(queue).enqueue(function_path(func), *args, **self._options(job_id))
        except DuplicateJobError:
            log.debug("job %s is already waiting; not enqueued again", job_id)

    def enqueue_at(
        self,
        when: datetime,
        func: JobFunc,
        *args: Any,
        queue: str = "default",
        job_id: str | None = None,
    ) -> None:
        try:
            self.queue(queue).enqueue_at(
                _aware(when), function_path(func), *args, **self._options(job_id)
            )
        except DuplicateJobError:
            log.debug("job %s is already scheduled; not scheduled again", job_id)

    def enqueue_in(
        self,
        delay: timedelta,
        func: JobFunc,
        *args: Any,
        queue: str = "default",
        job_id: str | None = None,
    ) -> None:
        self.enqueue_at(datetime.now(UTC) + delay, func, *args, queue=queue, job_id=job_id)

    def waiting(self, job_id: str) -> bool:
        return job_id in self.waiting_among((job_id,))

    def waiting_among(self, job_ids: Collection[str]) -> set[str]:
        """One pipelined round trip to Redis, however many ids, asking only each job's status
        field: a backlog of thousands of texts costs the minute sweep one short question, not
        every job whole. (A job that is gone has no status: not waiting.)"""
        ids = list(job_ids)
        if not ids:
            return set()
        try:
            # No MULTI: each answer stands alone, and a status may change the moment it is read.
            with self.connection.pipeline(transaction=False) as pipeline:
                for job_id in ids:
                    pipeline.hget(Job.key_for(rq_job_id(job_id)), "status")
                statuses = pipeline.execute()
        except RedisError:
            log.warning("could not ask Redis whether %s jobs are waiting", len(ids))
            return set()
        return {
            job_id
            for job_id, status in zip(ids, statuses, strict=True)
            if status is not None and as_text(status) in _WAITING
        }

    def restart(self, func: JobFunc, *args: Any, queue: str = "default", job_id: str) -> None:
        key = rq_job_id(job_id)
        status = self.connection.hget(Job.key_for(key), "status")
        if status is not None and as_text(status) in _ENDED:
            Job(key, connection=self.connection).delete()
        self.enqueue(func, *args, queue=queue, job_id=job_id)

    def shutdown(self, timeout: float = SHUTDOWN_TIMEOUT) -> bool:
        """Nothing to stop: jobs wait in Redis for the worker, whatever becomes of this process."""
        return True


class InlineJobQueue:
    """Runs jobs in-process (no Redis): now in the calling thread, later on a daemon timer.

    A job's exception is logged, never raised into the caller: the caller has committed and
    the sweep (or the next event) picks up whatever the job did not finish. Timers die with the
    process; that is the embedded mode's trade-off. ``shutdown`` ends the queue cleanly: no
    timer fires after it, and a job already running is given a few seconds to finish.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        # Notified whenever a job ends, for ``shutdown`` to wait on.
        self._idle = threading.Condition(self._lock)
        self._pending: set[str] = set()
        self._timers: set[threading.Timer] = set()
        # Threads running a job now, with how many jobs deep (a job may enqueue another).
        self._running: dict[int, int] = {}
        self._closed = False

    def _claim(self, job_id: str | None, func: JobFunc) -> bool:
        with self._lock:
            if self._closed:
                log.warning("queue is shut down; job %s not run", job_id or _job_name(func))
                return False
            if job_id is None:
                return True
            if job_id in self._pending:
                log.debug("job %s is already waiting; not enqueued again", job_id)
                return False
            self._pending.add(job_id)
            return True

    def _run(self, func: JobFunc, args: tuple[Any, ...], job_id: str | None) -> None:
        me = threading.get_ident()
        with self._lock:
            self._running[me] = self._running.get(me, 0) + 1
        try:
            resolve(func)(*args)
        except Exception:
            log.exception("job %s failed", job_id or _job_name(func))
        finally:
            with self._lock:
                if job_id is not None:
                    self._pending.discard(job_id)
                self._running[me] -= 1
                if not self._running[me]:
                    del self._running[me]
                self._idle.notify_all()

    def _fire(
        self,
        timer_box: list[threading.Timer],
        func: JobFunc,
        args: tuple[Any, ...],
        job_id: str | None,
    ) -> None:
        with self._lock:
            self._timers.discard(timer_box[0])
            if self._closed:
                # Cancelled at the very moment it fired.
                return
        self._run(func, args, job_id)

    def enqueue(
        self,
        func: JobFunc,
        *args: Any,
        queue: str = "default",
        job_id: str | None = None,
    ) -> None:
        _check_queue(queue)
        if self._claim(job_id, func):
            self._run(func, args, job_id)

    def enqueue_in(
        self,
        delay: timedelta,
        func: JobFunc,
        *args: Any,
        queue: str = "default",
        job_id: str | None = None,
    ) -> None:
        _check_queue(queue)
        if not self._claim(job_id, func):
            return
        box: list[threading.Timer] = []
        timer = threading.Timer(
            max(0.0, delay.total_seconds()), self._fire, args=(box, func, args, job_id)
        )
        timer.daemon = True
        box.append(timer)
        with self._lock:
            self._timers.add(timer)
        timer.start()

    def enqueue_at(
        self,
        when: datetime,
        func: JobFunc,
        *args: Any,
        queue: str = "default",
        job_id: str | None = None,
    ) -> None:
        delay = _aware(when) - datetime.now(UTC)
        self.enqueue_in(delay, func, *args, queue=queue, job_id=job_id)

    def waiting(self, job_id: str) -> bool:
        with self._lock:
            return job_id in self._pending

    def waiting_among(self, job_ids: Collection[str]) -> set[str]:
        with self._lock:
            return set(job_ids) & self._pending

    def restart(self, func: JobFunc, *args: Any, queue: str = "default", job_id: str) -> None:
        # An ended job leaves no trace here: its id is free again.
        self.enqueue(func, *args, queue=queue, job_id=job_id)

    def cancel_all(self) -> None:
        """Stop every pending timer; the queue still takes new jobs."""
        with self._lock:
            timers = list(self._timers)
            self._timers.clear()
            self._pending.clear()
        for timer in timers:
            timer.cancel()

    def shutdown(self, timeout: float = SHUTDOWN_TIMEOUT) -> bool:
        """Take no more jobs, cancel every pending timer and wait up to ``timeout`` seconds for
        jobs running in other threads to finish. True when none is still running.

        Safe to call twice, and from inside a job (that job is not waited for).
        """
        with self._lock:
            self._closed = True
        self.cancel_all()
        me = threading.get_ident()
        with self._idle:
            finished = self._idle.wait_for(
                lambda: not (self._running.keys() - {me}), timeout=timeout
            )
        if not finished:
            log.warning("queue shut down with a job still running after %.0f s", timeout)
        return finished


def _job_name(func: JobFunc) -> str:
    return func if isinstance(func, str) else getattr(func, "__name__", repr(func))


def make_queue(settings: Settings) -> JobQueue:
    """RQ when REDIS_URL is set, else in-process."""
    if settings.redis_url:
        return RQJobQueue(settings.redis_url)
    return InlineJobQueue()
