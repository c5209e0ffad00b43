"""A small asyncio HTTP/1.1 load generator with keep-alive connections.

It runs in one process and leaves most of the two cores to the server under
test, which a thread-per-client Python generator would not."""

import asyncio
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Result:
    label: str
    latencies_ms: list[float]
    seconds: float
    errors: int

    @property
    def throughput(self) -> float:
        return len(self.latencies_ms) / self.seconds

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]

    def line(self) -> str:
        return (
            f"{self.label:<28} {self.throughput:8.1f} req/s   p50 {self.percentile(50):6.2f} ms   "
            f"p95 {self.percentile(95):6.2f} ms   mean {statistics.mean(self.latencies_ms):6.2f} ms   "
            f"n={len(self.latencies_ms)} errors={self.errors}"
        )


async def _request(reader, writer, raw: bytes) -> int:
    writer.write(raw)
    await writer.drain()
    status_line = await reader.readline()
    length = 0
    while True:
        header = await reader.readline()
        if header in (b"\r\n", b""):
            break
        name, _, value = header.decode().partition(":")
        if name.lower() == "content-length":
            length = int(value)
    await reader.readexactly(length)
    return int(status_line.split()[1])


async def _client(host, port, make_request: Callable[[], bytes], until: float, record: list, errors: list, ok):
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while time.perf_counter() < until:
            raw = make_request()
            started = time.perf_counter()
            status = await _request(reader, writer, raw)
            elapsed = (time.perf_counter() - started) * 1000
            if status in ok:
                record.append(elapsed)
            else:
                errors.append(status)
    finally:
        writer.close()


def run(
    label: str, host: str, port: int, make_request: Callable[[], bytes], *, clients: int, seconds: float, ok=(200, 201)
) -> Result:
    record: list[float] = []
    errors: list[int] = []

    async def main():
        until = time.perf_counter() + seconds
        await asyncio.gather(*[_client(host, port, make_request, until, record, errors, ok) for _ in range(clients)])

    started = time.perf_counter()
    asyncio.run(main())
    return Result(label, record, time.perf_counter() - started, len(errors))


def merged(label: str, parts: list[Result]) -> Result:
    """One result from several runs of the same requests (rounds interleaved with others)."""
    latencies = [latency for part in parts for latency in part.latencies_ms]
    return Result(label, latencies, sum(part.seconds for part in parts), sum(part.errors for part in parts))
