"""README.md and docs/ say only what is true: every command in them works, every link stays inside the repository.

Each shell command in a ```sh block (and each inline `make …` or `.venv/bin/…` in
README.md) must be one this file knows how to check; a new kind of command fails
here until a check for it is added. CI (`.ci/run`) runs `make test`.
"""
import configparser
import importlib.util
import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))


def shell_commands(markdown: str, inline: bool = False) -> list[str]:
    """The commands in a Markdown text's ```sh blocks: comments dropped, continued lines joined.

    With inline, also the `make …` and `.venv/bin/…` spans in running text.
    """
    commands = []
    for block in re.findall(r"^```(?:sh|bash|console)\n(.*?)^```", markdown, flags=re.M | re.S):
        for line in block.replace("\\\n", " ").splitlines():
            line = " ".join(re.sub(r"(^|\s)#.*$", "", line).split())
            if line:
                commands.append(line)
    if inline:
        prose = re.sub(r"^```.*?^```", "", markdown, flags=re.M | re.S)
        commands += re.findall(r"`((?:make|\.venv/bin/\S+) [^`]+)`", prose)
    return commands


def makefile_targets() -> set[str]:
    return set(re.findall(r"^([A-Za-z][\w.-]*):", (ROOT / "Makefile").read_text(), flags=re.M))


def declared_markers() -> set[str]:
    ini = configparser.ConfigParser()
    ini.read(ROOT / "pytest.ini")
    return {line.split(":")[0].strip() for line in ini["pytest"]["markers"].splitlines() if line.strip()}


def settings_variables() -> set[str]:
    """Every environment variable the settings or the gunicorn configuration read."""
    text = (ROOT / "kyphoplasty_site/settings.py").read_text() + (ROOT / "gunicorn.conf.py").read_text()
    return set(re.findall(r"""(?:environ\.get|env_bool|env_list)\(\s*["'](\w+)["']""", text))


def problem_with(command: str) -> str | None:
    """Why a documented command would not work as written, or None when it would."""
    words = shlex.split(command)
    while words and re.fullmatch(r"[A-Z_]+=\S*", words[0]):  # VAR=value before a command
        if words[0].split("=")[0] not in settings_variables():
            return f"settings read no variable {words[0].split('=')[0]}"
        words = words[1:]
    if words[0] == "make":
        target = words[1] if len(words) > 1 else "(none)"
        if target not in makefile_targets():
            return f"no Makefile target {target!r}"
        dry = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True, timeout=60)
        if dry.returncode:
            return f"`make -n {target}` fails: {dry.stderr.strip()}"
        for expression in re.findall(r'pytest .*-m "([^"]+)"', dry.stdout):
            unknown = set(re.findall(r"\w+", expression)) - {"not", "and", "or"} - declared_markers()
            if unknown:
                return f"`make {target}` selects markers pytest.ini does not declare: {sorted(unknown)}"
        return None
    if words[0] == "export":
        unknown = {word.split("=")[0] for word in words[1:]} - settings_variables()
        return f"settings read no variable {sorted(unknown)}" if unknown else None
    if words[0].startswith(("bench/", "deploy/")):
        return None if os.access(ROOT / words[0], os.X_OK) else f"{words[0]} is not an executable script"
    if words[0] == ".venv/bin/gunicorn":
        config, app = words[words.index("-c") + 1], words[-1]
        if not (ROOT / config).exists():
            return f"no {config}"
        return None if importlib.util.find_spec(app.split(":")[0]) else f"no module {app}"
    if words[0] in {".venv/bin/python", "python", "python3", "/usr/bin/python3"}:
        if words[1] == "manage.py":
            return None if words[2] in get_commands() else f"no management command {words[2]!r}"
        if words[1:3] == ["-m", "pytest"]:
            missing = [w for w in words[3:] if w.startswith("tests/") and not (ROOT / w.split("::")[0]).exists()]
            return f"no {missing}" if missing else None
        if words[1:4] == ["-m", "pip", "install"]:
            return None if (ROOT / words[words.index("-r") + 1]).exists() else "no such requirements file"
        if words[1] == "-m":
            return None if importlib.util.find_spec(words[2]) else f"no module {words[2]}"
    return "a kind of command this test cannot check: add a check for it to tests/test_readme.py"


def test_readme_runs_the_two_commands_and_ci_runs_make_test():
    commands = shell_commands(README.read_text(), inline=True)
    assert "make run" in commands and "make test" in commands
    assert re.search(r"^make test$", (ROOT / ".ci/run").read_text(), flags=re.M), ".ci/run must run `make test`"


@pytest.mark.parametrize("document", [README, *DOCS], ids=lambda path: path.relative_to(ROOT).as_posix())
def test_every_documented_command_works_as_written(document):
    commands = shell_commands(document.read_text(), inline=document == README)
    problems = {command: problem_with(command) for command in commands}
    assert not {command: why for command, why in problems.items() if why}


@pytest.mark.parametrize("document", [README, *DOCS], ids=lambda path: path.relative_to(ROOT).as_posix())
def test_documents_link_only_inside_the_repository(document):
    text = document.read_text()
    prose = re.sub(r"`[^`\n]*`", "", re.sub(r"^```.*?^```", "", text, flags=re.M | re.S))
    for target in re.findall(r"\]\(([^)#\s]+)[^)]*\)", prose):
        if re.match(r"https?://", target):
            continue
        resolved = (document.parent / target).resolve()
        assert resolved.is_relative_to(ROOT), f"{target} points outside the repository"
        assert resolved.exists(), f"{target} does not exist"
    for anchor_target, anchor in re.findall(r"\]\(([^)#\s]*)#([^)\s]+)\)", prose):
        linked = (document.parent / anchor_target) if anchor_target else document
        headings = re.findall(r"^#+ (.+)$", linked.read_text(), flags=re.M)
        slugs = {re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in headings}
        assert anchor in slugs, f"{anchor_target}#{anchor}: no such heading"
    assert "../" not in text, "a path outside the repository"
    machine = re.findall(r"(?<![\w.])(?:/work/|/home/|/tmp/|/Users/|/root/)\S*", text)
    assert not machine, f"machine-specific paths: {machine}"


def test_the_command_check_catches_what_it_looks_for():
    """Broken on purpose, so a pass above means something."""
    assert shell_commands("```sh\nmake run   # serve\nmake \\\n  test\n```\nthen `make check`.", inline=True) == [
        "make run", "make test", "make check"]
    assert "no Makefile target" in problem_with("make deploy")
    assert "no management command" in problem_with(".venv/bin/python manage.py reload_content")
    assert "settings read no variable" in problem_with("export NO_SUCH_SETTING=60")
    assert "cannot check" in problem_with("curl https://example.org | sh")
    assert "settings read no variable" in problem_with("RELOAD=1 .venv/bin/python manage.py runserver")
    assert problem_with("DEBUG=1 .venv/bin/python manage.py runserver") is None
    assert problem_with("make test-fast") is None
    assert problem_with(".venv/bin/python manage.py check --deploy") is None


def test_the_code_points_only_to_documents_that_exist():
    """A docstring or message that sends the reader to docs/ or a README section must not lead nowhere."""
    missing = []
    for file in [*ROOT.glob("kyphoplasty_site/**/*.py"), *ROOT.glob("bench/*"), ROOT / "Makefile",
                 ROOT / "gunicorn.conf.py", *ROOT.glob("templates/**/*.html")]:
        if not file.is_file():
            continue
        text = file.read_text(errors="replace")
        missing += [f"{file.relative_to(ROOT)}: {name}" for name in re.findall(r"\bdocs/[\w-]+\.md", text)
                    if not (ROOT / name).exists()]
        sections = re.findall(r'README(?:\.md)?, "([^"]+)"', text)
        readme_headings = re.findall(r"^#+ (.+)$", README.read_text(), flags=re.M)
        missing += [f"{file.relative_to(ROOT)}: README section {section!r}" for section in sections
                    if section not in readme_headings]
    assert not missing


def test_the_readme_module_tree_names_every_module():
    """A module added or renamed shows up in README's layout (search/ and the commands by folder)."""
    readme = README.read_text()
    modules = [path for path in (ROOT / "kyphoplasty_site").rglob("*.py")
               if path.name != "__init__.py" and "search" not in path.parts and "management" not in path.parts]
    missing = [path.relative_to(ROOT).as_posix() for path in modules if path.name not in readme]
    commands = [path.stem for path in (ROOT / "kyphoplasty_site/management/commands").glob("*.py")
                if path.name != "__init__.py"]
    missing += [f"manage.py {name}" for name in commands if name not in readme]
    assert not missing
