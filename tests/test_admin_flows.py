"""The flow pages of the admin, through the real app with CSRF on, and the webhook afterwards."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from hotline.admin.auth import create_user
from hotline.flow_store import install_shipped_flows
from hotline.places_store import load_places
from models import AuditLog, ConversationSession, FlowScript, FlowVersion, Message
from tests.conftest import post_signed, sms_form

PASSWORD = "correct horse battery staple"


CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
TEXTAREA = re.compile(r'<textarea id="body"[^>]*>(.*?)</textarea>', re.S)
# Words no transcript quotes: changing them changes no shipped conversation.
OLD_WORDS = "support about substance use, no judgment."
NEW_WORDS = "Brand new welcome words for testing."
_numbers = iter(range(1000, 9999))


@pytest.fixture
def seeded(sessions):
    with sessions() as session:
        install_shipped_flows(session, datetime(2026, 11, 1, tzinfo=UTC))
        load_places(session)
        for role in ("admin", "viewer"):
            create_user(session, f"{role}@example.org", PASSWORD, role=role)
        session.commit()
    return sessions


def signed_in(app, role: str):
    client = app.test_client()
    token = CSRF.search(client.get("/admin/login").get_data(as_text=True)).group(1)
    response = client.post(
        "/admin/login",
        data={"email": f"{role}@example.org", "password": PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302
    return client


@pytest.fixture
def admin(app, seeded):
    return signed_in(app, "admin")


def editor(client, flow_id: str = "menu") -> tuple[str, str, str]:
    """(csrf token, script text, base version) from the editor page."""
    page = client.get(f"/admin/flows/{flow_id}").get_data(as_text=True)
    token = CSRF.search(page).group(1)
    body = html.unescape(TEXTAREA.search(page).group(1))
    base = re.search(r'name="base_version" value="(\d*)"', page).group(1)
    return token, body, base


def save(client, body: str, base: str, flow_id: str = "menu", action: str = "save"):
    token = CSRF.search(client.get("/admin/flows").get_data(as_text=True)).group(1)
    return client.post(
        f"/admin/flows/{flow_id}",
        data={"csrf_token": token, "body": body, "base_version": base, "action": action},
    )


def post_form(client, path: str, **data):
    token = CSRF.search(client.get("/admin/flows").get_data(as_text=True)).group(1)
    return client.post(path, data={"csrf_token": token, **data})


def new_texter_hears(client) -> str:
    """What a brand-new texter gets back for "hi", through the signed Twilio webhook."""
    sender = f"+1413555{next(_numbers):04d}"
    response = post_signed(client, "/twilio/sms", sms_form("hi", sender=sender))
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def versions(sessions, flow_id: str = "menu") -> int:
    with sessions() as session:
        return session.scalar(
            select(func.count(FlowVersion.id)).where(FlowVersion.flow_id == flow_id)
        )


def test_flow_list(admin):
    page = admin.get("/admin/flows").get_data(as_text=True)
    for flow_id in ("menu", "self_referral", "family", "naloxone", "system"):
        assert f"<code>{flow_id}</code>" in page
    assert "v1" in page


def test_saving_nothing_new_makes_no_version(admin, seeded):
    _, body, base = editor(admin)
    response = save(admin, body, base)
    assert response.status_code == 302
    assert "Nothing changed" in admin.get(response.location).get_data(as_text=True)
    assert versions(seeded) == 1


def test_check_does_not_save_and_shows_where_the_error_is(admin, seeded):
    _, body, base = editor(admin)
    broken = body.replace("goto: naloxone", "goto: nowhere")
    page = save(admin, broken, base, action="check").get_data(as_text=True)
    errors = re.findall(r'class="problem problem--error">(.*?)</li>', page, re.S)
    assert any("nowhere" in html.unescape(error) for error in errors)
    assert "states.welcome.options[2]" in page
    line = broken.splitlines().index("        goto: nowhere") + 1
    assert f'data-line="{line}"' in page
    assert versions(seeded) == 1
    # Segment counts are shown for each prompt (the path may break after each dot).
    assert "states.<wbr>welcome.<wbr>prompt.<wbr>en" in page and "GSM-7" in page


def test_segment_table_keeps_each_character_and_its_advice_apart(admin, seeded):
    # Each advice has spaces of its own: run together, "“: type " ”: type " no-break space
    # (U+00A0): type a plain space" read as one sentence nobody could follow.
    _, body, base = editor(admin)
    typed = body.replace("free, confidential", "free,\u00a0\u201cconfidential\u201d", 1)
    page = save(admin, typed, base, action="check").get_data(as_text=True)
    path = r"states\.<wbr>welcome\.<wbr>prompt\.<wbr>en"
    row = re.search(rf"problem__where\">{path} .*?</tr>", page, re.S).group(0)
    shown = re.findall(r"<li><code>(.*?)</code></li>", row)
    assert [html.unescape(item) for item in shown] == [
        "no-break space (U+00A0): type a plain space",
        '\u201c: type "',
        '\u201d: type "',
    ]


def test_a_spanish_accent_that_costs_segments_is_a_warning_and_saved_as_typed(admin, seeded):
    """The editor says what "í" costs and what it would cost without it, and keeps what the
    admin typed: nothing is changed for them."""
    _, body, base = editor(admin)
    typed = body.replace("es: Apoyo para mi}", "es: Apoyo para mí}", 1)
    assert typed != body
    page = html.unescape(save(admin, typed, base, action="check").get_data(as_text=True))
    warnings = re.findall(r'class="problem problem--warning">(.*?)</li>', page, re.S)
    accents = [w for w in warnings if "without the accents" in w]
    assert accents and all("í: type i" in w for w in accents), warnings
    assert any("instead of" in w for w in accents), accents
    assert save(admin, typed, base).status_code == 302
    with seeded() as session:
        draft = session.scalars(
            select(FlowVersion).where(FlowVersion.flow_id == "menu", FlowVersion.version == 2)
        ).one()
    assert "es: Apoyo para mí}" in draft.body


def test_conflicting_save_is_refused(app, admin, seeded):
    _, body, base = editor(admin)
    other = signed_in(app, "admin")
    _, other_body, other_base = editor(other)
    assert save(admin, body.replace(OLD_WORDS, NEW_WORDS), base).status_code == 302
    response = save(other, other_body.replace(OLD_WORDS, "Different words."), other_base)
    assert response.status_code == 409
    page = html.unescape(response.get_data(as_text=True))
    assert "admin@example.org saved version 2" in page
    assert "Your text was not saved" in page
    assert "Different words." in page  # the refused text is kept in the editor
    assert versions(seeded) == 2
    # The text kept is the one edited from version 1, which setup saved and is published.
    meta = re.search(r'<p class="meta">(.*?)</p>', page, re.S).group(1)
    assert "Editing version 1" in meta and "saved by setup" in meta and "draft" not in meta


def test_publish_and_rollback_change_what_new_texters_get(admin, client, seeded):
    assert OLD_WORDS in new_texter_hears(client)
    _, body, base = editor(admin)
    assert save(admin, body.replace(OLD_WORDS, NEW_WORDS), base).status_code == 302
    assert OLD_WORDS in new_texter_hears(client)  # a draft changes nothing yet

    diff = admin.get("/admin/flows/menu/versions/2").get_data(as_text=True)
    assert "Changes from the published version" in diff and "diff_chg" in diff

    response = post_form(admin, "/admin/flows/menu/publish", version="2")
    assert response.status_code == 302
    assert NEW_WORDS in new_texter_hears(client)

    response = post_form(admin, "/admin/flows/menu/rollback", version="1")
    assert response.status_code == 302
    heard = new_texter_hears(client)
    assert OLD_WORDS in heard and NEW_WORDS not in heard
    with seeded() as session:
        assert session.get(FlowScript, "menu").published_version == 3
        actions = session.scalars(
            select(AuditLog.action).where(AuditLog.target == "flow:menu").order_by(AuditLog.id)
        ).all()
    assert actions == ["flow.save", "flow.publish", "flow.rollback"]
    history = admin.get("/admin/flows/menu/history").get_data(as_text=True)
    assert "rollback to version 1" in history and "admin@example.org" in history


def test_a_draft_that_changes_a_shipped_conversation_needs_an_explicit_yes(admin, seeded):
    """Publishing is refused, and the admin sent to the failing transcripts, where a box to
    tick names each one; only then is it published, and the audit log keeps which."""
    _, body, base = editor(admin)
    save(admin, body.replace("free, confidential", "private"), base)
    response = post_form(admin, "/admin/flows/menu/publish", version="2")
    assert response.location.endswith("/admin/flows/menu/transcripts?version=2")
    page = html.unescape(admin.get(response.location).get_data(as_text=True))
    assert "Version 2 of menu was not published" in page
    assert "menu_first_contact_en.txt" in page and "expected a reply containing" in page
    assert 'name="accept" value="menu_first_contact_en.txt"' in page
    # The box left unticked publishes nothing.
    post_form(admin, "/admin/flows/menu/publish", version="2", accept="menu_first_contact_en.txt")
    with seeded() as session:
        assert session.get(FlowScript, "menu").published_version == 1
    response = post_form(
        admin,
        "/admin/flows/menu/publish",
        version="2",
        accept="menu_first_contact_en.txt",
        confirm="yes",
    )
    page = html.unescape(admin.get(response.location).get_data(as_text=True))
    assert "Published version 2 of menu" in page and "menu_first_contact_en.txt" in page
    with seeded() as session:
        assert session.get(FlowScript, "menu").published_version == 2
        data = session.scalars(select(AuditLog.data).where(AuditLog.action == "flow.publish")).one()
    assert data["failing_transcripts"] == ["menu_first_contact_en.txt"]


def test_gutted_emergency_steps_are_not_published_and_the_system_flow_changes_at_once(
    admin, client, seeded
):
    """The QA finding through the publish route; and what the admin is told of a published
    system flow holds: a conversation under way gets its texts from the next text."""
    _, body, base = editor(admin, "system")
    steps = "Lay them on their side (recovery position). No response after 2-3 min?"
    assert steps in body
    save(admin, re.sub(re.escape(steps) + '[^"]*', "Thanks.", body, count=1), base, "system")
    response = post_form(admin, "/admin/flows/system/publish", version="2")
    page = html.unescape(admin.get(response.location).get_data(as_text=True))
    assert "has errors" in page and "recovery position" in page
    with seeded() as session:
        assert session.get(FlowScript, "system").published_version == 1

    sender = "+14135550778"
    post_signed(client, "/twilio/sms", sms_form("hi", sender=sender))
    old, new = "free, confidential substance use support", "free and private support"
    assert save(admin, body.replace(old, new, 1), "2", "system").status_code == 302
    response = post_form(admin, "/admin/flows/system/publish", version="3")
    page = html.unescape(admin.get(response.location).get_data(as_text=True))
    assert "Published version 3 of system" in page
    assert "Conversations already under way keep" not in page
    assert "conversations already under way use it from their next text" in page
    heard = post_signed(client, "/twilio/sms", sms_form("HELP", sender=sender))
    assert new in html.unescape(heard.get_data(as_text=True))
    for path in ("/admin/flows/system/history", "/admin/flows/system/versions/2"):
        note = html.unescape(admin.get(path).get_data(as_text=True))
        assert "keep the version they started on" not in note, path
        assert "from their next text" in note, path


def test_broken_draft_cannot_be_published(admin, seeded):
    _, body, base = editor(admin)
    save(admin, body.replace("goto: naloxone", "goto: nowhere"), base)
    response = post_form(admin, "/admin/flows/menu/publish", version="2")
    assert response.status_code == 302
    page = html.unescape(admin.get(response.location).get_data(as_text=True))
    assert "has errors" in page
    with seeded() as session:
        assert session.get(FlowScript, "menu").published_version == 1


def test_simulator_answers_from_the_draft_and_stores_nothing(app, admin, seeded):
    _, body, base = editor(admin)
    save(admin, body.replace(OLD_WORDS, NEW_WORDS), base)
    page = admin.get("/admin/flows/menu/simulate").get_data(as_text=True)
    blob = re.search(r'name="sim" value="([^"]*)"', page).group(1)
    token = CSRF.search(page).group(1)
    response = admin.post(
        "/admin/flows/menu/simulate",
        data={"csrf_token": token, "sim": blob, "text": "hi", "version": "2", "language": "en"},
    )
    page = html.unescape(response.get_data(as_text=True))
    assert NEW_WORDS in page
    blob = re.search(r'name="sim" value="([^"]*)"', page).group(1)
    response = admin.post(
        "/admin/flows/menu/simulate",
        data={"csrf_token": token, "sim": blob, "text": "3", "version": "2", "language": "en"},
    )
    assert "What town or ZIP code" in html.unescape(response.get_data(as_text=True))
    # Spanish, on the published version.
    response = admin.post(
        "/admin/flows/menu/simulate",
        data={"csrf_token": token, "sim": "", "text": "hola", "version": "1", "language": "es"},
    )
    assert "apoyo gratis" in html.unescape(response.get_data(as_text=True))
    with seeded() as session:
        assert session.scalar(select(func.count(Message.id))) == 0
        assert session.scalar(select(func.count(ConversationSession.contact_id))) == 0
    # A tampered state is ignored rather than trusted.
    response = admin.post(
        "/admin/flows/menu/simulate",
        data={"csrf_token": token, "sim": "forged", "text": "hi", "version": "2"},
    )
    assert response.status_code == 200


def test_simulator_takes_the_focus_only_after_a_send(app, admin, seeded):
    """Opened on a phone, an autofocused message box brought up the keyboard over the page and
    started a screen reader at the bottom of the chat, past the page's explanation."""
    page = admin.get("/admin/flows/menu/simulate").get_data(as_text=True)
    assert "autofocus" not in page
    assert "data-sent" not in page
    assert 'aria-describedby="sim-last-reply"' not in page
    token = CSRF.search(page).group(1)
    response = admin.post(
        "/admin/flows/menu/simulate", data={"csrf_token": token, "sim": "", "text": "hi"}
    )
    page = response.get_data(as_text=True)
    assert "autofocus" not in page
    assert 'class="phone__compose" data-sent>' in page
    # Focused after a send, the box is described by the hotline's newest reply.
    assert 'aria-describedby="sim-last-reply"' in page
    replies = re.findall(r'<li class="bubble bubble--out"( id="sim-last-reply")?>', page)
    assert len(replies) >= 1 and replies[-1] and not any(replies[:-1])


CUT_NOTE = "Only the first 1,600 characters were sent: a text can&#39;t be longer."


def test_simulator_says_when_it_sends_only_the_first_1600_characters(app, admin, seeded):
    """The live hotline reads the first 1,600 characters of a text: the simulator does the
    same, and says so, where the browser used to cut a long paste without a word."""
    page = admin.get("/admin/flows/menu/simulate").get_data(as_text=True)
    box = re.search(r'<input type="text" id="sim-text"[^>]*>', page).group(0)
    assert "maxlength" not in box
    token = CSRF.search(page).group(1)
    long_text = "<b>" + "a" * 1700
    response = admin.post(
        "/admin/flows/menu/simulate", data={"csrf_token": token, "sim": "", "text": long_text}
    )
    page = response.get_data(as_text=True)
    (sent,) = re.findall(r'<li class="bubble bubble--in">(.*?)</li>', page, re.S)
    assert sent == "&lt;b&gt;" + "a" * 1597
    notes = re.findall(r'<li class="bubble bubble--note">(.*?)</li>', page, re.S)
    assert notes[0] == CUT_NOTE
    # The note stays where it was said; a text of 1,600 characters gets none.
    blob = re.search(r'name="sim" value="([^"]*)"', page).group(1)
    response = admin.post(
        "/admin/flows/menu/simulate",
        data={"csrf_token": token, "sim": blob, "text": "b" * 1600},
    )
    page = response.get_data(as_text=True)
    assert page.count(CUT_NOTE) == 1
    assert "b" * 1600 in page
    # Without the form's token nothing is sent.
    refused = admin.post("/admin/flows/menu/simulate", data={"sim": "", "text": long_text})
    assert refused.status_code == 400
    assert CUT_NOTE not in refused.get_data(as_text=True)


def test_viewer_may_simulate_but_not_edit(app, seeded):
    viewer = signed_in(app, "viewer")
    page = viewer.get("/admin/flows/menu").get_data(as_text=True)
    assert "readonly" in page and "Save draft" not in page
    token = CSRF.search(page).group(1)
    response = viewer.post(
        "/admin/flows/menu/simulate", data={"csrf_token": token, "text": "hi", "sim": ""}
    )
    assert response.status_code == 200
    response = viewer.post(
        "/admin/flows/menu", data={"csrf_token": token, "body": "x", "base_version": "1"}
    )
    assert response.status_code == 403
    assert versions(seeded) == 1


def test_transcripts_page(admin):
    page = admin.get("/admin/flows/menu/transcripts").get_data(as_text=True)
    match = re.search(r"(\d+) of (\d+) passed", page)
    assert match and match.group(1) == match.group(2) and int(match.group(2)) > 0


def test_script_text_is_escaped_everywhere(admin, seeded):
    _, body, base = editor(admin)
    sneaky = body.replace(OLD_WORDS, "<script>alert(1)</script>")
    save(admin, sneaky, base)
    for path in (
        "/admin/flows/menu",
        "/admin/flows/menu/versions/2",
        "/admin/flows/menu/history",
    ):
        assert "<script>alert(1)" not in admin.get(path).get_data(as_text=True), path


def test_unknown_flow_is_404(admin):
    assert admin.get("/admin/flows/nope").status_code == 404
    assert admin.get("/admin/flows/menu/versions/99").status_code == 404


@pytest.mark.parametrize("base", ["\u00b2", "\u0661", "x"])
def test_a_base_version_that_is_not_a_plain_number_is_no_base(admin, seeded, base):
    """A form field passes str.isdigit() with a superscript yet int() refuses it: the editor
    treats it like any other junk, never a 500."""
    _, body, _ = editor(admin)
    response = save(admin, body.replace("no judgment", "no judgement"), base)
    assert response.status_code < 500
    assert versions(seeded) == 1


def test_publish_and_rollback_say_conversations_under_way_keep_their_version(
    app, admin, client, seeded
):
    """A rollback does not reach a conversation under way: it keeps the version it started
    on until it finishes, the texter sends MENU, or it goes quiet; the admin is told so."""
    hours = app.extensions["hotline.settings"].conversation_expiry_hours
    kept = (
        "Conversations already under way keep the version they started on (version {v} or "
        f"earlier) until they finish, the texter sends MENU, or they go quiet for {hours} hours"
    )
    history = admin.get("/admin/flows/menu/history").get_data(as_text=True)
    assert f"or they go quiet for {hours} hours." in history

    sender = "+14135550777"
    assert OLD_WORDS in html.unescape(
        post_signed(client, "/twilio/sms", sms_form("hi", sender=sender)).get_data(as_text=True)
    )
    _, body, base = editor(admin)
    assert save(admin, body.replace(OLD_WORDS, NEW_WORDS), base).status_code == 302
    draft = admin.get("/admin/flows/menu/versions/2").get_data(as_text=True)
    assert f"or they go quiet for {hours} hours." in draft
    response = post_form(admin, "/admin/flows/menu/publish", version="2")
    page = html.unescape(admin.get(response.headers["Location"]).get_data(as_text=True))
    assert "Published version 2 of menu. New conversations use it now." in page
    assert kept.format(v=1) in page

    # What the admin is told holds: MENU starts the texter over on the new version.
    menu = post_signed(client, "/twilio/sms", sms_form("MENU", sender=sender))
    assert NEW_WORDS in html.unescape(menu.get_data(as_text=True))

    response = post_form(admin, "/admin/flows/menu/rollback", version="1")
    page = html.unescape(admin.get(response.headers["Location"]).get_data(as_text=True))
    assert "version 3 is a copy of version 1 and is published now" in page
    assert kept.format(v=2) in page


def test_flow_pages_show_times_in_the_programs_time_zone(admin):
    """Shipped at 00:00 UTC on 1 November: 8 p.m. the evening before in Hampshire County."""
    pages = ("/admin/flows", "/admin/flows/menu", "/admin/flows/menu/history")
    for path in (*pages, "/admin/flows/menu/versions/1"):
        page = admin.get(path).get_data(as_text=True)
        assert "Sat 31 Oct 2026, 20:00 EDT" in page, path
        assert "UTC" not in page, path


def test_steps_that_put_off_911_are_not_published_even_with_every_transcript_accepted(
    admin, seeded
):
    """A wrong emergency step is an error, not a changed conversation: ticking the box that
    accepts failing transcripts does not publish it."""
    from flows.transcripts import TRANSCRIPTS_DIR

    _, body, base = editor(admin, "system")
    old = "If someone may be overdosing, call 911 now."
    assert old in body
    new = "If someone may be overdosing, give naloxone first; only call 911 if it does not work."
    save(admin, body.replace(old, new, 1), base, "system")
    every = sorted(p.name for p in TRANSCRIPTS_DIR.glob("*.txt"))
    response = post_form(
        admin, "/admin/flows/system/publish", version="2", accept=every, confirm="yes"
    )
    page = html.unescape(admin.get(response.location).get_data(as_text=True))
    assert "has errors" in page and "only call 911 if" in page
    with seeded() as session:
        assert session.get(FlowScript, "system").published_version == 1
