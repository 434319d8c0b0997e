import SiftLanguage

/// A chart value: reports save it as an SVG file beside the report; the terminal draws it with
/// Unicode blocks through `render(width:)`.
public protocol ChartObject: SiftObject {
    var title: String { get }
    func svg() -> String
}
