"""Phone numbers as links a phone can dial."""
from __future__ import annotations

import re


def tel_href(number: str) -> str:
    """`tel:` address of a number as written ("0123 456" → "tel:0123456")."""
    return "tel:" + re.sub(r"[^0-9+]", "", number)

# The NHS's urgent-care line, written "NHS 111" in the content.
NHS_111 = "111"


def numbers_pattern(numbers) -> re.Pattern | None:
    """A pattern finding any of `numbers` as written, not inside a longer number or word."""
    numbers = sorted({n for n in numbers if n}, key=len, reverse=True)
    if not numbers:
        return None
    return re.compile(r"(?<![\w])(?:" + "|".join(map(re.escape, numbers)) + r")(?![\w])")
