/// Character classes with Python's meaning, because the peers we match (scikit-learn's
/// `(?u)\b\w\w+\b`, jieba's regular expressions, VADER's `str.split`/`isupper`) are defined by them.
enum CharClass {
    /// Python's `\w` in a Unicode pattern: `str.isalnum()` or `_` (letters Lu/Ll/Lt/Lm/Lo and any
    /// character with a numeric value). Combining marks are not word characters, as in Python.
    @inline(__always) static func isWord(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 128 {
            return (v >= 48 && v <= 57) || (v >= 65 && v <= 90) || (v >= 97 && v <= 122) || v == 95
        }
        if isHan(s) { return true }
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return s.properties.numericType != nil
        }
    }

    /// Python's `str.isspace()` (Unicode White_Space plus the ASCII separators 0x1C–0x1F).
    @inline(__always) static func isSpace(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 128 { return v == 32 || (v >= 9 && v <= 13) || (v >= 0x1C && v <= 0x1F) }
        return s.properties.isWhitespace
    }

    /// The CJK range jieba treats as Chinese (`\u4E00-\u9FD5`).
    @inline(__always) static func isJiebaHan(_ s: Unicode.Scalar) -> Bool { s.value >= 0x4E00 && s.value <= 0x9FD5 }

    /// Any CJK unified ideograph (the basic block and extensions A–F, compatibility ideographs).
    @inline(__always) static func isHan(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3400 && v <= 0x4DBF) || (v >= 0x20000 && v <= 0x2EBEF) || (v >= 0xF900 && v <= 0xFAFF)
    }

    @inline(__always) static func isASCIIAlnum(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (v >= 48 && v <= 57) || (v >= 65 && v <= 90) || (v >= 97 && v <= 122)
    }

    @inline(__always) static func isASCIIDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 48 && s.value <= 57 }

    /// jieba's block class `[\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]`.
    @inline(__always) static func isJiebaBlock(_ s: Unicode.Scalar) -> Bool {
        if isJiebaHan(s) || isASCIIAlnum(s) { return true }
        switch s.value {
        case 43, 35, 38, 46, 95, 37, 45: return true  // + # & . _ % -
        default: return false
        }
    }

    /// Python's `str.lower()` for a whole string (full Unicode case mapping).
    static func lower(_ s: String) -> String {
        for u in s.utf8 where u >= 65 && u <= 90 || u >= 128 { return s.lowercased() }
        return s
    }

    /// Python's `str.isupper()`: at least one cased character and no lowercase or titlecase one.
    static func isUpper(_ s: String) -> Bool {
        var cased = false
        for u in s.unicodeScalars {
            let p = u.properties
            if p.isLowercase || p.generalCategory == .titlecaseLetter { return false }
            if p.isUppercase { cased = true }
        }
        return cased
    }
}
