"""WSGI entry point: ``gunicorn app:app`` and ``flask --app app ...``."""

import sys

from hotline import create_app
from hotline.config import ConfigError

# Exit code gunicorn reads as "the app failed to load": it stops rather than start worker after
# worker that can only fail the same way.
APP_LOAD_ERROR = 4

try:
    app = create_app()
except ConfigError as exc:
    # The settings to fix, in one line of the deploy log, not at the end of a traceback.
    print(f"hotline: {exc}", file=sys.stderr)
    sys.exit(APP_LOAD_ERROR)
