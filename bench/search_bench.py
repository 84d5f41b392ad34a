"""Measure the search index at scale (run with bench/search).

Targets (issue 4): with 1,000 articles, index build under 2 s and query p95
under 10 ms.
"""
from __future__ import annotations

import argparse
import gc
import os
import statistics
import tempfile
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kyphoplasty_site.settings")


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=10, help="passes over the query list")
    args = parser.parse_args()
    django.setup()
    from bench.synthetic import QUERIES, write_synthetic_content
    from kyphoplasty_site.content.loader import load_library
    from kyphoplasty_site.site import site_values
    from kyphoplasty_site.search import SearchIndex

    with tempfile.TemporaryDirectory() as tmp:
        folder = write_synthetic_content(Path(tmp) / "content", args.articles)
        rss_before = rss_mb()
        started = time.perf_counter()
        library = load_library(folder, site_values())
        loaded = time.perf_counter()
        rss_library = rss_mb()
        index = SearchIndex.from_library(library)
        built = time.perf_counter()
        rss_index = rss_mb()
        # As in a served worker: site.load_at_start() freezes the loaded content out of the cyclic
        # garbage collector, so a collection during a search does not walk the whole library.
        gc.freeze()
        index.search("warm up")
        latencies = []
        for _ in range(args.rounds):
            for query in QUERIES:
                t0 = time.perf_counter()
                index.search(query)
                latencies.append((time.perf_counter() - t0) * 1000)
    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    print(f"articles:            {len(library.articles)}  (search documents: {len(index.documents)})")
    print(f"library load:        {loaded - started:.2f} s   (+{rss_library - rss_before:.0f} MB RSS)")
    print(f"index build:         {built - loaded:.2f} s   (+{rss_index - rss_library:.0f} MB RSS)  target < 2 s")
    print(f"queries:             {len(latencies)} ({len(QUERIES)} realistic queries x {args.rounds})")
    print(f"query latency:       p50 {statistics.median(latencies):.2f} ms, p95 {p95:.2f} ms, "
          f"max {latencies[-1]:.2f} ms  target p95 < 10 ms")


if __name__ == "__main__":
    main()
