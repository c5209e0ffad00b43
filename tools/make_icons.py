"""Draws the app icons as PNGs with the standard library only (zlib + struct).

    python tools/make_icons.py      # writes frontend/icons/*.png

The mark: a head and neck in white on the app's teal, with an amber line where
the neck meets the head. The maskable icon fills the whole square and keeps the
mark inside the central safe zone (a circle of 40% radius), as Android crops it.
"""

import struct
import zlib
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "frontend" / "icons"
TEAL = (15, 94, 99)
WHITE = (255, 255, 255)
AMBER = (245, 180, 60)
SUPERSAMPLE = 3  # samples per axis per pixel, for smooth edges


def _png(width: int, height: int, rows: list[bytes]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + row for row in rows)  # filter type 0 on every row
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def _colour_at(x: float, y: float, maskable: bool):
    """The colour of the point (x, y) in a unit square, or None where transparent."""
    scale = 0.8 if maskable else 1.0  # shrink the mark into the maskable safe zone
    mx, my = 0.5 + (x - 0.5) / scale, 0.5 + (y - 0.5) / scale
    if not maskable:
        # A rounded square: transparent outside corners of radius 0.18.
        r = 0.18
        cx, cy = min(max(x, r), 1 - r), min(max(y, r), 1 - r)
        if (x - cx) ** 2 + (y - cy) ** 2 > r * r:
            return None
    head = (mx - 0.5) ** 2 + (my - 0.38) ** 2 <= 0.17**2
    neck = 0.42 <= mx <= 0.58 and 0.5 <= my <= 0.78
    shoulders = 0.22 <= mx <= 0.78 and 0.74 <= my <= 0.82 and abs(mx - 0.5) <= 0.28 - (0.82 - my) * 0.9
    line = 0.40 <= mx <= 0.60 and 0.555 <= my <= 0.59
    if line:
        return AMBER
    if head or neck or shoulders:
        return WHITE
    return TEAL


def draw(size: int, maskable: bool) -> bytes:
    n = SUPERSAMPLE
    rows = []
    for py in range(size):
        row = bytearray()
        for px in range(size):
            r = g = b = a = 0
            for sy in range(n):
                for sx in range(n):
                    colour = _colour_at((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size, maskable)
                    if colour:
                        r, g, b, a = r + colour[0], g + colour[1], b + colour[2], a + 1
            if a:
                row += bytes((r // a, g // a, b // a, 255 * a // (n * n)))
            else:
                row += b"\x00\x00\x00\x00"
        rows.append(bytes(row))
    return _png(size, size, rows)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, size, maskable in (
        ("icon-192.png", 192, False),
        ("icon-512.png", 512, False),
        ("icon-maskable-512.png", 512, True),
        ("shortcut-log-96.png", 96, False),
    ):
        (OUT / name).write_bytes(draw(size, maskable))
        print(f"wrote {OUT / name}")


if __name__ == "__main__":
    main()
