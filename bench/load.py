"""The latency load generator: closed-loop clients speaking HTTP/1.1 on keep-alive connections.

All clients share one thread and one event loop, and each request is a
prebuilt byte string, so the generator costs ~0.15 ms of CPU per request. An
httpx client per thread, which the bench used first, cost 1.4 ms per request
sequentially and 2.6-2.8 ms with 8 threads contending for one interpreter lock:
on a 2-core machine that is a third of the CPU the server needs, and it showed
up as server latency. Real clients sit on other machines; this one stays out
of the way as far as one machine allows.
"""

from __future__ import annotations

import asyncio
import json
import time
from urllib.parse import urlsplit

import uvloop

PATH = "/v1/recommendations"
WARM_UP_REQUESTS = 20  # per client, untimed


def latency(
    base: str, bodies: list[dict[str, object]], clients: int, requests: int, warm_up: int = WARM_UP_REQUESTS
) -> tuple[list[float], float]:
    """Seconds per request (requests // clients per client), and the generator's CPU seconds per request.

    Each client first sends `warm_up` requests that are not timed, all clients at once: connection set-up
    and the server spreading the connections over its processes (api/balance.py) happen then, so the
    figures are those of a client pool in steady state, like a job board's.
    """
    url = urlsplit(base)
    host, port = url.hostname or "127.0.0.1", url.port or 80
    payloads = [_request_bytes(host, port, body) for body in bodies]
    per_client = requests // clients

    async def client(c: int) -> list[float]:
        connection = await asyncio.open_connection(host, port)
        try:
            for i in range(warm_up):
                connection = await _exchange(connection, payloads[(c + i) % len(payloads)], host, port)
            samples = []
            for i in range(per_client):
                payload = payloads[(c * per_client + i) % len(payloads)]
                start = time.perf_counter()
                connection = await _exchange(connection, payload, host, port)
                samples.append(time.perf_counter() - start)
            return samples
        finally:
            connection[1].close()

    async def all_clients() -> list[list[float]]:
        return await asyncio.gather(*(client(c) for c in range(clients)))

    cpu = time.process_time()
    samples = [s for chunk in uvloop.run(all_clients()) for s in chunk]
    return samples, (time.process_time() - cpu) / max(1, len(samples) + clients * warm_up)


def _request_bytes(host: str, port: int, body: dict[str, object]) -> bytes:
    data = json.dumps(body).encode()
    head = (
        f"POST {PATH} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(data)}\r\n\r\n"
    )
    return head.encode() + data


Connection = tuple[asyncio.StreamReader, asyncio.StreamWriter]


async def _exchange(connection: Connection, payload: bytes, host: str, port: int) -> Connection:
    """Send one request and read its whole response (any status but 200 is an error).

    Returns the connection for the next request: a new one when the server answered
    `Connection: close` (it does so to move a connection to a less busy process).
    """
    reader, writer = connection
    writer.write(payload)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    headers = {}
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        headers[name.strip().lower()] = value.strip()
    if b"content-length" not in headers:
        raise RuntimeError(
            f"HTTP {status} response without Content-Length; this client reads no other framing"
        )
    body = await reader.readexactly(int(headers[b"content-length"]))
    if status != 200:
        raise RuntimeError(f"HTTP {status}: {body[:200].decode(errors='replace')}")
    if headers.get(b"connection", b"").lower() == b"close":
        writer.close()
        return await asyncio.open_connection(host, port)
    return connection
