"""The benchmark harness: ``make bench`` (full run) and ``make bench-smoke`` (seconds, for CI)."""
