/// An open-addressing hash table from 64-bit keys to dense slot numbers in first-seen order
/// (linear probing, power-of-two capacity, at most half full). Used instead of
/// `Dictionary<UInt64, Int32>` in per-row loops: no SipHash, no per-lookup call, about 3x faster
/// measured on 1M keys.
public struct HashSlots {
    private var table: [UInt64]
    private var slotOf: [Int32]
    private var mask: Int
    /// The distinct keys, in the order they were first seen (`keys[slot]`).
    public private(set) var keys: [UInt64] = []

    public init(expected: Int = 16) {
        var cap = 16
        while cap < expected * 2 { cap <<= 1 }
        table = [UInt64](repeating: 0, count: cap)
        slotOf = [Int32](repeating: -1, count: cap)
        mask = cap - 1
    }

    public var count: Int { keys.count }

    @inline(__always) static func hash(_ k: UInt64) -> Int {
        // Murmur3's finaliser: every input bit reaches the low bits used for the bucket.
        var h = k
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h &*= 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return Int(truncatingIfNeeded: h)
    }

    /// The slot of `key`, adding it when new.
    @inline(__always) public mutating func slot(_ key: UInt64) -> Int32 {
        var i = HashSlots.hash(key) & mask
        while true {
            let s = slotOf[i]
            if s < 0 { break }
            if table[i] == key { return s }
            i = (i + 1) & mask
        }
        let s = Int32(keys.count)
        table[i] = key
        slotOf[i] = s
        keys.append(key)
        if keys.count * 2 > table.count { grow() }
        return s
    }

    /// The slot of `key`, or -1 when it was never added.
    @inline(__always) public func find(_ key: UInt64) -> Int32 {
        var i = HashSlots.hash(key) & mask
        while true {
            let s = slotOf[i]
            if s < 0 { return -1 }
            if table[i] == key { return s }
            i = (i + 1) & mask
        }
    }

    private mutating func grow() {
        let cap = table.count * 2
        table = [UInt64](repeating: 0, count: cap)
        slotOf = [Int32](repeating: -1, count: cap)
        mask = cap - 1
        for (s, k) in keys.enumerated() {
            var i = HashSlots.hash(k) & mask
            while slotOf[i] >= 0 { i = (i + 1) & mask }
            table[i] = k
            slotOf[i] = Int32(s)
        }
    }
}
