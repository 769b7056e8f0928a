"""Text cells in the CSV files staff open in a spreadsheet, kept from running as formulas.

A cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return runs as a formula
when the file is opened in a spreadsheet (which drops a leading tab or carriage return and reads
what follows). Such a cell is written with a leading ``'``, which the readers take off again.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _runs_as_formula(text: str) -> bool:
    """Whether the text, with any leading apostrophes taken off, starts like a formula."""
    return text.lstrip("'")[:1] in FORMULA_STARTS


def escape_formula(text: str) -> str:
    """The text as a spreadsheet-safe cell: a ``'`` put before one that starts like a formula.

    Text already starting with apostrophes before a formula start gets one more, so that
    ``unescape_formula`` gives back exactly what was written (``'=x`` → ``''=x`` → ``'=x``).
    """
    return "'" + text if _runs_as_formula(text) else text


def unescape_formula(cell: str) -> str:
    """A cell read back: one leading ``'`` taken off when a formula start follows it.

    ``'=SUM(1)`` reads as ``=SUM(1)`` and ``'+14135550100`` as ``+14135550100``; any other
    leading apostrophe (``'Tis the season``) is part of the text and stays.
    """
    return cell[1:] if cell[:1] == "'" and _runs_as_formula(cell) else cell
