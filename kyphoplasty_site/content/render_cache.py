"""Rendered articles kept on disk between start-ups.

Rendering Markdown is most of the start-up time, and an article's rendering
depends only on its text and a few site-wide inputs. Each result is stored
under a key made from all of them: the article's body, the glossary, the
clinic details, the figures, and the source code and library versions that
render. Any change to any of them means a new key, so a stale result is never
used. The folder belongs to the site alone (it is git-ignored); results are
pickled, so it must not be writable by anyone the site does not trust.
"""
from __future__ import annotations

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
    for name in ("rendering.py", "render_cache.py"):
        digest.update((here / name).read_bytes())
    for package in ("Markdown", "nh3"):
        digest.update(version(package).encode())
    return digest.hexdigest()


class RenderCache:
    def __init__(self, directory: Path | None, content_dir: Path, salt: str):
        self.salt = salt
        self.used: set[str] = set()
        self.folder = None
        if directory:
            # One sub-folder per content folder, so test fixtures never evict the real site.
            tag = hashlib.sha256(str(Path(content_dir).resolve()).encode()).hexdigest()[:12]
            self.folder = Path(directory) / tag

    def key(self, body: str) -> str:
        return hashlib.sha256((self.salt + "\0" + body).encode()).hexdigest()

    def get(self, key: str):
        if self.folder is None:
            return None
        self.used.add(key)
        try:
            with open(self.folder / key, "rb") as handle:
                return pickle.load(handle)
        except FileNotFoundError:
            return None
        except Exception:  # a damaged entry is just a miss
            log.warning("render cache entry %s unreadable; rendering again", key[:12])
            return None

    def put(self, key: str, value) -> None:
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            partial = self.folder / f".{key}.{os.getpid()}"  # unique per process; pruned if left behind
            with open(partial, "wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(partial, self.folder / key)  # atomic: readers never see half a file
        except OSError as exc:
            log.warning("render cache not written (%s); start-up will render again next time", exc)

    def prune(self) -> None:
        """Forget results this content no longer uses."""
        if self.folder is None or not self.folder.is_dir():
            return
        for entry in self.folder.iterdir():
            if entry.name not in self.used:
                entry.unlink(missing_ok=True)
