"""Process fault under load: kill a gunicorn worker mid-run (run with bench/faults; issue 8).

gunicorn starts as `make run` starts it (gunicorn.conf.py, LOCAL_MODE=1, port
through PORT) with WEB_CONCURRENCY=2, on a free port in 8201-8299. wrk drives
it from 127.0.0.1 (-t2 -c16 -d20s, bench/rotate.lua). About 7 s in, one worker
(a child of the master we started, found through /proc: the one holding
the most connections) is killed with SIGKILL. Just before the kill, the TCP connections that worker holds are
counted: every wrk connection has one request outstanding, so that count is
the most requests the kill can fail.

Targets: the master replaces the worker (a new worker PID appears and the count
is back to 2 within 5 s); failed requests (socket errors + non-2xx/3xx) no more
than the connections the killed worker held (with gthread's 4 threads, ~4-16);
and the site answers normally afterwards. Everything started is stopped by PID.
Missed targets print MISS; the exit code is non-zero only when something fails
to run.
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
import time

from bench.harness import (ROOT, Gunicorn, Wrk, collectstatic, fetch, free_ports, install_signal_handlers, log, ok,
                           results_dir, save_json, stamp)

SCRIPT = ROOT / "bench" / "rotate.lua"
WORKERS = 2
REPLACE_WITHIN = 5.0


def established_connections(pid: int, port: int) -> int:
    """TCP connections to `port` in state ESTABLISHED that process `pid` holds open."""
    inodes = set()
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    except OSError:
        return 0
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as lines:
                next(lines)
                for line in lines:
                    fields = line.split()
                    local_port = int(fields[1].rsplit(":", 1)[1], 16)
                    if local_port == port and fields[3] == "01" and fields[9] in inodes:
                        count += 1
        except OSError:
            continue
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=20, help="seconds of load (default 20)")
    parser.add_argument("--kill-after", type=float, default=7.0, help="seconds into the run (default 7)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    if not 0 < args.kill_after < args.duration - REPLACE_WITHIN:
        parser.error("--kill-after must leave the run at least 5 s after the kill")
    install_signal_handlers()

    log("collectstatic ...")
    collectstatic()
    port, = free_ports(1, start=8251)
    run_id = stamp()
    log_path = results_dir() / f"faults-{run_id}-gunicorn.log"
    site = Gunicorn("kyphoplasty_site.wsgi:application", port,
                    {"LOCAL_MODE": "1", "PORT": str(port), "WEB_CONCURRENCY": str(WORKERS)},
                    log_path, use_bind_flag=False)
    wrk = None
    timeline = []
    try:
        log(f"starting gunicorn (pid {site.pid}, {WORKERS} workers) on 127.0.0.1:{port} ...")
        site.wait_ready()
        before = site.workers()
        if len(before) != WORKERS:
            raise RuntimeError(f"expected {WORKERS} workers, found {before}")
        status, _, _ = fetch(site.url + "/")
        if status != 200:
            raise RuntimeError(f"/ answered {status} before the run")

        log(f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s; SIGKILL one worker at "
            f"{args.kill_after:.0f} s ...")
        wrk = Wrk(site.url, args.threads, args.connections, args.duration, script=SCRIPT)
        started = time.monotonic()
        time.sleep(args.kill_after)

        workers = site.workers()
        held = {pid: established_connections(pid, port) for pid in workers}
        victim = max(workers, key=lambda pid: held[pid])  # the worker holding the most connections
        os.kill(victim, signal.SIGKILL)  # a child of the master we started
        killed_at = time.monotonic()
        timeline.append((killed_at - started, f"SIGKILL worker {victim} (holding {held[victim]} connections; "
                                              f"other worker: {sum(held.values()) - held[victim]})"))

        replacement, replaced_after = None, None
        while time.monotonic() - killed_at < REPLACE_WITHIN * 2:
            now = site.workers()
            new = [pid for pid in now if pid not in workers]
            if new and replacement is None:
                replacement = new[0]
                timeline.append((time.monotonic() - started, f"new worker {replacement} appeared"))
            if replacement is not None and len(now) == WORKERS and victim not in now:
                replaced_after = time.monotonic() - killed_at
                timeline.append((time.monotonic() - started, f"worker count back to {WORKERS}: {now}"))
                break
            time.sleep(0.05)

        result = wrk.result()
        after = site.workers()
        status_after, _, _ = fetch(site.url + "/articles/balloon-kyphoplasty/")
        master_alive = site.process.poll() is None
    finally:
        if wrk is not None:
            wrk.stop()
        site.stop()

    statuses = next((line.split(":", 1)[1].strip() for line in result.raw.splitlines()
                     if line.startswith("Status codes:")), "")
    log_lines = [line for line in log_path.read_text(errors="replace").splitlines()
                 if any(word in line for word in ("SIGKILL", "Booting worker", "WORKER TIMEOUT", "Traceback",
                                                  "ERROR", "CRITICAL"))]
    in_flight = held[victim]
    failed = result.failed

    print(f"\nFault test: SIGKILL one of {WORKERS} gunicorn workers under load  ({time.strftime('%Y-%m-%d %H:%M')}, "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f})")
    print(f"gunicorn.conf.py as `make run` (gthread), WEB_CONCURRENCY={WORKERS}, master pid {site.pid}; "
          f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s --timeout 2s -s bench/rotate.lua "
          f"on 127.0.0.1:{port}\n")
    for at, event in timeline:
        print(f"  t={at:5.2f} s  {event}")
    print()
    print(f"  workers before/after     {before} -> {after}")
    replaced_ok = replaced_after is not None and replaced_after <= REPLACE_WITHIN and len(after) == WORKERS
    print(f"  replaced                 {'in %.2f s' % replaced_after if replaced_after is not None else 'NO'}"
          f"   target: within {REPLACE_WITHIN:.0f} s, back to {WORKERS} workers  {ok(replaced_ok)}")
    print(f"  total requests           {result.requests:,} ({result.rps:,.0f}/s; p50 {result.p50_ms:.1f} ms, "
          f"p99 {result.p99_ms:.1f} ms)")
    print(f"  status codes             {statuses or '(not reported)'}")
    print(f"  socket errors            {result.socket_errors} (connect {result.connect_errors}, read "
          f"{result.read_errors}, write {result.write_errors}, timeout {result.timeouts})")
    print(f"  non-2xx/3xx              {result.non_2xx_3xx}")
    print(f"  failed requests          {failed}   in flight at the kill (connections the worker held): "
          f"{in_flight}   target: failed <= in flight  {ok(failed <= in_flight)}")
    print(f"  after the run            article answered {status_after}; master "
          f"{'alive' if master_alive else 'DIED'}  {ok(status_after == 200 and master_alive)}")
    if log_lines:
        print("  gunicorn log:\n    " + "\n    ".join(log_lines[-8:]))
    data = {"when": run_id, "args": vars(args), "master": site.pid, "before": before, "after": after,
            "victim": victim, "held": held, "replacement": replacement, "replaced_after_s": replaced_after,
            "statuses": statuses, "result": result.as_dict(),
            "timeline": timeline, "log": log_lines}
    path = save_json(f"faults-{run_id}.json", data)
    print(f"\nresults: {path.relative_to(ROOT)} (gunicorn log: {log_path.relative_to(ROOT)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
