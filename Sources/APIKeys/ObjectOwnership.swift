public import Foundation

/// An object stored upstream (a response, a file, a batch, a conversation, a vector store) that a caller created
/// through the gateway: who created it, and where it lives, so that only its creator reaches it and its calls go to
/// the upstream that holds it.
public struct OwnedObject: Sendable, Hashable {
    /// What kind of object: ids of different kinds never collide.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case response
        case file
        case batch
        case conversation
        case vectorStore = "vector_store"
    }

    public var kind: Kind
    /// The upstream's id for it (`resp_…`, `file-…`, `batch_…`).
    public var id: String
    /// The identity that created it: a key's lineage (``APIKeyRecord/lineage``, the prefix of the key that started
    /// it, so keys issued by `keys rotate` keep its objects), or `entra:` and the token's object id.
    public var owner: String
    /// The configured upstream that holds it.
    public var upstream: String
    /// The deployment it was made with, when the call named one (responses); empty otherwise.
    public var deployment: String
    public var createdAt: Date

    public init(kind: Kind, id: String, owner: String, upstream: String, deployment: String = "", createdAt: Date) {
        self.kind = kind
        self.id = id
        self.owner = owner
        self.upstream = upstream
        self.deployment = deployment
        self.createdAt = createdAt
    }
}

/// Where the gateway records who owns each stored object: the key store's database (SQLite in ``APIKeyStore``,
/// PostgreSQL in `PostgresKeyStore`). Every read is by owner, so a caller can never learn of another's object.
public protocol ObjectOwnershipStore: Sendable {
    /// True when calls block their thread (SQLite). No default: a key store that is also an ownership store answers once.
    var performsBlockingIO: Bool { get }

    /// Records `object`; recording the same kind and id again keeps the first owner.
    func recordOwner(_ object: OwnedObject) async throws(KeyStoreError)
    /// The object of that kind and id when `owner` owns it; nil when it does not exist or is another's.
    func object(_ kind: OwnedObject.Kind, id: String, ownedBy owner: String) async throws(KeyStoreError) -> OwnedObject?
    /// Every object of that kind `owner` owns, oldest first.
    func objects(_ kind: OwnedObject.Kind, ownedBy owner: String) async throws(KeyStoreError) -> [OwnedObject]
    /// Forgets an object `owner` deleted. - Returns: false when it was not theirs.
    @discardableResult func forget(_ kind: OwnedObject.Kind, id: String, ownedBy owner: String) async throws(KeyStoreError) -> Bool
}
