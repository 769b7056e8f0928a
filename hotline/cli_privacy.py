"""Privacy commands: ``keys rotate``, ``keys rotate-lookup``, ``retention run`` and
``privacy erase PHONE``."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from hotline.phones import InvalidPhone, mask_phone, normalize_phone
from models.session import session_scope
from routing import runtime

keys_group = AppGroup(
    "keys", help="Encryption and lookup keys for phone numbers, names and messages."
)
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


@keys_group.command("rotate-lookup")
def rotate_lookup_command() -> None:
    """Re-hash every phone number under the newest lookup key (the first in LOOKUP_KEYS).

    Safe to run twice and while texts arrive. Afterwards the older keys can be removed from
    LOOKUP_KEYS, unless this says which one must stay.
    """
    from hotline.admin.audit import audit
    from hotline.lookup_rotation import rehash_contacts
    from models import crypto

    rt = runtime.current()
    with session_scope(rt.sessions) as session:
        report = rehash_contacts(session)
        audit(
            session,
            "keys.rotate_lookup",
            "",
            {**report.as_data(), "keys": len(crypto.lookup_key_ids())},
            actor_id=None,
        )
    click.echo(f"contacts: {report.rehashed} re-hashed under the newest lookup key")
    click.echo(f"partner referrals: {report.referrals_rehashed} re-hashed")
    if report.recovered:
        click.echo(
            f"  {report.recovered} of them were under a key no longer configured, "
            f"and are found again"
        )
    if report.merged:
        click.echo(
            f"  {report.merged} numbers had a second row under the newest key: joined into one"
            f" (opted out if either was)"
        )
    if report.conflicts:
        click.echo(
            f"{report.conflicts} numbers have two rows that both belong to responders: not "
            f"joined; take one off the roster and run this again"
        )
    ids = crypto.lookup_key_ids()
    for key, count in sorted(report.stranded.items()):
        if key == ids[0]:
            continue
        if key in ids:
            where = f"lookup key {ids.index(key) + 1} of {len(ids)} (id {key})"
            click.echo(
                f"{count} opted-out numbers, erased, are found only under {where}: their "
                f"number is gone, so they cannot be re-hashed. Keep that key in LOOKUP_KEYS "
                f"(last), or they could be texted again."
            )
        else:
            click.echo(
                f"{count} opted-out numbers, erased, are under a lookup key that is not "
                f"configured ({key}): they are not found and could be texted. Put the older "
                f"keys back in LOOKUP_KEYS (last)."
            )
    if report.older_keys_needed:
        click.echo("Done, but keep the older lookup keys named above.")
    else:
        click.echo(
            "Done: every number is under the newest key; older lookup keys may now be removed."
        )


@retention_group.command("run")
def retention_command() -> None:
    """Remove message bodies, notes and details older than RETENTION_DAYS, now."""
    from hotline.admin.audit import audit
    from hotline.retention import purge

    rt = runtime.current()
    with session_scope(rt.sessions) as session:
        settings = rt.settings
        report = purge(
            session,
            rt.clock(),
            settings.retention_days,
            settings.conversation_expiry_hours,
            commit=session.commit,
        )
        audit(session, "retention.run", "", {"days": rt.settings.retention_days}, actor_id=None)
    click.echo(f"Retention: {report}.")


@privacy_group.command("erase")
@click.argument("phone", required=False)
@click.option("--yes", is_flag=True, help="Erase without asking for confirmation.")
def erase_command(phone: str | None, yes: bool) -> None:
    """Erase one person's number, messages, conversation and case details (counts stay).

    Leave PHONE out and type it when asked (or pipe it in): a command line is kept in shell
    history, the process list and a platform's log of one-off commands.
    """
    from hotline.admin.audit import audit
    from hotline.erasure import ErasureRefused, erase_person, plan_erasure

    if phone is None:
        phone = click.prompt("Phone number to erase")
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
