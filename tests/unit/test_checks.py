"""`manage.py check` runs the content check."""
import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError


def test_shipped_content_passes_the_check():
    call_command("check", fail_level="ERROR")


def test_check_fails_and_names_the_file_for_broken_content(good_content, use_content):
    (good_content / "articles/beta.md").write_text("---\ntitle: x\n---\n")
    use_content(good_content)
    with pytest.raises(SystemCheckError, match=r"articles/beta.md \[summary\]"):
        call_command("check")
