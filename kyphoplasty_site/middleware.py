"""Response headers Django 5.2 does not set by itself."""
from django.conf import settings


class PermissionsPolicyMiddleware:
    """Deny powerful browser features: an information site needs none of them."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY_DENY)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.policy)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
