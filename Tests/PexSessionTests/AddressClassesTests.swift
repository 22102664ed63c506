import PexModel
import PexSession
import Testing

@Suite struct AddressClassesTests {
    @Test(arguments: [("127.0.0.1", true), ("127.255.0.9", true), ("::1", true), ("::ffff:127.0.0.1", false), ("10.0.0.1", false), ("::", false)])
    func loopbackIs127Slash8AndColonColon1(text: String, loopback: Bool) throws {
        let ip = try #require(IPAddress(text))
        #expect(ip.isLoopback == loopback)
        #expect(AddressClasses.of(ip).contains(.loopback) == loopback)
    }

    @Test func aV4MappedLoopbackIsMappedNotLoopback() throws {
        let ip = try #require(IPAddress("::ffff:127.0.0.1"))
        #expect(AddressClasses.of(ip) == [.v4MappedIPv6])
        #expect(ip.unmappedIPv4?.isLoopback == true)
    }
}
