"""A question whether we are the police, said after an answer: "J, not a cop right?" at the name
question. The name is the answer; the question is answered too, plainly, with where the person
stands as their answers so far say (an officer may reach out, or no police will). Taken as a
refusal, it cost them the name and a team they chose. Reads normalised text."""

from __future__ import annotations

import re

from flows.about_us import asks_if_police

_YOU_ARE = r"(?:(?:youre|you are|ur|u r|ure|your|yall|yall are|you guys are|this is|its|it s) )?"
_A_COP = r"(?:a |the )?(?:cops?|police|police officers?|officers?|narcs?|law enforcement)"
_TAG = r"(?: (?:right|rite|ryt|yeah|ya|yea|correct|huh|eh|i hope|hopefully|tho|though|lol))*"
_NOT_A_COP_ASKED = re.compile(rf"^(?:(?:but|and|so|ok) )?{_YOU_ARE}not {_A_COP}{_TAG}$")


def asks_if_police_aside(norm: str) -> bool:
    """The words ask whether we are the police ("not a cop right", "is this the cops")."""
    return bool(_NOT_A_COP_ASKED.match(norm)) or asks_if_police(norm)


def where_they_stand_now(peers_only: object) -> str:
    """The string that answers it, from the team answer saved so far (``POLICE_VAR``): none
    yet, the general answer."""
    if peers_only is False:
        return "police_may_reach_out"
    if peers_only is True:
        return "no_police_will"
    return "confidential"
