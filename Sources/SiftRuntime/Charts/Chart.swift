import SiftFrame
import SiftLanguage
import SiftRender

/// A chart value: draws itself as Unicode in the terminal and as SVG in reports.
public final class Chart: ChartObject {
    public let model: ChartModel
    public init(model: ChartModel) { self.model = model }

    public var typeName: String { "chart" }
    public var title: String { model.title }
    public var summaryLine: String { "\(model.kind.rawValue) chart" + (model.title.isEmpty ? "" : " “\(model.title)”") }
    public func render(width: Int) -> String { TextChart(width: width).render(model) }
    public func svg() -> String { SVGChart().render(model) }
    public func member(_ name: String) -> Value? {
        switch name {
        case "title": return .string(model.title)
        case "kind": return .string(model.kind.rawValue)
        case "svg": return .string(svg())
        default: return nil
        }
    }
}
