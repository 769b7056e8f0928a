"""Results of slow, pure work on a set of flows, remembered by what the flows say.

Replaying the transcripts and checking a script against every flow take a quarter to half a
second each, and the admin asks for them again and again over the same scripts: a save, the
editor and version pages, a publish (the draft and the published flows), then the same again
when the admin comes back to accept what the replay changed. The key is a digest of the
flows' fields (not of the text they were read from, so a flow changed in code gets its own).
Results are shared, so they are kept as tuples and frozen dataclasses, and callers hand out
copies of any list in them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Mapping
from typing import Any, TypeVar

from flows.script import Flow

T = TypeVar("T")

_results: dict[Hashable, Any] = {}
_LIMIT = 64


def flows_digest(flows: Mapping[str, Flow]) -> str:
    """A digest of everything these flows say, by flow id."""
    return digest(sorted(flows.items()))


def digest(value: object) -> str:
    """A digest of the value as written out in full (dataclasses, tuples, text)."""
    return hashlib.sha256(repr(value).encode()).hexdigest()


def remembered(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, or what it gave before for this key (shared: never change it)."""
    found = _results.get(key)
    if found is None:
        found = compute()
        if len(_results) >= _LIMIT:
            _results.clear()
        _results[key] = found
    return found
