"""Settings from the environment: the mode is checked, and a real deployment never runs on
development secrets made up on its own disk."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from hotline.config import ConfigError, load_settings

SECRETS = {
    "SECRET_KEY": "a-secret-key-of-at-least-32-characters",
    "ENCRYPTION_KEYS": Fernet.generate_key().decode(),
    "LOOKUP_KEY": "a-lookup-key-of-at-least-32-characters",
}
TWILIO = {
    "TWILIO_ACCOUNT_SID": "AC" + "1" * 32,
    "TWILIO_AUTH_TOKEN": "a-real-auth-token",
    "TWILIO_FROM_NUMBER": "+14135550100",
}
POSTGRES = {"DATABASE_URL": "postgresql+psycopg://hotline@db.internal/hotline"}


@pytest.mark.parametrize(
    ("given", "mode"),
    [
        (None, "development"),
        ("", "development"),
        ("development", "development"),
        ("Production", "production"),
        (" PRODUCTION\n", "production"),
        ("test", "test"),
    ],
)
def test_the_mode_is_read_in_any_case(tmp_path, given, mode):
    environ = {"HOTLINE_INSTANCE": str(tmp_path), **SECRETS, **TWILIO}
    if given is not None:
        environ["HOTLINE_ENV"] = given
    assert load_settings(environ).env == mode


@pytest.mark.parametrize("given", ["prod", "staging", "dev", "production1"])
def test_an_unknown_mode_is_refused(tmp_path, given):
    with pytest.raises(ConfigError, match="HOTLINE_ENV must be one of development, test, prod"):
        load_settings({"HOTLINE_ENV": given, "HOTLINE_INSTANCE": str(tmp_path), **SECRETS})
    assert list(tmp_path.iterdir()) == []


def test_production_needs_every_secret(tmp_path):
    environ = {"HOTLINE_ENV": "Production", "HOTLINE_INSTANCE": str(tmp_path), **POSTGRES}
    with pytest.raises(
        ConfigError,
        match=r"SECRET_KEY, ENCRYPTION_KEYS, LOOKUP_KEY \(or LOOKUP_KEYS\), TWILIO_ACCOUNT_SID, "
        r"TWILIO_AUTH_TOKEN, TWILIO_FROM_NUMBER",
    ):
        load_settings(environ)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("left_out", ["TWILIO_ACCOUNT_SID", "TWILIO_FROM_NUMBER"])
def test_production_needs_the_twilio_account_and_number(tmp_path, left_out):
    """Without them texts to responders and texters would be kept in memory and never sent,
    while every offer looked delivered."""
    given = {name: value for name, value in TWILIO.items() if name != left_out}
    environ = {"HOTLINE_ENV": "production", **SECRETS, **POSTGRES, **given}
    with pytest.raises(ConfigError, match=f"missing required settings: {left_out}"):
        load_settings({"HOTLINE_INSTANCE": str(tmp_path), **environ})


@pytest.mark.parametrize(
    "left_out", ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM_NUMBER"]
)
@pytest.mark.parametrize("mode", ["development", "test"])
def test_a_twilio_account_half_given_is_refused(tmp_path, left_out, mode):
    """Part of Twilio's settings is a deployment that means to send: never print instead."""
    given = {name: value for name, value in TWILIO.items() if name != left_out}
    environ = {"HOTLINE_ENV": mode, "HOTLINE_INSTANCE": str(tmp_path), **SECRETS, **given}
    with pytest.raises(ConfigError, match=f"{left_out} is missing"):
        load_settings(environ)


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("+14135550100", "+14135550100"),
        ("+447700900123", "+447700900123"),
        (" +14135550100\n", "+14135550100"),
        ("56789", "56789"),
        ("567890", "567890"),
    ],
)
@pytest.mark.parametrize("mode", ["production", "development"])
def test_the_hotline_number_is_a_sender_twilio_takes(tmp_path, given, kept, mode):
    environ = {"HOTLINE_ENV": mode, **SECRETS, **POSTGRES, **TWILIO, "TWILIO_FROM_NUMBER": given}
    assert load_settings({"HOTLINE_INSTANCE": str(tmp_path), **environ}).twilio_from_number == kept


@pytest.mark.parametrize(
    "given",
    [
        "413-555-0100",
        "(413) 555-0100",
        "4135550100",
        "14135550100",
        "+1 413 555 0100",
        "+1-413-555-0100",
        "+01413555010",
        "1234",
        "HOPE Line",
        " ",
    ],
)
@pytest.mark.parametrize("mode", ["production", "development"])
def test_a_hotline_number_twilio_would_refuse_stops_the_start(tmp_path, given, mode):
    """Started with it, every text to a responder or a texter would fail at Twilio."""
    environ = {"HOTLINE_ENV": mode, **SECRETS, **POSTGRES, **TWILIO, "TWILIO_FROM_NUMBER": given}
    with pytest.raises(ConfigError) as refused:
        load_settings({"HOTLINE_INSTANCE": str(tmp_path), **environ})
    message = str(refused.value)
    assert message.startswith("TWILIO_FROM_NUMBER must be the hotline's Twilio number in E.164")
    assert "like +14135550100" in message and repr(given) in message
    assert "\n" not in message


def test_a_messaging_service_sid_is_refused_with_what_to_give_instead(tmp_path):
    sid = "MG" + "0123456789abcdef" * 2
    environ = {"HOTLINE_ENV": "production", **SECRETS, **POSTGRES, **TWILIO}
    with pytest.raises(ConfigError, match=r"one of the Messaging Service's numbers, like \+1"):
        load_settings({"HOTLINE_INSTANCE": str(tmp_path), **environ, "TWILIO_FROM_NUMBER": sid})


def test_a_twilio_auth_token_alone_is_the_simulator_s_and_prints_texts(tmp_path):
    environ = {"HOTLINE_INSTANCE": str(tmp_path), **SECRETS, "TWILIO_AUTH_TOKEN": "local"}
    assert not load_settings(environ).twilio_configured


@pytest.mark.parametrize(
    ("services", "says"),
    [
        (POSTGRES, "DATABASE_URL is PostgreSQL"),
        ({"DATABASE_URL": "postgres://hotline@db.internal/hotline"}, "PostgreSQL"),
        (TWILIO, "Twilio credentials are set"),
        ({**POSTGRES, **TWILIO}, "PostgreSQL and Twilio"),
    ],
)
@pytest.mark.parametrize("mode", ["development", "test", ""])
def test_real_services_never_run_on_made_up_secrets(tmp_path, services, says, mode):
    environ = {
        "HOTLINE_ENV": mode,
        "HOTLINE_INSTANCE": str(tmp_path),
        "SECRET_KEY": "given",
        **services,
    }
    with pytest.raises(ConfigError) as refused:
        load_settings(environ)
    message = str(refused.value)
    assert "missing required settings: ENCRYPTION_KEYS, LOOKUP_KEY" in message
    assert says in message
    assert list(tmp_path.iterdir()) == []  # nothing written to disk


def test_real_services_with_every_secret_given_run_in_development(tmp_path):
    environ = {"HOTLINE_INSTANCE": str(tmp_path), **SECRETS, **POSTGRES, **TWILIO}
    settings = load_settings(environ)
    assert (settings.env, settings.secret_key) == ("development", SECRETS["SECRET_KEY"])
    assert list(tmp_path.iterdir()) == []


def test_the_embedded_default_makes_and_keeps_its_own_secrets(tmp_path):
    environ = {"HOTLINE_INSTANCE": str(tmp_path)}
    first = load_settings(environ)
    assert first.env == "development" and first.secret_key and first.lookup_key
    assert (tmp_path / "dev-secrets.json").exists()
    again = load_settings({**environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'h.db'}"})
    assert (again.secret_key, again.encryption_keys) == (first.secret_key, first.encryption_keys)


# ---- lookup keys ----------------------------------------------------------------------------

WITHOUT_LOOKUP = {name: value for name, value in SECRETS.items() if name != "LOOKUP_KEY"}


@pytest.mark.parametrize(
    ("given", "keys"),
    [
        ({"LOOKUP_KEY": "one,with a comma"}, ("one,with a comma",)),  # one key, taken whole
        ({"LOOKUP_KEYS": " new , old ,"}, ("new", "old")),  # newest first
        ({"LOOKUP_KEYS": "new,old,new"}, ("new", "old")),
        ({"LOOKUP_KEYS": "new,old", "LOOKUP_KEY": "old"}, ("new", "old")),
        ({"LOOKUP_KEYS": "new", "LOOKUP_KEY": ""}, ("new",)),
    ],
)
def test_lookup_keys_are_read_newest_first(tmp_path, given, keys):
    environ = {**WITHOUT_LOOKUP, **TWILIO, **POSTGRES, **given}
    settings = load_settings({"HOTLINE_INSTANCE": str(tmp_path), **environ})
    assert (settings.lookup_keys, settings.lookup_key) == (keys, keys[0])
    assert list(tmp_path.iterdir()) == []


def test_a_lookup_key_left_out_of_the_list_is_refused(tmp_path):
    environ = {**WITHOUT_LOOKUP, "LOOKUP_KEYS": "new", "LOOKUP_KEY": "old"}
    with pytest.raises(ConfigError, match="LOOKUP_KEY is set but is not one of LOOKUP_KEYS"):
        load_settings({"HOTLINE_INSTANCE": str(tmp_path), **environ})


@pytest.mark.parametrize("given", [{}, {"LOOKUP_KEYS": " , "}])
def test_production_needs_a_lookup_key_one_way_or_the_other(tmp_path, given):
    environ = {"HOTLINE_ENV": "production", **WITHOUT_LOOKUP, **TWILIO, **given}
    with pytest.raises(ConfigError, match=r"missing required settings: LOOKUP_KEY \(or LOOKUP_"):
        load_settings({"HOTLINE_INSTANCE": str(tmp_path), **environ})


def test_development_makes_up_no_lookup_key_beside_a_given_list(tmp_path):
    settings = load_settings(
        {"HOTLINE_INSTANCE": str(tmp_path), **WITHOUT_LOOKUP, "LOOKUP_KEYS": "new,old"}
    )
    assert settings.lookup_keys == ("new", "old")
    assert list(tmp_path.iterdir()) == []  # every secret given: nothing made up


STRONG = "k" * 32


@pytest.mark.parametrize(
    ("given", "weak"),
    [({"SECRET_KEY": "x"}, "SECRET_KEY must be"),
     ({"LOOKUP_KEY": "short-lookup-key"}, "the first lookup key must be"),
     ({"LOOKUP_KEY": "", "LOOKUP_KEYS": f"new,{STRONG}"}, "the first lookup key must be"),
     ({"SECRET_KEY": "x", "LOOKUP_KEY": "y"}, "SECRET_KEY and the first lookup key must be")],
)  # fmt: skip
def test_production_refuses_keys_short_enough_to_guess(tmp_path, given, weak):
    """A short lookup key lets anyone with the database try every county number against it."""
    environ = {"HOTLINE_ENV": "production", **SECRETS, **TWILIO, **POSTGRES, **given}
    with pytest.raises(ConfigError, match=weak) as refused:
        load_settings({"HOTLINE_INSTANCE": str(tmp_path), **environ})
    assert "at least 32 random characters" in str(refused.value)


def test_production_keeps_a_short_old_lookup_key_while_it_is_rotated_out(tmp_path):
    environ = {"HOTLINE_ENV": "production", **WITHOUT_LOOKUP, **TWILIO, **POSTGRES,
               "LOOKUP_KEYS": f"{STRONG},old"}  # fmt: skip
    settings = load_settings({"HOTLINE_INSTANCE": str(tmp_path), **environ})
    assert settings.lookup_keys == (STRONG, "old")


# ---- production refuses what would expose people -------------------------------------------

PRODUCTION = {"HOTLINE_ENV": "production", **SECRETS, **TWILIO, **POSTGRES}


@pytest.mark.parametrize("flag", ["1", "true", "True", "yes", "on", " 0"])
def test_production_refuses_the_debugger(tmp_path, flag):
    """Flask's debugger (``flask run --debug`` sets FLASK_DEBUG) runs any Python a visitor
    types into an error page, with every key and every person's record in reach."""
    environ = {"HOTLINE_INSTANCE": str(tmp_path), **PRODUCTION, "FLASK_DEBUG": flag}
    with pytest.raises(ConfigError, match="FLASK_DEBUG must be off in production"):
        load_settings(environ)


@pytest.mark.parametrize("flag", ["", "0", "false", "no"])
def test_production_runs_with_debug_off(tmp_path, flag):
    environ = {"HOTLINE_INSTANCE": str(tmp_path), **PRODUCTION, "FLASK_DEBUG": flag}
    assert load_settings(environ).env == "production"


def test_development_may_debug(tmp_path):
    environ = {"HOTLINE_INSTANCE": str(tmp_path), **SECRETS, "FLASK_DEBUG": "1"}
    assert load_settings(environ).env == "development"


@pytest.mark.parametrize("url", ["http://hotline.example.org", "hotline.example.org", "ftp://x"])
def test_production_refuses_a_public_url_without_https(tmp_path, url):
    """Twilio posts each delivery report (the number it went to among them) to this URL: over
    plain HTTP anyone on the way reads every responder's and texter's number."""
    environ = {"HOTLINE_INSTANCE": str(tmp_path), **PRODUCTION, "PUBLIC_BASE_URL": url}
    with pytest.raises(ConfigError, match="PUBLIC_BASE_URL must start with https://"):
        load_settings(environ)


def test_production_takes_an_https_public_url(tmp_path):
    url = "https://hotline.example.org"
    environ = {"HOTLINE_INSTANCE": str(tmp_path), **PRODUCTION, "PUBLIC_BASE_URL": url}
    assert load_settings(environ).public_base_url == url


# ---- a setting typed wrong is refused at start-up, with how to make it right ----------------


def test_an_encryption_key_that_is_not_a_fernet_key_says_how_to_make_one(tmp_path):
    """The other secrets are made with ``secrets.token_urlsafe(32)``, which does not make a
    Fernet key: the refusal says which command does."""
    not_fernet = "3qBYHOpj2PBfF8Q7tRnB3qZOf90TX9JOEa3t7kzT2Vo"  # token_urlsafe(32)'s shape
    environ = {"HOTLINE_INSTANCE": str(tmp_path), **PRODUCTION, "ENCRYPTION_KEYS": not_fernet}
    with pytest.raises(ConfigError, match="not a Fernet key") as refused:
        load_settings(environ)
    assert "Fernet.generate_key()" in str(refused.value)


@pytest.mark.parametrize(
    "zone", ["America/Northampton", "EST5", "america/new_york", "/etc/x", "America"]
)
def test_a_time_zone_that_does_not_exist_is_refused_at_start_up(tmp_path, zone):
    """Shifts, deadlines and open-now all read it: a typo used to start fine, then fail every
    routing job, sweep and naloxone search."""
    environ = {"HOTLINE_INSTANCE": str(tmp_path), **PRODUCTION, "HOTLINE_TIMEZONE": zone}
    with pytest.raises(ConfigError, match="HOTLINE_TIMEZONE must be a time zone name") as refused:
        load_settings(environ)
    assert "America/New_York" in str(refused.value)


@pytest.mark.parametrize(("given", "zone"), [("", "America/New_York"), ("US/Eastern", "US/Eastern"),
                                             ("America/Chicago", "America/Chicago")])  # fmt: skip
def test_a_time_zone_left_empty_is_the_default(tmp_path, given, zone):
    environ = {"HOTLINE_INSTANCE": str(tmp_path), **PRODUCTION, "HOTLINE_TIMEZONE": given}
    assert load_settings(environ).timezone == zone


@pytest.mark.parametrize(
    ("given", "hours"),
    [(None, (21, 8)), ("", (21, 8)), ("22-7", (22, 7)), (" 20 - 9 ", (20, 9)), ("0-6", (0, 6))],
)
def test_quiet_hours_are_read_as_a_start_and_an_end_hour(tmp_path, given, hours):
    environ = {"HOTLINE_INSTANCE": str(tmp_path), **SECRETS}
    if given is not None:
        environ["QUIET_HOURS"] = given
    assert load_settings(environ).quiet_hours == hours


@pytest.mark.parametrize("given", ["21", "9pm-8am", "21-24", "8-8", "-1-8"])
def test_quiet_hours_that_cannot_be_read_are_refused_at_start_up(tmp_path, given):
    environ = {"HOTLINE_INSTANCE": str(tmp_path), "QUIET_HOURS": given, **SECRETS}
    with pytest.raises(ConfigError, match="QUIET_HOURS must be two hours of the day"):
        load_settings(environ)
