"""Suicide said in everyday words: "im gonna off myself", "im gonna jump off the bridge", "i have
a gun and im done", "im done with life", "i not wanna live".

Read with the other words of suicide (``flows.emergency``, ``_CRISIS_EN``), so they get 988 from
any point; each wants the texter's own intent said, so that "jump off the couch", "im done with
this job" or "i have a gun license" do not. Normalised, spelled-right text in.
"""

from __future__ import annotations

# Said of oneself as meant or thought of: "gonna", "might just", "thinking about".
_MEANT = (
    r"(?:gonna|going to|gunna|gon|wanna|want to|wants to|about to|bout to|ready to|finna|tryna"
    r"|trying to|plan to|planning to|might|could|should|will|ill|ima|imma|i|thinking about"
    r"|thinking of|thought about|thought of)"
)
# A height to jump from, not a couch, a bed or a diving board.
_HEIGHTS = (
    r"(?:bridge|building|roof|rooftop|overpass|cliff|balcony|ledge|parking garage|tower"
    r"|highway overpass|dam)"
)
# "im done" right after a means: "... and im done", not "... im done for today", "... with
# this job".
_DONE_AT_THAT = (
    r"(?:im|i am|i m) (?:so |just |fucking |really )?(?:done|finished|ready)\b"
    r"(?! (?:for|with|at|by|in|after|before|today|tonight|soon|now that|\w+ing)\b)"
)

SUICIDE_SAID_EN = (
    # "Im gonna off myself", "thinking about offing myself"; not "take the pressure off myself".
    rf"\b{_MEANT} (?:just |really |prob |probably |honestly )?off(?:ing)? my ?self\b",
    # "I want to jump off a building"; not "the kids jump off the bridge" nor into the river.
    rf"\b{_MEANT} (?:just |really |go |prob |probably )?(?:jump|jumping|leap) off (?:of )?"
    rf"(?:a|the|this|that|some|my|our) (?:\w+ )?{_HEIGHTS}\b"
    r"(?! (?:into|in|for fun|to swim|swimming)\b)",
    # The means at hand and an end said: "i have a gun and im done", "got pills and im gonna
    # take them all"; not "i have a gun license", "... and im done with the refill form".
    r"\b(?:i have|i got|ive got|i just got|got|i bought|i found) (?:a |my |the |some |all my |his "
    r"|her |\d+ |enough )?(?:gun|pistol|rifle|shotgun|pills|meds|rope)\b(?: \w+){0,3}? (?:and|so)"
    rf" (?:{_DONE_AT_THAT}|(?:im|i am|ill|i will) (?:gonna |going to |gunna |about to |bout to )?"
    r"(?:use it\b(?! (?:at|for|to|in|when|if|on (?!my ?self\b)\w+)\b)|take (?:them|em|it) all"
    r"|end it))",
    # "Im done with life", "im so done living"; not "... life skills class", "done living in
    # Holyoke".
    r"\b(?:im|i am|i m)(?: \w+)? done (?:with )?(?:life|living|being alive|this life|my life)\b"
    r"(?! (?:insurance|skills?|coach|coaching|class|group|science|in|at|with|near|here|there"
    r"|on|under|paycheck|out of|off|alone in)\b)",
    # "I not wanna live", "just not wanna be alive no more", as "dont wanna live".
    r"\b(?:i|im|i am|just|really) not (?:wanna|want to|wanting to) (?:live|be alive)\b"
    r"(?! (?:in|with|at|near|on|there|here|by|under|next)\b)",
)
