/// Replays transcripts: recovers each direction's frames from its bytes in several
/// ``Chunking``s, decodes every message with its decode kind in lenient (and where asked, strict)
/// mode, follows the extended ids each side assigned, asks the receiving peer's
/// ``ClientProfile`` for its reaction, and reports Expected and Actual for every check that fails.
public struct ReplayEngine: Sendable {
    public var chunkings: [Chunking]
    /// Frames longer than this are `frame_too_large` when the streams are split (the framers' default).
    public var maxFrameSize: Int

    public init(chunkings: [Chunking] = Chunking.standard, maxFrameSize: Int = 1 << 20) {
        self.chunkings = chunkings
        self.maxFrameSize = maxFrameSize
    }

    /// Replays every case of `set`.
    public func replay(_ set: TranscriptSet) -> ReplayReport {
        ReplayReport(cases: set.entries.map { replay($0.transcript, file: $0.file) })
    }

    /// Replays one case.
    public func replay(_ transcript: Transcript, file: String? = nil) -> CaseReport {
        var report = CaseReport(
            id: transcript.id, title: transcript.title, file: file, requirement: transcript.spec.requirement, hazard: transcript.hazard,
            mismatches: [], wireLog: [], specGroup: transcript.specGroup)
        for connection in transcript.connections {
            for direction in TranscriptMessage.Direction.allCases {
                report.mismatches += checkFraming(transcript, connection: connection.id, direction: direction)
            }
        }
        var run = ReplayRun(transcript: transcript)
        for (index, message) in transcript.messages.enumerated() {
            report.mismatches += run.check(message, index: index)
            report.wireLog.append(run.lastLogLine)
        }
        report.mismatches.insert(contentsOf: run.profileProblems, at: 0)
        return report
    }

    /// The frames of one direction of one connection, split back out of its concatenated bytes in
    /// every chunking, must be the messages' frames.
    private func checkFraming(_ transcript: Transcript, connection: String, direction: TranscriptMessage.Direction) -> [Mismatch] {
        let messages = transcript.messages.enumerated().filter {
            $0.element.direction == direction && ($0.element.connection ?? transcript.connections[0].id) == connection
        }
        guard !messages.isEmpty else { return [] }
        let bytes = messages.flatMap(\.element.bytes)
        guard let replayer = StreamReplayer(framings: messages.map(\.element.framing), maxFrameSize: maxFrameSize) else {
            return [
                Mismatch(
                    message: messages.first?.offset, check: "framing", expected: "one framing per direction after the handshake",
                    actual: "\(direction.rawValue) mixes standard and Azureus frames")
            ]
        }
        var failures: [(chunking: Chunking, mismatch: Mismatch)] = []
        for chunking in chunkings {
            var stream = replayer
            var outputs: [StreamReplayer.Output] = []
            for range in chunking.ranges(count: bytes.count) { outputs += stream.feed(bytes[range]) }
            if let mismatch = Self.compare(outputs, messages) { failures.append((chunking, mismatch)) }
        }
        // One mismatch per distinct failure, naming every chunking that showed it.
        var merged: [Mismatch] = []
        for failure in failures {
            if let i = merged.firstIndex(where: { $0.message == failure.mismatch.message && $0.actual == failure.mismatch.actual }) {
                merged[i].check = String(merged[i].check.dropLast()) + ", \(failure.chunking))"
            } else {
                var mismatch = failure.mismatch
                mismatch.check = "framing (\(failure.chunking))"
                merged.append(mismatch)
            }
        }
        return merged
    }

    private static func compare(_ outputs: [StreamReplayer.Output], _ messages: [EnumeratedSequence<[TranscriptMessage]>.Element]) -> Mismatch? {
        for (n, (index, message)) in messages.enumerated() {
            guard n < outputs.count else {
                // A frame cut short by the end of the stream is fine only where the case expects an error.
                if case .error = message.expect { return nil }
                return Mismatch(message: index, check: "framing", expected: "a whole \(message.framing.rawValue) frame of \(message.bytes.count) bytes", actual: "the stream ended inside the frame")
            }
            switch outputs[n] {
            case .frame(let frame):
                if frame != message.bytes {
                    return Mismatch(
                        message: index, check: "framing", expected: "frame \(LogText.hex(message.bytes))",
                        actual: "frame \(LogText.hex(frame)): the framer does not read this message's bytes as one frame")
                }
            case .error(let error):
                if case .error(let code, _) = message.expect, code == error.code.rawValue { return nil }
                return Mismatch(message: index, check: "framing", expected: "a whole frame", actual: "\(error.code.rawValue) at stream offset \(error.offset)")
            }
        }
        return nil
    }
}
