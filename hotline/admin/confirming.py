"""A second step before actions that cannot be taken back with one tap.

On a phone, "Deactivate" or "Remove" sits a thumb's width from "Edit". The first POST shows a
page naming who or what the action touches and changes nothing; its button sends the same form
again with ``confirmed=yes``, CSRF token and all. No JavaScript is needed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from flask import render_template, request

CONFIRM_FIELD = "confirmed"


def confirmed() -> bool:
    """Whether this POST came from the confirmation page's button."""
    return request.form.get(CONFIRM_FIELD) == "yes"


def confirm_page(
    *,
    title: str,
    action: str,
    button: str,
    back: str,
    lines: Sequence[str] = (),
    fields: Mapping[str, str] | None = None,
) -> str:
    """The confirmation page: ``title`` asks the question, ``lines`` say what follows, and
    ``fields`` carry the first form's values to the confirmed POST at ``action``."""
    return render_template(
        "admin/confirm.html",
        title=title,
        lines=lines,
        action=action,
        fields=dict(fields or {}),
        button=button,
        back=back,
        confirm_field=CONFIRM_FIELD,
    )
