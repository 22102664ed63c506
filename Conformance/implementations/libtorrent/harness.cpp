// pexspec implementation harness for libtorrent-rasterbar's bdecode (docs/implementations.md).
// Reads one request per line on standard input, answers one JSON line each on standard output.
// Decodes kind "bencode" with lt::bdecode (depth limit 100, token limit 2,000,000: libtorrent's
// defaults) and writes the node in pexspec's JSON form; a dictionary shows, of a repeated key,
// the entry lt::bdecode_node::dict_find returns (the first). libtorrent's bdecode error codes
// have the same names as pexspec's bencode codes; error_pos is the offset.
#include <libtorrent/bdecode.hpp>
#include <libtorrent/version.hpp>

#include <cstdint>
#include <cstdio>
#include <iostream>
#include <set>
#include <string>

namespace {

// The value of "key": in a flat JSON object written by pexspec (no escapes in these members).
bool field(std::string const& line, std::string const& key, std::string& out) {
    std::string const needle = "\"" + key + "\":";
    auto at = line.find(needle);
    if (at == std::string::npos) return false;
    at += needle.size();
    while (at < line.size() && line[at] == ' ') ++at;
    if (at >= line.size()) return false;
    if (line[at] == '"') {
        auto end = line.find('"', at + 1);
        if (end == std::string::npos) return false;
        out = line.substr(at + 1, end - at - 1);
        return true;
    }
    auto end = line.find_first_of(",}", at);
    out = line.substr(at, end == std::string::npos ? std::string::npos : end - at);
    return true;
}

int hexdigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool unhex(std::string const& text, std::string& out) {
    if (text.size() % 2) return false;
    out.clear();
    for (std::size_t i = 0; i < text.size(); i += 2) {
        int hi = hexdigit(text[i]), lo = hexdigit(text[i + 1]);
        if (hi < 0 || lo < 0) return false;
        out.push_back(char(hi * 16 + lo));
    }
    return true;
}

std::string tohex(lt::string_view bytes) {
    static char const digits[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : bytes) {
        out.push_back(digits[c >> 4]);
        out.push_back(digits[c & 15]);
    }
    return out;
}

// Well-formed UTF-8 (no overlong forms, no surrogates, at most U+10FFFF).
bool utf8(lt::string_view s) {
    std::size_t i = 0, n = s.size();
    auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    while (i < n) {
        unsigned c = b(i);
        if (c < 0x80) { ++i; continue; }
        int len; unsigned min;
        if ((c & 0xE0) == 0xC0) { len = 2; min = 0x80; c &= 0x1F; }
        else if ((c & 0xF0) == 0xE0) { len = 3; min = 0x800; c &= 0x0F; }
        else if ((c & 0xF8) == 0xF0) { len = 4; min = 0x10000; c &= 0x07; }
        else return false;
        if (i + len > n) return false;
        for (int k = 1; k < len; ++k) {
            if ((b(i + k) & 0xC0) != 0x80) return false;
            c = (c << 6) | (b(i + k) & 0x3F);
        }
        if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return false;
        i += len;
    }
    return true;
}

std::string quoted(lt::string_view s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out.push_back(char(c));
            }
        }
    }
    return out + "\"";
}

void value(lt::bdecode_node const& node, std::string& out) {
    switch (node.type()) {
    case lt::bdecode_node::int_t: out += std::to_string(node.int_value()); break;
    case lt::bdecode_node::string_t: {
        auto s = node.string_value();
        out += utf8(s) ? quoted(s) : "{\"hex\":\"" + tohex(s) + "\"}";
        break;
    }
    case lt::bdecode_node::list_t:
        out += "[";
        for (int i = 0; i < node.list_size(); ++i) {
            if (i) out += ",";
            value(node.list_at(i), out);
        }
        out += "]";
        break;
    case lt::bdecode_node::dict_t: {
        out += "{";
        std::set<std::string> seen;
        bool first = true;
        for (int i = 0; i < node.dict_size(); ++i) {
            auto entry = node.dict_at(i);
            std::string key(entry.first);
            if (!seen.insert(key).second) continue;  // dict_find returns the first entry of a key
            if (!first) out += ",";
            first = false;
            out += utf8(entry.first) ? quoted(entry.first) : "\"hex:" + tohex(entry.first) + "\"";
            out += ":";
            value(entry.second, out);
        }
        out += "}";
        break;
    }
    default: out += "null";
    }
}

char const* code_name(int ev) {
    switch (ev) {
    case lt::bdecode_errors::expected_digit: return "expected_digit";
    case lt::bdecode_errors::expected_colon: return "expected_colon";
    case lt::bdecode_errors::unexpected_eof: return "unexpected_eof";
    case lt::bdecode_errors::expected_value: return "expected_value";
    case lt::bdecode_errors::depth_exceeded: return "depth_exceeded";
    case lt::bdecode_errors::limit_exceeded: return "limit_exceeded";
    case lt::bdecode_errors::overflow: return "overflow";
    default: return "libtorrent_error";
    }
}

}  // namespace

int main() {
    std::ios::sync_with_stdio(false);
    std::string line;
    while (std::getline(std::cin, line)) {
        std::string cmd, seq, hex, kind;
        field(line, "cmd", cmd);
        if (cmd == "start") {
            std::cout << "{\"name\":\"libtorrent-bdecode\",\"version\":\"" LIBTORRENT_VERSION "\",\"language\":\"C++\","
                         "\"kinds\":[\"bencode\"],\"modes\":[\"lenient\"],\"codes\":\"pexspec\",\"warnings\":false,\"session\":false}\n"
                      << std::flush;
            continue;
        }
        field(line, "seq", seq);
        if (seq.empty()) seq = "null";
        std::string bytes;
        if (cmd != "decode" || !field(line, "kind", kind) || kind != "bencode" || !field(line, "hex", hex) || !unhex(hex, bytes)) {
            std::cout << "{\"seq\":" << seq << ",\"ok\":false,\"error\":{\"code\":\"bad_request\",\"offset\":0}}\n" << std::flush;
            continue;
        }
        lt::error_code ec;
        int pos = 0;
        lt::bdecode_node node = lt::bdecode(lt::span<char const>(bytes.data(), long(bytes.size())), ec, &pos);
        if (ec) {
            std::cout << "{\"seq\":" << seq << ",\"ok\":false,\"error\":{\"code\":\"" << code_name(ec.value()) << "\",\"offset\":" << pos
                      << ",\"message\":" << quoted(ec.message()) << "}}\n" << std::flush;
            continue;
        }
        std::string out;
        value(node, out);
        std::cout << "{\"seq\":" << seq << ",\"ok\":true,\"value\":" << out << ",\"warnings\":[]}\n" << std::flush;
    }
    return 0;
}
