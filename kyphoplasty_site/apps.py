import sys

from django.apps import AppConfig


class KyphoplastySiteConfig(AppConfig):
    name = "kyphoplasty_site"
    verbose_name = "Kyphoplasty patient information"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the content check)
        from .content import store
        from .content.loader import ContentDirectoryMissing

        try:
            store.load()
        except ContentDirectoryMissing as exc:
            # One clear line, not a traceback: this is a set-up mistake, not a bug.
            sys.exit(f"Cannot start: {exc}")
