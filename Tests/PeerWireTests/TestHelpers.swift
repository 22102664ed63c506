import Testing
import TestSupport
import PeerWire
import WireCore
import WireDecode
import WireJSON

/// A code and an offset: what tests compare of an error or a warning (messages may change).
struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    var code: String
    var offset: Int
    var description: String { "\(code)@\(offset)" }

    init(code: String, offset: Int) {
        self.code = code
        self.offset = offset
    }

    init(_ code: ParseError.Code, offset: Int) { self.init(code: code.rawValue, offset: offset) }
}

extension ParseError {
    var diagnostic: Diagnostic { .init(code: code.rawValue, offset: offset) }
}

extension ParseWarning {
    var diagnostic: Diagnostic { .init(code: code.rawValue, offset: offset) }
}

extension DecodeVector {
    /// The error the vector expects in lenient mode, if any.
    var lenientError: Diagnostic? { error(.lenient).map { Diagnostic(code: $0.code, offset: $0.offset) } }
}

extension DecodeOutcome {
    var value: Decoded<JSONValue>? { try? result.get() }
    var failure: ParseError? {
        if case .failure(let error) = result { return error }
        return nil
    }
}

/// Expects `body` to throw a ``ParseError`` with `code` at `offset` (messages are not compared).
func expectParseError<R>(
    _ code: ParseError.Code, at offset: Int, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> R
) {
    do {
        let value = try body()
        Issue.record("expected \(code)@\(offset), got \(value)", sourceLocation: sourceLocation)
    } catch let error as ParseError {
        #expect(error.diagnostic == Diagnostic(code, offset: offset), sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected a ParseError, got \(error)", sourceLocation: sourceLocation)
    }
}

/// A decoder that takes bytes in any chunking: the framer, and the stream decoder around it.
protocol ChunkedDecoder {
    associatedtype Output: Equatable
    mutating func append(_ bytes: some Sequence<UInt8>)
    mutating func next() throws(ParseError) -> Output?
    var hasPartialFrame: Bool { get }
    var bufferedByteCount: Int { get }
}

extension PeerFrameDecoder: ChunkedDecoder {}
extension PeerStreamDecoder: ChunkedDecoder where Framer == PeerFrameDecoder {}

/// What a decoder yields for a sequence of chunks, draining after each one.
struct Run<Decoder: ChunkedDecoder>: Equatable {
    var outputs: [Decoder.Output] = []
    var error: ParseError?
    var partial = false
    var buffered = 0

    init(_ decoder: Decoder, _ chunks: some Sequence<ArraySlice<UInt8>>) {
        var decoder = decoder
        for chunk in chunks {
            decoder.append(chunk)
            do throws(ParseError) {
                while let output = try decoder.next() { outputs.append(output) }
            } catch {
                self.error = error
                return
            }
        }
        partial = decoder.hasPartialFrame
        buffered = decoder.bufferedByteCount
    }
}

typealias FrameRun = Run<PeerFrameDecoder>
typealias StreamRun = Run<PeerStreamDecoder<PeerFrameDecoder>>

extension Run where Decoder == PeerFrameDecoder {
    init(_ chunks: some Sequence<ArraySlice<UInt8>>, maxFrameSize: Int = PeerFrameDecoder.defaultMaxFrameSize) {
        self.init(PeerFrameDecoder(maxFrameSize: maxFrameSize), chunks)
    }
}

extension Run where Decoder == PeerStreamDecoder<PeerFrameDecoder> {
    init(_ chunks: some Sequence<ArraySlice<UInt8>>, maxFrameSize: Int = PeerFrameDecoder.defaultMaxFrameSize) {
        self.init(PeerStreamDecoder(maxFrameSize: maxFrameSize), chunks)
    }
}
