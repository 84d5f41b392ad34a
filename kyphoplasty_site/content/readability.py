"""Reading-level measurement for patient text.

The score covers the prose a patient reads: paragraphs, list items and
definition text. Headings, tables, figure captions, call-out titles and
source lists are left out, as readability studies of patient material do.
Each block counts as at least one sentence, so a bullet list without full
stops is not scored as one endless sentence.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from html.parser import HTMLParser

WORDS_PER_MINUTE = 200  # a comfortable adult reading speed for plain text
_BLOCKS = {"p", "li", "dd", "dt"}
_SKIPPED = {"table", "h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption",
            "script", "style", "svg", "nav"}
_SKIPPED_CLASSES = {"admonition-title", "callout-title", "sources", "headerlink", "term-tip"}


@dataclass(frozen=True)
class Readability:
    grade: float
    words: int

    @property
    def minutes(self) -> int:
        return max(1, round(self.words / WORDS_PER_MINUTE))


class _ProseCollector(HTMLParser):
    """Collect the text of prose blocks, skipping non-prose elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self._current: list[str] | None = None

    def _skipping(self) -> bool:
        return any(skipped for _, skipped in self._stack)

    def handle_starttag(self, tag, attrs):
        if tag in {"br", "hr", "img", "input", "meta", "link", "source", "wbr"}:
            return
        classes = set((dict(attrs).get("class") or "").split())
        skipped = tag in _SKIPPED or bool(classes & _SKIPPED_CLASSES)
        self._stack.append((tag, skipped))
        if tag in _BLOCKS and not self._skipping():
            self._flush()
            self._current = []

    def handle_endtag(self, tag):
        while self._stack:
            open_tag, _ = self._stack.pop()
            if open_tag == tag:
                break
        if tag in _BLOCKS:
            self._flush()

    def handle_data(self, data):
        if self._current is not None and not self._skipping():
            self._current.append(data)

    def _flush(self):
        if self._current:
            text = re.sub(r"\s+", " ", "".join(self._current)).strip()
            if text:
                if text[-1] not in ".!?:;":
                    text += "."
                self.blocks.append(text)
        self._current = None

    def close(self):
        super().close()
        self._flush()


def prose_text(html: str) -> str:
    """The readable prose of an HTML fragment, one block per sentence at least."""
    collector = _ProseCollector()
    collector.feed(html)
    collector.close()
    return " ".join(collector.blocks)


def word_count(html: str) -> int:
    return len(re.findall(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?", prose_text(html)))


def measure_html(html: str) -> Readability:
    """Flesch-Kincaid grade and word count of an HTML fragment's prose.

    textstat is a development dependency (pinned to 0.7.8, which works
    offline), so it is imported only when a grade is asked for.
    """
    import textstat

    text = prose_text(html)
    if not text:
        return Readability(grade=0.0, words=0)
    return Readability(grade=round(textstat.flesch_kincaid_grade(text), 1), words=word_count(html))


def _main(paths: list[str]) -> int:
    """Measure Markdown files directly (for writers, without Django)."""
    import markdown
    for path in paths:
        source = open(path, encoding="utf-8").read()
        if source.startswith("---"):
            source = source.split("---", 2)[2]
        source = re.sub(r"\[\[[^\]]+\]\]", "999", source)
        html = markdown.markdown(source, extensions=["tables", "admonition", "attr_list", "def_list"])
        result = measure_html(html)
        print(f"{result.grade:5.1f}  {result.words:5d} words  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
