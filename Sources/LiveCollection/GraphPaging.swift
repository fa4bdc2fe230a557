public import LocatedJSON

/// Reads Microsoft Graph collections and single objects. A collection's pages are followed through
/// `@odata.nextLink` verbatim, the link only ever pointing back into the same Graph endpoint (a link elsewhere would
/// take the token with it); a link seen twice is an error, not a loop, and at most `maximumPages` pages are read.
public struct GraphPaging: Sendable {
    public var rest: AzureRESTClient
    /// The Graph token scope (`https://graph.microsoft.com/.default`).
    public var scope: String
    /// The Graph endpoint's origin (`https://graph.microsoft.com`), without a trailing slash: next links must start with it.
    public var origin: String
    public var maximumPages = 1000

    public init(rest: AzureRESTClient, scope: String, origin: String) {
        self.rest = rest
        self.scope = scope
        self.origin = origin.hasSuffix("/") ? String(origin.dropLast()) : origin
    }

    /// Every object of the collection at `url`, in the order Graph returned them. When a page fails, the objects of
    /// the pages before it are kept and `error` says why the rest is missing.
    public func list(_ url: String) async -> GraphList {
        var objects: [JSONValue] = []
        var seen: Set<String> = []
        var next: String? = url
        var pages = 0
        while let link = next {
            guard seen.insert(link).inserted else {
                return GraphList(objects: objects, pages: pages, error: .repeatedLink(page: pages + 1))
            }
            guard pages < maximumPages else { return GraphList(objects: objects, pages: pages, error: .tooManyPages(maximumPages)) }
            let body: JSONValue
            switch await read(link) {
            case .success(let value): body = value
            case .failure(.malformed(page: 0, let detail)):
                return GraphList(objects: objects, pages: pages, error: .malformed(page: pages + 1, detail: detail))
            case .failure(let error): return GraphList(objects: objects, pages: pages, error: error)
            }
            pages += 1
            guard let values = body[member: "value"]?.elements else {
                return GraphList(
                    objects: objects, pages: pages - 1, error: .malformed(page: pages, detail: "the page has no `value` array"))
            }
            objects += values
            next = nil
            if let nextLink = body[member: "@odata.nextLink"] {
                guard let text = nextLink.stringValue, !text.isEmpty else {
                    return GraphList(
                        objects: objects, pages: pages, error: .malformed(page: pages, detail: "`@odata.nextLink` is not a link"))
                }
                guard text.hasPrefix(origin + "/") else {
                    return GraphList(objects: objects, pages: pages, error: .foreignLink(page: pages))
                }
                next = text
            }
        }
        return GraphList(objects: objects, pages: pages, error: nil)
    }

    /// The single object at `url` (`/policies/authenticationMethodsPolicy`).
    public func object(_ url: String) async -> Result<JSONValue, GraphReadError> {
        switch await read(url) {
        case .success(let body):
            guard body.members != nil else {
                return .failure(.malformed(page: 1, detail: "expected an object, found \(body.kindDescription)"))
            }
            return .success(body)
        case .failure(let error): return .failure(error)
        }
    }

    private func read(_ url: String) async -> Result<JSONValue, GraphReadError> {
        let response: RESTResponse
        do {
            response = try await rest.send(RESTRequest(url: url, scope: scope))
        } catch {
            return .failure(.unreachable(error.description))
        }
        guard response.status == 200 else {
            let error = response.azureError
            return .failure(.status(response.status, code: error.code, message: error.message))
        }
        do {
            return .success(try JSONReader().read(response.body))
        } catch {
            return .failure(.malformed(page: 0, detail: "the body is not JSON (\(error.message))"))
        }
    }
}

/// A collection as far as it could be read.
public struct GraphList: Sendable {
    public var objects: [JSONValue]
    /// Pages read whole.
    public var pages: Int
    /// Why the collection is not whole; nil when every page was read.
    public var error: GraphReadError?
}

/// Why a Graph read stopped. Carries Graph's status and error code, never a token or a link's query.
public enum GraphReadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Graph answered with a status other than 200 (after the client's retries), with its `error.code`.
    case status(Int, code: String?, message: String?)
    /// A page was not JSON, or not a Graph page (page 0: the body could not be read at all).
    case malformed(page: Int, detail: String)
    /// `@odata.nextLink` named a link already followed.
    case repeatedLink(page: Int)
    /// `@odata.nextLink` pointed outside the Graph endpoint.
    case foreignLink(page: Int)
    case tooManyPages(Int)
    /// No token, or Graph could not be reached.
    case unreachable(String)

    public var description: String {
        switch self {
        case .status(let status, let code, _): "Graph answered \(status)" + (code.map { " (\($0))" } ?? "")
        case .malformed(let page, let detail): page > 0 ? "page \(page) is malformed: \(detail)" : "a page is malformed: \(detail)"
        case .repeatedLink(let page): "page \(page)'s `@odata.nextLink` repeats an earlier link; paging stopped"
        case .foreignLink(let page): "page \(page)'s `@odata.nextLink` leaves the Graph endpoint; paging stopped"
        case .tooManyPages(let limit): "more than \(limit) pages; paging stopped"
        case .unreachable(let detail): detail
        }
    }
}
