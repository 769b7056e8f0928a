"""CSV downloads from the admin: every one is audited, since it carries program data away."""

from __future__ import annotations

from typing import Any

from flask import Response
from sqlalchemy.orm import Session

from hotline.admin.audit import audit


def audited_csv(
    session: Session,
    body: str,
    filename: str,
    *,
    action: str,
    target: str,
    data: dict[str, Any] | None = None,
) -> Response:
    """Record the export in the audit log, then hand the CSV over as a file."""
    audit(session, action, target, data)
    session.commit()
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
