"""What the minute sweep's question "which of these send jobs still wait?" costs with a backlog.

``python -m bench.waiting_among --jobs 2000`` empties the Redis db it is given (the bench's own,
12, unless ``--redis-url`` or ``BENCH_REDIS_URL`` says otherwise), enqueues send jobs as
``routing.sending.enqueue_send`` does (most queued, a quarter scheduled as retries) and asks
``RQJobQueue.waiting_among`` about all of them and a few gone ones, in turn with the earlier
way of asking (every job fetched whole with ``Job.fetch_many``), kept here only to compare.
Prints the best and median milliseconds and the bytes Redis sent back for each.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable, Collection
from datetime import timedelta

import redis
from rq.job import Job, JobStatus
from rq.serializers import JSONSerializer

from routing.queues import RQJobQueue, rq_job_id

DEFAULT_REDIS = "redis://127.0.0.1:6379/12"
SEND = "routing.sending.send_message"
ROUNDS = 9


def fetch_whole(queue: RQJobQueue, job_ids: Collection[str]) -> set[str]:
    """The earlier ``waiting_among``: every job fetched whole to read its status."""
    ids = list(job_ids)
    jobs = Job.fetch_many(
        [rq_job_id(job_id) for job_id in ids],
        connection=queue.connection,
        serializer=JSONSerializer,
    )
    waiting = (JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.DEFERRED)
    return {
        job_id
        for job_id, job in zip(ids, jobs, strict=True)
        if job is not None and job.get_status(refresh=False) in waiting
    }


class CountingConnection(redis.connection.Connection):
    """Adds up the size of what Redis answers (as parsed), for bytes per question."""

    received = 0

    def read_response(self, *args, **kwargs):
        response = super().read_response(*args, **kwargs)
        CountingConnection.received += _size(response)
        return response


def _size(value: object) -> int:
    if isinstance(value, bytes | str):
        return len(value)
    if isinstance(value, dict):
        return sum(_size(key) + _size(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return sum(_size(item) for item in value)
    return 8


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2000)
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS))
    args = parser.parse_args(argv)

    pool = redis.ConnectionPool.from_url(args.redis_url, connection_class=CountingConnection)
    queue = RQJobQueue(connection=redis.Redis(connection_pool=pool))
    queue.connection.flushdb()
    asked = []
    for n in range(1, args.jobs + 1):
        job_id = f"send-message-{n}-0"
        if n % 4:
            queue.enqueue(SEND, n, "urgent", queue="urgent", job_id=job_id)
        else:
            queue.enqueue_in(timedelta(minutes=5), SEND, n, "urgent", queue="urgent", job_id=job_id)
        asked.append(job_id)
    asked += [f"send-message-{n}-sweep-202611250000" for n in range(1, args.jobs // 10 + 1)]

    ways: dict[str, Callable[[Collection[str]], set[str]]] = {
        "whole jobs (Job.fetch_many)": lambda ids: fetch_whole(queue, ids),
        "status only (waiting_among)": queue.waiting_among,
    }
    answers = {name: way(asked) for name, way in ways.items()}  # warm, and the same answer
    assert len(set(map(frozenset, answers.values()))) == 1, "the two ways disagree"
    assert len(answers["status only (waiting_among)"]) == args.jobs

    timings: dict[str, list[float]] = {name: [] for name in ways}
    received: dict[str, int] = {}
    for _ in range(ROUNDS):
        for name, way in ways.items():
            CountingConnection.received = 0
            start = time.perf_counter()
            way(asked)
            timings[name].append((time.perf_counter() - start) * 1000)
            received[name] = CountingConnection.received
    print(f"{len(asked)} ids asked ({args.jobs} waiting), {ROUNDS} rounds in turn:")
    for name, times in timings.items():
        print(
            f"  {name:28} best {min(times):6.1f} ms, median {statistics.median(times):6.1f} ms,"
            f" {received[name] / 1024:7.1f} KiB from Redis"
        )
    queue.connection.flushdb()
    pool.disconnect()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
