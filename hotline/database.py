"""The Flask side of the database: one session per request, closed on teardown."""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy.orm import Session, sessionmaker

from models.session import make_engine, make_sessionmaker


def init_app(app: Flask, database_url: str) -> sessionmaker[Session]:
    engine = make_engine(database_url)
    factory = make_sessionmaker(engine)
    app.extensions["hotline.engine"] = engine
    app.extensions["hotline.sessions"] = factory
    app.teardown_appcontext(_close_session)
    return factory


def close(app: Flask) -> None:
    """Close the app's pooled connections (its sessions open new ones if used again)."""
    app.extensions["hotline.engine"].dispose()


def sessions() -> sessionmaker[Session]:
    return current_app.extensions["hotline.sessions"]


def db_session() -> Session:
    """The request's session, opened on first use."""
    if "db_session" not in g:
        g.db_session = sessions()()
    return g.db_session


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
