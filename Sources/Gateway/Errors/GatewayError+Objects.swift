extension GatewayError.Code {
    /// An upload whose `multipart/form-data` body has no boundary or cannot be read.
    public static let invalidMultipart = Self(rawValue: "invalid_multipart")
    /// A stored object (response, file, batch, conversation) that is not the caller's, or does not exist: one answer.
    public static let objectNotFound = Self(rawValue: "not_found")
    /// The ownership store cannot be read or written.
    public static let ownershipUnavailable = Self(rawValue: "ownership_store_unavailable")
}

extension GatewayError {
    /// The one answer for an object that does not exist and one that belongs to another identity.
    static func objectNotFound(_ kind: String, id: String) -> GatewayError {
        GatewayError(.notFound, code: .objectNotFound, "No \(kind) with id '\(id)' was found.")
    }
}

extension GatewayError.Code {
    /// A request naming objects held by different upstreams.
    public static let objectsApart = Self(rawValue: "objects_on_different_upstreams")
}
