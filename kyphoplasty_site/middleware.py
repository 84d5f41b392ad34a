"""Middleware: the language of each address, and response headers Django 5.2 does not set by itself."""
from django.conf import settings
from django.utils import translation


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


class AddressLanguageMiddleware:
    """The page's language comes from its address alone: /pl/... is Polish, anything else English.

    Django's LocaleMiddleware would also consult a cookie and the browser's Accept-Language for
    addresses outside i18n_patterns, and mark every English page `Vary: Accept-Language`; here a
    link always opens the page it names, in the language it names, for every reader and every cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # For this request only: the thread's language is put back after it.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
