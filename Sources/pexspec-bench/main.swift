// pexspec-bench: deterministic inputs and decode throughput, allocations and peak memory.
//
//   pexspec-bench generate DIR                   write the inputs (fixed seed) into DIR
//   pexspec-bench list [--messages DIR]          the benchmark ids [each with its messages per pass]
//   pexspec-bench run DIR [--repetitions N] [--min-time S] [--filter TEXT] [--only ID]
//                                                one JSON line per benchmark on stdout
//   pexspec-bench rss DIR ID                     peak memory of one benchmark, in a fresh process
//   pexspec-bench once DIR ID                    one pass in measuredPass, for callgrind
//   pexspec-bench fingerprint FILE...            what the bencode decoder makes of each file, to
//                                                compare two builds over a corpus
//   pexspec-bench dump-messages KIND FILE...     the same for a typed decoder (KIND: ut-pex,
//                                                ext-handshake, az-pex, az-handshake)
//
// `ci/bench` drives it, runs the libtorrent baseline over the same files and prints the table.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func usage() -> Never {
    Console.error("usage: pexspec-bench generate DIR | list [--messages DIR] | run DIR [--repetitions N] [--min-time S] [--filter TEXT] [--only ID] | rss DIR ID | once DIR ID | fingerprint FILE... | dump-messages KIND FILE...")
    exit(2)
}

func loadInputs(_ directory: String) -> [LoadedInput] {
    BenchInput.all.map { input in
        let bytes: [UInt8]
        do { bytes = try FileIO.read("\(directory)/\(input.fileName)") } catch {
            Console.error("pexspec-bench: \(error) (run `pexspec-bench generate \(directory)` first)")
            exit(1)
        }
        let ranges: [Range<Int>]
        switch input.shape {
        case .document: ranges = [0..<bytes.count]
        case .records:
            guard let r = RecordFile.ranges(bytes) else {
                Console.error("pexspec-bench: \(input.fileName) is not a record file")
                exit(1)
            }
            ranges = r
        }
        return LoadedInput(input: input, bytes: bytes, ranges: ranges)
    }
}

func allBenchmarks(_ inputs: [LoadedInput]) -> [Benchmark] {
    inputs.flatMap { BencodeBenchmarks.make($0) } + MessageBenchmarks.make(inputs)
}

func benchmark(_ id: String, in inputs: [LoadedInput]) -> Benchmark {
    guard let found = allBenchmarks(inputs).first(where: { $0.id == id }) else {
        Console.error("pexspec-bench: no benchmark \(id) (see `pexspec-bench list`)")
        exit(2)
    }
    return found
}

/// One pass of `b`, in a function of its own so that a profiler can count it alone:
/// `valgrind --tool=callgrind --toggle-collect='*measuredPass*' pexspec-bench once DIR ID`.
@inline(never)
func measuredPass(_ b: Benchmark) -> Int { b.pass() }

func number(_ value: Double) -> String {
    value.isFinite ? String(value) : "null"
}

var arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first else { usage() }
arguments.removeFirst()

switch command {
case "generate":
    guard arguments.count == 1 else { usage() }
    let directory = arguments[0]
    FileIO.makeDirectory(directory)
    var generator = InputGenerator()
    for input in BenchInput.all {
        let bytes = generator.bytes(for: input)
        do { try FileIO.write(bytes, to: "\(directory)/\(input.fileName)") } catch {
            Console.error("pexspec-bench: \(error)")
            exit(1)
        }
        Console.out("\(input.fileName)\t\(bytes.count) bytes\t\(input.summary)")
    }

case "list":
    if arguments.count == 2, arguments[0] == "--messages" {
        for b in allBenchmarks(loadInputs(arguments[1])) { print("\(b.id) \(b.messagesPerPass)") }
        break
    }
    guard arguments.isEmpty else { usage() }
    // Ids do not depend on the inputs' content, so empty inputs list them.
    let empty = BenchInput.all.map { LoadedInput(input: $0, bytes: [], ranges: []) }
    for b in allBenchmarks(empty) { print(b.id) }

case "run":
    guard let directory = arguments.first else { usage() }
    var repetitions = 7
    var minTime = 0.2
    var filter: String?
    var only: String?
    var rest = arguments.dropFirst()
    while let option = rest.popFirst() {
        guard let value = rest.popFirst() else { usage() }
        switch option {
        case "--repetitions": repetitions = Int(value) ?? repetitions
        case "--min-time": minTime = Double(value) ?? minTime
        case "--filter": filter = value
        case "--only": only = value
        default: usage()
        }
    }
    for b in allBenchmarks(loadInputs(directory))
    where (filter.map { b.id.contains($0) } ?? true) && (only.map { b.id == $0 } ?? true) {
        BlackHole.consume(b.pass())  // first call: lazy runtime set-up is not the decoder's
        let allocations = AllocationCounter.count(b.pass)
        let (median, samples) = Stopwatch.medianSecondsPerPass(repetitions: repetitions, minSeconds: minTime, b.pass)
        let fields = [
            "\"input\":\"\(b.input)\"",
            "\"path\":\"\(b.path)\"",
            "\"bytes\":\(b.bytesPerPass)",
            "\"messages\":\(b.messagesPerPass)",
            "\"seconds_per_pass\":\(number(median))",
            "\"mb_per_s\":\(number(Double(b.bytesPerPass) / median / 1e6))",
            "\"messages_per_s\":\(number(Double(b.messagesPerPass) / median))",
            "\"allocations_per_pass\":\(allocations.map(String.init) ?? "null")",
            "\"samples\":[\(samples.map(number).joined(separator: ","))]",
        ]
        Console.out("{\(fields.joined(separator: ","))}")
    }

case "rss":
    guard arguments.count == 2 else { usage() }
    // Every input stays alive to the end: memory freed before the decode would be reused by it
    // and hide its growth.
    let inputs = loadInputs(arguments[0])
    let b = benchmark(arguments[1], in: inputs)
    _ = b.size()  // builds a framer's stream now, so that it counts as input, not as decoding
    let before = Stopwatch.maxResidentKiB()
    let kept = b.retainAll()
    let after = Stopwatch.maxResidentKiB()
    withExtendedLifetime((inputs, kept)) {
        Console.out("{\"input\":\"\(b.input)\",\"path\":\"\(b.path)\",\"bytes\":\(b.bytesPerPass),\"rss_before_kib\":\(before),\"rss_after_kib\":\(after)}")
    }

case "dump-messages":
    guard let kind = arguments.first else { usage() }
    for path in arguments.dropFirst() {
        do {
            let bytes = try FileIO.read(path)
            for line in MessageDump.lines(kind: kind, bytes: bytes) { Console.out("\(path) \(line)") }
        } catch {
            Console.error("pexspec-bench: \(error)")
            exit(1)
        }
    }

case "fingerprint":
    for path in arguments {
        do {
            let bytes = try FileIO.read(path)
            for line in Fingerprint.lines(for: bytes) { Console.out("\(path) \(line)") }
        } catch {
            Console.error("pexspec-bench: \(error)")
            exit(1)
        }
    }

case "once":
    guard arguments.count == 2 else { usage() }
    let b = benchmark(arguments[1], in: loadInputs(arguments[0]))
    _ = b.size()
    BlackHole.consume(measuredPass(b))

default:
    usage()
}
