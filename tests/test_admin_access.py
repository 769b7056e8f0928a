"""The whole admin URL map, walked: what tests/test_admin_auth.py does not already cover.

- every POST route refuses a request without a CSRF token, for every role (admin included);
- admin-only routes (audit, erasure) refuse coordinators on every method;
- what a texter or a partner can type (message body, name to use, partner notes, best time)
  is escaped on every admin page that shows it, whichever page that is;
- security headers on every response, not only admin pages (webhooks, API, errors).
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from werkzeug.routing import IntegerConverter

from hotline import admin as admin_pkg
from hotline.admin.auth import create_user
from hotline.api import create_partner
from hotline.database import sessions as db_sessions
from hotline.flow_store import install_shipped_flows
from hotline.places_store import load_places
from models import Case, utcnow
from models.session import session_scope
from tests.conftest import post_signed, sms_form
from tests.test_admin_auth import PASSWORD, csrf_token, log_in

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;"
ADMIN_ONLY = {"admin.audit_log", "admin.erase_form", "admin.erase_review", "admin.erase_confirm"}


def signed_in(app, role: str):
    with app.app_context(), session_scope(db_sessions()) as session:
        create_user(session, f"{role}@example.org", PASSWORD, role=role)
    client = app.test_client()
    assert log_in(client, f"{role}@example.org").status_code == 302
    return client


def admin_rules(app):
    return [
        rule
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/admin") and rule.endpoint not in admin_pkg.PUBLIC_ENDPOINTS
    ]


def url_for_rule(rule, code: str = "ABCD") -> str:
    values = {
        name: 1
        if isinstance(conv, IntegerConverter)
        else {"code": code, "name": "summary"}.get(name, "menu")
        for name, conv in rule._converters.items()
    }
    return rule.build(values)[1]


@pytest.mark.parametrize("role", ["admin", "coordinator", "viewer"])
def test_every_post_route_needs_a_csrf_token(app, role):
    client = signed_in(app, role)
    posts = [r for r in admin_rules(app) if "POST" in r.methods]
    assert len(posts) >= 20
    for rule in posts:
        response = client.post(url_for_rule(rule), data={"body": "x", "phone": "+14135550123"})
        assert response.status_code == 400, (role, rule.rule, response.status_code)


def test_admin_only_routes_refuse_coordinators(app):
    client = signed_in(app, "coordinator")
    token = csrf_token(client, "/admin/flows")
    checked = 0
    for rule in admin_rules(app):
        if rule.endpoint not in ADMIN_ONLY:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url_for_rule(rule), method=method, data={"csrf_token": token})
            assert response.status_code == 403, (rule.rule, method)
            checked += 1
    assert checked == len(ADMIN_ONLY)


@pytest.fixture
def hostile_data(app, sessions):
    """A texter and a partner who type markup into every field they can fill."""
    with sessions.begin() as session:
        install_shipped_flows(session, utcnow())
        load_places(session)
        _, key = create_partner(session, "Hostile ED", utcnow())
    client = app.test_client()
    response = client.post(
        "/api/referrals",
        json={
            "phone": "413-555-0123",
            "referral_type": "other",
            "name": "Nm" + XSS[:60],
            "notes": "Notes" + XSS,
            "best_time": XSS[:32],
            "town": "Northampton",
        },
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 201, response.json
    texter = "+14135550124"
    for body in ["hi", "1", "1", "northampton", "text", "evening", "peers", XSS, "yes"]:
        assert post_signed(client, "/twilio/sms", sms_form(body, texter)).status_code == 200
    assert post_signed(client, "/twilio/sms", sms_form(XSS, texter)).status_code == 200
    with sessions() as session:
        return session.scalars(select(Case.code).order_by(Case.id)).all()


def test_what_people_type_is_escaped_on_every_admin_page(app, hostile_data):
    client = signed_in(app, "admin")
    token = csrf_token(client, "/admin/flows")
    shown_escaped = 0
    for code in hostile_data:
        # Reveal the number, so the detail page shows everything it can.
        client.post(f"/admin/cases/{code}/reveal", data={"csrf_token": token})
        for rule in admin_rules(app):
            if "GET" not in rule.methods:
                continue
            response = client.get(url_for_rule(rule, code), follow_redirects=True)
            assert response.status_code < 500, rule.rule
            page = response.get_data(as_text=True)
            assert "<script>alert" not in page, rule.rule
            assert "onerror=alert" not in page.replace("onerror=alert(1)&gt;", ""), rule.rule
            shown_escaped += page.count(ESCAPED)
    assert shown_escaped > 0  # the payloads were on some page, escaped


def test_security_headers_on_every_response(app, client):
    responses_seen = [
        client.get("/admin/login"),
        client.get("/no-such-page"),
        client.post("/twilio/sms", data=sms_form("hi")),  # refused: 403
        post_signed(client, "/twilio/sms", sms_form("hi", sender="72345")),  # 400
        client.post("/api/referrals", json={}),  # 401
        client.get("/static/admin.css"),
    ]
    for response in responses_seen:
        for name, value in admin_pkg.SECURITY_HEADERS.items():
            assert response.headers.get(name) == value, (response.request.path, name)
    html = [r for r in responses_seen if r.mimetype == "text/html"]
    assert html and all("Content-Security-Policy" in r.headers for r in html)
    assert re.search(r"frame-ancestors 'none'", html[0].headers["Content-Security-Policy"])


def test_admins_find_the_erasure_page_in_the_menu_and_others_do_not(app, sessions):
    from tests.staff_pages import sign_in

    admin, coordinator = app.test_client(), app.test_client()
    sign_in(admin, sessions, role="admin", email="a@example.org")
    sign_in(coordinator, sessions, role="coordinator", email="c@example.org")
    assert b'href="/admin/privacy/erase"' in admin.get("/admin/sites").data
    assert b'href="/admin/privacy/erase"' not in coordinator.get("/admin/sites").data
