"""The admin's locks: sign-in, roles, CSRF, rate limits, redirects, sessions, headers, audit."""

from __future__ import annotations

import re
import threading

import pytest
from sqlalchemy import func, select

from hotline import admin as admin_pkg
from hotline.admin import auth
from hotline.admin.auth import create_user, role_required, safe_next
from hotline.admin.lockouts import LOCKED_ACTION, record_refused_sign_in
from hotline.database import sessions
from models import AuditLog, User
from models.session import make_sessionmaker, session_scope
from tests.conftest import PRODUCTION_HASHER, post_signed, sms_form

PASSWORD = "correct horse battery staple"
# Argon2id at RFC 9106's low-memory profile: 64 MiB, three passes, four lanes.
PRODUCTION_COST = "$argon2id$v=19$m=65536,t=3,p=4$"

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
COOKIE = "hotline_session"


def add_user(app, email: str, role: str, password: str = PASSWORD, active: bool = True) -> int:
    with app.app_context(), session_scope(sessions()) as session:
        user = create_user(session, email, password, role=role)
        user.active = active
        session.flush()
        return user.id


def csrf_token(client, path: str = "/admin/login") -> str:
    match = CSRF.search(client.get(path).get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def log_in(client, email: str, password: str = PASSWORD, next_url: str | None = None):
    data = {"email": email, "password": password, "csrf_token": csrf_token(client)}
    if next_url is not None:
        data["next"] = next_url
    return client.post("/admin/login", data=data)


def stored_hash(app, email: str) -> str:
    with app.app_context(), sessions()() as session:
        return session.scalar(select(User.password_hash).where(User.email == email))


def test_staff_sign_in_with_passwords_hashed_at_production_cost(app, client, monkeypatch):
    """Every other test hashes at argon2's cheapest; this one hashes as production does."""
    monkeypatch.setattr(auth, "_hasher", PRODUCTION_HASHER)
    add_user(app, "coord@example.org", "coordinator")
    assert stored_hash(app, "coord@example.org").startswith(PRODUCTION_COST)
    assert log_in(client, "coord@example.org", "not the password").status_code == 401
    assert log_in(client, "coord@example.org").status_code == 302


def test_a_password_hashed_more_cheaply_is_rehashed_at_production_cost_on_sign_in(
    app, client, monkeypatch
):
    add_user(app, "viewer@example.org", "viewer")
    assert not stored_hash(app, "viewer@example.org").startswith(PRODUCTION_COST)
    monkeypatch.setattr(auth, "_hasher", PRODUCTION_HASHER)
    assert log_in(client, "viewer@example.org").status_code == 302
    assert stored_hash(app, "viewer@example.org").startswith(PRODUCTION_COST)


def admin_rules(app):
    return [
        rule
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/admin") and rule.endpoint not in admin_pkg.PUBLIC_ENDPOINTS
    ]


def sample_url(rule) -> str:
    from werkzeug.routing import IntegerConverter

    values = {
        name: 1 if isinstance(conv, IntegerConverter) else "menu"
        for name, conv in rule._converters.items()
    }
    return rule.build(values)[1]


def test_every_admin_page_needs_signing_in(app, client):
    rules = admin_rules(app)
    assert {"admin.flows", "admin.edit_flow", "admin.audit_log"} <= {r.endpoint for r in rules}
    for rule in rules:
        url = sample_url(rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method)
            assert response.status_code == 302, (method, url)
            assert response.location.startswith("/admin/login"), (method, url)


def test_viewer_cannot_post_to_edit_routes(app, client):
    add_user(app, "viewer@example.org", "viewer")
    assert log_in(client, "viewer@example.org").status_code == 302
    token = csrf_token(client, "/admin/flows")
    posted = 0
    for rule in admin_rules(app):
        if "POST" not in rule.methods or rule.endpoint in admin_pkg._viewer_posts:
            continue
        response = client.post(sample_url(rule), data={"csrf_token": token, "body": "x"})
        assert response.status_code == 403, rule.rule
        posted += 1
    assert posted >= 4  # save, publish, rollback, and the other admin pages' forms


def test_coordinator_cannot_change_flows(app, client):
    add_user(app, "coord@example.org", "coordinator")
    log_in(client, "coord@example.org")
    token = csrf_token(client, "/admin/flows")
    for path in ("/admin/flows/menu", "/admin/flows/menu/publish", "/admin/flows/menu/rollback"):
        response = client.post(path, data={"csrf_token": token, "version": "1"})
        assert response.status_code in (403, 404), path
    assert client.get("/admin/audit").status_code == 403


def test_post_without_csrf_token_is_refused(app, client):
    assert app.config["WTF_CSRF_ENABLED"] is True
    add_user(app, "admin@example.org", "admin")
    log_in(client, "admin@example.org")
    assert client.post("/admin/logout").status_code == 400
    assert client.post("/admin/flows/menu", data={"body": "x"}).status_code == 400
    assert client.post("/admin/logout", data={"csrf_token": "forged"}).status_code == 400
    # The login form itself is protected too.
    client.post("/admin/logout", data={"csrf_token": csrf_token(client, "/admin/flows")})
    response = client.post(
        "/admin/login", data={"email": "admin@example.org", "password": PASSWORD}
    )
    assert response.status_code == 400


def test_webhooks_and_partner_api_are_not_csrf_protected(app, client):
    response = post_signed(client, "/twilio/sms", sms_form("hi"))
    assert response.status_code == 200
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api") and "POST" in rule.methods:
            response = client.post(sample_url(rule), json={})
            assert "CSRF" not in response.get_data(as_text=True), rule.rule


def test_sign_in_and_out(app, client):
    add_user(app, "Admin@Example.org", "admin")
    response = log_in(client, "ADMIN@example.org")
    assert response.status_code == 302
    assert response.location == "/admin/"
    page = client.get("/admin/flows")
    assert page.status_code == 200
    assert "admin@example.org" in page.get_data(as_text=True)
    token = csrf_token(client, "/admin/flows")
    assert client.post("/admin/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/admin/flows").status_code == 302


def test_wrong_password_unknown_email_and_inactive_account_are_refused(app, client):
    add_user(app, "admin@example.org", "admin")
    add_user(app, "gone@example.org", "admin", active=False)
    assert log_in(client, "admin@example.org", "not the password").status_code == 401
    assert log_in(client, "nobody@example.org").status_code == 401
    assert log_in(client, "gone@example.org").status_code == 401
    assert client.get("/admin/flows").status_code == 302


def test_login_rate_limit(app, client):
    add_user(app, "admin@example.org", "admin")
    for _ in range(5):
        assert log_in(client, "admin@example.org", "guess").status_code == 401
    response = log_in(client, "admin@example.org")
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.get_data(as_text=True)
    # Another account from the same address is not locked out by someone else's typos.
    add_user(app, "other@example.org", "viewer")
    assert log_in(client, "other@example.org").status_code == 302


def test_a_lockout_is_audited_once_with_the_count_of_refused_attempts(app, client, sessions):
    """Guessing past the limit leaves a trace an admin can tell from typos: one row per
    lockout (not one per refused attempt), counting them; no password, address or email."""
    user_id = add_user(app, "admin@example.org", "admin")
    for _ in range(5):
        assert log_in(client, "admin@example.org", "guess").status_code == 401
    for _ in range(4):
        assert log_in(client, "admin@example.org", "hunter2hunter2").status_code == 429
    for _ in range(5):
        log_in(client, "nobody@example.org", "guess")
    assert log_in(client, "nobody@example.org", "guess").status_code == 429
    with sessions() as session:
        locked = session.scalars(
            select(AuditLog).where(AuditLog.action == "user.login_locked").order_by(AuditLog.id)
        ).all()
        failed = session.scalar(select(func.count()).where(AuditLog.action == "user.login_failed"))
    assert failed == 10  # the refused attempts were never checked, so not counted as failed
    assert [(entry.target, entry.user_id) for entry in locked] == [
        (f"user:{user_id}", user_id),
        ("", None),
    ]
    assert [entry.data["refused"] for entry in locked] == [4, 1]
    assert locked[0].data["limit"] == "account"
    written = " ".join(f"{entry.target} {entry.data}" for entry in locked)
    for secret in ("hunter2", "guess", "127.0.0.1", "example.org"):
        assert secret not in written


def test_two_first_refusals_at_once_on_postgresql_share_one_lockout_row(pg_engine):
    """Nothing to lock before the lockout's row exists: the second refusal waits for the
    first one's transaction and counts on its row, not a row of its own."""
    factory = make_sessionmaker(pg_engine)
    first = factory()
    record_refused_sign_in(first, None, "admin-login-address")
    done = threading.Event()

    def second_attempt() -> None:
        with factory() as second:
            record_refused_sign_in(second, None, "admin-login-address")
            second.commit()
        done.set()

    thread = threading.Thread(target=second_attempt)
    thread.start()
    assert not done.wait(timeout=1.0), "the second refusal should wait for the first one"
    first.commit()
    first.close()
    thread.join(timeout=10)
    assert done.is_set()
    with factory() as check:
        rows = check.scalars(select(AuditLog).where(AuditLog.action == LOCKED_ACTION)).all()
    assert [(row.target, row.data) for row in rows] == [("", {"limit": "address", "refused": 2})]


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example",
        "//evil.example/admin/",
        "/\\evil.example",
        "javascript:alert(1)",
        "http://localhost/admin/flows",
        "/twilio/sms",
        "/admin/flows\r\nLocation: https://evil.example",
    ],
)
def test_no_open_redirect_after_login(app, client, target):
    add_user(app, "admin@example.org", "admin")
    response = log_in(client, "admin@example.org", next_url=target)
    assert response.status_code == 302
    assert response.location == "/admin/"


def test_next_on_this_site_is_followed(app, client):
    add_user(app, "admin@example.org", "admin")
    first = client.get("/admin/flows?x=1")
    assert first.location == "/admin/login?next=/admin/flows?x%3D1"
    response = log_in(client, "admin@example.org", next_url="/admin/flows?x=1")
    assert response.location == "/admin/flows?x=1"


def test_a_form_sent_after_signing_out_says_it_was_not_saved(app, client):
    # Signed out (sessions end after 8 hours) while writing a case note: the note went to the
    # sign-in page without a word, and signing in then opened the note's address, a POST-only
    # route: "405 Method Not Allowed". Now the sign-in page says it was not saved and leads
    # back to the case.
    add_user(app, "coord@example.org", "coordinator")
    response = client.post(
        "/admin/cases/ABCD/note",
        data={"text": "called, left a message"},
        headers={"Referer": "http://localhost/admin/cases/ABCD"},
    )
    assert response.status_code == 302
    assert response.location == "/admin/login?next=/admin/cases/ABCD"
    page = client.get(response.location).get_data(as_text=True)
    assert "You were signed out, so that was not saved" in page
    assert log_in(client, "coord@example.org", next_url="/admin/cases/ABCD").status_code == 302
    # Without a page on this site to go back to, it leads to the admin's front page.
    client.post("/admin/logout", data={"csrf_token": csrf_token(client, "/admin/flows")})
    response = client.post("/admin/cases/ABCD/note", headers={"Referer": "https://evil.example/"})
    assert response.location == "/admin/login"


def test_a_stale_form_gets_a_page_that_says_what_to_do(app, client):
    # A token from before the session's 8 hours ran out, or from another sign-in, met a bare
    # "Bad Request: The CSRF token is invalid." with no way on.
    add_user(app, "admin@example.org", "admin")
    log_in(client, "admin@example.org")
    response = client.post(
        "/admin/flows/menu",
        data={"csrf_token": "stale", "body": "x"},
        headers={"Referer": "http://localhost/admin/flows/menu"},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Hotline admin" in page and "<h1>That form was not sent</h1>" in page
    assert "Nothing was changed" in page
    assert 'href="/admin/flows/menu"' in page


def test_safe_next():
    assert safe_next("/admin/cases/3") == "/admin/cases/3"
    assert safe_next("/admin") == "/admin"
    assert safe_next("/administrator") is None
    assert safe_next("https://evil.example/admin/") is None
    assert safe_next(None) is None


def test_session_is_new_after_login(app, client):
    add_user(app, "admin@example.org", "admin")
    csrf_token(client)
    with client.session_transaction() as sess:
        sess["planted"] = "by someone else"
    before = client.get_cookie(COOKIE).value
    log_in(client, "admin@example.org")
    after = client.get_cookie(COOKIE).value
    assert after != before
    with client.session_transaction() as sess:
        assert "planted" not in sess
        assert "_user_id" in sess
    # The cookie from before signing in opens nothing.
    other = app.test_client()
    other.set_cookie(COOKIE, before)
    assert other.get("/admin/flows").status_code == 302


def test_sign_out_ends_copies_of_the_session(app, client):
    add_user(app, "admin@example.org", "admin")
    log_in(client, "admin@example.org")
    signed_in = client.get_cookie(COOKIE).value
    client.post("/admin/logout", data={"csrf_token": csrf_token(client, "/admin/flows")})
    thief = app.test_client()
    thief.set_cookie(COOKIE, signed_in)
    assert thief.get("/admin/flows").status_code == 302


def test_security_headers(client):
    response = client.get("/admin/login")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "HttpOnly" in response.headers["Set-Cookie"]
    assert "SameSite=Lax" in response.headers["Set-Cookie"]


def test_no_strict_transport_security_outside_production(client):
    # Development and tests run on plain HTTP: pinning HTTPS there would lock the browser out.
    assert "Strict-Transport-Security" not in client.get("/admin/login").headers


def test_production_asks_browsers_for_https_only(engine):
    from hotline import create_app
    from tests.conftest import make_settings

    app = create_app(
        make_settings(engine.url.render_as_string(hide_password=False), env="production")
    )
    client = app.test_client()
    for path in ("/admin/login", "/admin/cases"):
        response = client.get(path, base_url="https://localhost")
        assert (
            response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
        ), path


PUBLIC = "https://hotline.example.org"


@pytest.fixture
def production_app(engine):
    from hotline import close_app, create_app
    from tests.conftest import make_settings

    app = create_app(
        make_settings(engine.url.render_as_string(hide_password=False), env="production")
    )
    yield app
    close_app(app)


def proxied_sign_in(app, forwarded: dict[str, str]):
    """A browser on the public https URL, through a TLS proxy that sends ``forwarded``: the
    browser sends the Referer of the page it is on (Referrer-Policy: same-origin)."""
    add_user(app, "ops@example.org", "admin")
    client = app.test_client()
    page = client.get("/admin/login", base_url="http://10.0.0.5:8000", headers=forwarded)
    match = CSRF.search(page.get_data(as_text=True))
    assert match
    form = {"email": "ops@example.org", "password": PASSWORD, "csrf_token": match.group(1)}
    headers = {**forwarded, "Referer": f"{PUBLIC}/admin/login"}
    response = client.post(
        "/admin/login", data=form, base_url="http://10.0.0.5:8000", headers=headers
    )
    return client, response


def test_staff_sign_in_through_the_tls_proxy_in_production(production_app):
    """The session cookie is Secure and the CSRF check compares the Referer with the host: both
    hold behind a proxy that forwards the scheme and the public host."""
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "hotline.example.org"}
    client, response = proxied_sign_in(production_app, forwarded)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert "Secure" in response.headers["Set-Cookie"]
    cases = client.get("/admin/cases", base_url="http://10.0.0.5:8000", headers=forwarded)
    assert cases.status_code == 200


def test_a_proxy_that_drops_the_public_host_is_named_in_the_log(production_app, caplog):
    """nginx sends its upstream's address as the Host unless told otherwise: every admin form
    is then refused ("The referrer does not match the host."), and the log says what to set."""
    caplog.set_level("WARNING")
    _, response = proxied_sign_in(production_app, {"X-Forwarded-Proto": "https"})
    assert response.status_code == 400
    said = " ".join(r.getMessage() for r in caplog.records if r.name.startswith("hotline"))
    assert "hotline.example.org" in said and "10.0.0.5:8000" in said
    assert "X-Forwarded-Host" in said


def test_role_required(app):
    @role_required("coordinator")
    def staff_only():
        return "ok"

    app.add_url_rule("/staff-only", "staff_only", staff_only)
    for role in ("admin", "coordinator", "viewer"):
        add_user(app, f"{role}@example.org", role)
    assert app.test_client().get("/staff-only").status_code == 302
    for role, status in (("admin", 200), ("coordinator", 200), ("viewer", 403)):
        client = app.test_client()
        log_in(client, f"{role}@example.org")
        assert client.get("/staff-only").status_code == status, role
    with pytest.raises(ValueError):
        role_required("superuser")


def test_create_user_command(app, runner, sessions):
    result = runner.invoke(
        args=["admin", "create-user", "New@Example.org", "--role", "coordinator"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    again = runner.invoke(
        args=["admin", "create-user", "new@example.org", "--password-stdin"], input=f"{PASSWORD}\n"
    )
    assert again.exit_code != 0
    assert "already an account" in again.output
    short = runner.invoke(
        args=["admin", "create-user", "x@example.org", "--password-stdin"], input="short\n"
    )
    assert short.exit_code != 0
    with sessions() as session:
        user = session.scalar(select(User).where(User.email == "new@example.org"))
        assert user is not None and user.role == "coordinator"
        assert user.password_hash.startswith("$argon2id$")
        assert PASSWORD not in user.password_hash
    assert log_in(app.test_client(), "new@example.org").status_code == 302


@pytest.mark.parametrize(
    "command", [["deactivate-user"], ["set-password", "--password-stdin"], ["in the database"]]
)
def test_an_account_deactivated_or_given_a_new_password_is_signed_out_everywhere(
    app, client, runner, sessions, command
):
    """A session already open (a lost laptop, a person who left) ends at once, not when it
    would expire; a row deactivated by hand, without the command, is refused too."""
    add_user(app, "leaving@example.org", "admin")
    log_in(client, "leaving@example.org")
    assert client.get("/admin/audit").status_code == 200
    if command == ["in the database"]:
        with session_scope(sessions) as session:
            session.scalar(select(User).where(User.email == "leaving@example.org")).active = False
    else:
        args = ["admin", command[0], "leaving@example.org", *command[1:]]
        result = runner.invoke(args=args, input="another long passphrase\n")
        assert result.exit_code == 0, result.output
    response = client.get("/admin/audit")
    assert response.status_code == 302 and response.location.startswith("/admin/login")


def test_logins_are_audited_and_the_log_is_for_admins(app, client, sessions):
    add_user(app, "admin@example.org", "admin")
    log_in(client, "admin@example.org", "typo")
    log_in(client, "admin@example.org")
    page = client.get("/admin/audit")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "user.login_failed" in text and "user.login" in text
    with sessions() as session:
        actions = session.scalars(select(AuditLog.action).order_by(AuditLog.id)).all()
    assert actions == ["user.login_failed", "user.login"]
    filtered = client.get("/admin/audit?action=user.login_failed").get_data(as_text=True)
    assert filtered.count("<code>user.login_failed</code>") == 1


def test_the_audit_log_reads_in_the_programs_time_zone(app, client, sessions):
    """Staff read times in Hampshire County's clock, winter and summer, not UTC."""
    from datetime import UTC, datetime

    add_user(app, "admin@example.org", "admin")
    with sessions() as session:
        session.add(AuditLog(at=datetime(2026, 11, 24, 12, 0, tzinfo=UTC), action="a.winter"))
        session.add(AuditLog(at=datetime(2026, 7, 4, 3, 30, tzinfo=UTC), action="a.summer"))
        session.commit()
    log_in(client, "admin@example.org")
    text = client.get("/admin/audit").get_data(as_text=True)
    assert "Tue 24 Nov 2026, 07:00:00 EST" in text
    assert "Fri 3 Jul 2026, 23:30:00 EDT" in text
    # The zone as people say it, and its exact name (not "America/New York").
    assert "Times are Eastern time (America/New_York)." in text and "UTC" not in text


def test_each_role_lands_on_a_page_it_may_see(app):
    for role in ("admin", "coordinator", "viewer"):
        add_user(app, f"{role}@example.org", role)
        client = app.test_client()
        log_in(client, f"{role}@example.org")
        response = client.get("/admin/", follow_redirects=True)
        assert response.status_code == 200, role
        nav = response.get_data(as_text=True).split("</nav>")[0]
        assert ('href="/admin/cases"' in nav) is (role != "viewer"), role
        assert ('href="/admin/audit"' in nav) is (role == "admin"), role


def test_login_limits_are_kept_in_redis_when_configured(engine, redis_conn):
    from hotline import create_app
    from tests.conftest import REDIS_URL, make_settings

    def fresh_app():
        settings = make_settings(
            engine.url.render_as_string(hide_password=False), redis_url=REDIS_URL
        )
        return create_app(settings)

    app = fresh_app()
    add_user(app, "admin@example.org", "admin")
    for _ in range(5):
        assert log_in(app.test_client(), "admin@example.org", "guess").status_code == 401
    assert any(key.startswith(b"LIMITS") for key in redis_conn.keys("*"))
    # Another process (a second app here) sees the same count.
    assert log_in(fresh_app().test_client(), "admin@example.org").status_code == 429
