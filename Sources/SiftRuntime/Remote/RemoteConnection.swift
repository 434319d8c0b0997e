import SiftLanguage
import SiftSQL

/// `connect(url)`: an open engine. Prints as its address without any password (the driver's
/// `displayName`), so a notebook that shows it never leaks a secret.
final class RemoteConnection: SiftObject {
    let engine: any SQLEngine

    init(engine: any SQLEngine) {
        self.engine = engine
    }

    var typeName: String { "connection" }
    var summaryLine: String { "connection \(engine.displayName)" }
    func render(width: Int) -> String { "connection to \(engine.displayName) (\(engine.dialect.name) SQL)" }

    func member(_ name: String) -> Value? {
        switch name {
        case "url": return .string(engine.displayName)
        case "dialect": return .string(engine.dialect.name)
        default: return nil
        }
    }
}
