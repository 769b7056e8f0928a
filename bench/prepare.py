"""Set up the benchmark's database in one process: ``flask setup`` then ``flask roster load``.

``python -m bench.prepare ROSTER.csv`` (with the hotline's environment) runs the same two CLI
commands an operator runs, without paying for a second process start.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m bench.prepare ROSTER.csv", file=sys.stderr)
        return 2
    from hotline import create_app

    runner = create_app().test_cli_runner()
    for command in (["setup"], ["roster", "load", args[0]]):
        result = runner.invoke(args=command)
        print(result.output, end="")
        if result.exit_code != 0:
            if result.exception is not None:
                raise result.exception
            return result.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main())
