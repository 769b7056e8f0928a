"""Settings, read once from the environment with small parsers.

``HOTLINE_ENV`` is ``development`` (the default), ``test`` or ``production``, in any case;
anything else is refused rather than guessed at. Production fails fast on a missing secret. The
embedded default (SQLite, no Twilio, no Redis) makes its own development secrets and keeps them
in ``instance/dev-secrets.json`` so that encrypted data stays readable between runs; with
PostgreSQL or Twilio credentials configured it never does, whatever ``HOTLINE_ENV`` says, since
that is a real deployment and secrets kept on its local disk would be lost or leaked with it.

The lookup key is ``LOOKUP_KEY`` (one key, taken whole) or ``LOOKUP_KEYS`` (comma-separated,
newest first, for rotation). Given both, ``LOOKUP_KEYS`` rules and must hold ``LOOKUP_KEY``:
a key the operator still names must never silently stop finding the rows it hashed.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"


class ConfigError(RuntimeError):
    """A required setting is missing or malformed."""


MODES = ("development", "test", "production")
REQUIRED_SECRETS = ("SECRET_KEY", "ENCRYPTION_KEYS", "LOOKUP_KEY")
# A required secret that another setting may give instead.
ALTERNATIVES = {"LOOKUP_KEY": "LOOKUP_KEYS"}
# Keys people can guess are no keys: a short SECRET_KEY lets sessions be forged, a short lookup
# key lets every stored phone hash be reversed by trying the county's numbers. Production
# refuses them; MAKE_RANDOM_KEY makes one.
MIN_SECRET_CHARS = 32
MAKE_RANDOM_KEY = 'python -c "import secrets; print(secrets.token_urlsafe(32))"'
# Encryption keys are Fernet keys: 32 random bytes in URL-safe base64, which the command above
# does not make.
MAKE_FERNET_KEY = (
    'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
)
# Sending through Twilio takes all three; with none of them texts are printed locally.
TWILIO_SENDING = ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM_NUMBER")
# Senders Twilio takes that people can text back: a number in E.164 (+, country code, up to 15
# digits) or a short code. Not an alphanumeric sender ID (one-way: texters and responders
# answer the number they were texted from), nor a Messaging Service SID (the gateway sends
# ``From`` and finds a text it may have sent by that same ``From``, which an MG… SID is not).
_E164_SENDER = re.compile(r"\+[1-9][0-9]{6,14}")
_SHORT_CODE = re.compile(r"[0-9]{5,6}")
_SERVICE_SID = re.compile(r"MG[0-9a-fA-F]{32}")


def _given(env: dict[str, str], name: str) -> bool:
    alternative = ALTERNATIVES.get(name)
    return bool(env.get(name)) or bool(alternative and _list(env, alternative))


def _missing(env: dict[str, str], names: tuple[str, ...]) -> list[str]:
    return [
        f"{name} (or {ALTERNATIVES[name]})" if name in ALTERNATIVES else name
        for name in names
        if not _given(env, name)
    ]


def _mode(env: dict[str, str]) -> str:
    """``HOTLINE_ENV``, checked: unset or empty means development."""
    raw = env.get("HOTLINE_ENV") or ""
    mode = raw.strip().lower() or "development"
    if mode not in MODES:
        raise ConfigError(f"HOTLINE_ENV must be one of {', '.join(MODES)}, got {raw!r}")
    return mode


def _real_services(env: dict[str, str]) -> list[str]:
    """What in the environment says this is a real deployment, not the embedded default."""
    found = []
    scheme = (env.get("DATABASE_URL") or "").split(":", 1)[0].split("+", 1)[0].lower()
    if scheme in ("postgresql", "postgres"):
        found.append("DATABASE_URL is PostgreSQL")
    if env.get("TWILIO_ACCOUNT_SID") or env.get("TWILIO_AUTH_TOKEN"):
        found.append("Twilio credentials are set")
    return found


def _int(env: dict[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from exc


def _float(env: dict[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a number, got {raw!r}") from exc


def _hours(env: dict[str, str], name: str, default: tuple[int, int]) -> tuple[int, int]:
    """Two hours of the day, "21-8": from the first to the second, local time."""
    raw = (env.get(name) or "").strip()
    if not raw:
        return default
    match = re.fullmatch(r"(\d{1,2})\s*-\s*(\d{1,2})", raw)
    hours = tuple(int(part) for part in match.groups()) if match else ()
    if len(hours) != 2 or not all(0 <= hour <= 23 for hour in hours) or hours[0] == hours[1]:
        raise ConfigError(
            f"{name} must be two hours of the day from 0 to 23, start and end, like 21-8 "
            f"(no texts from 9 PM to 8 AM), got {raw!r}"
        )
    return hours[0], hours[1]


def _list(env: dict[str, str], name: str) -> list[str]:
    return [part.strip() for part in env.get(name, "").split(",") if part.strip()]


# Nobody gets our answer, reads it and answers it within 3 s (delivery to the phone alone
# takes about a second or more), while a double tap or a phone's resend comes sooner. Longer
# would swallow a quick real answer that happens to be the same words ("1" to the menu, then
# "1" to the next question): silence to someone asking for help.
PRODUCTION_REPEAT_WINDOW = 3.0


@dataclass(frozen=True)
class Settings:
    """Everything the hotline reads from its environment."""

    env: str = "development"
    database_url: str = f"sqlite:///{INSTANCE / 'hotline.db'}"
    redis_url: str | None = None
    secret_key: str = ""
    # Fernet keys, newest first; older keys still decrypt, so keys can be rotated.
    encryption_keys: tuple[str, ...] = ()
    # Keys for the keyed hash that looks people up by phone number without storing it in
    # clear, newest first: the first hashes new rows, every one still finds what it hashed.
    lookup_keys: tuple[str, ...] = ()
    twilio_account_sid: str | None = None
    twilio_auth_token: str | None = None
    twilio_from_number: str | None = None
    twilio_api_base_url: str | None = None
    # The URL Twilio calls, when a proxy hides it (e.g. https://hotline.example.org).
    public_base_url: str | None = None
    timezone: str = "America/New_York"
    response_window_hours: int = 24
    breach_hours: int = 48
    reminder_before_hours: int = 4
    conversation_expiry_hours: int = 12
    messages_per_second: float = 1.0
    inbound_per_minute: int = 20
    # The same words again this many seconds after we answered them are a double tap or a
    # phone resending: stored, not answered (``hotline.inbound``). 0 turns it off, as here
    # outside production: tests, the simulator and the benchmark text faster than a person.
    repeat_window_seconds: float = 0.0
    retention_days: int = 90
    # No text a person did not just ask for (that we are still trying, say) goes out from the
    # first hour to the second, local time: it waits for the morning.
    quiet_hours: tuple[int, int] = (21, 8)
    program_name: str = "Hampshire HOPE Line"
    program_phone: str = "413-555-0100"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def lookup_key(self) -> str:
        """The newest lookup key, the one new rows are hashed with."""
        return self.lookup_keys[0] if self.lookup_keys else ""

    @property
    def embedded(self) -> bool:
        """True when there is no Redis: jobs run in-process."""
        return not self.redis_url

    @property
    def twilio_configured(self) -> bool:
        return bool(self.twilio_account_sid and self.twilio_auth_token and self.twilio_from_number)

    def with_overrides(self, **changes: Any) -> Settings:
        return replace(self, **changes)


def _dev_secrets(path: Path) -> dict[str, str]:
    """Development secrets made once and kept on disk, never used in production."""
    if path.exists():
        return json.loads(path.read_text())
    path.parent.mkdir(parents=True, exist_ok=True)
    made = {
        "SECRET_KEY": secrets.token_urlsafe(32),
        "ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "LOOKUP_KEY": secrets.token_urlsafe(32),
        # The simulator signs its own requests with this token.
        "TWILIO_AUTH_TOKEN": secrets.token_hex(16),
    }
    path.write_text(json.dumps(made, indent=2))
    path.chmod(0o600)
    return made


def _check_twilio_complete(env: dict[str, str]) -> None:
    """An account or number given means texts should reach phones: refuse to start with part
    of Twilio's settings rather than keep every text in memory, unsent, with offers looking
    delivered. (The auth token alone is the local simulator's, which signs its own requests.)"""
    if not (env.get("TWILIO_ACCOUNT_SID") or env.get("TWILIO_FROM_NUMBER")):
        return
    for name in TWILIO_SENDING:
        if not env.get(name):
            raise ConfigError(
                f"{name} is missing: sending through Twilio needs {', '.join(TWILIO_SENDING)} "
                "(leave out the account and number to print texts locally instead)"
            )


def _twilio_sender(env: dict[str, str]) -> str | None:
    """``TWILIO_FROM_NUMBER``, checked now: Twilio refuses every send from anything else, and
    a hotline that starts with it would look fine until the first text went nowhere."""
    raw = env.get("TWILIO_FROM_NUMBER") or ""
    if not raw:
        return None
    sender = raw.strip()
    if _E164_SENDER.fullmatch(sender) or _SHORT_CODE.fullmatch(sender):
        return sender
    if _SERVICE_SID.fullmatch(sender):
        raise ConfigError(
            "TWILIO_FROM_NUMBER must be one of the Messaging Service's numbers, like "
            "+14135550100, not the service's SID: replies and resends are matched by number"
        )
    raise ConfigError(
        "TWILIO_FROM_NUMBER must be the hotline's Twilio number in E.164 form, like "
        f"+14135550100 (or a short code of 5-6 digits), got {raw!r}"
    )


def _check_strong(secret_key: str, lookup_keys: tuple[str, ...]) -> None:
    """The session key and the newest lookup key must be long enough not to be guessed. Older
    lookup keys are only searched (a short one may be why it is being rotated out)."""
    weak = [
        name
        for name, value in (("SECRET_KEY", secret_key), ("the first lookup key", lookup_keys[0]))
        if len(value) < MIN_SECRET_CHARS
    ]
    if weak:
        raise ConfigError(
            f"{' and '.join(weak)} must be at least {MIN_SECRET_CHARS} random characters in "
            f"production (make one with: {MAKE_RANDOM_KEY})"
        )


def _check_production_exposure(env: dict[str, str]) -> None:
    """What would hand people's records to whoever asks: Flask's debugger (``flask run
    --debug`` sets FLASK_DEBUG; read as Flask reads it), and a public URL Twilio would post
    delivery reports to, numbers included, over plain HTTP."""
    debug = (env.get("FLASK_DEBUG") or "").lower()
    if debug and debug not in ("0", "false", "no"):
        raise ConfigError(
            "FLASK_DEBUG must be off in production: its debugger runs any code a visitor "
            "types into an error page"
        )
    public = env.get("PUBLIC_BASE_URL") or ""
    if public and not public.lower().startswith("https://"):
        raise ConfigError(
            "PUBLIC_BASE_URL must start with https:// in production: Twilio posts each "
            "delivery report, with the number it went to, to that address"
        )


def _timezone(env: dict[str, str], default: str) -> str:
    """``HOTLINE_TIMEZONE``, checked now: shifts, deadlines and open-now all read it, and a name
    that is not a zone would otherwise fail every routing job, sweep and naloxone search."""
    name = (env.get("HOTLINE_TIMEZONE") or "").strip() or default
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ConfigError(
            f"HOTLINE_TIMEZONE must be a time zone name such as America/New_York (case "
            f"matters), got {name!r}"
        ) from None
    return name


def _lookup_keys(env: dict[str, str]) -> tuple[str, ...]:
    """``LOOKUP_KEYS`` newest first, else ``LOOKUP_KEY`` as one key (a comma in it is kept)."""
    single = env.get("LOOKUP_KEY") or ""
    listed = tuple(dict.fromkeys(_list(env, "LOOKUP_KEYS")))
    if not listed:
        return (single,)
    if single and single not in listed:
        raise ConfigError(
            "LOOKUP_KEY is set but is not one of LOOKUP_KEYS: list it there (last, while rows "
            "hashed under it remain) or unset it; otherwise everyone hashed under it is lost"
        )
    return listed


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Build settings from the environment (``os.environ`` unless given)."""
    env = dict(os.environ if environ is None else environ)
    mode = _mode(env)
    required = REQUIRED_SECRETS
    if mode == "production":
        missing = _missing(env, (*required, *TWILIO_SENDING))
        if missing:
            raise ConfigError(f"missing required settings: {', '.join(missing)}")
    elif _missing(env, required):
        real = _real_services(env)
        if real:
            missing = _missing(env, required)
            raise ConfigError(
                f"missing required settings: {', '.join(missing)} ({' and '.join(real)}, so "
                f"development secrets are not made up; set them, as in production)"
            )
        dev = _dev_secrets(Path(env.get("HOTLINE_INSTANCE", INSTANCE)) / "dev-secrets.json")
        for name, value in dev.items():
            if not _given(env, name):
                env[name] = value

    _check_twilio_complete(env)
    twilio_from_number = _twilio_sender(env)
    lookup_keys = _lookup_keys(env)
    if mode == "production":
        _check_strong(env["SECRET_KEY"], lookup_keys)
        _check_production_exposure(env)
    keys = tuple(_list(env, "ENCRYPTION_KEYS"))
    for key in keys:
        try:
            Fernet(key.encode())
        except ValueError as exc:
            raise ConfigError(
                f"ENCRYPTION_KEYS holds a key that is not a Fernet key (make one with: "
                f"{MAKE_FERNET_KEY})"
            ) from exc

    defaults = Settings()
    return Settings(
        env=mode,
        database_url=env.get("DATABASE_URL") or defaults.database_url,
        redis_url=env.get("REDIS_URL") or None,
        secret_key=env["SECRET_KEY"],
        encryption_keys=keys,
        lookup_keys=lookup_keys,
        twilio_account_sid=env.get("TWILIO_ACCOUNT_SID") or None,
        twilio_auth_token=env.get("TWILIO_AUTH_TOKEN") or None,
        twilio_from_number=twilio_from_number,
        twilio_api_base_url=env.get("TWILIO_API_BASE_URL") or None,
        public_base_url=env.get("PUBLIC_BASE_URL") or None,
        timezone=_timezone(env, defaults.timezone),
        response_window_hours=_int(env, "RESPONSE_WINDOW_HOURS", defaults.response_window_hours),
        breach_hours=_int(env, "BREACH_HOURS", defaults.breach_hours),
        reminder_before_hours=_int(env, "REMINDER_BEFORE_HOURS", defaults.reminder_before_hours),
        conversation_expiry_hours=_int(
            env, "CONVERSATION_EXPIRY_HOURS", defaults.conversation_expiry_hours
        ),
        messages_per_second=_float(env, "MESSAGES_PER_SECOND", defaults.messages_per_second),
        inbound_per_minute=_int(env, "INBOUND_PER_MINUTE", defaults.inbound_per_minute),
        repeat_window_seconds=_float(
            env,
            "REPEAT_WINDOW_SECONDS",
            PRODUCTION_REPEAT_WINDOW if mode == "production" else defaults.repeat_window_seconds,
        ),
        retention_days=_int(env, "RETENTION_DAYS", defaults.retention_days),
        quiet_hours=_hours(env, "QUIET_HOURS", defaults.quiet_hours),
        program_name=env.get("PROGRAM_NAME", defaults.program_name),
        program_phone=env.get("PROGRAM_PHONE", defaults.program_phone),
    )
