#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One running implementation harness: a child process started with `/bin/sh -c COMMAND` in its
/// own process group, written to on standard input and read from on standard output, one line at
/// a time. Every read is bounded by a deadline and a line-size cap, so a harness that hangs,
/// floods its output or writes one huge line costs at most the deadline and the cap; standard
/// error is drained and its last bytes kept for the report.
final class ImplementationProcess {
    /// Why a line could not be exchanged.
    enum Failure: Error, Equatable, CustomStringConvertible {
        /// The harness closed its output or exited; its exit status, or the signal that ended it.
        case exited(String)
        /// No whole line within the deadline.
        case timeout(seconds: Double)
        /// A line longer than the cap (without its newline).
        case lineTooLong(limit: Int)
        /// The process could not be started.
        case spawnFailed(String)

        var description: String {
            switch self {
            case .exited(let status): return "the implementation exited (\(status))"
            case .timeout(let seconds): return "no answer within \(Self.seconds(seconds))"
            case .lineTooLong(let limit): return "an output line longer than \(limit) bytes"
            case .spawnFailed(let why): return "could not start: \(why)"
            }
        }

        private static func seconds(_ value: Double) -> String {
            value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
        }
    }

    let command: String
    private let pid: pid_t
    private var input: Int32
    private let output: Int32
    private let errors: Int32
    private var buffer: [UInt8] = []
    private var outputClosed = false
    private var exitStatus: String?
    /// The last bytes the harness wrote on standard error.
    private(set) var errorTail: [UInt8] = []
    static let errorTailLimit = 2_048

    /// Starts `command` through `/bin/sh -c`, in a new process group.
    init(command: String) throws(Failure) {
        self.command = command
        // A harness that dies while we write to it must not kill us with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        var inPipe: [Int32] = [-1, -1], outPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1]
        guard pipe(&inPipe) == 0, pipe(&outPipe) == 0, pipe(&errPipe) == 0 else {
            for fd in inPipe + outPipe + errPipe where fd >= 0 { close(fd) }
            throw .spawnFailed("pipe: errno \(errno)")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        for fd in inPipe + outPipe + errPipe { posix_spawn_file_actions_addclose(&actions, fd) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sh"), strdup("-c"), strdup(command), nil]
        defer { for arg in argv { free(arg) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, "/bin/sh", &actions, &attributes, argv, environ)
        close(inPipe[0])
        close(outPipe[1])
        close(errPipe[1])
        guard status == 0 else {
            close(inPipe[1])
            close(outPipe[0])
            close(errPipe[0])
            throw .spawnFailed("posix_spawn: error \(status)")
        }
        pid = child
        input = inPipe[1]
        output = outPipe[0]
        errors = errPipe[0]
        for fd in [input, output, errors] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
    }

    deinit { terminate() }

    /// Writes `line` and a newline, then reads one line back, within `deadline` seconds in all.
    func exchange(_ line: String, deadline seconds: Double, maxLine: Int) throws(Failure) -> [UInt8] {
        let deadline = Self.now() + seconds
        var pending = Array(line.utf8) + [UInt8(ascii: "\n")]
        var written = 0
        while written < pending.count {
            try wait(deadline: deadline, seconds: seconds, maxLine: maxLine, writing: true)
            let n = pending[written...].withUnsafeBytes { write(input, $0.baseAddress, $0.count) }
            if n > 0 {
                written += n
            } else if n < 0 && errno != EAGAIN && errno != EINTR {
                throw .exited(reap())
            }
        }
        pending = []
        return try readLine(deadline: deadline, seconds: seconds, maxLine: maxLine)
    }

    /// Reads the next line (without its newline), waiting until `deadline`.
    private func readLine(deadline: Double, seconds: Double, maxLine: Int) throws(Failure) -> [UInt8] {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                return line
            }
            if buffer.count > maxLine { throw .lineTooLong(limit: maxLine) }
            if outputClosed { throw .exited(reap()) }
            try wait(deadline: deadline, seconds: seconds, maxLine: maxLine, writing: false)
        }
    }

    /// Waits until standard input can take bytes (when `writing`) or standard output had some,
    /// draining standard output and standard error meanwhile.
    private func wait(deadline: Double, seconds: Double, maxLine: Int, writing: Bool) throws(Failure) {
        while true {
            let left = deadline - Self.now()
            if left <= 0 { throw .timeout(seconds: seconds) }
            var fds = [
                pollfd(fd: output, events: Int16(POLLIN), revents: 0),
                pollfd(fd: errors, events: Int16(POLLIN), revents: 0),
                pollfd(fd: writing ? input : -1, events: Int16(POLLOUT), revents: 0),
            ]
            let ready = poll(&fds, 3, Int32(min(left * 1000, 1000).rounded(.up)))
            if ready < 0 && errno != EINTR { throw .exited(reap()) }
            if ready <= 0 { continue }
            var gotOutput = false
            if fds[0].revents != 0 { gotOutput = drain(output, into: &buffer, limit: maxLine + 1) }
            if fds[1].revents != 0 {
                var chunk: [UInt8] = []
                _ = drain(errors, into: &chunk, limit: 1 << 16)
                errorTail = Array((errorTail + chunk).suffix(Self.errorTailLimit))
            }
            if writing {
                if fds[2].revents & Int16(POLLOUT) != 0 { return }
                if fds[2].revents & Int16(POLLERR | POLLHUP) != 0 { throw .exited(reap()) }
                // Output that cannot be a whole line yet still counts against the cap.
                if buffer.count > maxLine { throw .lineTooLong(limit: maxLine) }
                if outputClosed { throw .exited(reap()) }
            } else if gotOutput || outputClosed {
                return
            }
        }
    }

    /// Reads what `fd` has (at most until `into` holds `limit` bytes); true when bytes came or the end was reached.
    private func drain(_ fd: Int32, into target: inout [UInt8], limit: Int) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var progressed = false
        while target.count < limit {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, min($0.count, limit - target.count)) }
            if n > 0 {
                target.append(contentsOf: chunk[0..<n])
                progressed = true
            } else {
                if n == 0 {
                    if fd == output { outputClosed = true }
                    progressed = true
                }
                break
            }
        }
        return progressed
    }

    /// Waits for the child's exit (up to 1 s, then kills its group) and describes its status.
    private func reap() -> String {
        if let exitStatus { return exitStatus }
        var status: Int32 = 0
        var result: pid_t = 0
        for _ in 0..<100 {
            result = waitpid(pid, &status, WNOHANG)
            if result != 0 { break }
            usleep(10_000)
        }
        if result == 0 {
            kill(-pid, SIGKILL)
            result = waitpid(pid, &status, 0)
        }
        // Whatever the harness left running in its group goes with it (the group id stays
        // reserved while any member lives, so this cannot reach another process).
        kill(-pid, SIGKILL)
        let text: String
        if result == pid {
            let signalled = status & 0x7f
            text = signalled == 0 ? "exit status \((status >> 8) & 0xff)" : "killed by signal \(signalled)"
        } else {
            text = "status unknown"
        }
        exitStatus = text
        return text
    }

    /// Closes the pipes and kills the process group, once.
    func terminate() {
        guard input >= 0 else { return }
        close(input)
        input = -1
        close(output)
        close(errors)
        if exitStatus == nil {
            kill(-pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            exitStatus = "killed by pexspec"
        }
    }

    private static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
