#!/usr/bin/env python3
"""pexspec implementation harness for Python bencode libraries from PyPI (docs/implementations.md).

    harness.py fastbencode | bencode.py | bencode2

Reads one request per line on standard input and answers one JSON line each. Decodes kind
"bencode" with the library's decoder and writes the result in pexspec's JSON form (byte strings
that are UTF-8 as strings, others as {"hex": ...}; dictionary keys that are not UTF-8 as
"hex:..."). The libraries report no offsets and codes of their own (the exception's class), so
the harness says "codes": "own": it is judged on the verdict and the value. Every library here
has one mode; the harness declares the one it implements.
"""
import importlib.metadata
import json
import sys


def _fastbencode():
    import fastbencode
    return "fastbencode", "fastbencode", fastbencode.bdecode, ["strict"]


def _bencode_py():
    import bencodepy
    # bencode.py decodes strings to bytes (no encoding given) and keeps repeated keys' last value.
    return "bencode.py", "bencode.py", bencodepy.Bencode(encoding=None).decode, ["lenient"]


def _bencode2():
    import bencode2
    return "bencode2", "bencode2", bencode2.bdecode, ["strict"]


LIBRARIES = {"fastbencode": _fastbencode, "bencode.py": _bencode_py, "bencode2": _bencode2}


def text_or_hex(data):
    if isinstance(data, str):
        return data
    try:
        return bytes(data).decode("utf-8")
    except UnicodeDecodeError:
        return None


def to_json(value):
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, (bytes, bytearray, memoryview, str)):
        text = text_or_hex(value)
        return text if text is not None else {"hex": bytes(value).hex()}
    if isinstance(value, (list, tuple)):
        return [to_json(item) for item in value]
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            text = text_or_hex(key)
            out[text if text is not None else "hex:" + bytes(key).hex()] = to_json(item)
        return out
    raise TypeError("unexpected decoded type %s" % type(value).__name__)


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in LIBRARIES:
        sys.exit("usage: harness.py " + " | ".join(LIBRARIES))
    name, distribution, decode, modes = LIBRARIES[sys.argv[1]]()
    sys.setrecursionlimit(10000)
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        if request.get("cmd") == "start":
            answer = {"name": name, "version": importlib.metadata.version(distribution), "language": "Python",
                      "kinds": ["bencode"], "modes": modes, "codes": "own", "warnings": False, "session": False}
        elif request.get("cmd") == "decode" and request.get("kind") == "bencode":
            try:
                value = to_json(decode(bytes.fromhex(request["hex"])))
                answer = {"seq": request["seq"], "ok": True, "value": value, "warnings": []}
            except RecursionError:
                answer = {"seq": request["seq"], "ok": False, "error": {"code": "RecursionError"}}
            except Exception as error:  # the library's rejection, whatever its class
                answer = {"seq": request["seq"], "ok": False, "error": {"code": type(error).__name__, "message": str(error)[:200]}}
        else:
            answer = {"seq": request.get("seq"), "ok": False, "error": {"code": "bad_request"}}
        sys.stdout.write(json.dumps(answer, separators=(",", ":")) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
