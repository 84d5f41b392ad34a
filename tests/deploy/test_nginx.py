"""The two nginx configurations in docs/nginx/ work as written: deploy/nginx-check runs each on
loopback (TLS with a throwaway certificate, gunicorn behind) and checks what a patient gets."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.nginx


def test_both_nginx_shapes_redirect_send_the_headers_serve_redirect_compress_and_search():
    result = subprocess.run([sys.executable, "-m", "deploy.nginx_check"], cwd=ROOT, capture_output=True, text=True,
                            timeout=300, env={**os.environ, "LOCAL_MODE": "1", "LOG_LEVEL": "warning"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("  ok ") >= 35 and "all checks passed" in result.stdout
