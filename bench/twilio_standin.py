"""A Twilio stand-in on loopback: the Messages API the gateway calls, and status callbacks.

``python -m bench.twilio_standin --port 0 --auth-token T --account-sid AC…`` prints one line,
``ready http://127.0.0.1:PORT``, then serves until stopped:

- ``POST /2010-04-01/Accounts/{sid}/Messages.json`` (form body, HTTP basic auth) records the
  message with its arrival time (``time.perf_counter()``: CLOCK_MONOTONIC on Linux, the same
  clock in every process on the machine) and answers 201 with JSON like Twilio's. On demand
  it answers 429 or 500 every Nth request or adds latency.
- ``GET /2010-04-01/Accounts/{sid}/Messages.json?To=…`` lists what was sent (the gateway's
  look-up for a send interrupted by a crash).
- After accepting a message that asked for a ``StatusCallback``, it posts ``sent`` and then
  ``delivered`` to that URL, signed with X-Twilio-Signature exactly as Twilio signs (Twilio
  sends no callback for the first status, ``queued``, which the API answer carries).
- ``/_bench/…``: the harness's control: records since an index, failure/latency mode, reset.
"""

from __future__ import annotations

import argparse
import base64
import heapq
import itertools
import json
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests
from twilio.request_validator import RequestValidator

MESSAGES_PATH = "/2010-04-01/Accounts/{sid}/Messages.json"
# Seconds after acceptance at which each status callback is posted.
CALLBACK_SCHEDULE = (("sent", 0.05), ("delivered", 0.25))


class StandIn:
    """What the stand-in has seen, its failure mode, and the callbacks it still owes."""

    def __init__(self, account_sid: str, auth_token: str, callbacks: bool = True) -> None:
        self.account_sid = account_sid
        self.validator = RequestValidator(auth_token)
        self.callbacks = callbacks
        self.lock = threading.Lock()
        self.records: list[dict[str, Any]] = []
        self.mode: dict[str, float] = {"latency": 0.0, "every_429": 0, "every_500": 0}
        self.requests_seen = 0
        self.callbacks_sent = 0
        self.callback_failures = 0
        self._counter = itertools.count(1)
        self._due: list[tuple[float, int, str, dict[str, str]]] = []
        self._due_cv = threading.Condition()
        self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="callback")
        self._http = threading.local()
        self._stopping = False
        threading.Thread(target=self._dispatch_callbacks, daemon=True).start()

    # --- the Messages API -------------------------------------------------------------
    def create_message(self, form: dict[str, str]) -> tuple[int, dict[str, Any], dict[str, str]]:
        """Record one message; (status, JSON body, headers) as Twilio would answer."""
        arrived = time.perf_counter()
        with self.lock:
            self.requests_seen += 1
            n = self.requests_seen
            mode = dict(self.mode)
        if mode["latency"]:
            time.sleep(mode["latency"])
        if mode["every_429"] and n % int(mode["every_429"]) == 0:
            body = {"code": 20429, "message": "Too Many Requests", "status": 429}
            return 429, body, {"Retry-After": "1"}
        if mode["every_500"] and n % int(mode["every_500"]) == 0:
            return 500, {"code": 20500, "message": "Internal Server Error", "status": 500}, {}
        sid = "SM" + uuid.uuid4().hex
        now = datetime.now(UTC)
        record = {
            "sid": sid,
            "at": arrived,
            "wall": time.time(),
            "to": form.get("To", ""),
            "from": form.get("From", ""),
            "body": form.get("Body", ""),
            "status_callback": form.get("StatusCallback"),
            "date_created": format_datetime(now, usegmt=True),
        }
        with self.lock:
            record["index"] = len(self.records)
            self.records.append(record)
        if self.callbacks and record["status_callback"]:
            self._schedule_callbacks(record)
        return 201, self._resource(record, "queued"), {}

    def _resource(self, record: dict[str, Any], status: str) -> dict[str, Any]:
        return {
            "sid": record["sid"],
            "account_sid": self.account_sid,
            "to": record["to"],
            "from": record["from"],
            "body": record["body"],
            "status": status,
            "num_segments": "1",
            "direction": "outbound-api",
            "date_created": record["date_created"],
            "date_updated": record["date_created"],
            "date_sent": None,
            "error_code": None,
            "error_message": None,
            "price": None,
            "uri": MESSAGES_PATH.format(sid=self.account_sid).replace(
                "Messages.json", f"Messages/{record['sid']}.json"
            ),
        }

    def list_messages(self, to: str | None) -> dict[str, Any]:
        with self.lock:
            found = [r for r in reversed(self.records) if to is None or r["to"] == to][:50]
        uri = MESSAGES_PATH.format(sid=self.account_sid)
        return {
            "messages": [self._resource(r, "sent") for r in found],
            "first_page_uri": uri,
            "next_page_uri": None,
            "previous_page_uri": None,
            "page": 0,
            "page_size": 50,
            "start": 0,
            "end": len(found),
            "uri": uri,
        }

    # --- status callbacks -------------------------------------------------------------
    def _schedule_callbacks(self, record: dict[str, Any]) -> None:
        base = time.monotonic()
        with self._due_cv:
            for status, delay in CALLBACK_SCHEDULE:
                params = {
                    "MessageSid": record["sid"],
                    "SmsSid": record["sid"],
                    "MessageStatus": status,
                    "SmsStatus": status,
                    "AccountSid": self.account_sid,
                    "From": record["from"],
                    "To": record["to"],
                    "ApiVersion": "2010-04-01",
                }
                heapq.heappush(
                    self._due,
                    (base + delay, next(self._counter), record["status_callback"], params),
                )
            self._due_cv.notify()

    def _dispatch_callbacks(self) -> None:
        while True:
            with self._due_cv:
                while not self._stopping and (not self._due or self._due[0][0] > time.monotonic()):
                    timeout = self._due[0][0] - time.monotonic() if self._due else None
                    self._due_cv.wait(timeout)
                if self._stopping:
                    return
                _, _, url, params = heapq.heappop(self._due)
            self._pool.submit(self._post_callback, url, params)

    def _post_callback(self, url: str, params: dict[str, str]) -> None:
        session = getattr(self._http, "session", None)
        if session is None:
            session = self._http.session = requests.Session()
        signature = self.validator.compute_signature(url, params)
        try:
            response = session.post(
                url, data=params, headers={"X-Twilio-Signature": signature}, timeout=15
            )
            ok = response.status_code < 400
        except requests.RequestException:
            ok = False
        with self.lock:
            if ok:
                self.callbacks_sent += 1
            else:
                self.callback_failures += 1

    def pending_callbacks(self) -> int:
        with self._due_cv:
            return len(self._due)

    def stop(self) -> None:
        with self._due_cv:
            self._stopping = True
            self._due_cv.notify()
        self._pool.shutdown(wait=False, cancel_futures=True)


def make_handler(standin: StandIn) -> type[BaseHTTPRequestHandler]:
    messages_path = MESSAGES_PATH.format(sid=standin.account_sid)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass  # quiet: thousands of requests

        def _send_json(self, status: int, body: Any, headers: dict[str, str] | None = None):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def _form(self) -> dict[str, str]:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode() if length else ""
            return {key: values[0] for key, values in parse_qs(raw).items()}

        def _authorised(self) -> bool:
            header = self.headers.get("Authorization", "")
            if not header.startswith("Basic "):
                return False
            user = base64.b64decode(header[6:]).decode().partition(":")[0]
            return user == standin.account_sid

        def do_POST(self) -> None:
            parts = urlsplit(self.path)
            if parts.path == messages_path:
                if not self._authorised():
                    self._send_json(401, {"code": 20003, "message": "Authenticate"})
                    return
                status, body, headers = standin.create_message(self._form())
                self._send_json(status, body, headers)
            elif parts.path == "/_bench/mode":
                length = int(self.headers.get("Content-Length") or 0)
                changes = json.loads(self.rfile.read(length) or b"{}")
                with standin.lock:
                    standin.mode.update({k: float(v) for k, v in changes.items()})
                self._send_json(200, standin.mode)
            elif parts.path == "/_bench/reset":
                self._form()
                with standin.lock:
                    standin.records.clear()
                    standin.requests_seen = 0
                self._send_json(200, {"ok": True})
            else:
                self._send_json(404, {"code": 20404, "message": "Not found"})

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = {key: values[0] for key, values in parse_qs(parts.query).items()}
            if parts.path == messages_path:
                self._send_json(200, standin.list_messages(query.get("To")))
            elif parts.path == "/_bench/sent":
                after = int(query.get("after", -1))
                with standin.lock:
                    found = standin.records[after + 1 :]
                self._send_json(200, found)
            elif parts.path == "/_bench/stats":
                with standin.lock:
                    stats = {
                        "messages": len(standin.records),
                        "requests": standin.requests_seen,
                        "callbacks_sent": standin.callbacks_sent,
                        "callback_failures": standin.callback_failures,
                    }
                stats["callbacks_pending"] = standin.pending_callbacks()
                self._send_json(200, stats)
            else:
                self._send_json(404, {"code": 20404, "message": "Not found"})

    return Handler


def serve(
    port: int, account_sid: str, auth_token: str, callbacks: bool = True
) -> tuple[ThreadingHTTPServer, StandIn]:
    """Start serving on 127.0.0.1:port in a background thread."""
    standin = StandIn(account_sid, auth_token, callbacks=callbacks)
    server = ThreadingHTTPServer(("127.0.0.1", port), make_handler(standin))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, standin


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--account-sid", required=True)
    parser.add_argument("--auth-token", required=True)
    parser.add_argument("--no-callbacks", action="store_true")
    args = parser.parse_args(argv)
    server, standin = serve(args.port, args.account_sid, args.auth_token, not args.no_callbacks)
    print(f"ready http://127.0.0.1:{server.server_address[1]}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        standin.stop()
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
