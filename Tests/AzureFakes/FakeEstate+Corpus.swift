public import Foundation

extension FakeEstate {
    /// An estate built from the ARM examples under `rest/specification` of the corpus (`root` is the `rest` folder):
    /// every resource a `200` answer holds. Tracked resources in a resource group become Resource Graph rows; the
    /// rest (child resources, diagnostic settings, role assignments, PIM schedules, Defender plans) become items of
    /// the ARM list their id sits in. Each subscription and resource group named on the way is added. The first
    /// example of an id wins.
    public static func corpus(at root: URL) -> FakeEstate {
        var estate = FakeEstate()
        var seen = Set<String>()
        let specification = root.appendingPathComponent("specification")
        let files = (FileManager.default.enumerator(at: specification, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? [])
            .filter { $0.pathExtension == "json" && $0.path.contains("/examples/") }
            .sorted { $0.path < $1.path }
        for file in files {
            guard let data = try? Data(contentsOf: file), let example = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
                let responses = example["responses"] as? [String: Any], let ok = responses["200"] as? [String: Any],
                let body = ok["body"] as? [String: Any]
            else { continue }
            let items = (body["value"] as? [[String: Any]]) ?? [body]
            for item in items {
                guard let id = item["id"] as? String, let type = item["type"] as? String, id.lowercased().hasPrefix("/subscriptions/"),
                    seen.insert(id.lowercased()).inserted
                else { continue }
                estate.add(corpusItem: item, id: id, type: type)
            }
        }
        return estate.sorted()
    }

    private mutating func add(corpusItem item: [String: Any], id: String, type: String) {
        let parts = id.split(separator: "/").map(String.init)
        addSubscription(parts[1], displayName: "corpus-\(parts[1].prefix(8))")
        if parts.count > 3, parts[2].lowercased() == "resourcegroups",
            !containers.contains(where: { $0.lowerID == "/subscriptions/\(parts[1].lowercased())/resourcegroups/\(parts[3].lowercased())" })
        {
            addResourceGroup(subscription: parts[1], name: parts[3], location: "eastus")
        }
        func text(_ key: String) -> String {
            guard let value = item[key], !(value is NSNull),
                let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
            else { return "null" }
            return String(decoding: data, as: UTF8.self)
        }
        let tracked = parts.count == 8 && parts[2].lowercased() == "resourcegroups" && parts[4].lowercased() == "providers"
        if tracked {
            addResource(
                id: id, type: type, location: item["location"] as? String ?? "", kind: item["kind"] as? String, sku: text("sku"),
                identity: text("identity"), tags: text("tags"), properties: text("properties") == "null" ? "{}" : text("properties"))
        } else if let data = try? JSONSerialization.data(withJSONObject: item, options: [.sortedKeys]) {
            addListItem(parts.dropLast().map { "/" + $0 }.joined(), String(decoding: data, as: UTF8.self))
        }
    }
}
