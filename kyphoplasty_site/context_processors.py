import re

from django.conf import settings


def site(request):
    """Clinic details and site identity for every template."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "CLINIC_NAME": settings.CLINIC_NAME,
        "CLINIC_PHONE": settings.CLINIC_PHONE,
        "CLINIC_PHONE_TEL": re.sub(r"[^0-9+]", "", settings.CLINIC_PHONE),
        "EMERGENCY_NUMBER": settings.EMERGENCY_NUMBER,
    }
