"""What every reader needs of an uploaded file: the size limits, the text's encoding, a zip
opened without trusting what it says of itself, and the format guessed from the first bytes."""

import io
import zipfile

from django.conf import settings
from django.utils.translation import gettext as _

from diary.imports import ImportRefused

# Text encodings a diary app writes: UTF-8 (with or without its BOM) and UTF-16 with its BOM
# (Excel's "Unicode text"). Anything else is refused rather than guessed: a wrong guess
# would store mangled notes without a word.
BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def megabytes(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB"


def check_declared_size(size: int | None) -> None:
    """Refuse an upload by its declared size, before reading any of it."""
    limit = settings.IMPORT_MAX_UPLOAD_BYTES
    if size is not None and size > limit:
        raise ImportRefused(
            "file", _("The file is larger than %(limit)s, the most an import takes.") % {"limit": megabytes(limit)}
        )


def read_limited(stream, limit: int, *, field: str = "file") -> bytes:
    """At most `limit` bytes of the stream, refusing a stream longer than it says."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise ImportRefused(
            field, _("The file is larger than %(limit)s, the most an import takes.") % {"limit": megabytes(limit)}
        )
    return data


def decode_text(data: bytes) -> str:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                break
    else:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    raise ImportRefused("file", _("The file's text encoding is not UTF-8 or UTF-16: save it as UTF-8 and try again."))


def open_zip_member(stream, suffix: str):
    """The zip's member ending with `suffix` (export.xml), as a stream that refuses to
    inflate past IMPORT_MAX_UNPACKED_BYTES or IMPORT_MAX_ZIP_RATIO times its compressed
    size. The sizes a zip declares are checked first and counted again while reading,
    since a crafted zip can lie about them."""
    try:
        archive = zipfile.ZipFile(stream)
        members = [info for info in archive.infolist() if info.filename.endswith(suffix)]
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportRefused("file", _("The zip file is damaged or not a zip file.")) from None
    if not members:
        raise ImportRefused("file", _("The zip file holds no %(name)s.") % {"name": suffix.lstrip("/")})
    info = members[0]
    limit = min(settings.IMPORT_MAX_UNPACKED_BYTES, max(info.compress_size, 1) * settings.IMPORT_MAX_ZIP_RATIO)
    if info.file_size > limit:
        raise ImportRefused("file", _("The zip file unpacks to more than an import takes (a zip bomb?)."))
    return _CountingReader(archive.open(info), limit)


class _CountingReader(io.RawIOBase):
    def __init__(self, raw, limit: int):
        self.raw, self.limit, self.count = raw, limit, 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.count += len(data)
        if self.count > self.limit:
            raise ImportRefused("file", _("The zip file unpacks to more than an import takes (a zip bomb?)."))
        return data

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def guess_format(head: bytes) -> str | None:
    """The format the first bytes look like; None for a plain CSV, which needs a mapping."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"PK\x03\x04") or text.startswith(b"<"):
        return "apple_health"
    if text.startswith(b"{"):
        return "neckline_json"
    if b'"Started"' in head and b'"Lasted"' in head:
        return "migraine_buddy_csv"
    return None
