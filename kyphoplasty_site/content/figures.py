"""Figures placed in articles: drawn SVGs with captions, and icon arrays from the number registry.

`[[figure:NAME]]` places `FIGURES_DIR/NAME.svg` with its caption from
`figures.yaml`; `[[icons:ID]]` draws the registered number ID as an icon
array. An SVG is inlined into pages, so each one is checked first: no
scripts, styles, event handlers or links to other files, and a text
alternative wired up for screen readers. A figure that fails the check is
reported and never inlined.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from .files import ContentFiles
from .icon_array import icon_array_html
from .numbers import RegisteredNumber, plain_figure_problems, unknown_number_problems
from .problems import WARNING
from .rendering import SiteValues, render_inline, strip_paragraph

_UNSAFE_SVG_RE = re.compile(r"<(script|style|foreignObject|image)\b|\son\w+\s*=|\sstyle\s*=|(?:href|src)\s*=\s*\"(?!#)",
                            re.IGNORECASE)
_XML_DECLARATION_RE = re.compile(r"^<\?xml[^>]*>\s*")


@dataclass
class Figures:
    directory: Path
    captions: dict[str, str] = field(default_factory=dict)          # name → caption HTML
    svgs: dict[str, str] = field(default_factory=dict)              # name → SVG text, every file read
    safe: set[str] = field(default_factory=set)                     # names whose SVG passed the check
    numbers: dict[str, RegisteredNumber] = field(default_factory=dict)

    def exists(self, name: str) -> bool:
        """Whether an article may name this figure (an unsafe SVG exists, but is reported and left out)."""
        if name.startswith("icons:"):
            number = self.numbers.get(name[len("icons:"):])
            return number is not None and number.can_be_drawn
        return name in self.svgs and name in self.captions

    def html(self, name: str) -> str | None:
        """The figure's markup, or None when it does not exist or failed the SVG check."""
        if not self.exists(name):
            return None
        if name.startswith("icons:"):
            return icon_array_html(self.numbers[name[len("icons:"):]])
        if name not in self.safe:
            return None
        svg = _XML_DECLARATION_RE.sub("", self.svgs[name].strip())
        return (f'<figure class="figure" id="figure-{name}">{svg}'
                f'<figcaption>{self.captions[name]}</figcaption></figure>')

    def fingerprint_parts(self) -> list[bytes]:
        return [name.encode() + b"\0" + self.svgs[name].encode() for name in sorted(self.svgs)]


def load_figures(files: ContentFiles, directory: Path, values: SiteValues,
                 numbers: dict[str, RegisteredNumber]) -> Figures:
    """Read the captions and every SVG in `directory`, checking each; problems go to `files`."""
    figures = Figures(directory=Path(directory), numbers=numbers)
    _load_captions(files, figures, values)
    words = _figure_words(files) if files.edition else None
    if figures.directory.is_dir():
        for svg in sorted(figures.directory.glob("*.svg")):
            text = svg.read_text(encoding="utf-8")
            if words is not None:
                text = _translated_svg(files, f"figures/{svg.name}", text, words)
            figures.svgs[svg.stem] = text
            if _check_svg(files, svg.stem, f"figures/{svg.name}", text):
                figures.safe.add(svg.stem)
    return figures


# A figure's words: its labels, and its title and description for screen readers.
_SVG_WORDS_RE = re.compile(r"(<(?:text|tspan|title|desc)\b[^>]*>)([^<]+)(?=<)")
FIGURE_WORDS_FILE = "figure-words.yaml"


def _figure_words(files: ContentFiles) -> dict[str, str] | None:
    """An edition's words for the figures (content/<edition>/figure-words.yaml): English text → its translation."""
    path = f"{files.edition}/{FIGURE_WORDS_FILE}"
    if not (files.root / path).exists():
        return None   # a pseudo-locale, or an edition whose figures are not translated: the English stays
    data = files.read_yaml(FIGURE_WORDS_FILE, required=False)
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        files.problem(path, "must map each English text of a figure to its translation")
        return {}
    return {" ".join(k.split()): v for k, v in data.items()}


def _translated_svg(files: ContentFiles, where: str, svg: str, words: dict[str, str]) -> str:
    """The SVG with each of its words in the edition's language; words without a translation are
    reported and stay in English. Single letters and numbers (A to D, 1 to 4, T7) stay as they are."""
    def swap(match: re.Match) -> str:
        english = " ".join(match.group(2).split())
        if re.fullmatch(r"[A-Z]?\d*|T\d+", english):
            return match.group(0)
        if english not in words:
            files.problem(f"{files.edition}/{FIGURE_WORDS_FILE}", f"no translation of {english!r} ({where})",
                          level=WARNING)
            return match.group(0)
        return match.group(1) + escape(words[english])
    return _SVG_WORDS_RE.sub(swap, svg)


def _load_captions(files: ContentFiles, figures: Figures, values: SiteValues) -> None:
    data = files.read_yaml("figures.yaml", required=False) or {}
    if not isinstance(data, dict):
        files.problem("figures.yaml", "must map each figure name to a caption")
        return
    for name, entry in data.items():
        caption = entry.get("caption") if isinstance(entry, dict) else None
        if not isinstance(caption, str) or not caption.strip():
            files.problem("figures.yaml", "needs a caption", field=str(name))
            continue
        files.problems.extend(plain_figure_problems("figures.yaml", caption, field=f"{name}.caption"))
        files.problems.extend(unknown_number_problems("figures.yaml", caption, figures.numbers,
                                                      field=f"{name}.caption"))
        figures.captions[str(name)] = strip_paragraph(render_inline(caption, values).html)


def _check_svg(files: ContentFiles, name: str, where: str, text: str) -> bool:
    """Whether the SVG is safe to inline and carries its text alternative; each failure is recorded."""
    found = len(files.problems)
    if _UNSAFE_SVG_RE.search(text):
        files.problem(where, "figures may not contain scripts, styles, event handlers or links to other files")
    if not re.search(rf'<svg[^>]*role="img"[^>]*aria-labelledby="fig-{name}-title" '
                     rf'aria-describedby="fig-{name}-desc"', text):
        files.problem(where, f'the <svg> needs role="img", aria-labelledby="fig-{name}-title" '
                             f'and aria-describedby="fig-{name}-desc"')
    for part in ("title", "desc"):
        if not re.search(rf'<{part} id="fig-{name}-{part}">[^<]+</{part}>', text):
            files.problem(where, f'needs a <{part} id="fig-{name}-{part}"> text alternative')
    return len(files.problems) == found
