"""The floor under the hotline's webhook: the same app and signature check, and the text stored
durably (its contact found, one INSERT, one COMMIT), answering fixed TwiML without handling it.

Between the bare endpoint and the hotline, it splits the webhook's cost in two: what storing
every text before anything else costs, and what the conversation step costs on top
(``gunicorn bench.store_only_app:app``, same settings as the others).
"""

from __future__ import annotations

from flask import Response

from bench.bare_app import TWIML
from hotline import create_app
from hotline.inbound import record_inbound
from hotline.twilio_auth import twilio_signed
from hotline.webhooks import inbound_from_form
from routing import runtime

app = create_app()


@twilio_signed
def store_only() -> Response:
    sms = inbound_from_form()
    if isinstance(sms, Response):
        return sms
    rt = runtime.current()
    with rt.sessions() as session:
        record_inbound(session, sms, rt.clock())
        session.commit()
    return Response(TWIML, mimetype="application/xml")


app.view_functions["twilio.inbound_sms"] = store_only
