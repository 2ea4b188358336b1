import shutil
import socket
import subprocess
import time

import pytest

from tests.conftest import need_service


def wait_for_port(port: int, *, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing answers on port {port}")


class OwnRedis:
    """A redis-server of the test's own, on a port of the feedback tests' range, to stop at will."""

    def __init__(self, port: int, password: str = ""):
        self.port, self.password = port, password
        self.url = f"redis://{':' + password + '@' if password else ''}127.0.0.1:{port}/0"
        command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        if password:
            command += ["--requirepass", password]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(port)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def own_redis():
    """Start ``own_redis(port, password)``; every server started is stopped after the test."""
    if shutil.which("redis-server") is None:
        need_service("redis-server is not installed")
    servers = []

    def start(port: int, password: str = "") -> OwnRedis:
        servers.append(OwnRedis(port, password))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()
