"""The least any store-first webhook can cost on this stack: Twilio's signature checked, the
text written by one raw INSERT and one COMMIT (psycopg, no ORM, no pool, one connection per
thread), and the bare endpoint's fixed TwiML.

Set beside the bare endpoint in the same run, it shows how much of the ceiling is left once a
text is durably stored before it is answered, whatever code does the storing: the hotline's
webhook stores every text first, so it cannot beat this figure
(``gunicorn bench.floor_app:app``, same settings as the others).
"""

from __future__ import annotations

import os
import threading

import psycopg
from flask import Flask, Response, request
from twilio.request_validator import RequestValidator

from bench.bare_app import TWIML

# Created by the harness (bench/run.py) before this app takes a request.
CREATE_TABLE = (
    "CREATE TABLE IF NOT EXISTS bench_floor_texts "
    "(id bigserial PRIMARY KEY, sid text NOT NULL UNIQUE, body text, "
    "received_at timestamptz NOT NULL DEFAULT now())"
)
INSERT = "INSERT INTO bench_floor_texts (sid, body) VALUES (%s, %s) ON CONFLICT (sid) DO NOTHING"

app = Flask(__name__)
_validator = RequestValidator(os.environ.get("TWILIO_AUTH_TOKEN", ""))
_url = os.environ.get("PUBLIC_BASE_URL", "").rstrip("/") + "/twilio/sms"
_dsn = os.environ.get("DATABASE_URL", "").replace("postgresql+psycopg://", "postgresql://")
_local = threading.local()


def _connection() -> psycopg.Connection:
    conn = getattr(_local, "conn", None)
    if conn is None or conn.closed:
        conn = _local.conn = psycopg.connect(_dsn)
    return conn


@app.post("/twilio/sms")
def inbound_sms() -> Response:
    form = request.form.to_dict()
    signature = request.headers.get("X-Twilio-Signature", "")
    if not _validator.validate(_url, form, signature):
        return Response("Invalid signature", status=403, mimetype="text/plain")
    conn = _connection()
    conn.execute(INSERT, (form.get("MessageSid", ""), form.get("Body", "")))
    conn.commit()
    return Response(TWIML, mimetype="application/xml")


@app.get("/healthz")
def healthz() -> Response:
    return Response("ok", mimetype="text/plain")
