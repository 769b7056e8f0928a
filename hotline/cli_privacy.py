"""Privacy commands: ``keys rotate``, ``retention run`` and ``privacy erase PHONE``."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from hotline.phones import InvalidPhone, mask_phone, normalize_phone
from models.session import session_scope
from routing import runtime

keys_group = AppGroup("keys", help="Encryption keys for phone numbers, names and messages.")
retention_group = AppGroup("retention", help="Removing old message bodies and notes.")
privacy_group = AppGroup("privacy", help="One person's data.")


def init_app(app: Flask) -> None:
    for group in (keys_group, retention_group, privacy_group):
        app.cli.add_command(group)


@keys_group.command("rotate")
def rotate_command() -> None:
    """Re-encrypt every encrypted value under the newest key (the first in ENCRYPTION_KEYS).

    Afterwards the older keys can be removed from ENCRYPTION_KEYS.
    """
    from hotline.admin.audit import audit
    from hotline.keys import rotate_all

    rt = runtime.current()
    with session_scope(rt.sessions) as session:
        counts = rotate_all(session)
        audit(session, "keys.rotate", "", {"rows": counts}, actor_id=None)
    for label, count in counts.items():
        click.echo(f"{label}: {count} re-encrypted")
    click.echo("Done: every value is under the newest key; older keys may now be removed.")


@retention_group.command("run")
def retention_command() -> None:
    """Remove message bodies, notes and details older than RETENTION_DAYS, now."""
    from hotline.admin.audit import audit
    from hotline.retention import purge

    rt = runtime.current()
    with session_scope(rt.sessions) as session:
        report = purge(session, rt.clock(), rt.settings.retention_days)
        audit(session, "retention.run", "", {"days": rt.settings.retention_days}, actor_id=None)
    click.echo(f"Retention: {report}.")


@privacy_group.command("erase")
@click.argument("phone")
@click.option("--yes", is_flag=True, help="Erase without asking for confirmation.")
def erase_command(phone: str, yes: bool) -> None:
    """Erase one person's number, messages, conversation and case details (counts stay)."""
    from hotline.admin.audit import audit
    from hotline.erasure import ErasureRefused, erase_person, plan_erasure

    try:
        number = normalize_phone(phone)
    except InvalidPhone as exc:
        raise click.BadParameter(str(exc), param_hint="PHONE") from exc
    rt = runtime.current()
    with session_scope(rt.sessions) as session:
        try:
            plan = plan_erasure(session, number)
        except ErasureRefused as exc:
            raise click.ClickException(str(exc)) from None
        if not plan.found:
            click.echo(f"Nothing is held for {mask_phone(number)}.")
            return
        click.echo(
            f"{mask_phone(number)}: {plan.messages} messages, "
            f"{len(plan.cases) + len(plan.partner_cases)} cases"
            + (" (opted out: stays opted out)" if plan.opted_out else "")
        )
        if not yes:
            click.confirm("Erase this person's data for good?", abort=True)
        report = erase_person(session, number, rt.clock())
        audit(session, "person.erase", f"contact:{report.contact_id or ''}", report.as_data())
    click.echo(
        f"Erased: {report.message_bodies} message bodies, {report.cases} cases de-identified."
    )
