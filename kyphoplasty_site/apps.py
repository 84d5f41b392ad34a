from django.apps import AppConfig
from django.utils.autoreload import autoreload_started


class KyphoplastySiteConfig(AppConfig):
    name = "kyphoplasty_site"
    verbose_name = "Kyphoplasty patient information"

    def ready(self) -> None:
        # Nothing is read here: the content loads on first use (kyphoplasty_site.site), so
        # commands such as migrate or collectstatic start without it.
        from . import checks  # noqa: F401  (registers the content check)
        from .site import watch_content

        # Sent only by runserver's autoreloader: editing the content restarts the dev server.
        autoreload_started.connect(watch_content, dispatch_uid="kyphoplasty_site.watch_content")
