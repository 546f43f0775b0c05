#!/usr/bin/env bash
# Makes sure the PostgreSQL server binaries (initdb, pg_ctl) exist for the engine tests,
# installing Debian's `postgresql` package when they do not. Idempotent: does nothing
# when they are there, or when DBT_POSTGRES_HOST points the tests at a running server.
# Prints the folder holding the binaries.
set -euo pipefail

find_bin_dir() {
    local dir
    if [[ -n "${PG_BIN_DIR:-}" && -x "$PG_BIN_DIR/initdb" && -x "$PG_BIN_DIR/pg_ctl" ]]; then
        echo "$PG_BIN_DIR"; return 0
    fi
    # Newest Debian major version first.
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
        if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then echo "$dir"; return 0; fi
    done
    if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
        dirname "$(command -v initdb)"; return 0
    fi
    return 1
}

if [[ -n "${DBT_POSTGRES_HOST:-}" ]]; then
    echo "DBT_POSTGRES_HOST is set: the tests use the server at $DBT_POSTGRES_HOST" >&2
    exit 0
fi

if bin_dir=$(find_bin_dir); then
    echo "$bin_dir"
    exit 0
fi

# The package's post-install may try to start a cluster; without systemd (CI containers)
# that is skipped. The tests start their own throwaway server either way.
# shellcheck source=scripts/apt_install.sh
source "$(dirname "$0")/apt_install.sh"
apt_install "PostgreSQL (initdb, pg_ctl)" \
    "or install PostgreSQL and set PG_BIN_DIR, or set DBT_POSTGRES_HOST" postgresql

if bin_dir=$(find_bin_dir); then
    echo "$bin_dir"
else
    echo "error: installed postgresql but found no initdb / pg_ctl" >&2
    exit 1
fi
