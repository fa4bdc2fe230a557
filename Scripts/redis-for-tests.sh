#!/usr/bin/env bash
# Starts throwaway redis-servers on free loopback ports for the RESP tests, and stops them.
#   eval "$(Scripts/redis-for-tests.sh start)"   prints export lines: BULWARK_REDIS_URL (no password),
#                                                BULWARK_REDIS_ISOLATED_URL (for tests that flush or pause it),
#                                                BULWARK_REDIS_AUTH_URL and BULWARK_REDIS_PASSWORD (--requirepass),
#                                                BULWARK_REDIS_DIR (where their pid files live); with openssl,
#                                                a third on TLS: BULWARK_REDIS_TLS_URL, BULWARK_REDIS_TLS_CA
#                                                (a throwaway CA that signed its certificate for 127.0.0.1)
#   Scripts/redis-for-tests.sh stop [DIR]        stops the servers started into DIR (default $BULWARK_REDIS_DIR)
# Installs redis-server with apt-get when it is missing. Nothing is persisted (--save '' --appendonly no), and the
# servers listen on 127.0.0.1 only. Progress goes to stderr so stdout stays eval-able.
set -euo pipefail

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start_server() {  # DIR NAME PORT [extra redis-server arguments...]
    local dir=$1 name=$2 port=$3
    shift 3
    redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --daemonize yes \
        --dir "$dir" --pidfile "$dir/$name.pid" --logfile "$dir/$name.log" "$@" >&2
    for _ in $(seq 1 50); do
        # shellcheck disable=SC2086  # PING_ARGS is a list of words
        if redis-cli -h 127.0.0.1 -p "$port" ${PING_ARGS:-} ping 2>/dev/null | grep -qE 'PONG|NOAUTH'; then
            return 0
        fi
        sleep 0.1
    done
    echo "redis-server $name did not start on 127.0.0.1:$port; see $dir/$name.log" >&2
    return 1
}

case "${1:-start}" in
start)
    if ! command -v redis-server >/dev/null; then
        echo "installing redis-server" >&2
        apt-get update -qq >&2 && apt-get install -y -qq redis-server >&2
    fi
    dir=$(mktemp -d "${TMPDIR:-/tmp}/bulwark-redis.XXXXXX")
    password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
    port=$(free_port)
    start_server "$dir" plain "$port"
    auth_port=$(free_port)
    # The password goes in a config file, not the command line, so `ps` does not show it.
    printf 'requirepass %s\n' "$password" >"$dir/auth.conf"
    chmod 600 "$dir/auth.conf"
    start_server "$dir" auth "$auth_port" --include "$dir/auth.conf"
    if command -v openssl >/dev/null; then
        # A throwaway CA and a certificate for 127.0.0.1, for the rediss:// tests (verification on, CA trusted).
        openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Bulwark test CA" \
            -keyout "$dir/ca.key" -out "$dir/ca.pem" 2>/dev/null
        openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null
        printf 'subjectAltName=IP:127.0.0.1\n' >"$dir/san.ext"
        openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial -days 2 \
            -extfile "$dir/san.ext" -out "$dir/server.pem" 2>/dev/null
        tls_port=$(free_port)
        PING_ARGS="--tls --cacert $dir/ca.pem" start_server "$dir" tls "$tls_port" --port 0 --tls-port "$tls_port" \
            --tls-cert-file "$dir/server.pem" --tls-key-file "$dir/server.key" --tls-ca-cert-file "$dir/ca.pem" \
            --tls-auth-clients no
        echo "export BULWARK_REDIS_TLS_URL=rediss://127.0.0.1:$tls_port"
        echo "export BULWARK_REDIS_TLS_CA=$dir/ca.pem"
    fi
    # A server of their own for the tests that flush its script cache or pause it, so the rest do not see that.
    isolated_port=$(free_port)
    start_server "$dir" isolated "$isolated_port"
    echo "export BULWARK_REDIS_ISOLATED_URL=redis://127.0.0.1:$isolated_port"
    echo "export BULWARK_REDIS_DIR=$dir"
    echo "export BULWARK_REDIS_URL=redis://127.0.0.1:$port"
    echo "export BULWARK_REDIS_AUTH_URL=redis://127.0.0.1:$auth_port"
    echo "export BULWARK_REDIS_PASSWORD=$password"
    ;;
stop)
    dir="${2:-${BULWARK_REDIS_DIR:-}}"
    if [ -z "$dir" ] || [ ! -d "$dir" ]; then
        echo "no redis folder to stop" >&2
        exit 0
    fi
    for pidfile in "$dir"/*.pid; do
        [ -f "$pidfile" ] || continue
        pid=$(cat "$pidfile")
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
    done
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start | stop [DIR]" >&2
    exit 2
    ;;
esac
