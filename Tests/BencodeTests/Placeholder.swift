import Testing
@Test func placeholderBencodeTests() { #expect(Bool(true)) }
