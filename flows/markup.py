"""HTML and markdown pasted into a text: a phone shows it exactly as typed, never bold or a link."""

from __future__ import annotations

import html
import re

_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")
_BOLD = re.compile(r"(\*\*|__)([^*_\n]+)\1")
_ANCHOR = re.compile(r"<a\s[^<>]*href\s*=\s*[\"']?([^\"'\s<>]+)[^<>]*>", re.IGNORECASE)
_LINE_BREAK = re.compile(r"<br\s*/?>|</?p>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);")
_SPACES = {"\u00a0", "\u2009", "\u202f", "\u2002", "\u2003"}


def markup_in(text: str) -> list[tuple[str, str]]:
    """Each piece of HTML or markdown in the text, once, with what to write instead."""
    found: dict[str, str] = {}
    for match in _LINK.finditer(text):
        label, url = match.groups()
        found[match.group(0)] = f"write the address itself, like {label}: {url}"
    for match in _BOLD.finditer(text):
        found[match.group(0)] = f"write {match.group(2)} without the {match.group(1)[0] * 2}"
    for match in _ANCHOR.finditer(text):
        found[match.group(0)] = f"delete the tag and write the address itself ({match.group(1)})"
    for match in _LINE_BREAK.finditer(text):
        found.setdefault(match.group(0), "delete it and start a new line instead")
    for match in _TAG.finditer(text):
        found.setdefault(match.group(0), "delete the tag: a text cannot be bold or styled")
    for match in _ENTITY.finditer(text):
        plain = html.unescape(match.group(0))
        if plain in _SPACES:
            found[match.group(0)] = "type a plain space"
        elif plain != match.group(0):
            found[match.group(0)] = f"type {plain}"
    return list(found.items())
