"""Job queues: RQ on the real Redis (run by SimpleWorker), and the in-process queue."""

from __future__ import annotations

import json
import logging
import secrets
import threading
import zlib
from datetime import UTC, datetime, timedelta

import pytest
import redis
from rq.registry import FailedJobRegistry, ScheduledJobRegistry

from routing.queues import QUEUES, InlineJobQueue, RQJobQueue, function_path, make_queue
from tests.conftest import REDIS_URL, make_settings
from tests.rq_support import BurstWorker

LOG_KEY = "test:jobs-ran"


def record(label: str, number: int) -> None:
    """A job: append what it was given to a Redis list."""
    conn = redis.Redis.from_url(REDIS_URL)
    conn.rpush(LOG_KEY, json.dumps([label, number]))
    conn.close()


def explode(label: str) -> None:
    raise RuntimeError(f"job {label} failed on purpose")


def ran(conn: redis.Redis) -> list[list]:
    return [json.loads(item) for item in conn.lrange(LOG_KEY, 0, -1)]


def work(queue: RQJobQueue, *, with_scheduler: bool = False) -> None:
    worker = BurstWorker(
        [queue.queue(name) for name in QUEUES],
        connection=queue.connection,
        serializer=queue.queue("default").serializer,
    )
    worker.work(burst=True, with_scheduler=with_scheduler)


@pytest.fixture
def rq_queue(redis_conn):
    return RQJobQueue(connection=redis_conn)


def test_rq_runs_jobs_urgent_first(rq_queue, redis_conn):
    rq_queue.enqueue(record, "bulk", 1, queue="bulk")
    rq_queue.enqueue(record, "default", 2)
    rq_queue.enqueue(record, "urgent", 3, queue="urgent")
    work(rq_queue)
    assert ran(redis_conn) == [["urgent", 3], ["default", 2], ["bulk", 1]]


def test_rq_jobs_are_json_by_dotted_path(rq_queue, redis_conn):
    rq_queue.enqueue(record, "x", 1, job_id="look-at-me")
    job = rq_queue.queue("default").fetch_job("look-at-me")
    assert job is not None
    assert job.func_name.endswith("test_queues.record")
    raw = redis_conn.hget(job.key, "data")
    assert json.loads(zlib.decompress(raw))  # JSONSerializer, not pickle


def test_rq_refuses_what_it_could_not_import(rq_queue):
    with pytest.raises(ValueError, match="module-level"):
        rq_queue.enqueue(lambda: None)


def test_rq_drops_a_second_enqueue_with_the_same_job_id(rq_queue, redis_conn):
    rq_queue.enqueue(record, "once", 1, job_id="same")
    rq_queue.enqueue(record, "twice", 2, job_id="same")
    work(rq_queue)
    assert ran(redis_conn) == [["once", 1]]
    # Once it has run, the id is free again.
    rq_queue.enqueue(record, "again", 3, job_id="same")
    work(rq_queue)
    assert ran(redis_conn) == [["once", 1], ["again", 3]]


def test_rq_delays_go_to_the_scheduler_and_run_when_due(rq_queue, redis_conn):
    rq_queue.enqueue_in(timedelta(hours=1), record, "later", 1, queue="urgent")
    rq_queue.enqueue_at(datetime.now(UTC) - timedelta(seconds=1), record, "due", 2)
    assert len(ScheduledJobRegistry(queue=rq_queue.queue("urgent"))) == 1
    work(rq_queue, with_scheduler=True)
    assert ran(redis_conn) == [["due", 2]]
    assert len(ScheduledJobRegistry(queue=rq_queue.queue("urgent"))) == 1


def test_rq_scheduled_job_ids_are_unique_too(rq_queue):
    when = datetime.now(UTC) + timedelta(minutes=5)
    rq_queue.enqueue_at(when, record, "a", 1, job_id="timer")
    rq_queue.enqueue_at(when, record, "b", 2, job_id="timer")
    assert ScheduledJobRegistry(queue=rq_queue.queue("default")).get_job_ids() == ["timer"]


def test_rq_failing_job_is_retried_later(rq_queue):
    rq_queue.enqueue(explode, "x", job_id="boom")
    work(rq_queue)
    registry = ScheduledJobRegistry(queue=rq_queue.queue("default"))
    assert registry.get_job_ids() == ["boom"]  # RQ's Retry scheduled it again
    assert len(FailedJobRegistry(queue=rq_queue.queue("default"))) == 0


def test_naive_datetimes_and_unknown_queues_are_refused(rq_queue):
    with pytest.raises(ValueError):
        rq_queue.enqueue_at(datetime(2030, 1, 1), record, "x", 1)
    with pytest.raises(ValueError):
        rq_queue.enqueue(record, "x", 1, queue="whenever")
    with pytest.raises(ValueError):
        InlineJobQueue().enqueue(record, "x", 1, queue="whenever")


def test_inline_runs_now_in_the_calling_thread(redis_conn):
    seen: list[str] = []
    InlineJobQueue().enqueue(_note_thread, seen)
    assert seen == [threading.current_thread().name]


def _note_thread(seen: list[str]) -> None:
    seen.append(threading.current_thread().name)


def test_inline_logs_a_failing_job_and_never_raises(caplog):
    with caplog.at_level(logging.ERROR, logger="routing.queues"):
        InlineJobQueue().enqueue(explode, "x")
    assert "failed" in caplog.text


def test_inline_delays_run_on_a_timer():
    done = threading.Event()
    queue = InlineJobQueue()
    queue.enqueue_in(timedelta(milliseconds=50), done.set)
    assert not done.is_set()
    assert done.wait(5)


def test_inline_enqueue_at_and_dedupe_by_job_id():
    hits: list[int] = []
    done = threading.Event()
    queue = InlineJobQueue()

    def hit(n):
        hits.append(n)
        done.set()

    when = datetime.now(UTC) + timedelta(milliseconds=100)
    queue.enqueue_at(when, hit, 1, job_id="t")
    queue.enqueue_at(when, hit, 2, job_id="t")
    assert done.wait(5)
    queue.cancel_all()
    assert hits == [1]


def test_inline_cancel_all_stops_timers():
    hits: list[int] = []
    queue = InlineJobQueue()
    queue.enqueue_in(timedelta(milliseconds=100), hits.append, 1)
    queue.cancel_all()
    threading.Event().wait(0.3)
    assert hits == []


def test_inline_shutdown_cancels_timers_and_takes_no_more_jobs():
    hits: list[int] = []
    queue = InlineJobQueue()
    queue.enqueue_in(timedelta(milliseconds=100), hits.append, 1, job_id="later")
    assert queue.shutdown(timeout=1)
    assert not queue.waiting("later")
    queue.enqueue(hits.append, 2)
    queue.enqueue_in(timedelta(0), hits.append, 3)
    threading.Event().wait(0.3)
    assert hits == []


def test_inline_shutdown_waits_for_a_running_job():
    started, release, done = threading.Event(), threading.Event(), threading.Event()

    def slow() -> None:
        started.set()
        release.wait(5)
        done.set()

    queue = InlineJobQueue()
    queue.enqueue_in(timedelta(0), slow)
    assert started.wait(5)
    threading.Timer(0.2, release.set).start()
    assert queue.shutdown(timeout=5)
    assert done.is_set()


def test_inline_shutdown_gives_up_on_a_stuck_job_after_its_timeout(caplog):
    started, release = threading.Event(), threading.Event()

    def stuck() -> None:
        started.set()
        release.wait(5)

    queue = InlineJobQueue()
    queue.enqueue_in(timedelta(0), stuck)
    assert started.wait(5)
    try:
        with caplog.at_level(logging.WARNING, logger="routing.queues"):
            assert not queue.shutdown(timeout=0.2)
        assert "still running" in caplog.text
    finally:
        release.set()


def test_inline_shutdown_from_inside_a_job_does_not_wait_for_itself():
    queue = InlineJobQueue()
    results: list[bool] = []
    queue.enqueue(lambda: results.append(queue.shutdown(timeout=5)))
    assert results == [True]


def test_inline_accepts_a_dotted_path(redis_conn):
    InlineJobQueue().enqueue("test_queues.record", "path", 9)
    assert ran(redis_conn) == [["path", 9]]


def test_make_queue_picks_by_redis_url():
    assert isinstance(make_queue(make_settings("sqlite://")), InlineJobQueue)
    assert isinstance(make_queue(make_settings("sqlite://", redis_url=REDIS_URL)), RQJobQueue)


def test_rq_says_which_of_many_jobs_still_wait_in_one_question(rq_queue, redis_conn):
    """Queued and scheduled jobs wait; a started and a missing one do not."""
    from rq.job import Job, JobStatus
    from rq.serializers import JSONSerializer

    queue = rq_queue
    queue.enqueue(record, "now", 1, job_id="now:1")
    queue.enqueue_in(timedelta(hours=1), record, "later", 2, job_id="later:2")
    queue.enqueue(record, "started", 3, job_id="started-3")
    Job.fetch("started-3", connection=redis_conn, serializer=JSONSerializer).set_status(
        JobStatus.STARTED
    )
    asked = ["now:1", "later:2", "started-3", "never-4"]
    assert queue.waiting_among(asked) == {"now:1", "later:2"}
    assert [queue.waiting(job_id) for job_id in asked] == [True, True, False, False]
    assert queue.waiting_among([]) == set()


def report_whether_waiting(job_id: str) -> None:
    """A job: record whether the queue calls this very job, while it runs, waiting."""
    conn = redis.Redis.from_url(REDIS_URL)
    conn.rpush(LOG_KEY, json.dumps(["waiting", RQJobQueue(connection=conn).waiting(job_id)]))
    conn.close()


def test_rq_waiting_means_queued_scheduled_deferred_or_due_a_retry(rq_queue, redis_conn):
    """What the sweep relies on: a job still to run waits; one running, failed for good,
    finished or never enqueued does not."""
    default = rq_queue.queue("default")
    no_retry = {"result_ttl": 0, "failure_ttl": 3600}
    rq_queue.enqueue_in(timedelta(hours=1), record, "later", 1, job_id="later:1")
    default.enqueue(function_path(explode), "gone", job_id="failed-2", **no_retry)
    rq_queue.enqueue(explode, "again", job_id="retry:3")
    rq_queue.enqueue(record, "done", 4, job_id="done:4")
    rq_queue.enqueue(report_whether_waiting, "running_5", job_id="running:5")
    work(rq_queue)
    assert ran(redis_conn) == [["done", 4], ["waiting", False]]
    assert FailedJobRegistry(queue=default).get_job_ids() == ["failed-2"]

    rq_queue.enqueue(record, "now", 6, job_id="now:6")
    default.enqueue(
        function_path(record), "after", 7, job_id="after_7", depends_on="now_6", **no_retry
    )
    asked = ["later:1", "failed-2", "retry:3", "done:4", "running:5", "now:6", "after_7", "no:8"]
    assert rq_queue.waiting_among(asked) == {"later:1", "retry:3", "now:6", "after_7"}


def test_rq_asks_redis_for_little_however_big_the_jobs(rq_queue):
    """The sweep asks about every queued text each minute: a backlog of big jobs must not
    come back whole from Redis just to say which still wait."""

    class CountingConnection(redis.connection.Connection):
        received = 0

        def read_response(self, *args, **kwargs):
            response = super().read_response(*args, **kwargs)
            CountingConnection.received += len(repr(response))
            return response

    payload = secrets.token_urlsafe(50_000)
    asked = [f"big:{n}" for n in range(10)]
    for job_id in asked:
        rq_queue.enqueue(record, payload, 0, job_id=job_id)
    pool = redis.ConnectionPool.from_url(REDIS_URL, connection_class=CountingConnection)
    counted = RQJobQueue(connection=redis.Redis(connection_pool=pool))
    try:
        assert counted.waiting_among(asked) == set(asked)
    finally:
        pool.disconnect()
    assert CountingConnection.received < 2_000


def test_inline_says_which_of_many_jobs_still_wait():
    queue = InlineJobQueue()
    queue.enqueue_in(timedelta(hours=1), print, job_id="later")
    assert queue.waiting_among(["later", "never"]) == {"later"}
    queue.cancel_all()
