// The libtorrent baseline of pexspec-bench: libtorrent-rasterbar's lt::bdecode over the very
// same input files, measured the same way (thread CPU time, median of repetitions, allocations
// through the same counting shim), one JSON line per measurement.
//
//   bdecode_baseline run DIR [REPETITIONS MIN_SECONDS [INPUT [PATH]]]
//   bdecode_baseline rss DIR INPUT PATH
//
// Paths: "document" is lt::bdecode into a fresh bdecode_node per message, as libtorrent's own
// ut_pex and extended-handshake handlers do; "tree" adds the conversion to lt::entry, the owned
// value tree, to compare with pexspec's BencodeValue.
#include <libtorrent/bdecode.hpp>
#include <libtorrent/entry.hpp>

#include <dlfcn.h>
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
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

std::int64_t pass(Input const& in, bool tree) {
    std::int64_t n = 0;
    for (auto const& r : in.ranges) {
        lt::bdecode_node node = decode_one(in, r);
        if (tree) {
            lt::entry e(node);
            n += static_cast<std::int64_t>(e.type());
        } else {
            n += static_cast<std::int64_t>(node.type());
        }
    }
    return n;
}

void run(std::string const& dir, int repetitions, double min_seconds, std::string const& only_input,
         std::string const& only_path) {
    count_fn counter = alloc_counter();
    for (auto const& [name, records] : kInputs) {
        if (!only_input.empty() && only_input != name) continue;
        Input in = load(dir, name, records);
        for (bool tree : {false, true}) {
            if (!only_path.empty() && only_path != (tree ? "tree" : "document")) continue;
            std::string allocations = "null";
            if (counter) {
                unsigned long long before = counter();
                sink = pass(in, tree);
                allocations = std::to_string(counter() - before);
            }
            sink = pass(in, tree);  // warm-up
            std::vector<double> samples;
            for (int rep = 0; rep < repetitions; ++rep) {
                int iterations = 0;
                double start = thread_seconds(), elapsed = 0;
                do {
                    sink = sink + pass(in, tree);
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
                name, tree ? "tree" : "document", in.payload, in.ranges.size(), median,
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
    if (command == "rss" && argc == 5) {
        rss(argv[2], argv[3], argv[4]);
        return 0;
    }
    std::fprintf(stderr, "usage: bdecode_baseline run DIR [REPETITIONS MIN_SECONDS [INPUT [PATH]]] | rss DIR INPUT PATH\n");
    return 2;
}
