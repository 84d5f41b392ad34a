"""Calling a WSGI app directly, as a server would, for tests of what reaches the wire."""
import io
import sys
from wsgiref.util import setup_testing_defaults


def call(app, path, method="GET", query="", scheme="http", **headers):
    """One request straight through a WSGI app: (status, headers, body)."""
    status, response_headers, body, _ = call_with_environ(app, path, method, query, scheme, **headers)
    return status, response_headers, body


def call_with_environ(app, path, method="GET", query="", scheme="http", **headers):
    """As call(), also returning the environ the app was given (to tell which requests reached it)."""
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query,
               "wsgi.input": io.BytesIO(b""), "wsgi.errors": sys.stderr, "wsgi.url_scheme": scheme,
               "HTTP_HOST": "127.0.0.1", **{f"HTTP_{k.upper()}": v for k, v in headers.items()}}
    setup_testing_defaults(environ)
    captured = {}

    def start_response(status, response_headers, exc_info=None):
        captured["status"], captured["headers"] = status, dict(response_headers)

    body = b"".join(app(environ, start_response))
    return int(captured["status"][:3]), captured["headers"], body, environ
