"""Who is offered a case: pure functions over plain roster data.

A person who asked for peers only never gets a police officer: not at the matching step, not
when the case goes to everyone on call, not at the coordinator step.

A person who speaks a language other than the team's shared one (Spanish, say) is offered first
only to responders who speak it (``in_their_language``); the rest of the team gets the case at a
later step, if none of them has taken it by then.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from routing.oncall import DEFAULT_TZ, RosterEntry, available_at, on_call_at

POLICE = "police_officer"
# Every responder is expected to speak it, so a case in it needs no one in particular.
SHARED_LANGUAGE = "en"
COORDINATOR = "coordinator"
FIELD_ROLES = (
    "recovery_coach",
    "harm_reduction_specialist",
    "family_support_specialist",
    POLICE,
)

# Roles suited to a case, best first, by what the person asked for. Editable data: the team
# decides who fits which need.
ROLES_BY_KIND: dict[str, tuple[str, ...]] = {
    "family": ("family_support_specialist", "recovery_coach"),
}
ROLES_BY_NEED: dict[str, tuple[str, ...]] = {
    # self-referral needs
    "coach": ("recovery_coach",),
    "treatment": ("recovery_coach",),
    "supplies": ("harm_reduction_specialist",),
    "naloxone": ("harm_reduction_specialist",),
    # family needs
    "learn": ("family_support_specialist", "harm_reduction_specialist"),
    "self": ("family_support_specialist",),
    "now": ("family_support_specialist", "recovery_coach"),
    "grief": ("family_support_specialist",),
}
# Partner referrals: the post-overdose team itself, police included unless peers only.
ROLES_BY_REFERRAL: dict[str, tuple[str, ...]] = {
    "post_overdose": ("recovery_coach", "harm_reduction_specialist", POLICE),
    "substance_incident": ("recovery_coach", "harm_reduction_specialist", POLICE),
}


@dataclass(frozen=True)
class CaseFacts:
    """What matching needs to know about a case (no personal details)."""

    kind: str
    needs: tuple[str, ...] = ()
    town: str | None = None
    language: str = "en"
    peers_only: bool = True
    referral_type: str | None = None
    # Responders whose own number the case is about: never offered it, nor told of it.
    about_responders: frozenset[int] = frozenset()


def preferred_roles(facts: CaseFacts) -> tuple[str, ...]:
    """Roles suited to the case, best first; empty when the case names no particular need."""
    ordered: list[str] = []
    sources: list[Iterable[str]] = [ROLES_BY_KIND.get(facts.kind, ())]
    sources += [ROLES_BY_NEED.get(need, ()) for need in facts.needs]
    if facts.referral_type:
        sources.append(ROLES_BY_REFERRAL.get(facts.referral_type, ()))
    for roles in sources:
        for role in roles:
            if role not in ordered:
                ordered.append(role)
    return tuple(ordered)


def allowed(entry: RosterEntry, facts: CaseFacts) -> bool:
    """False for a police officer on a peers-only case, whatever their other roles, and for
    the responder the case is about."""
    return not (facts.peers_only and entry.has_role(POLICE)) and not_about_them(entry, facts)


def not_about_them(entry: RosterEntry, facts: CaseFacts) -> bool:
    """False for a responder whose own number the case is about (they asked for help from
    their phone, or a partner referred it): the case is for the rest of the team."""
    return entry.responder_id not in facts.about_responders


def covers_town(entry: RosterEntry, town: str | None) -> bool:
    """Empty towns cover the whole county; a case with no town is anyone's."""
    if not entry.towns or not town:
        return True
    return town.casefold() in {t.casefold() for t in entry.towns}


def speaks(entry: RosterEntry, language: str) -> bool:
    return language in entry.languages


def _role_rank(entry: RosterEntry, roles: Sequence[str]) -> int:
    ranks = [roles.index(role) for role in entry.roles if role in roles]
    return min(ranks) if ranks else len(roles)


def rank(entries: Iterable[RosterEntry], facts: CaseFacts) -> list[RosterEntry]:
    """Best first: speaks the person's language, then the best-suited role, then covers the
    town by name (rather than county-wide), then roster order."""
    roles = preferred_roles(facts)
    return sorted(
        entries,
        key=lambda entry: (
            not speaks(entry, facts.language),
            _role_rank(entry, roles),
            not (facts.town and entry.towns and covers_town(entry, facts.town)),
            entry.responder_id,
        ),
    )


def suited(entry: RosterEntry, facts: CaseFacts) -> bool:
    """Has a role the case calls for (any field role when it calls for none in particular)."""
    roles = preferred_roles(facts) or FIELD_ROLES
    return any(entry.has_role(role) for role in roles)


def match_responders(
    facts: CaseFacts,
    roster: Sequence[RosterEntry],
    when: datetime,
    tz: ZoneInfo | str = DEFAULT_TZ,
) -> list[RosterEntry]:
    """On-call responders suited to the case, who cover its town, best first."""
    return rank(
        (
            entry
            for entry in on_call_at(roster, when, tz)
            if allowed(entry, facts) and covers_town(entry, facts.town) and suited(entry, facts)
        ),
        facts,
    )


def all_on_call(
    facts: CaseFacts,
    roster: Sequence[RosterEntry],
    when: datetime,
    tz: ZoneInfo | str = DEFAULT_TZ,
) -> list[RosterEntry]:
    """Everyone on call in a field role whom the person would accept, best first.

    Coordinators without a field role have their own, later step."""
    return rank(
        (
            e
            for e in on_call_at(roster, when, tz)
            if allowed(e, facts) and any(e.has_role(role) for role in FIELD_ROLES)
        ),
        facts,
    )


def in_their_language(
    chosen: Sequence[RosterEntry],
    facts: CaseFacts,
    roster: Sequence[RosterEntry],
    when: datetime,
    tz: ZoneInfo | str = DEFAULT_TZ,
) -> list[RosterEntry]:
    """Who a round's first step offers the case to when the person speaks a language other
    than the shared one: those ``chosen`` who speak it; if none of them does, anyone on call in
    a field role who speaks it and whom the person would accept (a Spanish speaker in another
    role serves them better than a suited responder they cannot talk with). Empty when nobody
    on call speaks it: the next step, with everyone else, comes at once."""
    speakers = [entry for entry in chosen if speaks(entry, facts.language)]
    if speakers:
        return speakers
    return [e for e in all_on_call(facts, roster, when, tz) if speaks(e, facts.language)]


def with_role(
    role: str,
    facts: CaseFacts,
    roster: Sequence[RosterEntry],
    when: datetime,
    tz: ZoneInfo | str = DEFAULT_TZ,
) -> list[RosterEntry]:
    """On-call responders with ``role`` whom the person would accept, best first."""
    return rank(
        (e for e in on_call_at(roster, when, tz) if e.has_role(role) and allowed(e, facts)),
        facts,
    )


@dataclass(frozen=True)
class CoordinatorChoice:
    """The coordinators to tell, and those skipped because the person asked for peers only."""

    chosen: tuple[RosterEntry, ...]
    skipped_police: tuple[RosterEntry, ...]
    on_call: bool


def coordinators(
    facts: CaseFacts,
    roster: Sequence[RosterEntry],
    when: datetime,
    tz: ZoneInfo | str = DEFAULT_TZ,
) -> CoordinatorChoice:
    """The on-call coordinators; if none is on call, every available (then every active)
    coordinator, because a case must reach someone. Only coordinators whose number can be
    texted count: one who texted STOP is passed over for one who will read it, and so does a
    coordinator whose own number the case is about. Police coordinators are skipped on
    peers-only cases and reported so the timeline can say so."""
    reachable = [
        e
        for e in roster
        if e.active and e.reachable and e.has_role(COORDINATOR) and not_about_them(e, facts)
    ]
    on_call = on_call_at(reachable, when, tz)
    pool = on_call or [e for e in reachable if available_at(e, when)] or reachable
    chosen = [e for e in pool if allowed(e, facts)]
    skipped = [e for e in pool if not allowed(e, facts)]
    if not chosen and pool is not reachable:
        # Everyone in the narrower pool was police: widen to any coordinator the person accepts.
        chosen = [e for e in reachable if allowed(e, facts)]
    return CoordinatorChoice(
        chosen=tuple(rank(chosen, facts)),
        skipped_police=tuple(skipped),
        on_call=bool(on_call),
    )
