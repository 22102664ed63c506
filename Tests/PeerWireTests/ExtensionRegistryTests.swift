import PeerWire
import Testing
import WireCore

@Suite struct ExtensionRegistryTests {
    static func handshake(_ text: String) throws -> ExtendedHandshake {
        try ExtendedHandshake.decode(Array(text.utf8)).value
    }

    /// Transmission's ids on our side, libtorrent's on the peer's: ut_metadata is 3 in and 2 out.
    @Test func idsDifferPerDirection() throws {
        var registry = ExtensionRegistry()
        registry.sent(try Self.handshake("d1:md11:ut_metadatai3e6:ut_pexi1eee"))
        registry.received(try Self.handshake("d1:md11:lt_donthavei7e11:ut_metadatai2e6:ut_pexi1eee"))
        #expect(registry.outgoingID(for: "ut_metadata") == 2)
        #expect(registry.outgoingID(for: "lt_donthave") == 7)
        #expect(registry.incomingName(for: 3) == "ut_metadata")
        #expect(registry.incomingName(for: 2) == nil)
        #expect(registry.incomingName(for: 7) == nil)
        #expect(registry.isNegotiated("ut_pex") && registry.isNegotiated("ut_metadata"))
        #expect(!registry.isNegotiated("lt_donthave"))
    }

    @Test func bep10ExampleThenDisable() throws {
        var registry = ExtensionRegistry()
        registry.received(try Self.handshake("d1:md11:LT_metadatai1e6:ut_pexi2ee1:pi6881e1:v12:uTorrent 1.2e"))
        #expect(registry.remote == ["LT_metadata": 1, "ut_pex": 2])
        // BEP 10's disable example as printed has no `m`: it disables nothing.
        registry.received(try Self.handshake("d11:LT_metadatai0ee"))
        #expect(registry.remote == ["LT_metadata": 1, "ut_pex": 2])
        // Inside `m`, it disables LT_metadata and leaves ut_pex alone: `m` is additive.
        registry.received(try Self.handshake("d1:md11:LT_metadatai0eee"))
        #expect(registry.remote == ["ut_pex": 2])
    }

    @Test func reHandshakeDisablesUTPex() throws {
        var registry = ExtensionRegistry()
        registry.sent(try Self.handshake("d1:md6:ut_pexi1eee"))
        registry.received(try Self.handshake("d1:md11:ut_metadatai3e6:ut_pexi1eee"))
        #expect(registry.isNegotiated("ut_pex"))
        registry.received(try Self.handshake("d1:md6:ut_pexi0eee"))
        #expect(registry.outgoingID(for: "ut_pex") == nil)
        #expect(registry.outgoingID(for: "ut_metadata") == 3)
        #expect(!registry.isNegotiated("ut_pex"))
        // Our own side is untouched: the peer may still be sent nothing, but we still receive on 1.
        #expect(registry.incomingName(for: 1) == "ut_pex")
        // We disable it too.
        registry.sent(try Self.handshake("d1:md6:ut_pexi0eee"))
        #expect(registry.incomingName(for: 1) == nil)
    }

    @Test func additiveUpdatesAndNewIDs() throws {
        var registry = ExtensionRegistry()
        registry.received(try Self.handshake("d1:md6:ut_pexi1eee"))
        registry.received(try Self.handshake("d1:md11:ut_metadatai2eee"))
        #expect(registry.remote == ["ut_pex": 1, "ut_metadata": 2])
        registry.received(try Self.handshake("d1:md6:ut_pexi5eee"))
        #expect(registry.outgoingID(for: "ut_pex") == 5)
        registry.received(try Self.handshake("d1:pi6881ee"))
        #expect(registry.remote == ["ut_pex": 5, "ut_metadata": 2])
        registry.received(try Self.handshake("d1:mdee"))
        #expect(registry.remote == ["ut_pex": 5, "ut_metadata": 2])
    }

    /// A name that takes an id another name holds takes it over; so does the later of two names
    /// sharing an id in one handshake.
    @Test func idTakeover() throws {
        var registry = ExtensionRegistry()
        registry.sent(try Self.handshake("d1:md6:ut_pexi1eee"))
        registry.sent(try Self.handshake("d1:md11:ut_metadatai1eee"))
        #expect(registry.local == ["ut_metadata": 1])
        #expect(registry.incomingName(for: 1) == "ut_metadata")
        registry.received(try Self.handshake("d1:md11:ut_metadatai4e6:ut_pexi4eee"))
        #expect(registry.remote == ["ut_pex": 4])
    }

    @Test func handshakeIDIsNeverAnExtension() throws {
        var registry = ExtensionRegistry()
        registry.sent(try Self.handshake("d1:md6:ut_pexi1eee"))
        #expect(registry.incomingName(for: 0) == nil)
        #expect(registry.outgoingID(for: "ut_pex") == nil)
    }
}
