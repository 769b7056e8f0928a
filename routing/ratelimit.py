"""How fast the hotline's number may send: one limit shared by every worker.

Sends are spaced evenly, one every ``interval`` (a generic cell rate algorithm with no burst):
each send takes the next free moment, and a caller waits until its moment comes. Bursts are
what carriers and Twilio's queue punish, and evenly spaced requests also reach Twilio evenly,
where a burst of simultaneous requests arrives jumbled. With Redis, the next free moment is
one key updated by a Lua script (atomic across workers, timed by the Redis server's own clock
so workers' clocks do not matter). Without Redis, the same algorithm in process memory.
RQ's own ``RateLimit`` caps concurrency, not a rate per second, so it does not fit here.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Protocol

from redis import Redis

# Added to each interval: a slot is taken a few milliseconds before the request leaves, and
# requests do not leave at identical delays, so leave room for that jitter (4% of the rate).
JITTER_MARGIN = 0.04


def interval_for(per_second: float) -> float:
    """Seconds between two sends at ``per_second``, with the jitter margin."""
    if per_second <= 0:
        raise ValueError("messages_per_second must be positive")
    return (1.0 + JITTER_MARGIN) / per_second


class RateLimiter(Protocol):
    def try_acquire(self, key: str) -> float:
        """Take a slot and return 0, or return how many seconds until one may be free."""
        ...


_ACQUIRE = """
local key = KEYS[1]
local interval = tonumber(ARGV[1])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local free_at = tonumber(redis.call('GET', key) or '0')
if free_at > now then
    return free_at - now
end
redis.call('SET', key, now + interval, 'PX', math.ceil(interval / 1000) + 1000)
return 0
"""


class RedisRateLimiter:
    """Shared by every process that uses the same Redis."""

    def __init__(self, connection: Redis, per_second: float, prefix: str = "hotline:rate:") -> None:
        self.connection = connection
        self.interval = interval_for(per_second)
        self.prefix = prefix
        self._script = connection.register_script(_ACQUIRE)

    def try_acquire(self, key: str) -> float:
        micros = self._script(keys=[self.prefix + key], args=[int(self.interval * 1_000_000)])
        return max(0.0, int(micros) / 1_000_000)


class LocalRateLimiter:
    """For one process (the embedded mode without Redis)."""

    def __init__(self, per_second: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval = interval_for(per_second)
        self._clock = clock
        self._lock = threading.Lock()
        self._free_at: dict[str, float] = {}

    def try_acquire(self, key: str) -> float:
        with self._lock:
            now = self._clock()
            free_at = self._free_at.get(key, 0.0)
            if free_at > now:
                return free_at - now
            self._free_at[key] = now + self.interval
            return 0.0


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
