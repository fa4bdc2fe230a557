/// Runs work items concurrently with two bounds: at most `perSubscription` at once for one subscription (ARM
/// throttles each subscription separately), and at most `window` tasks alive at once (the client's limiter bounds
/// the requests in flight overall). Results come back in the items' order.
enum BoundedWork {
    static func run<Item: Sendable, Output: Sendable>(
        _ items: [(subscription: String, item: Item)], perSubscription: Int, window: Int = 64,
        _ work: @escaping @Sendable (Item) async -> Output
    ) async -> [Output] {
        var limiters: [String: AsyncLimiter] = [:]
        for entry in items where limiters[entry.subscription] == nil { limiters[entry.subscription] = AsyncLimiter(limit: perSubscription) }
        let bounds = limiters
        return await withTaskGroup(of: (Int, Output).self) { group in
            var outputs: [(Int, Output)] = []
            outputs.reserveCapacity(items.count)
            var next = 0
            func add() {
                let index = next
                let entry = items[index]
                let limiter = bounds[entry.subscription] ?? AsyncLimiter(limit: perSubscription)
                group.addTask { (index, await limiter.run { await work(entry.item) }) }
                next += 1
            }
            while next < items.count, next < max(1, window) { add() }
            for await output in group {
                outputs.append(output)
                if next < items.count { add() }
            }
            return outputs.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }
}
