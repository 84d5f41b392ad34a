"""`{{ title|soft_hyphens }}` for headings (content/hyphenation.py says why); loaded in every template."""
from django import template
from django.utils import translation

from kyphoplasty_site.content.hyphenation import soft_hyphenate

register = template.Library()


@register.filter(is_safe=True)
def soft_hyphens(value) -> str:
    """Soft hyphens add no markup, so escaped text stays escaped and safe text stays safe."""
    return soft_hyphenate(str(value), translation.get_language() or "en-gb") if value is not None else ""
