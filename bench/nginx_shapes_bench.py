"""The deployed shapes side by side (run with bench/nginx-shapes): one article served by nginx as a
static file (docs/nginx/static.conf), by nginx in front of gunicorn with its page cache warm
(docs/nginx/proxy.conf), and by gunicorn alone. Both nginx shapes over TLS, as deployed.

Target: the proxy shape at 80% or more of the static file's requests per second.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
from pathlib import Path

from bench.harness import (HOST, ROOT, VENV_BIN, Gunicorn, free_ports, install_signal_handlers, log, ok, run_wrk,
                           save_json, stamp)
from deploy.nginx_check import CONFIGS, SERVER_NAME, Nginx, certificate, fill, request, site_facts, wait_for_gunicorn

ARTICLE = "/articles/balloon-kyphoplasty/"
TARGET = 0.80


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    install_signal_handlers()
    static_root = site_facts()["static_root"]
    results = {}
    with tempfile.TemporaryDirectory(prefix="nginx-shapes-") as tmp:
        folder = Path(tmp)
        folder.chmod(0o755)
        cert, key = certificate(folder)
        export = folder / "public"
        upstream, http_port, https_port = free_ports(3)
        production = {"LOCAL_MODE": "1", "SECURE": "1", "LOG_LEVEL": "warning",
                      "ALLOWED_HOSTS": f"{SERVER_NAME},{HOST}", "SITE_URL": f"https://{SERVER_NAME}:{https_port}"}
        log("exporting the site ...")
        subprocess.run([str(VENV_BIN / "python"), "manage.py", "export_site", str(export)], cwd=ROOT,
                       env={**os.environ, **production}, check=True, capture_output=True, timeout=300)
        gunicorn = Gunicorn("kyphoplasty_site.wsgi:application", upstream, production, folder / "gunicorn.log")
        try:
            wait_for_gunicorn(upstream, gunicorn)
            for shape in ("static", "proxy"):
                values = {"HTTP_LISTEN": f"{HOST}:{http_port}", "HTTPS_LISTEN": f"{HOST}:{https_port}",
                          "HTTPS_PORT_SUFFIX": f":{https_port}", "SERVER_NAME": SERVER_NAME, "CERT": str(cert),
                          "KEY": str(key), "UPSTREAM": f"{HOST}:{upstream}", "EXPORT": str(export),
                          "STATIC_ROOT": static_root, "CACHE_DIR": str(folder / f"cache-{shape}")}
                nginx = Nginx(folder / f"nginx-{shape}", fill((CONFIGS / f"{shape}.conf").read_text(), values))
                nginx.start(http_port)
                try:
                    for _ in range(3):   # warm: nginx's cache (proxy), the file cache (static)
                        request(https_port, ARTICLE, headers={"Accept-Encoding": "gzip"})
                    log(f"wrk {shape} ...")
                    results[shape] = run_wrk(f"https://{HOST}:{https_port}{ARTICLE}", 2, args.connections,
                                             args.duration, headers={"Accept-Encoding": "gzip"})
                finally:
                    nginx.stop()
            log("wrk gunicorn alone ...")
            results["gunicorn"] = run_wrk(f"http://{HOST}:{upstream}{ARTICLE}", 2, args.connections, args.duration,
                                          headers={"Accept-Encoding": "gzip", "X-Forwarded-Proto": "https"})
        finally:
            gunicorn.stop()
    static = results["static"].rps or 1.0
    print(f"{ARTICLE}, wrk -t2 -c{args.connections} -d{args.duration}s, Accept-Encoding: gzip")
    print(f"{'shape':28} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}  vs static")
    for name, label in (("static", "nginx, static file (TLS)"), ("proxy", "nginx + cache, proxy (TLS)"),
                        ("gunicorn", "gunicorn alone (plain)")):
        r = results[name]
        errors = r.socket_errors + r.non_2xx_3xx
        print(f"{label:28} {r.rps:9,.0f} {r.p50_ms or 0:8.2f} {r.p99_ms or 0:8.2f} {errors:7}  {r.rps / static:6.1%}")
    share = results["proxy"].rps / static
    print(f"proxy / static = {share:.1%}   target >= {TARGET:.0%}   {ok(share >= TARGET)}")
    saved = save_json(f"nginx-shapes-{stamp()}.json", {name: r.as_dict() for name, r in results.items()})
    print(f"results: {saved.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
