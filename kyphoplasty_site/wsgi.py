import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kyphoplasty_site.settings")

from kyphoplasty_site.page_cache import PageCacheApplication  # noqa: E402  (needs settings)

# Public pages are rendered once by Django and then served as stored bytes.
application = PageCacheApplication(get_wsgi_application())
