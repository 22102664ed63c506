/// What a client profile predicts the client does with each robustness input.
///
/// Interim table: replaced by the conformance module's `ClientProfile` predictions once that
/// lands. Sources: implementations.md ("ut_pex, receiving", "BEP 10 extended handshake" and
/// "Observed on loopback").
struct ClientExpectations: Sendable {
    struct Prediction: Sendable {
        var reaction: ObservedReaction
        /// Why: the rule or observation behind it.
        var because: String
    }

    /// The profile id (`libtorrent-2.0`).
    var profile: String
    var predictions: [RobustnessProbe.Input: Prediction]

    static let libtorrent = ClientExpectations(profile: "libtorrent-2.0", predictions: [
        .emptyPex: Prediction(reaction: .stays, because: "accepted (counts toward flood)"),
        .addedSevenBytes: Prediction(reaction: .stays, because: "trailing bytes ignored"),
        .addedWithoutFlags: Prediction(reaction: .stays, because: "all added peers dropped, connection kept"),
        .listNotDictionary: Prediction(reaction: .disconnects, because: "root not a dict: disconnect"),
        .notBencode: Prediction(reaction: .disconnects, because: "invalid bencode: disconnect"),
        .flood: Prediction(reaction: .disconnects, because: "disconnect when the 7th message arrives within 60 s of the 1st"),
        .oversizedFrame: Prediction(reaction: .disconnects, because: "frames over 1 MiB: disconnect"),
        .extendedTooShort: Prediction(reaction: .disconnects, because: "an extended message shorter than 2 bytes: disconnect"),
    ])

    static let transmission = ClientExpectations(profile: "transmission-3.00", predictions: [
        .emptyPex: Prediction(reaction: .stays, because: "accepted"),
        .addedSevenBytes: Prediction(reaction: .stays, because: "trailing bytes ignored"),
        .addedWithoutFlags: Prediction(reaction: .stays, because: "peers kept, flags 0"),
        .listNotDictionary: Prediction(reaction: .stays, because: "root not a dict: ignored"),
        .notBencode: Prediction(reaction: .stays, because: "invalid bencode: ignored"),
        .flood: Prediction(reaction: .stays, because: "no flood rule"),
    ])

    static let known = [libtorrent, transmission]

    /// The profile for `name`, or the one the client's `v` points to.
    static func select(profile name: String?, version: String?) -> ClientExpectations? {
        if let name { return known.first { $0.profile == name } }
        guard let version else { return nil }
        if version.hasPrefix("libtorrent/2.") || version.hasPrefix("libtorrent 2.") { return libtorrent }
        if version.hasPrefix("Transmission 3.00") { return transmission }
        return nil
    }
}
