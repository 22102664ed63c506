# Shared by the scripts in ci/peers: where state lives, pid files, waiting for a port.
# Sourced, not run. Every script stops only the processes whose pids it wrote itself.

PEERS_DIR=${PEXSPEC_PEERS_DIR:-"$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/.build/peers"}
PEERS_PY=/usr/bin/python3   # the interpreter Debian's python3-libtorrent is built for
mkdir -p "$PEERS_DIR"
# PEXSPEC_PORT_OFFSET (default 0) shifts every port these scripts listen on, so that several
# checkouts on one machine can run their clients side by side without colliding.
PORT_OFFSET=${PEXSPEC_PORT_OFFSET:-0}
# port N: N shifted by PEXSPEC_PORT_OFFSET.
port() { echo $(( $1 + PORT_OFFSET )); }

# wait_port HOST PORT SECONDS: returns 0 once a TCP connect to HOST:PORT succeeds.
wait_port() {
  local host=$1 port=$2 deadline=$((SECONDS + $3))
  while [ $SECONDS -lt $deadline ]; do
    if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  return 1
}

# pid_alive FILE: the pid in FILE names a running process.
pid_alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# stop_pid FILE: stops the process whose pid FILE holds (TERM, then KILL after 10 s) and
# removes FILE. Does nothing when FILE is missing or names a process that is gone.
stop_pid() {
  local file=$1 pid
  [ -s "$file" ] || { rm -f "$file"; return 0; }
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

# info_hash: the v1 info-hash of the test torrent, making the torrent first if needed.
info_hash() { "$(dirname "${BASH_SOURCE[0]}")/make-torrent" >/dev/null && cat "$PEERS_DIR/torrent/infohash"; }

# start_failed NAME PIDFILE LOG WHAT: says on stderr that NAME failed (WHAT) with the last line of
# the client's own LOG, stops the process PIDFILE names, and exits 1.
start_failed() {
  local last
  last=$(tail -n 1 "$3" 2>/dev/null || true)
  echo "$1: $4${last:+: $last}" >&2
  stop_pid "$2"
  exit 1
}
