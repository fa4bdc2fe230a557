import AccessPolicy
import APIKeys
import HTTPTypes

/// A route to objects stored upstream (responses, conversations, files, batches, vector stores): no deployment in the path or the
/// body. Calls with an id reach only the caller's own object (the ownership store says where it lives); a create is
/// recorded with its creator; a list shows only the caller's objects.
struct ObjectEndpoint: Sendable, Hashable {
    /// What a call does to ownership.
    enum Action: Sendable, Hashable {
        /// Creates an object: the id the answer carries is recorded with the caller.
        case create
        /// Lists objects: the answer keeps only the caller's.
        case list
        /// Reads or changes the caller's object named by `{id}`.
        case use
        /// Deletes the caller's object named by `{id}`: forgotten once the upstream says it is gone.
        case delete
    }

    var operation: GatewayOperation
    var kind: OwnedObject.Kind
    /// The router's pattern, with `{id}` for the object and `{item}` for an item in it.
    var pattern: String
    var method: HTTPRequest.Method
    var action: Action

    /// The routes of each kind, on the v1 surface (`/openai/v1/…`) and on Azure's versioned one (`/openai/…?api-version=`).
    static let all: [ObjectEndpoint] = ["/openai/v1", "/openai"].flatMap { prefix -> [ObjectEndpoint] in
        let responses = "\(prefix)/responses", conversations = "\(prefix)/conversations"
        let files = "\(prefix)/files", batches = "\(prefix)/batches", stores = "\(prefix)/vector_stores"
        return [
            ObjectEndpoint(operation: .responses, kind: .response, pattern: "\(responses)/{id}", method: .get, action: .use),
            ObjectEndpoint(operation: .responses, kind: .response, pattern: "\(responses)/{id}", method: .delete, action: .delete),
            ObjectEndpoint(operation: .responses, kind: .response, pattern: "\(responses)/{id}/cancel", method: .post, action: .use),
            ObjectEndpoint(operation: .responses, kind: .response, pattern: "\(responses)/{id}/input_items", method: .get, action: .use),
            ObjectEndpoint(operation: .responses, kind: .conversation, pattern: conversations, method: .post, action: .create),
            ObjectEndpoint(operation: .responses, kind: .conversation, pattern: "\(conversations)/{id}", method: .get, action: .use),
            ObjectEndpoint(operation: .responses, kind: .conversation, pattern: "\(conversations)/{id}", method: .post, action: .use),
            ObjectEndpoint(operation: .responses, kind: .conversation, pattern: "\(conversations)/{id}", method: .delete, action: .delete),
            ObjectEndpoint(operation: .responses, kind: .conversation, pattern: "\(conversations)/{id}/items", method: .get, action: .use),
            ObjectEndpoint(operation: .responses, kind: .conversation, pattern: "\(conversations)/{id}/items", method: .post, action: .use),
            ObjectEndpoint(
                operation: .responses, kind: .conversation, pattern: "\(conversations)/{id}/items/{item}", method: .get, action: .use),
            ObjectEndpoint(
                operation: .responses, kind: .conversation, pattern: "\(conversations)/{id}/items/{item}", method: .delete, action: .use),
            ObjectEndpoint(operation: .files, kind: .file, pattern: files, method: .post, action: .create),
            ObjectEndpoint(operation: .files, kind: .file, pattern: files, method: .get, action: .list),
            ObjectEndpoint(operation: .files, kind: .file, pattern: "\(files)/{id}", method: .get, action: .use),
            ObjectEndpoint(operation: .files, kind: .file, pattern: "\(files)/{id}/content", method: .get, action: .use),
            ObjectEndpoint(operation: .files, kind: .file, pattern: "\(files)/{id}", method: .delete, action: .delete),
            ObjectEndpoint(operation: .batches, kind: .batch, pattern: batches, method: .post, action: .create),
            ObjectEndpoint(operation: .batches, kind: .batch, pattern: batches, method: .get, action: .list),
            ObjectEndpoint(operation: .batches, kind: .batch, pattern: "\(batches)/{id}", method: .get, action: .use),
            ObjectEndpoint(operation: .batches, kind: .batch, pattern: "\(batches)/{id}/cancel", method: .post, action: .use),
            // Vector stores (file search) hold files: they are granted with `files`.
            ObjectEndpoint(operation: .files, kind: .vectorStore, pattern: stores, method: .post, action: .create),
            ObjectEndpoint(operation: .files, kind: .vectorStore, pattern: stores, method: .get, action: .list),
            ObjectEndpoint(operation: .files, kind: .vectorStore, pattern: "\(stores)/{id}", method: .get, action: .use),
            ObjectEndpoint(operation: .files, kind: .vectorStore, pattern: "\(stores)/{id}", method: .post, action: .use),
            ObjectEndpoint(operation: .files, kind: .vectorStore, pattern: "\(stores)/{id}", method: .delete, action: .delete),
            ObjectEndpoint(operation: .files, kind: .vectorStore, pattern: "\(stores)/{id}/files", method: .get, action: .use),
            ObjectEndpoint(operation: .files, kind: .vectorStore, pattern: "\(stores)/{id}/files", method: .post, action: .use),
            ObjectEndpoint(operation: .files, kind: .vectorStore, pattern: "\(stores)/{id}/files/{item}", method: .get, action: .use),
            ObjectEndpoint(operation: .files, kind: .vectorStore, pattern: "\(stores)/{id}/files/{item}", method: .delete, action: .use),
            ObjectEndpoint(operation: .files, kind: .vectorStore, pattern: "\(stores)/{id}/search", method: .post, action: .use),
        ]
    }

    /// True for Azure's versioned surface, where `api-version` is required.
    var isVersioned: Bool { !pattern.hasPrefix("/openai/v1/") }

    /// How the kind reads in messages: `response`, `file`, `vector store`.
    static func noun(_ kind: OwnedObject.Kind) -> String { kind.rawValue.replacingOccurrences(of: "_", with: " ") }
}

/// What an answer changes in who owns what, set by the step that resolved the route.
enum OwnershipEffect: Sendable, Hashable {
    /// Record the id the answer carries with the caller, the upstream that answered and the route's deployment.
    case create(OwnedObject.Kind)
    /// Keep only the caller's objects in the list the answer carries.
    case list(OwnedObject.Kind)
    /// Forget the object once the upstream answers the delete with success.
    case forget(OwnedObject.Kind, id: String)
}
