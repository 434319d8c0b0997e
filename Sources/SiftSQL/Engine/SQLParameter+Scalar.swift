import SiftFrame

extension SQLParameter {
    /// A cell as a bound parameter (uploads and `sql(..., params:)` share it across drivers).
    public init(_ s: Scalar) {
        switch s {
        case .null: self = .null
        case .int(let v): self = .int(v)
        case .float(let v): self = .float(v)
        case .bool(let v): self = .bool(v)
        case .string(let v): self = .string(v)
        case .date(let v): self = .date(v)
        case .datetime(let v): self = .datetime(v)
        case .list(let v): self = .string(v.joined(separator: " "))
        }
    }
}
