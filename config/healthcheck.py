"""The container's health check: `python config/healthcheck.py` exits 0 while the web
process answers /api/v1/health/ with 200 (it answers 503 while the database is away).

Plain HTTP to 127.0.0.1, as a load balancer probes: the health endpoint is exempt from
the HTTPS redirect and from the host check (config/middleware.py). Standard library only,
so a check costs no Django start-up."""

import os
import sys
import urllib.request

URL = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/api/v1/health/"

if __name__ == "__main__":
    try:
        with urllib.request.urlopen(URL, timeout=4) as response:
            sys.exit(0 if response.status == 200 else 1)
    except OSError as exc:  # refused, timed out, or an HTTP error status
        sys.exit(f"unhealthy: {exc}")
