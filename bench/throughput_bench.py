"""Throughput of the Django pages against a bare WSGI app and nginx (run with bench/throughput).

For each page (an article, the FAQ, the glossary, a search) the same wrk
settings (warm-up -d3s, then -t2 -c32 -d10s --latency, all on 127.0.0.1) are
run against:
  (a) the Django site under the project's gunicorn.conf.py,
  (b) bench/bare_wsgi.py under the same gunicorn.conf.py (same workers,
      threads and worker class; only the app and the bind differ), returning
      the very response Django returned: its status, every header (the
      security headers included) and its body; gunicorn adds Date, Server and
      Connection to both,
  (c) nginx serving the same body as a static file (project-local config).

Each server is warmed up, then the measured runs go round the three servers
in turn (--repeat rounds), so a slow spell on the shared machine falls on
all of them; each server's best run is kept. On 2 shared cores gunicorn
sometimes gives one worker most of the connections, which halves a run.

Then, for the record, searches with a new query every request
(bench/unique_queries.lua) on the site alone: the stored-results shelf
never helps, so this is the cost of searching and rendering afresh.

Targets: article, FAQ and glossary at >= 80% of the bare WSGI app's req/s
with zero errors; search at >= 50%. Missed targets print MISS; the exit code
is non-zero only when something fails to run.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from bench.harness import (PAGES, Gunicorn, Nginx, WrkResult, children_of, collectstatic, cpu_seconds, fetch,
                           free_ports,
                           install_signal_handlers, log, ok, results_dir, run_wrk, save_json, stamp)

UNIQUE_QUERIES = Path(__file__).resolve().parent / "unique_queries.lua"
TARGETS = {"article": 0.80, "faq": 0.80, "glossary": 0.80, "search": 0.50}
SERVERS = ("django", "bare", "nginx")


# Headers gunicorn writes itself, for the site and the bare app alike.
GUNICORN_HEADERS = {"date", "server", "connection", "transfer-encoding"}


def measure(urls: dict[str, str], workers: dict[str, list[int]], args) -> dict[str, WrkResult]:
    """Each server's best of --repeat runs, taken in rounds over the servers after a warm-up each.

    Also the CPU time its worker processes spent per request over all rounds: a second view
    that depends less on how evenly gunicorn shared the connections between workers.
    """
    if args.warmup:
        for url in urls.values():
            run_wrk(url, args.threads, args.connections, args.warmup, latency=False)
    runs: dict[str, list[WrkResult]] = {server: [] for server in urls}
    cpu = dict.fromkeys(urls, 0.0)
    for round_number in range(args.repeat):
        for server, url in urls.items():
            log(f"  round {round_number + 1}/{args.repeat} on {server} ...")
            before = cpu_seconds(workers[server])
            runs[server].append(run_wrk(url, args.threads, args.connections, args.duration))
            cpu[server] += cpu_seconds(workers[server]) - before
    best = {}
    for server, results in runs.items():
        best[server] = max(results, key=lambda run: run.rps)
        best[server].extra["rounds_rps"] = [round(run.rps) for run in results]
        requests = sum(run.requests for run in results)
        best[server].extra["cpu_us_per_request"] = cpu[server] * 1e6 / requests if requests else None
    return best


def response_headers(headers: dict) -> list[tuple[str, str]]:
    return [(name, value) for name, value in headers.items() if name.lower() not in GUNICORN_HEADERS]


def fmt_ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=10, help="seconds per measured wrk run (default 10)")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up per run (default 3; 0 = none)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="rounds of measured runs over the servers; each server's best is kept (default 3)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--pages", nargs="+", choices=sorted(PAGES), default=list(PAGES))
    args = parser.parse_args()
    install_signal_handlers()

    log("collectstatic ...")
    collectstatic()
    django_port, bare_port, nginx_port = free_ports(3, start=8201)
    out = results_dir()
    run_id = stamp()
    env = {"LOCAL_MODE": "1", "LOG_LEVEL": "warning"}
    servers: list = []
    with tempfile.TemporaryDirectory(prefix="bench-throughput-") as tmp:
        tmp_path = Path(tmp)
        try:
            log(f"starting Django gunicorn on 127.0.0.1:{django_port} ...")
            site = Gunicorn("kyphoplasty_site.wsgi:application", django_port, env,
                            out / f"throughput-{run_id}-django.log")
            servers.append(site)
            site.wait_ready()
            workers = len(site.workers())

            # Capture each page's bytes and Content-Type from Django.
            bare_dir = tmp_path / "bare"
            bare_dir.mkdir()
            nginx = Nginx(tmp_path / "nginx", nginx_port)
            manifest, pages = {}, {}
            for name in args.pages:
                path = PAGES[name]
                status, headers, body = fetch(site.url + path)
                if status != 200:
                    raise RuntimeError(f"Django answered {status} for {path}")
                content_type = headers.get("Content-Type", "")
                (bare_dir / f"{name}.html").write_bytes(body)
                manifest[path.split("?")[0]] = {"file": f"{name}.html", "status": status,
                                                "headers": response_headers(headers)}
                nginx.add_page(path, body)
                pages[name] = {"path": path, "bytes": len(body), "content_type": content_type,
                               "django_header_bytes": sum(len(k) + len(v) + 4 for k, v in headers.items())}
            (bare_dir / "manifest.json").write_text(json.dumps(manifest))

            log(f"starting bare WSGI gunicorn on 127.0.0.1:{bare_port} and nginx on 127.0.0.1:{nginx_port} ...")
            bare = Gunicorn("bench.bare_wsgi:application", bare_port, {**env, "BARE_WSGI_DIR": str(bare_dir)},
                            out / f"throughput-{run_id}-bare.log")
            servers.append(bare)
            bare.wait_ready()
            servers.append(nginx)
            nginx.start()

            # The three servers must return the same body and Content-Type; the bare app, every header too.
            for name in args.pages:
                path = pages[name]["path"]
                for label, base in (("bare", bare.url), ("nginx", nginx.url)):
                    status, headers, body = fetch(base + path)
                    if status != 200 or body != (bare_dir / f"{name}.html").read_bytes():
                        raise RuntimeError(f"{label} did not return Django's bytes for {path}")
                    if headers.get("Content-Type") != pages[name]["content_type"]:
                        raise RuntimeError(f"{label} Content-Type {headers.get('Content-Type')!r} != "
                                           f"{pages[name]['content_type']!r}")
                    expected = manifest[path.split("?")[0]]["headers"]
                    if label == "bare" and response_headers(headers) != expected:
                        raise RuntimeError(f"bare headers {response_headers(headers)} != Django's {expected}")

            bases = {"django": site.url, "bare": bare.url, "nginx": nginx.url}
            workers_of = {"django": site.workers(), "bare": bare.workers(), "nginx": children_of(nginx.pid)}
            load_before = os.getloadavg()[0]
            started = time.monotonic()
            for name in args.pages:
                log(f"wrk {name} ...")
                pages[name].update(measure({server: bases[server] + pages[name]["path"] for server in SERVERS},
                                           workers_of, args))
            distinct = None
            if "search" in args.pages:
                # For the record, no target: a new question every request, so nothing stored helps.
                log("wrk search with a new query every request, on django ...")
                distinct = run_wrk(site.url + "/", args.threads, args.connections, args.duration,
                                   script=UNIQUE_QUERIES)
            elapsed = time.monotonic() - started
            load_after = os.getloadavg()[0]
        finally:
            for server in reversed(servers):
                try:
                    server.stop()
                except Exception as exc:  # keep stopping the others
                    log(f"could not stop {server}: {exc}")

    # Report ------------------------------------------------------------------
    print(f"\nThroughput: Django vs bare WSGI vs nginx  ({time.strftime('%Y-%m-%d %H:%M')}, "
          f"{os.cpu_count()} cores, load average {load_before:.1f} before, {load_after:.1f} after; "
          f"gunicorn.conf.py with {workers} workers)")
    print(f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s --latency on 127.0.0.1, "
          f"after a -d{args.warmup}s warm-up; best of {args.repeat} rounds over the servers; "
          "all servers share the cores with wrk.")
    print("The bare app returns Django's exact response (status, headers, body); nginx the same body.\n")
    summary = []
    for name in args.pages:
        page = pages[name]
        print(f"{name}: {page['path']}  ({page['bytes']:,} bytes, {page['content_type']})")
        print(f"  {'server':<8}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'non-2xx':>9}{'socket err':>12}"
              f"{'CPU us/req':>12}")
        for server in SERVERS:
            r: WrkResult = page[server]
            cpu = r.extra.get("cpu_us_per_request")
            print(f"  {server:<8}{r.rps:>10,.0f}{fmt_ms(r.p50_ms):>10}{fmt_ms(r.p99_ms):>10}"
                  f"{r.non_2xx_3xx:>9}{r.socket_errors:>12}{'-' if cpu is None else f'{cpu:.0f}':>12}")
        print("  every round (req/s): " + "; ".join(
            f"{server} " + " / ".join(f"{rps:,}" for rps in page[server].extra.get("rounds_rps", []))
            for server in SERVERS))
        to_bare = page["django"].rps / page["bare"].rps if page["bare"].rps else 0.0
        to_nginx = page["django"].rps / page["nginx"].rps if page["nginx"].rps else 0.0
        errors = sum(page[s].failed for s in SERVERS)
        target = TARGETS[name]
        verdict_ratio, verdict_errors = ok(to_bare >= target), ok(errors == 0)
        print(f"  django/bare  = {to_bare:6.1%}   target >= {target:.0%}  {verdict_ratio}")
        cpu_site, cpu_bare = (page[s].extra.get("cpu_us_per_request") for s in ("django", "bare"))
        if cpu_site and cpu_bare:
            print(f"  worker CPU per request, bare/django = {cpu_bare / cpu_site:6.1%}  "
                  "(all rounds; a second view of the same comparison)")
        print(f"  django/nginx = {to_nginx:6.1%}")
        print(f"  errors (all servers) = {errors}   target 0  {verdict_errors}\n")
        summary.append((name, page, to_bare, to_nginx, errors, verdict_ratio, verdict_errors))

    print("Summary")
    print(f"  {'page':<9}{'django':>9}{'bare':>9}{'nginx':>9}{'dj/bare':>9}{'target':>8}{'dj/nginx':>10}"
          f"{'errors':>8}  verdict")
    for name, page, to_bare, to_nginx, errors, verdict_ratio, verdict_errors in summary:
        verdict = "ok" if verdict_ratio == verdict_errors == "ok" else "MISS"
        print(f"  {name:<9}{page['django'].rps:>9,.0f}{page['bare'].rps:>9,.0f}{page['nginx'].rps:>9,.0f}"
              f"{to_bare:>9.1%}{TARGETS[name]:>8.0%}{to_nginx:>10.1%}{errors:>8}  {verdict}")
    if distinct is not None:
        print(f"\nSearch with a new query every request (bench/unique_queries.lua; nothing stored helps; no target): "
              f"{distinct.rps:,.0f} req/s, p50 {fmt_ms(distinct.p50_ms)} ms, p99 {fmt_ms(distinct.p99_ms)} ms, "
              f"{distinct.failed} errors")
    print(f"\n(wrk time {elapsed:.0f} s)")

    data = {"when": run_id, "workers": workers, "load_average": [load_before, load_after], "args": vars(args), "pages": {
        name: {**{k: v for k, v in page.items() if k not in SERVERS},
               **{s: page[s].as_dict() for s in SERVERS}} for name, page in pages.items()}}
    if distinct is not None:
        data["search_distinct_queries"] = distinct.as_dict()
    path = save_json(f"throughput-{run_id}.json", data)
    print(f"results: {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
