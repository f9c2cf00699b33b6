import Foundation

/// Values a uniqueness check could not keep in memory, written to 16 temporary files by four bits
/// of their fingerprint, so each file holds about a sixteenth of the distinct values and every copy
/// of a value lands in the same file. `distinctCount` then reads one file at a time into a
/// `ByteValueSet`; a file still too large for the budget is split again by the next four bits.
///
/// Records are `fingerprint (8 bytes) · length (4 bytes) · bytes`, little-endian.
///
/// ```swift
/// let spilled = try SpilledValues(folder: temporary, depth: 0)
/// try spilled.append(bytes, fingerprint: fingerprint)
/// let distinct = try spilled.distinctCount(memoryBudget: 8 << 20)
/// ```
final class SpilledValues {
    static let fanOut = 16
    private static let maxDepth = 15

    let folder: URL
    let depth: Int
    private var files: [UnsafeMutablePointer<FILE>] = []

    init(folder: URL, depth: Int) throws(QualitySourceError) {
        self.folder = folder
        self.depth = depth
        for index in 0..<Self.fanOut {
            let path = folder.appendingPathComponent("unique-\(depth)-\(index)-\(UUID().uuidString)").path
            guard let file = fopen(path, "w+b") else {
                close()
                throw QualitySourceError("cannot create a temporary file for a uniqueness check in \(folder.path): \(String(cString: strerror(errno)))")
            }
            // Unlinked at once: the file goes away with the process, whatever happens to it.
            unlink(path)
            setvbuf(file, nil, _IOFBF, 1 << 16)
            files.append(file)
        }
    }

    deinit { close() }

    private func close() {
        for file in files { fclose(file) }
        files = []
    }

    private func partition(of fingerprint: UInt64) -> Int {
        Int(truncatingIfNeeded: (fingerprint >> UInt64(60 - 4 * depth)) & 0xF)
    }

    func append(_ bytes: UnsafeBufferPointer<UInt8>, fingerprint: UInt64) throws(QualitySourceError) {
        let file = files[partition(of: fingerprint)]
        var header = (fingerprint.littleEndian, UInt32(bytes.count).littleEndian)
        let written = withUnsafeBytes(of: &header.0) { fwrite($0.baseAddress, 8, 1, file) }
            + withUnsafeBytes(of: &header.1) { fwrite($0.baseAddress, 4, 1, file) }
            + (bytes.isEmpty ? 1 : fwrite(bytes.baseAddress, bytes.count, 1, file))
        guard written == 3 else {
            throw QualitySourceError("cannot write a uniqueness check's temporary file in \(folder.path): \(String(cString: strerror(errno)))")
        }
    }

    /// Calls `body` with every value written (each copy of a value as often as it was written).
    func forEachValue(_ body: (UnsafeBufferPointer<UInt8>) throws(QualitySourceError) -> Void) throws(QualitySourceError) {
        for file in files {
            try Self.read(file) { (bytes, _) throws(QualitySourceError) in try body(bytes) }
            // Later appends go after what was read.
            fseek(file, 0, SEEK_END)
        }
    }

    /// The number of distinct values written, each file counted on its own within `memoryBudget`.
    func distinctCount(memoryBudget: Int) throws(QualitySourceError) -> Int64 {
        var total: Int64 = 0
        for file in files {
            total += try Self.distinct(in: file, depth: depth, folder: folder, memoryBudget: memoryBudget)
        }
        return total
    }

    private static func distinct(in file: UnsafeMutablePointer<FILE>, depth: Int, folder: URL,
                                 memoryBudget: Int) throws(QualitySourceError) -> Int64 {
        var set = ByteValueSet()
        var split: SpilledValues?
        try read(file) { (bytes, fingerprint) throws(QualitySourceError) in
            if let split {
                try split.append(bytes, fingerprint: fingerprint)
                return
            }
            set.insert(bytes, fingerprint: fingerprint)
            if set.memoryBytes > memoryBudget, depth < maxDepth {
                // Too many distinct values for one file: split it by the next four bits.
                let next = try SpilledValues(folder: folder, depth: depth + 1)
                try set.forEach { (bytes, fingerprint) throws(QualitySourceError) in try next.append(bytes, fingerprint: fingerprint) }
                set = ByteValueSet()
                split = next
            }
        }
        if let split { return try split.distinctCount(memoryBudget: memoryBudget) }
        return Int64(set.count)
    }

    /// Reads a file's records from its start, calling `body` with each value and its fingerprint.
    private static func read(_ file: UnsafeMutablePointer<FILE>,
                             _ body: (UnsafeBufferPointer<UInt8>, UInt64) throws(QualitySourceError) -> Void) throws(QualitySourceError) {
        guard fflush(file) == 0, fseek(file, 0, SEEK_SET) == 0 else {
            throw QualitySourceError("cannot read back a uniqueness check's temporary file: \(String(cString: strerror(errno)))")
        }
        var value: [UInt8] = []
        while true {
            var fingerprint: UInt64 = 0
            var length: UInt32 = 0
            let headerRead = withUnsafeMutableBytes(of: &fingerprint) { fread($0.baseAddress, 8, 1, file) }
            if headerRead == 0 { break }
            guard withUnsafeMutableBytes(of: &length, { fread($0.baseAddress, 4, 1, file) }) == 1 else {
                throw QualitySourceError("a uniqueness check's temporary file is truncated")
            }
            fingerprint = UInt64(littleEndian: fingerprint)
            let count = Int(UInt32(littleEndian: length))
            if value.count < count { value = Array(repeating: 0, count: max(count, value.count * 2)) }
            if count > 0 {
                guard value.withUnsafeMutableBytes({ fread($0.baseAddress, count, 1, file) }) == 1 else {
                    throw QualitySourceError("a uniqueness check's temporary file is truncated")
                }
            }
            try value.withUnsafeBufferPointer { (whole) throws(QualitySourceError) in
                try body(UnsafeBufferPointer(rebasing: whole[..<count]), fingerprint)
            }
        }
    }
}
