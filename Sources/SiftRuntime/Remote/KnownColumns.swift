import SiftFrame
import SiftLanguage

/// A value that is not a local frame but whose column names are known without reading a row.
///
/// Why: a remote frame's schema comes from the engine when `table()` opens it (and each verb
/// derives its own), so tools that only need names (the REPL's tab completion) can offer them
/// without running a query; fetching rows just to complete a name would be slow on a big table
/// and could fail when the server is gone.
public protocol KnownColumns: SiftObject {
    /// The visible columns, in order.
    var columnNames: [String] { get }
    /// Their types, in the same order.
    var columnTypes: [DataType] { get }
}

extension RemoteFrame: KnownColumns {
    var columnNames: [String] { relation.names }
    var columnTypes: [DataType] { relation.columns.map(\.type) }
}
