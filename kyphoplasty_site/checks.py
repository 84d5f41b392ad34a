"""Content problems as Django system checks: `python manage.py check` lists them all."""
from django.core.checks import Error, Tags, Warning, register

from . import site
from .content.files import ContentDirectoryMissing


@register(Tags.compatibility, "content")
def content_check(app_configs=None, **kwargs):
    try:
        library = site.library()
    except ContentDirectoryMissing as exc:
        return [Error(f"Cannot start: {exc}", obj="CONTENT_DIR", id="content.E002")]
    messages = []
    for problem in library.problems:
        kind = Error if problem.is_error else Warning
        code = "content.E001" if problem.is_error else "content.W001"
        messages.append(kind(problem.message, obj=problem.location(), id=code))
    return messages
