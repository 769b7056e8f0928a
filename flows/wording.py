"""Words that label or blame people, and the person-first words to say instead.

Admins write what the bot says. A stigmatizing word in a text to someone in crisis can end the
conversation, so the validator warns about each one it finds, with the kinder wording. These
are warnings, not errors: "abuse" can be about violence, and a quoted word can be deliberate.
"""

from __future__ import annotations

from flows.text import contains_phrase, normalise

# (phrase as the normaliser sees it, what to say instead); longer phrases first.
STIGMATIZING: tuple[tuple[str, str], ...] = (
    ("substance abuse", '"substance use"'),
    ("drug abuse", '"drug use" or "substance use"'),
    ("alcohol abuse", '"alcohol use"'),
    ("drug abuser", '"person who uses drugs"'),
    ("drug abusers", '"people who use drugs"'),
    ("abuser", '"person who uses drugs"'),
    ("abusers", '"people who use drugs"'),
    ("addict", '"person who uses drugs" or "person with a substance use disorder"'),
    ("addicts", '"people who use drugs"'),
    ("drug user", '"person who uses drugs"'),
    ("drug users", '"people who use drugs"'),
    ("junkie", '"person who uses drugs"'),
    ("junkies", '"people who use drugs"'),
    ("druggie", '"person who uses drugs"'),
    ("dope fiend", '"person who uses drugs"'),
    ("get clean", '"stop using" or "not currently using"'),
    ("getting clean", '"stopping use"'),
    ("stay clean", '"stay in recovery" or "not currently using"'),
    ("staying clean", '"staying in recovery"'),
    ("be clean", '"not currently using"'),
    ("days clean", '"days in recovery"'),
    ("clean and sober", '"in recovery"'),
    ("dirty urine", '"a positive test"'),
    ("relapse", '"recurrence" or "using again"'),
    ("relapsed", '"started using again"'),
    ("drogadicto", '"persona que usa drogas"'),
    ("drogadictos", '"personas que usan drogas"'),
    ("adicto", '"persona que usa drogas"'),
    ("adicta", '"persona que usa drogas"'),
    ("adictos", '"personas que usan drogas"'),
    ("toxicomano", '"persona que usa drogas"'),
    ("abuso de drogas", '"uso de drogas"'),
    ("abuso de sustancias", '"uso de sustancias"'),
)


def stigmatizing_words(text: str) -> list[tuple[str, str]]:
    """Each stigmatizing phrase in ``text`` with its person-first alternative, in list order.

    A phrase inside a longer one found already is not named twice ("drug abuser" is one hit,
    not also "abuser").
    """
    norm = normalise(text, limit=len(text or ""))
    found: list[tuple[str, str]] = []
    for phrase, instead in STIGMATIZING:
        if contains_phrase(norm, phrase) and not any(phrase in seen for seen, _ in found):
            found.append((phrase, instead))
    return found
