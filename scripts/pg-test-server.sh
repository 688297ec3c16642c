#!/usr/bin/env bash
# A throwaway PostgreSQL server for the PostgreSQL half of the test suites (and for trying crl on PostgreSQL).
#   scripts/pg-test-server.sh start DIR   installs Debian's postgresql if absent, initdb into DIR/data as an
#                                         unprivileged user, starts it on a free loopback port, and writes the
#                                         admin URL to DIR/url (a password is set: scram-sha-256 on loopback)
#   scripts/pg-test-server.sh stop DIR    stops it (the data is thrown away with DIR)
# The server runs with fsync off: it is a throwaway for tests, never a place for data.
set -euo pipefail
cmd=${1:?usage: pg-test-server.sh start|stop DIR}
dir=${2:?usage: pg-test-server.sh start|stop DIR}

pgbin() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -z "$found" ] && command -v pg_ctl >/dev/null; then found=$(dirname "$(readlink -f "$(command -v pg_ctl)")"); fi
  echo "$found"
}

# Runs a command as the unprivileged owner of the server (root cannot run PostgreSQL).
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    bin=$(pgbin)
    if [ -z "$bin" ]; then
      echo "PostgreSQL is not installed: installing Debian's postgresql package" >&2
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
      bin=$(pgbin)
    fi
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
    password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=' )
    printf '%s\n' "$password" > "$dir/pwfile"
    if [ "$(id -u)" = 0 ]; then chown postgres "$dir/pwfile"; fi
    chmod 600 "$dir/pwfile"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pwfile" --auth=scram-sha-256 -E UTF8 >"$dir/initdb.log"
    rm -f "$dir/pwfile"
    port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" >/dev/null
    url="postgres://postgres:${password}@127.0.0.1:${port}/postgres"
    printf '%s\n' "$url" > "$dir/url"
    chmod 644 "$dir/url"
    echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2
    ;;
  stop)
    bin=$(pgbin)
    if [ -n "$bin" ] && [ -d "$dir/data" ]; then as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
    ;;
  *) echo "usage: pg-test-server.sh start|stop DIR" >&2; exit 2 ;;
esac
