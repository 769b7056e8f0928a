"""Flow editing without the web: checks, drafts, conflicts, publish, rollback, simulator."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from flows.engine import step
from flows.places_data import default_directory
from flows.script import load_flow
from flows.transcripts import TRANSCRIPTS_DIR, run_transcript
from flows.types import Context, EngineSettings
from flows.validate import validate_flows
from hotline import flow_editing as fe
from hotline import flow_memo
from hotline.flow_store import conversation_flows, flows_for, install_shipped_flows
from models import FlowScript, FlowVersion
from models.session import make_sessionmaker

NOW = datetime(2026, 11, 24, 19, 0, tzinfo=UTC)
# Words no transcript quotes: changing them changes no shipped conversation.
OLD_WORDS = "support about substance use, no judgment."
NEW_WORDS = "Brand new welcome words for testing."


def menu_body(session) -> str:
    return fe.get_version(session, "menu", 1).body


def first_reply(session, text: str = "hi") -> str:
    ctx = Context(now=NOW, places=default_directory(), settings=EngineSettings())
    outcome = step(flows_for(session, None), None, text, ctx)
    return "\n".join(outcome.replies)


def count_versions(session, flow_id: str = "menu") -> int:
    return session.scalar(select(func.count(FlowVersion.id)).where(FlowVersion.flow_id == flow_id))


def test_saving_the_same_text_makes_no_version(installed):
    session = installed
    body = menu_body(session)
    assert fe.save_draft(session, "menu", body, 1, "a@example.org") is None
    assert fe.save_draft(session, "menu", body.replace("\n", "\r\n") + "\n\n", 1, "a") is None
    assert count_versions(session) == 1


def test_a_draft_records_its_base_and_author(installed):
    session = installed
    draft = fe.save_draft(
        session, "menu", menu_body(session).replace(OLD_WORDS, NEW_WORDS), 1, "a@example.org", "x"
    )
    session.commit()
    assert (draft.version, draft.base_version, draft.status) == (2, 1, "draft")
    assert draft.author == "a@example.org"
    # Drafts change nothing for texters until published.
    assert OLD_WORDS in first_reply(session)
    summary = {s.flow_id: s for s in fe.list_flows(session)}["menu"]
    assert summary.has_draft and summary.published_version == 1 and summary.latest_version == 2


def test_the_later_of_two_edits_is_refused(installed):
    session = installed
    body = menu_body(session)
    fe.save_draft(session, "menu", body.replace(OLD_WORDS, NEW_WORDS), 1, "first@example.org")
    session.commit()
    with pytest.raises(fe.ConflictError) as caught:
        fe.save_draft(session, "menu", body.replace(OLD_WORDS, "Other words."), 1, "second")
    assert "first@example.org saved version 2" in str(caught.value)
    session.rollback()
    assert count_versions(session) == 2
    assert NEW_WORDS in fe.latest_version(session, "menu").body


def test_publish_is_used_by_new_conversations_at_once(installed):
    session = installed
    draft = fe.save_draft(session, "menu", menu_body(session).replace(OLD_WORDS, NEW_WORDS), 1, "a")
    fe.publish(session, "menu", draft.version, "a")
    session.commit()
    assert NEW_WORDS in first_reply(session)
    assert session.get(FlowScript, "menu").published_version == 2
    assert fe.get_version(session, "menu", 1).status == "archived"


def test_rollback_restores_the_earlier_behaviour(installed):
    session = installed
    original = menu_body(session)
    draft = fe.save_draft(session, "menu", original.replace(OLD_WORDS, NEW_WORDS), 1, "a")
    fe.publish(session, "menu", draft.version, "a")
    session.commit()
    assert NEW_WORDS in first_reply(session)

    copy = fe.rollback(session, "menu", 1, "b@example.org")
    session.commit()
    assert copy.version == 3 and copy.status == "published" and copy.body == original
    assert "rollback to version 1" in copy.note
    reply = first_reply(session)
    assert OLD_WORDS in reply and NEW_WORDS not in reply
    # History is kept whole: version 2 is still there, unchanged.
    assert NEW_WORDS in fe.get_version(session, "menu", 2).body
    assert [v.version for v in fe.history(session, "menu")] == [3, 2, 1]


def test_a_draft_older_than_the_published_version_is_not_published_over_it(installed):
    """A stale page must not undo a colleague's published change: version 2 was built on
    by version 3, which is live, so going back to 2 is a rollback, said as one."""
    session = installed
    two = fe.save_draft(session, "menu", menu_body(session).replace(OLD_WORDS, NEW_WORDS), 1, "a")
    three = fe.save_draft(session, "menu", two.body.replace(NEW_WORDS, "Third words."), 2, "b")
    fe.publish(session, "menu", three.version, "b")
    session.commit()
    with pytest.raises(fe.FlowEditError, match="older than the published version 3"):
        fe.publish(session, "menu", two.version, "a")
    session.rollback()
    assert session.get(FlowScript, "menu").published_version == 3
    assert "Third words." in first_reply(session)


def test_a_conversation_under_way_keeps_its_version(installed):
    session = installed
    ctx = Context(now=NOW, places=default_directory(), settings=EngineSettings())
    started = step(flows_for(session, None), None, "hi", ctx).state
    draft = fe.save_draft(session, "menu", menu_body(session).replace(OLD_WORDS, NEW_WORDS), 1, "a")
    fe.publish(session, "menu", draft.version, "a")
    session.commit()
    assert flows_for(session, started)["menu"].version == 1
    flows, published = conversation_flows(session, started)
    assert (flows["menu"].version, published["menu"].version) == (1, 2)
    # MENU starts the conversation over, on the published menu.
    ctx = Context(now=NOW, places=default_directory(), published=published)
    restarted = step(flows, started, "menu", ctx)
    assert NEW_WORDS in restarted.replies[0]
    assert restarted.state["pins"]["menu"] == 2


def test_scripts_with_errors_are_not_published(installed):
    session = installed
    broken = menu_body(session).replace("goto: naloxone", "goto: nowhere")
    draft = fe.save_draft(session, "menu", broken, 1, "a")
    with pytest.raises(fe.NotPublishable) as caught:
        fe.publish(session, "menu", draft.version, "a")
    assert any("nowhere" in p.message for p in caught.value.problems)
    assert session.get(FlowScript, "menu").published_version == 1


def test_a_draft_that_changes_a_shipped_conversation_needs_each_change_accepted(installed):
    """The transcripts are the shipped conversations (emergencies, "no police", opt-out): a
    draft with which one that passes now would fail is published only once the admin has
    read that failure and accepted it by name. One that already fails asks nothing again."""
    session = installed
    body = menu_body(session).replace("free, confidential", "private")
    draft = fe.save_draft(session, "menu", body, 1, "a")
    session.commit()
    with pytest.raises(fe.TranscriptsFailed) as caught:
        fe.publish(session, "menu", draft.version, "a")
    assert [run.name for run in caught.value.runs] == ["menu_first_contact_en.txt"]
    assert "menu_first_contact_en.txt" in str(caught.value)
    with pytest.raises(fe.TranscriptsFailed):
        fe.publish(session, "menu", draft.version, "a", accepted=["naloxone_en.txt"])
    session.rollback()
    assert session.get(FlowScript, "menu").published_version == 1

    done = fe.publish(session, "menu", draft.version, "a", accepted=["menu_first_contact_en.txt"])
    session.commit()
    assert done.failing_transcripts == ("menu_first_contact_en.txt",)
    assert session.get(FlowScript, "menu").published_version == 2

    later = fe.save_draft(session, "menu", body.replace("no judgment", "no judgement"), 2, "b")
    assert fe.publish(session, "menu", later.version, "b").failing_transcripts == ()


def test_checks_name_the_field_and_line(installed):
    session = installed
    body = menu_body(session)
    result = fe.check_script(session, "menu", body)
    assert result.ok, result.errors

    broken = body.replace("goto: naloxone", "goto: nowhere")
    result = fe.check_script(session, "menu", broken)
    [problem] = [p for p in result.errors if "nowhere" in p.message]
    assert problem.path.startswith("states.welcome.options[2]")
    assert broken.splitlines()[problem.line - 1].strip().startswith("goto: nowhere")

    unknown_field = body.replace("    save: choice\n", "    save: choice\n    colour: red\n")
    result = fe.check_script(session, "menu", unknown_field)
    assert result.flow is None
    [problem] = result.problems
    assert problem.path == "states.welcome.colour"
    assert unknown_field.splitlines()[problem.line - 1].strip() == "colour: red"

    not_yaml = body.replace("states:", "states: [", 1)
    result = fe.check_script(session, "menu", not_yaml)
    assert result.flow is None and result.problems[0].line is not None


@pytest.mark.parametrize(
    ("key", "problem"),
    [("title: Main menu", "'title' is written twice"), ("[a, b]: 1", "a plain name")],
)
def test_a_key_the_editor_cannot_read_is_a_problem_at_its_line(installed, key, problem):
    """Keys YAML would drop or cannot use are refused where the admin types them."""
    session = installed
    body = menu_body(session).replace("start: welcome\n", f"start: welcome\n{key}\n", 1)
    result = fe.check_script(session, "menu", body)
    [error] = result.errors
    assert problem in error.message
    assert body.splitlines()[error.line - 1] == key
    draft = fe.save_draft(session, "menu", body, 1, "a")
    with pytest.raises(fe.NotPublishable):
        fe.publish(session, "menu", draft.version, "a")
    assert session.get(FlowScript, "menu").published_version == 1


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (('es: "{program_name}: apoyo', 'xx: "{program_name}: apoyo'), "unknown language"),
        (("{program_name}: free", "{nickname}: free"), "nickname"),
    ],
)
def test_checks_catch_translations_and_variables(installed, change, words):
    body = menu_body(installed).replace(*change)
    result = fe.check_script(installed, "menu", body)
    assert not result.ok
    assert any(words in p.message for p in result.problems), result.problems


def test_missing_translation_is_an_error(installed):
    body = menu_body(installed)
    lines = [line for line in body.splitlines() if not line.strip().startswith('es: "{program_')]
    result = fe.check_script(installed, "menu", "\n".join(lines))
    assert any(
        p.path == "states.welcome.prompt.es" and "Spanish" in p.message for p in result.errors
    )


def test_segment_counts_show_ucs2(installed):
    body = menu_body(installed).replace("Reply STOP any time.", "Reply STOP any time 🙂")
    result = fe.check_script(installed, "menu", body)
    rows = {row.path: row for row in result.segment_rows}
    english = rows["states.welcome.prompt.en"]
    assert english.encoding == "UCS-2" and "🙂" in english.non_gsm
    assert english.segments >= 3
    assert rows["states.welcome.prompt.es"].encoding in ("GSM-7", "UCS-2")
    assert english.line is not None


def test_characters_pasted_from_a_word_processor_are_named_with_what_to_type(installed):
    """A no-break space is invisible and curly quotes look like straight ones: the editor
    says which they are and what to type instead to keep the text in GSM-7."""
    body = menu_body(installed).replace("Reply STOP any time.", "Reply\u00a0STOP. We\u2019re here.")
    rows = {row.path: row for row in fe.check_script(installed, "menu", body).segment_rows}
    shown = rows["states.welcome.prompt.en"].non_gsm_shown
    assert shown == ("no-break space (U+00A0): type a plain space", "\u2019: type '")


def test_segment_counts_include_the_texts_a_prompt_names(installed):
    """A prompt that says one of the flow's strings is counted with that string's words, as
    the texter gets them, and as the checks count it."""
    name_prompt = "What name should we use? Any name or nickname is fine, or reply SKIP."
    body = fe.get_version(installed, "self_referral", 1).body
    assert name_prompt in body
    body = body.replace(name_prompt, "What name should we use? {info_supplies}")
    rows = {row.path: row for row in fe.check_script(installed, "self_referral", body).segment_rows}
    english = rows["states.name.prompt.en"]
    assert english.length > 160 and english.segments == 2


def test_the_simulator_remembers_no_police_as_the_hotline_does(installed):
    """A texter who said "no police" is never asked who may reach out in a later
    conversation; the simulator, carried from page to page, shows the same."""
    flows = fe.flows_with(installed, "menu", None)
    flows = {**flows, "menu": fe.check_script(installed, "menu", menu_body(installed)).flow}
    sim = fe.Simulation()
    for text in ("hi", "no police", "MENU", "1", "1", "amherst", "1", "1"):
        sim = fe.Simulation.from_data(sim.to_data())
        sim = fe.simulate(flows, sim, text, default_directory(), EngineSettings(), NOW)
    replies = [e["text"] for e in sim.log if e["who"] == "hotline"]
    assert "As you asked, no police officers will be part of your team" in replies[-2]
    assert "What name should we use?" in replies[-1]


def test_side_by_side_diff_escapes(installed):
    html = fe.side_by_side_diff("a: <b>\n", "a: <script>\n", "old", "new")
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_simulator_runs_the_draft_and_stores_nothing(installed):
    session = installed
    body = menu_body(session).replace(OLD_WORDS, NEW_WORDS)
    flow = fe.check_script(session, "menu", body, version=99).flow
    flows = fe.flows_with(session, "menu", flow)
    sim = fe.simulate(
        flows, fe.Simulation(language="es"), "hola", default_directory(), EngineSettings(), now=NOW
    )
    assert sim.language == "es"
    assert "apoyo gratis" in sim.log[1]["text"]
    sim = fe.simulate(flows, fe.Simulation(), "hi", default_directory(), EngineSettings(), NOW)
    assert NEW_WORDS in sim.log[1]["text"]
    assert sim.log[1]["segments"] >= 1
    again = fe.Simulation.from_data(sim.to_data())
    sim = fe.simulate(flows, again, "STOP", default_directory(), EngineSettings(), NOW)
    assert sim.opted_out
    assert any(entry.get("kind") == "opt_out" for entry in sim.log)


def test_shipped_transcripts_pass(installed):
    runs = fe.run_transcripts(flows_for(installed, None), default_directory())
    assert runs, "no transcripts found"
    failing = [(run.name, run.failures, run.error) for run in runs if not run.passed]
    assert not failing


@pytest.fixture
def replays(monkeypatch):
    """Counts transcripts replayed and validations run, starting from nothing remembered."""
    monkeypatch.setattr(flow_memo, "_results", {})
    counts = {"transcripts": 0, "validations": 0}

    def replay(*args, **kwargs):
        counts["transcripts"] += 1
        return run_transcript(*args, **kwargs)

    def validate(flows):
        counts["validations"] += 1
        return validate_flows(flows)

    monkeypatch.setattr(fe, "run_transcript", replay)
    monkeypatch.setattr(fe, "validate_flows", validate)
    return counts


def test_a_refused_publish_accepted_later_replays_each_set_of_flows_once(installed, replays):
    """Replaying is the slow part of publishing: the published flows and the draft are each
    replayed once, however often the admin tries, reads the failures and accepts them."""
    session = installed
    files = len(list(TRANSCRIPTS_DIR.glob("*.txt")))
    body = menu_body(session).replace("free, confidential", "private")
    draft = fe.save_draft(session, "menu", body, 1, "a")
    session.commit()
    for _ in range(2):
        with pytest.raises(fe.TranscriptsFailed):
            fe.publish(session, "menu", draft.version, "a")
        session.rollback()
    flows = fe.flows_with(session, "menu", fe.load_version(session, "menu", draft.version))
    shown = fe.run_transcripts(flows, default_directory())
    assert [run.name for run in shown if not run.passed] == ["menu_first_contact_en.txt"]
    done = fe.publish(session, "menu", draft.version, "a", accepted=["menu_first_contact_en.txt"])
    assert done.failing_transcripts == ("menu_first_contact_en.txt",)
    assert replays["transcripts"] == 2 * files
    assert replays["validations"] == 1  # the same draft with the same flows, at each try


def test_transcripts_replay_again_when_a_flow_or_the_settings_differ(installed, replays):
    files = len(list(TRANSCRIPTS_DIR.glob("*.txt")))
    flows = flows_for(installed, None)
    first = fe.run_transcripts(flows, default_directory())
    assert fe.run_transcripts(dict(flows), default_directory()) == first
    assert replays["transcripts"] == files
    # Changed in code rather than in its text: remembered by what the flow says.
    menu = flows["menu"]
    welcome = menu.states["welcome"]
    gutted = replace(welcome, prompt={"en": "Hello.", "es": "Hola."})
    edited = {**flows, "menu": replace(menu, states={**menu.states, "welcome": gutted})}
    changed = fe.run_transcripts(edited, default_directory())
    assert replays["transcripts"] == 2 * files
    assert changed != first
    fe.run_transcripts(flows, default_directory(), EngineSettings(program_name="Other Line"))
    assert replays["transcripts"] == 3 * files


def test_the_same_text_is_checked_once_against_the_same_other_flows(
    installed, replays, monkeypatch
):
    """The editor, the version page and a publish each check the script; the text is read
    and checked again only when it, its version or one of the other flows is new."""
    parses = []

    def parse(*args, **kwargs):
        parses.append(args[0])
        return load_flow(*args, **kwargs)

    monkeypatch.setattr(fe, "load_flow", parse)
    session = installed
    body = menu_body(session).replace(OLD_WORDS, NEW_WORDS)
    first = fe.check_script(session, "menu", body, version=2)
    again = fe.check_script(session, "menu", body, version=2)
    assert again == first and first.ok and len(parses) == 1
    again.problems.append(first.problems[0] if first.problems else None)
    assert fe.check_script(session, "menu", body, version=2) == first  # a copy each time
    assert len(parses) == 1
    fe.check_script(session, "menu", body, version=3)
    assert len(parses) == 2

    system = fe.get_version(session, "system", 1).body
    changed = system.replace("free, confidential substance use support", "free support", 1)
    draft = fe.save_draft(session, "system", changed, 1, "a")
    fe.publish(session, "system", draft.version, "a")
    parsed = len(parses)
    assert fe.check_script(session, "menu", body, version=2).ok
    assert len(parses) == parsed + 1
    assert replays["validations"] == 4


def test_transcripts_show_what_a_change_breaks(installed):
    body = (
        menu_body(installed)
        .replace("Support for myself", "Help for me")
        .replace("Apoyo para mi", "Ayuda")
    )
    body = body.replace("goto: naloxone", "goto: family")
    flow = fe.check_script(installed, "menu", body, version=2).flow
    runs = fe.run_transcripts(fe.flows_with(installed, "menu", flow), default_directory())
    failed = [run for run in runs if not run.passed]
    assert failed and all(run.error is None for run in runs)
    assert all(failure.startswith("line ") for run in failed for failure in run.failures)


def test_concurrent_saves_on_postgresql_wait_for_the_row_lock(pg_engine):
    factory = make_sessionmaker(pg_engine)
    with factory() as setup:
        install_shipped_flows(setup, NOW)
        setup.commit()
        body = menu_body(setup)
    first = factory()
    fe.save_draft(first, "menu", body.replace(OLD_WORDS, NEW_WORDS), 1, "first")
    outcome: dict[str, object] = {}

    def second_editor() -> None:
        with factory() as second:
            try:
                fe.save_draft(second, "menu", body.replace(OLD_WORDS, "Other."), 1, "second")
                second.commit()
                outcome["result"] = "saved"
            except fe.ConflictError as exc:
                outcome["result"] = exc

    thread = threading.Thread(target=second_editor)
    thread.start()
    thread.join(timeout=1.0)
    assert thread.is_alive(), "the second save should wait for the first one's lock"
    first.commit()
    first.close()
    thread.join(timeout=10)
    assert isinstance(outcome["result"], fe.ConflictError)
    with factory() as check:
        assert count_versions(check) == 2


def test_unknown_effects_are_errors_at_their_line(installed):
    body = menu_body(installed).replace(
        "    save: choice\n", "    save: choice\n    effects: [{kind: launch_rocket}]\n", 1
    )
    result = fe.check_script(installed, "menu", body)
    assert any("launch_rocket" in p.message for p in result.errors), result.problems
    [problem] = [p for p in result.errors if "launch_rocket" in p.message]
    assert "effects: [{kind: launch_rocket}]" in body.splitlines()[problem.line - 1]
