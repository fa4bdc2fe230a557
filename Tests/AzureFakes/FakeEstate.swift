import Foundation
import PostureModel

/// An Azure estate for the fakes to serve: subscriptions, resource groups and resources as Resource Graph rows
/// (JSON text, type lower-cased, with `resourceGroup`, `subscriptionId` and `tenantId`), and ARM lists (child
/// resources, diagnostic settings, Defender plans, role assignments, PIM schedules) by their collection path.
public struct FakeEstate: Sendable {
    /// One Resource Graph row.
    public struct Row: Sendable {
        public var lowerID: String
        public var subscription: String
        public var lowerType: String
        public var json: String
    }

    public var tenantID: String
    /// Subscription ids (lower-cased) with their display names.
    public private(set) var subscriptions: [String: String] = [:]
    /// `resources` rows and `resourcecontainers` rows, each sorted by lower-cased id by ``sorted()``.
    public private(set) var resources: [Row] = []
    public private(set) var containers: [Row] = []
    /// ARM list items (JSON objects as text) by lower-cased collection path (`/subscriptions/s/providers/microsoft.security/pricings`).
    public private(set) var lists: [String: [String]] = [:]

    public init(tenantID: String = "72f988bf-86f1-41af-91ab-2d7cd011db47") {
        self.tenantID = tenantID
    }

    public mutating func addSubscription(_ id: String, displayName: String) {
        let id = id.lowercased()
        guard subscriptions[id] == nil else { return }
        subscriptions[id] = displayName
        containers.append(
            Row(
                lowerID: "/subscriptions/\(id)", subscription: id, lowerType: "microsoft.resources/subscriptions",
                json: #"{"id":"/subscriptions/\#(id)","name":\#(Self.quoted(displayName)),"type":"microsoft.resources/subscriptions","#
                    + #""tenantId":"\#(tenantID)","subscriptionId":"\#(id)","location":"","tags":null,"#
                    + #""properties":{"state":"Enabled","subscriptionPolicies":{"quotaId":"EnterpriseAgreement_2014-09-01"}}}"#))
    }

    public mutating func addResourceGroup(subscription: String, name: String, location: String) {
        let id = "/subscriptions/\(subscription.lowercased())/resourceGroups/\(name)"
        containers.append(
            Row(
                lowerID: id.lowercased(), subscription: subscription.lowercased(),
                lowerType: "microsoft.resources/subscriptions/resourcegroups",
                json: #"{"id":\#(Self.quoted(id)),"name":\#(Self.quoted(name)),"type":"microsoft.resources/subscriptions/resourcegroups","#
                    + #""tenantId":"\#(tenantID)","subscriptionId":"\#(subscription.lowercased())","location":\#(Self.quoted(location)),"#
                    + #""tags":{},"properties":{"provisioningState":"Succeeded"}}"#))
    }

    /// A tracked resource: `id` as ARM spells it, `type` in any casing; the other arguments are JSON text.
    public mutating func addResource(
        id: String, type: String, location: String = "eastus", kind: String? = nil, sku: String = "null", identity: String = "null",
        tags: String = "{}", properties: String = "{}"
    ) {
        let parts = id.split(separator: "/")
        let subscription = parts.count > 1 ? parts[1].lowercased() : ""
        let group = parts.count > 3 && parts[2].lowercased() == "resourcegroups" ? String(parts[3]).lowercased() : ""
        let name = String(parts.last ?? "")
        let row =
            #"{"id":\#(Self.quoted(id)),"name":\#(Self.quoted(name)),"type":\#(Self.quoted(type.lowercased())),"kind":\#(Self.quoted(kind ?? "")),"#
            + #""location":\#(Self.quoted(location)),"resourceGroup":\#(Self.quoted(group)),"subscriptionId":"\#(subscription)","#
            + #""tenantId":"\#(tenantID)","sku":\#(sku),"identity":\#(identity),"tags":\#(tags),"zones":null,"#
            + #""properties":\#(properties),"managedBy":""}"#
        resources.append(Row(lowerID: id.lowercased(), subscription: subscription, lowerType: type.lowercased(), json: row))
    }

    /// An item of the ARM list at `collection` (`{account id}/deployments`), as JSON text.
    public mutating func addListItem(_ collection: String, _ json: String) {
        lists[collection.lowercased(), default: []].append(json)
    }

    /// The same estate with rows sorted by lower-cased id, as the fakes serve them.
    public func sorted() -> FakeEstate {
        var copy = self
        copy.resources.sort { $0.lowerID < $1.lowerID }
        copy.containers.sort { $0.lowerID < $1.lowerID }
        return copy
    }

    /// `text` as a JSON string literal, quotes included.
    public static func quoted(_ text: String) -> String { Value.jsonQuoted(text) }
}
