"""Minimal aria2 JSON-RPC client for ci/peers/aria2 (standard library only).

    a2_rpc.py URL seeding SECONDS        wait until a download is seeding
    a2_rpc.py URL peers COUNT SECONDS    wait until the seeding download has COUNT peers connected
Exit 0 when the condition holds, 1 (with a message) when SECONDS pass first.
"""
import json, sys, time, urllib.request


def call(url, method, *params):
    body = json.dumps({"jsonrpc": "2.0", "id": "ci", "method": method, "params": list(params)}).encode()
    with urllib.request.urlopen(urllib.request.Request(url, body), timeout=10) as r:
        return json.load(r)["result"]


def seeding(url):
    return [t for t in call(url, "aria2.tellActive", ["gid", "seeder"]) if t.get("seeder") == "true"]


def main():
    url, command = sys.argv[1], sys.argv[2]
    if command == "seeding":
        what, done = "the torrent is not seeding", lambda: bool(seeding(url))
        seconds = float(sys.argv[3])
    elif command == "peers":
        count, seconds = int(sys.argv[3]), float(sys.argv[4])
        what = f"fewer than {count} peers connected"
        done = lambda: any(len(call(url, "aria2.getPeers", t["gid"])) >= count for t in seeding(url))
    else:
        sys.exit(f"a2_rpc.py: unknown command {command}")
    deadline = time.time() + seconds
    while time.time() < deadline:
        if done():
            return
        time.sleep(0.3)
    sys.exit(f"aria2: {what} after {seconds:g} s")


main()
