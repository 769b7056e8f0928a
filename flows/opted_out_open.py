"""The opt-out confirmation for a person whose request is still open.

CANCEL is a carrier's opt-out word, so a person who texts it after asking for a call is opted
out, as the carrier does. They may think their request went with it, though, while a
responder may still call them. So the confirmation, still one text with what carriers require
(who we are, no more texts, START to come back), also says the request stands and how to
cancel it: by calling us, as ``withdraw_late`` says, since texts go unanswered until START.

The text is read from the system flow only (it stands in for ``opted_out``, a safety text no
other flow may word); these defaults stand in while the published system flow has none yet.
"""

from __future__ import annotations

OPTED_OUT_OPEN = "opted_out_request_open"

DEFAULTS: dict[str, dict[str, str]] = {
    OPTED_OUT_OPEN: {
        "en": "You're unsubscribed from {program_name} and won't get more texts. Your request "
        "is still open, so someone from our team may still call you. To cancel it, call "
        "{program_phone}. Text START to come back. In an emergency, call 911.",
        "es": "Ya no recibira mensajes de {program_name}. Su solicitud sigue abierta, asi que "
        "alguien del equipo aun puede llamarle. Para cancelarla, llame al {program_phone}. "
        "Envie START para volver. En una emergencia, llame al 911.",
    }
}
