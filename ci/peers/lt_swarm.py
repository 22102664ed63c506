"""A libtorrent 2.0 swarm on loopback for the live probe: N seeding sessions, connected to each
other once (and to any --connect peers) with connect_peer, so ut_pex has peers to report.

Run by ci/peers/libtorrent-swarm with Debian's /usr/bin/python3 (python3-libtorrent). Runs until
SIGTERM; writes READY to --ready once every session listens.
"""
import argparse, os, shutil, signal, sys, time
import libtorrent as lt

ap = argparse.ArgumentParser()
ap.add_argument("--torrent", required=True)
ap.add_argument("--data", required=True, help="folder holding the torrent's data")
ap.add_argument("--work", required=True, help="a folder for each session's copy of the data")
ap.add_argument("--listen", required=True, help="comma-separated HOST:PORT, one per session")
ap.add_argument("--connect", default="", help="comma-separated HOST:PORT of outside peers to dial")
ap.add_argument("--ready", required=True)
ap.add_argument("--empty", action="store_true",
                help="start without the data: leechers, so the peer they dial has peers to report")
ap.add_argument("--private-torrent", default="",
                help="a second torrent (private=1, announced to the loopback tracker) every session also seeds")
ap.add_argument("--download-limit", type=int, default=0,
                help="bytes per second each session downloads at most (0: no limit); keeps --empty leechers leeching")
ap.add_argument("--connect-after", default="",
                help="comma-separated seconds after READY at which session i dials the --connect peers "
                     "(one per session; default: every session at once, before READY); the sessions do not dial each other")
args = ap.parse_args()

stop = False
def on_term(*_):
    global stop
    stop = True
signal.signal(signal.SIGTERM, on_term)
signal.signal(signal.SIGINT, on_term)

def endpoint(text):
    host, port = text.rsplit(":", 1)
    return host, int(port)

listen = [endpoint(x) for x in args.listen.split(",") if x]
outside = [endpoint(x) for x in args.connect.split(",") if x]
info = lt.torrent_info(args.torrent)

sessions, handles, private_handles = [], [], []
for i, (host, port) in enumerate(listen):
    settings = {
        "listen_interfaces": f"{host}:{port}",
        # Outgoing connections leave from the session's own address, so a client that takes
        # one connection per IP (Transmission) sees every session.
        "outgoing_interfaces": host,
        "allow_multiple_connections_per_ip": True,
        "close_redundant_connections": False,
        "enable_outgoing_utp": False,
        "enable_incoming_utp": False,
        "out_enc_policy": lt.enc_policy.disabled,
        "in_enc_policy": lt.enc_policy.enabled,
        "allowed_enc_level": lt.enc_level.both,
        "enable_dht": False,
        "enable_lsd": False,
        "enable_upnp": False,
        "enable_natpmp": False,
        "alert_mask": lt.alert.category_t.error_notification,
    }
    ses = lt.session(settings)
    copy = os.path.join(args.work, f"s{i}")
    shutil.rmtree(copy, ignore_errors=True)
    if args.empty:
        os.makedirs(copy)
    else:
        shutil.copytree(args.data, copy)
    params = lt.add_torrent_params()
    params.ti = info
    params.save_path = copy
    params.flags &= ~lt.torrent_flags.auto_managed
    params.flags &= ~lt.torrent_flags.paused
    handle = ses.add_torrent(params)
    if args.download_limit > 0:
        # A torrent's own limit binds local peers too, unlike the global rate limit.
        handle.set_download_limit(args.download_limit)
    handles.append(handle)
    if args.private_torrent:
        # Same data file, so the copy made above serves it too; the sessions find each other
        # through the private torrent's tracker only (BEP 27), DHT and LSD being off.
        private = lt.add_torrent_params()
        private.ti = lt.torrent_info(args.private_torrent)
        private.save_path = copy
        private.flags &= ~lt.torrent_flags.auto_managed
        private.flags &= ~lt.torrent_flags.paused
        private_handles.append(ses.add_torrent(private))
    sessions.append(ses)

def ready(h):
    st = h.status()
    if args.empty:
        return st.state not in (lt.torrent_status.checking_files, lt.torrent_status.checking_resume_data)
    return st.is_seeding and st.state == lt.torrent_status.seeding

deadline = time.time() + 60
while not all(ready(h) for h in handles + private_handles):
    if stop or time.time() > deadline:
        sys.exit("lt_swarm: sessions not ready: " + ", ".join(str(h.status().state) for h in handles + private_handles))
    time.sleep(0.1)

# Each pair of sessions once, the lower dialing the higher: a second connection between two
# sessions is closed as a duplicate, and that churn would show in every ut_pex message.
# With --connect-after, each session joins the outside peers alone at its own time instead: a
# peer set that keeps changing, on a schedule.
delays = [float(x) for x in args.connect_after.split(",") if x]
if delays and len(delays) != len(handles):
    sys.exit(f"lt_swarm: --connect-after gives {len(delays)} times for {len(handles)} sessions")
if not delays:
    for i, h in enumerate(handles):
        for peer in listen[i + 1:]:
            h.connect_peer(peer)
        for peer in outside:
            h.connect_peer(peer)
    # READY once every session has the others connected (and a moment for their extended
    # handshakes): libtorrent's first ut_pex to a peer that connects earlier has no peers in it
    # (all six keys empty), which ut_pex/send/not-empty fails.
    deadline = time.time() + 30
    while any(h.status().num_peers < len(handles) - 1 for h in handles):
        if stop or time.time() > deadline:
            print("lt_swarm: sessions not all connected after 30 s: " + ", ".join(str(h.status().num_peers) for h in handles), flush=True)
            break
        time.sleep(0.1)
    else:
        time.sleep(1)
with open(args.ready, "w") as f:
    f.write("READY\n")

started = time.time()
pending = sorted(zip(delays, range(len(handles))))
while not stop:
    while pending and time.time() - started >= pending[0][0]:
        _, i = pending.pop(0)
        for peer in outside:
            handles[i].connect_peer(peer)
        print(f"lt_swarm: session {i} ({listen[i][0]}:{listen[i][1]}) dialled the outside peers at {time.time() - started:.1f} s", flush=True)
    time.sleep(0.5)
for ses in sessions:
    ses.pause()
