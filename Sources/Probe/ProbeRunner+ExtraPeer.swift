import Conformance
import Foundation
import NIOCore
import NIOPosix
import PeerWire
import PexModel

extension ProbeRunner {
    // MARK: The extra peer

    /// Returns what happened, for the report: when the extra peer joined and left.
    func churn(connectionIndex: Int, window: Double, deadline: RunDeadline) async -> String {
        try? await Task.sleep(for: .seconds(5))
        let peer: ProbePeer
        switch await open(connectionIndex, announcedPort: configuration.churnPort, deadline: deadline) {
        case .failure(let failure): return "the extra peer could not connect: \(failure)"
        case .success(let opened): peer = opened
        }
        let from = peer.connection.localAddress
        if let failure = await peer.establish() {
            await peer.finish()
            return "the extra peer from \(from) failed: \(failure)"
        }
        let ended = await peer.waitForEnd(seconds: window - 15)
        await peer.finish()
        if let ended {
            return String(format: "a peer from %@ with p=%d joined at 5 s; the client closed it %.0f s later", from, Int(configuration.churnPort), ended.time)
        }
        return String(format: "a peer from %@ with p=%d joined at 5 s and left at %.0f s", from, Int(configuration.churnPort), window - 10)
    }
}
