import io
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

GOLDEN = Path(__file__).parent / "golden"


def upload(api, content: bytes, name: str = "diary.csv", **fields):
    return api.post("/api/v1/imports/", {"file": SimpleUploadedFile(name, content), **fields}, format="multipart")


def golden(name: str) -> bytes:
    return (GOLDEN / name).read_bytes()


def stream(content: bytes):
    return io.BytesIO(content)
