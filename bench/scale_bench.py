"""Start-up time and memory against library size (run with bench/scale).

For 10, 100, 1,000 and 5,000 synthetic articles (bench/synthetic.py), a fresh
Python process does what a gunicorn master does before it forks: import
Django, django.setup() with CONTENT_DIR pointing at the synthetic folder, and
load settings.WSGI_APPLICATION (wsgi.py loads, validates and renders the library
and builds the search index: kyphoplasty_site/site.py). It reports that time and
the process's RSS afterwards (what each worker starts from).

Each size is started --repeat times (default 3); the table shows the median
run, with the fastest and slowest start-up beside it. Nothing is kept between
start-ups, so every start renders everything. The disk is synced after the
content is written, so its write-back does not fall inside a measurement.

Targets: at 1,000 articles, start-up under 5 s and under 200 MB per worker;
growth no faster than linear (the per-article cost from 1,000 to 5,000 is at
most 1.5 times the per-article cost from 100 to 1,000). Missed targets print
MISS; the exit code is non-zero only when something fails to run.

--profile N also profiles the N-article start-up with cProfile and prints the
top functions by cumulative and by own time (.prof saved in bench/results/).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS, TARGET_MB, TARGET_AT = 5.0, 200.0, 1000
LINEAR_SLACK = 1.5


def _status(field: str) -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def _cpu_seconds() -> float:
    """User + system CPU time so far, of this process and any children it waited for:
    steadier than wall time on a busy machine."""
    import resource
    return sum(usage.ru_utime + usage.ru_stime
               for usage in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)))


def _wrap_phases(phases: dict[str, float]) -> None:
    """Time the library load and the search-index build inside the start-up."""
    try:
        from kyphoplasty_site import site
        import kyphoplasty_site.search as search_pkg
    except ImportError:
        return

    def timed(name, function):
        def wrapper(*args, **kwargs):
            t0 = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                phases[name] = phases.get(name, 0.0) + time.perf_counter() - t0
        return wrapper

    if hasattr(site, "load_library"):
        site.load_library = timed("library", site.load_library)
    index_class = getattr(search_pkg, "SearchIndex", None)
    if index_class is not None and hasattr(index_class, "from_library"):
        index_class.from_library = timed("search_index", index_class.from_library)


def child(profile_out: str | None) -> None:
    """One start-up, in this fresh process; prints one JSON line."""
    started = time.perf_counter()
    profiler = None
    if profile_out:
        import cProfile
        profiler = cProfile.Profile()
        profiler.enable()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kyphoplasty_site.settings")
    import django
    t_django = time.perf_counter()

    # Time the two big steps of the start-up without touching the app's code:
    # wrap the functions kyphoplasty_site.site calls (when they exist under these names; not
    # when profiling, to keep the profile clean).
    phases: dict[str, float] = {}
    if profiler is None:
        _wrap_phases(phases)
    t_imports = time.perf_counter()

    django.setup()
    t_setup = time.perf_counter()
    # What gunicorn loads: settings.WSGI_APPLICATION (any WSGI layers around Django included).
    from django.core.servers.basehttp import get_internal_wsgi_application
    get_internal_wsgi_application()
    t_wsgi = time.perf_counter()
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(profile_out)

    from kyphoplasty_site import site as loaded
    library = loaded.library()
    index = loaded.search_index()
    print(json.dumps({
        "articles": len(library.articles),
        "documents": len(getattr(index, "documents", ()) or ()),
        "problems": len(library.problems),
        "import_s": t_imports - started,
        "import_django_s": t_django - started,
        "setup_s": t_setup - t_imports,
        "library_s": phases.get("library"),
        "search_index_s": phases.get("search_index"),
        "wsgi_s": t_wsgi - t_setup,
        "startup_s": t_wsgi - started,
        "cpu_s": _cpu_seconds(),
        "rss_mb": _status("VmRSS"),
        "peak_rss_mb": _status("VmHWM"),
    }))


def run_child(content: Path, profile_out: Path | None = None, timeout: float = 900) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
    env.update(LOCAL_MODE="1", LOG_LEVEL="critical", CONTENT_DIR=str(content))
    command = [sys.executable, "-m", "bench.scale_bench", "--child"]
    if profile_out is not None:
        command += ["--profile-out", str(profile_out)]
    t0 = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    wall = time.perf_counter() - t0
    if done.returncode != 0:
        raise RuntimeError(f"start-up with {content} failed ({done.returncode}):\n{done.stderr[-4000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["wall_s"] = wall
    return result


def median_run(runs: list[dict]) -> dict:
    """The run with the median start-up time, with the spread of all runs."""
    ordered = sorted(runs, key=lambda run: run["startup_s"])
    row = dict(ordered[len(ordered) // 2])
    row["startup_min_s"], row["startup_max_s"] = ordered[0]["startup_s"], ordered[-1]["startup_s"]
    row["runs"] = len(runs)
    return row


def report(rows: list[dict], title: str) -> None:
    """Print the table and the targets for one set of runs."""
    load = os.getloadavg()
    print(f"\n{title}: start-up and memory against library size  ({time.strftime('%Y-%m-%d %H:%M')}, "
          f"{os.cpu_count()} cores, load average {load[0]:.1f})")
    print("Each size in a fresh process: import Django + django.setup() + the WSGI handler (wsgi.py loads, "
          f"validates and renders the content and builds the search index); median of {rows[0]['runs']} runs.\n")
    print(f"{'articles':>8} {'loaded':>7} {'docs':>6} {'start-up s':>11} {'(range)':>11} {'library s':>10} "
          f"{'index s':>8} {'other s':>8} {'CPU s':>6} {'RSS MB':>7} {'peak MB':>8} {'ms/article':>11} "
          f"{'KB/article':>11}")
    previous = None
    for row in rows:
        other = row["startup_s"] - (row["library_s"] or 0) - (row["search_index_s"] or 0)
        if previous is None:
            per_ms, per_kb = "", ""
        else:
            span = row["size"] - previous["size"]
            per_ms = f"{(row['startup_s'] - previous['startup_s']) * 1000 / span:.2f}"
            per_kb = f"{(row['rss_mb'] - previous['rss_mb']) * 1024 / span:.1f}"
        spread = f"{row['startup_min_s']:.2f}-{row['startup_max_s']:.2f}"
        print(f"{row['size']:>8,} {row['articles']:>7,} {row['documents']:>6,} {row['startup_s']:>11.2f} "
              f"{spread:>11} {fmt(row['library_s'], '.2f'):>10} {fmt(row['search_index_s'], '.2f'):>8} {other:>8.2f} "
              f"{row['cpu_s']:>6.2f} {row['rss_mb']:>7.0f} {row['peak_rss_mb']:>8.0f} {per_ms:>11} {per_kb:>11}")
        previous = row
    print("(start-up: wall time in the process; CPU s: user+system CPU time of the process;\n"
          " ms/article and KB/article: start-up and RSS growth from the previous row, per added article)")

    print("\nTargets")
    by_size = {row["size"]: row for row in rows}
    if TARGET_AT in by_size:
        at = by_size[TARGET_AT]
        print(f"  start-up at {TARGET_AT:,} articles: {at['startup_s']:.2f} s, median of {at['runs']} "
              f"(range {at['startup_min_s']:.2f}-{at['startup_max_s']:.2f} s; {at['cpu_s']:.2f} s CPU)   "
              f"target < {TARGET_SECONDS:.0f} s   {'ok' if at['startup_s'] < TARGET_SECONDS else 'MISS'}")
        print(f"  memory at {TARGET_AT:,} articles:   {at['rss_mb']:.0f} MB   target < {TARGET_MB:.0f} MB per worker   "
              f"{'ok' if at['rss_mb'] < TARGET_MB else 'MISS'}")
    if TARGET_AT not in by_size:
        print(f"  (the start-up and memory targets are for {TARGET_AT:,} articles: include it in --sizes)")
    sizes = sorted(by_size)
    if len(sizes) < 3:
        print("  (the growth check needs at least three sizes)")
    else:
        a, b, c = (by_size[s] for s in sizes[-3:])
        for key, label in (("cpu_s", "start-up (CPU)"), ("rss_mb", "memory")):
            low = (b[key] - a[key]) / (b["size"] - a["size"])
            high = (c[key] - b[key]) / (c["size"] - b["size"])
            ratio = high / low if low > 0 else float("inf")
            print(f"  {label} growth: per-article cost {a['size']:,}->{b['size']:,} vs {b['size']:,}->{c['size']:,} "
                  f"= x{ratio:.2f}   target <= x{LINEAR_SLACK} (no faster than linear)   "
                  f"{'ok' if ratio <= LINEAR_SLACK else 'MISS'}")
    for row in rows:
        if row["articles"] < row["size"]:
            print(f"  note: {row['size']} articles written, {row['articles']} loaded ({row['problems']} problems)")


def fmt(value, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000, 5000])
    parser.add_argument("--repeat", type=int, default=3, help="start-ups per size; the median is shown (default 3)")
    parser.add_argument("--profile", type=int, metavar="N", default=0,
                        help="also profile the start-up with N synthetic articles (e.g. 1000)")
    parser.add_argument("--top", type=int, default=15, help="rows of profile to print (default 15)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--profile-out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.profile_out)
        return 0

    sys.path.insert(0, str(ROOT))
    from bench.synthetic import write_synthetic_content

    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        for size in args.sizes:
            t0 = time.perf_counter()
            folder = write_synthetic_content(Path(tmp) / f"content-{size}", size)
            print(f"[{size} articles: content written in {time.perf_counter() - t0:.1f} s; starting up ...]",
                  file=sys.stderr, flush=True)
            os.sync()  # the content's write-back happens now, not during a start-up
            runs = [run_child(folder) for _ in range(max(1, args.repeat))]
            rows.append({**median_run(runs), "size": size})
        profile_path = None
        if args.profile:
            folder = write_synthetic_content(Path(tmp) / f"content-{args.profile}", args.profile)
            profile_path = out / f"scale-{stamp}-startup-{args.profile}.prof"
            print(f"[profiling the {args.profile}-article start-up ...]", file=sys.stderr, flush=True)
            profiled = run_child(folder, profile_path)

    report(rows, "Start-up")

    if args.profile:
        import pstats
        print(f"\nProfile of the {args.profile:,}-article start-up (cProfile; {profiled['startup_s']:.2f} s under "
              f"the profiler): {profile_path.relative_to(ROOT)}")
        for order in ("cumulative", "tottime"):
            print(f"\nTop {args.top} by {order} time")
            stats = pstats.Stats(str(profile_path), stream=sys.stdout)
            stats.sort_stats(order).print_stats(args.top)

    data = {"when": stamp, "start": rows}
    path = out / f"scale-{stamp}.json"
    path.write_text(json.dumps(data, indent=2))
    print(f"results: {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
