"""gunicorn settings for the site (used by `make run` and in production)."""
import multiprocessing
import os

# PORT (default 8000) on 127.0.0.1, for a reverse proxy on the same host; BIND overrides both.
bind = os.environ.get("BIND") or f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"

# One worker per core with a few threads each: threads keep connections alive
# and share one copy of the content, and more workers than cores only adds
# contention. WEB_CONCURRENCY overrides the worker count.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "4"))

# Load the app once in the master, before forking: wsgi.py reads the content
# there, so workers share one copy and a missing content folder stops the start.
preload_app = True

# Slow clients are a proxy's job; keep worker time bounded.
timeout = 30
graceful_timeout = 10
keepalive = 5
limit_request_line = 8190

# No access log by default: visitors' addresses are not ours to keep.
accesslog = os.environ.get("ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info")
proc_name = "kyphoplasty-site"
