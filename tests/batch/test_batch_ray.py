"""The batch path on a real local Ray cluster (``ray start --head`` on loopback) equals the local engine."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.batch.conftest import batch_labels

from newsweave.batch import BatchSummary, RayEngine, run_batch

RAY = Path(sys.executable).with_name("ray")
AUTH_MODE = "RAY_AUTH_MODE"
PR_SET_PDEATHSIG = 1


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def ray_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A one-node Ray cluster of 2 CPUs on loopback, stopped (its process group) after the module."""
    port = _free_port()
    # Loopback only, for this test: no token. Ray's default token lives in ~/.ray/auth_token, which
    # any other local Ray start on the machine may rewrite between this head's start and the driver's.
    saved_mode = os.environ.get(AUTH_MODE)
    os.environ[AUTH_MODE] = "disabled"
    log = (tmp_path_factory.mktemp("ray") / "head.log").open("w")
    head = subprocess.Popen(
        [
            str(RAY),
            "start",
            "--head",
            "--block",
            f"--port={port}",
            "--node-ip-address=127.0.0.1",
            "--num-cpus=2",
            "--include-dashboard=false",
            "--disable-usage-stats",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        preexec_fn=_stop_with_parent,
    )
    address = f"127.0.0.1:{port}"
    try:
        _wait_for(address, head)
        yield address
    finally:
        import ray

        ray.shutdown()
        if saved_mode is None:
            del os.environ[AUTH_MODE]
        else:
            os.environ[AUTH_MODE] = saved_mode
        os.killpg(head.pid, signal.SIGTERM)  # --block: the head stops every process it started
        try:
            head.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(head.pid, signal.SIGKILL)
        log.close()


def _stop_with_parent() -> None:
    """Have the kernel stop the head if pytest dies (killed by a timeout, the fixture never tears down)."""
    ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _wait_for(address: str, head: subprocess.Popen[bytes], timeout_s: float = 60) -> None:
    host, port = address.split(":")
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if head.poll() is not None:
            pytest.fail(f"ray start exited with {head.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex((host, int(port))) == 0:
                return
        time.sleep(0.5)
    pytest.fail(f"the Ray head did not listen on {address} within {timeout_s} s")


def test_batch_on_ray_cluster_equals_local(
    ray_cluster: str, warc_set: Path, local_run: tuple[Path, BatchSummary], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    summary = run_batch([str(warc_set)], out, RayEngine(ray_cluster, workers=2))
    local_out, local_summary = local_run
    assert (summary.articles, summary.failures) == (local_summary.articles, local_summary.failures)
    assert batch_labels(out) == batch_labels(local_out)
