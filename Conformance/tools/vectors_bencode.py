"""The bencode decode vectors: written to Conformance/vectors/bencode.json by make_cases.py
through casekit.vector. Each gives its input, the lenient outcome typed by hand (the JSON value
of the `pexspec decode` contract with its warnings, or the error) and, where lenient mode warns,
the strict error (the first warning's code and offset).
"""
from casekit import err, ok, vector, warn

V = "bencode"

vector('bencode/bep10-example-handshake', V, b'd1:md11:LT_metadatai1e6:ut_pexi2ee1:pi6881e1:v12:uTorrent 1.2e',
       ok({"m": {"LT_metadata": 1, "ut_pex": 2}, "p": 6881, "v": "uTorrent 1.2"}),
       description='bep10 example handshake')
vector('bencode/bep10-disable-lt-metadata', V, b'd11:LT_metadatai0ee',
       ok({"LT_metadata": 0}),
       description='bep10 disable LT_metadata')
vector('bencode/empty-pex-dictionary', V, b'de',
       ok({}),
       description='empty pex dictionary')
vector('bencode/empty-list', V, b'le',
       ok([]),
       description='empty list')
vector('bencode/empty-string', V, b'0:',
       ok(""),
       description='empty string')
vector('bencode/zero', V, b'i0e',
       ok(0),
       description='zero')
vector('bencode/negative', V, b'i-42e',
       ok(-42),
       description='negative')
vector('bencode/int64-max', V, b'i9223372036854775807e',
       ok(9223372036854775807),
       description='int64 max')
vector('bencode/int64-min', V, b'i-9223372036854775808e',
       ok(-9223372036854775808),
       description='int64 min')
vector('bencode/nested-list', V, b'l1:al1:bee',
       ok(["a", ["b"]]),
       description='nested list')
vector('bencode/binary-string', V, b'3:\xff\x00\xfe',
       ok({"hex": "ff00fe"}),
       description='binary string')
vector('bencode/binary-key', V, b'd1:\xffi1ee',
       ok({"hex:ff": 1}),
       description='binary key')
vector('bencode/compact-added', V, b'd5:added6:\x7f\x00\x00\x01\x1a\xe17:added.f1:\x01e',
       ok({"added": {"hex": "7f0000011ae1"}, "added.f": "\u0001"}),
       description='compact added')
vector('bencode/leading-zero-integer', V, b'i03e',
       ok(3, warn('leading_zero', 1)), strict=err('leading_zero', 1),
       description='leading zero integer')
vector('bencode/leading-zero-negative', V, b'i-03e',
       ok(-3, warn('leading_zero', 2)), strict=err('leading_zero', 2),
       description='leading zero negative')
vector('bencode/leading-zero-string-length', V, b'03:abc',
       ok("abc", warn('leading_zero', 0)), strict=err('leading_zero', 0),
       description='leading zero string length')
vector('bencode/negative-zero', V, b'i-0e',
       ok(0, warn('negative_zero', 1)), strict=err('negative_zero', 1),
       description='negative zero')
vector('bencode/negative-zero-with-leading-zero', V, b'i-00e',
       ok(0, warn('leading_zero', 2), warn('negative_zero', 1)), strict=err('leading_zero', 2),
       description='negative zero with leading zero')
vector('bencode/unsorted-keys', V, b'd1:bi1e1:ai2ee',
       ok({"b": 1, "a": 2}, warn('unsorted_keys', 7)), strict=err('unsorted_keys', 7),
       description='unsorted keys')
vector('bencode/duplicate-key-keeps-every-entry', V, b'd1:ai1e1:ai2ee',
       ok({"dict": [["a", 1], ["a", 2]]}, warn('duplicate_key', 7)), strict=err('duplicate_key', 7),
       description='duplicate key keeps every entry')
vector('bencode/trailing-data', V, b'i1eXYZ',
       ok(1, warn('trailing_data', 3)), strict=err('trailing_data', 3),
       description='trailing data')
vector('bencode/trailing-second-value', V, b'dei0e',
       ok({}, warn('trailing_data', 2)), strict=err('trailing_data', 2),
       description='trailing second value')
vector('bencode/prefix-keys-sort-shorter-first', V, b'd1:ai1e2:aai2ee',
       ok({"a": 1, "aa": 2}),
       description='prefix keys sort shorter first')
vector('bencode/longer-key-before-its-prefix-is-unsorted', V, b'd2:aai1e1:ai2ee',
       ok({"aa": 1, "a": 2}, warn('unsorted_keys', 8)), strict=err('unsorted_keys', 8),
       description='longer key before its prefix is unsorted')
vector('bencode/several-warnings-in-order', V, b'd1:bi03e1:ai-0eeZ',
       ok({"b": 3, "a": 0}, warn('leading_zero', 5), warn('unsorted_keys', 8), warn('negative_zero', 12), warn('trailing_data', 16)), strict=err('leading_zero', 5),
       description='several warnings in order')
vector('bencode/empty-input', V, b'',
       err('unexpected_eof', 0),
       description='empty input')
vector('bencode/unexpected-byte', V, b'x',
       err('expected_value', 0),
       description='unexpected byte')
vector('bencode/lone-e', V, b'e',
       err('expected_value', 0),
       description='lone e')
vector('bencode/integer-without-digits', V, b'ie',
       err('expected_digit', 1),
       description='integer without digits')
vector('bencode/minus-without-digits', V, b'i-e',
       err('expected_digit', 2),
       description='minus without digits')
vector('bencode/double-minus', V, b'i--1e',
       err('expected_digit', 2),
       description='double minus')
vector('bencode/integer-not-closed-by-e', V, b'i12xe',
       err('expected_digit', 3),
       description='integer not closed by e')
vector('bencode/integer-eof', V, b'i12',
       err('unexpected_eof', 3),
       description='integer eof')
vector('bencode/integer-overflow', V, b'i9223372036854775808e',
       err('overflow', 1),
       description='integer overflow')
vector('bencode/integer-underflow', V, b'i-9223372036854775809e',
       err('overflow', 2),
       description='integer underflow')
vector('bencode/integer-too-many-digits', V, b'i123456789012345678901e',
       err('limit_exceeded', 1),
       description='integer too many digits')
vector('bencode/string-without-colon', V, b'3xabc',
       err('expected_colon', 1),
       description='string without colon')
vector('bencode/string-length-eof', V, b'12',
       err('unexpected_eof', 2),
       description='string length eof')
vector('bencode/string-shorter-than-claimed', V, b'5:abc',
       err('unexpected_eof', 5),
       description='string shorter than claimed')
vector('bencode/4-gb-string-claim', V, b'4294967295:abcdefghi',
       err('unexpected_eof', 20),
       description='4 GB string claim')
vector('bencode/string-length-overflow', V, b'99999999999999999999:a',
       err('overflow', 0),
       description='string length overflow')
vector('bencode/negative-string-length', V, b'-1:a',
       err('expected_value', 0),
       description='negative string length')
vector('bencode/list-eof', V, b'l',
       err('unexpected_eof', 1),
       description='list eof')
vector('bencode/list-with-eof-after-item', V, b'li1e',
       err('unexpected_eof', 4),
       description='list with eof after item')
vector('bencode/dict-key-not-a-string', V, b'di1ei2ee',
       err('expected_digit', 1),
       description='dict key not a string')
vector('bencode/dict-key-without-value', V, b'd1:ae',
       err('expected_value', 4),
       description='dict key without value')
vector('bencode/dict-eof-after-key', V, b'd1:a',
       err('unexpected_eof', 4),
       description='dict eof after key')
vector('bencode/dict-eof', V, b'd',
       err('unexpected_eof', 1),
       description='dict eof')
vector('bencode/unclosed-nested', V, b'ld1:ai1ee',
       err('unexpected_eof', 9),
       description='unclosed nested')
