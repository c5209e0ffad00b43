"""What one push message carries (issue 27: the CPU per push, with every message still
one a phone can read): RFC 8291's encryption (http_ece's), with a fresh sender key
and salt per message, and one VAPID signature per push service and hour instead of
one per message. The local push service decrypts every message and verifies every
signature."""

from django.conf import settings as django_settings

from config.vapid import b64url_decode
from diary.reminders import webpush
from tests import push_endpoint as local_push


def _parts(body: bytes) -> tuple[bytes, bytes]:
    """An aes128gcm body's salt and sender public key (RFC 8188 section 2.1):
    salt (16) | record size (4) | key length (1) | the sender's public key."""
    return body[:16], body[21 : 21 + body[20]]


def test_every_message_sent_is_read_by_the_phone_under_a_fresh_sender_key_and_salt(push_endpoint):
    phones = [push_endpoint.subscribe() for _ in range(2)]
    sends = [(phone, n) for n, phone in enumerate(phones + phones)]  # two messages to each phone
    assert [_send(push_endpoint, phone, n) for phone, n in sends] == [webpush.Outcome.SENT] * 4

    assert push_endpoint.errors == []  # the phone's side (http_ece) decrypted every body
    assert [push_endpoint.payloads_for(phone) for phone in phones] == [[{"n": 0}, {"n": 2}], [{"n": 1}, {"n": 3}]]
    salts, senders = zip(*(_parts(message.body) for message in push_endpoint.messages), strict=True)
    assert len(set(salts)) == len(set(senders)) == 4
    assert all(len(sender) == 65 and sender[0] == 4 for sender in senders)  # an uncompressed P-256 point
    assert set(senders).isdisjoint(b64url_decode(phone.p256dh) for phone in phones)


def _send(endpoint, phone, n):
    return webpush.send(
        endpoint=phone.endpoint, p256dh=phone.p256dh, auth=phone.auth, payload={"n": n}, ttl=60, topic=f"t{n}"
    )


def _tokens(endpoint):
    return [message.headers["authorization"] for message in endpoint.messages]


def test_pushes_to_one_push_service_share_one_vapid_signature_until_it_is_due_again(push_endpoint, monkeypatch):
    phones = [push_endpoint.subscribe() for _ in range(3)]
    assert [_send(push_endpoint, phone, n) for n, phone in enumerate(phones[:2])] == [webpush.Outcome.SENT] * 2
    now = webpush._wall_clock()
    monkeypatch.setattr(webpush, "_wall_clock", lambda: now + webpush.VAPID_RESIGN_SECONDS + 1)
    assert _send(push_endpoint, phones[2], 2) is webpush.Outcome.SENT

    assert push_endpoint.errors == []  # every signature verified, every message decrypted
    assert [push_endpoint.payloads_for(phone) for phone in phones] == [[{"n": 0}], [{"n": 1}], [{"n": 2}]]
    first, second, later = _tokens(push_endpoint)
    assert first == second
    assert later != first
    claims = [message.claims for message in push_endpoint.messages]
    assert claims[0]["exp"] == claims[1]["exp"] < claims[2]["exp"]
    assert claims[0]["exp"] - now <= 24 * 60 * 60  # RFC 8292: a token lives at most a day
    assert all(c["aud"] == push_endpoint.origin and c["sub"] == django_settings.VAPID_SUBJECT for c in claims)


def test_each_push_service_gets_a_token_of_its_own(push_endpoint):
    other, server = local_push.start(django_settings.VAPID_PUBLIC_KEY)
    try:
        for endpoint in (push_endpoint, other):
            assert _send(endpoint, endpoint.subscribe(), 0) is webpush.Outcome.SENT
    finally:
        server.shutdown()
        server.server_close()
    assert push_endpoint.errors == other.errors == []
    assert _tokens(push_endpoint) != _tokens(other)
    assert other.messages[0].claims["aud"] == other.origin


def test_a_subscription_whose_keys_are_not_usable_is_rejected_without_a_request(push_endpoint):
    phone = push_endpoint.subscribe()
    for p256dh, auth in (("BAAA", phone.auth), (phone.p256dh, "c2hvcnQ"), ("not base64!", phone.auth)):
        outcome = webpush.send(endpoint=phone.endpoint, p256dh=p256dh, auth=auth, payload={"n": 0}, ttl=60)
        assert outcome is webpush.Outcome.REJECTED
    assert push_endpoint.attempts[phone.token] == 0
