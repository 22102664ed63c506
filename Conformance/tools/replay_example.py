#!/usr/bin/env python3
"""Replay the transcripts' decode expectations and every decode vector against any decoder. Here
`pexspec decode` stands in for yours: replace decode() with a call into your parser that returns
the same envelope.

    python3 Conformance/tools/replay_example.py [CASES_DIR [VECTORS_DIR]]
"""
import glob, json, os, subprocess, sys

def decode(kind, data, strict=False):
    cmd = [os.environ.get("PEXSPEC", "pexspec"), "decode", kind, "--hex"] + (["--strict"] if strict else [])
    return json.loads(subprocess.run(cmd, input=data.hex().encode(), capture_output=True).stdout)

def readable(m, frame):  # the bytes a decode kind reads: docs/conformance.md, "Which bytes the decode kind reads"
    if m["framing"] == "standard" and m["decode"] in ("ext-handshake", "ut-pex", "bencode"): return frame[6:]
    if m["framing"] == "azureus" and m["decode"] in ("az-pex", "bencode"): return frame[9 + int.from_bytes(frame[4:8], "big"):]
    return frame

def meets(want, got):
    if "error" in want:
        return not got["ok"] and got["error"]["code"] == want["error"]["code"] and want["error"].get("offset", got["error"]["offset"]) == got["error"]["offset"]
    left = [(w["code"], w["offset"]) for w in got.get("warnings", [])]
    for w in want.get("warnings", []):
        match = next((g for g in left if g[0] == w["code"] and w.get("offset", g[1]) == g[1]), None)
        if match is None: return False
        left.remove(match)
    return got["ok"] and got["value"] == want["value"] and not left

def without_message(envelope):  # tools compare code and offset; the message is for people
    if not envelope.get("ok", True) and "error" in envelope:
        return {"ok": False, "error": {k: v for k, v in envelope["error"].items() if k != "message"}}
    return envelope

cases_dir = sys.argv[1] if len(sys.argv) > 1 else "Conformance/cases"
vectors_dir = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(os.path.normpath(cases_dir)), "vectors")
failed, vectors, formats = 0, 0, {}
for path in sorted(glob.glob(os.path.join(vectors_dir, "*.json"))):
    for v in json.load(open(path))["vectors"]:
        vectors += 1
        for key, strict in (("lenient", False), ("strict", True)):
            got = without_message(decode(v["kind"], bytes.fromhex(v["hex"]), strict))
            if got != v[key]:
                failed += 1
                print("FAIL vector %s (%s): got %s" % (v["id"], key, json.dumps(got)))
print("%d decode vectors replayed" % vectors)
for path in sorted(glob.glob(os.path.join(cases_dir, "**", "*.json"), recursive=True)):
    case = json.load(open(path))
    formats[case.get("format", 1)] = formats.get(case.get("format", 1), 0) + 1  # format 2 adds connections; messages read the same
    for n, m in enumerate(case["messages"]):
        data = readable(m, bytes.fromhex("".join(m["hex"].split())))
        for key, strict in (("expect", False), ("expect_strict", True)):
            if key in m and not meets(m[key], decode(m["decode"], data, strict)):
                failed += 1
                print("FAIL %s message %d (%s)" % (case["id"], n, key))
print("%d transcripts (%s), %d failure(s)" % (sum(formats.values()), ", ".join("format %d: %d" % kv for kv in sorted(formats.items())), failed))
sys.exit(1 if failed else 0)
