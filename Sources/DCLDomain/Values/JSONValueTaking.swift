/// An `Encoder` that takes a `JSONValue` whole (`JSONValue.encode(to:)` hands it over) instead of
/// member by member through containers: a tree or text encoder has the value's own form at hand.
///
/// `take` must give the same result as the container path: `JSONEncoder`'s, for the encoders here.
public protocol JSONValueTaking: Encoder {
    func take(_ value: JSONValue)
}
