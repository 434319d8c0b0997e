/// Keeps the number of SVG marks bounded by the pixels they cover rather than by the rows they
/// come from, so a chart of a million rows is still a small file that opens instantly. What is
/// drawn stays faithful: a density of points (not a sample that can miss a cluster), and every
/// pixel column's extremes of a line (so spikes survive).
public enum MarkThinning {
    /// Above this many points a scatter plot is drawn as a density of cells instead of one circle
    /// per point (documented in docs/charts.md).
    public static let scatterPointLimit = 5_000
    /// The side of a density cell, in pixels.
    public static let densityCell = 4.0
    /// Above this many points a line is reduced per pixel column.
    public static let linePointLimit = 2_000

    /// Occupied cells of a `cell`-pixel grid over already-projected points, with how many points
    /// fell in each, in first-seen order (deterministic output).
    public struct Cell: Equatable {
        public var x: Double
        public var y: Double
        public var count: Int
    }

    public static func density(_ points: [(Double, Double)], cell: Double = densityCell) -> [Cell] {
        var index: [Int64: Int] = [:]
        var cells: [Cell] = []
        for (x, y) in points where x.isFinite && y.isFinite {
            let cx = AxisMath.clamped((x / cell).rounded(.down), as: Int32.self)
            let cy = AxisMath.clamped((y / cell).rounded(.down), as: Int32.self)
            let key = Int64(cx) << 32 | Int64(UInt32(bitPattern: cy))
            if let k = index[key] {
                cells[k].count += 1
            } else {
                index[key] = cells.count
                cells.append(Cell(x: Double(cx) * cell, y: Double(cy) * cell, count: 1))
            }
        }
        return cells
    }

    /// A projected line (sorted by x) reduced to the first, lowest, highest and last point of each
    /// whole-pixel column, in order: the drawn shape is the same at this resolution (M4 reduction).
    public static func reduceLine(_ points: [(Double, Double)]) -> [(Double, Double)] {
        guard points.count > linePointLimit else { return points }
        var out: [(Double, Double)] = []
        var k = 0
        while k < points.count {
            let column = points[k].0.rounded(.down)
            var j = k
            var lowest = k, highest = k
            while j < points.count, points[j].0.rounded(.down) == column {
                if points[j].1 < points[lowest].1 { lowest = j }
                if points[j].1 > points[highest].1 { highest = j }
                j += 1
            }
            for i in Set([k, lowest, highest, j - 1]).sorted() { out.append(points[i]) }
            k = j
        }
        return out
    }
}
