"""Fuzzing ``POST /api/referrals`` from its OpenAPI description, through Flask's test client.

Bodies are generated from the request schema in ``hotline/openapi/referrals.yaml`` (by
Hypothesis strategies built from it below), from arbitrary JSON, and from arbitrary bytes with
arbitrary headers.
Whatever comes in, the answer is one the description documents, never a 500.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hotline import api
from hotline.places_store import load_places
from routing import runtime

SPEC_PATH = Path(__file__).resolve().parent.parent / "hotline" / "openapi" / "referrals.yaml"
SPEC = yaml.safe_load(SPEC_PATH.read_text())
OPERATION = SPEC["paths"]["/api/referrals"]["post"]
DOCUMENTED = {int(code) for code in OPERATION["responses"]}
VALID_PHONES = ["413-555-0123", "+14135550177", "(413) 555-0199", "4135550142"]
TOWNS = ["Northampton", "noho", "Amherst", "Ware", None]

FUZZ = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)


def json_schema(node: Any) -> Any:
    """OpenAPI 3.0's schema dialect as JSON Schema: ``nullable`` becomes a null type,
    ``$ref`` is inlined, and documentation-only keywords go."""
    if isinstance(node, list):
        return [json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        target: Any = SPEC
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        return json_schema(target)
    out = {
        key: json_schema(value)
        for key, value in node.items()
        if key not in ("nullable", "example", "description", "default")
    }
    if node.get("nullable") and "type" in out:
        out["type"] = [out["type"], "null"]
    return out


REQUEST_SCHEMA = json_schema(OPERATION["requestBody"]["content"]["application/json"]["schema"])


def from_schema(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values for the JSON Schema subset the description uses, edges included: every enum
    member, strings at and past their limits, nulls where allowed, a stray property now and
    then (which the endpoint must refuse cleanly)."""
    types = schema.get("type", [])
    types = types if isinstance(types, list) else [types]
    options: list[st.SearchStrategy[Any]] = []
    if "null" in types:
        options.append(st.none())
    if "enum" in schema:
        options.append(st.sampled_from(schema["enum"]))
    elif "object" in types:
        properties = {name: from_schema(sub) for name, sub in schema["properties"].items()}
        required = set(schema.get("required", ()))
        options.append(
            st.fixed_dictionaries(
                {name: properties[name] for name in required},
                optional={
                    **{n: s for n, s in properties.items() if n not in required},
                    "unexpected": st.text(max_size=5),
                },
            )
        )
    elif "string" in types:
        if "pattern" in schema:
            options.append(st.from_regex(schema["pattern"], fullmatch=True))
        limit = schema.get("maxLength", 64)
        options.append(st.text(min_size=schema.get("minLength", 0), max_size=limit))
        options.append(st.text(min_size=limit, max_size=limit + 2))
    elif "boolean" in types:
        options.append(st.booleans())
    return st.one_of(options)


@pytest.fixture
def fuzz_app(app, sessions):
    with sessions.begin() as session:
        load_places(session)
        _, key = api.create_partner(session, "Fuzz General", runtime.current().clock())
    return app, key


def check(response) -> None:
    assert response.status_code in DOCUMENTED, (response.status_code, response.data[:300])
    if response.status_code >= 400:
        assert "error" in response.get_json()
    if response.status_code in (200, 201):
        assert {"case", "status", "received_at"} <= set(response.get_json())


schema_bodies = st.tuples(
    from_schema(REQUEST_SCHEMA),
    st.one_of(st.none(), st.sampled_from(VALID_PHONES)),
    st.one_of(st.none(), st.sampled_from(TOWNS)),
).map(
    lambda drawn: {
        **drawn[0],
        **({"phone": drawn[1]} if drawn[1] else {}),
        **({"town": drawn[2]} if drawn[2] else {}),
    }
)
header_text = st.text(
    st.characters(min_codepoint=0, max_codepoint=255, blacklist_characters="\r\n"), max_size=200
)


@FUZZ
@given(body=schema_bodies, idempotency=st.one_of(st.none(), header_text))
def test_bodies_from_the_schema(fuzz_app, body, idempotency):
    app, key = fuzz_app
    headers = {"Authorization": f"Bearer {key}"}
    if idempotency is not None:
        headers["Idempotency-Key"] = idempotency
    check(app.test_client().post("/api/referrals", json=body, headers=headers))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)
keyed_objects = st.dictionaries(
    st.sampled_from([*REQUEST_SCHEMA["properties"], "extra", ""]), json_values, max_size=8
)


@FUZZ
@given(body=st.one_of(json_values, keyed_objects))
def test_arbitrary_json(fuzz_app, body):
    app, key = fuzz_app
    response = app.test_client().post(
        "/api/referrals",
        data=json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    check(response)


@FUZZ
@given(
    raw=st.binary(max_size=3000),
    content_type=st.sampled_from(
        [
            "application/json",
            "application/json; charset=latin-1",
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data",
            "",
        ]
    ),
    authorization=st.one_of(st.none(), header_text, st.just("valid")),
)
def test_arbitrary_bytes_and_headers(fuzz_app, raw, content_type, authorization):
    app, key = fuzz_app
    headers = {}
    if authorization is not None:
        headers["Authorization"] = f"Bearer {key}" if authorization == "valid" else authorization
    response = app.test_client().post(
        "/api/referrals", data=raw, content_type=content_type, headers=headers
    )
    check(response)


def test_the_description_matches_the_validator():
    """Every field the endpoint accepts is described, and the limits agree."""
    properties = REQUEST_SCHEMA["properties"]
    assert set(properties) == api.FIELDS
    assert set(REQUEST_SCHEMA["required"]) == {"phone", "referral_type"}
    for field, limit in api.LIMITS.items():
        assert properties[field]["maxLength"] == limit
    assert properties["referral_type"]["enum"] == list(api.REFERRAL_TYPES)


@pytest.mark.parametrize("field", ["name", "notes", "best_time", "town"])
def test_a_nul_character_in_any_text_field(fuzz_app, field):
    app, key = fuzz_app
    body = {"phone": "413-555-0123", "referral_type": "other", field: "Sa\x00m"}
    response = app.test_client().post(
        "/api/referrals", json=body, headers={"Authorization": f"Bearer {key}"}
    )
    check(response)


def test_a_nul_character_in_the_idempotency_key(fuzz_app):
    app, key = fuzz_app
    response = app.test_client().post(
        "/api/referrals",
        json={"phone": "413-555-0123", "referral_type": "other"},
        headers={"Authorization": f"Bearer {key}", "Idempotency-Key": "k\x00ey"},
    )
    check(response)
