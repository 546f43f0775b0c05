"""A PostgreSQL server for the engine-comparison tests: the one configured through the
DBT_POSTGRES_* environment variables, else a throwaway server started with initdb and
pg_ctl in a temporary folder on a free loopback port and removed afterwards.

PostgreSQL refuses to run as root, so when the tests run as root (CI does) the throwaway
server runs as the unprivileged system user `dbt_pg`, created on first use."""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg2

SERVER_USER = "dbt_pg"  # the unprivileged account of the throwaway server (as root)
SUPERUSER = "postgres"  # the database superuser that initdb creates


@dataclass(frozen=True)
class Server:
    """Where a PostgreSQL server listens and who may connect."""

    host: str
    port: int
    user: str
    password: str
    database: str  # a database to connect to for CREATE / DROP DATABASE

    def connect(self, database: str | None = None) -> Any:
        """A psycopg2 connection to `database` (default: the maintenance one)."""
        return psycopg2.connect(
            host=self.host,
            port=self.port,
            user=self.user,
            password=self.password,
            dbname=database or self.database,
            connect_timeout=10,
            options="-c TimeZone=UTC",
        )

    def dbt_env(self, database: str) -> dict[str, str]:
        """The environment variables profiles/profiles.yml reads for target postgres."""
        return {
            "DBT_POSTGRES_HOST": self.host,
            "DBT_POSTGRES_PORT": str(self.port),
            "DBT_POSTGRES_USER": self.user,
            "DBT_POSTGRES_PASSWORD": self.password,
            "DBT_POSTGRES_DATABASE": database,
        }


def postgres_bin_dir() -> Path:
    """The folder holding initdb and pg_ctl: $PG_BIN_DIR, else the newest Debian
    /usr/lib/postgresql/<version>/bin, else the PATH. Raises naming the installer."""
    configured = os.environ.get("PG_BIN_DIR")
    candidates = [Path(configured)] if configured else []
    candidates += sorted(
        (Path(path) for path in glob.glob("/usr/lib/postgresql/*/bin")),
        key=lambda path: int(path.parent.name) if path.parent.name.isdigit() else 0,
        reverse=True,
    )
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).parent)
    for candidate in candidates:
        if (candidate / "initdb").exists() and (candidate / "pg_ctl").exists():
            return candidate
    raise RuntimeError(
        "PostgreSQL server binaries (initdb, pg_ctl) not found: run "
        "scripts/ensure_postgres.sh (installs Debian's postgresql) or set PG_BIN_DIR, "
        "or point DBT_POSTGRES_HOST at a running server"
    )


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _server_account() -> str | None:
    """The account to run the server as: None (ourselves) unless we are root, then
    SERVER_USER, created as a system user when missing."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(SERVER_USER)
    except KeyError:
        subprocess.run(
            [
                "useradd",
                "--system",
                "--no-create-home",
                "--shell",
                "/usr/sbin/nologin",
                SERVER_USER,
            ],
            check=True,
        )
    return SERVER_USER


def _as_account(account: str | None, command: list[str]) -> list[str]:
    return command if account is None else ["runuser", "-u", account, "--", *command]


@contextmanager
def throwaway_server() -> Iterator[Server]:
    """initdb + pg_ctl start in a temporary folder, trust authentication on loopback
    only; stopped and removed on exit, also after a failure."""
    bin_dir = postgres_bin_dir()
    account = _server_account()
    folder = Path(tempfile.mkdtemp(prefix="dbt_pg_"))
    data_dir = folder / "data"
    if account is not None:
        shutil.chown(folder, user=account)
    port = free_port()
    started = False
    try:
        subprocess.run(
            _as_account(
                account,
                [
                    str(bin_dir / "initdb"),
                    "--pgdata",
                    str(data_dir),
                    "--username",
                    SUPERUSER,
                    "--auth",
                    "trust",
                    "--encoding",
                    "UTF8",
                    "--no-locale",
                ],
            ),
            check=True,
            capture_output=True,
            text=True,
            cwd=folder,
        )
        # Loopback and the socket folder only; fsync off: the data is thrown away.
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={port} -k {folder} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c TimeZone=UTC"
        )
        subprocess.run(
            _as_account(
                account,
                [
                    str(bin_dir / "pg_ctl"),
                    "--pgdata",
                    str(data_dir),
                    "--log",
                    str(folder / "server.log"),
                    "--options",
                    options,
                    "--wait",
                    "--timeout",
                    "60",
                    "start",
                ],
            ),
            check=True,
            capture_output=True,
            text=True,
            cwd=folder,
        )
        started = True
        yield Server("127.0.0.1", port, SUPERUSER, "", "postgres")
    except subprocess.CalledProcessError as error:
        log = folder / "server.log"
        raise RuntimeError(
            f"starting the throwaway PostgreSQL failed: {error.cmd}\n{error.stderr}\n"
            + (log.read_text() if log.exists() else "")
        ) from error
    finally:
        if started:
            subprocess.run(
                _as_account(
                    account,
                    [
                        str(bin_dir / "pg_ctl"),
                        "--pgdata",
                        str(data_dir),
                        "--mode",
                        "immediate",
                        "--wait",
                        "stop",
                    ],
                ),
                check=False,
                capture_output=True,
                cwd=folder,
            )
        shutil.rmtree(folder, ignore_errors=True)


def configured_server() -> Server | None:
    """The server named by DBT_POSTGRES_HOST (and _PORT, _USER, _PASSWORD, _DATABASE),
    or None when DBT_POSTGRES_HOST is unset."""
    host = os.environ.get("DBT_POSTGRES_HOST")
    if not host:
        return None
    return Server(
        host,
        int(os.environ.get("DBT_POSTGRES_PORT", "5432")),
        os.environ.get("DBT_POSTGRES_USER", "postgres"),
        os.environ.get("DBT_POSTGRES_PASSWORD", ""),
        os.environ.get("DBT_POSTGRES_DATABASE", "postgres"),
    )


@contextmanager
def scratch_database(server: Server) -> Iterator[str]:
    """A new empty database on `server` (the project's schemas are named raw, staging,
    marts, ... on every target, so a scratch database keeps a run apart); dropped on
    exit."""
    name = "dbt_engine_test_" + secrets.token_hex(4)
    connection = server.connect()
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'create database "{name}"')
        yield name
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'drop database if exists "{name}" with (force)')
        connection.close()
