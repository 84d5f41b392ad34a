"""Shared helpers for the HTTP benchmarks (bench/throughput, bench/load, bench/faults).

Everything here targets 127.0.0.1 only, bounds every run in time, and stops
only the processes it started, by their PID.
"""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

# Starting and stopping the site's servers is shared with deploy/ (servers/processes.py).
from servers.processes import (HOST, PORT_RANGE, ROOT, VENV_BIN, Gunicorn, children_of, cpu_seconds,  # noqa: F401
                               free_ports, log, pid_alive, stop_pid, wait_for_http)

RESULTS = ROOT / "bench" / "results"

# The pages the benchmarks exercise.
PAGES = {
    "article": "/articles/balloon-kyphoplasty/",
    "faq": "/faq/",
    "glossary": "/glossary/",
    "search": "/search/?q=how+long+does+it+take",
}


def results_dir() -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    return RESULTS


def stamp() -> str:
    return time.strftime("%Y%m%d-%H%M%S")


def fetch(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def collectstatic() -> None:
    """Collect static files as `make run` does (without --clear, so a running server is undisturbed)."""
    subprocess.run([str(VENV_BIN / "python"), "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
                   cwd=ROOT, env={**os.environ, "LOCAL_MODE": "1", "LOG_LEVEL": "critical"},
                   check=True, timeout=300)


class Nginx:
    """nginx from a project-local config in a temp dir (RECIPES.md section 5), serving `html/`."""

    CONFIG = """\
worker_processes 2;
pid logs/nginx.pid;
error_log logs/error.log warn;
events {{ worker_connections 1024; }}
http {{
  types {{ text/html html; text/css css; image/svg+xml svg; application/javascript js; }}
  default_type application/octet-stream;
  charset utf-8;
  access_log off;
  sendfile on;
  client_body_temp_path tmp/body; proxy_temp_path tmp/proxy; fastcgi_temp_path tmp/fastcgi;
  uwsgi_temp_path tmp/uwsgi; scgi_temp_path tmp/scgi;
  server {{
    listen {host}:{port};
    root html;
    index index.html;
    location / {{ try_files $uri $uri/ =404; }}
  }}
}}
"""

    def __init__(self, prefix: Path, port: int):
        self.prefix, self.port = prefix, port
        for sub in ("logs", "tmp", "html"):
            (prefix / sub).mkdir(parents=True, exist_ok=True)
        # Run as root, nginx's workers drop to an unprivileged user: they must be able to
        # reach html/ (a TemporaryDirectory is 0700).
        for folder in (prefix.parent, prefix, prefix / "html"):
            if folder.stat().st_uid == os.getuid():
                folder.chmod(folder.stat().st_mode | 0o755)
        (prefix / "nginx.conf").write_text(self.CONFIG.format(host=HOST, port=port))
        self.pid: int | None = None
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def add_page(self, path: str, body: bytes) -> None:
        """Serve `body` at `path` (a directory-style URL; any query string is ignored by nginx)."""
        target = self.prefix / "html" / path.split("?")[0].strip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)

    def start(self) -> "Nginx":
        base = ["nginx", "-p", f"{self.prefix}/", "-c", "nginx.conf", "-e", "logs/error.log"]
        subprocess.run(base + ["-t", "-q"], check=True, timeout=30)
        # In the foreground (daemon off), so the master is our child (its PID is the one in
        # logs/nginx.pid) and is reaped when it stops.
        self.process = subprocess.Popen(base + ["-g", "daemon off;"], stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.pid = self.process.pid
        wait_for_http(self.url + "/", 10, self.process)
        pid_file = self.prefix / "logs" / "nginx.pid"
        if pid_file.read_text().strip() != str(self.pid):
            raise RuntimeError(f"nginx pid file says {pid_file.read_text()!r}, expected {self.pid}")
        return self

    def stop(self) -> None:
        """kill -QUIT the pid in the pid file (graceful stop), as RECIPES.md section 5 does."""
        if self.pid is not None:
            stop_pid(self.pid, signal.SIGQUIT, timeout=15)
            self.pid = None
        if self.process is not None:
            self.process.wait(timeout=10)


# wrk -------------------------------------------------------------------------

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0, "h": 3600000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text.strip())
    if not match:
        raise ValueError(f"cannot read wrk latency {text!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


@dataclass
class WrkResult:
    url: str
    requests: int = 0
    seconds: float = 0.0
    rps: float = 0.0
    p50_ms: float | None = None
    p90_ms: float | None = None
    p99_ms: float | None = None
    connect_errors: int = 0
    read_errors: int = 0
    write_errors: int = 0
    timeouts: int = 0
    non_2xx_3xx: int = 0
    extra: dict = field(default_factory=dict)
    raw: str = ""

    @property
    def socket_errors(self) -> int:
        return self.connect_errors + self.read_errors + self.write_errors + self.timeouts

    @property
    def failed(self) -> int:
        return self.socket_errors + self.non_2xx_3xx

    def as_dict(self) -> dict:
        """The figures, for a results file (wrk's raw output left out)."""
        data = asdict(self)
        del data["raw"]
        data.update(socket_errors=self.socket_errors, failed=self.failed)
        return data


def parse_wrk(output: str, url: str = "") -> WrkResult:
    """Read what we need from wrk's text output (wrk 4.x)."""
    result = WrkResult(url=url, raw=output)
    match = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m|h)", output)
    if not match:
        raise ValueError("wrk output has no 'N requests in T' line:\n" + output)
    result.requests = int(match.group(1))
    result.seconds = _ms(match.group(2) + match.group(3)) / 1000
    match = re.search(r"Requests/sec:\s*([\d.]+)", output)
    result.rps = float(match.group(1)) if match else 0.0
    for percent, name in (("50", "p50_ms"), ("90", "p90_ms"), ("99", "p99_ms")):
        match = re.search(rf"^\s*{percent}%\s+(\S+)", output, re.MULTILINE)
        if match:
            setattr(result, name, _ms(match.group(1)))
    match = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if match:
        (result.connect_errors, result.read_errors, result.write_errors,
         result.timeouts) = (int(g) for g in match.groups())
    match = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if match:
        result.non_2xx_3xx = int(match.group(1))
    return result


class Wrk:
    """One bounded wrk run against 127.0.0.1, started in the background."""

    def __init__(self, url: str, threads: int, connections: int, duration: int, latency: bool = True,
                 script: Path | None = None, timeout: str = "2s", headers: dict | None = None):
        if not url.startswith((f"http://{HOST}:", f"https://{HOST}:")):
            raise ValueError(f"load tests only target {HOST}: {url}")
        self.url, self.duration = url, duration
        command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", timeout]
        if latency:
            command.append("--latency")
        if script is not None:
            command += ["-s", str(script)]
        for name, value in (headers or {}).items():
            command += ["-H", f"{name}: {value}"]
        command.append(url)
        self.command = command
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True)
        self.pid = self.process.pid

    def result(self) -> WrkResult:
        try:
            output, _ = self.process.communicate(timeout=self.duration + 30)
        except subprocess.TimeoutExpired:
            stop_pid(self.pid, signal.SIGKILL, timeout=5)
            output, _ = self.process.communicate()
            raise RuntimeError(f"wrk overran its {self.duration} s run:\n{output}")
        if self.process.returncode != 0:
            raise RuntimeError(f"wrk exited with {self.process.returncode}:\n{output}")
        return parse_wrk(output, self.url)

    def stop(self) -> None:
        if self.process.poll() is None:
            stop_pid(self.pid, signal.SIGTERM, timeout=5)


def run_wrk(url: str, threads: int, connections: int, duration: int, **kwargs) -> WrkResult:
    run = Wrk(url, threads, connections, duration, **kwargs)
    try:
        return run.result()
    finally:
        run.stop()


def install_signal_handlers() -> None:
    """Turn SIGTERM into KeyboardInterrupt, so `finally:` blocks stop what we started."""
    def handler(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")
    signal.signal(signal.SIGTERM, handler)


def save_json(name: str, data) -> Path:
    path = results_dir() / name
    path.write_text(json.dumps(data, indent=2, default=str))
    return path


def ok(condition: bool) -> str:
    return "ok" if condition else "MISS"
