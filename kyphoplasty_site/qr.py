"""QR codes as inline SVG, made server-side with segno and cached."""
from __future__ import annotations

import io
import re
from functools import lru_cache

import segno
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


@lru_cache(maxsize=2048)
def qr_svg(url: str, label: str) -> SafeString:
    """A scannable QR code for `url`, with `label` as its accessible name.

    Always a full QR code (`make_qr`): segno's `make` picks Micro QR for short
    data, which many phone cameras cannot read.
    """
    code = segno.make_qr(url, error="m")
    svg = code.svg_inline(scale=4, border=4, omitsize=True, svgclass="qr", lineclass="qr-modules",
                          dark="#000000", light="#ffffff")
    svg = re.sub(r"^<svg ", f'<svg role="img" aria-label="{escape(label)}" ', svg, count=1)
    return mark_safe(svg)


def qr_svg_file(url: str) -> bytes:
    """The same QR code as a standalone SVG image, for an <img> the browser loads only when it is shown.

    Not cached here: the view's answer is public, so the stored-page layer and browsers keep it.
    """
    buffer = io.BytesIO()
    segno.make_qr(url, error="m").save(buffer, kind="svg", scale=4, border=4, dark="#000000", light="#ffffff")
    return buffer.getvalue()
