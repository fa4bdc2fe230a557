import AccessPolicy
import BPE
import Foundation
import LocatedYAML
import RESP
import RateLimits
import TokenAccounting

extension GatewayConfigurationLoader {
    /// The largest amount a rule may allow: far beyond any real limit, and safe in every counter's arithmetic.
    static let maximumAmount: Int64 = 1_000_000_000_000

    /// The keys of a `limits.rules` entry.
    private static let ruleKeys: Set<String> = [
        "name", "scope", "requests", "tokens", "usd", "concurrent", "per", "period", "mode", "deployments", "onStoreError",
    ]

    /// The keys of `limits` itself (besides the deprecated server settings).
    static let limitsKeys: Set<String> = [
        "store", "rules", "onStoreError", "timeout", "passwordEnv", "replicas", "keyPrefix", "prices", "encodings",
        "defaultCompletionTokens",
    ]

    /// `limits:` — the limit store and the rules every request is checked against. A malformed rule is an error at
    /// its position; it never becomes "unlimited".
    func readLimits(_ reader: ConfigurationReader, upstreams: [GatewayConfiguration.Upstream]) -> GatewayConfiguration.Limits {
        let served = upstreams.flatMap(\.deployments)
        guard let node = reader.root["limits"] else { return GatewayConfiguration.Limits() }
        guard node.mapping != nil else {
            reader.fail(node, "limits", "expected a mapping such as { rules: [ { name: team-rpm, scope: key, requests: 600, per: 60s } ] }")
            return GatewayConfiguration.Limits()
        }
        let store = readLimitStore(node, reader)
        let defaultPolicy = readStoreErrorPolicy(node["onStoreError"], path: "limits.onStoreError", reader) ?? .closed
        let items: [YAMLNode]
        if let list = node["rules"] {
            guard let sequence = list.sequence else {
                reader.fail(
                    list, "limits.rules", "expected a list of rules such as { name: team-rpm, scope: key, requests: 600, per: 60s }")
                return GatewayConfiguration.Limits(store: store, onStoreError: defaultPolicy)
            }
            items = sequence
        } else {
            items = []
        }
        let prices = readPrices(node["prices"], served: served, reader)
        let encodings = readEncodings(node["encodings"], served: served, reader)
        let defaultCompletion = Int64(
            reader.int(
                node["defaultCompletionTokens"], "limits.defaultCompletionTokens",
                default: Int(GatewayConfiguration.Limits.defaultCompletionTokens), in: 1...10_000_000, unit: "tokens"))
        var rules: [LimitRule] = []
        var names: Set<String> = []
        for (index, item) in items.enumerated() {
            let path = "limits.rules[\(index)]"
            guard var rule = readRule(item, path: path, served: served, reader) else { continue }
            rule.onStoreError = readStoreErrorPolicy(item["onStoreError"], path: "\(path).onStoreError", reader) ?? defaultPolicy
            guard names.insert(rule.name).inserted else {
                reader.fail(item["name"], "\(path).name", "another rule is named '\(rule.name)'; rule names are unique")
                continue
            }
            if rule.measure == .microUSD {
                // Spend on a deployment without a price would count as free: the rule would never hold.
                let unpriced = served.filter { rule.applies(toDeployment: $0) && prices[$0.lowercased()] == nil }
                if !unpriced.isEmpty {
                    reader.fail(
                        item["usd"], "\(path).usd",
                        "spend is counted from prices, and \(unpriced.joined(separator: ", ")) has none; add it under limits.prices")
                }
            }
            rules.append(rule)
        }
        if reader.root["entra"] != nil, let keyRule = rules.firstIndex(where: { $0.scope == .key }) {
            reader.warn(
                items[keyRule]["scope"], "limits.rules[\(keyRule)].scope",
                "key rules do not apply to callers with Entra ID tokens; use scope: identity to limit both")
        }
        if case .redis = store, node["replicas"] == nil, defaultPolicy == .local || rules.contains(where: { $0.onStoreError == .local }) {
            // Until a replica has seen the others in Redis, it would divide a local rule's limit by 1.
            reader.warn(
                node, "limits.replicas",
                "onStoreError: local divides each limit by the number of replicas; set replicas to how many run, or a replica that starts while Redis is down enforces the whole limit alone"
            )
        }
        return GatewayConfiguration.Limits(
            rules: rules, prices: prices, encodings: encodings, defaultCompletionTokens: defaultCompletion, store: store,
            onStoreError: defaultPolicy)
    }

    /// `limits.store` and the settings of a shared store. The store's value is never repeated in an error: once
    /// interpolated it could be a URL with a password in it.
    private func readLimitStore(_ node: YAMLNode, _ reader: ConfigurationReader) -> GatewayConfiguration.Limits.Store {
        let shared = ["timeout", "passwordEnv", "replicas", "keyPrefix"].filter { node[$0] != nil }
        let text = reader.optionalString(node["store"], "limits.store") ?? "memory"
        guard text != "memory" else {
            for key in shared {
                reader.warn(node[key], "limits.\(key)", "applies to a shared store (limits.store: redis://...) only; ignored with memory")
            }
            return .memory
        }
        guard text.hasPrefix("redis://") || text.hasPrefix("rediss://") else {
            reader.fail(node["store"], "limits.store", "expected memory, or a Redis URL: redis://host:port/db, or rediss://... for TLS")
            return .memory
        }
        var server: RESPConfiguration
        do throws(RESPError) {
            server = try RESPConfiguration(url: text)
        } catch {
            reader.fail(node["store"], "limits.store", "not a Redis URL: \(error.detail)")
            return .memory
        }
        let passwordEnvironment = reader.optionalString(node["passwordEnv"], "limits.passwordEnv")
        if let passwordEnvironment { reader.requireEnvironment(passwordEnvironment, node: node["passwordEnv"], path: "limits.passwordEnv") }
        let keyPrefix = reader.optionalString(node["keyPrefix"], "limits.keyPrefix") ?? "{bulwark}:limits:"
        if !Self.hasHashTag(keyPrefix) {
            reader.fail(
                node["keyPrefix"], "limits.keyPrefix",
                "expected a {hash tag} in the prefix, such as {bulwark}:limits:, so Redis Cluster keeps every key in one slot")
        }
        let timeout = readMilliseconds(node["timeout"], path: "limits.timeout", reader) ?? .milliseconds(500)
        server.commandTimeout = timeout
        let replicas = reader.int(node["replicas"], "limits.replicas", default: 1, in: 1...1_000, unit: "replicas")
        return .redis(
            .init(server: server, passwordEnvironment: passwordEnvironment, keyPrefix: keyPrefix, timeout: timeout, replicas: replicas))
    }

    /// Whether `prefix` holds a non-empty `{hash tag}`, as Redis Cluster reads one.
    static func hasHashTag(_ prefix: String) -> Bool {
        guard let open = prefix.firstIndex(of: "{"), let close = prefix[open...].firstIndex(of: "}") else { return false }
        return prefix.index(after: open) < close
    }

    /// A duration such as `500ms` or `2s`, from 10 ms to 60 s.
    private func readMilliseconds(_ node: YAMLNode?, path: String, _ reader: ConfigurationReader) -> Duration? {
        guard let node else { return nil }
        let text = node.string ?? ""
        let milliseconds: Int? =
            if text.hasSuffix("ms") { Int(text.dropLast(2)) } else if text.hasSuffix("s") { Int(text.dropLast()).map { $0 * 1000 } } else {
                nil
            }
        guard node.isScalar, let milliseconds, (10...60_000).contains(milliseconds) else {
            reader.fail(node, path, "expected a duration from 10ms to 60s, such as 500ms or 2s")
            return nil
        }
        return .milliseconds(milliseconds)
    }

    /// `onStoreError`: closed, open or local; nil when absent or malformed (and an error).
    private func readStoreErrorPolicy(_ node: YAMLNode?, path: String, _ reader: ConfigurationReader) -> LimitRule.StoreErrorPolicy? {
        guard let node else { return nil }
        guard let text = node.string, node.isScalar, let policy = LimitRule.StoreErrorPolicy(rawValue: text) else {
            reader.fail(
                node, path,
                "expected closed (refuse with 503 limits_unavailable), open (admit unchecked) or local (limit ÷ replicas in each replica)")
            return nil
        }
        return policy
    }

    private func readRule(_ node: YAMLNode, path: String, served: [String], _ reader: ConfigurationReader) -> LimitRule? {
        guard node.mapping != nil else {
            reader.fail(node, path, "expected a rule such as { name: team-rpm, scope: key, requests: 600, per: 60s }")
            return nil
        }
        reader.rejectUnknownKeys(node, path, known: Self.ruleKeys)
        let name = reader.string(node["name"], "\(path).name", parent: node)
        let scopeText = reader.string(node["scope"], "\(path).scope", parent: node)
        let scope = scopeText.flatMap(LimitRule.Scope.init(rawValue:))
        if let scopeText, scope == nil {
            let known = LimitRule.Scope.allCases.map(\.rawValue).joined(separator: ", ")
            reader.fail(node["scope"], "\(path).scope", "unknown scope '\(scopeText)'; expected one of \(known)")
        }
        let mode = readMode(node["mode"], path: "\(path).mode", reader)
        let deployments = reader.strings(node["deployments"], "\(path).deployments")
        for (index, deployment) in deployments.enumerated()
        where deployment != "*" && served.allSatisfy({ !DeploymentName.same($0, deployment) }) {
            // A typo would leave the deployment it meant unlimited.
            reader.fail(node["deployments"], "\(path).deployments[\(index)]", "no upstream serves a deployment named '\(deployment)'")
        }
        let measures = ["requests", "tokens", "usd", "concurrent"].filter { node[$0] != nil }
        guard measures.count == 1, let measureKey = measures.first else {
            reader.fail(
                node, path,
                measures.isEmpty
                    ? "expected one of requests, tokens, usd or concurrent with the amount the rule allows"
                    : "expected one of requests, tokens, usd or concurrent, found \(measures.joined(separator: " and "))")
            return nil
        }
        let amountPath = "\(path).\(measureKey)"
        guard let amountNode = node[measureKey], let amountText = amountNode.string, amountNode.isScalar else {
            reader.fail(node[measureKey], amountPath, "expected a whole number from 1 to \(Self.maximumAmount)")
            return nil
        }
        let measure = LimitRule.Measure(rawValue: measureKey) ?? .requests
        let amount: Int64
        if measure == .microUSD {
            guard let microUSD = LimitSpec.microUSD(amountText), (1...Self.maximumAmount).contains(microUSD) else {
                reader.fail(amountNode, amountPath, "expected US dollars greater than 0, such as 200 or 12.50 (up to six decimals)")
                return nil
            }
            amount = microUSD
        } else {
            guard let whole = Int64(amountText), (1...Self.maximumAmount).contains(whole) else {
                reader.fail(amountNode, amountPath, "expected a whole number from 1 to \(Self.maximumAmount)")
                return nil
            }
            amount = whole
        }
        guard let name, let scope, let mode else { return nil }
        if measureKey == "concurrent" {
            for key in ["per", "period"] where node[key] != nil {
                reader.fail(node[key], "\(path).\(key)", "a concurrent limit counts requests in flight and has no period")
            }
            return LimitRule(name: name, scope: scope, kind: .concurrent(limit: amount), mode: mode, deployments: deployments)
        }
        switch (node["per"], node["period"]) {
        case (let per?, nil):
            guard measure != .microUSD else {
                reader.fail(per, "\(path).per", "a budget resets on the calendar: use period: hour, day, week or month")
                return nil
            }
            do throws(LimitSpecError) {
                let period = try LimitSpec.rollingPeriod(per.string ?? "")
                return LimitRule(
                    name: name, scope: scope, kind: .rate(measure, limit: amount, per: period), mode: mode, deployments: deployments)
            } catch {
                reader.fail(per, "\(path).per", error.message)
                return nil
            }
        case (nil, let periodNode?):
            guard let text = periodNode.string, let period = CalendarPeriod(rawValue: text) else {
                reader.fail(periodNode, "\(path).period", "expected hour, day, week or month (UTC calendar windows)")
                return nil
            }
            return LimitRule(
                name: name, scope: scope, kind: .quota(measure, limit: amount, period: period), mode: mode, deployments: deployments)
        case (.some, .some):
            reader.fail(node["period"], "\(path).period", "expected either per (a rolling rate) or period (a calendar quota), not both")
            return nil
        case (nil, nil):
            reader.fail(node, path, "expected per (a rolling rate such as 60s) or period (hour, day, week or month)")
            return nil
        }
    }

    private func readMode(_ node: YAMLNode?, path: String, _ reader: ConfigurationReader) -> LimitRule.Mode? {
        guard let node else { return .enforce }
        guard let text = node.string, let mode = LimitRule.Mode(rawValue: text) else {
            reader.fail(node, path, "expected enforce or shadow")
            return nil
        }
        return mode
    }
}
