import AzureFakes
import Hummingbird
import LiveCollection
import LocatedJSON
import Synchronization
import Testing

@Suite("Following Microsoft Graph's @odata.nextLink")
struct GraphPagingTests {
    static let path = "/things"
    static let objects = (1...5).map { #"{"id":"thing-\#($0)","displayName":"Thing \#($0)"}"# }

    /// Lists `path` from a fake serving five objects (and `recorded` pages when given), with `faults`.
    static func list(
        faults: FakeGraphFaults, recorded: [(query: String, body: String)]? = nil, maximumPages: Int = 1000
    ) async throws -> (GraphList, FakeGraph) {
        var tenant = FakeGraphTenant(collections: [path: objects])
        if let recorded { tenant.recordedPages[path] = recorded }
        let graph = FakeGraph(tenant: tenant, faults: faults)
        let result = Mutex<GraphList?>(nil)
        try await graph.run { base in
            var paging = GraphPaging(
                rest: GraphTesting.client(FixedTokenCredential()), scope: "https://graph.microsoft.com/.default", origin: base + "/")
            paging.maximumPages = maximumPages
            let list = await paging.list(base + "/v1.0" + path)
            result.withLock { $0 = list }
        }
        return (try #require(result.withLock { $0 }), graph)
    }

    static func ids(_ list: GraphList) -> [String] { list.objects.compactMap { $0[member: "id"]?.stringValue } }

    @Test("pages of two are read in order to the last, one request each")
    func readsEveryPage() async throws {
        var faults = FakeGraphFaults()
        faults.pageSize = 2
        let (list, graph) = try await Self.list(faults: faults)
        #expect(list.error == nil)
        #expect(Self.ids(list) == (1...5).map { "thing-\($0)" })
        #expect(list.pages == 3)
        #expect(graph.requests(Self.path) == 3)
    }

    @Test("a page without `value` stops the list with the reason, keeping the pages before it")
    func pageWithoutValue() async throws {
        var faults = FakeGraphFaults()
        faults.pageSize = 2
        faults.pageWithoutValue = [Self.path: 2]
        let (list, _) = try await Self.list(faults: faults)
        #expect(list.error == .malformed(page: 2, detail: "the page has no `value` array"))
        #expect(Self.ids(list) == ["thing-1", "thing-2"])
    }

    @Test("a page cut short is malformed, named by its number")
    func truncatedPage() async throws {
        var faults = FakeGraphFaults()
        faults.pageSize = 2
        faults.malformedPage = [Self.path: 3]
        let (list, _) = try await Self.list(faults: faults)
        guard case .malformed(page: 3, _) = list.error else {
            Issue.record("expected page 3 malformed, got \(String(describing: list.error))")
            return
        }
        #expect(list.objects.count == 4)
    }

    @Test("a next link seen before is an error, not a loop")
    func repeatedLink() async throws {
        var faults = FakeGraphFaults()
        faults.pageSize = 2
        faults.repeatingLink = [Self.path]
        let (list, graph) = try await Self.list(faults: faults)
        #expect(list.error == .repeatedLink(page: 3))
        #expect(graph.requests(Self.path) == 2)
    }

    @Test("pages beyond the bound are not read")
    func pageBound() async throws {
        var faults = FakeGraphFaults()
        faults.pageSize = 1
        let (list, graph) = try await Self.list(faults: faults, maximumPages: 3)
        #expect(list.error == .tooManyPages(3))
        #expect(list.objects.count == 3)
        #expect(graph.requests(Self.path) == 3)
    }

    @Test("a next link to another host is not followed (the token would go with it)")
    func foreignLink() async throws {
        let page = #"{"value":[{"id":"a"}],"@odata.nextLink":"https://elsewhere.example/v1.0/things?$skiptoken=2"}"#
        let (list, _) = try await Self.list(faults: FakeGraphFaults(), recorded: [(query: "", body: page)])
        #expect(list.error == .foreignLink(page: 1))
        #expect(Self.ids(list) == ["a"])
    }

    @Test("a refusal is Graph's status and error code")
    func refusal() async throws {
        var faults = FakeGraphFaults()
        faults.denied = [Self.path]
        let (list, _) = try await Self.list(faults: faults)
        guard case .status(403, let code, _) = list.error else {
            Issue.record("expected a 403, got \(String(describing: list.error))")
            return
        }
        #expect(code == "Authorization_RequestDenied")
        #expect(list.objects.isEmpty)
    }

    @Test("mounted under a prefix on a shared router, the fake pages with links under that prefix")
    func mountedUnderPrefix() async throws {
        let graph = FakeGraph(tenant: FakeGraphTenant(collections: [Self.path: Self.objects]))
        graph.faults.withLock { $0.pageSize = 2 }
        let router = Router(context: BasicRequestContext.self)
        graph.register(on: router, prefix: "/graph")
        let result = Mutex<GraphList?>(nil)
        try await LoopbackServer.run(router) { port in
            let base = "http://127.0.0.1:\(port)/graph"
            let paging = GraphPaging(
                rest: GraphTesting.client(FixedTokenCredential()), scope: "https://graph.microsoft.com/.default", origin: base)
            let list = await paging.list(base + "/v1.0" + Self.path)
            result.withLock { $0 = list }
        }
        let list = try #require(result.withLock { $0 })
        #expect(list.error == nil)
        #expect(list.objects.count == 5)
        #expect(graph.requests(Self.path) == 3)
    }
}
