"""A TCP proxy that makes a local server look as far away as a phone on a slow network.

Every byte both ways goes through it (not only what DevTools would throttle: the service
worker's fetches, the socket set-up too): each new connection waits one round trip (the
TCP handshake) before its first byte, every chunk arrives half a round trip after it was
sent, and all connections share one link of the given bandwidth in each direction, so six
parallel downloads get a sixth of it each, as on a real phone.

    with SlowLink(("127.0.0.1", server_port), kbit_per_s=1600, rtt_ms=150) as port:
        ...  # connect to 127.0.0.1:port
"""

import asyncio
import socket
import threading
import time

CHUNK = 16 * 1024


class _Direction:
    """One direction of the shared link: when it is next free to carry a byte."""

    def __init__(self, bytes_per_s: float):
        self.bytes_per_s = bytes_per_s
        self.free_at = 0.0

    def schedule(self, size: int, one_way: float) -> float:
        """The time the chunk's last byte arrives at the other end."""
        start = max(time.monotonic(), self.free_at)
        self.free_at = start + size / self.bytes_per_s
        return self.free_at + one_way


class SlowLink:
    def __init__(self, upstream: tuple[str, int], *, kbit_per_s: float = 1600, rtt_ms: float = 150):
        self.upstream = upstream
        self.rtt = rtt_ms / 1000
        bytes_per_s = kbit_per_s * 1000 / 8
        self.down, self.up = _Direction(bytes_per_s), _Direction(bytes_per_s)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.port = None
        self.server = None

    def __enter__(self) -> int:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.thread.start()
        future = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self._connection, "127.0.0.1", self.port), self.loop
        )
        self.server = future.result(timeout=10)
        return self.port

    def __exit__(self, *exc) -> None:
        asyncio.run_coroutine_threadsafe(self._close(), self.loop).result(timeout=10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)

    async def _close(self) -> None:
        """Stop accepting, and end the connections the browser left open."""
        self.server.close()
        tasks = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _connection(self, client_reader, client_writer) -> None:
        try:
            await asyncio.sleep(self.rtt)  # the handshake's round trip
            server_reader, server_writer = await asyncio.open_connection(*self.upstream)
            await asyncio.gather(
                self._pipe(client_reader, server_writer, self.up),
                self._pipe(server_reader, client_writer, self.down),
                return_exceptions=True,
            )
        except (OSError, asyncio.CancelledError):  # the server gone, or the proxy closing
            client_writer.close()

    async def _pipe(self, reader, writer, direction: _Direction) -> None:
        """Read as fast as the sender writes; deliver each chunk when the link would have."""
        queue: asyncio.Queue = asyncio.Queue()

        async def deliver():
            while (item := await queue.get()) is not None:
                arrives, data = item
                await asyncio.sleep(max(0.0, arrives - time.monotonic()))
                writer.write(data)
                await writer.drain()
            writer.close()

        delivering = asyncio.ensure_future(deliver())
        try:
            while data := await reader.read(CHUNK):
                queue.put_nowait((direction.schedule(len(data), self.rtt / 2), data))
        except OSError:
            pass
        finally:
            queue.put_nowait(None)
        await asyncio.gather(delivering, return_exceptions=True)
