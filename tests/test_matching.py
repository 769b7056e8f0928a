"""Matching: suited roles, town coverage, language, availability, and peers only means no police."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from routing.matching import (
    CaseFacts,
    all_on_call,
    coordinators,
    in_their_language,
    match_responders,
    with_role,
)
from routing.oncall import Override, RosterEntry

NOW = datetime(2024, 6, 4, 16, 0, tzinfo=UTC)
ON = (Override(NOW - timedelta(hours=1), NOW + timedelta(hours=1)),)


def person(rid: int, name: str, *roles: str, on: bool = True, **kw) -> RosterEntry:
    return RosterEntry(responder_id=rid, name=name, roles=roles, overrides=ON if on else (), **kw)


COACH = person(1, "coach", "recovery_coach")
HARM = person(2, "harm", "harm_reduction_specialist")
FAMILY = person(3, "family", "family_support_specialist")
POLICE = person(4, "police", "police_officer")
POLICE_COACH = person(5, "police_coach", "police_officer", "recovery_coach")
SPANISH_HARM = person(6, "spanish_harm", "harm_reduction_specialist", languages=("en", "es"))
WARE_COACH = person(7, "ware_coach", "recovery_coach", towns=("Ware",))
OFF_COACH = person(8, "off_coach", "recovery_coach", on=False)
AWAY_COACH = person(9, "away_coach", "recovery_coach", available=False)
STOPPED_COACH = person(13, "stopped_coach", "recovery_coach", reachable=False)
COORD = person(10, "coord", "coordinator")
ROSTER = [
    COACH,
    HARM,
    FAMILY,
    POLICE,
    POLICE_COACH,
    SPANISH_HARM,
    WARE_COACH,
    OFF_COACH,
    AWAY_COACH,
    STOPPED_COACH,
]


def names(entries) -> list[str]:
    return [e.name for e in entries]


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        # Treatment info: recovery coaches; Ware's coach does not cover Northampton.
        (
            CaseFacts("self_referral", ("treatment",), "Northampton", peers_only=False),
            ["coach", "police_coach"],
        ),
        # Peers only: the officer who is also a coach is left out.
        (CaseFacts("self_referral", ("treatment",), "Northampton"), ["coach"]),
        # In Ware, the coach who covers Ware by name comes before the county-wide one.
        (CaseFacts("self_referral", ("coach",), "Ware"), ["ware_coach", "coach"]),
        # Supplies and naloxone: harm-reduction specialists.
        (CaseFacts("self_referral", ("naloxone",), None), ["harm", "spanish_harm"]),
        # A Spanish-speaking texter: Spanish speakers first, then the best-suited role.
        (
            CaseFacts("self_referral", ("coach", "supplies"), "Amherst", "es"),
            ["spanish_harm", "coach", "harm"],
        ),
        # Family: the family support specialist first, then coaches.
        (CaseFacts("family", ("learn",), "Amherst"), ["family", "coach", "harm", "spanish_harm"]),
        (CaseFacts("family", ("grief",), None), ["family", "coach", "ware_coach"]),
        # No particular need: any field role, never a coordinator; police only if allowed.
        # A case with no town is anyone's, whatever towns they cover.
        (
            CaseFacts("self_referral", ("other",), None),
            ["coach", "harm", "family", "spanish_harm", "ware_coach"],
        ),
        (
            CaseFacts("self_referral", (), None, peers_only=False),
            ["coach", "harm", "family", "police", "police_coach", "spanish_harm", "ware_coach"],
        ),
        # Partner post-overdose referral with police allowed: the team, police included.
        (
            CaseFacts("partner", (), None, peers_only=False, referral_type="post_overdose"),
            ["coach", "police_coach", "ware_coach", "harm", "spanish_harm", "police"],
        ),
        (
            CaseFacts("partner", (), None, peers_only=True, referral_type="post_overdose"),
            ["coach", "ware_coach", "harm", "spanish_harm"],
        ),
    ],
)
def test_match_responders(facts: CaseFacts, expected: list[str]) -> None:
    assert names(match_responders(facts, ROSTER, NOW)) == expected


PEERS_ONLY_CASES = [
    CaseFacts("self_referral", ("treatment",), None),
    CaseFacts("partner", (), "Ware", "es", referral_type="post_overdose"),
    CaseFacts("family", ("now",), "Amherst"),
]


@pytest.mark.parametrize("facts", PEERS_ONLY_CASES)
def test_peers_only_never_reaches_police_at_any_step(facts: CaseFacts) -> None:
    police_coord = person(11, "police_coord", "coordinator", "police_officer")
    roster = [*ROSTER, police_coord]
    offered = [
        *in_their_language(match_responders(facts, roster, NOW), facts, roster, NOW),
        *in_their_language([], facts, [*roster, SPANISH_POLICE], NOW),
        *match_responders(facts, roster, NOW),
        *all_on_call(facts, roster, NOW),
        *with_role("police_officer", facts, roster, NOW),
        *with_role("recovery_coach", facts, roster, NOW),
        *coordinators(facts, roster, NOW).chosen,
    ]
    assert offered
    assert not [e for e in offered if "police_officer" in e.roles]


SPANISH_POLICE = person(14, "spanish_police", "police_officer", languages=("es", "en"))
SPANISH_COACH = person(15, "spanish_coach", "recovery_coach", languages=("es",))


@pytest.mark.parametrize(
    ("facts", "roster", "expected"),
    [
        # The suited Spanish speaker alone, not the suited English-only coaches.
        (
            CaseFacts("self_referral", ("coach",), "Amherst", "es"),
            [*ROSTER, SPANISH_COACH],
            ["spanish_coach"],
        ),
        # No suited Spanish speaker: a Spanish speaker on call in another role.
        (CaseFacts("self_referral", ("coach",), "Amherst", "es"), ROSTER, ["spanish_harm"]),
        (CaseFacts("family", ("grief",), None, "es"), ROSTER, ["spanish_harm"]),
        # Nobody on call speaks it: nobody yet (the next step offers it to everyone).
        (
            CaseFacts("self_referral", ("coach",), "Amherst", "pt"),
            [*ROSTER, SPANISH_COACH],
            [],
        ),
        # A Spanish-speaking officer, only when the person said police may come.
        (
            CaseFacts("self_referral", ("coach",), "Amherst", "es", peers_only=False),
            [COACH, SPANISH_POLICE],
            ["spanish_police"],
        ),
        (CaseFacts("self_referral", ("coach",), "Amherst", "es"), [COACH, SPANISH_POLICE], []),
    ],
)
def test_in_their_language(facts: CaseFacts, roster, expected: list[str]) -> None:
    chosen = match_responders(facts, roster, NOW)
    assert names(in_their_language(chosen, facts, roster, NOW)) == expected


def test_all_on_call_leaves_out_only_who_the_person_refused() -> None:
    facts = CaseFacts("self_referral", ("coach",), "Northampton", peers_only=False)
    assert names(all_on_call(facts, ROSTER, NOW)) == [
        "coach",
        "police_coach",
        "ware_coach",
        "harm",
        "family",
        "police",
        "spanish_harm",
    ]


@pytest.mark.parametrize(
    ("roster", "peers_only", "chosen", "skipped", "on_call"),
    [
        ([COORD], True, ["coord"], [], True),
        # The only coordinator on call is an officer: skipped for peers only, and said so.
        (
            [person(11, "police_coord", "coordinator", "police_officer")],
            True,
            [],
            ["police_coord"],
            True,
        ),
        (
            [person(11, "police_coord", "coordinator", "police_officer")],
            False,
            ["police_coord"],
            [],
            True,
        ),
        # The officer is on call, a peer coordinator is not: the peer is told all the same.
        (
            [
                person(11, "police_coord", "coordinator", "police_officer"),
                person(12, "peer_coord", "coordinator", on=False),
            ],
            True,
            ["peer_coord"],
            ["police_coord"],
            True,
        ),
        # Nobody on call: every available coordinator, then every active one.
        ([person(12, "peer_coord", "coordinator", on=False)], True, ["peer_coord"], [], False),
        (
            [person(12, "peer_coord", "coordinator", on=False, available=False)],
            True,
            ["peer_coord"],
            [],
            False,
        ),
        ([person(12, "x", "coordinator", active=False)], True, [], [], False),
        # OFF for the night (an "off" override) is OFF: the other coordinator is told first.
        (
            [
                person(12, "peer_coord", "coordinator", on=False, available=False),
                RosterEntry(
                    responder_id=14,
                    name="off_tonight",
                    roles=("coordinator",),
                    overrides=(Override(NOW, NOW + timedelta(hours=9), on_call=False),),
                ),
                person(15, "off_shift", "coordinator", on=False),
            ],
            True,
            ["off_shift"],
            [],
            False,
        ),
        # The on-call coordinator texted STOP: they are not on call, the reachable one is told.
        (
            [
                person(10, "stopped", "coordinator", reachable=False),
                person(12, "peer_coord", "coordinator", on=False),
            ],
            True,
            ["peer_coord"],
            [],
            False,
        ),
        # Nobody reachable at all: nobody chosen (the caller says so on the timeline).
        ([person(10, "stopped", "coordinator", reachable=False)], True, [], [], False),
    ],
)
def test_coordinators(roster, peers_only, chosen, skipped, on_call) -> None:
    facts = CaseFacts("self_referral", (), None, peers_only=peers_only)
    choice = coordinators(facts, roster, NOW)
    assert names(choice.chosen) == chosen
    assert names(choice.skipped_police) == skipped
    assert choice.on_call is on_call
