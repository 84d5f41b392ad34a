"""Run the two nginx configurations in docs/nginx/ on loopback and check what a patient gets.

For each shape (`proxy`: nginx in front of gunicorn, caching pages; `static`: nginx serving
`manage.py export_site`'s folder, search sent to gunicorn) this starts gunicorn and nginx on
127.0.0.1 with a throwaway self-signed certificate, then checks: HTTP redirects to HTTPS,
the security headers, a page, the 404 page, an old address's redirect, a short link,
compressed responses, search, and (proxy) that nginx answers a second request from its
cache. Everything it starts it stops, by PID. Exit code 1 when a check fails.
"""
from __future__ import annotations

import argparse
import gzip
import http.client
import os
import re
import signal
import ssl
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from servers.processes import HOST, ROOT, VENV_BIN, Gunicorn, free_ports, stop_pid

CONFIGS = ROOT / "docs" / "nginx"
SERVER_NAME = "spine.test"
MIME_TYPES = "/etc/nginx/mime.types"


def fill(template: str, values: dict[str, str]) -> str:
    text = template
    for name, value in values.items():
        text = text.replace("{{" + name + "}}", value)
    left = re.findall(r"\{\{[A-Z_]+\}\}", text)
    if left:
        raise ValueError(f"unfilled placeholders: {left}")
    return text


def certificate(folder: Path) -> tuple[Path, Path]:
    """A throwaway self-signed certificate for the test name, valid one day."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    f"/CN={SERVER_NAME}", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=60)
    return cert, key


class Nginx:
    """nginx with a server block from docs/nginx/, in its own prefix; stopped by its PID."""

    def __init__(self, prefix: Path, server_block: str):
        self.prefix = prefix
        for sub in ("logs", "tmp"):
            (prefix / sub).mkdir(parents=True, exist_ok=True)
        # Run as root (as CI and many containers do), nginx's workers would drop to an unprivileged
        # user that cannot read a checkout in a private (0700) folder, such as root's home; this
        # throwaway nginx on loopback keeps root's rights instead. Deployments use docs/nginx/ as is.
        user = "user root;\n" if os.geteuid() == 0 else ""
        (prefix / "nginx.conf").write_text(f"""\
{user}worker_processes 1;
pid logs/nginx.pid;
error_log logs/error.log warn;
events {{ worker_connections 256; }}
http {{
  include {MIME_TYPES};
  default_type application/octet-stream;
  charset utf-8;
  access_log off;
  client_body_temp_path tmp/body; proxy_temp_path tmp/proxy; fastcgi_temp_path tmp/fastcgi;
  uwsgi_temp_path tmp/uwsgi; scgi_temp_path tmp/scgi;
{server_block}
}}
""")
        self.process: subprocess.Popen | None = None

    def start(self, http_port: int) -> "Nginx":
        base = ["nginx", "-p", f"{self.prefix}/", "-c", "nginx.conf", "-e", "logs/error.log"]
        tested = subprocess.run(base + ["-t", "-q"], capture_output=True, text=True, timeout=30)
        if tested.returncode:
            raise RuntimeError(f"nginx -t: {tested.stderr.strip()}")
        # In the foreground, so the master is our child and is stopped by its PID.
        self.process = subprocess.Popen(base + ["-g", "daemon off;"], stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 15
        while True:   # any answer will do: this one is a redirect, which urllib would follow
            try:
                request(http_port, "/", tls=False)
                return self
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError(f"nginx did not answer: {(self.prefix / 'logs/error.log').read_text()}")
                time.sleep(0.1)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            stop_pid(self.process.pid, signal.SIGQUIT, timeout=15)   # a graceful stop
            self.process.wait(timeout=10)


def request(port: int, path: str, tls: bool = True, headers: dict | None = None):
    """(status, headers, body) from nginx on loopback, as a browser asking for the test name would."""
    if tls:
        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE   # the throwaway certificate
        connection = http.client.HTTPSConnection(HOST, port, timeout=20, context=context)
    else:
        connection = http.client.HTTPConnection(HOST, port, timeout=20)
    connection.request("GET", path, headers={"Host": SERVER_NAME, **(headers or {})})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, response.headers, body


def wait_for_gunicorn(port: int, gunicorn: Gunicorn, timeout: float = 60) -> None:
    """Until /healthz answers 200, asked as nginx asks (plain HTTP, saying the visitor used HTTPS)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and gunicorn.process.poll() is None:
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=5)
            connection.request("GET", "/healthz", headers={"Host": SERVER_NAME, "X-Forwarded-Proto": "https"})
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer: {gunicorn.log_path.read_text()[-2000:]}")


def same_header(name: str, sent: str | None, expected: str) -> bool:
    """Equal; a Content-Security-Policy by its directives (django-csp's order differs between processes)."""
    if name == "Content-Security-Policy" and sent is not None:
        return {d.strip() for d in sent.split(";")} == {d.strip() for d in expected.split(";")}
    return sent == expected


def django_headers(export: Path) -> dict[str, str]:
    """What the live site sends with a page, as the export wrote it down (headers.conf)."""
    text = (export / "headers.conf").read_text()
    return {name: value.replace('\\"', '"')
            for name, value in re.findall(r'^add_header (\S+) "((?:[^"\\]|\\.)*)" always;$', text, flags=re.M)}


def check_shape(shape: str, ports: dict[str, int], values: dict[str, str], export: Path, facts: dict) -> list[str]:
    """Every check for one shape; returns the failures, each a sentence."""
    failures: list[str] = []

    def expect(condition: bool, what: str) -> None:
        print(f"  {'ok  ' if condition else 'FAIL'} {what}")
        if not condition:
            failures.append(f"{shape}: {what}")

    https, http_port = ports["https"], ports["http"]
    status, headers, _ = request(http_port, "/faq/", tls=False)
    expect(status == 301 and headers["Location"] == f"https://{SERVER_NAME}:{https}/faq/",
           f"http://…/faq/ redirects to HTTPS ({status} {headers.get('Location')})")

    status, headers, body = request(https, "/")
    expect(status == 200 and b"<h1" in body, f"the home page answers ({status})")
    for name, value in django_headers(export).items():
        if name != "Cache-Control" or shape == "static":
            sent = headers.get(name)
            expect(same_header(name, sent, value), f"{name} as Django sends it"
                   + ("" if same_header(name, sent, value) else f": {sent!r} against {value!r}"))
    expect(headers.get("Cache-Control", "").startswith("public"), f"pages may be kept ({headers.get('Cache-Control')})")

    status, _, body = request(https, facts["article"])
    expect(status == 200 and facts["article_title"].encode() in body, f"an article answers ({status})")

    status, headers, body = request(https, "/no-such-page/")
    expect(status == 404 and b"Page not found" in body, f"an unknown address gets the 404 page ({status})")
    expect("Content-Security-Policy" in headers, "the 404 page carries the security headers")

    status, headers, _ = request(https, facts["old_address"])
    if status == 301 and headers.get("Location", "").endswith(facts["old_address"] + "/"):
        status, headers, _ = request(https, facts["old_address"] + "/")   # Django adds the slash first
    expect(status in (301, 302) and headers.get("Location", "").endswith(facts["article"]),
           f"an old address {facts['old_address']} redirects to its article ({status} {headers.get('Location')})")

    status, headers, _ = request(https, facts["short_link"])
    expect(status in (301, 302) and headers.get("Location", "").endswith(facts["short_target"]),
           f"a short link leads to its article ({status} {headers.get('Location')})")

    status, headers, body = request(https, facts["article"], headers={"Accept-Encoding": "gzip"})
    expect(status == 200 and headers.get("Content-Encoding") == "gzip" and b"<h1" in gzip.decompress(body),
           f"pages come compressed ({headers.get('Content-Encoding')})")
    status, headers, _ = request(https, facts["stylesheet"], headers={"Accept-Encoding": "gzip"})
    expect(status == 200 and "immutable" in headers.get("Cache-Control", ""),
           f"static files are kept for good ({headers.get('Cache-Control')})")

    status, _, body = request(https, "/search/?q=how+long+does+kyphoplasty+take")
    expect(status == 200 and b"search-result" in body, f"search answers ({status})")

    if shape == "proxy":
        page = "/glossary/"
        request(https, page)
        _, headers, _ = request(https, page)
        expect(headers.get("X-Cache-Status") == "HIT", f"nginx answers a repeated page from its cache "
                                                       f"({headers.get('X-Cache-Status')})")
    return failures


def site_facts() -> dict:
    """Addresses to check, from the loaded content (so a content change cannot break the check)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kyphoplasty_site.settings")
    import django
    django.setup()
    from django.templatetags.static import static

    from django.conf import settings

    from kyphoplasty_site.site import library
    lib = library()
    code, short_slug = sorted(lib.short_links.items())[0]
    if lib.aliases:   # an article's old name
        old, slug = sorted(lib.aliases.items())[0]
        old_address = f"/articles/{old}/"
    else:             # else the short link as printed before December 2026, without its slash
        old_address, slug = f"/go/{code}", short_slug
    article = lib.articles[slug]
    return {"article": article.url, "article_title": article.title, "old_address": old_address,
            "short_link": f"/go/{code}/", "short_target": lib.articles[short_slug].url,
            "stylesheet": static("css/site.css"), "static_root": str(settings.STATIC_ROOT)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shape", choices=["proxy", "static", "both"], default="both")
    args = parser.parse_args()
    facts = site_facts()
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="nginx-check-") as tmp:
        folder = Path(tmp)
        folder.chmod(0o755)   # nginx's workers (an unprivileged user when run as root) read from here
        cert, key = certificate(folder)
        export = folder / "public"
        upstream_port, http_port, https_port = free_ports(3)
        # Production's HTTPS settings (HSTS, the proxy's X-Forwarded-Proto), with a throwaway key.
        production = {"LOCAL_MODE": "1", "SECURE": "1", "LOG_LEVEL": "warning", "WEB_CONCURRENCY": "1",
                      "ALLOWED_HOSTS": f"{SERVER_NAME},{HOST}", "SITE_URL": f"https://{SERVER_NAME}:{https_port}"}
        subprocess.run([str(VENV_BIN / "python"), "manage.py", "export_site", str(export)], cwd=ROOT,
                       env={**os.environ, **production}, check=True, capture_output=True, timeout=300)
        gunicorn = Gunicorn("kyphoplasty_site.wsgi:application", upstream_port, production, folder / "gunicorn.log")
        wait_for_gunicorn(upstream_port, gunicorn)
        try:
            for shape in (["proxy", "static"] if args.shape == "both" else [args.shape]):
                print(f"{shape}: nginx on https://{HOST}:{https_port} (and http on {http_port})")
                values = {"HTTP_LISTEN": f"{HOST}:{http_port}", "HTTPS_LISTEN": f"{HOST}:{https_port}",
                          "HTTPS_PORT_SUFFIX": f":{https_port}", "SERVER_NAME": SERVER_NAME,
                          "CERT": str(cert), "KEY": str(key), "UPSTREAM": f"{HOST}:{upstream_port}",
                          "STATIC_ROOT": facts["static_root"], "EXPORT": str(export),
                          "CACHE_DIR": str(folder / f"cache-{shape}")}
                block = fill((CONFIGS / f"{shape}.conf").read_text(), values)
                nginx = Nginx(folder / f"nginx-{shape}", block).start(http_port)
                try:
                    failures += check_shape(shape, {"http": http_port, "https": https_port}, values, export, facts)
                finally:
                    nginx.stop()
        finally:
            gunicorn.stop()
    print("all checks passed" if not failures else f"{len(failures)} checks failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
