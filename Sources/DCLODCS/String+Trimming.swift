extension StringProtocol {
    /// Removes the given characters at both ends; DCLODCS avoids Foundation for plain text work.
    func trimmed(of characters: String = " \t\r\n") -> String {
        var slice = Substring(self)
        while let first = slice.first, characters.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, characters.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}

extension String {
    /// `schema[0].value` → `schema[0].unit`: a sibling field's path.
    func replacingSuffix(_ suffix: String, with replacement: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) + replacement : self
    }
}
