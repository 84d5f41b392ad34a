"""Synthetic content for benchmarks: the real FAQ and glossary plus N made-up articles.

The articles are stitched from sentences of the real ones, so word
frequencies, glossary terms and Markdown features resemble the real library.
"""
from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


def _real_sentences() -> list[str]:
    sentences = []
    for path in sorted((CONTENT / "articles").glob("*.md")):
        body = path.read_text().split("---", 2)[2]
        for line in body.splitlines():
            line = line.strip()
            if not line or line.startswith(("#", "!!!", "|", "[[", "-", "1.")) or "](" in line:
                continue
            sentences += [s.strip() for s in re.split(r"(?<=[.?!])\s+", line) if len(s.split()) > 4]
    return sentences


def write_synthetic_content(target: Path, articles: int, seed: int = 7) -> Path:
    """Write a content folder with `articles` synthetic articles; return its path."""
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    (target / "articles").mkdir(parents=True)
    for name in ("sections.yaml", "faq.yaml", "glossary.yaml", "synonyms.yaml", "question-forms.yaml", "figures.yaml"):
        shutil.copy(CONTENT / name, target / name)
    # The number registry: the real sentences, FAQ and glossary say [[n:ID]].
    shutil.copytree(CONTENT / "numbers", target / "numbers")
    sentences = _real_sentences()
    sections = ["fractures", "treatments", "having-a-procedure"]
    for number in range(articles):
        parts = ["!!! glance \"At a glance\"\n" + "".join(f"    - {rng.choice(sentences)}\n" for _ in range(4))]
        for heading in range(8):
            words = rng.choice(sentences).rstrip(".?!").split()[:6]
            parts.append(f"## {' '.join(words)} {heading} {{: #part-{heading} }}\n")
            parts += [" ".join(rng.choice(sentences) for _ in range(3)) + "\n" for _ in range(3)]
        front = (f"---\ntitle: Synthetic article {number}\nsummary: A made-up article for benchmarks.\n"
                 f"section: {sections[number % 3]}\norder: {number}\nreviewed: 2026-11-01\n"
                 "next_review: 2099-11-01\nsources:\n  - title: One\n    url: https://example.org/1\n"
                 "  - title: Two\n    url: https://example.org/2\n---\n\n")
        (target / "articles" / f"synthetic-{number:05d}.md").write_text(front + "\n".join(parts))
    return target


# Realistic patient queries, with misspellings and question forms, for latency runs.
QUERIES = [
    "how long does it take", "can I drive home", "is the cement safe", "kyphoplasy", "hunchback",
    "what if the cement leaks", "will I be asleep", "bone density scan", "DXA", "anesthetic",
    "when can I lift things", "blood thinners", "painkillers after kyphoplasty", "osteoperosis",
    "will I break another bone", "back brace", "physio exercises", "what does NICE say",
    "does it really work", "how many bones can be treated", "when to call 999", "shower after",
    "vertebroplasy recovery time", "cancer in the spine", "stitches", "what should I bring",
    "fractured vertebra pain", "is it major surgery", "sham trials", "how soon will I feel better",
    "am I a good candidate for kyphoplasty", "how does the balloon work", "what are the risks of kyphoplasty",
    "does kyphoplasty cure osteoporosis", "how many cuts", "can i have sex after kyphoplasty",
    "when should you not have kyphoplasty", "my mum is 82 and broke her back can she have the balloon thing",
    "what is a vertebra", "kyfoplasty side effects",
]
