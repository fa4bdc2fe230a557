#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on a free loopback port for the key store and ledger tests, and stops it.
#   eval "$(Scripts/postgres-for-tests.sh start)"   prints export lines: BULWARK_POSTGRES_URL
#                                                   (postgres://postgres@127.0.0.1:PORT/postgres, no password in it),
#                                                   BULWARK_POSTGRES_PASSWORD (the postgres role's, scram-sha-256) and
#                                                   BULWARK_POSTGRES_DIR (the cluster, its socket and its log); with
#                                                   openssl, the server also offers TLS with a certificate for
#                                                   localhost and 127.0.0.1 from a throwaway CA: BULWARK_POSTGRES_TLS_CA
#   Scripts/postgres-for-tests.sh stop [DIR]        stops the server started into DIR (default $BULWARK_POSTGRES_DIR)
#   Scripts/postgres-for-tests.sh pause|resume [DIR]  stops it keeping its data, and starts it again on the same port
# Installs postgresql with apt-get when initdb is missing (Debian keeps it in /usr/lib/postgresql/*/bin). The cluster
# is created by the postgres user when run as root (as CI is), listens on 127.0.0.1 only, with fsync off: nothing
# in it is worth keeping. Progress goes to stderr so stdout stays eval-able.
set -euo pipefail

pg_bin() {
    if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
        dirname "$(command -v initdb)"
        return
    fi
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

as_owner() {  # runs a command as the cluster's owner: postgres when we are root, else ourselves
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

case "${1:-start}" in
start)
    bin=$(pg_bin)
    if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
        echo "installing postgresql" >&2
        apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
        bin=$(pg_bin)
    fi
    dir=$(mktemp -d "${TMPDIR:-/tmp}/bulwark-postgres.XXXXXX")
    chmod 755 "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi
    password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
    # The password goes in a file readable by the owner only, not on a command line `ps` shows.
    (umask 077 && printf '%s\n' "$password" >"$dir/password")
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir/password"; fi
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --pwfile="$dir/password" --auth=scram-sha-256 \
        --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    rm -f "$dir/password"
    tls_options=""
    if command -v openssl >/dev/null; then
        # A throwaway CA and a server certificate for localhost and 127.0.0.1, for the sslmode tests.
        openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Bulwark test CA" \
            -keyout "$dir/ca.key" -out "$dir/ca.pem" 2>/dev/null
        openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$dir/data/server.key" -out "$dir/server.csr" 2>/dev/null
        printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >"$dir/san.ext"
        openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial -days 2 \
            -extfile "$dir/san.ext" -out "$dir/data/server.crt" 2>/dev/null
        chmod 600 "$dir/data/server.key"
        if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir/data/server.key" "$dir/data/server.crt"; fi
        tls_options="-c ssl=on -c ssl_cert_file=server.crt -c ssl_key_file=server.key"
        echo "export BULWARK_POSTGRES_TLS_CA=$dir/ca.pem"
    fi
    port=$(free_port)
    # Kept for `resume`, which starts the same server again on the same port.
    printf '%s\n' "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200 $tls_options" \
        >"$dir/options"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 -o "$(cat "$dir/options")" \
        start >&2 || { cat "$dir/server.log" >&2; exit 1; }
    echo "export BULWARK_POSTGRES_DIR=$dir"
    echo "export BULWARK_POSTGRES_URL=postgres://postgres@127.0.0.1:$port/postgres"
    echo "export BULWARK_POSTGRES_PASSWORD=$password"
    ;;
stop)
    dir="${2:-${BULWARK_POSTGRES_DIR:-}}"
    if [ -z "$dir" ] || [ ! -d "$dir" ]; then
        echo "no postgres folder to stop" >&2
        exit 0
    fi
    bin=$(pg_bin)
    if [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
    fi
    rm -rf "$dir"
    ;;
pause)  # stops the server, keeping its data: an outage the replicas test rides out
    dir="${2:-${BULWARK_POSTGRES_DIR:-}}"
    as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" -m fast -w stop >&2
    ;;
resume)  # starts a paused server again, on the same port
    dir="${2:-${BULWARK_POSTGRES_DIR:-}}"
    as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 -o "$(cat "$dir/options")" start >&2
    ;;
*)
    echo "usage: $0 start | stop [DIR] | pause [DIR] | resume [DIR]" >&2
    exit 2
    ;;
esac
