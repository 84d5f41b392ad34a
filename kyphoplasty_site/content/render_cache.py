"""Rendered articles kept on disk between start-ups.

Rendering Markdown is most of the start-up time, and an article's rendering
depends only on its text and a few site-wide inputs. Each result is stored
under a key made from all of them: the article's body, the glossary, the
clinic details, the figures, and the source code and library versions that
render. Any change to any of them means a new key, so a stale result is never
used.

All results for one content folder live in one file, read once and written
once (only when something changed): creating a thousand small files can cost
more than rendering them on some disks. The folder belongs to the site alone
(it is git-ignored); results are pickled, so it must not be writable by anyone
the site does not trust.
"""
from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
from importlib.metadata import version
from pathlib import Path

log = logging.getLogger(__name__)


def code_version() -> str:
    """Changes whenever the rendering code or the libraries it uses change."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for name in ("rendering.py", "render_cache.py", "numbers.py", "icon_array.py"):
        digest.update((here / name).read_bytes())
    for package in ("Markdown", "nh3"):
        digest.update(version(package).encode())
    return digest.hexdigest()


class RenderCache:
    def __init__(self, directory: Path | None, content_dir: Path, salt: str):
        self.salt = salt
        self.path: Path | None = None
        self.stored: dict = {}   # what the file held at the start of this load
        self.kept: dict = {}     # what this load used or rendered: what the file will hold
        if directory:
            # One file per content folder, so test fixtures never evict the real site.
            tag = hashlib.sha256(str(Path(content_dir).resolve()).encode()).hexdigest()[:12]
            self.path = Path(directory) / f"{tag}.pickle"
            self.stored = self._read()

    def _read(self) -> dict:
        try:
            with open(self.path, "rb") as handle:
                stored = pickle.load(handle)
        except FileNotFoundError:
            return {}
        except Exception:  # a damaged file is just a miss
            log.warning("render cache %s unreadable; rendering again", self.path)
            return {}
        return stored if isinstance(stored, dict) else {}

    def key(self, body: str) -> str:
        return hashlib.sha256((self.salt + "\0" + body).encode()).hexdigest()

    def get(self, key: str):
        value = self.stored.get(key)
        if value is not None:
            self.kept[key] = value
        return value

    def put(self, key: str, value) -> None:
        self.kept[key] = value

    def save(self) -> None:
        """Keep exactly this load's results for the next start-up, if they differ from the file's."""
        if self.path is None or self.kept.keys() == self.stored.keys():
            return
        partial = self.path.with_name(f".{self.path.name}.{os.getpid()}")  # unique per process
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(partial, "wb") as handle:
                pickle.dump(self.kept, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(partial, self.path)  # atomic: readers never see half a file
        except OSError as exc:
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)
            log.warning("render cache not written (%s); start-up will render again next time", exc)
        self.stored = dict(self.kept)
