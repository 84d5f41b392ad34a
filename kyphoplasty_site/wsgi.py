import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kyphoplasty_site.settings")
django_application = get_wsgi_application()

from kyphoplasty_site import site  # noqa: E402  (needs settings)
from kyphoplasty_site.page_cache import PageCacheApplication  # noqa: E402

# Read the content now: in gunicorn's master (preload_app), before it forks, so
# the workers share one copy and a missing content folder stops the start.
site.load_at_start()

# Public pages are rendered once by Django and then served as stored bytes.
application = PageCacheApplication(django_application)
