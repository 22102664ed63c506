"""Minimal Transmission RPC client for ci/peers/transmission (standard library only).

    tr_rpc.py URL add-seed TORRENT DOWNLOAD_DIR   add, verify, start; wait until it seeds
"""
import base64, json, sys, time, urllib.error, urllib.request

url = sys.argv[1]
session_id = ""

def call(method, **arguments):
    global session_id
    body = json.dumps({"method": method, "arguments": arguments}).encode()
    for _ in range(3):
        req = urllib.request.Request(url, body, {"X-Transmission-Session-Id": session_id})
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                reply = json.load(resp)
        except urllib.error.HTTPError as e:
            if e.code == 409:  # Transmission's CSRF handshake: retry with the id it hands out
                session_id = e.headers.get("X-Transmission-Session-Id", "")
                continue
            raise
        if reply.get("result") != "success":
            sys.exit(f"tr_rpc: {method}: {reply.get('result')}")
        return reply.get("arguments", {})
    sys.exit(f"tr_rpc: {method}: no session id")

if sys.argv[2] == "add-seed":
    torrent, download_dir = sys.argv[3], sys.argv[4]
    with open(torrent, "rb") as f:
        meta = base64.b64encode(f.read()).decode()
    added = call("torrent-add", metainfo=meta, **{"download-dir": download_dir, "paused": True})
    entry = added.get("torrent-added") or added.get("torrent-duplicate")
    tid = entry["id"]
    call("torrent-verify", ids=[tid])
    call("torrent-start", ids=[tid])
    deadline = time.time() + 60
    while time.time() < deadline:
        t = call("torrent-get", ids=[tid], fields=["status", "percentDone", "error", "errorString"])["torrents"][0]
        if t["error"]:
            sys.exit(f"tr_rpc: torrent error: {t['errorString']}")
        if t["status"] == 6 and t["percentDone"] == 1:  # TR_STATUS_SEED
            sys.exit(0)
        time.sleep(0.2)
    sys.exit("tr_rpc: torrent did not reach seeding within 60 s")
else:
    sys.exit(f"tr_rpc: unknown command {sys.argv[2]}")
