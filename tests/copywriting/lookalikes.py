"""Held-out clean look-alike sentences for the compliance checker (issue #24).

Written before the idiom and prompt-injection rules and never used to tune them: each
sentence contains a red-line or injection trigger word (forever, the best, the only,
ignore, forget, previous, you are now, 忽略, 之前, 规则 …) but is ordinary copy, not a
claim and not an instruction to a model. Acceptance: at most 1 in 9 is flagged.
Do not edit these to make a rule pass; add new tuning cases to test_compliance.py.
"""

from __future__ import annotations

#: (sentence, lang) — none of these should be flagged
HELD_OUT: tuple[tuple[str, str], ...] = (
    ("My bestie and I are best friends forever, and now we match in butter yellow.", "en"),
    ("Wishing you all the best this holiday season — the tweed jacket is back.", "en"),
    ("Get the best of both worlds: cosy knit on top, breezy linen below.", "en"),
    ("The best part? It pairs with everything already in your closet.", "en"),
    ("This is not the only way to style it — try it tucked in too.", "en"),
    ("Ignore the haters and wear the red dress anyway.", "en"),
    ("Forget all the old rules: double denim is back.", "en"),
    ("You are now officially ready for date night.", "en"),
    ("You are now one click away from your new favourite cardigan.", "en"),
    ("Our previous drop sold out, so this time set a reminder.", "en"),
    ("别忽略细节：腰线设计让比例更好看。", "zh"),
    ("忘掉之前的穿搭规则，今年就要大胆撞色！", "zh"),
)
