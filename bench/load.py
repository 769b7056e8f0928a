"""The load generator: whole conversations through webhooks signed exactly as Twilio signs them.

Each simulated texter has its own number and walks a real conversation (the full self-referral,
or a naloxone search), one step at a time: a step is sent only after the previous one was
answered, as a person reads the reply before texting again. Responders CLAIM the cases offered
to them. Requests go over keep-alive connections from a thread pool (stdlib ``http.client``:
lighter than ``requests``, so the client takes less of the machine it shares with the server).
Times are ``time.perf_counter()``.
"""

from __future__ import annotations

import http.client
import itertools
import random
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from twilio.request_validator import RequestValidator

SELF_REFERRAL = ("hi", "1", "1", "northampton", "call", "evening", "peers", "Sam", "yes")
TOWNS = ("northampton", "amherst", "easthampton", "hadley", "noho", "01060", "ware")
# What the last reply of each conversation must say, or the step counts as an error.
REFERRAL_DONE = "within 24 hours"
NALOXONE_DONE = "naloxone near"
_MESSAGE = re.compile(r"<Message>(.*?)</Message>", re.S)


def naloxone_search(rng: random.Random) -> tuple[str, ...]:
    """By menu (hi, 3, town) or one-shot (narcan town), as people do."""
    town = rng.choice(TOWNS)
    if rng.random() < 0.5:
        return ("hi", "3", town)
    return (f"narcan {town}",)


@dataclass
class Conversation:
    """One texter walking one script; ``expect`` must appear in the last reply."""

    phone: str
    steps: tuple[str, ...]
    expect: str
    kind: str
    position: int = 0
    last_sent_at: float = 0.0
    last_reply: str = ""

    @property
    def done(self) -> bool:
        return self.position >= len(self.steps)


class Numbers:
    """Distinct, valid US numbers for texters (413 area code, exchanges 200-499)."""

    def __init__(self, start: int = 0) -> None:
        self._counter = itertools.count(start)
        self._lock = threading.Lock()

    def next(self) -> str:
        with self._lock:
            n = next(self._counter)
        exchange, line = 200 + n // 10_000, n % 10_000
        return f"+1413{exchange:03d}{line:04d}"


class ConversationMix:
    """New conversations: a share of full self-referrals, the rest naloxone searches."""

    def __init__(self, numbers: Numbers, referral_share: float, seed: int = 5) -> None:
        self.numbers = numbers
        self.referral_share = referral_share
        self._rng = random.Random(seed)
        self._lock = threading.Lock()

    def new(self) -> Conversation:
        with self._lock:
            referral = self._rng.random() < self.referral_share
            steps = SELF_REFERRAL if referral else naloxone_search(self._rng)
        if referral:
            return Conversation(self.numbers.next(), steps, REFERRAL_DONE, "self_referral")
        return Conversation(self.numbers.next(), steps, NALOXONE_DONE, "naloxone")


@dataclass
class Sample:
    """One webhook request: when it was due, how long it took, whether it was right."""

    due: float
    latency: float
    ok: bool


@dataclass
class Tally:
    samples: list[Sample] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    conversations_done: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, sample: Sample, error: str | None = None) -> None:
        with self.lock:
            self.samples.append(sample)
            if error and len(self.errors) < 20:
                self.errors.append(error)


class Hotline:
    """Signed POSTs to the hotline's (or the bare app's) SMS webhook, one connection a thread."""

    def __init__(self, base_url: str, auth_token: str, account_sid: str, to_number: str) -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.base_url = base_url.rstrip("/")
        self.validator = RequestValidator(auth_token)
        self.account_sid = account_sid
        self.to_number = to_number
        self._local = threading.local()
        self._sids = itertools.count(1)
        self._run = f"{random.getrandbits(32):08x}"

    def _connection(self) -> http.client.HTTPConnection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        return conn

    def form(self, sender: str, body: str) -> dict[str, str]:
        sid = f"SM{self._run}{next(self._sids):024x}"
        return {
            "ToCountry": "US",
            "SmsMessageSid": sid,
            "NumMedia": "0",
            "SmsSid": sid,
            "SmsStatus": "received",
            "Body": body,
            "FromCountry": "US",
            "To": self.to_number,
            "MessagingServiceSid": "",
            "NumSegments": "1",
            "MessageSid": sid,
            "AccountSid": self.account_sid,
            "From": sender,
            "ApiVersion": "2010-04-01",
        }

    def post(self, path: str, form: dict[str, str]) -> tuple[int, str]:
        url = self.base_url + path
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Twilio-Signature": self.validator.compute_signature(url, form),
            "User-Agent": "TwilioProxy/1.1",
        }
        body = urlencode(form)
        for attempt in (1, 2):
            conn = self._connection()
            try:
                conn.request("POST", path, body=body, headers=headers)
                response = conn.getresponse()
                return response.status, response.read().decode()
            except (http.client.HTTPException, ConnectionError, TimeoutError):
                conn.close()
                self._local.conn = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def text(self, sender: str, body: str) -> tuple[int, list[str]]:
        """One inbound SMS; (HTTP status, the TwiML replies)."""
        status, answer = self.post("/twilio/sms", self.form(sender, body))
        return status, _MESSAGE.findall(answer)


def take_step(
    hotline: Hotline, convo: Conversation, due: float, tally: Tally, check: bool = True
) -> None:
    """Send the conversation's next text and record the answer's latency from ``due``."""
    text = convo.steps[convo.position]
    convo.last_sent_at = time.perf_counter()
    try:
        status, replies = hotline.text(convo.phone, text)
    except Exception as exc:
        tally.add(Sample(due, time.perf_counter() - due, False), f"{type(exc).__name__}: {exc}")
        convo.position = len(convo.steps)
        return
    latency = time.perf_counter() - due
    convo.position += 1
    convo.last_reply = " ".join(replies)
    ok = status == 200 and bool(replies)
    error = None if ok else f"HTTP {status} on {text!r}"
    if ok and check and convo.done and convo.expect not in convo.last_reply:
        ok, error = False, f"{convo.kind} ended without {convo.expect!r}: {convo.last_reply[:120]}"
    tally.add(Sample(due, latency, ok), error)
    if convo.done:
        with tally.lock:
            tally.conversations_done += 1


def fixed_rate(
    hotline: Hotline,
    new_conversation: Callable[[], Conversation],
    rate: float,
    duration: float,
    *,
    threads: int = 64,
    check: bool = True,
) -> Tally:
    """Open loop: a request every 1/rate s whatever the server does; latency is measured from
    when each request was due, so a stalled server is not hidden (no coordinated omission).
    Each request is the next step of a waiting conversation, or the first of a new one."""
    tally = Tally()
    ready: deque[Conversation] = deque()

    def run(convo: Conversation, due: float) -> None:
        take_step(hotline, convo, due, tally, check)
        if not convo.done:
            ready.append(convo)

    total = int(rate * duration)
    with ThreadPoolExecutor(max_workers=threads) as pool:
        start = time.perf_counter() + 0.05
        for i in range(total):
            due = start + i / rate
            delay = due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            try:
                convo = ready.popleft()
            except IndexError:
                convo = new_conversation()
            pool.submit(run, convo, due)
    return tally


@dataclass
class Saturation:
    tally: Tally
    elapsed: float

    @property
    def throughput(self) -> float:
        return len(self.tally.samples) / self.elapsed if self.elapsed else 0.0


def saturate(
    hotline: Hotline,
    new_conversation: Callable[[], Conversation],
    clients: int,
    duration: float,
    *,
    check: bool = True,
) -> Saturation:
    """Closed loop: ``clients`` texters, each sending its next step as soon as it is answered
    and starting a new conversation when one ends, for ``duration`` seconds."""
    tally = Tally()
    stop_at = time.perf_counter() + duration

    def client() -> None:
        convo = new_conversation()
        while time.perf_counter() < stop_at:
            if convo.done:
                convo = new_conversation()
            take_step(hotline, convo, time.perf_counter(), tally, check)

    started = time.perf_counter()
    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + 60)
    return Saturation(tally, time.perf_counter() - started)


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (pct in 0-100); NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(pct / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
