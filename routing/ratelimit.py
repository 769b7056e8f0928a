"""How fast the hotline's number may send: one limit shared by every worker.

A sliding-window log: at most ``limit`` sends in any ``window``. With Redis, the log is a
sorted set updated by one Lua script (atomic across workers, timed by the Redis server's own
clock so workers' clocks do not matter). Without Redis, the same algorithm in process memory.
RQ's own ``RateLimit`` caps concurrency, not a rate per second, so it does not fit here.
"""

from __future__ import annotations

import math
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from typing import Protocol

from redis import Redis

# Added to the window: a slot is taken a few milliseconds before the request leaves, and
# requests do not leave at identical delays, so leave room for that jitter.
JITTER_MARGIN = 0.05


def window_for(per_second: float) -> tuple[int, float]:
    """(sends allowed, window in seconds) for a rate; below 1/s it is one send per 1/rate s."""
    if per_second <= 0:
        raise ValueError("messages_per_second must be positive")
    if per_second >= 1:
        return math.floor(per_second), 1.0 + JITTER_MARGIN
    return 1, 1.0 / per_second + JITTER_MARGIN


class RateLimiter(Protocol):
    def try_acquire(self, key: str) -> float:
        """Take a slot and return 0, or return how many seconds until one may be free."""
        ...


_ACQUIRE = """
local key = KEYS[1]
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
if redis.call('ZCARD', key) < limit then
    redis.call('ZADD', key, now, ARGV[3])
    redis.call('PEXPIRE', key, math.ceil(window / 1000) + 1000)
    return 0
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
return tonumber(oldest[2]) + window - now + 1
"""


class RedisRateLimiter:
    """Shared by every process that uses the same Redis."""

    def __init__(self, connection: Redis, per_second: float, prefix: str = "hotline:rate:") -> None:
        self.connection = connection
        self.limit, self.window = window_for(per_second)
        self.prefix = prefix
        self._script = connection.register_script(_ACQUIRE)

    def try_acquire(self, key: str) -> float:
        micros = self._script(
            keys=[self.prefix + key],
            args=[self.limit, int(self.window * 1_000_000), uuid.uuid4().hex],
        )
        return max(0.0, int(micros) / 1_000_000)


class LocalRateLimiter:
    """For one process (the embedded mode without Redis)."""

    def __init__(self, per_second: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window = window_for(per_second)
        self._clock = clock
        self._lock = threading.Lock()
        self._sent: dict[str, deque[float]] = {}

    def try_acquire(self, key: str) -> float:
        with self._lock:
            now = self._clock()
            log = self._sent.setdefault(key, deque())
            while log and log[0] <= now - self.window:
                log.popleft()
            if len(log) < self.limit:
                log.append(now)
                return 0.0
            return log[0] + self.window - now


def wait_for_slot(
    limiter: RateLimiter,
    key: str,
    *,
    max_wait: float,
    sleep: Callable[[float], None] = time.sleep,
) -> float | None:
    """Block until a slot is taken (returns 0.0) or, if that would pass ``max_wait`` seconds,
    give up and return how long the caller should wait before trying again."""
    waited = 0.0
    while True:
        delay = limiter.try_acquire(key)
        if delay <= 0:
            return 0.0
        if waited + delay > max_wait:
            return delay
        sleep(delay)
        waited += delay


_lock = threading.Lock()
_limiters: dict[tuple[str | None, float], RateLimiter] = {}


def limiter_for(redis_url: str | None, per_second: float) -> RateLimiter:
    """One limiter per process and setting: Redis-backed when there is Redis."""
    with _lock:
        found = _limiters.get((redis_url, per_second))
        if found is None:
            found = (
                RedisRateLimiter(Redis.from_url(redis_url), per_second)
                if redis_url
                else LocalRateLimiter(per_second)
            )
            _limiters[(redis_url, per_second)] = found
        return found
