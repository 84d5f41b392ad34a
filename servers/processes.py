"""Starting and stopping the site's own servers on 127.0.0.1, for bench/ and deploy/.

Every server here listens on 127.0.0.1 only, every wait is bounded in time, and
only the processes started here are stopped, by their PID.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
HOST = "127.0.0.1"
PORT_RANGE = range(8201, 8300)  # ports reserved for the benchmarks and checks


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def free_ports(count: int, start: int = PORT_RANGE.start) -> list[int]:
    """`count` ports in 8201-8299 that nothing listens on, searching from `start`."""
    found = []
    for port in list(range(start, PORT_RANGE.stop)) + list(range(PORT_RANGE.start, start)):
        with socket.socket() as probe:
            try:
                probe.bind((HOST, port))
            except OSError:
                continue
        found.append(port)
        if len(found) == count:
            return found
    raise SystemExit(f"no {count} free ports in {PORT_RANGE.start}-{PORT_RANGE.stop - 1}")


def wait_for_http(url: str, timeout: float, process: subprocess.Popen | None = None) -> None:
    """Wait until `url` answers (any HTTP status), or fail."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited with code {process.returncode} before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


def pid_alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def children_of(pid: int) -> list[int]:
    """Live child PIDs of `pid`, read from /proc."""
    children = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[1]) == pid:
            children.append(int(entry))
    return sorted(children)


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time used so far by these processes (those still running)."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


def stop_pid(pid: int, sig: int = signal.SIGTERM, timeout: float = 15.0) -> None:
    """Signal one process we started, wait for it, and SIGKILL it by PID if it lingers."""
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and pid_alive(pid):
        time.sleep(0.1)
    if pid_alive(pid):
        log(f"pid {pid} did not stop after {timeout:.0f} s; sending SIGKILL")
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


class Gunicorn:
    """A gunicorn master we started; stopped by its PID (and leftover workers by theirs)."""

    def __init__(self, app: str, port: int, env: dict, log_path: Path, use_bind_flag: bool = True):
        self.port = port
        self.log_path = log_path
        command = [str(VENV_BIN / "gunicorn"), "-c", "gunicorn.conf.py"]
        if use_bind_flag:
            command += ["--bind", f"{HOST}:{port}"]
        command.append(app)
        self.log_file = open(log_path, "w")
        merged = {**os.environ, **env}
        # gunicorn.conf.py: WEB_CONCURRENCY workers, else one per CPU.
        self.expected_workers = int(merged.get("WEB_CONCURRENCY") or os.cpu_count() or 1)
        self.process = subprocess.Popen(command, cwd=ROOT, env=merged, stdin=subprocess.DEVNULL,
                                        stdout=self.log_file, stderr=subprocess.STDOUT)
        self.pid = self.process.pid

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def wait_ready(self, timeout: float = 120) -> "Gunicorn":
        """Wait until it answers and all its workers are up (gunicorn forks them one by one)."""
        deadline = time.monotonic() + timeout
        wait_for_http(self.url + "/healthz", timeout, self.process)
        while len(self.workers()) < self.expected_workers:
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"gunicorn has {len(self.workers())} of {self.expected_workers} workers")
            time.sleep(0.1)
        time.sleep(0.5)  # let the last worker reach its accept loop
        return self

    def workers(self) -> list[int]:
        return children_of(self.pid)

    def stop(self) -> None:
        if self.process.poll() is None:
            workers = self.workers()
            stop_pid(self.pid, signal.SIGTERM, timeout=15)
            self.process.wait(timeout=5)
            for worker in workers:  # normally already gone with the master
                if pid_alive(worker):
                    stop_pid(worker, signal.SIGKILL, timeout=5)
        self.log_file.close()


