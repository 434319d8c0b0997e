import XCTest
import SiftFrame
import SiftLanguage
import SiftRuntime

/// `join`: every kind, key forms, suffixes, null keys.
final class JoinTests: SessionTestCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        // "a" matches twice, "z" has no partner on the left, "c" none on the right.
        try writeFile("labels.csv", "grp,label,score\na,Alpha,100\nb,Beta,200\nz,Zed,300\na,Alef,150\n")
        try eval("left = df |> select(id, grp, y)\nlabels = read_csv(\"labels.csv\")")
    }

    func testInnerJoin() throws {
        let f = try frame("left |> join(labels, on: grp)")
        XCTAssertEqual(f.names, ["id", "grp", "y", "label", "score"])
        XCTAssertEqual(ints(f, "id"), [1, 1, 2, 3, 3, 4], "left order, then right order within a key")
        XCTAssertEqual(strings(f, "label"), ["Alpha", "Alef", "Beta", "Alpha", "Alef", "Beta"])
        XCTAssertEqual(ints(f, "score"), [100, 150, 200, 100, 150, 200])
        XCTAssertEqual(cells(f, "y"), [.int(10), .int(10), .int(20), .null, .null, .int(40)], "nulls in other columns are kept")
        XCTAssertEqual(ints(try frame("left |> join(labels, on: grp, how: \"INNER\")"), "id"), [1, 1, 2, 3, 3, 4], "how is case-insensitive")
    }

    func testLeftJoin() throws {
        let f = try frame("left |> join(labels, on: grp, how: \"left\")")
        XCTAssertEqual(ints(f, "id"), [1, 1, 2, 3, 3, 4, 5])
        XCTAssertEqual(cells(f, "label").last, .null, "an unmatched left row gets nulls")
        XCTAssertEqual(cells(f, "score").last, .null)
    }

    func testRightJoin() throws {
        let f = try frame("left |> join(labels, on: grp, how: \"right\")")
        XCTAssertEqual(f.rowCount, 7)
        XCTAssertEqual(Set(strings(f, "grp").compactMap { $0 }), ["a", "b", "z"])
        let z = try frame("left |> join(labels, on: grp, how: \"right\") |> filter(grp == \"z\")")
        XCTAssertEqual(cells(z, "id"), [.null])
        XCTAssertEqual(strings(z, "label"), ["Zed"])
        XCTAssertEqual(ints(z, "score"), [300])
    }

    func testOuterJoin() throws {
        let f = try frame("left |> join(labels, on: grp, how: \"outer\")")
        XCTAssertEqual(f.rowCount, 8)
        XCTAssertEqual(strings(f, "grp").sorted { ($0 ?? "") < ($1 ?? "") }, ["a", "a", "a", "a", "b", "b", "c", "z"], "keys of both sides are merged")
        let unmatched = try frame("left |> join(labels, on: grp, how: \"outer\") |> filter(is_null(id) or is_null(label))")
        XCTAssertEqual(strings(unmatched, "grp"), ["c", "z"])
    }

    func testSemiAndAntiJoins() throws {
        let semi = try frame("left |> join(labels, on: grp, how: \"semi\")")
        XCTAssertEqual(semi.names, ["id", "grp", "y"], "only the left columns")
        XCTAssertEqual(ints(semi, "id"), [1, 2, 3, 4], "each left row at most once")
        let anti = try frame("left |> join(labels, on: grp, how: \"anti\")")
        XCTAssertEqual(anti.names, ["id", "grp", "y"])
        XCTAssertEqual(ints(anti, "id"), [5])
    }

    func testKeyForms() throws {
        let byList = try frame("left |> join(labels, on: [grp])")
        XCTAssertEqual(byList.rowCount, 6)
        let byString = try frame("left |> join(labels, on: \"grp\")")
        XCTAssertEqual(byString.rowCount, 6)
        let inferred = try frame("left |> join(labels)")
        XCTAssertEqual(inferred.rowCount, 6, "without on:, the shared columns are the key")
        let renamed = try frame("left |> join(labels |> rename(team = grp), left_on: grp, right_on: team)")
        XCTAssertEqual(ints(renamed, "id"), [1, 1, 2, 3, 3, 4])
        XCTAssertEqual(renamed.names, ["id", "grp", "y", "label", "score"], "the right key column is not repeated")
    }

    func testKeyArgumentsThatWouldGoUnusedAreErrors() throws {
        // pandas' merge raises MergeError for each of these; joining on `grp` alone would drop
        // what the user wrote.
        assertFails("left |> join(labels, on: grp, left_on: grp, right_on: grp)") { e in
            XCTAssertEqual(e.message, "join() takes on: or left_on: with right_on:, not both")
            XCTAssertEqual(e.span?.column, 31, "points at left_on:")
        }
        assertFails("left |> join(labels, left_on: grp)") { e in
            XCTAssertEqual(e.message, "join() needs left_on: and right_on: together")
        }
        assertFails("left |> join(labels, right_on: grp)") { e in XCTAssertTrue(e.message.contains("together"), e.message) }
    }

    func testSeveralKeyColumns() throws {
        let f = try frame("left |> join(labels |> mutate(id = 1), on: [grp, id])")
        XCTAssertEqual(ints(f, "id"), [1, 1])
        XCTAssertEqual(strings(f, "label"), ["Alpha", "Alef"])
    }

    func testNameClashesGetASuffix() throws {
        let f = try frame("left |> join(labels |> rename(y = score), on: grp)")
        XCTAssertEqual(f.names, ["id", "grp", "y", "label", "y_right"])
        let g = try frame("df |> join(df, on: id, suffix: \"_2\")")
        XCTAssertEqual(g.names, ["id", "name", "grp", "x", "y", "d", "flag", "name_2", "grp_2", "x_2", "y_2", "d_2", "flag_2"])
        XCTAssertEqual(g.rowCount, 5)
    }

    func testNullKeysNeverMatch() throws {
        try writeFile("flags.csv", "flag,meaning\ntrue,yes\nfalse,no\n,unknown\n")
        let f = try frame("df |> select(id, flag) |> join(read_csv(\"flags.csv\"), on: flag, how: \"left\")")
        XCTAssertEqual(strings(f, "meaning"), ["yes", "no", "yes", nil, "no"], "a null key matches nothing, not even a null")
        XCTAssertEqual(ints(try frame("df |> select(id, flag) |> join(read_csv(\"flags.csv\"), on: flag)"), "id"), [1, 2, 3, 5])
    }

    func testJoinErrors() throws {
        assertFails("left |> join(labels, on: nope)") { e in
            XCTAssertEqual(e.message, "join key 'nope' is missing from the left frame")
            XCTAssertEqual(e.hint, "use left_on: and right_on: when the key columns are named differently")
        }
        assertFails("left |> join(labels, on: id)") { e in XCTAssertEqual(e.message, "join key 'id' is missing from the right frame") }
        assertFails("left |> join(labels, on: grp, how: \"cross\")") { e in
            XCTAssertEqual(e.message, "unknown join kind \"cross\"")
            XCTAssertEqual(e.hint, "how: inner, left, right, outer, semi or anti")
        }
        assertFails("left |> select(id) |> join(labels)") { e in XCTAssertEqual(e.message, "the frames share no column to join on") }
        assertFails("left |> join(labels, left_on: grp, right_on: [grp, score])") { e in
            XCTAssertEqual(e.message, "left_on and right_on need the same number of columns")
        }
        assertFails("left |> join(labels, left_on: grp, right_on: nope)") { e in
            XCTAssertEqual(e.message, "no column named 'nope'")
            XCTAssertEqual(e.span?.column, 46)
        }
        assertFails("left |> join(5)") { e in XCTAssertTrue(e.message.hasPrefix("join() needs a frame to join with"), e.message) }
        assertFails("left |> join(labels, on: grp, kind: \"left\")") { e in
            XCTAssertEqual(e.message, "join() has no argument named 'kind'")
            XCTAssertEqual(e.hint, "usage: join(left: frame, right: frame, *, on?, how: string = \"inner\", left_on?, right_on?, suffix: string = \"_right\")")
        }
    }

    func testJoinKeepsBothInputsUnchanged() throws {
        _ = try frame("left |> join(labels, on: grp, how: \"outer\")")
        XCTAssertEqual(try frame("left").names, ["id", "grp", "y"])
        XCTAssertEqual(try frame("labels").rowCount, 4)
    }
}
