"""A bare WSGI app: the ceiling for the Django site under the same gunicorn settings.

It serves responses captured from the Django site (by bench/throughput):
the same status, headers and body, and does nothing else: no routing
framework, no middleware, no templates. BARE_WSGI_DIR names a folder with
manifest.json, mapping each path (without query string) to
{"file": ..., "status": 200, "headers": [[name, value], ...]}.

    BARE_WSGI_DIR=DIR .venv/bin/gunicorn -c gunicorn.conf.py --bind 127.0.0.1:PORT bench.bare_wsgi:application
"""
import json
import os
from pathlib import Path

_ROOT = Path(os.environ["BARE_WSGI_DIR"])
_PAGES = {}
for _path, _entry in json.loads((_ROOT / "manifest.json").read_text()).items():
    _body = (_ROOT / _entry["file"]).read_bytes()
    _PAGES[_path] = ([(name, value) for name, value in _entry["headers"]], _body)
_NOT_FOUND = [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", "10")]


def application(environ, start_response):
    page = _PAGES.get(environ.get("PATH_INFO", ""))
    if page is None:
        start_response("404 Not Found", _NOT_FOUND)
        return [b"not found\n"]
    start_response("200 OK", page[0])
    return [page[1]]
