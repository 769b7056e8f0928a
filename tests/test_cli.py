"""The set-up and chat commands, as a newcomer runs them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from models import FlowScript, FlowVersion, Site, Town
from tests.conftest import make_settings


def test_setup_migrates_loads_and_is_safe_to_run_twice(runner, sessions, engine):
    first = runner.invoke(args=["setup"])
    assert first.exit_code == 0, first.output
    assert "Database is up to date." in first.output
    with sessions() as session:
        towns = session.scalar(select(func.count()).select_from(Town))
        sites = session.scalar(select(func.count()).select_from(Site))
        flows = session.scalar(select(func.count()).select_from(FlowScript))
        versions = session.scalar(select(func.count()).select_from(FlowVersion))
    assert towns == 21  # the county's twenty and Montgomery (01050)
    assert sites > 0
    assert flows == 5
    second = runner.invoke(args=["setup"])
    assert second.exit_code == 0, second.output
    assert "none new" in second.output
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Town)) == towns
        assert session.scalar(select(func.count()).select_from(Site)) == sites
        assert session.scalar(select(func.count()).select_from(FlowVersion)) == versions


def test_chat_talks_to_the_bot_through_the_webhook_path(runner):
    assert runner.invoke(args=["setup"]).exit_code == 0
    result = runner.invoke(args=["chat", "--from", "+14135550123"], input="hi\n3\nnoho\n")
    assert result.exit_code == 0, result.output
    assert "> hi" in result.output
    assert "not an emergency service" in result.output
    assert "Northampton" in result.output


def test_chat_says_when_it_sends_only_the_first_1600_characters(runner):
    assert runner.invoke(args=["setup"]).exit_code == 0
    texts = "hi\n" + "a" * 1700 + "\n" + "b" * 1600 + "\n"
    result = runner.invoke(args=["chat", "--from", "+14135550123"], input=texts)
    assert result.exit_code == 0, result.output
    note = "Only the first 1,600 characters were sent: a text can't be longer."
    assert result.output.count(note) == 1
    assert result.output.index("a" * 1700) < result.output.index(note)
    assert result.output.index(note) < result.output.index("b" * 1600)


def test_chat_refuses_a_malformed_number(runner):
    result = runner.invoke(args=["chat", "--from", "12"])
    assert result.exit_code != 0
    assert "--from" in result.output


def test_setup_saves_a_changed_shipped_script_as_a_draft_to_review(runner, sessions, monkeypatch):
    """An upgrade that changes a shipped script (new emergency wording, say) never changes what
    texters get by itself, and never leaves the change unseen: it waits as a draft."""
    import hotline.flow_editing as flow_editing
    from flows.script import shipped_flow_text

    assert runner.invoke(args=["setup"]).exit_code == 0
    changed = shipped_flow_text("system").replace("call 911 now", "call 911 right now", 1)
    assert changed != shipped_flow_text("system")
    monkeypatch.setattr(
        flow_editing,
        "shipped_flow_text",
        lambda flow_id: changed if flow_id == "system" else shipped_flow_text(flow_id),
    )
    result = runner.invoke(args=["setup"])
    assert result.exit_code == 0, result.output
    assert "saved as drafts" in result.output and "system (version 2)" in result.output
    with sessions() as session:
        script = session.get(FlowScript, "system")
        draft = session.scalars(
            select(FlowVersion).where(FlowVersion.flow_id == "system", FlowVersion.version == 2)
        ).one()
    assert script.published_version == 1
    assert (draft.status, draft.author, draft.body) == ("draft", "setup", changed)
    again = runner.invoke(args=["setup"])
    assert "saved as drafts" not in again.output


@pytest.fixture
def local_runner(engine):
    """The embedded default: no Twilio, so texts to the team are printed in the chat."""
    from hotline import close_app, create_app

    settings = make_settings(
        engine.url.render_as_string(hide_password=False),
        twilio_account_sid=None,
        twilio_auth_token=None,
        twilio_from_number=None,
    )
    app = create_app(settings)
    app.config.update(TESTING=True)
    yield app.test_cli_runner()
    close_app(app)


def test_chat_shows_the_offer_to_the_team_after_the_answer_that_made_it(local_runner, tmp_path):
    """In the order phones get them: the texter's thank-you, then the team's new case."""
    runner = local_runner
    assert runner.invoke(args=["setup"]).exit_code == 0
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "name,phone,roles,languages,towns,active,shifts\n"
        "Avery Sample,413-555-0101,recovery_coach,en,,yes,Mon-Sun 00:00-00:00\n"
    )
    loaded = runner.invoke(args=["roster", "load", str(roster)])
    assert loaded.exit_code == 0, loaded.output
    texts = "i need detox\nnorthampton\n1\n1\n1\nSam\n1\n"
    result = runner.invoke(args=["chat", "--from", "+14135550123"], input=texts)
    assert result.exit_code == 0, result.output
    out = result.output
    confirm, thanks = out.rindex("> 1"), out.index("Someone from our team will reach out")
    offer = out.index("): New case")
    assert confirm < thanks < offer


# ---- the Procfile's processes refuse a bad setting in one plain line ------------------------

ROOT = Path(__file__).resolve().parent.parent
NO_SECRETS = {"HOTLINE_ENV": "production", "DATABASE_URL": "postgresql://db.invalid/hotline"}


def _procfile_env(settings: dict[str, str]) -> dict[str, str]:
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV")
    return {**{k: v for k, v in os.environ.items() if k in keep}, **settings}


@pytest.mark.parametrize(
    "command",
    [
        ["-m", "flask", "--app", "app", "setup"],
        ["-m", "gunicorn", "app:app", "--bind", "127.0.0.1:0", "--workers", "1"],
    ],
    ids=["release", "web"],
)
def test_a_missing_setting_stops_the_release_and_web_with_its_name_not_a_traceback(command):
    """What an operator reads in a platform's deploy log: the settings to set, not thirty
    lines of traceback ending in them (the worker already said it plainly)."""
    done = subprocess.run(
        [sys.executable, *command],
        cwd=ROOT,
        env=_procfile_env(NO_SECRETS),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert "missing required settings: SECRET_KEY, ENCRYPTION_KEYS" in output
    assert "Traceback" not in output
