import XCTest
import SiftLanguage

final class LexerTests: XCTestCase {
    // MARK: numbers

    func testIntegersWithUnderscores() throws {
        XCTAssertEqual(try tokenKinds("0 42 1_000 1_000_000"), [.int(0), .int(42), .int(1000), .int(1_000_000)])
    }

    func testFloatsExponentsAndLeadingDot() throws {
        XCTAssertEqual(try tokenKinds("1e5 2E-3 1.5e+2 .5 3.25 1_000.5"),
                       [.float(100_000), .float(0.002), .float(150), .float(0.5), .float(3.25), .float(1000.5)])
    }

    func testMinusIsASeparateTokenForTheParser() throws {
        XCTAssertEqual(try tokenKinds("-5"), [.symbol(.minus), .int(5)])
    }

    func testLargestIntAndTooLargeInt() throws {
        XCTAssertEqual(try tokenKinds("9223372036854775807"), [.int(Int64.max)])
        assertSiftError(try tokenKinds("9223372036854775808"), kind: .syntax) { e in
            XCTAssertTrue(e.message.contains("does not fit in 64 bits"), e.message)
            XCTAssertEqual(e.hint, "write it as a float, e.g. 9223372036854775808.0")
            XCTAssertFalse(e.incomplete)
        }
    }

    func testFloatLiteralOutOfRangeIsAnError() throws {
        // Used to lex as +infinity silently.
        assertSiftError(try tokenKinds("x = 1e400"), kind: .syntax) { e in
            XCTAssertTrue(e.message.contains("too large"), e.message)
            XCTAssertEqual(e.span?.column, 5)
        }
    }

    func testNumberRunningIntoLettersIsMalformed() throws {
        assertSiftError(try tokenKinds("x = 12abc"), kind: .syntax) { e in
            XCTAssertEqual(e.message, "malformed number '12abc'")
            XCTAssertEqual(e.hint, "names cannot start with a digit")
            XCTAssertEqual(e.span?.column, 5)
        }
        assertSiftError(try tokenKinds("1e"), kind: .syntax) { e in XCTAssertEqual(e.message, "malformed number '1e'") }
    }

    func testNumberFollowedByMemberDotStaysAnInt() throws {
        // `1.` is not a float: the dot must be followed by a digit.
        XCTAssertEqual(try tokenKinds("1.x"), [.int(1), .symbol(.dot), .identifier("x")])
    }

    // MARK: strings

    func testStringEscapes() throws {
        XCTAssertEqual(try tokenKinds(#""a\nb\tc\r\"q\" \\ \$ \'""#), [.string("a\nb\tc\r\"q\" \\ $ '")])
        XCTAssertEqual(try tokenKinds(#"'it\'s' "nul\0""#), [.string("it's"), .string("nul\0")])
    }

    func testUnicodeEscapes() throws {
        XCTAssertEqual(try tokenKinds(#""\u{41}\u{e9}\u{1F600}""#), [.string("Aé😀")])
    }

    func testRawUnicodeAndNewlinesInsideStrings() throws {
        XCTAssertEqual(try tokenKinds("\"größe\nzwei\""), [.string("größe\nzwei")])
    }

    func testInvalidUnicodeEscapes() throws {
        for bad in [#""\u{110000}""#, #""\u{D800}""#, #""\u{zz}""#] {
            assertSiftError(try tokenKinds(bad), kind: .syntax, bad) { e in
                XCTAssertEqual(e.message, "invalid \\u{…} escape", bad)
                XCTAssertFalse(e.incomplete, bad)
            }
        }
        assertSiftError(try tokenKinds(#""\u41""#), kind: .syntax) { e in XCTAssertEqual(e.message, "expected \\u{hex}") }
    }

    func testUnknownEscapeHasAHint() throws {
        assertSiftError(try tokenKinds(#"path = "C:\data""#), kind: .syntax) { e in
            XCTAssertEqual(e.message, "unknown escape \\d")
            XCTAssertEqual(e.hint, "write \\\\ for a backslash")
            XCTAssertEqual(e.span?.column, 11)
        }
    }

    func testUnterminatedStringIsIncomplete() throws {
        for text in ["\"abc", "x = 'abc", "\"abc\\", "\"line one\nline two"] {
            assertSiftError(try tokenKinds(text), kind: .syntax, text) { e in
                XCTAssertTrue(e.incomplete, "\(text.debugDescription) should ask for more input")
                XCTAssertEqual(e.message, "unterminated string", text)
            }
        }
        assertSiftError(try tokenKinds("x = \"abc")) { e in
            XCTAssertEqual(e.span?.column, 5, "the error points at the opening quote")
            XCTAssertEqual(e.hint, "close it with \"")
        }
    }

    // MARK: names

    func testIdentifiersKeywordsAndVariables() throws {
        XCTAssertEqual(try tokenKinds("revenue _x a1 $spend $_y"),
                       [.identifier("revenue"), .identifier("_x"), .identifier("a1"), .variable("spend"), .variable("_y")])
        XCTAssertEqual(try tokenKinds("fn if then else and or not in true false null"),
                       Keyword.allCases.map { .keyword($0) })
        // A keyword prefix is still a name.
        XCTAssertEqual(try tokenKinds("android iffy nullable"), [.identifier("android"), .identifier("iffy"), .identifier("nullable")])
    }

    func testNonASCIILettersAreNames() throws {
        XCTAssertEqual(try tokenKinds("größe é_1 число"), [.identifier("größe"), .identifier("é_1"), .identifier("число")])
    }

    func testDollarWithoutANameIsAnError() throws {
        assertSiftError(try tokenKinds("x + $"), kind: .syntax) { e in
            XCTAssertEqual(e.message, "expected a variable name after $")
            XCTAssertEqual(e.hint, "write $name to use a variable where a column has the same name")
            XCTAssertEqual(e.span?.column, 5)
        }
    }

    func testBacktickNames() throws {
        XCTAssertEqual(try tokenKinds("`unit price` + `2024 total`"),
                       [.identifier("unit price"), .symbol(.plus), .identifier("2024 total")])
        // A backtick name is never a keyword.
        XCTAssertEqual(try tokenKinds("`if`"), [.identifier("if")])
    }

    func testUnterminatedBacktickName() throws {
        assertSiftError(try tokenKinds("x = `unit price"), kind: .syntax) { e in
            XCTAssertTrue(e.incomplete, "input ending inside a quoted name can continue")
            XCTAssertEqual(e.span?.column, 5)
        }
        assertSiftError(try tokenKinds("x = `unit\nprice`"), kind: .syntax) { e in
            XCTAssertFalse(e.incomplete, "a quoted name cannot span lines")
        }
    }

    // MARK: symbols, comments, layout

    func testSymbolsLongestFirst() throws {
        XCTAssertEqual(try tokenKinds("|> == != <= >= -> < > = ~ : , . ; + - * / % ^ ( ) [ ] { }"),
                       [.symbol(.pipe), .symbol(.equal), .symbol(.notEqual), .symbol(.lessEqual), .symbol(.greaterEqual), .symbol(.arrow),
                        .symbol(.less), .symbol(.greater), .symbol(.assign), .symbol(.tilde), .symbol(.colon), .symbol(.comma), .symbol(.dot),
                        .symbol(.semicolon), .symbol(.plus), .symbol(.minus), .symbol(.star), .symbol(.slash), .symbol(.percent), .symbol(.caret),
                        .symbol(.leftParen), .symbol(.rightParen), .symbol(.leftBracket), .symbol(.rightBracket), .symbol(.leftBrace), .symbol(.rightBrace)])
        XCTAssertEqual(try tokenKinds("a<=b"), [.identifier("a"), .symbol(.lessEqual), .identifier("b")])
    }

    func testComments() throws {
        XCTAssertEqual(try tokenKinds("x = 1 # the answer, with \"quotes\" and (brackets\ny"),
                       [.identifier("x"), .symbol(.assign), .int(1), .newline, .identifier("y")])
        XCTAssertEqual(try tokenKinds("# only a comment"), [])
        XCTAssertEqual(try tokenKinds("\"# not a comment\""), [.string("# not a comment")])
    }

    func testNewlinesAreSeparatorsAtTopLevel() throws {
        XCTAssertEqual(try tokenKinds("a\nb\r\nc"), [.identifier("a"), .newline, .identifier("b"), .newline, .identifier("c")])
    }

    func testNewlinesSuppressedInsideBrackets() throws {
        XCTAssertEqual(try tokenKinds("f(1,\n  2)\n[3,\n4]\n{a:\n5}"),
                       [.identifier("f"), .symbol(.leftParen), .int(1), .symbol(.comma), .int(2), .symbol(.rightParen), .newline,
                        .symbol(.leftBracket), .int(3), .symbol(.comma), .int(4), .symbol(.rightBracket), .newline,
                        .symbol(.leftBrace), .identifier("a"), .symbol(.colon), .int(5), .symbol(.rightBrace)])
        // Nested brackets: the newline comes back only after the outermost one closes.
        XCTAssertEqual(try tokenKinds("f([1,\n(2)\n])\nx").filter { $0 == .newline }.count, 1)
    }

    func testStrayClosingBracketDoesNotSwallowNewlines() throws {
        XCTAssertEqual(try tokenKinds(")\na"), [.symbol(.rightParen), .newline, .identifier("a")])
    }

    func testBackslashContinuesALine() throws {
        XCTAssertEqual(try tokenKinds("1 + \\\n 2"), [.int(1), .symbol(.plus), .int(2)])
        XCTAssertEqual(try tokenKinds("1 + \\\r\n 2"), [.int(1), .symbol(.plus), .int(2)])
    }

    func testTokensKnowWhetherTheyStartALine() throws {
        let tokens = try Lexer.tokenize(source("df\n  |> head(2)"))
        XCTAssertEqual(tokens.map(\.kind).first, .identifier("df"))
        XCTAssertTrue(tokens[0].atLineStart)
        let pipe = try XCTUnwrap(tokens.first { $0.kind == .symbol(.pipe) })
        XCTAssertTrue(pipe.atLineStart)
        XCTAssertEqual(pipe.span.line, 2)
        XCTAssertEqual(pipe.span.column, 3)
        let head = try XCTUnwrap(tokens.first { $0.kind == .identifier("head") })
        XCTAssertFalse(head.atLineStart)
    }

    func testSpansAreCharacterColumns() throws {
        let tokens = try Lexer.tokenize(source("größe  +\n\t x"))
        XCTAssertEqual(tokens[0].span.column, 1)
        XCTAssertEqual(tokens[1].span.column, 8, "columns count characters, not UTF-8 bytes")
        let x = tokens.first { $0.kind == .identifier("x") }!
        XCTAssertEqual(x.span.line, 2)
        XCTAssertEqual(x.span.column, 3)
        XCTAssertEqual(x.span.location, "<test>:2:3")
    }

    // MARK: unexpected characters

    func testUnknownCharactersHaveHints() throws {
        let cases: [(String, String, String)] = [
            ("a && b", "&", "use `and` / `or`"),
            ("a | b", "|", "use `and` / `or`"),
            ("!done", "!", "use `not`"),
            ("print(“hi”)", "“", "use straight quotes \"…\""),
            ("3 × 2", "×", "use * to multiply"),
            ("a ≤ b", "≤", "use <="),
        ]
        for (code, ch, hint) in cases {
            assertSiftError(try tokenKinds(code), kind: .syntax, code) { e in
                XCTAssertEqual(e.message, "unexpected character '\(ch)'", code)
                XCTAssertEqual(e.hint, hint, code)
                XCTAssertFalse(e.incomplete, code)
            }
        }
    }

    func testUnknownCharacterPosition() throws {
        assertSiftError(try tokenKinds("x = 1\ny = 2 @ 3"), kind: .syntax) { e in
            XCTAssertEqual(e.message, "unexpected character '@'")
            XCTAssertEqual(place(e)?.line, 2)
            XCTAssertEqual(place(e)?.column, 7)
        }
    }
}
