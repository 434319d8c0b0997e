import SiftFrame

/// The PostgreSQL result types Sift reads, by type OID (fixed in `pg_type` since forever), with
/// the Sift column type each becomes.
///
/// Why a closed list: results arrive in PostgreSQL's binary format, which is exact and fast to
/// decode but differs per type; a type outside this list is refused with a hint to cast it in the
/// query (`x::text`) rather than guessed at.
enum PostgresType: Equatable {
    case bool, int2, int4, int8, oid, float4, float8, numeric
    case text, char, uuid, json, jsonb
    case date, timestamp, timestamptz

    init?(oid: UInt32) {
        switch oid {
        case 16: self = .bool
        case 21: self = .int2
        case 23: self = .int4
        case 20: self = .int8
        case 26: self = .oid
        case 700: self = .float4
        case 701: self = .float8
        case 1700: self = .numeric
        case 25, 1043, 1042, 19, 705: self = .text      // text, varchar, bpchar, name, unknown
        case 18: self = .char                           // "char": one byte
        case 2950: self = .uuid
        case 114: self = .json
        case 3802: self = .jsonb
        case 1082: self = .date
        case 1114: self = .timestamp
        case 1184: self = .timestamptz
        default: return nil
        }
    }

    var siftType: DataType {
        switch self {
        case .bool: return .bool
        case .int2, .int4, .int8, .oid: return .int
        case .float4, .float8, .numeric: return .float
        case .text, .char, .uuid, .json, .jsonb: return .string
        case .date: return .date
        case .timestamp, .timestamptz: return .datetime
        }
    }

    /// Names of common types Sift cannot read, for the error message.
    static func name(ofUnsupported oid: UInt32) -> String {
        switch oid {
        case 17: return "bytea"
        case 1083: return "time"
        case 1266: return "timetz"
        case 1186: return "interval"
        case 790: return "money"
        case 869: return "inet"
        case 650: return "cidr"
        case 1560, 1562: return "bit"
        case 142: return "xml"
        case 1007, 1016, 1009, 1015, 1021, 1022, 1000, 1182, 1115: return "array"
        default: return "oid \(oid)"
        }
    }

    /// The column type `write_table` creates for a Sift column.
    static func ddl(for type: DataType) -> String? {
        switch type {
        case .int: return "bigint"
        case .float: return "double precision"
        case .bool: return "boolean"
        case .string: return "text"
        case .date: return "date"
        case .datetime: return "timestamp"
        case .list: return nil
        }
    }
}

/// PostgreSQL counts dates from 2000-01-01; Sift (like Unix) from 1970-01-01.
enum PostgresEpoch {
    static let days: Int32 = 10_957
    static let micros: Int64 = 946_684_800_000_000
}
