"""The ceiling for this stack: a bare Flask endpoint answering fixed TwiML.

Served by gunicorn with the same workers and threads as the hotline in the same run
(``gunicorn bench.bare_app:app``), it shows what Flask + gunicorn + the load generator cost
on this machine before the hotline does any work.
"""

from __future__ import annotations

from flask import Flask, Response

TWIML = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    "<Response><Message>Thanks for your text. This is a fixed reply.</Message></Response>"
)

app = Flask(__name__)


@app.post("/twilio/sms")
def inbound_sms() -> Response:
    return Response(TWIML, mimetype="application/xml")


@app.get("/healthz")
def healthz() -> Response:
    return Response("ok", mimetype="text/plain")
