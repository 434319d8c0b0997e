/// What one connection has received from the server in query results.
///
/// Why public: the point of running a pipeline remotely is that only its result crosses the wire;
/// a test (and a curious user) can read these to prove that a group-by brought home one row per
/// group, not the table. `bytes` counts the DataRow messages as sent on the wire (header, field
/// lengths and values), not TLS or protocol chatter.
public struct PostgresTraffic: Sendable, Equatable {
    public var rows: Int = 0
    public var bytes: Int = 0
    public var queries: Int = 0
    public init() {}
}
