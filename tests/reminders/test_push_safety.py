"""The push sender POSTs only to the one URL the allow-list checked."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from diary.models import PushSubscription
from diary.reminders import webpush
from tests.reminders.conftest import run_pass, set_reminders, utc


class _Counting(BaseHTTPRequestHandler):
    def do_POST(self):
        self.server.hits += 1
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.server.location:
            self.send_response(self.server.status)
            self.send_header("Location", self.server.location)
        else:
            self.send_response(201)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_POST  # a 302 or 303 would be followed with a GET

    def log_message(self, *args):
        pass


def _server(status=0, location=""):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
    server.hits, server.status, server.location = 0, status, location
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_from_the_push_service_is_not_followed(push_endpoint, settings, status):
    inside = _server()  # stands for an internal address the allow-list would refuse
    redirecting = _server(status, f"http://127.0.0.1:{inside.server_address[1]}/admin")
    sub = push_endpoint.subscribe()
    try:
        outcome = webpush.send(
            endpoint=f"http://127.0.0.1:{redirecting.server_address[1]}/push/x",
            p256dh=sub.p256dh,
            auth=sub.auth,
            payload={"title": "t"},
            ttl=60,
        )
    finally:
        for server in (inside, redirecting):
            server.shutdown()
            server.server_close()
    assert outcome is webpush.Outcome.REJECTED
    assert (redirecting.hits, inside.hits) == (1, 0)


def test_a_subscription_stored_before_the_rules_tightened_is_not_sent_to(push_endpoint, patient, settings):
    listening = _server()
    PushSubscription.objects.create(
        user=patient,
        endpoint=f"http://localhost:{listening.server_address[1]}/push/x",
        p256dh=push_endpoint.subscribe().p256dh,
        auth="AAAAAAAAAAAAAAAAAAAAAA",
    )
    set_reminders(patient, now=utc(2026, 11, 20, 12, 0))
    try:
        run_pass(utc(2026, 11, 21, 7, 0))
    finally:
        listening.shutdown()
        listening.server_close()
    assert listening.hits == 0
