/// Text as XML 1.0 character data and attribute values, for the JUnit reports.
public enum XMLText {
    /// `text` with `&`, `<`, `>`, `"` and `'` escaped, and the control characters XML 1.0 forbids
    /// even as references (all below U+0020 but tab, line feed and carriage return) written as `?`.
    public static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20: out += "?"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
