// The libtorrent baseline of pexspec-bench: libtorrent-rasterbar's lt::bdecode over the very
// same input files, measured the same way (thread CPU time, median of repetitions, allocations
// through the same counting shim), one JSON line per measurement.
//
//   bdecode_baseline run DIR [REPETITIONS MIN_SECONDS [INPUT [PATH]]]
//   bdecode_baseline rss DIR INPUT PATH
//   bdecode_baseline once DIR INPUT PATH     one pass in measured_pass, for callgrind
//
// Paths: "document" is lt::bdecode into a fresh bdecode_node per message, as libtorrent's own
// ut_pex and extended-handshake handlers do; "tree" adds the conversion to lt::entry, the owned
// value tree, to compare with pexspec's BencodeValue; "typed" (message inputs only) adds what a
// client reads out of the node, written against the public bdecode_node API, to compare with
// pexspec's typed parsers:
//   ut_pex            the strings added, added.f, added6, added6.f, dropped, dropped6, each compact
//                     entry turned into a tcp::endpoint, added peers with their flag byte;
//   ext_handshake     what an extended-handshake handler reads: every entry of m (name, id),
//                     p, v (copied), yourip (an address when 4 or 16 bytes), reqq,
//                     metadata_size, upload_only, complete_ago;
//   az_peer_exchange  infohash, and for added and dropped each 6-byte entry as an endpoint with
//                     its byte of *_HST and its port of *_UDP when those have the right length.
#include <libtorrent/address.hpp>
#include <libtorrent/bdecode.hpp>
#include <libtorrent/entry.hpp>
#include <libtorrent/sha1_hash.hpp>
#include <libtorrent/socket.hpp>

#include <dlfcn.h>
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace {

struct Input {
    std::string name;
    bool records;
    std::vector<char> bytes;
    std::vector<std::pair<std::size_t, std::size_t>> ranges;  // offset, length
    std::size_t payload = 0;
};

// Same list and file names as pexspec-bench's BenchInput.all.
const std::pair<const char*, bool> kInputs[] = {
    {"torrent", false}, {"ut_pex", true}, {"ext_handshake", true},
    {"az_peer_exchange", true}, {"nested", false}, {"integers", false},
};

volatile std::int64_t sink;

double thread_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

long max_rss_kib() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

using count_fn = unsigned long long (*)();
count_fn alloc_counter() {
    return reinterpret_cast<count_fn>(dlsym(RTLD_DEFAULT, "pexspec_alloc_count"));
}

Input load(std::string const& dir, char const* name, bool records) {
    Input in;
    in.name = name;
    in.records = records;
    std::string path = dir + "/" + name + (records ? ".records" : ".benc");
    std::ifstream f(path, std::ios::binary | std::ios::ate);
    if (!f) {
        std::fprintf(stderr, "bdecode_baseline: cannot open %s\n", path.c_str());
        std::exit(1);
    }
    // Sized once, as pexspec-bench does, so no transient growth peak hides the decoder's memory.
    in.bytes.resize(static_cast<std::size_t>(f.tellg()));
    f.seekg(0);
    if (!f.read(in.bytes.data(), static_cast<std::streamsize>(in.bytes.size()))) {
        std::fprintf(stderr, "bdecode_baseline: cannot read %s\n", path.c_str());
        std::exit(1);
    }
    if (!records) {
        in.ranges.emplace_back(0, in.bytes.size());
    } else {
        std::size_t at = 0;
        while (at < in.bytes.size()) {
            if (in.bytes.size() - at < 4) { std::fprintf(stderr, "bdecode_baseline: bad record file %s\n", path.c_str()); std::exit(1); }
            auto const* p = reinterpret_cast<unsigned char const*>(in.bytes.data() + at);
            std::size_t n = std::size_t(p[0]) << 24 | std::size_t(p[1]) << 16 | std::size_t(p[2]) << 8 | p[3];
            at += 4;
            if (n > in.bytes.size() - at) { std::fprintf(stderr, "bdecode_baseline: bad record file %s\n", path.c_str()); std::exit(1); }
            in.ranges.emplace_back(at, n);
            at += n;
        }
    }
    for (auto const& r : in.ranges) in.payload += r.second;
    return in;
}

lt::bdecode_node decode_one(Input const& in, std::pair<std::size_t, std::size_t> const& r) {
    lt::error_code ec;
    int pos = 0;
    lt::bdecode_node node = lt::bdecode({in.bytes.data() + r.first, static_cast<std::ptrdiff_t>(r.second)}, ec, &pos);
    if (ec) {
        std::fprintf(stderr, "bdecode_baseline: %s: %s at %d\n", in.name.c_str(), ec.message().c_str(), pos);
        std::exit(1);
    }
    return node;
}

enum class Path { document, tree, typed };

char const* path_name(Path p) { return p == Path::document ? "document" : p == Path::tree ? "tree" : "typed"; }

// --- typed extraction, one function per message kind -------------------------------------------

std::uint16_t port_at(char const* p) {
    return static_cast<std::uint16_t>(std::uint16_t(static_cast<unsigned char>(p[0])) << 8 | static_cast<unsigned char>(p[1]));
}

lt::tcp::endpoint v4_endpoint(char const* p) {
    auto const* u = reinterpret_cast<unsigned char const*>(p);
    std::uint32_t a = std::uint32_t(u[0]) << 24 | std::uint32_t(u[1]) << 16 | std::uint32_t(u[2]) << 8 | u[3];
    return {lt::address_v4(a), port_at(p + 4)};
}

lt::tcp::endpoint v6_endpoint(char const* p) {
    lt::address_v6::bytes_type b;
    std::memcpy(b.data(), p, 16);
    return {lt::address_v6(b), port_at(p + 16)};
}

struct PexPeer {
    lt::tcp::endpoint endpoint;
    std::uint8_t flags;
};

struct UTPex {
    std::vector<PexPeer> added, added6;
    std::vector<lt::tcp::endpoint> dropped, dropped6;
};

void read_added(lt::bdecode_node const& root, char const* key, char const* flags_key, std::size_t size,
                lt::tcp::endpoint (*endpoint)(char const*), std::vector<PexPeer>& out) {
    lt::string_view peers = root.dict_find_string_value(key);
    lt::string_view flags = root.dict_find_string_value(flags_key);
    std::size_t n = peers.size() / size;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        std::uint8_t f = i < flags.size() ? static_cast<std::uint8_t>(flags[i]) : 0;
        out.push_back({endpoint(peers.data() + i * size), f});
    }
}

void read_dropped(lt::bdecode_node const& root, char const* key, std::size_t size,
                  lt::tcp::endpoint (*endpoint)(char const*), std::vector<lt::tcp::endpoint>& out) {
    lt::string_view peers = root.dict_find_string_value(key);
    std::size_t n = peers.size() / size;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) out.push_back(endpoint(peers.data() + i * size));
}

std::int64_t typed_ut_pex(lt::bdecode_node const& root) {
    UTPex m;
    read_added(root, "added", "added.f", 6, v4_endpoint, m.added);
    read_added(root, "added6", "added6.f", 18, v6_endpoint, m.added6);
    read_dropped(root, "dropped", 6, v4_endpoint, m.dropped);
    read_dropped(root, "dropped6", 18, v6_endpoint, m.dropped6);
    return static_cast<std::int64_t>(m.added.size());
}

struct ExtendedHandshake {
    std::vector<std::pair<std::string, int>> messages;
    int listen_port = 0;
    std::string client_version;
    lt::address your_ip;
    std::int64_t reqq = 0, metadata_size = 0, upload_only = 0, complete_ago = -1;
};

std::int64_t typed_ext_handshake(lt::bdecode_node const& root) {
    ExtendedHandshake h;
    lt::bdecode_node m = root.dict_find_dict("m");
    if (m) {
        int n = m.dict_size();
        h.messages.reserve(static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i) {
            auto entry = m.dict_at(i);
            if (entry.second.type() != lt::bdecode_node::int_t) continue;
            h.messages.emplace_back(std::string(entry.first), static_cast<int>(entry.second.int_value()));
        }
    }
    h.listen_port = static_cast<int>(root.dict_find_int_value("p", 0));
    h.client_version = std::string(root.dict_find_string_value("v"));
    lt::string_view ip = root.dict_find_string_value("yourip");
    if (ip.size() == 4) {
        lt::address_v4::bytes_type b;
        std::memcpy(b.data(), ip.data(), 4);
        h.your_ip = lt::address_v4(b);
    } else if (ip.size() == 16) {
        lt::address_v6::bytes_type b;
        std::memcpy(b.data(), ip.data(), 16);
        h.your_ip = lt::address_v6(b);
    }
    h.reqq = root.dict_find_int_value("reqq", 250);
    h.metadata_size = root.dict_find_int_value("metadata_size", 0);
    h.upload_only = root.dict_find_int_value("upload_only", 0);
    h.complete_ago = root.dict_find_int_value("complete_ago", -1);
    return h.listen_port + static_cast<std::int64_t>(h.messages.size());
}

struct AZPeer {
    lt::tcp::endpoint endpoint;
    int handshake_type;  // -1: none
    int udp_port;        // -1: none
};

void read_az_list(lt::bdecode_node const& root, char const* name, char const* hst_key, char const* udp_key,
                  std::vector<AZPeer>& out) {
    lt::bdecode_node list = root.dict_find_list(name);
    if (!list) return;
    int n = list.list_size();
    lt::string_view hst = root.dict_find_string_value(hst_key);
    lt::string_view udp = root.dict_find_string_value(udp_key);
    bool have_hst = hst.size() == std::size_t(n);
    bool have_udp = udp.size() == 2 * std::size_t(n);
    out.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        lt::string_view entry = list.list_string_value_at(i);
        if (entry.size() != 6) continue;
        out.push_back({v4_endpoint(entry.data()), have_hst ? static_cast<unsigned char>(hst[std::size_t(i)]) : -1,
                       have_udp ? port_at(udp.data() + 2 * i) : -1});
    }
}

std::int64_t typed_az_peer_exchange(lt::bdecode_node const& root) {
    lt::sha1_hash infohash;
    lt::string_view ih = root.dict_find_string_value("infohash");
    if (ih.size() == 20) infohash.assign(ih.data());
    std::vector<AZPeer> added, dropped;
    read_az_list(root, "added", "added_HST", "added_UDP", added);
    read_az_list(root, "dropped", "dropped_HST", "dropped_UDP", dropped);
    return static_cast<std::int64_t>(added.size() + dropped.size()) + infohash[0];
}

using typed_fn = std::int64_t (*)(lt::bdecode_node const&);

typed_fn typed_extraction(std::string const& input) {
    if (input == "ut_pex") return typed_ut_pex;
    if (input == "ext_handshake") return typed_ext_handshake;
    if (input == "az_peer_exchange") return typed_az_peer_exchange;
    return nullptr;
}

std::int64_t pass(Input const& in, Path path) {
    std::int64_t n = 0;
    typed_fn typed = path == Path::typed ? typed_extraction(in.name) : nullptr;
    for (auto const& r : in.ranges) {
        lt::bdecode_node node = decode_one(in, r);
        if (path == Path::tree) {
            lt::entry e(node);
            n += static_cast<std::int64_t>(e.type());
        } else if (typed) {
            n += typed(node);
        } else {
            n += static_cast<std::int64_t>(node.type());
        }
    }
    return n;
}

// One pass in a function of its own, so that callgrind can count it alone:
// valgrind --tool=callgrind --toggle-collect='*measured_pass*' bdecode_baseline once DIR INPUT PATH
__attribute__((noinline)) std::int64_t measured_pass(Input const& in, Path path) { return pass(in, path); }

void run(std::string const& dir, int repetitions, double min_seconds, std::string const& only_input,
         std::string const& only_path) {
    count_fn counter = alloc_counter();
    for (auto const& [name, records] : kInputs) {
        if (!only_input.empty() && only_input != name) continue;
        Input in = load(dir, name, records);
        for (Path path : {Path::document, Path::tree, Path::typed}) {
            if (!only_path.empty() && only_path != path_name(path)) continue;
            if (path == Path::typed && !typed_extraction(in.name)) continue;
            std::string allocations = "null";
            if (counter) {
                unsigned long long before = counter();
                sink = pass(in, path);
                allocations = std::to_string(counter() - before);
            }
            sink = pass(in, path);  // warm-up
            std::vector<double> samples;
            for (int rep = 0; rep < repetitions; ++rep) {
                int iterations = 0;
                double start = thread_seconds(), elapsed = 0;
                do {
                    sink = sink + pass(in, path);
                    ++iterations;
                    elapsed = thread_seconds() - start;
                } while (elapsed < min_seconds);
                samples.push_back(elapsed / iterations);
            }
            std::vector<double> sorted = samples;
            std::sort(sorted.begin(), sorted.end());
            std::size_t mid = sorted.size() / 2;
            double median = sorted.size() % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
            std::printf("{\"input\":\"%s\",\"path\":\"%s\",\"bytes\":%zu,\"messages\":%zu,\"seconds_per_pass\":%.9g,"
                        "\"mb_per_s\":%.6g,\"messages_per_s\":%.6g,\"allocations_per_pass\":%s,\"samples\":[",
                name, path_name(path), in.payload, in.ranges.size(), median,
                double(in.payload) / median / 1e6, double(in.ranges.size()) / median, allocations.c_str());
            for (std::size_t i = 0; i < samples.size(); ++i) std::printf("%s%.9g", i ? "," : "", samples[i]);
            std::printf("]}\n");
            std::fflush(stdout);
        }
    }
}

void rss(std::string const& dir, std::string const& name, std::string const& path) {
    for (auto const& [n, records] : kInputs) {
        if (name != n) continue;
        Input in = load(dir, n, records);
        long before = max_rss_kib();
        std::vector<lt::bdecode_node> nodes;
        std::vector<lt::entry> entries;
        for (auto const& r : in.ranges) {
            if (path == "tree") entries.emplace_back(decode_one(in, r));
            else nodes.push_back(decode_one(in, r));
        }
        long after = max_rss_kib();
        std::printf("{\"input\":\"%s\",\"path\":\"%s\",\"bytes\":%zu,\"rss_before_kib\":%ld,\"rss_after_kib\":%ld}\n",
            n, path.c_str(), in.payload, before, after);
        return;
    }
    std::fprintf(stderr, "bdecode_baseline: no input %s\n", name.c_str());
    std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
    std::string command = argc > 1 ? argv[1] : "";
    if (command == "run" && argc >= 3 && argc <= 7 && argc != 4) {
        run(argv[2], argc >= 5 ? std::atoi(argv[3]) : 7, argc >= 5 ? std::atof(argv[4]) : 0.2,
            argc >= 6 ? argv[5] : "", argc >= 7 ? argv[6] : "");
        return 0;
    }
    if (command == "once" && argc == 5) {
        for (auto const& [name, records] : kInputs) {
            if (argv[3] != std::string(name)) continue;
            Input in = load(argv[2], name, records);
            std::string p = argv[4];
            Path path = p == "tree" ? Path::tree : p == "typed" ? Path::typed : Path::document;
            if (p != path_name(path) || (path == Path::typed && !typed_extraction(in.name))) break;
            sink = measured_pass(in, path);
            return 0;
        }
        std::fprintf(stderr, "bdecode_baseline: no benchmark %s/%s\n", argv[3], argv[4]);
        return 2;
    }
    if (command == "rss" && argc == 5) {
        rss(argv[2], argv[3], argv[4]);
        return 0;
    }
    std::fprintf(stderr, "usage: bdecode_baseline run DIR [REPETITIONS MIN_SECONDS [INPUT [PATH]]] | rss DIR INPUT PATH | once DIR INPUT PATH\n");
    return 2;
}
