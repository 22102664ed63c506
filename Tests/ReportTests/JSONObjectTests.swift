import Testing
import WireJSON

@Suite struct JSONObjectTests {
    @Test func optionalMembersOnlyWhenPresent() {
        var object = JSONObject([("a", 1)])
        object.put("b", nil)
        object.put("c", string: "x")
        object.put("d", integer: Int?.none)
        object.put("e", integer: UInt8(7))
        object.put("f", seconds: 1.23456)
        #expect(object.value.serialized() == #"{"a": 1, "c": "x", "e": 7, "f": 1.235}"#)
    }
}
