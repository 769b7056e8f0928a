"""RQ's own worker for a test's burst of jobs."""

from __future__ import annotations

from rq import SimpleWorker


class BurstWorker(SimpleWorker):
    """RQ's SimpleWorker without its command channel (kill a job, stop the worker), which a
    burst in a test never uses.

    The channel's listener waits up to 60 s for a command, and a worker's teardown gives it one
    second to notice it should stop: about one burst in eight lost that race and waited the
    whole second for nothing. The jobs run exactly as before.
    """

    def subscribe(self) -> None:
        """Listen for no commands: ``unsubscribe`` then has nothing to wait for."""
