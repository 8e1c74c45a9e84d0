"""A loopback TCP proxy in front of the live server that can hold one HTTP request in flight.

Everything else passes through byte for byte (the event stream included). Once `hold` is asked for,
the next request whose head matches is held, as a slow network or a slow server would:

- `"request"`: on its way in; the server does not see it until `release`;
- `"answer"`: on its way back; the server has applied it and answered, the client does not hear.

`held` is set once a matching request is held (in `"answer"` mode: once the server's answer is in),
so a test can kill the client exactly then. A connection held from before a new `hold` stays held.

`cut` takes the network away (connections dropped, new ones refused), `restore` brings it back on the
same port: in front of a database, that is the database gone and back for the server using it.
"""

from __future__ import annotations

import asyncio
import re
import threading
from typing import Literal

Mode = Literal["request", "answer"]
CHUNK = 65536


class _Hold:
    def __init__(self, mode: Mode, head: re.Pattern[bytes]) -> None:
        self.mode, self.head = mode, head
        self.taken = False
        self.released = asyncio.Event()


class HoldingProxy:
    def __init__(self, upstream_port: int, upstream_host: str = "127.0.0.1") -> None:
        self.upstream_port = upstream_port
        self.upstream_host = upstream_host
        self.held = threading.Event()
        self._hold: _Hold | None = None
        self._loop = asyncio.new_event_loop()
        self._connections: set[asyncio.Task[None]] = set()
        self._pumps: set[asyncio.Task[None]] = set()
        started = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(started,), daemon=True)
        self._thread.start()
        started.wait(10)
        self.url = f"http://127.0.0.1:{self.port}"

    def _run(self, started: threading.Event) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(asyncio.start_server(self._connection, "127.0.0.1", 0))
        self.port = int(self._server.sockets[0].getsockname()[1])
        started.set()
        self._loop.run_forever()

    def hold(self, mode: Mode, head: str) -> None:
        """Hold the next request whose head (`METHOD /path HTTP/1.1`) matches the regular expression."""
        pattern = re.compile(head.encode())

        def arm() -> None:
            self._hold = _Hold(mode, pattern)

        self.held.clear()
        self._loop.call_soon_threadsafe(arm)

    def release(self) -> None:
        """Let the held request (or its answer) go on."""

        def release() -> None:
            if self._hold is not None:
                self._hold.released.set()
                self._hold = None

        self._loop.call_soon_threadsafe(release)

    async def _shut(self) -> None:
        self._server.close()
        for pump in self._pumps:
            pump.cancel()  # each connection then ends by itself
        await asyncio.gather(*self._connections, return_exceptions=True)

    def cut(self) -> None:
        """Stop listening and drop every connection: a connection attempt is refused until `restore`."""
        asyncio.run_coroutine_threadsafe(self._shut(), self._loop).result(10)

    def restore(self) -> None:
        """Listen again, on the same port."""

        async def listen() -> None:
            self._server = await asyncio.start_server(self._connection, "127.0.0.1", self.port)

        asyncio.run_coroutine_threadsafe(listen(), self._loop).result(10)

    def close(self) -> None:
        """Stop listening and drop every connection, held ones included (their bytes never go on)."""
        self.cut()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    async def _connection(self, client_in: asyncio.StreamReader, client_out: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        try:
            upstream_in, upstream_out = await asyncio.open_connection(self.upstream_host, self.upstream_port)
        except OSError:
            client_out.close()
            self._connections.discard(task)
            return
        answer_held: list[_Hold] = []
        pumps = {
            asyncio.create_task(self._requests(client_in, upstream_out, answer_held)),
            asyncio.create_task(self._answers(upstream_in, client_out, answer_held)),
        }
        self._pumps |= pumps
        # Either side closing (or a pump failing, or `close`) ends the connection on both sides.
        await asyncio.wait(pumps, return_when=asyncio.FIRST_COMPLETED)
        for pump in pumps:
            pump.cancel()
        await asyncio.gather(*pumps, return_exceptions=True)
        self._pumps -= pumps
        for writer in (client_out, upstream_out):
            writer.close()
        self._connections.discard(task)

    async def _requests(
        self, source: asyncio.StreamReader, sink: asyncio.StreamWriter, answer_held: list[_Hold]
    ) -> None:
        while chunk := await source.read(CHUNK):
            hold = self._hold
            if hold is not None and not hold.taken and hold.head.search(chunk):
                hold.taken = True
                if hold.mode == "request":
                    self.held.set()
                    await hold.released.wait()
                else:
                    answer_held.append(hold)
            sink.write(chunk)
            await sink.drain()

    async def _answers(
        self, source: asyncio.StreamReader, sink: asyncio.StreamWriter, answer_held: list[_Hold]
    ) -> None:
        while chunk := await source.read(CHUNK):
            if answer_held:
                self.held.set()
                await answer_held.pop().released.wait()
            sink.write(chunk)
            await sink.drain()
