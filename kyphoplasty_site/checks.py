"""Content problems as Django system checks: `python manage.py check` lists them all, in every edition."""
from django.core.checks import Error, Tags, Warning, register

from . import site
from .content.files import ContentDirectoryMissing


@register(Tags.compatibility, "content")
def content_check(app_configs=None, **kwargs):
    try:
        libraries = site.libraries()
    except ContentDirectoryMissing as exc:
        return [Error(f"Cannot start: {exc}", obj="CONTENT_DIR", id="content.E002")]
    messages = []
    # Every edition's problems (a stale translation is the Polish edition's), each once: an English
    # file's problem is found again by every edition that shows it.
    problems = dict.fromkeys(problem for library in libraries.values() for problem in library.problems)
    for problem in problems:
        kind = Error if problem.is_error else Warning
        code = "content.E001" if problem.is_error else "content.W001"
        messages.append(kind(problem.message, obj=problem.location(), id=code))
    return messages
