"""When the benchmark's routing phase has seen all it will see: the end of its wait."""

from __future__ import annotations

from bench.run import routing_settled

A, B, C = "+14135550151", "+14135550152", "+14135550153"


def test_a_case_whose_third_offer_was_canceled_by_the_claim_is_settled() -> None:
    """Offered to A and B (C's offer still in our outbox when A claimed, so canceled): B's one
    notice is all that will come, where waiting for two notices ran out the clock."""
    assert routing_settled(["S1"], 1, {"S1": A}, {"S1": {A, B}}, {"S1": [1.0]})


def test_every_other_coach_whose_offer_went_out_must_be_told() -> None:
    assert not routing_settled(["S1"], 1, {"S1": A}, {"S1": {A, B, C}}, {"S1": [1.0]})
    assert routing_settled(["S1"], 1, {"S1": A}, {"S1": {A, B, C}}, {"S1": [1.0, 1.1]})
    # The claimer's own offer never went out: both coaches who got one are told.
    assert not routing_settled(["S1"], 1, {"S1": A}, {"S1": {B, C}}, {"S1": [1.0]})


def test_an_unanswered_claim_or_a_missing_case_is_not_settled() -> None:
    assert not routing_settled(["S1"], 1, {}, {"S1": {A, B}}, {})
    assert not routing_settled(["S1"], 2, {"S1": A}, {"S1": {A, B}}, {"S1": [1.0]})
    assert not routing_settled(["S1", "S2"], 2, {"S1": A}, {"S1": {A, B}, "S2": {B}}, {"S1": [1.0]})
