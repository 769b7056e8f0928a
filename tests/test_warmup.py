"""A web worker fills its caches before it serves, and serves anyway when it cannot."""

from __future__ import annotations

import logging
import runpy
from pathlib import Path
from types import SimpleNamespace

from flask import Flask

from hotline import flow_store
from hotline.flow_store import install_shipped_flows
from hotline.places_store import load_places
from hotline.warmup import warm_up
from models import utcnow

ROOT = Path(__file__).resolve().parent.parent


def test_warm_up_loads_flows_and_places(app, sessions):
    with sessions.begin() as session:
        install_shipped_flows(session, utcnow())
        load_places(session)
    flow_store._by_digest.clear()
    service = app.extensions["hotline.inbound"]
    service.directory.invalidate()
    assert warm_up(app) is True
    assert {flow_id for flow_id, _, _ in flow_store._by_digest} >= {"menu", "naloxone"}
    with app.app_context(), service.sessions() as session:
        assert service.directory.get(session).towns  # from the cache, filled by the warm-up


def test_gunicorn_warms_each_worker(app, sessions):
    with sessions.begin() as session:
        install_shipped_flows(session, utcnow())
        load_places(session)
    service = app.extensions["hotline.inbound"]
    service.directory.invalidate()
    hooks = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    hooks["post_worker_init"](SimpleNamespace(wsgi=app))
    assert service.directory._value is not None


def test_a_worker_without_its_database_still_starts(caplog):
    """PostgreSQL not reachable yet: a warning, and no exception."""
    from hotline import create_app
    from tests.conftest import make_settings

    app = create_app(make_settings("postgresql://postgres@127.0.0.1:9/nowhere"))
    with caplog.at_level(logging.WARNING, logger="hotline.warmup"):
        assert warm_up(app) is False
    assert "caches fill on first use" in caplog.text


def test_other_apps_are_left_alone():
    assert warm_up(Flask("bare")) is False


def test_a_worker_warmed_before_setup_finds_the_places_once_they_are_loaded(app, sessions):
    """Warm-up before the places are in (a worker started while ``setup`` runs) must not keep
    an empty directory: every naloxone search would say "none found" until the next reload."""
    service = app.extensions["hotline.inbound"]
    service.directory.invalidate()
    warm_up(app)
    with sessions.begin() as session:
        install_shipped_flows(session, utcnow())
        load_places(session)
    with app.app_context(), service.sessions() as session:
        assert service.directory.get(session).town("Northampton") is not None


def test_the_directory_cache_keeps_only_a_whole_directory():
    """A read while ``setup`` commits can see the towns, their ZIPs and the sites on either
    side of the commit; only towns with ZIPs and sites together are kept."""
    from flows.places import Directory, SiteInfo, TownInfo
    from hotline.inbound import DirectoryCache

    ware = TownInfo("Ware", ("01082",), 42.26, -72.24)
    ware_without_zips = TownInfo("Ware", (), 42.26, -72.24)
    site = SiteInfo(
        id=1,
        name="Ware clinic",
        address="1 Main St",
        town="Ware",
        zip="01082",
        lat=42.26,
        lon=-72.24,
    )
    partial = [
        Directory(),
        Directory(sites=(site,)),
        Directory(towns=(ware,)),
        Directory(towns=(ware_without_zips,), sites=(site,)),
    ]
    loads = [*partial, Directory(towns=(ware,), sites=(site,)), Directory()]
    calls = []

    def load(_session):
        calls.append(1)
        return loads[len(calls) - 1]

    cache = DirectoryCache(load, ttl=3600)
    for expected in partial:
        assert cache.get(None) == expected
    assert cache.get(None).town("Ware") is not None
    assert cache.get(None).town("Ware") is not None
    assert len(calls) == len(partial) + 1
