"""Enqueue a burst of texts the way the hotline does: ``routing.sending.queue_sms``.

``python -m bench.burst --count 2000 --contacts 200 --tag T`` (with the hotline's environment)
stores the messages in one transaction with purpose and queue ``bulk``; the send jobs are
enqueued when it commits, and the RQ workers then compete for them under the number's rate.
"""

from __future__ import annotations

import argparse
import sys
import time

BODY = "Bench burst {tag} #{i}: the naloxone box at the library is restocked."


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--contacts", type=int, default=200)
    parser.add_argument("--tag", required=True)
    args = parser.parse_args(argv)

    from hotline import create_app
    from hotline.contacts import get_or_create_contact
    from models.session import session_scope
    from routing import runtime
    from routing.sending import queue_sms

    app = create_app()
    with app.app_context():
        rt = runtime.current()
        started = time.perf_counter()
        with session_scope(rt.sessions) as session:
            now = rt.clock()
            contacts = [
                get_or_create_contact(session, f"+1413600{n:04d}", now)
                for n in range(args.contacts)
            ]
            session.flush()
            for i in range(args.count):
                queue_sms(
                    session,
                    contact=contacts[i % len(contacts)],
                    body=BODY.format(tag=args.tag, i=i),
                    purpose="bulk",
                    idempotency_key=f"bench-burst-{args.tag}-{i}",
                    queue="bulk",
                    now=now,
                )
            stored = time.perf_counter()
        # session_scope committed: the after-commit hook has enqueued every send job.
        enqueued = time.perf_counter()
    print(
        f"stored {args.count} in {stored - started:.2f}s, "
        f"committed and enqueued in {enqueued - stored:.2f}s",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
