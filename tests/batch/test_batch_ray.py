"""The batch path on Ray: on a real local cluster (``ray start --head`` on loopback) it equals the
local engine; without an address it starts its own cluster whatever Ray's temporary folder names;
an address where no cluster answers fails in seconds; Ray's own log lines stay off stderr."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.batch.conftest import batch_labels

from newsweave.batch import BatchSummary, RayEngine, run_batch
from newsweave.cli import EXIT_SOME_FAILED, EXIT_USAGE, app
from newsweave.cli.batch import _without_ray_lines
from newsweave.errors import NewsweaveError

RAY = Path(sys.executable).with_name("ray")
AUTH_MODE = "RAY_AUTH_MODE"
PR_SET_PDEATHSIG = 1
FAIL_FAST_S = 15
"""The most seconds a batch may take to give up on an address where no cluster answers."""
MAX_RUN_S = 300
"""Far above a Ray run of the small WARC set on two loaded cores (30-45 s), far below the hang of issue 20."""

runner = CliRunner()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(autouse=True)
def _no_ray_session_left() -> Iterator[None]:
    """Each test starts without a Ray session in this process and leaves none: an engine made while
    one is open uses it whatever its address, which would hide what the next test checks."""
    import ray

    ray.shutdown()
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def ray_tmpdir() -> Iterator[Path]:
    """A Ray temporary folder of this module's own (Ray's ``RAY_TMPDIR``), so that nothing here reads
    or writes the machine's ``/tmp/ray``. Short: Ray's socket paths in it must stay under 108 bytes."""
    folder = Path(tempfile.mkdtemp(prefix="nw-ray-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def stale_ray_tmpdir(ray_tmpdir: Path) -> Path:
    """A Ray temporary folder whose ``ray_current_cluster`` names a cluster that is gone, as a
    session that ended uncleanly leaves it (issue 20)."""
    folder = ray_tmpdir / "stale"
    (folder / "ray").mkdir(parents=True, exist_ok=True)
    (folder / "ray" / "ray_current_cluster").write_text(f"127.0.0.1:{_free_port()}")
    return folder


@pytest.fixture(scope="module")
def ray_cluster(ray_tmpdir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
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
        # Its own temporary folder: `ray start` names its cluster in ray_current_cluster there, and
        # a head stopped by a signal leaves that file behind, stale (how issue 20 began).
        env={**os.environ, "RAY_TMPDIR": str(ray_tmpdir / "head")},
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
    import ray

    out = tmp_path / "out"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        engine = RayEngine(ray_cluster, workers=2)
        try:
            summary = run_batch([str(warc_set)], out, engine)
        finally:
            engine.close()
    local_out, local_summary = local_run
    assert (summary.articles, summary.failures) == (local_summary.articles, local_summary.failures)
    assert batch_labels(out) == batch_labels(local_out)
    # Nothing deprecated in how newsweave calls Ray (map_batches once took ray_remote_args).
    ours = [w for w in caught if issubclass(w.category, DeprecationWarning) and "newsweave" in w.filename]
    assert not ours, [str(w.message) for w in ours]
    assert not ray.is_initialized()  # disconnected; the cluster it joined runs on
    with socket.create_connection(("127.0.0.1", int(ray_cluster.rpartition(":")[2])), timeout=5):
        pass


@pytest.mark.issue(20)
@pytest.mark.parametrize("address", ["127.0.0.1:{port}", "ray://127.0.0.1:{port}"])
def test_ray_engine_unreachable_address_fails_fast(address: str) -> None:
    import ray

    address = address.format(port=_free_port())
    start = time.monotonic()
    with pytest.raises(NewsweaveError) as raised:
        RayEngine(address, workers=1)
    assert time.monotonic() - start < FAIL_FAST_S
    assert raised.value.code == "batch.ray_unreachable"
    assert address in raised.value.message
    assert not ray.is_initialized()


@pytest.mark.issue(20)
def test_ray_engine_auto_with_stale_cluster_file_fails_fast(
    stale_ray_tmpdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ray._private import services

    monkeypatch.setenv("RAY_TMPDIR", str(stale_ray_tmpdir))
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    # 'auto' joins the one Ray cluster running on the machine, if there is exactly one, before the
    # file: no other cluster (this module's, another test run's) is running, as far as Ray can see.
    monkeypatch.setattr(services, "find_gcs_addresses", lambda: [])
    stale = (stale_ray_tmpdir / "ray" / "ray_current_cluster").read_text()
    start = time.monotonic()
    with pytest.raises(NewsweaveError, match=re.escape(stale.rpartition(":")[2])) as raised:
        RayEngine("auto", workers=1)
    assert time.monotonic() - start < FAIL_FAST_S
    assert raised.value.code == "batch.ray_unreachable"


@pytest.mark.issue(20)
@pytest.mark.parametrize(
    ("args", "env", "named"),
    [
        (["--address", "127.0.0.1:{port}"], {}, "--address 127.0.0.1:{port}"),
        ([], {"RAY_ADDRESS": "127.0.0.1:{port}"}, "RAY_ADDRESS=127.0.0.1:{port}"),
        (["--address", "nowhere"], {}, "--address nowhere"),
    ],
)
def test_cli_batch_unreachable_address_fails_fast_naming_it(
    args: list[str], env: dict[str, str], named: str, warc_set: Path, tmp_path: Path
) -> None:
    port = _free_port()
    start = time.monotonic()
    result = runner.invoke(
        app,
        [
            "batch",
            str(warc_set),
            "--out",
            str(tmp_path / "out"),
            "--engine",
            "ray",
            *(a.format(port=port) for a in args),
        ],
        env={"RAY_ADDRESS": None} | {name: value.format(port=port) for name, value in env.items()},
    )
    assert time.monotonic() - start < FAIL_FAST_S
    assert result.exit_code == EXIT_USAGE, result.output
    assert result.stderr.startswith(f"error: {named.format(port=port)}")
    assert "to start a Ray cluster on this machine" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.issue(20)
def test_cli_batch_without_address_starts_own_cluster_quietly(
    stale_ray_tmpdir: Path, warc_set: Path, local_run: tuple[Path, BatchSummary], tmp_path: Path
) -> None:
    """A stale cluster file is not followed, Ray prints nothing, and nothing it started outlives the run.

    A process of its own: Ray's core writes to file descriptor 2, which only a real stderr shows.
    """
    env = {name: value for name, value in os.environ.items() if name != "RAY_ADDRESS"}
    env |= {"RAY_TMPDIR": str(stale_ray_tmpdir), AUTH_MODE: "disabled"}
    out = tmp_path / "out"
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "newsweave", "batch", str(warc_set), "--out", str(out), "--engine", "ray"],
        capture_output=True,
        text=True,
        env=env,
        timeout=MAX_RUN_S,
        check=False,
    )
    elapsed = time.monotonic() - start
    assert done.returncode == EXIT_SOME_FAILED, done.stderr  # the empty page, recorded
    assert batch_labels(out) == batch_labels(local_run[0])
    expected = [
        r"2 of 2 inputs processed",
        r"grouping near-duplicates and stories",
        r"2 inputs \(0 already done\), 6 documents: 6 articles, 1 near-duplicate groups, 2 stories in 1 windows; .*",
        r"  1 failed sources\.empty \(each named in .*\)",
    ]
    lines = done.stderr.splitlines()
    assert len(lines) == len(expected), done.stderr
    assert all(map(re.fullmatch, expected, lines)), done.stderr
    assert done.stdout == ""
    assert elapsed < MAX_RUN_S
    assert _processes_using(stale_ray_tmpdir, wait_s=15) == []


def _processes_using(folder: Path, wait_s: float) -> list[str]:
    """Command lines of the processes naming ``folder``, once none is left or after ``wait_s``."""
    deadline = time.monotonic() + wait_s
    while True:
        found = []
        for entry in Path("/proc").iterdir():
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if str(folder) in command:
                found.append(command)
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.5)


@pytest.mark.issue(20)
def test_cli_batch_ray_line_filter_drops_only_ray_lines(capfd: pytest.CaptureFixture[str]) -> None:
    with _without_ray_lines():
        os.write(2, b"[2026-12-06 23:22:16,972 E 4242 4242] core_worker.cc:2465: Actor with class name ...\n")
        os.write(2, b"error: kept\n")
        print("\x1b[33m(raylet)\x1b[0m WARNING: 4 PYTHON worker processes have been started on node")
        print("(MapWorker(MapBatches(PageStage)) pid=4242) a worker's print")
        print("kept", end="")
        print(" whole")
    out, err = capfd.readouterr()
    assert (out, err) == ("kept whole\n", "error: kept\n")
