"""A local Web Push service on 127.0.0.1, playing both the push service and the browser.

`subscribe()` makes a subscription the way a browser does (a fresh P-256 key
pair and a 16-byte auth secret). Every POST is checked like a real push
service would: the VAPID `Authorization: vapid t=<JWT>,k=<key>` header (ES256
signature verified with the key, aud = this origin, exp in the future and
within 24 hours, sub present), then the body is decrypted with http_ece
(aes128gcm) using the subscription's private key. Anything wrong lands in
`errors`, which the tests assert is empty.

It can be told to answer differently per subscription: `script(sub, [410])`,
`script(sub, [(429, {"Retry-After": "0"}), 201])`; then 201 again.

With `decrypt=False` (the benchmark) it only counts deliveries per subscription.

With `delay=` seconds (the failure drills; the benchmark, 50 ms by default) it
answers slowly, like a push service far away: each request waits that long before
it is accepted, and one whose sender went away meanwhile (a worker killed mid-send)
is dropped, not delivered. `most_in_flight` counts the most requests held at once.
"""

import base64
import json
import os
import select
import socket
import sys
import threading
import time
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Subscription:
    token: str
    endpoint: str
    private_key: ec.EllipticCurvePrivateKey
    auth_secret: bytes

    @property
    def p256dh(self) -> str:
        point = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return b64url(point)

    @property
    def auth(self) -> str:
        return b64url(self.auth_secret)

    def as_json(self) -> dict:
        """What the browser's PushSubscription.toJSON() gives."""
        return {"endpoint": self.endpoint, "expirationTime": None, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


@dataclass
class Message:
    token: str
    payload: dict
    claims: dict
    headers: dict
    body: bytes = b""  # as received, encrypted


@dataclass
class PushEndpoint:
    vapid_public_key: str
    decrypt: bool = True
    subscriptions: dict[str, Subscription] = field(default_factory=dict)
    messages: list[Message] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    attempts: Counter = field(default_factory=Counter)
    last_delivery: float = 0.0
    _scripts: dict = field(default_factory=lambda: defaultdict(deque))
    _lock: threading.Lock = field(default_factory=threading.Lock)
    origin: str = ""
    delay: float = 0.0
    abandoned: int = 0
    in_flight: int = 0
    most_in_flight: int = 0  # the most requests held at once: a sender's concurrency

    def subscribe(self) -> Subscription:
        token = b64url(os.urandom(12))
        if self.decrypt:
            key = ec.generate_private_key(ec.SECP256R1())
        else:  # the benchmark: one key for all, it never decrypts
            key = self.__dict__.setdefault("_shared_key", ec.generate_private_key(ec.SECP256R1()))
        sub = Subscription(token, f"{self.origin}/push/{token}", key, os.urandom(16))
        self.subscriptions[token] = sub
        return sub

    def script(self, sub: Subscription, answers: list) -> None:
        for answer in answers:
            status, headers = answer if isinstance(answer, tuple) else (answer, {})
            self._scripts[sub.token].append((status, headers))

    def payloads_for(self, sub: Subscription) -> list[dict]:
        return [m.payload for m in self.messages if m.token == sub.token]

    # --- Checks a real push service and browser would make ---------------------------

    def _check_vapid(self, authorization: str) -> dict:
        scheme, _, params = authorization.partition(" ")
        if scheme.lower() != "vapid":
            raise ValueError(f"Authorization scheme is {scheme!r}, not vapid")
        parts = dict(item.split("=", 1) for item in params.split(","))
        if parts.get("k") != self.vapid_public_key:
            raise ValueError("k is not the server's VAPID public key")
        header_b64, claims_b64, signature_b64 = parts["t"].split(".")
        header = json.loads(unb64url(header_b64))
        if header.get("alg") != "ES256":
            raise ValueError(f"JWT alg is {header.get('alg')!r}")
        signature = unb64url(signature_b64)
        public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(parts["k"]))
        der = encode_dss_signature(int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big"))
        try:
            public.verify(der, f"{header_b64}.{claims_b64}".encode(), ec.ECDSA(hashes.SHA256()))
        except InvalidSignature:
            raise ValueError("bad VAPID signature") from None
        claims = json.loads(unb64url(claims_b64))
        if claims.get("aud") != self.origin:
            raise ValueError(f"aud is {claims.get('aud')!r}, not {self.origin!r}")
        if not time.time() < claims.get("exp", 0) <= time.time() + 24 * 3600:
            raise ValueError("exp is not within the next 24 hours")
        if not claims.get("sub"):
            raise ValueError("sub is missing")
        return claims

    def handle(self, path: str, headers: dict, body: bytes) -> tuple[int, dict]:
        token = path.rsplit("/", 1)[-1]
        with self._lock:
            self.attempts[token] += 1
            scripted = self._scripts[token].popleft() if self._scripts[token] else (201, {})
        sub = self.subscriptions.get(token)
        if sub is None:
            return 404, {}
        if scripted[0] >= 300:
            return scripted
        if not self.decrypt:
            with self._lock:
                self.counts[token] += 1
                self.last_delivery = time.time()
            return scripted
        try:
            claims = self._check_vapid(headers.get("authorization", ""))
            if headers.get("content-encoding") != "aes128gcm" or "ttl" not in headers:
                raise ValueError("missing Content-Encoding: aes128gcm or TTL")
            plain = http_ece.decrypt(
                body, private_key=sub.private_key, auth_secret=sub.auth_secret, version="aes128gcm"
            )
            message = Message(token, json.loads(plain), claims, headers, body)
        except Exception as exc:  # every failure is reported to the test
            with self._lock:
                self.errors.append(f"{type(exc).__name__}: {exc}")
            return 400, {}
        with self._lock:
            self.messages.append(message)
            self.counts[token] += 1
            self.last_delivery = time.time()
        return scripted


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real push services do

    def do_POST(self):  # noqa: N802 - the http.server API
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        endpoint = self.server.endpoint
        with endpoint._lock:
            endpoint.in_flight += 1
            endpoint.most_in_flight = max(endpoint.most_in_flight, endpoint.in_flight)
        try:
            waited = not endpoint.delay or self._sender_waited(endpoint.delay)
        finally:
            with endpoint._lock:
                endpoint.in_flight -= 1
        if not waited:
            with endpoint._lock:
                endpoint.abandoned += 1
            self.close_connection = True
            return
        headers = {key.lower(): value for key, value in self.headers.items()}
        status, extra = self.server.endpoint.handle(self.path, headers, body)
        self.send_response(status)
        for key, value in extra.items():
            self.send_header(key, value)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _sender_waited(self, seconds: float) -> bool:
        """Wait; then is the sender still connected? (A closed socket reads as empty.)"""
        time.sleep(seconds)
        readable, _, _ = select.select([self.connection], [], [], 0)
        try:
            return not readable or self.connection.recv(1, socket.MSG_PEEK) != b""
        except OSError:
            return False

    def log_message(self, *args):
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256

    def handle_error(self, request, client_address):
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # a sender that died mid-request (the failure drills kill workers)
        super().handle_error(request, client_address)


def start(vapid_public_key: str, decrypt: bool = True, delay: float = 0.0) -> tuple[PushEndpoint, _Server]:
    server = _Server(("127.0.0.1", 0), _Handler)
    endpoint = PushEndpoint(
        vapid_public_key=vapid_public_key,
        decrypt=decrypt,
        delay=delay,
        origin=f"http://127.0.0.1:{server.server_address[1]}",
    )
    server.endpoint = endpoint
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return endpoint, server
