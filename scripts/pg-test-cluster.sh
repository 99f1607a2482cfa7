#!/bin/sh
# A private PostgreSQL cluster for the fleet tests, in a temporary directory, on a free loopback
# port, run as the unprivileged `postgres` system user (the tests run as root, and PostgreSQL
# refuses to run as root).
#
#   scripts/pg-test-cluster.sh start DIR   # initdb + start; prints the owner's URL on stdout
#   scripts/pg-test-cluster.sh stop DIR    # stops the server and removes DIR
#   scripts/pg-test-cluster.sh halt DIR    # stops the server only (fault tests), keeps DIR
#   scripts/pg-test-cluster.sh resume DIR  # starts it again on the same port
#
# Password authentication (scram-sha-256) over TCP, as a real server would ask of a device.
set -eu
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
RUN_AS="${PRESALE_PG_USER:-postgres}"
action="${1:?usage: pg-test-cluster.sh start|stop|halt|resume DIR}"
dir="${2:?usage: pg-test-cluster.sh start|stop|halt|resume DIR}"

as_pg() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u "$RUN_AS" -- "$@"; else "$@"; fi
}

free_port() {
    # Ask the kernel for a free port (bind to 0), then release it for PostgreSQL to take.
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
        || echo $((20000 + $(od -An -N2 -tu2 /dev/urandom) % 30000))
}

case "$action" in
start)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown "$RUN_AS" "$dir"
    pw="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
    printf '%s\n' "$pw" > "$dir/owner.pw"
    [ "$(id -u)" -eq 0 ] && chown "$RUN_AS" "$dir/owner.pw"
    chmod 600 "$dir/owner.pw"
    as_pg "$PG_BIN/initdb" -D "$dir/data" -U presale_owner --pwfile="$dir/owner.pw" \
        --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    port="$(free_port)"
    echo "$port" > "$dir/port"
    as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=100 -c fsync=off" start >/dev/null \
        || { cat "$dir/server.log" >&2; exit 1; }
    printf 'postgres://presale_owner:%s@127.0.0.1:%s/postgres\n' "$pw" "$port"
    ;;
halt)
    as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null
    ;;
resume)
    port="$(cat "$dir/port")"
    as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=100 -c fsync=off" start >/dev/null
    ;;
stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: pg-test-cluster.sh start|stop|halt|resume DIR" >&2
    exit 2
    ;;
esac
