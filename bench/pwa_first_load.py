"""Benchmark: the PWA's first load in Chromium, as a patient's phone would see it.

    .venv/bin/python bench/pwa_first_load.py [--runs 5]

Serves the app as in production (gunicorn, DEBUG off, collectstatic into a
temporary NECKLINE_VAR_DIR, whitenoise compression) on a temporary SQLite
database, logs a patient in through the API, then opens /#/log in a fresh
Chromium profile per run and prints:
  - bytes transferred on that first load (DevTools' Network.loadingFinished
    encodedDataLength), in total and for HTML + CSS + JS alone (icons, the
    manifest and API answers aside), and what the service worker then precaches;
  - the time from navigation start until the Log screen is usable (its Save
    button visible), on the first load and on a repeat visit (service worker).
Then the same runs again through a TCP proxy that slows every byte, the service
worker's too (bench/slow_link.py: --kbit 1600 each way, --rtt 150 ms), with the CPU
--cpu 4 times slower: the first and the repeat load to a usable Log screen.
Targets: HTML + CSS + JS under 100 KB compressed on first load; through the slow
link (issue 27) the first load under 1.5 s and a repeat load under 400 ms.
Needs Redis (REDIS_URL, default db 15) and Debian's Chromium at /usr/bin/chromium.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Error as PlaywrightError  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from bench.entries_put import EMAIL, PASSWORD, free_port, login  # noqa: E402
from bench.slow_link import SlowLink  # noqa: E402
from config.vapid import generate_pair  # noqa: E402
from tests.frontend.browser import wait_in_page  # noqa: E402

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
APP_CODE = {"Document", "Stylesheet", "Script"}

# Records, in the page's own clock, when the Log screen's Save button first shows.
USABLE_PROBE = """
(() => {
  const check = () => {
    const save = [...document.querySelectorAll("main button")].find((b) => b.textContent.trim() === "Save");
    if (save && save.checkVisibility()) window.__usableAt = performance.now();
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();
"""


def serve(var_dir: Path) -> tuple[subprocess.Popen, str]:
    public_key, private_key = generate_pair()  # DEBUG off needs Web Push keys, unused here
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + "x" * 50,
        "NECKLINE_VAR_DIR": str(var_dir),
        "DATABASE_URL": f"sqlite:///{var_dir / 'bench.sqlite3'}",
        "ALLOWED_HOSTS": "localhost",
        "SECURE_SSL_REDIRECT": "false",
        "VAPID_PUBLIC_KEY": public_key,
        "VAPID_PRIVATE_KEY": private_key,
        "VAPID_SUBJECT": "mailto:bench@example.test",
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15"),
        # The counters are shared with whatever ran on this Redis this minute (another
        # benchmark's thousands of saves from 127.0.0.1): the limits are not measured here.
        "THROTTLE_WRITES_PER_ADDRESS": "1000000/min",
        "THROTTLE_LOGIN_PER_ADDRESS": "1000000/min",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
        "LOG_LEVEL": "WARNING",
    }
    python = sys.executable
    for command in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([python, "manage.py", *command], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [
            python,
            "-c",
            "import django; django.setup(); from diary.models import User; "
            f"User.objects.create_user('{EMAIL}', '{PASSWORD}')",
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    server = subprocess.Popen(
        [python, "-m", "gunicorn", "-c", "config/gunicorn.py", "--log-level", "warning", "config.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    base = f"http://localhost:{port}"
    for _ in range(100):
        try:
            urlopen(f"{base}/api/v1/health/", timeout=2)
            return server, base
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("the server did not start")


def login_cookies(base: str) -> list[dict]:
    """Log in through the API, as the PWA would; return the cookies in the form Playwright takes."""
    header, _token = login(base)
    return [
        {"name": name, "value": value, "url": base} for name, value in (c.split("=", 1) for c in header.split("; "))
    ]


def first_load(browser, base: str, cookies: list[dict], cpu_slowdown: float = 1) -> dict:
    """One fresh profile: open /#/log, wait until usable and the network is quiet, then reload once."""
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, service_workers="allow"
    )
    context.add_cookies(cookies)
    context.add_init_script(USABLE_PROBE)
    worker_bytes = []  # what the service worker fetches to precache the shell

    def precached(request) -> None:
        if request.service_worker:
            try:
                sizes = request.sizes()
            except PlaywrightError:  # finished as the context closed
                return
            worker_bytes.append(sizes["responseBodySize"] + sizes["responseHeadersSize"])

    context.on("requestfinished", precached)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    if cpu_slowdown > 1:
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu_slowdown})
    kinds, transferred = {}, {}
    cdp.on("Network.responseReceived", lambda e: kinds.__setitem__(e["requestId"], (e["type"], e["response"]["url"])))
    cdp.on("Network.loadingFinished", lambda e: transferred.__setitem__(e["requestId"], e["encodedDataLength"]))
    # (data: URLs, such as Chromium's own date-input icons, transfer nothing and are left out.)

    page.goto(f"{base}/#/log")
    usable_ms = wait_in_page(page, "window.__usableAt", 30_000)
    wait_in_page(page, "navigator.serviceWorker.controller !== null", 30_000)
    page.wait_for_load_state("networkidle")
    by_kind = {}
    for request_id, size in transferred.items():
        kind = kinds.get(request_id, ("Other", ""))[0]
        by_kind[kind] = by_kind.get(kind, 0) + size
    files = sorted(
        (size, kinds[rid][1].removeprefix(base))
        for rid, size in transferred.items()
        if rid in kinds and not kinds[rid][1].startswith("data:")
    )

    page.reload()  # a repeat visit, now served by the service worker
    repeat_ms = wait_in_page(page, "window.__usableAt", 30_000)
    context.close()
    return {
        "total": sum(transferred.values()),
        "app": sum(by_kind.get(k, 0) for k in APP_CODE),
        "by_kind": by_kind,
        "usable_ms": usable_ms,
        "repeat_ms": repeat_ms,
        "worker": sum(worker_bytes),
        "files": files,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--kbit", type=float, default=1600, help="the slow link's bandwidth each way, kbit/s")
    parser.add_argument("--rtt", type=float, default=150, help="the slow link's round trip, ms")
    parser.add_argument("--cpu", type=float, default=4, help="CPU slowdown on the slow link (DevTools)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="neckline-bench-") as var_dir:
        server, base = serve(Path(var_dir))
        try:
            cookies = login_cookies(base)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                runs = [first_load(browser, base, cookies) for _ in range(args.runs)]
                # The same through a slow link (issue 27): every byte, the service worker's too.
                upstream = ("127.0.0.1", int(base.rsplit(":", 1)[1]))
                with SlowLink(upstream, kbit_per_s=args.kbit, rtt_ms=args.rtt) as port:
                    slow_base = f"http://localhost:{port}"
                    slow_cookies = [{**cookie, "url": slow_base} for cookie in cookies]
                    slow = [first_load(browser, slow_base, slow_cookies, args.cpu) for _ in range(args.runs)]
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)

    last = runs[-1]
    print(f"First load of /#/log, logged in, fresh Chromium profile, 390x844, gunicorn DEBUG off, {args.runs} runs")
    print("files (bytes transferred, last run):")
    for size, url in last["files"]:
        print(f"  {size:>8,}  {url}")
    print(
        "by DevTools resource type: " + ", ".join(f"{k} {v / 1024:.1f} KB" for k, v in sorted(last["by_kind"].items()))
    )
    print(f"total transferred:          {last['total'] / 1024:.1f} KB")
    print(f"HTML + CSS + JS:            {last['app'] / 1024:.1f} KB  (target < 100 KB compressed)")
    print(f"service worker precache:    {last['worker'] / 1024:.1f} KB  (after the screen is usable)")
    usable = [run["usable_ms"] for run in runs]
    repeat = [run["repeat_ms"] for run in runs]
    print(
        f"Log screen usable (Save visible), from navigation start: median {statistics.median(usable):.0f} ms "
        f"(min {min(usable):.0f}, max {max(usable):.0f})"
    )
    print(
        f"repeat visit through the service worker:                 median {statistics.median(repeat):.0f} ms "
        f"(min {min(repeat):.0f}, max {max(repeat):.0f})"
    )

    usable = [run["usable_ms"] for run in slow]
    repeat = [run["repeat_ms"] for run in slow]
    print(
        f"\nthrough a TCP proxy, {args.kbit:.0f} kbit/s each way, {args.rtt:.0f} ms round trip, "
        f"CPU {args.cpu:g}x slower (all traffic, {last['total'] / 1024:.0f} KB on the first load; its floor, "
        f"those bytes at that rate plus a round trip: {last['total'] * 8 / args.kbit + args.rtt:.0f} ms):"
    )
    print(
        f"  first load to a usable Log screen: median {statistics.median(usable):.0f} ms "
        f"(min {min(usable):.0f}, max {max(usable):.0f}); target < 1500 ms"
    )
    print(
        f"  repeat load:                       median {statistics.median(repeat):.0f} ms "
        f"(min {min(repeat):.0f}, max {max(repeat):.0f}); target < 400 ms"
    )


if __name__ == "__main__":
    main()
