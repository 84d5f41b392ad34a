"""Reading the content folder: files as UTF-8 text, YAML safely, and every problem kept.

One `ContentFiles` is handed to each part of the loader. It remembers every
file it read (for the content fingerprint), the newest modification time (for
Last-Modified), the files that cannot be served, and every problem found, each
naming its file and field or line, so a load never stops at the first one.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Iterable

from . import frontmatter as fm
from .problems import Problem


class ContentDirectoryMissing(Exception):
    """The content folder does not exist; the site cannot start."""


class ContentFiles:
    """The content folder, or one language's edition of it.

    An edition ("pl") reads each file from its translation (content/pl/<same path>) when there is
    one, and from the English otherwise: `source()` says which.
    """

    def __init__(self, root: Path, edition: str | None = None):
        root = Path(root)
        if not root.is_dir():
            raise ContentDirectoryMissing(
                f"The content folder {root} does not exist. Create it, or set CONTENT_DIR to the folder "
                "that holds articles/, faq.yaml and glossary.yaml."
            )
        self.root = root
        self.edition = edition
        self.problems: list[Problem] = []
        self.skipped: set[str] = set()        # files (relative paths) that are not served
        self.bytes_read: dict[str, bytes] = {}
        self.last_modified = 0.0

    def problem(self, path: str, message: str, **where) -> None:
        """Record a problem; `where` is `field=` or `line=` (and `level=` for a warning)."""
        self.problems.append(Problem(path, message, **where))

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def source(self, name: str) -> Path:
        """The file read for `name` (a path relative to the folder): the edition's translation, if any."""
        if self.edition:
            translated = self.root / self.edition / name
            if translated.exists():
                return translated
        return self.root / name

    def read(self, path: Path) -> str | None:
        """A file's text, or None (with the problem recorded) when it cannot be read as UTF-8."""
        rel = self.rel(path)
        try:
            data = path.read_bytes()
            self.last_modified = max(self.last_modified, path.stat().st_mtime)
        except OSError as exc:
            self.problem(rel, f"cannot be read: {exc.strerror or exc}")
            return None
        self.bytes_read[rel] = data
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.problem(rel, f"is not UTF-8 text (byte {exc.start})")
            return None

    def read_yaml(self, name: str, required: bool = True) -> Any:
        """The parsed YAML of `name` (relative to the folder, translated if the edition has it);
        None when missing or broken."""
        path = self.source(name)
        if not path.exists():
            if required:
                self.problem(name, "is missing")
            return None
        text = self.read(path)
        if text is None:
            return None
        data, problems = fm.load_yaml(text, self.rel(path))
        self.problems.extend(problems)
        return data

    def read_lines(self, name: str) -> list[tuple[int, str]] | None:
        """(line number, text) of each line of a plain list file that is neither blank nor a # comment."""
        path = self.root / name
        if not path.exists() or (text := self.read(path)) is None:
            return None
        return [(number, line.strip()) for number, line in enumerate(text.splitlines(), 1)
                if line.strip() and not line.lstrip().startswith("#")]

    def convert_item(self, item: Any, schema: dict, path: str, label: str) -> dict | None:
        """One entry of a YAML list through its schema; None when it has problems (all recorded).

        Problems name the entry by its place and, once known, its id: `terms[3] (kyphosis).definition`.
        """
        if not isinstance(item, dict):
            self.problem(path, "must be a set of 'field: value' lines", field=label)
            return None
        values, problems = fm.convert_fields(item, schema, path)
        ident = item.get("id") if isinstance(item.get("id"), str) else None
        prefix = f"{label} ({ident})" if ident else label
        for problem in problems:
            self.problem(path, problem.message, field=f"{prefix}.{problem.field}")
        return None if problems else values

    def fingerprint(self, extra: Iterable[bytes] = ()) -> str:
        """Changes whenever any file read changes, or any of `extra` (settings, figures) does."""
        digest = hashlib.sha256()
        for rel in sorted(self.bytes_read):
            digest.update(rel.encode() + b"\0" + self.bytes_read[rel] + b"\0")
        for part in extra:
            digest.update(part + b"\0")
        return digest.hexdigest()[:20]
