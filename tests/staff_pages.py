"""Helpers for admin page tests: a staff account, a signed-in client, CSRF tokens from pages."""

from __future__ import annotations

import re

from hotline.admin.auth import create_user
from models.session import session_scope

PASSWORD = "correct horse battery staple"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "the page has no CSRF token"
    return match.group(1)


def sign_in(client, sessions, role: str, email: str | None = None):
    """Create an account with ``role`` and sign the client in through the real login form."""
    email = email or f"{role}@example.org"
    with session_scope(sessions) as session:
        create_user(session, email, PASSWORD, role=role, name=role.title())
    page = client.get("/admin/login")
    response = client.post(
        "/admin/login",
        data={"email": email, "password": PASSWORD, "csrf_token": csrf_token(page.text)},
    )
    assert response.status_code == 302, response.text
    return client


def post_form(client, path: str, data: dict | None = None, page: str = "/admin/"):
    """POST like a browser does: with the CSRF token from a page the client can see."""
    token_page = client.get(page, follow_redirects=True)
    return client.post(path, data={**(data or {}), "csrf_token": csrf_token(token_page.text)})
