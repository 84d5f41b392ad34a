"""Content problems: what is wrong, in which file, at which field or line."""
from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    path: str            # relative to the content folder, e.g. "articles/vertebroplasty.md"
    message: str
    field: str | None = None
    line: int | None = None
    level: str = ERROR

    @property
    def is_error(self) -> bool:
        return self.level == ERROR

    def location(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}"
        if self.field:
            where += f" [{self.field}]"
        return where

    def __str__(self) -> str:
        return f"{self.location()}: {self.message}"
