/// What differs between the SQL engines Sift compiles to: quoting, function names, quantiles,
/// null ordering. The compiler asks the dialect; adding an engine's SQL is one type conforming here.
public protocol SQLDialect: Sendable {
    /// Short name for explain and errors (`postgres`, `sqlite`, `spark`).
    var name: String { get }
    /// An identifier quoted so any column name survives (`"a b"`, `` `a b` ``).
    func quote(identifier: String) -> String
}
