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

# Every TCP port a script here (or ci/hostile) listens on, before the offset: one table, one
# owner per port, one decade per script. All of them stay below 32768, the start of the kernel's
# default ephemeral range (net.ipv4.ip_local_port_range, 32768-60999), also with offsets up to
# PORT_OFFSET_MAX, so an outgoing connection (the probe's, a client's) never takes one of them
# first. ci/peers/check-ports checks that no two entries share a number, that every script names
# its ports from this table (no literal `port NNNNN`), and that no name is used by two scripts.
PORT_OFFSET_MAX=6000
PORT_LIBTORRENT_1=21411          # ci/peers/libtorrent-swarm: the four seeding sessions
PORT_LIBTORRENT_2=21412
PORT_LIBTORRENT_3=21413
PORT_LIBTORRENT_4=21414
PORT_TRANSMISSION=21420          # ci/peers/transmission: peer port
PORT_TRANSMISSION_RPC=21421      #   its RPC
PORT_TRANSMISSION_FEEDER_1=21422 #   its two libtorrent leechers
PORT_TRANSMISSION_FEEDER_2=21423
PORT_RTORRENT=21430              # ci/peers/rtorrent: peer port (XML-RPC is a local socket)
PORT_RTORRENT_FEEDER_1=21432
PORT_RTORRENT_FEEDER_2=21433
PORT_RTORRENT_JOINER_1=21434     #   three leechers that join one at a time, so every 2-minute PEX tick has news
PORT_RTORRENT_JOINER_2=21435
PORT_RTORRENT_JOINER_3=21436
PORT_ARIA2=21440                 # ci/peers/aria2: peer port
PORT_ARIA2_RPC=21441             #   its JSON-RPC
PORT_ARIA2_FEEDER_1=21442
PORT_ARIA2_FEEDER_2=21443
PORT_QBITTORRENT=21450           # ci/peers/qbittorrent: peer port
PORT_QBITTORRENT_WEBUI=21451     #   its Web API
PORT_QBITTORRENT_FEEDER_1=21452
PORT_QBITTORRENT_FEEDER_2=21453
PORT_DELUGE=21460                # ci/peers/deluge: peer port
PORT_DELUGE_RPC=21461            #   the daemon's RPC
PORT_DELUGE_FEEDER_1=21462
PORT_DELUGE_FEEDER_2=21463
PORT_TRACKER=21470               # ci/peers/tracker: the private torrent's HTTP tracker
PORT_HOSTILE=21480               # ci/hostile: its scripted hostile peer

# wait_port HOST PORT SECONDS: returns 0 once a TCP connect to HOST:PORT succeeds.
wait_port() {
  local host=$1 port=$2 deadline=$((SECONDS + $3))
  while [ $SECONDS -lt $deadline ]; do
    if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  return 1
}

# wait_peers PORT ADDRESSES COUNT SECONDS: returns 0 once COUNT established TCP connections to
# local port PORT come from the addresses ADDRESSES matches (an extended regex on `ss`'s peer
# column, `127\.0\.1\.4[12]:`), and 2 s more for their extended handshakes; 1 after SECONDS.
# A client's first ut_pex goes out as a peer connects: one that connects before the helper peers
# are in gets a message with no peers in it (libtorrent: all six keys empty).
wait_peers() {
  local port=$1 addresses=$2 count=$3 deadline=$((SECONDS + $4))
  while [ $SECONDS -lt $deadline ]; do
    if [ "$(ss -Htn state established "( sport = :$port )" | grep -cE "$addresses")" -ge "$count" ]; then
      sleep 2
      return 0
    fi
    sleep 0.5
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
