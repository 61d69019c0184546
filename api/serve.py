"""Run the API in one or several server processes (`careerpivot serve`).

Several processes each bind their own listening socket to the same port with
SO_REUSEPORT, so the kernel spreads new connections over them independently.
uvicorn's own `--workers` shares one socket instead, and its event loop accepts
every pending connection at once: measured here, a burst of 8 keep-alive
clients landed all on one process while the other idled. A process joins the
port only once its app has started, so no connection waits on a process that
is still loading the model. The kernel's spread of a few long-lived keep-alive
connections is often uneven; api/balance.py evens it out. The supervisor
restarts a process that dies and stops them all on SIGINT or SIGTERM.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import socket
import time
from multiprocessing.process import BaseProcess
from typing import Any

import uvicorn

from api.balance import SLOT_ENV

log = logging.getLogger("careerpivot.serve")
APP = "api.main:app"
RESTART_PAUSE_SECONDS = 1.0


def serve(host: str, port: int, workers: int, log_config: dict[str, Any]) -> None:
    """Serve until interrupted; `workers` processes (1: this process)."""
    options: dict[str, Any] = {"host": host, "port": port, "log_config": log_config, "access_log": False}
    if workers == 1:
        uvicorn.run(APP, **options)
        return
    if not hasattr(socket, "SO_REUSEPORT"):  # pragma: no cover - Linux and macOS have it
        log.warning("this system has no SO_REUSEPORT: uvicorn's shared socket instead")
        uvicorn.run(APP, workers=workers, **options)
        return
    _check_port_free(host, port)
    context = multiprocessing.get_context("spawn")
    stopping: list[int] = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda number, _frame: stopping.append(number))

    def start(index: int) -> BaseProcess:
        process = context.Process(
            target=_run_worker, args=(options, f"{index}/{workers}"), name="careerpivot-server"
        )
        process.start()
        return process

    processes = [start(i) for i in range(workers)]
    log.info("serving on http://%s:%d with %d processes", host, port, workers)
    while not stopping:
        time.sleep(0.2)
        for i, process in enumerate(processes):
            if not process.is_alive() and not stopping:
                log.error("server process %s exited with %s; starting another", process.pid, process.exitcode)
                time.sleep(RESTART_PAUSE_SECONDS)
                processes[i] = start(i)
    for process in processes:
        process.terminate()  # SIGTERM: each finishes its requests and its lifespan
    for process in processes:
        process.join(15)
        if process.is_alive():
            process.kill()


def _check_port_free(host: str, port: int) -> None:
    """Fail at once, as uvicorn would, if something else already listens there."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise SystemExit(f"cannot listen on {host}:{port}: {exc.strerror}") from exc


def _run_worker(options: dict[str, Any], slot: str) -> None:
    os.environ[SLOT_ENV] = slot  # which of the processes this is: the connection balancer's slot
    config = uvicorn.Config(APP, **options)
    family = socket.AF_INET6 if ":" in config.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((config.host, config.port))
    # Not listening yet: uvicorn calls listen() once the app has started, which is when the
    # kernel starts giving this process connections.
    uvicorn.Server(config).run(sockets=[sock])
