"""A throwaway PostgreSQL cluster on 127.0.0.1, for the tests and benches (not shipped).

    python -m newsbot.dev.postgres start DIR [--durable]   # prints "<url> <pid>" once the server accepts connections
    python -m newsbot.dev.postgres stop DIR    # stops the server whose PID DIR/postmaster.pid holds

The binaries come from the system packages (``/usr/lib/postgresql/<version>/bin``, or
``$NEWSBOT_PG_BIN``). The server refuses to run as root, so under root the cluster belongs to
the ``postgres`` user and its commands run through ``runuser``. It listens on 127.0.0.1 only, on
a free port, with its socket in DIR; authentication is ``trust`` (loopback, throwaway data). Tests
run it with ``fsync=off`` (nothing to keep); ``--durable`` keeps the server's defaults, for benches.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DATABASE = "newsbot"


def bin_dir() -> Path | None:
    """Where initdb and pg_ctl are, or None when PostgreSQL is not installed."""
    configured = os.environ.get("NEWSBOT_PG_BIN")
    candidates = [Path(configured)] if configured else sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    return next((c for c in candidates if (c / "initdb").is_file() and (c / "pg_ctl").is_file()), None)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_server_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def start(directory: Path, timeout: float = 60.0, durable: bool = False) -> tuple[str, int]:
    """initdb (if DIR holds no cluster yet) and start the server; returns (url, postmaster pid)."""
    binaries = bin_dir()
    if binaries is None:
        raise RuntimeError("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb; apt-get install postgresql)")
    directory = directory.resolve()
    data = directory / "data"
    directory.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres", "postgres")
    if not (data / "PG_VERSION").is_file():
        subprocess.run(
            _as_server_user([str(binaries / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]),
            check=True, capture_output=True, text=True,
        )
    port = free_port()
    options = f"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c max_connections=200" + ("" if durable else " -c fsync=off")
    subprocess.run(
        _as_server_user([str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(directory / "server.log"), "-w", "-t", str(int(timeout)), "start"]),
        check=True, capture_output=True, text=True,
    )
    pid = int((data / "postmaster.pid").read_text().split()[0])
    created = subprocess.run(
        _as_server_user([str(binaries / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", DATABASE]),
        capture_output=True, text=True,
    )
    if created.returncode != 0 and "already exists" not in created.stderr:
        raise RuntimeError(created.stderr.strip())
    return f"postgresql://postgres@127.0.0.1:{port}/{DATABASE}", pid


def stop(directory: Path, timeout: float = 30.0) -> None:
    """Stop the server by the PID in its postmaster.pid (fast shutdown), waiting for it to exit."""
    pid_file = directory.resolve() / "data" / "postmaster.pid"
    if not pid_file.is_file():
        return
    pid = int(pid_file.read_text().split()[0])
    try:
        os.kill(pid, signal.SIGINT)  # the postmaster's "fast" shutdown
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)


@contextmanager
def scratch_database(server: str, prefix: str = "newsbot_scratch") -> Iterator[str]:
    """A new, empty database on the server of ``server`` (a URL or conninfo), as a conninfo string;
    dropped afterwards, its connections cut. The database ``server`` names is never touched."""
    import secrets

    import psycopg
    from psycopg.conninfo import make_conninfo

    name = f"{prefix}_{secrets.token_hex(6)}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield make_conninfo(server, dbname=name)  # libpq reads a conninfo string as it reads a URL
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def main(argv: list[str]) -> int:
    durable = "--durable" in argv
    argv = [a for a in argv if a != "--durable"]
    if len(argv) != 2 or argv[0] not in ("start", "stop"):
        print(__doc__, file=sys.stderr)
        return 2
    action, directory = argv[0], Path(argv[1])
    if action == "start":
        url, pid = start(directory, durable=durable)
        print(url, pid)
    else:
        stop(directory)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
