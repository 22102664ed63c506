"""A small HTTP tracker on loopback for the private-torrent cases of the swarm probe (BEP 3
announce, compact answers, BEP 23). Standard library only; binds 127.0.0.1 and nothing else.

    tracker.py PORT LOGFILE     serve until SIGTERM; one line per announce in LOGFILE

Every announce is remembered per info-hash (at most 200 peers each, the oldest forgotten first)
and answered with the other peers of that info-hash, at most 50, every 30 s.
"""
import os, signal, sys, time, urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# The repository's one Python bencoder (canonical: keys sorted by their bytes).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Conformance", "tools"))
from casekit import benc as bencode  # noqa: E402

MAX_PEERS_KEPT = 200
MAX_PEERS_SENT = 50
swarms = {}  # info-hash bytes -> {(ip, port): last seen}
port, logfile = int(sys.argv[1]), sys.argv[2]
log = open(logfile, "a", buffering=1)

class Announce(BaseHTTPRequestHandler):
    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query.encode("latin-1"), keep_blank_values=True)
        def field(name):
            values = query.get(name.encode())
            return values[0] if values else None
        info_hash, peer_port = field("info_hash"), field("port")
        if url.path != "/announce" or info_hash is None or len(info_hash) != 20 or peer_port is None or not peer_port.isdigit():
            self.answer(bencode({b"failure reason": b"bad announce"}))
            return
        ip = self.client_address[0]
        peer = (ip, int(peer_port))
        peers = swarms.setdefault(info_hash, {})
        if field("event") == b"stopped":
            peers.pop(peer, None)
        else:
            peers[peer] = time.time()
            while len(peers) > MAX_PEERS_KEPT:
                del peers[min(peers, key=peers.get)]
        others = [p for p in peers if p != peer][:MAX_PEERS_SENT]
        compact = b"".join(bytes(int(x) for x in p[0].split(".")) + p[1].to_bytes(2, "big") for p in others if ":" not in p[0])
        log.write(f"{time.time():.3f} {info_hash.hex()} {ip}:{peer_port} event={(field('event') or b'').decode()} answered={len(others)}\n")
        self.answer(bencode({b"interval": 30, b"min interval": 10, b"peers": compact}))

    def answer(self, body):
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass

server = ThreadingHTTPServer(("127.0.0.1", port), Announce)
server.daemon_threads = True
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
try:
    server.serve_forever()
finally:
    server.server_close()
