import Foundation
import XCTest
import SiftFrame
@testable import SiftIO

/// Files written by pyarrow and pandas (scripts/make_io_fixtures.py): every codec, plain and
/// dictionary encoding, data pages v1 and v2, several row groups and pages, nulls in each type.
final class ParquetReaderTests: XCTestCase {
    func testEveryCodecEncodingAndPageVersion() throws {
        var checked = 0
        for codec in ["none", "snappy", "gzip", "zstd"] {
            for encoding in ["dict", "plain"] {
                for version in ["v1", "v2"] {
                    let name = "pyarrow_\(codec)_\(encoding)_\(version).parquet"
                    let source = try ParquetSource(path: IOFixtures.path(name))
                    XCTAssertGreaterThan(source.rowGroupCount, 1, name)
                    let frame = try source.read()
                    try assertMatchesExpected(frame, "parquet")
                    checked += 1
                }
            }
        }
        XCTAssertEqual(checked, 16)
    }

    func testPandasWriterWithNanosecondTimestamps() throws {
        let source = try ParquetSource(path: IOFixtures.path("pandas_default.parquet"))
        try assertMatchesExpected(try source.read(), "pandas_default")
        XCTAssertTrue(source.notes.contains { $0.contains("'price'") && $0.contains("float") }, "decimals carry a note: \(source.notes)")
    }

    func testSchemaComesFromTheFooterAlone() throws {
        let source = try ParquetSource(path: IOFixtures.path("pyarrow_snappy_dict_v1.parquet"))
        let schema = try source.schema()
        XCTAssertEqual(schema.map(\.name), ["id", "small", "spend", "ratio", "active", "region", "email", "signup", "seen_us", "seen_ms", "price", "empty"])
        XCTAssertEqual(schema.map(\.type), [.int, .int, .float, .float, .bool, .string, .string, .date, .datetime, .datetime, .float, .float])
        let size = source.input.size
        XCTAssertLessThan(source.bytesRead, size / 2, "only the footer was read")
    }

    func testProjectionReadsOnlyTheRequestedChunks() throws {
        let path = IOFixtures.path("pyarrow_none_plain_v1.parquet")
        let all = try ParquetSource(path: path)
        _ = try all.read()
        let allBytes = all.bytesRead
        let one = try ParquetSource(path: path)
        let f = try one.read(columns: ["spend", "id"])
        XCTAssertEqual(f.names, ["spend", "id"], "columns come in the order asked")
        XCTAssertEqual(f.rowCount, 300)
        XCTAssertLessThan(one.bytesRead * 3, allBytes, "2 of 12 columns must read far fewer bytes (\(one.bytesRead) vs \(allBytes))")
        XCTAssertThrowsError(try one.read(columns: ["nope"])) { e in
            XCTAssertTrue("\(e)".contains("no column 'nope'"), "\(e)")
            XCTAssertTrue("\(e)".contains("spend"), "lists the columns: \(e)")
        }
    }

    func testStructsFlattenListsReadAndListsOfListsAreRefusedByName() throws {
        let source = try ParquetSource(path: IOFixtures.path("nested.parquet"))
        XCTAssertEqual(try source.schema().map(\.name), ["id", "user.name", "user.age", "tags", "grid"])
        XCTAssertEqual(try source.schema().map(\.type), [.int, .string, .int, .list, .list])
        let f = try source.read(columns: ["id", "user.name", "user.age", "tags"])
        XCTAssertEqual(cells(f, "user.name"), [.string("a"), .null, .string("c")])
        XCTAssertEqual(cells(f, "user.age"), [.int(30), .null, .null])
        XCTAssertEqual(cells(f, "tags"), [.list(["x"]), .list([]), .null])
        XCTAssertThrowsError(try source.read()) { e in XCTAssertTrue("\(e)".contains("'grid'") && "\(e)".contains("lists of lists"), "\(e)") }
    }

    /// list<string/double/int32 (large_list)/date/bool> with null lists, empty lists and null
    /// items, across row groups and pages; v1 and v2 pages, dictionary and plain, and pyarrow's
    /// legacy `list.item` layout.
    func testListColumnsOfEveryItemType() throws {
        for name in ["lists_dict_v1", "lists_plain_v2", "lists_dict_v2_legacy"] {
            let source = try ParquetSource(path: IOFixtures.path(name + ".parquet"))
            XCTAssertEqual(try source.schema().map(\.name), ["id", "tags", "scores", "counts", "days", "flags"], name)
            try assertMatchesExpected(try source.read(), "lists")
            let two = try source.read(columns: ["scores", "id"])
            XCTAssertEqual(two.names, ["scores", "id"])
        }
    }

    func testLz4AndBrotliCodecs() throws {
        var codecs = Set<Int>()
        for codec in ["lz4", "lz4_raw", "brotli"] {
            for variant in ["dict_v1", "plain_v2"] {
                let source = try ParquetSource(path: IOFixtures.path("pyarrow_\(codec)_\(variant).parquet"))
                codecs.formUnion(source.metadata.rowGroups.flatMap { $0.chunks.map(\.codec) })
                try assertMatchesExpected(try source.read(), "parquet")
            }
        }
        XCTAssertEqual(codecs, [4, 7], "Brotli and LZ4_RAW chunks were read")
        // The older LZ4 codec (5): Hadoop's framing of raw blocks, built by the fixture script.
        let framed = try Array(Data(contentsOf: URL(fileURLWithPath: IOFixtures.path("lz4_hadoop.bin"))))
        let expected = try Array(Data(contentsOf: URL(fileURLWithPath: IOFixtures.path("lz4_hadoop.expected"))))
        let out = try framed.withUnsafeBytes { try Codec.decompress($0, codec: "lz4", size: expected.count, what: "lz4_hadoop.bin") }
        XCTAssertEqual(out, expected)
        XCTAssertThrowsError(try framed.withUnsafeBytes { try Codec.decompress($0, codec: "lz4", size: expected.count + 1, what: "lz4_hadoop.bin") }) { e in
            XCTAssertTrue("\(e)".contains("lz4_hadoop.bin"), "\(e)")
        }
        // LZO stays unread: the error names the file, the column and the codec.
        let leaf = try ParquetSource(path: IOFixtures.path("pyarrow_none_plain_v1.parquet")).metadata.leaves[0]
        let decoder = ParquetColumnDecoder(leaf: leaf, file: "x.parquet")
        XCTAssertThrowsError(try decoder.decodeChunk([0, 0], base: 4, codec: 3, rowsInGroup: 1, maxRows: 1)) { e in
            XCTAssertTrue("\(e)".contains("x.parquet") && "\(e)".contains("'id'") && "\(e)".contains("lzo"), "\(e)")
        }
    }

    /// DELTA_BINARY_PACKED (int32, int64, dates, timestamps), DELTA_LENGTH_BYTE_ARRAY and
    /// DELTA_BYTE_ARRAY (strings, fixed-length decimals), BYTE_STREAM_SPLIT (floats, ints, dates,
    /// timestamps, decimals) and RLE booleans, with nulls, in v1 and v2 pages.
    func testDeltaAndByteStreamSplitEncodings() throws {
        for kind in ["delta", "split"] {
            for version in ["v1", "v2"] {
                let source = try ParquetSource(path: IOFixtures.path("pyarrow_\(kind)_\(version).parquet"))
                XCTAssertGreaterThan(source.rowGroupCount, 1)
                try assertMatchesExpected(try source.read(), "parquet")
            }
        }
    }

    /// Required columns carry no definition levels; an all-null optional column has no values.
    func testRequiredAndAllNullColumns() throws {
        for version in ["v1", "v2"] {
            let source = try ParquetSource(path: IOFixtures.path("required_\(version).parquet"))
            try assertMatchesExpected(try source.read(), "required")
        }
    }

    func testGzipAndZstdCompressedFilesAndMemoryInputs() throws {
        let raw = try Array(Data(contentsOf: URL(fileURLWithPath: IOFixtures.path("pyarrow_snappy_dict_v2.parquet"))))
        let dir = try IOFixtures.tempDirectory()
        let gz = dir + "/t.parquet.gz"
        try Data(try Codec.deflate(raw, format: .gzip)).write(to: URL(fileURLWithPath: gz))
        try assertMatchesExpected(try ParquetSource(path: gz).read(), "parquet")
        let zst = dir + "/t.parquet.zst"
        try Data(try Codec.zstdCompress(raw)).write(to: URL(fileURLWithPath: zst))
        try assertMatchesExpected(try ParquetSource(path: zst).read(), "parquet")
    }

    func testCorruptFilesAreErrorsNamingTheFileAndPlace() throws {
        let raw = try Array(Data(contentsOf: URL(fileURLWithPath: IOFixtures.path("pyarrow_snappy_dict_v1.parquet"))))
        let dir = try IOFixtures.tempDirectory()
        // Not parquet at all.
        try Data("a,b\n1,2\n".utf8).write(to: URL(fileURLWithPath: dir + "/x.parquet"))
        XCTAssertThrowsError(try ParquetSource(path: dir + "/x.parquet")) { e in XCTAssertTrue("\(e)".contains("x.parquet") && "\(e)".contains("not a Parquet file"), "\(e)") }
        // Damage page bytes in the middle: every outcome must be a clean error (or, for bytes a
        // reader does not check, a frame), never a crash.
        var rng = SystemRandomNumberGenerator()
        var errors = 0
        for trial in 0..<200 {
            var damaged = raw
            let at = 4 + Int.random(in: 0..<(raw.count - 4), using: &rng)
            damaged[at] ^= UInt8.random(in: 1...255, using: &rng)
            if trial % 3 == 0 { damaged.removeSubrange(at..<min(raw.count - 8, at + 40)) }
            let p = dir + "/d\(trial).parquet"
            try Data(damaged).write(to: URL(fileURLWithPath: p))
            do { _ = try ParquetSource(path: p).read() } catch let e as FrameError {
                XCTAssertTrue(e.message.contains("d\(trial).parquet"), "names the file: \(e.message)")
                errors += 1
            }
        }
        XCTAssertGreaterThan(errors, 10)
        // A flipped byte inside the first page's header reports a corrupt page with its offset.
        var d = raw
        d[4] = 0xff; d[5] = 0xff; d[6] = 0xff
        try Data(d).write(to: URL(fileURLWithPath: dir + "/p.parquet"))
        XCTAssertThrowsError(try ParquetSource(path: dir + "/p.parquet").read()) { e in
            XCTAssertTrue("\(e)".contains("p.parquet") && "\(e)".contains("offset"), "\(e)")
        }
    }
}
