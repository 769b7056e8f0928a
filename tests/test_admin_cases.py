"""The cases pages: filters and paging, SLA states, the timeline, and staff actions by POST."""

from __future__ import annotations

import ast
import functools
import html as html_text
import json
import re
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from markupsafe import escape
from sqlalchemy import select, update

from hotline import case_actions, flow_editing
from hotline.admin.case_words import (
    DETAIL_VALUES,
    EVENT_PHRASES,
    OFFER_STATUSES,
    TEXT_PURPOSES,
    TEXT_STATUSES,
    detail_lines,
    detail_value,
)
from hotline.api import REFERRAL_TYPES
from hotline.flow_store import install_shipped_flows
from models import AuditLog, Case, CaseEvent, Contact, Message, Offer, Responder
from models.crypto import lookup_hash
from models.session import session_scope
from routing import runtime
from routing.commands import handle_responder_text
from routing.gateway import LocalGateway
from routing.queues import RQJobQueue
from routing.sending import STATUS_RANK
from tests.staff_pages import post_form, sign_in

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
TEXTER = "+14135550123"
SCRIPT = "<script>alert('x')</script>"


def contact(session, phone: str) -> Contact:
    row = Contact(phone_hash=lookup_hash(phone), phone=phone, created_at=NOW)
    session.add(row)
    session.flush()
    return row


def add_case(session, code, hours_ago, *, status="new", kind="self_referral", town=None, **extra):
    created = NOW - timedelta(hours=hours_ago)
    case = Case(
        code=code,
        kind=kind,
        status=status,
        town=town,
        created_at=created,
        due_at=created + timedelta(hours=24),
        breach_at=created + timedelta(hours=48),
        **extra,
    )
    session.add(case)
    session.flush()
    session.add(CaseEvent(case_id=case.id, at=created, kind="created", data={"source": "text"}))
    return case


@pytest.fixture
def world(app, sessions, settings, redis_conn):
    """Four responders (one inactive, one police officer), five cases at each place on the clock.

    Jobs go to a real Redis and wait there; texts are stored, never sent.
    """
    runtime.install(
        runtime.Runtime(
            settings=settings,
            sessions=sessions,
            queue=RQJobQueue(connection=redis_conn),
            gateway=LocalGateway(),
            clock=lambda: NOW,
        )
    )
    with session_scope(sessions) as session:
        texter = contact(session, TEXTER)
        ana = Responder(
            name="Ana", contact_id=contact(session, "+14135550201").id, roles=["recovery_coach"]
        )
        ben = Responder(
            name="Ben",
            contact_id=contact(session, "+14135550202").id,
            roles=["harm_reduction_specialist"],
        )
        cy = Responder(
            name="Cy",
            contact_id=contact(session, "+14135550203").id,
            roles=["recovery_coach"],
            active=False,
        )
        dee = Responder(
            name="Dee", contact_id=contact(session, "+14135550204").id, roles=["police_officer"]
        )
        session.add_all([ana, ben, cy, dee])
        session.flush()
        add_case(session, "AAAA", 1, town="Northampton", contact_id=texter.id)
        add_case(session, "BBBB", 22, status="offered", kind="family", town="Amherst")
        add_case(
            session,
            "CCCC",
            30,
            status="claimed",
            town="Ware",
            claimed_by_id=ana.id,
            claimed_at=NOW - timedelta(hours=29),
        )
        add_case(
            session,
            "DDDD",
            50,
            status="claimed",
            kind="partner",
            town="Northampton",
            claimed_by_id=ana.id,
            claimed_at=NOW - timedelta(hours=40),
        )
        add_case(
            session,
            "EEEE",
            60,
            status="closed",
            town="Amherst",
            outcome="declined",
            contacted_at=NOW - timedelta(hours=40),
            closed_at=NOW - timedelta(hours=30),
        )
        ids = {"ana": ana.id, "ben": ben.id, "cy": cy.id, "dee": dee.id, "texter": texter.id}
    return ids


@pytest.fixture
def staff(client, sessions, world):
    return sign_in(client, sessions, "coordinator")


def codes(html: str) -> list[str]:
    return re.findall(r'data-code="(\w+)"', html)


def get_case(sessions, code: str) -> Case:
    with sessions() as session:
        return session.scalar(select(Case).where(Case.code == code))


def audit_actions(sessions) -> list[tuple[str, str]]:
    with sessions() as session:
        rows = session.execute(select(AuditLog.action, AuditLog.target).order_by(AuditLog.id))
        return [tuple(row) for row in rows if not row[0].startswith("user.")]


# ---- SLA -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "state"),
    [
        ("AAAA", "on_time"),
        ("BBBB", "due_soon"),
        ("CCCC", "overdue"),
        ("DDDD", "breached"),
        ("EEEE", "met"),
    ],
)
def test_sla_state_in_python_and_sql_agree(sessions, world, code, state):
    with sessions() as session:
        case = session.scalar(select(Case).where(Case.code == code))
        assert case_actions.sla_state(case, NOW, reminder_hours=4) == state
        matching = session.scalars(
            select(Case.code).where(case_actions.sla_condition(state, NOW, 4))
        ).all()
    assert matching == [code]


def test_due_soon_follows_the_reminder_window(sessions, world):
    with sessions() as session:
        case = session.scalar(select(Case).where(Case.code == "BBBB"))  # due in 2 hours
        assert case_actions.sla_state(case, NOW, reminder_hours=1) == "on_time"
        assert case_actions.sla_state(case, NOW, reminder_hours=2) == "due_soon"


def _erase_texter(sessions) -> None:
    from hotline.erasure import erase_person

    with session_scope(sessions) as session:
        erase_person(session, TEXTER, NOW)


def test_a_case_closed_without_reaching_the_person_is_closed_not_reached(staff, sessions, world):
    # As the figures count it: reached only when first contact was recorded.
    with session_scope(sessions) as session:
        add_case(
            session,
            "FFFF",
            70,
            status="closed",
            outcome="unreachable",
            closed_at=NOW - timedelta(hours=20),
        )
    _erase_texter(sessions)  # AAAA, open, closes by erasure: nobody reached them
    with sessions() as session:
        for code in ("AAAA", "FFFF"):
            case = session.scalar(select(Case).where(Case.code == code))
            assert case.status == "closed"
            assert case_actions.sla_state(case, NOW, reminder_hours=4) == "closed"
        for state, expected in (("met", ["EEEE"]), ("closed", ["AAAA", "FFFF"])):
            matching = session.scalars(
                select(Case.code).where(case_actions.sla_condition(state, NOW, 4))
            ).all()
            assert sorted(matching) == expected
    assert codes(staff.get("/admin/cases?sla=met").text) == ["EEEE"]
    assert codes(staff.get("/admin/cases?sla=closed").text) == ["AAAA", "FFFF"]
    html = staff.get("/admin/cases").text
    row = re.search(r'data-code="FFFF">(.*?)</tr>', html, re.S).group(1)
    assert "reached" not in row.replace("not reached", "")
    assert "closed" in row
    assert 'sla--closed">closed, not reached<' in staff.get("/admin/cases/FFFF").text
    assert 'sla--met">reached<' in staff.get("/admin/cases/EEEE").text


def test_the_timeline_of_an_erased_case_says_its_texts_were_erased(staff, sessions, world):
    with session_scope(sessions) as session:
        case = session.scalar(select(Case).where(Case.code == "AAAA"))
        session.add(
            Message(
                contact_id=session.get_one(Responder, world["ana"]).contact_id,
                direction="out",
                case_id=case.id,
                body="New case AAAA in Northampton",
                created_at=case.created_at + timedelta(minutes=1),
                purpose="offer",
            )
        )
        # A text of another case whose words went after the retention period.
        other = session.scalar(select(Case).where(Case.code == "BBBB"))
        session.add(
            Message(
                contact_id=session.get_one(Responder, world["ana"]).contact_id,
                direction="out",
                case_id=other.id,
                body=None,
                created_at=other.created_at + timedelta(minutes=1),
                purpose="offer",
            )
        )
    _erase_texter(sessions)
    erased = staff.get("/admin/cases/AAAA").text
    assert "(text erased at the person&#39;s request)" in erased
    assert "retention" not in erased
    # Where nothing says why the words went, the timeline does not guess.
    removed = staff.get("/admin/cases/BBBB").text
    assert "(text removed)" in removed
    assert "erased" not in removed


# ---- list ----------------------------------------------------------------------------------


def test_list_filters(staff):
    assert codes(staff.get("/admin/cases").text) == ["AAAA", "BBBB", "CCCC", "DDDD", "EEEE"]
    assert codes(staff.get("/admin/cases?sla=due_soon").text) == ["BBBB"]
    assert codes(staff.get("/admin/cases?sla=breached").text) == ["DDDD"]
    assert codes(staff.get("/admin/cases?sla=on_time").text) == ["AAAA"]
    assert codes(staff.get("/admin/cases?status=closed").text) == ["EEEE"]
    assert codes(staff.get("/admin/cases?status=open").text) == ["AAAA", "BBBB", "CCCC", "DDDD"]
    assert codes(staff.get("/admin/cases?kind=family").text) == ["BBBB"]
    assert codes(staff.get("/admin/cases?town=northampton").text) == ["AAAA", "DDDD"]
    assert codes(staff.get("/admin/cases?town=Northampton&sla=breached").text) == ["DDDD"]
    # Unknown filter values are ignored rather than matching nothing.
    assert len(codes(staff.get("/admin/cases?status=bogus&sla=bogus").text)) == 5


def test_list_shows_sla_and_who_has_the_case(staff):
    html = staff.get("/admin/cases").text
    row = re.search(r'data-code="DDDD">(.*?)</tr>', html, re.S).group(1)
    assert "breached" in row
    assert "Ana" in row


def test_list_pages(staff, sessions):
    with session_scope(sessions) as session:
        for index in range(30):
            add_case(session, f"P{index:03d}", 100 + index)
    first = codes(staff.get("/admin/cases").text)
    second = codes(staff.get("/admin/cases?page=2").text)
    assert len(first) == 25
    assert len(second) == 10
    assert not set(first) & set(second)
    assert second[-1] == "P029"  # the oldest case comes last


@pytest.mark.parametrize("page", ["3", "99999999999999999999", "9223372036854775807"])
def test_a_page_past_the_last_shows_the_last(staff, sessions, page):
    """A page number too large for the database's integers was a server error."""
    with session_scope(sessions) as session:
        for index in range(30):
            add_case(session, f"P{index:03d}", 100 + index)
    response = staff.get(f"/admin/cases?page={page}")
    assert response.status_code == 200
    assert codes(response.text) == codes(staff.get("/admin/cases?page=2").text)
    assert "Page 2 of 2" in response.text


# ---- detail and timeline -------------------------------------------------------------------


def test_timeline_merges_messages_offers_and_events_by_time(staff, sessions, world):
    with session_scope(sessions) as session:
        case = session.scalar(select(Case).where(Case.code == "AAAA"))
        at = case.created_at
        # The conversation that opened the case came before it and is not linked to it.
        session.add(
            Message(
                contact_id=world["texter"],
                direction="in",
                body="I want help",
                created_at=at - timedelta(minutes=5),
            )
        )
        session.add(
            Offer(case_id=case.id, responder_id=world["ana"], created_at=at + timedelta(minutes=1))
        )
        session.add(
            Message(
                contact_id=world["texter"],
                direction="out",
                case_id=case.id,
                body="Someone will text you",
                created_at=at + timedelta(minutes=2),
                purpose="reply",
            )
        )
        session.add(
            CaseEvent(
                case_id=case.id,
                kind="note",
                actor="x@example.org",
                text="Called twice",
                at=at + timedelta(minutes=3),
            )
        )
        session.add(
            Message(
                contact_id=world["texter"],
                direction="in",
                case_id=case.id,
                body=SCRIPT,
                created_at=at + timedelta(minutes=4),
            )
        )
        # Another person's text never shows up on this case.
        other = contact(session, "+14135550999")
        session.add(
            Message(contact_id=other.id, direction="in", body="not this case", created_at=at)
        )
    with sessions() as session:
        case = session.scalar(select(Case).where(Case.code == "AAAA"))
        kinds = [entry.kind for entry in case_actions.timeline(session, case)]
    assert kinds == ["message_in", "created", "offer", "message_out", "note", "message_in"]

    html = staff.get("/admin/cases/AAAA").text
    order = [
        html.index(marker)
        for marker in (
            "I want help",
            "offer to Ana",
            "Someone will text you",
            "Called twice",
            "&lt;script&gt;",
        )
    ]
    assert order == sorted(order)
    assert "not this case" not in html


def test_the_case_page_shows_the_persons_own_words_on_what_would_help(staff, sessions, world):
    words = "1 and i have tranq wounds, i dont wanna go to the hospital"
    with session_scope(sessions) as session:
        case = session.scalar(select(Case).where(Case.code == "AAAA"))
        case.needs, case.details = ["coach"], json.dumps({"needs_words": words})
    page = html_text.unescape(staff.get("/admin/cases/AAAA").text)
    assert "Their words on what would help" in page and words in page


def test_script_in_an_sms_body_is_shown_as_text(staff, sessions, world):
    with session_scope(sessions) as session:
        case = session.scalar(select(Case).where(Case.code == "AAAA"))
        session.add(
            Message(
                contact_id=world["texter"],
                direction="in",
                case_id=case.id,
                body=SCRIPT,
                created_at=NOW,
            )
        )
        session.add(CaseEvent(case_id=case.id, kind="note", text=f"note {SCRIPT}", at=NOW))
    html = staff.get("/admin/cases/AAAA").text
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "note &lt;script&gt;" in html


def test_case_facts_have_one_label_each_in_plain_words(staff, sessions):
    with session_scope(sessions) as session:
        case = session.scalar(select(Case).where(Case.code == "AAAA"))
        case.language, case.contact_method, case.best_time = "es", "text", "evening"
    html = staff.get("/admin/cases/AAAA").text
    labels = re.findall(r"<dt>([^<]+)</dt>", html)
    # "Reach by" once named both how to reach the person and the first-contact deadline.
    assert len(labels) == len(set(labels)), labels
    assert "<dt>How to reach</dt><dd>text, best time: evening</dd>" in html
    assert "<dt>First contact due</dt><dd>Thu 2 May 2024, 07:00 EDT (breached after" in html
    assert "<dt>Language</dt><dd>Spanish</dd>" in html


@pytest.mark.parametrize(
    ("method", "said"),
    [
        (
            "text",
            "text, but the person has since opted out of texts: do not text them. They did not "
            "ask for calls, so call with care, best time: evening",
        ),
        ("call", "call (the person opted out of texts: do not text them), best time: evening"),
    ],
)
def test_how_to_reach_says_the_person_opted_out_of_texts(staff, sessions, world, method, said):
    with session_scope(sessions) as session:
        case = session.scalar(select(Case).where(Case.code == "AAAA"))
        case.contact_method, case.best_time = method, "evening"
        session.get_one(Contact, world["texter"]).opted_out_at = NOW  # they texted STOP
    html = staff.get("/admin/cases/AAAA").text
    assert f"<dt>How to reach</dt><dd>{said}</dd>" in html


def _written_event_kinds() -> set[str]:
    """Every CaseEvent kind written by routing and the app: ``record(session, case, now,
    "kind", ...)`` and ``CaseEvent(kind="...")``."""
    kinds = set()
    for path in [*Path("routing").rglob("*.py"), *Path("hotline").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name == "record" and len(node.args) >= 4:
                kinds.add(node.args[3])
            elif name == "CaseEvent":
                kinds.update(k.value for k in node.keywords if k.arg == "kind")
    return {k.value for k in kinds if isinstance(k, ast.Constant)}


def test_every_case_event_kind_has_a_plain_phrase():
    written = _written_event_kinds()
    assert {"created", "nobody_at_step", "offered", "claimed", "closed"} <= written
    # Those the slower rounds, the morning summary and the still-trying text write.
    assert {"slow_rounds", "rounds_stopped", "in_daily_summary"} <= written
    assert {"person_told", "person_not_told", "released", "offer_withdrawn"} <= written
    assert written <= set(EVENT_PHRASES), written - set(EVENT_PHRASES)


def _strings(node: ast.AST | None, constants: dict[str, ast.expr]) -> set[str]:
    """The string constants in an expression; a module-level constant's name counts as its
    value (``SENDABLE``)."""
    found: set[str] = set()
    for part in ast.walk(node) if node is not None else ():
        if isinstance(part, ast.Constant) and isinstance(part.value, str):
            found.add(part.value)
        elif isinstance(part, ast.Name) and part.id in constants:
            others = {name: value for name, value in constants.items() if name != part.id}
            found |= _strings(constants[part.id], others)
    return found


@functools.cache
def _parsed_code() -> tuple[
    list[tuple[ast.Module, list[ast.AST]]],
    dict[str, ast.AST],
    dict[str, tuple[list[str], set[str]]],
]:
    """The app's modules, parsed and walked once for every scan: each tree with its nodes, the
    functions and classes by name, and each one's parameters and the names it mentions."""
    trees = [
        ast.parse(path.read_text(encoding="utf-8"))
        for folder in ("models", "routing", "hotline")
        for path in Path(folder).rglob("*.py")
    ]
    walked = [(tree, list(ast.walk(tree))) for tree in trees]
    functions = {
        node.name: node
        for _, nodes in walked
        for node in nodes
        if isinstance(node, ast.FunctionDef | ast.ClassDef)
    }
    signatures = {}
    for name, node in functions.items():
        if isinstance(node, ast.ClassDef):  # an exception or a dataclass-like __init__
            node = next((n for n in node.body if getattr(n, "name", "") == "__init__"), node)
        params = [a.arg for a in node.args.args] if isinstance(node, ast.FunctionDef) else []
        mentions = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)} | set(params)
        signatures[name] = (params, mentions)
    return walked, functions, signatures


def _updated_tables(call: ast.Call) -> set[str | None]:
    """The names given to ``update(...)`` in the chain a ``.values(...)`` call ends."""
    return {
        getattr(arg, "id", None)
        for inner in ast.walk(call.func)
        if isinstance(inner, ast.Call) and getattr(inner.func, "id", None) == "update"
        for arg in inner.args
    }


def _written_values(field: str, owner: str) -> set[str]:
    """Every value the code gives ``owner.field`` (Message or Offer; ``status`` or ``purpose``):
    ``Owner(field=...)``, ``update(Owner).values(field=...)`` (through a helper it calls),
    ``owner.field = ...``, comparisons with ``Owner.field``, the column's default, a message row
    as a dict, and the arguments of any function that takes ``field`` and works on ``owner``."""
    instance = owner.lower()
    trees, functions, signatures = _parsed_code()
    taking: dict[str, int] = {}  # functions that take ``field`` for an owner: its position
    for name, (params, mentions) in signatures.items():
        # Purposes are the messages' alone; a status may be a case's or a flow version's.
        if field in params and (field == "purpose" or {owner, instance} & mentions):
            taking[name] = params.index(field) - (params[:1] == ["self"])

    def is_field(node: ast.AST) -> bool:
        target = getattr(node, "value", None)
        return (
            isinstance(node, ast.Attribute)
            and node.attr == field
            and (field == "purpose" or getattr(target, "id", None) in (owner, instance))
        )

    values: set[str] = set()
    for tree, nodes in trees:
        constants = {
            t.id: n.value
            for n in tree.body
            if isinstance(n, ast.Assign)
            for t in n.targets
            if isinstance(t, ast.Name)
        }
        for node in nodes:
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                keyword = next((k.value for k in node.keywords if k.arg == field), None)
                if name == owner or (name == "SendResult" and owner == "Message"):
                    values |= _strings(keyword, constants)
                elif name == "values" and owner in _updated_tables(node):
                    values |= _strings(keyword, constants)
                    helper = getattr(getattr(keyword, "func", None), "id", None)
                    if helper in functions:
                        for ret in ast.walk(functions[helper]):
                            if isinstance(ret, ast.Return):
                                values |= _strings(ret.value, constants)
                elif name in taking:
                    if len(node.args) > taking[name]:
                        values |= _strings(node.args[taking[name]], constants)
                    values |= _strings(keyword, constants)
                elif name == "in_" and is_field(node.func.value):
                    values |= _strings(node.args[0], constants)
                elif field == "purpose":
                    values |= _strings(keyword, constants)
            elif isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    pairs = [(target, node.value)]
                    if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                        pairs = list(zip(target.elts, node.value.elts, strict=True))
                    for left, right in pairs:
                        named = field == "purpose" and getattr(left, "id", "") == field
                        if is_field(left) or (named and isinstance(right, ast.Constant)):
                            values |= _strings(right, constants)
            elif isinstance(node, ast.ClassDef) and node.name == owner:
                for column in node.body:
                    if (
                        isinstance(column, ast.AnnAssign)
                        and getattr(column.target, "id", "") == field
                    ):
                        keywords = getattr(column.value, "keywords", [])
                        default = [k.value for k in keywords if k.arg == "default"]
                        values |= _strings(default[0] if default else None, constants)
            elif isinstance(node, ast.Compare) and is_field(node.left):
                for right in node.comparators:
                    values |= _strings(right, constants)
            elif isinstance(node, ast.Dict) and owner == "Message":
                keys = {
                    getattr(k, "value", None): v
                    for k, v in zip(node.keys, node.values, strict=True)
                }
                if field in keys and "direction" in keys:  # a message row as a mapping
                    values |= _strings(keys[field], constants)
    return values


def test_every_text_purpose_and_status_and_offer_status_has_plain_words():
    purposes = _written_values("purpose", "Message")
    statuses = _written_values("status", "Message")
    offers = _written_values("status", "Offer")
    # The scan finds them wherever they are written: keywords, helpers' arguments, defaults.
    assert {"inbound", "reply", "flood", "error", "offer", "deadline", "assigned"} <= purposes
    assert {"received", "held", "set_aside", "replied", "queued", "retrying"} <= statuses
    assert {"expired", "suppressed", "failed", "sent"} <= statuses
    assert {"open", "claimed", "taken", "passed", "undelivered", "closed"} <= offers
    # A module's own constant (``purpose=STILL_TRYING``), a double tap, a case handed back.
    assert {"still_trying", "breach_summary", "released"} <= purposes
    assert "repeat" in statuses and "handed_back" in offers
    assert purposes <= set(TEXT_PURPOSES), purposes - set(TEXT_PURPOSES)
    # Twilio's statuses come in from status callbacks: every one routing knows has words too.
    statuses |= set(STATUS_RANK)
    assert statuses <= set(TEXT_STATUSES), statuses - set(TEXT_STATUSES)
    assert offers <= set(OFFER_STATUSES), offers - set(OFFER_STATUSES)


def test_timeline_says_the_hotline_made_the_offers_and_routing_steps(staff, sessions, world):
    with session_scope(sessions) as session:
        case = session.scalar(select(Case).where(Case.code == "AAAA"))
        at = case.created_at
        session.add(
            Offer(case_id=case.id, responder_id=world["ana"], created_at=at + timedelta(minutes=1))
        )
        session.add(CaseEvent(case_id=case.id, at=at, kind="routed", actor="system", data={}))
    with sessions() as session:
        case = session.scalar(select(Case).where(Case.code == "AAAA"))
        offer = next(e for e in case_actions.timeline(session, case) if e.kind == "offer")
    assert offer.who == "the hotline"
    html = staff.get("/admin/cases/AAAA").text
    who = re.findall(r'<span class="timeline__who">(.*?)</span>', html)
    assert who.count("the hotline") >= 2
    assert "routing" not in who and "system" not in who


def timeline_phrases(html: str) -> list[str]:
    return [
        html_text.unescape(re.sub(r"\s+", " ", phrase).strip())
        for phrase in re.findall(r'<span class="timeline__what">(.*?)</span>', html, re.S)
    ]


def test_timeline_says_what_happened_in_plain_words(staff, sessions, world):
    ana, ben = world["ana"], world["ben"]
    events = [
        ("routed", {"policy": "default", "round": 0}),
        ("nobody_at_step", {"step": 0, "offer_to": "suited"}),
        ("nobody_at_step", {"step": 0, "offer_to": "matching", "language": "es"}),
        ("offered", {"step": 1, "round": 0, "responder_ids": [ana, ben], "undelivered": [ben]}),
        ("offer_undelivered", {"responder_id": ben, "error_code": 30003}),
        ("passed", {"responder_id": ben}),
        ("offer_withdrawn", {"responder_id": ben, "reason": "off"}),
        ("offer_withdrawn", {"responder_id": ben, "reason": "off_call"}),
        ("claimed", {"responder_id": ana, "responder": "Ana"}),
        ("reassigned", {"responder_id": ben, "responder": "Ben", "previous": ana}),
        ("reminder_sent", {"responder_id": ben}),
        ("deadline_passed", {"claimed_by_id": ben}),
        ("opted_out", {"responder_id": ben, "told": True}),
        ("opted_out", {"responder_id": ben, "told": False}),
        ("opted_out", {}),  # nobody held the case
        ("contacted", {"on_time": False}),
        ("closed", {"outcome": "safety_plan"}),
        ("a_kind_from_later", {}),
    ]
    with session_scope(sessions) as session:
        case = session.scalar(select(Case).where(Case.code == "AAAA"))
        for minutes, (kind, data) in enumerate(events, start=1):
            at = case.created_at + timedelta(minutes=minutes)
            session.add(CaseEvent(case_id=case.id, at=at, kind=kind, data=data))
    phrases = timeline_phrases(staff.get("/admin/cases/AAAA").text)
    assert phrases == [
        "case opened from a text",
        "looking for a responder",
        "no one available to offer it to at this step",
        "no one on call speaks Spanish: offering it to the rest of the team",
        "offered to 2 responders (1 could not be texted)",
        "the offer could not be texted to Ben",
        "Ben can't take it",
        "offer to Ben taken back (they texted OFF)",
        "offer to Ben taken back (no longer on call)",
        "claimed by Ana",
        "handed from Ana to Ben",
        "reminder texted to Ben",
        "first-contact deadline passed with no contact recorded",
        "the person opted out of texts: Ben was told",
        "the person opted out of texts: Ben could not be texted about it",
        "the person opted out of texts",
        "the person was reached, after the deadline",
        "case closed: safety plan",
        "a kind from later",  # a kind with no phrase yet still reads as words
    ]


def test_texts_and_offers_say_what_happened_in_plain_words(staff, sessions, world):
    ana, ben, dee, texter = world["ana"], world["ben"], world["dee"], world["texter"]
    with session_scope(sessions) as session:
        case = session.scalar(select(Case).where(Case.code == "AAAA"))
        eve = Responder(name=f"Eve {SCRIPT}", contact_id=contact(session, "+14135550205").id)
        session.add(eve)
        session.flush()
        contacts = {
            r.id: r.contact_id for r in session.scalars(select(Responder)) if r.id in (ana, ben)
        }
        offers = [
            (ana, 0, 0, "passed"),
            (ben, 1, 1, "undelivered"),
            (dee, 0, 0, "later_status"),
            (eve.id, 0, 0, "claimed"),
            (ana, 0, 1, "handed_back"),
        ]
        texts = [
            ("in", texter, "reply", "held"),  # the column's default: still a text in
            ("out", texter, "reply", "replied"),
            ("out", contacts[ana], "offer", "delivered"),
            ("out", contacts[ben], "deadline", "expired"),
            ("out", contacts[ben], "reminder", "sent"),
            ("out", contact(session, "+14135550999").id, "<i>new_use</i>", "<b>x</b>"),
        ]
        at = case.created_at
        for minutes, (responder_id, step, round_, status) in enumerate(offers, start=1):
            session.add(
                Offer(
                    case_id=case.id,
                    responder_id=responder_id,
                    escalation_step=step,
                    escalation_round=round_,
                    status=status,
                    created_at=at + timedelta(minutes=minutes),
                )
            )
        for minutes, (direction, contact_id, purpose, status) in enumerate(texts, start=10):
            session.add(
                Message(
                    contact_id=contact_id,
                    direction=direction,
                    case_id=case.id,
                    body="…",
                    purpose=purpose,
                    status=status,
                    created_at=at + timedelta(minutes=minutes),
                )
            )
    response = staff.get("/admin/cases/AAAA")
    assert response.status_code == 200
    assert SCRIPT not in response.text
    assert "<i>" not in response.text
    assert "<b>" not in response.text
    assert timeline_phrases(response.text)[1:] == [
        "offer to Ana (step 1): Ana can't take it",
        "offer to Ben (step 2, round 2): it could not be texted to Ben",
        "offer to Dee (step 1): later status",  # a status with no words yet
        f"offer to Eve {SCRIPT} (step 1): Eve {SCRIPT} took it",  # escaped, see above
        "Ana handed it back: not offered it again until the next round",
        "text from the person: held without an answer (many texts came at once)",
        "automatic reply to the person: sent",
        "text offering the case to Ana: delivered",
        "text telling Ben the first-contact deadline passed: not sent (it waited too long to "
        "still be useful)",
        "reminder to Ben that first contact is due: sent (no delivery report yet)",
        "text to another number (<i>new use</i>): <b>x</b>",  # code words, escaped
    ]


def test_needs_read_as_the_texter_was_offered_them(staff, sessions):
    with session_scope(sessions) as session:
        texted = session.scalar(select(Case).where(Case.code == "AAAA"))
        texted.needs = ["coach", "naloxone", "other", "a_new_need"]
        family = session.scalar(select(Case).where(Case.code == "BBBB"))
        family.needs = ["self", "now"]
    html = staff.get("/admin/cases/AAAA").text
    assert (
        "<dt>Needs</dt><dd>Talk with a recovery coach or peer; Naloxone (Narcan); "
        "Something else; a new need</dd>"
    ) in html
    html = staff.get("/admin/cases/BBBB").text
    assert "<dt>Needs</dt><dd>Support for me; My loved one needs help now</dd>" in html


def test_needs_follow_the_published_wording(staff, sessions):
    # An admin rewords an option in the flow editor: cases read as texters are now offered it.
    with session_scope(sessions) as session:
        install_shipped_flows(session, NOW)
        body = flow_editing.get_version(session, "self_referral", 1).body
        body = body.replace("Talk with a recovery coach or peer,", "Talk with a peer,")
        draft = flow_editing.save_draft(session, "self_referral", body, 1, "admin@example.org")
        # Three transcripts quote the old label: the admin accepts that they go differently.
        quoted = ("self_referral_en.txt", "self_referral_not_sent.txt", "past_overdose_own_en.txt")
        flow_editing.publish(
            session, "self_referral", draft.version, "admin@example.org", accepted=quoted
        )
        session.scalar(select(Case).where(Case.code == "AAAA")).needs = ["coach"]
    html = staff.get("/admin/cases/AAAA").text
    assert "<dt>Needs</dt><dd>Talk with a peer</dd>" in html


def test_phone_is_masked_until_revealed_and_the_reveal_is_audited(staff, sessions):
    html = staff.get("/admin/cases/AAAA").text
    assert TEXTER not in html
    assert "+1 ••• ••• 0123" in html
    assert audit_actions(sessions) == []
    revealed = post_form(staff, "/admin/cases/AAAA/reveal", page="/admin/cases/AAAA")
    assert revealed.status_code == 200
    assert TEXTER in revealed.text
    assert audit_actions(sessions) == [("case.reveal_phone", "case:AAAA")]
    # The number is shown on that one answer only.
    assert TEXTER not in staff.get("/admin/cases/AAAA").text


def test_the_timeline_masks_the_number_until_revealed_too(staff, sessions, world):
    """The claimer's text carries the number, and a responder may write it in a note: the page
    showed both in full, so anyone opening the case read it without the audited reveal."""
    post_form(staff, "/admin/cases/AAAA/assign", {"responder_id": world["ana"]})
    with session_scope(sessions) as session:
        ana = session.get_one(Contact, session.get_one(Responder, world["ana"]).contact_id)
        note = "NOTE AAAA called (413) 555-0123 twice, 413.555.0199 next"
        assert handle_responder_text(session, ana, note, NOW)
    assert any(TEXTER in body for body in texts_to(sessions, "+14135550201"))
    html = staff.get("/admin/cases/AAAA").text
    digits = re.sub(r"\D", "", html)
    assert "4135550123" not in digits, "the number is on the page"
    assert "Phone: +1 ••• ••• 0123." in html  # the claim text, still readable
    assert "called +1 ••• ••• 0123 twice, 413.555.0199 next" in html  # only this number
    assert [action for action, _ in audit_actions(sessions)] == ["case.assign"]


def test_the_number_in_a_text_to_a_responder_is_masked_until_revealed(staff, sessions, world):
    # The claim details texted to the responder carry "Phone: +1413...": the timeline showed
    # that text in full, so the number the About box masks, and reveals only with an audit
    # entry, could be read on every visit to the case.
    post_form(staff, "/admin/cases/AAAA/assign", {"responder_id": world["ana"]})
    html = staff.get("/admin/cases/AAAA").text
    assert "Assigned to you by the team" in html
    assert TEXTER not in html
    assert "Phone: +1 ••• ••• 0123" in html
    revealed = post_form(staff, "/admin/cases/AAAA/reveal", page="/admin/cases/AAAA")
    assert f"Phone: {TEXTER}" in revealed.text


PARTNER_PHONE = "+14135550177"


@pytest.mark.parametrize("consent_to_text", [False, True])
def test_a_partner_referrals_number_is_masked_until_revealed(
    staff, sessions, world, consent_to_text
):
    # The partner gives the number inside the details; with consent the person is a contact too.
    with session_scope(sessions) as session:
        case = session.scalar(select(Case).where(Case.code == "DDDD"))
        case.details = json.dumps(
            {
                "phone": PARTNER_PHONE,
                "consent_to_text": consent_to_text,
                "referral_type": "post_overdose",
                "partner": "Cooley Dickinson ED",
            }
        )
        if consent_to_text:
            case.contact_id = contact(session, PARTNER_PHONE).id
    html = staff.get("/admin/cases/DDDD").text
    assert PARTNER_PHONE not in html
    assert "+1 ••• ••• 0177" in html
    assert "Cooley Dickinson ED" in html  # the other details are still shown
    assert audit_actions(sessions) == []
    revealed = post_form(staff, "/admin/cases/DDDD/reveal", page="/admin/cases/DDDD")
    assert revealed.status_code == 200
    assert PARTNER_PHONE in revealed.text
    assert audit_actions(sessions) == [("case.reveal_phone", "case:DDDD")]
    assert PARTNER_PHONE not in staff.get("/admin/cases/DDDD").text


def test_a_partners_notes_mask_the_number_too(staff, sessions):
    notes = "Seen overnight; best on her cell 413-555-0177, or her sister's 413-555-0160."
    set_details(sessions, "DDDD", {"phone": PARTNER_PHONE, "notes": notes})
    html = staff.get("/admin/cases/DDDD").text
    assert "413-555-0177" not in html and PARTNER_PHONE not in html
    assert "her cell +1 ••• ••• 0177, or her sister&#39;s 413-555-0160" in html


def set_details(sessions, code: str, details: dict) -> None:
    with session_scope(sessions) as session:
        session.scalar(select(Case).where(Case.code == code)).details = json.dumps(details)


@pytest.mark.parametrize(
    ("consent_to_text", "referral_type", "said"),
    [
        (False, "post_overdose", ("no", "post-overdose")),
        (True, "substance_incident", ("yes", "substance-related incident")),
    ],
)
def test_a_partner_referral_reads_in_words(staff, sessions, consent_to_text, referral_type, said):
    set_details(
        sessions,
        "DDDD",
        {
            "phone": PARTNER_PHONE,
            "consent_to_text": consent_to_text,
            "referral_type": referral_type,
            "partner": "Cooley Dickinson ED",
        },
    )
    html = staff.get("/admin/cases/DDDD").text
    assert f"<dt>Consent to text</dt><dd>{said[0]}</dd>" in html
    assert f"<dt>Referral type</dt><dd>{said[1]}</dd>" in html
    assert "<dt>Partner</dt><dd>Cooley Dickinson ED</dd>" in html
    assert "True" not in html and "False" not in html and referral_type not in html


def test_details_with_no_words_yet_read_as_words_and_are_escaped(staff, sessions):
    set_details(sessions, "DDDD", {"referral_type": "<b>new_kind</b>", "consent_to_text": SCRIPT})
    html = staff.get("/admin/cases/DDDD").text
    assert "<dt>Referral type</dt><dd>&lt;b&gt;new kind&lt;/b&gt;</dd>" in html
    assert f"<dt>Consent to text</dt><dd>{escape(SCRIPT)}</dd>" in html
    assert SCRIPT not in html and "<b>new" not in html


def test_every_referral_type_the_partner_api_takes_has_words():
    assert set(REFERRAL_TYPES) <= set(DETAIL_VALUES["referral_type"])
    assert detail_lines({"consent_to_text": False, "name": None, "relationship": "parent"}) == [
        ("Consent to text", "no"),
        ("Name", "not given"),
        ("Relationship", "parent of the one they care about"),
    ]
    # Every relationship the family flow saves has words: "child" is a son or daughter texting.
    from flows.script import load_shipped_flows

    saved = {o.value for o in load_shipped_flows()["family"].states["relationship"].options}
    assert saved <= set(DETAIL_VALUES["relationship"])
    assert detail_value("relationship", "child") == "son or daughter of the one they care about"


def test_a_case_without_a_number_has_nothing_to_reveal(staff, sessions):
    html = staff.get("/admin/cases/BBBB").text
    assert "/admin/cases/BBBB/reveal" not in html
    assert post_form(staff, "/admin/cases/BBBB/reveal", page="/admin/cases/BBBB").status_code == 404
    assert audit_actions(sessions) == []


def test_unknown_case_is_404(staff):
    assert staff.get("/admin/cases/ZZZZ").status_code == 404


# ---- actions -------------------------------------------------------------------------------


def texts_to(sessions, phone: str) -> list[str]:
    with sessions() as session:
        contact_id = session.scalar(
            select(Contact.id).where(Contact.phone_hash == lookup_hash(phone))
        )
        return list(
            session.scalars(
                select(Message.body)
                .where(Message.contact_id == contact_id, Message.direction == "out")
                .order_by(Message.id)
            )
        )


def test_claim_for_a_responder_then_reassign(staff, sessions, world):
    with session_scope(sessions) as session:
        case = session.scalar(select(Case).where(Case.code == "BBBB"))
        session.add(Offer(case_id=case.id, responder_id=world["ben"], created_at=NOW))

    # Ana was never offered the case: the coordinator offers it and claims it for her.
    response = post_form(staff, "/admin/cases/BBBB/assign", {"responder_id": world["ana"]})
    assert response.status_code == 302
    case = get_case(sessions, "BBBB")
    assert (case.status, case.claimed_by_id, case.claimed_at) == ("claimed", world["ana"], NOW)
    assert case.escalation_token is None
    with sessions() as session:
        offers = dict(
            (row[0], row[1])
            for row in session.execute(
                select(Offer.responder_id, Offer.status).where(Offer.case_id == case.id)
            )
        )
    assert offers == {world["ana"]: "claimed", world["ben"]: "taken"}
    ana_texts = texts_to(sessions, "+14135550201")
    assert ana_texts[0].startswith("Assigned to you by the team. Case BBBB is yours.")
    assert any("taken by Ana" in body for body in texts_to(sessions, "+14135550202"))

    runtime.current().clock = lambda: NOW + timedelta(hours=1)
    post_form(staff, "/admin/cases/BBBB/assign", {"responder_id": world["ben"]})
    case = get_case(sessions, "BBBB")
    assert (case.status, case.claimed_by_id, case.claimed_at) == ("claimed", world["ben"], NOW)
    assert any("handed to another responder" in body for body in texts_to(sessions, "+14135550201"))
    assert any("Case BBBB is yours" in body for body in texts_to(sessions, "+14135550202"))

    with sessions() as session:
        events = session.execute(
            select(CaseEvent.kind, CaseEvent.actor, CaseEvent.data)
            .where(CaseEvent.case_id == case.id, CaseEvent.kind != "created")
            .order_by(CaseEvent.at)
        ).all()
    assert [(kind, actor) for kind, actor, _ in events] == [
        ("claimed", "coordinator@example.org"),
        ("reassigned", "coordinator@example.org"),
    ]
    assert events[0][2]["on_behalf_of"] == "Ana"
    assert events[1][2]["previous"] == world["ana"]
    assert audit_actions(sessions) == [("case.assign", "case:BBBB")] * 2
    # Giving it to the one who has it already is refused.
    post_form(staff, "/admin/cases/BBBB/assign", {"responder_id": world["ben"]})
    assert audit_actions(sessions) == [("case.assign", "case:BBBB")] * 2


def test_a_case_reassigned_after_first_contact_says_when_it_was_made(staff, sessions):
    """Before, its new holder was told "First contact by...", and RELEASE, which is refused
    once the person was reached."""
    post_form(staff, "/admin/cases/CCCC/contacted")
    runtime.current().clock = lambda: NOW + timedelta(hours=1)
    with sessions() as session:
        ben = session.scalar(select(Responder).where(Responder.name == "Ben"))
    post_form(staff, "/admin/cases/CCCC/assign", {"responder_id": ben.id})
    assert get_case(sessions, "CCCC").claimed_by_id == ben.id
    first, second = texts_to(sessions, "+14135550202")
    assert first.startswith("Assigned to you by the team. Case CCCC is yours. First contact made")
    assert "First contact by" not in first and "overdue" not in first.lower()
    assert "RELEASE" not in second and "Ask a coordinator to reassign it." in second


def claim_for(staff, code: str) -> list[str]:
    """The responders the case page offers to claim or reassign the case for."""
    form = re.search(
        r'<form[^>]*id="assign-form".*?</form>', staff.get(f"/admin/cases/{code}").text, re.S
    )
    return re.findall(r'<option value="\d+"[^>]*>(.*?)</option>', form.group(0))


def left_out(staff, code: str) -> str | None:
    found = re.search(r'id="assign-left-out">(.*?)</p>', staff.get(f"/admin/cases/{code}").text)
    return found and html_text.unescape(found.group(1))


def test_claim_for_leaves_police_out_of_a_peers_only_case(staff, sessions, world):
    # AAAA is peers only (the default): Dee, a police officer, would be refused. Cy is inactive.
    assert claim_for(staff, "AAAA") == [
        "Ana (recovery coach; English; not on call now)",
        "Ben (harm reduction specialist; English; not on call now)",
    ]
    assert left_out(staff, "AAAA") == (
        "Not in the list: Dee (a police officer, and this person asked for no police)."
    )
    # Reassigning a peers-only case leaves her out too.
    assert not [label for label in claim_for(staff, "CCCC") if label.startswith("Dee ")]
    with session_scope(sessions) as session:
        session.scalar(select(Case).where(Case.code == "AAAA")).peers_only = False
    assert claim_for(staff, "AAAA") == [
        "Ana (recovery coach; English; not on call now)",
        "Ben (harm reduction specialist; English; not on call now)",
        "Dee (police officer; English; not on call now)",
    ]
    assert left_out(staff, "AAAA") is None


def test_claim_for_leaves_out_everyone_the_server_refuses_and_says_why(staff, sessions, world):
    _stop_texts(sessions, "+14135550202", invalid=True)
    assert claim_for(staff, "AAAA") == ["Ana (recovery coach; English; not on call now)"]
    assert left_out(staff, "AAAA") == (
        "Not in the list: Ben (cannot be texted: their number opted out or does not take "
        "texts); Dee (a police officer, and this person asked for no police)."
    )


def test_assign_honours_the_no_police_choice(staff, sessions, world):
    response = post_form(staff, "/admin/cases/AAAA/assign", {"responder_id": world["dee"]})
    assert "asked for no police" in staff.get(response.headers["Location"]).text
    assert get_case(sessions, "AAAA").claimed_by_id is None
    with session_scope(sessions) as session:
        session.scalar(select(Case).where(Case.code == "AAAA")).peers_only = False
    post_form(staff, "/admin/cases/AAAA/assign", {"responder_id": world["dee"]})
    assert get_case(sessions, "AAAA").claimed_by_id == world["dee"]


def test_reassigning_a_no_police_case_to_a_police_officer_is_refused(staff, sessions, world):
    response = post_form(staff, "/admin/cases/CCCC/assign", {"responder_id": world["dee"]})
    assert response.status_code == 302
    assert (
        "Not done: this person asked for no police and Dee is a police officer. "
        "Please choose a peer responder." in staff.get(response.headers["Location"]).text
    )
    case = get_case(sessions, "CCCC")
    assert (case.status, case.claimed_by_id) == ("claimed", world["ana"])
    assert audit_actions(sessions) == []


def test_assign_refuses_an_inactive_responder(staff, sessions, world):
    response = post_form(staff, "/admin/cases/AAAA/assign", {"responder_id": world["cy"]})
    assert response.status_code == 302
    assert "active responder" in staff.get(response.headers["Location"]).text
    case = get_case(sessions, "AAAA")
    assert (case.status, case.claimed_by_id) == ("new", None)
    assert audit_actions(sessions) == []


def _stop_texts(sessions, phone: str, *, invalid: bool = False) -> None:
    with session_scope(sessions) as session:
        row = session.scalar(select(Contact).where(Contact.phone_hash == lookup_hash(phone)))
        if invalid:
            row.invalid_at = NOW  # Twilio said 30006: a landline
        else:
            row.opted_out_at = NOW  # they texted STOP


def test_claim_for_a_responder_who_cannot_be_texted_is_refused(staff, sessions, world):
    with session_scope(sessions) as session:
        case = session.scalar(select(Case).where(Case.code == "BBBB"))
        case.escalation_token = "live-token"
        session.add(Offer(case_id=case.id, responder_id=world["ben"], created_at=NOW))
    _stop_texts(sessions, "+14135550201")

    response = post_form(staff, "/admin/cases/BBBB/assign", {"responder_id": world["ana"]})
    assert response.status_code == 302
    assert (
        "Not done: Ana cannot be texted: their number opted out or does not take texts."
        in staff.get(response.headers["Location"]).text
    )
    # Nothing changed: still offered, still escalating, Ben's offer still open.
    case = get_case(sessions, "BBBB")
    assert (case.status, case.claimed_by_id, case.escalation_token) == (
        "offered",
        None,
        "live-token",
    )
    with sessions() as session:
        offers = session.execute(
            select(Offer.responder_id, Offer.status).where(Offer.case_id == case.id)
        ).all()
    assert [tuple(row) for row in offers] == [(world["ben"], "open")]
    assert texts_to(sessions, "+14135550201") == []
    assert texts_to(sessions, "+14135550202") == []
    assert audit_actions(sessions) == []
    # The form leaves her out, and says why, before anyone tries.
    assert claim_for(staff, "BBBB") == ["Ben (harm reduction specialist; English; not on call now)"]
    assert left_out(staff, "BBBB").startswith(
        "Not in the list: Ana (cannot be texted: their number opted out or does not take texts);"
    )


def test_reassign_to_a_responder_who_cannot_be_texted_is_refused(staff, sessions, world):
    _stop_texts(sessions, "+14135550202", invalid=True)
    response = post_form(staff, "/admin/cases/CCCC/assign", {"responder_id": world["ben"]})
    assert "Ben cannot be texted" in staff.get(response.headers["Location"]).text
    case = get_case(sessions, "CCCC")
    assert (case.status, case.claimed_by_id) == ("claimed", world["ana"])
    assert texts_to(sessions, "+14135550201") == []  # Ana is not told it moved
    assert audit_actions(sessions) == []


def test_add_note(staff, sessions):
    post_form(staff, "/admin/cases/CCCC/note", {"text": "Left a voicemail"})
    with sessions() as session:
        note = session.scalar(select(CaseEvent).where(CaseEvent.kind == "note"))
        audit_data = session.scalar(select(AuditLog.data).where(AuditLog.action == "case.note"))
    assert (note.text, note.actor) == ("Left a voicemail", "coordinator@example.org")
    assert "Left a voicemail" not in str(audit_data)
    post_form(staff, "/admin/cases/CCCC/note", {"text": "   "})
    with sessions() as session:
        assert len(session.scalars(select(CaseEvent).where(CaseEvent.kind == "note")).all()) == 1


def textarea(html: str, box_id: str) -> str:
    """What a text box on the page holds, as the browser shows it."""
    match = re.search(rf'<textarea id="{box_id}"[^>]*>(.*?)</textarea>', html, re.S)
    assert match, box_id
    return html_text.unescape(match.group(1))


def notes(sessions) -> list[str]:
    with sessions() as session:
        return [e.text for e in session.scalars(select(CaseEvent).where(CaseEvent.kind == "note"))]


def test_a_note_over_the_limit_is_refused_and_kept_in_its_box(staff, sessions):
    """A pasted visit write-up one character too long was cut to fit without a word."""
    limit = case_actions.NOTE_LIMIT
    html = staff.get("/admin/cases/CCCC").text
    assert re.search(rf'<textarea id="note-text" [^>]*maxlength="{limit}"', html)
    assert re.search(rf'<textarea id="close-note" [^>]*maxlength="{limit}"', html)
    assert "Up to 4,000 characters." in html

    long_note = "Visit write-up. " + "x" * (limit - 15)
    response = post_form(staff, "/admin/cases/CCCC/note", {"text": long_note})
    assert response.status_code == 422
    assert "at most 4,000 characters and this one has 4,001" in response.text
    assert 'aria-describedby="note-text-limit note-problem"' in response.text
    assert textarea(response.text, "note-text") == long_note
    assert notes(sessions) == []
    assert audit_actions(sessions) == []

    # The browser counts each line break once, though it sends it as CRLF: a note the box
    # took whole is taken whole here too.
    lines = ["line"] * 799 + ["last"]
    assert len("\n".join(lines)) == limit - 1
    response = post_form(staff, "/admin/cases/CCCC/note", {"text": "\r\n".join(lines) + "!"})
    assert response.status_code == 302
    assert notes(sessions) == ["\n".join(lines) + "!"]


def test_a_closing_note_over_the_limit_is_refused_and_kept_with_the_outcome(staff, sessions):
    long_note = "y" * (case_actions.NOTE_LIMIT + 1)
    response = post_form(
        staff, "/admin/cases/DDDD/close", {"outcome": "safety_plan", "note": long_note}
    )
    assert response.status_code == 422
    assert "Not closed: a closing note holds at most 4,000 characters" in response.text
    assert textarea(response.text, "close-note") == long_note
    assert '<option value="safety_plan" selected>' in response.text
    case = get_case(sessions, "DDDD")
    assert (case.status, case.outcome) == ("claimed", None)
    with sessions() as session:
        assert session.scalar(select(CaseEvent).where(CaseEvent.kind == "closed")) is None


def test_a_case_closed_by_someone_else_first_keeps_the_closing_note(staff, sessions):
    """Two coordinators on one case: the second one's closing note must not vanish."""
    with session_scope(sessions) as session:
        case_actions.close_case(session, "DDDD", "declined", "lee@example.org", NOW)
    note = "Spoke with her mother; she asked us to call back Friday after 5."
    response = post_form(staff, "/admin/cases/DDDD/close", {"outcome": "safety_plan", "note": note})
    assert response.status_code == 409
    said = html_text.unescape(response.text)
    assert "Not closed by you: lee@example.org closed this case at" in said
    assert "(declined) before your close was sent" in said
    assert "Your closing note was not saved" in said
    assert textarea(response.text, "note-text") == note
    assert get_case(sessions, "DDDD").outcome == "declined"

    # Added as a note, it is on the closed case's timeline.
    response = post_form(staff, "/admin/cases/DDDD/note", {"text": note})
    assert response.status_code == 302
    assert notes(sessions) == [note]
    assert note in html_text.unescape(staff.get("/admin/cases/DDDD").text)


def test_mark_contacted_stops_the_clock(staff, sessions):
    post_form(staff, "/admin/cases/CCCC/contacted")
    case = get_case(sessions, "CCCC")
    assert (case.status, case.contacted_at) == ("contacted", NOW)
    html = staff.get("/admin/cases?sla=met").text
    assert "CCCC" in codes(html)
    # A second click changes nothing.
    runtime.current().clock = lambda: NOW + timedelta(hours=1)
    post_form(staff, "/admin/cases/CCCC/contacted")
    assert get_case(sessions, "CCCC").contacted_at == NOW


def test_close_with_an_outcome(staff, sessions):
    response = post_form(
        staff, "/admin/cases/DDDD/close", {"outcome": "nonsense", "note": "Kit given"}
    )
    assert response.status_code == 422
    assert "Not closed: choose an outcome." in response.text
    assert textarea(response.text, "close-note") == "Kit given"
    assert get_case(sessions, "DDDD").status == "claimed"

    post_form(
        staff,
        "/admin/cases/DDDD/close",
        {"outcome": "safety_plan", "note": "Kit given", "confirmed": "yes"},
    )
    case = get_case(sessions, "DDDD")
    assert (case.status, case.outcome, case.closed_at) == ("closed", "safety_plan", NOW)
    # A safety plan was made with the person: reached, though no one marked it contacted.
    assert case.contacted_at == NOW
    with sessions() as session:
        event = session.scalar(select(CaseEvent).where(CaseEvent.kind == "closed"))
    assert (event.text, event.data["outcome"]) == ("Kit given", "safety_plan")
    phrases = timeline_phrases(staff.get("/admin/cases/DDDD").text)
    assert (
        "the person was reached (counted when the case was closed: no one marked it contacted "
        "first)"
    ) in phrases
    assert audit_actions(sessions) == [("case.close", "case:DDDD")]
    # Closed cases cannot be closed again or reassigned.
    post_form(staff, "/admin/cases/DDDD/close", {"outcome": "declined", "confirmed": "yes"})
    assert get_case(sessions, "DDDD").outcome == "safety_plan"


def test_post_without_csrf_token_is_refused(staff, sessions):
    response = staff.post("/admin/cases/DDDD/close", data={"outcome": "declined"})
    assert response.status_code == 400
    assert get_case(sessions, "DDDD").status == "claimed"


def test_viewer_is_refused(client, sessions, world):
    viewer = sign_in(client, sessions, "viewer")
    assert viewer.get("/admin/cases").status_code == 403
    assert viewer.get("/admin/cases/AAAA").status_code == 403
    response = post_form(
        viewer, "/admin/cases/DDDD/close", {"outcome": "declined"}, page="/admin/figures"
    )
    assert response.status_code == 403
    assert get_case(sessions, "DDDD").status == "claimed"


def test_signed_out_is_sent_to_sign_in(client, world):
    response = client.get("/admin/cases")
    assert response.status_code == 302
    assert "/admin/login" in response.headers["Location"]


def test_a_case_handed_back_by_text_shows_who_and_why_on_its_timeline(staff, sessions, world):
    with session_scope(sessions) as session:
        ana = session.get_one(Responder, world["ana"])
        reply = handle_responder_text(
            session, session.get_one(Contact, ana.contact_id), "RELEASE CCCC called into work", NOW
        )
    assert reply and reply[0].startswith("Case CCCC is back with the team")
    html = staff.get("/admin/cases/CCCC").text
    assert "Ana no longer has it: back to the team" in timeline_phrases(html)
    assert "Ana handed it back: the case goes back to the team. Reason: called into work" in html


def test_how_to_reach_says_a_text_only_person_who_opted_out_cannot_be_reached(
    staff, sessions, world
):
    """Text only (calls do not work for them) and opted out of texts: the page said "call with
    care", a call the person cannot take."""
    with session_scope(sessions) as session:
        case = session.scalar(select(Case).where(Case.code == "AAAA"))
        case.contact_method, case.best_time = "text", "evening"
        case.details = json.dumps({**json.loads(case.details or "{}"), "text_only": True})
        session.get_one(Contact, world["texter"]).opted_out_at = NOW  # they texted STOP
    html = staff.get("/admin/cases/AAAA").text
    assert (
        "<dt>How to reach</dt><dd><strong>Can't be reached now</strong>: opted out of texts "
        "and can&#39;t take calls (text only). Do not call or text them. If they text START, "
        "whoever holds the case hears.</dd>"
    ) in html
    assert "call with care" not in html


# ---- who to give a case to: their languages and whether they are on call now ----------------


def _spanish_night(sessions, world) -> None:
    """Case AAAA is in Spanish. Ana (English) and Ben (both) are on shift now; Eve (both)
    texted OFF; Fay (English) is off sick by an override until 16:00."""
    from models import OnCallOverride, Shift

    with session_scope(sessions) as session:
        session.scalar(select(Case).where(Case.code == "AAAA")).language = "es"
        ben = session.get_one(Responder, world["ben"])
        ben.languages = ["en", "es"]
        eve = Responder(
            name="Eve",
            contact_id=contact(session, "+14135550205").id,
            roles=["recovery_coach"],
            languages=["es", "en"],
            available=False,
        )
        fay = Responder(
            name="Fay", contact_id=contact(session, "+14135550206").id, roles=["recovery_coach"]
        )
        session.add_all([eve, fay])
        session.flush()
        # Wednesday, all day local time: NOW is Wednesday 08:00 EDT.
        for responder in (world["ana"], world["ben"], eve.id, fay.id):
            session.add(Shift(responder_id=responder, weekday=2, starts=time(0), ends=time(0)))
        session.add(
            OnCallOverride(
                responder_id=fay.id,
                starts_at=NOW - timedelta(hours=1),
                ends_at=NOW + timedelta(hours=8),
                on_call=False,
                note="sick",
            )
        )


def test_claim_for_says_each_responders_languages_and_whether_they_are_on_call(
    staff, sessions, world
):
    """The list gave names and roles only: a Spanish texter's case could go to an English-only
    responder off shift with no hint. On call and speaking the person's language come first."""
    _spanish_night(sessions, world)
    assert claim_for(staff, "AAAA") == [
        "Ben (harm reduction specialist; English, Spanish; on call now)",
        "Ana (recovery coach; English only, no Spanish; on call now)",
        "Eve (recovery coach; Spanish, English; off: texted OFF)",
        "Fay (recovery coach; English only, no Spanish; off until Wed 1 May, 16:00 (sick))",
    ]
    # An English case: everyone speaks it, so on call first, then by name.
    assert claim_for(staff, "BBBB") == [
        "Ana (recovery coach; English; on call now)",
        "Ben (harm reduction specialist; English, Spanish; on call now)",
        "Eve (recovery coach; Spanish, English; off: texted OFF)",
        "Fay (recovery coach; English; off until Wed 1 May, 16:00 (sick))",
    ]


def test_giving_a_case_to_someone_who_does_not_speak_the_persons_language_asks_first(
    staff, sessions, world
):
    _spanish_night(sessions, world)
    response = post_form(staff, "/admin/cases/AAAA/assign", {"responder_id": world["ana"]})
    assert response.status_code == 409
    note = re.search(r'id="assign-confirm".*?</form>', response.text, re.S)
    said = html_text.unescape(note.group(0))
    assert "Not assigned yet: Ana does not speak Spanish, the person's language." in said
    assert f'name="responder_id" value="{world["ana"]}"' in said
    assert 'name="confirm" value="1"' in said and "Assign to Ana anyway" in said
    # Nothing happened yet: not claimed, nobody texted, nothing audited.
    assert get_case(sessions, "AAAA").claimed_by_id is None
    assert texts_to(sessions, "+14135550201") == []
    assert audit_actions(sessions) == []

    confirmed = post_form(
        staff, "/admin/cases/AAAA/assign", {"responder_id": world["ana"], "confirm": "1"}
    )
    assert confirmed.status_code == 302
    assert get_case(sessions, "AAAA").claimed_by_id == world["ana"]
    assert audit_actions(sessions) == [("case.assign", "case:AAAA")]
    with sessions() as session:
        data = session.scalar(select(AuditLog.data).where(AuditLog.action == "case.assign"))
    assert data == {"responder_id": world["ana"], "confirmed": ["language"]}


def test_a_responder_off_call_who_speaks_no_spanish_is_said_to_be_both(staff, sessions, world):
    _spanish_night(sessions, world)
    with session_scope(sessions) as session:
        fay = session.scalar(select(Responder).where(Responder.name == "Fay"))
        fay_id = fay.id
    response = post_form(staff, "/admin/cases/AAAA/assign", {"responder_id": fay_id})
    assert response.status_code == 409
    said = html_text.unescape(response.text)
    assert (
        "Not assigned yet: Fay does not speak Spanish, the person's language, and is not on "
        "call now (off until Wed 1 May, 16:00 (sick))." in said
    )


def test_a_spanish_speaker_on_call_is_given_the_case_without_a_question(staff, sessions, world):
    _spanish_night(sessions, world)
    response = post_form(staff, "/admin/cases/AAAA/assign", {"responder_id": world["ben"]})
    assert response.status_code == 302
    assert get_case(sessions, "AAAA").claimed_by_id == world["ben"]
    with sessions() as session:
        data = session.scalar(select(AuditLog.data).where(AuditLog.action == "case.assign"))
    assert data == {"responder_id": world["ben"]}


@pytest.mark.parametrize(
    ("outcome", "warned"), [("safety_plan", True), ("declined", True), ("unreachable", False)]
)
def test_the_close_confirm_says_a_case_nobody_marked_contacted_counts_as_reached(
    staff, sessions, outcome, warned
):
    """DDDD's person was never marked contacted: closing it as a safety plan counts them
    reached, now; the page says so before the close, and what to choose if nobody did."""
    page = post_form(staff, "/admin/cases/DDDD/close", {"outcome": outcome})
    said = html_text.unescape(page.text)
    warning = (
        "No one marked this case contacted. Closing it as "
        f"{outcome.replace('_', ' ')} counts the person as reached, now. If no one reached "
        "them, go back and choose unreachable."
    )
    assert (warning in said) is warned
    assert ("No one marked this case contacted" in said) is warned
    with sessions() as session:
        session.execute(
            update(Case).where(Case.code == "DDDD").values(contacted_at=NOW - timedelta(hours=1))
        )
        session.commit()
    again = html_text.unescape(
        post_form(staff, "/admin/cases/DDDD/close", {"outcome": outcome}).text
    )
    assert "No one marked this case contacted" not in again


def test_closing_a_case_asks_first_naming_the_case_and_its_outcome(staff, sessions):
    """The "Close case" button closed at one tap, and told the holder by text."""
    note = 'Kit given.\nShe said "call Friday".'
    page = post_form(staff, "/admin/cases/DDDD/close", {"outcome": "safety_plan", "note": note})
    assert page.status_code == 200
    said = html_text.unescape(page.text)
    assert "Close case DDDD as safety plan?" in said
    assert "Ana, who has it, is told by text that it was closed." in said
    assert (get_case(sessions, "DDDD").status, audit_actions(sessions)) == ("claimed", [])
    form = page.text.split('id="confirm-form"')[1].split("</form>")[0]
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form, re.S))
    assert html_text.unescape(fields["note"]) == note
    assert (fields["outcome"], fields["confirmed"]) == ("safety_plan", "yes")
    del fields["csrf_token"]
    response = post_form(
        staff, "/admin/cases/DDDD/close", {k: html_text.unescape(v) for k, v in fields.items()}
    )
    assert response.status_code == 302
    case = get_case(sessions, "DDDD")
    assert (case.status, case.outcome) == ("closed", "safety_plan")
    with sessions() as session:
        event = session.scalar(select(CaseEvent).where(CaseEvent.kind == "closed"))
    assert event.text == note
