"""Lighthouse scores for the key pages, served by gunicorn exactly as `make run` serves them.

Starts gunicorn on 127.0.0.1:8101 (LOCAL_MODE=1, gunicorn.conf.py), waits for
/healthz, runs Lighthouse 12 (npm, mobile preset with simulated throttling,
Debian's Chromium) on each page, prints a Markdown table of the four category
scores (x100) and writes it to bench/results/lighthouse.md, with the full JSON
reports beside it. Then it stops the gunicorn it started, by its PID, and
nothing else.

Targets: accessibility, best practices and SEO 100 on every page; performance
at least 98. A missed target prints MISS and makes the exit code 1; a tool
that fails to run gives exit code 2. An audit that fails on purpose (BY_DESIGN:
the search page asks search engines not to index it) is listed under the
table and is not a miss; any other failure in the same category still is.
"""
from __future__ import annotations

import argparse
import json
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
RESULTS = ROOT / "bench" / "results"
HOST, PORT = "127.0.0.1", 8101
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"

PAGES = {
    "Home": "/",
    "Article": "/articles/balloon-kyphoplasty/",
    "FAQ": "/faq/",
    "Glossary": "/glossary/",
    "Search page": "/search/",
    "Search results": "/search/?q=cement",
}
CATEGORIES = {"performance": "Performance", "accessibility": "Accessibility",
              "best-practices": "Best practices", "seo": "SEO"}
TARGETS = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}
# Audits that fail on purpose, per page: never counted as a miss, always shown.
BY_DESIGN = {
    ("Search results", "is-crawlable"): "search results are kept out of search engines on purpose, as "
                                        "search engines advise (robots.txt `Disallow: /search/?` and "
                                        "`<meta name=\"robots\" content=\"noindex\">` on results)",
}
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage "
                "--disable-background-networking --disable-component-update --disable-sync --no-first-run")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


def start_gunicorn(port: int) -> subprocess.Popen:
    env = {**os.environ, "LOCAL_MODE": "1", "LOG_LEVEL": "warning"}
    env.pop("DEBUG", None)
    python = ROOT / ".venv" / "bin" / "python"
    subprocess.run([str(python), "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
                   cwd=ROOT, env=env, check=True, timeout=120)
    return subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", "gunicorn.conf.py",
         "--bind", f"{HOST}:{port}", "kyphoplasty_site.wsgi:application"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def wait_for_health(server: subprocess.Popen, base: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}:\n{server.stderr.read()}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    raise RuntimeError(f"{base}/healthz did not answer 200 within {timeout:.0f} s")


def stop(server: subprocess.Popen) -> None:
    """Stop the gunicorn this script started (its master, by PID; the master stops its workers)."""
    if server.poll() is not None:
        return
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


def run_lighthouse(url: str, output: Path) -> dict[str, int | None]:
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={output}",
         "--only-categories=" + ",".join(CATEGORIES), f"--chrome-flags={CHROME_FLAGS}"],
        cwd=ROOT, env=env, check=True, timeout=180)
    report = json.loads(output.read_text())
    if report.get("runtimeError"):
        raise RuntimeError(f"Lighthouse could not test {url}: {report['runtimeError']}")
    scores = {}
    for key in CATEGORIES:
        score = report["categories"][key]["score"]
        scores[key] = None if score is None else round(score * 100)
    return scores


def failed_audits(output: Path, category: str) -> list[str]:
    """The ids of the audits that cost points in one category."""
    report = json.loads(output.read_text())
    return [ref["id"] for ref in report["categories"][category]["auditRefs"]
            if ref.get("weight", 0) and report["audits"][ref["id"]].get("score") is not None
            and report["audits"][ref["id"]]["score"] < 1]


def table(rows: dict[str, dict[str, int | None]]) -> str:
    lines = ["| Page | " + " | ".join(CATEGORIES.values()) + " |",
             "|---|" + "---:|" * len(CATEGORIES)]
    for page, scores in rows.items():
        cells = ["n/a" if scores[key] is None else str(scores[key]) for key in CATEGORIES]
        lines.append(f"| {page} (`{PAGES[page]}`) | " + " | ".join(cells) + " |")
    return "\n".join(lines)


# The export served as a static host would: nginx with the export's own header files, no gunicorn
# (search is the export's own, in the browser).
EXPORT_SERVER = """\
server {{
    listen {host}:{port};
    root {export};
    gzip_static on;
    error_page 404 /404.html;
    location / {{ include {export}/headers.conf; try_files $uri $uri/index.html =404; }}
    location = /404.html {{ include {export}/headers.conf; internal; }}
    location /static/ {{ include {export}/static-headers.conf; }}
}}
"""


class ExportServer:
    """`manage.py export_site` into a temporary folder, served by nginx on 127.0.0.1; stopped by PID."""

    def __init__(self, port: int):
        import tempfile

        from deploy.nginx_check import Nginx
        self.folder = tempfile.TemporaryDirectory(prefix="lighthouse-export-")
        root = Path(self.folder.name)
        root.chmod(0o755)
        env = {**os.environ, "LOCAL_MODE": "1", "LOG_LEVEL": "warning"}
        subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "manage.py", "export_site", str(root / "public")],
                       cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)
        self.nginx = Nginx(root / "nginx", EXPORT_SERVER.format(host=HOST, port=port, export=root / "public"))
        self.nginx.start(port)
        self.pid = self.nginx.process.pid

    def stop(self) -> None:
        self.nginx.stop()
        self.folder.cleanup()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=PORT, help=f"gunicorn port (default {PORT})")
    parser.add_argument("--export", action="store_true",
                        help="test the static export served by nginx (docs/nginx/static.conf without TLS) instead")
    args = parser.parse_args(argv)

    if not LIGHTHOUSE.exists():
        log("node_modules/.bin/lighthouse is missing: run `npm ci` (make lighthouse does it).")
        return 2
    if not port_is_free(args.port):
        log(f"Port {args.port} is in use: stop what runs there or pass --port.")
        return 2
    RESULTS.mkdir(parents=True, exist_ok=True)
    base = f"http://{HOST}:{args.port}"

    started = time.monotonic()
    server = ExportServer(args.port) if args.export else start_gunicorn(args.port)
    name = "nginx serving the export" if args.export else "gunicorn"
    log(f"{name} started (PID {server.pid}) on {base}")
    rows, misses, notes = {}, [], []
    try:
        if not args.export:
            wait_for_health(server, base)
        for page, path in PAGES.items():
            output = RESULTS / f"lighthouse-{page.lower()}.json"
            log(f"Lighthouse: {base}{path}")
            rows[page] = run_lighthouse(base + path, output)
            for key, target in TARGETS.items():
                score = rows[page][key]
                if score is not None and score >= target:
                    continue
                failed = [] if score is None else failed_audits(output, key)
                planned = [audit for audit in failed if (page, audit) in BY_DESIGN]
                notes += [f"- {page} {CATEGORIES[key]} {score}: `{audit}` fails by design: {BY_DESIGN[page, audit]}."
                          for audit in planned]
                if score is None or len(planned) < len(failed):
                    misses.append(f"MISS {page} {CATEGORIES[key]}: {score} < {target}: "
                                  + ", ".join(audit for audit in failed if audit not in planned))
    except (RuntimeError, subprocess.SubprocessError, OSError, json.JSONDecodeError) as error:
        log(f"Lighthouse run failed: {error}")
        return 2
    finally:
        server.stop() if args.export else stop(server)
        log(f"{name} (PID {server.pid}) stopped")

    text = (f"Lighthouse {lighthouse_version()} scores (x100), mobile preset with simulated throttling, "
            f"{name} on {HOST}, {time.strftime('%Y-%m-%d %H:%M')}.\n"
            f"Targets: performance >= {TARGETS['performance']}; accessibility, best practices and SEO 100.\n\n"
            + table(rows) + "\n")
    if notes:
        text += "\n" + "\n".join(notes) + "\n"
    if misses:
        text += "\n" + "\n".join(misses) + "\n"
    print(text)
    written = RESULTS / ("lighthouse-export.md" if args.export else "lighthouse.md")
    written.write_text(text)
    log(f"Written to {written.relative_to(ROOT)} in {time.monotonic() - started:.0f} s")
    return 1 if misses else 0


def lighthouse_version() -> str:
    package = ROOT / "node_modules" / "lighthouse" / "package.json"
    try:
        return json.loads(package.read_text())["version"]
    except (OSError, ValueError, KeyError):
        return "(unknown version)"


if __name__ == "__main__":
    sys.exit(main())
