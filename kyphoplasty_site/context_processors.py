from django.conf import settings
from django.templatetags.static import static

from .content.phone import tel_href

# Link previews (Open Graph, Twitter cards) show this picture. Its words are part of the PNG, so
# the alt text says them, and what the drawing shows, rather than the configurable SITE_NAME.
SHARE_IMAGE = "og-image.png"
SHARE_IMAGE_ALT = ("Spine Fracture Guide: clear, balanced information about spine compression fractures, "
                   "kyphoplasty and vertebroplasty. Beside the words, a column of six spine bones, "
                   "one of them squashed and coloured yellow.")


def site(request):
    """Clinic details, site identity and the link-preview picture, for every template."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "CLINIC_NAME": settings.CLINIC_NAME,
        "CLINIC_PHONE": settings.CLINIC_PHONE,
        "CLINIC_PHONE_HREF": tel_href(settings.CLINIC_PHONE),
        "EMERGENCY_NUMBER": settings.EMERGENCY_NUMBER,
        "EMERGENCY_HREF": tel_href(settings.EMERGENCY_NUMBER),
        "SHARE_IMAGE_URL": settings.SITE_URL + static(SHARE_IMAGE),
        "SHARE_IMAGE_ALT": SHARE_IMAGE_ALT,
    }
