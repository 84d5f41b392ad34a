"""Bounded load test of the site as `make run` serves it (run with bench/load; issue 8).

gunicorn starts as `make run` starts it (gunicorn.conf.py, LOCAL_MODE=1, the
port through PORT), on a free port in 8201-8299. wrk then drives it from
127.0.0.1 for 60 s with 64 connections (-t2 --latency --timeout 2s), each
connection rotating through the home page, an article, /faq/, /glossary/ and
a search (bench/rotate.lua). gunicorn is stopped by its PID afterwards.

Targets: zero socket errors and zero non-2xx/3xx responses; also reported:
requests/s, latency p50/p90/p99, and whether any worker was replaced. Missed
targets print MISS; the exit code is non-zero only when something fails to run.
"""
from __future__ import annotations

import argparse
import os
import sys
import time

from bench.harness import (ROOT, Gunicorn, collectstatic, fetch, free_ports, install_signal_handlers, log, ok,
                           results_dir, run_wrk, save_json, stamp)

PATHS = ["/", "/articles/balloon-kyphoplasty/", "/faq/", "/glossary/", "/search/?q=how+long+does+it+take"]
SCRIPT = ROOT / "bench" / "rotate.lua"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=60, help="seconds of load (default 60)")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up, not counted (default 3)")
    args = parser.parse_args()
    install_signal_handlers()

    log("collectstatic ...")
    collectstatic()
    port, = free_ports(1, start=8231)
    run_id = stamp()
    log_path = results_dir() / f"load-{run_id}-gunicorn.log"
    # As `make run` does: LOCAL_MODE=1 gunicorn -c gunicorn.conf.py (the port through PORT).
    site = Gunicorn("kyphoplasty_site.wsgi:application", port, {"LOCAL_MODE": "1", "PORT": str(port)},
                    log_path, use_bind_flag=False)
    load_before = os.getloadavg()[0]
    try:
        log(f"starting gunicorn (pid {site.pid}) on 127.0.0.1:{port} ...")
        site.wait_ready()
        workers_before = site.workers()
        for path in PATHS:
            status, _, _ = fetch(site.url + path)
            if status != 200:
                raise RuntimeError(f"{path} answered {status} before the load test")
        if args.warmup:
            log(f"warm-up {args.warmup} s ...")
            run_wrk(site.url, args.threads, args.connections, args.warmup, latency=False, script=SCRIPT)
        log(f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s over {len(PATHS)} paths ...")
        result = run_wrk(site.url, args.threads, args.connections, args.duration, script=SCRIPT)
        workers_after = site.workers()
        master_alive = site.process.poll() is None
    finally:
        site.stop()
    load_after = os.getloadavg()[0]

    statuses = ""
    for line in result.raw.splitlines():
        if line.startswith("Status codes:"):
            statuses = line.split(":", 1)[1].strip()
    log_text = log_path.read_text(errors="replace")
    incidents = [line for line in log_text.splitlines()
                 if any(word in line for word in ("WORKER TIMEOUT", "Traceback", "ERROR", "CRITICAL", "was sent"))]

    print(f"\nLoad test: the site as `make run` serves it  ({time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, "
          f"load average {load_before:.1f} before, {load_after:.1f} after)")
    print(f"gunicorn.conf.py: {len(workers_before)} workers (gthread); wrk -t{args.threads} -c{args.connections} "
          f"-d{args.duration}s --timeout 2s --latency -s bench/rotate.lua on 127.0.0.1:{port}, after a "
          f"{args.warmup} s warm-up")
    print("paths: " + ", ".join(PATHS) + "\n")
    print(f"  requests             {result.requests:,} in {result.seconds:.1f} s")
    print(f"  requests/s           {result.rps:,.0f}")
    print(f"  latency p50/p90/p99  {result.p50_ms:.1f} / {result.p90_ms:.1f} / {result.p99_ms:.1f} ms")
    print(f"  status codes         {statuses or '(not reported)'}")
    print(f"  socket errors        {result.socket_errors}  (connect {result.connect_errors}, read {result.read_errors}, "
          f"write {result.write_errors}, timeout {result.timeouts})   target 0  {ok(result.socket_errors == 0)}")
    print(f"  non-2xx/3xx          {result.non_2xx_3xx}   target 0  {ok(result.non_2xx_3xx == 0)}")
    same = workers_before == workers_after
    print(f"  workers              {'unchanged' if same else f'{workers_before} -> {workers_after}'}; "
          f"master {'alive' if master_alive else 'DIED'}   {ok(same and master_alive)}")
    if incidents:
        print("  gunicorn log:        " + "\n                       ".join(incidents[:10]))
    data = {"when": run_id, "args": vars(args), "paths": PATHS, "workers": len(workers_before),
            "statuses": statuses, "result": result.as_dict(),
            "workers_unchanged": same, "incidents": incidents}
    path = save_json(f"load-{run_id}.json", data)
    print(f"\nresults: {path.relative_to(ROOT)} (gunicorn log: {log_path.relative_to(ROOT)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
