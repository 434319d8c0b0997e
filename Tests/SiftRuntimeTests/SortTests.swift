import XCTest
import SiftFrame
import SiftLanguage
import SiftRuntime

/// `sort` (and its alias `arrange`): multi-key, descending, stable, nulls last.
final class SortTests: SessionTestCase {
    func testSingleKeyAscendingWithNullsLast() throws {
        XCTAssertEqual(ints(try frame("df |> sort(x)"), "id"), [5, 1, 3, 4, 2])
        XCTAssertEqual(ints(try frame("df |> sort(y)"), "id"), [1, 2, 4, 5, 3])
        XCTAssertEqual(ints(try frame("df |> sort(d)"), "id"), [3, 1, 2, 5, 4])
    }

    func testDescendingKeepsNullsLast() throws {
        XCTAssertEqual(ints(try frame("df |> sort(-x)"), "id"), [4, 3, 1, 5, 2])
        XCTAssertEqual(ints(try frame("df |> sort(desc(x))"), "id"), [4, 3, 1, 5, 2])
        XCTAssertEqual(ints(try frame("df |> sort(y, descending: true)"), "id"), [5, 4, 2, 1, 3])
        XCTAssertEqual(ints(try frame("df |> sort(-d)"), "id"), [5, 2, 1, 3, 4])
    }

    func testMinusFlipsDescendingTrue() throws {
        XCTAssertEqual(ints(try frame("df |> sort(-y, descending: true)"), "id"), [1, 2, 4, 5, 3])
    }

    func testMultipleKeys() throws {
        let f = try frame("df |> sort(grp, -x)")
        XCTAssertEqual(ints(f, "id"), [3, 1, 4, 2, 5])
        XCTAssertEqual(ints(try frame("df |> sort(flag, -id)"), "id"), [5, 2, 3, 1, 4], "false < true, null last")
    }

    func testTextSortsByCodePointAndExpressionsAreKeys() throws {
        XCTAssertEqual(strings(try frame("df |> sort(name)"), "name"), ["Alice", "Carol", "Eve", "bob", "dave"])
        XCTAssertEqual(strings(try frame("df |> sort(\"name\")"), "name"), ["Alice", "Carol", "Eve", "bob", "dave"])
        XCTAssertEqual(strings(try frame("df |> sort(lower(name))"), "name"), ["Alice", "bob", "Carol", "dave", "Eve"])
        XCTAssertEqual(strings(try frame("df |> sort(-name)"), "name"), ["dave", "bob", "Eve", "Carol", "Alice"])
    }

    func testSortIsStable() throws {
        // Equal keys keep their input order, whichever direction.
        XCTAssertEqual(ints(try frame("df |> mutate(k = 1) |> sort(k)"), "id"), [1, 2, 3, 4, 5])
        XCTAssertEqual(ints(try frame("df |> mutate(k = 1) |> sort(-k)"), "id"), [1, 2, 3, 4, 5])
        XCTAssertEqual(ints(try frame("df |> sort(grp)"), "id"), [1, 3, 2, 4, 5])
    }

    func testArrangeAliasAndGroupedInput() throws {
        XCTAssertEqual(ints(try frame("df |> arrange(-id)"), "id"), [5, 4, 3, 2, 1])
        guard case .grouped(let g) = try eval("df |> group_by(grp) |> sort(-id)") else { return XCTFail("grouping lost") }
        XCTAssertEqual(g.keys, ["grp"])
        XCTAssertEqual(ints(g.frame, "id"), [5, 4, 3, 2, 1])
    }

    func testSortErrors() throws {
        assertFails("df |> sort()") { e in XCTAssertEqual(e.message, "sort() needs at least one key, e.g. sort(-revenue)") }
        assertFails("df |> sort(nope)") { e in
            XCTAssertEqual(e.message, "no column or variable named 'nope'")
            XCTAssertEqual(e.span?.column, 12)
        }
        assertFails("df |> sort(x, descending: \"yes\")") { e in XCTAssertEqual(e.message, "descending must be true or false, got string") }
    }

    func testQuotedUnknownSortKeyPointsAtTheArgument() throws {
        assertFails("df |> sort(\"nope\")") { e in
            XCTAssertEqual(e.message, "no column named 'nope'")
            XCTAssertEqual(e.span?.column, 12, "the argument \"nope\", not the whole call")
        }
    }
}
