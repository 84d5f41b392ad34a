"""Phone numbers as links a phone can dial."""
from __future__ import annotations

import re


def tel_href(number: str) -> str:
    """`tel:` address of a number as written ("0123 456" → "tel:0123456")."""
    return "tel:" + re.sub(r"[^0-9+]", "", number)
