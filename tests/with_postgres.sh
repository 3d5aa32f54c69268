#!/usr/bin/env bash
# Runs one command (the test suite) against a PostgreSQL cluster of its own, then removes it.
#
#   tests/with_postgres.sh .venv/bin/pytest [ARGS...]
#
# The cluster lives in a temporary folder and listens on 127.0.0.1 only, on a free port, with
# trust authentication for the one local user: it holds nothing but scratch test databases.
# The command sees KINERJA_TEST_DATABASE_URL naming the cluster's `postgres` database; tests
# create their own databases beside it (tests/database.py). initdb and pg_ctl must be on PATH.
# initdb refuses to run as root, so as root the cluster belongs to an unprivileged system user
# (KINERJA_PG_USER, created if missing) and is run through runuser. The cluster is stopped and
# its folder removed when the command ends, whatever its exit code; that code is passed on.
set -euo pipefail

if [[ $# -eq 0 ]]; then
    echo "Pemakaian: $0 PERINTAH [ARGUMEN...]" >&2
    exit 2
fi
for tool in initdb pg_ctl; do
    if ! command -v "$tool" >/dev/null; then
        echo "Gagal: $tool tidak ditemukan di PATH; pasang server PostgreSQL (15 atau lebih baru)." >&2
        exit 1
    fi
done

folder=$(mktemp -d "${TMPDIR:-/tmp}/kinerja-pg.XXXXXX")
runner=()
if [[ $(id -u) -eq 0 ]]; then
    owner=${KINERJA_PG_USER:-kinerja-pg}
    id -u "$owner" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$owner"
    chown "$owner" "$folder"
    runner=(runuser -u "$owner" --)
fi

# A server tool, as the cluster's owner, from the cluster's folder (the owner may not enter ours).
as_owner() { (cd "$folder" && "${runner[@]}" "$@"); }

stop_cluster() {
    if [[ -f "$folder/data/postmaster.pid" ]]; then
        as_owner pg_ctl stop -D "$folder/data" -m immediate >/dev/null 2>&1 || true
    fi
    rm -rf "$folder"
}
trap stop_cluster EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_owner initdb -D "$folder/data" -U kinerja --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
    >"$folder/initdb.log" 2>&1 || { cat "$folder/initdb.log" >&2; exit 1; }
# Durability is worth nothing for scratch databases; without it creating one per test is cheap.
as_owner pg_ctl start -D "$folder/data" -l "$folder/server.log" -w -o \
    "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$folder \
     -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    >/dev/null || { cat "$folder/server.log" >&2; exit 1; }

export KINERJA_TEST_DATABASE_URL="postgresql+psycopg://kinerja@127.0.0.1:$port/postgres"
echo "PostgreSQL sementara di 127.0.0.1:$port ($folder)"
"$@"
