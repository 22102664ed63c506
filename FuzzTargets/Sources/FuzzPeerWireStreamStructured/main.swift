import FuzzHarness
import StructuredHooks

// FuzzPeerWireStream with the peer-wire frame mutator (docs/structure-aware-fuzzing.md).
@_silgen_name("pexspecStructuredTarget")
public func structuredTarget() -> StructuredTarget { StructuredTarget(run: FuzzTargets.peerWireStream, mutator: StructuredTargets.peerWireStream) }
