"""What one push message carries (issue 27: the CPU per push, with every message still
one a phone can read): RFC 8291's encryption, checked against the RFC's own example,
and one VAPID signature per push service and hour instead of one per message. The
local push service decrypts every message and verifies every signature."""

from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings as django_settings

from config.vapid import b64url, b64url_decode
from diary.reminders import webpush
from tests import push_endpoint as local_push

# RFC 8291 section 5 / Appendix A: fixed keys and salt, so the message is known byte for byte.
RFC_PLAINTEXT = b"When I grow up, I want to be a watermelon"
RFC_SENDER_PRIVATE = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw"
RFC_RECEIVER_PUBLIC = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4"
RFC_AUTH = "BTBZMqHH6r4Tts7J_aSIgg"
RFC_SALT = "DGv6ra1nlYgDCS1FRnbzlw"
RFC_MESSAGE = (
    "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8w"
    "EqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN"
)


def test_a_message_is_encrypted_exactly_as_rfc_8291s_example():
    sender = ec.derive_private_key(int.from_bytes(b64url_decode(RFC_SENDER_PRIVATE), "big"), ec.SECP256R1())
    body = webpush.encrypt(
        RFC_PLAINTEXT,
        p256dh=b64url_decode(RFC_RECEIVER_PUBLIC),
        auth=b64url_decode(RFC_AUTH),
        sender_key=sender,
        salt=b64url_decode(RFC_SALT),
    )
    assert b64url(body) == RFC_MESSAGE


def test_each_message_has_its_own_sender_key_and_salt(push_endpoint):
    phone = push_endpoint.subscribe()
    keys = {"p256dh": b64url_decode(phone.p256dh), "auth": phone.auth_secret}
    first, second = (webpush.encrypt(b'{"title":"t"}', **keys) for _ in range(2))
    # salt (16) | record size (4) | key length (1) | the sender's public key (65)
    assert first[:16] != second[:16]
    assert first[21:86] != second[21:86]


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
