import Foundation

/// One look at the client's process in `/proc`: alive, resident memory, open descriptors.
public struct ProcessSample: Sendable, Hashable {
    /// Seconds since the run started.
    public var time: Double
    public var alive: Bool
    /// `VmRSS` of `/proc/PID/status`, KiB.
    public var rssKiB: Int?
    /// Entries of `/proc/PID/fd`.
    public var openFiles: Int?

    /// Reads `/proc/<pid>`; `alive` is false when the process is gone or a zombie.
    public static func read(pid: Int32, time: Double) -> ProcessSample {
        let base = "/proc/\(pid)"
        guard let status = try? String(contentsOfFile: base + "/status", encoding: .utf8) else {
            return ProcessSample(time: time, alive: false)
        }
        var rss: Int?
        var zombie = false
        for line in status.split(separator: "\n") {
            if line.hasPrefix("VmRSS:") {
                rss = Int(line.dropFirst(6).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "")
            } else if line.hasPrefix("State:") {
                zombie = line.contains("Z (zombie)") || line.contains("X (dead)")
            }
        }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: base + "/fd"))?.count
        return ProcessSample(time: time, alive: !zombie, rssKiB: rss, openFiles: files)
    }
}
