"""Adds the probe torrent to a running deluged and waits until it seeds, for ci/peers/deluge.
Uses Deluge's own client library (Debian's python3-deluge, a dependency of deluged).

    de_rpc.py PORT USER PASSWORD TORRENT DOWNLOAD_DIR SECONDS
"""
import base64, os, sys, time
from twisted.internet import defer, reactor, task
from deluge.ui.client import client

port, user, password, torrent, download, seconds = sys.argv[1:7]
status = {"code": 1}


@defer.inlineCallbacks
def main():
    try:
        yield client.connect("127.0.0.1", int(port), user, password)
        with open(torrent, "rb") as f:
            data = base64.b64encode(f.read()).decode()
        tid = yield client.core.add_torrent_file(os.path.basename(torrent), data, {"download_location": download, "add_paused": False})
        deadline = time.time() + float(seconds)
        while time.time() < deadline:
            st = yield client.core.get_torrent_status(tid, ["state", "progress"])
            if st.get("state") == "Seeding" and st.get("progress") == 100:
                status["code"] = 0
                break
            yield task.deferLater(reactor, 0.3, lambda: None)
        else:
            print(f"de_rpc: not seeding after {seconds} s: {st}", file=sys.stderr)
    except Exception as e:  # any RPC failure ends the script with a message
        print(f"de_rpc: {e}", file=sys.stderr)
    finally:
        if client.connected():
            yield client.disconnect()
        reactor.stop()


reactor.callWhenRunning(main)
reactor.run()
sys.exit(status["code"])
