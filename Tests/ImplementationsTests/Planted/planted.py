#!/usr/bin/env python3
"""Deliberately broken implementation harnesses, one per planted bug (docs/implementations.md,
"Mutation score").

    planted.py --list
    planted.py BUG

Each bug is pexspec's reference codec (`pexspec serve`, from $PEXSPEC or this checkout's debug
build) with one fault of a real decoder planted where its effect shows: the answer to a request
is rewritten as a decoder with that bug would have written it. The suite must fail every one of
them; `ci/mutation-score` prints the fraction it catches.
"""
import json
import os
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
PEER_LISTS = ("added", "added6", "dropped", "dropped6")


class Inner:
    """The reference harness this one wraps."""

    def __init__(self):
        binary = os.environ.get("PEXSPEC", os.path.join(ROOT, ".build", "debug", "pexspec"))
        self.process = subprocess.Popen([binary, "serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.seq = 1 << 40

    def ask(self, request):
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def decode(self, kind, hex_text, strict=False):
        self.seq += 1
        return self.ask({"cmd": "decode", "seq": self.seq, "kind": kind, "hex": hex_text, "strict": strict})


def strict_error_becomes_lenient(codes):
    """Strict mode accepts what it should reject with one of `codes`: the lenient value, no warnings."""
    def bug(inner, request, answer):
        if request.get("strict") and not answer["ok"] and answer["error"]["code"] in codes:
            lenient = inner.decode(request["kind"], request["hex"])
            if lenient["ok"]:
                return dict(lenient, seq=answer["seq"], warnings=[])
        return answer
    return bug


def warning_unreported(codes):
    """A deviation is neither warned about (lenient) nor rejected (strict)."""
    strict_bug = strict_error_becomes_lenient(codes)

    def bug(inner, request, answer):
        if answer["ok"]:
            answer["warnings"] = [w for w in answer["warnings"] if w["code"] not in codes]
            return answer
        return strict_bug(inner, request, answer)
    return bug


def error_offset_plus_one(inner, request, answer):
    if not answer["ok"]:
        answer["error"]["offset"] += 1
    return answer


def all_warnings_dropped(inner, request, answer):
    if answer["ok"]:
        answer["warnings"] = []
    return answer


def pex_value(kinds):
    """Rewrites the value of a successful decode of one of `kinds`."""
    def wrap(edit):
        def bug(inner, request, answer):
            if answer["ok"] and request["kind"] in kinds and isinstance(answer["value"], dict):
                edit(answer["value"])
            return answer
        return bug
    return wrap


@pex_value(("ut-pex",))
def added6_ignored(value):
    if "added6" in value:
        value["added6"] = []


@pex_value(("ut-pex",))
def dropped_ignored(value):
    for key in ("dropped", "dropped6"):
        if key in value:
            value[key] = []


@pex_value(("ut-pex",))
def added_f_one_byte_off(value):
    for key in ("added", "added6"):
        peers = value.get(key) or []
        flags = [peer.get("flags", 0) for peer in peers]
        for n, peer in enumerate(peers):
            if "flags" in peer:
                peer["flags"] = flags[n + 1] if n + 1 < len(flags) else 0


@pex_value(("ut-pex", "az-pex"))
def ports_byte_swapped(value):
    for key in PEER_LISTS:
        for peer in value.get(key) or []:
            if isinstance(peer.get("port"), int):
                port = peer["port"]
                peer["port"] = ((port & 0xFF) << 8) | (port >> 8)


@pex_value(("az-pex",))
def azureus_crypto_flag_inverted(value):
    for key in ("added", "dropped"):
        for peer in value.get(key) or []:
            if peer.get("handshake") in ("plain", "crypto"):
                peer["handshake"] = "crypto" if peer["handshake"] == "plain" else "plain"


@pex_value(("handshake",))
def reserved_extension_bit_misread(value):
    if "extensions" in value:
        value["extensions"] = False
        value["dht"] = not value.get("dht", False)


def keep_alives_swallowed(inner, request, answer):
    if answer["ok"] and request["kind"] == "frames" and isinstance(answer["value"], list):
        answer["value"] = [frame for frame in answer["value"] if frame.get("type") != "keep_alive"]
    return answer


def strings_always_hex(inner, request, answer):
    def walk(value):
        if isinstance(value, str):
            return {"hex": value.encode("utf-8").hex()}
        if isinstance(value, list):
            return [walk(item) for item in value]
        if isinstance(value, dict):
            return {key: walk(item) for key, item in value.items()}
        return value
    if answer["ok"] and request["kind"] == "bencode":
        answer["value"] = walk(answer["value"])
    return answer


def session_bug(edit):
    """Rewrites the reactions of a session (with the request's messages at hand)."""
    def bug(inner, request, answer):
        if request.get("cmd") == "session" and "reactions" in answer:
            answer["reactions"] = [edit(inner, message, reaction) if reaction else reaction
                                   for message, reaction in zip(request["messages"], answer["reactions"])]
        return answer
    bug.session = True
    return bug


@session_bug
def flood_never_detected(inner, message, reaction):
    if reaction["kind"] == "disconnect" and reaction.get("reason") == "flood":
        return {"kind": "accept"}
    return reaction


@session_bug
def dropped_never_forgotten(inner, message, reaction):
    if reaction.get("forgot"):
        reaction["forgot"] = 0
    return reaction


@session_bug
def empty_pex_disconnects(inner, message, reaction):
    if message["decode"] == "ut-pex" and reaction["kind"] in ("accept", "ignore"):
        decoded = inner.decode("ut-pex", message["hex"][12:])
        if decoded["ok"] and not any(decoded["value"].get(key) for key in PEER_LISTS):
            return {"kind": "disconnect", "reason": "empty_pex"}
    return reaction


@session_bug
def learned_ignores_added6(inner, message, reaction):
    if message["decode"] == "ut-pex" and reaction.get("learned"):
        decoded = inner.decode("ut-pex", message["hex"][12:])
        if decoded["ok"]:
            reaction["learned"] = min(reaction["learned"], len(decoded["value"].get("added") or []))
    return reaction


BUGS = {
    "strict-accepts-leading-zero": strict_error_becomes_lenient({"leading_zero"}),
    "strict-accepts-negative-zero": strict_error_becomes_lenient({"negative_zero"}),
    "strict-accepts-unsorted-keys": strict_error_becomes_lenient({"unsorted_keys"}),
    "trailing-data-unreported": warning_unreported({"trailing_data"}),
    "ext-handshake-port-range-unreported": warning_unreported({"port_out_of_range"}),
    "warnings-dropped": all_warnings_dropped,
    "error-offset-off-by-one": error_offset_plus_one,
    "added6-ignored": added6_ignored,
    "dropped-ignored": dropped_ignored,
    "added-f-one-byte-off": added_f_one_byte_off,
    "ports-wrong-byte-order": ports_byte_swapped,
    "azureus-crypto-flag-inverted": azureus_crypto_flag_inverted,
    "reserved-extension-bit-misread": reserved_extension_bit_misread,
    "keep-alives-swallowed": keep_alives_swallowed,
    "strings-always-hex": strings_always_hex,
    "session-flood-never-detected": flood_never_detected,
    "session-dropped-never-forgotten": dropped_never_forgotten,
    "session-empty-pex-disconnects": empty_pex_disconnects,
    "session-added6-not-learned": learned_ignores_added6,
}


def main():
    if sys.argv[1:] == ["--list"]:
        print("\n".join(BUGS))
        return
    if len(sys.argv) != 2 or sys.argv[1] not in BUGS:
        sys.exit("usage: planted.py --list | BUG")
    bug = BUGS[sys.argv[1]]
    inner = Inner()
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        answer = inner.ask(request)
        if request.get("cmd") == "start":
            answer["name"] = "planted-" + sys.argv[1]
        elif request.get("cmd") == ("session" if getattr(bug, "session", False) else "decode"):
            answer = bug(inner, request, answer)
        sys.stdout.write(json.dumps(answer, separators=(",", ":")) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
