import Foundation
import PromptGuards
import SensitiveData
import LocatedYAML

extension GatewayConfigurationLoader {
    /// `guards:` — named profiles and the default one.
    func readGuards(_ reader: ConfigurationReader) -> (profiles: [String: GatewayConfiguration.GuardSettings], default: String?) {
        guard let node = reader.root["guards"] else { return ([:], nil) }
        reader.rejectUnknownKeys(node, "guards", known: ["default", "profiles"])
        var profiles: [String: GatewayConfiguration.GuardSettings] = [:]
        if let mapping = node["profiles"]?.pairs {
            for pair in mapping {
                guard let name = pair.key.string else { continue }
                if name == "none" { reader.fail(pair.key, "guards.profiles.none", "'none' means no guards; choose another name") }
                if let profile = readProfile(pair.value, name: name, path: "guards.profiles.\(name)", reader) { profiles[name] = profile }
            }
        } else {
            reader.fail(node["profiles"] ?? node, "guards.profiles", "expected a mapping of profile names to guard settings")
        }
        let defaultName = reader.optionalString(node["default"], "guards.default")
        if let defaultName, defaultName != "none", profiles[defaultName] == nil, node["profiles"] != nil {
            reader.fail(
                node["default"], "guards.default",
                "no profile named '\(defaultName)'; expected one of \(profiles.keys.sorted().joined(separator: ", "))")
        }
        return (profiles, defaultName == "none" ? nil : defaultName)
    }

    /// `abuse:` — the decaying violation score and suspensions.
    func readAbuse(_ reader: ConfigurationReader) -> GatewayConfiguration.AbuseMonitoring? {
        guard let node = reader.root["abuse"] else { return nil }
        reader.rejectUnknownKeys(
            node, "abuse", known: ["threshold", "blockPoints", "flagPoints", "halfLifeSeconds", "suspendSeconds", "webhook"])
        func number(_ key: String, _ fallback: Double) -> Double {
            guard let value = node[key] else { return fallback }
            guard let number = value.float, number >= 0 else {
                reader.fail(value, "abuse.\(key)", "expected a number of 0 or more"); return fallback
            }
            return number
        }
        let threshold = number("threshold", 5)
        if threshold <= 0 { reader.fail(node["threshold"], "abuse.threshold", "expected a positive number of points") }
        let webhook = node["webhook"] == nil ? nil : reader.url(node["webhook"], "abuse.webhook")
        return .init(
            blockPoints: number("blockPoints", 1), flagPoints: number("flagPoints", 0.25), threshold: threshold,
            halfLifeSeconds: reader.int(node["halfLifeSeconds"], "abuse.halfLifeSeconds", default: 600, in: 1...604_800, unit: "seconds"),
            suspendSeconds: reader.int(node["suspendSeconds"], "abuse.suspendSeconds", default: 900, in: 1...2_592_000, unit: "seconds"),
            webhook: webhook
        )
    }

    private func readProfile(_ node: YAMLNode, name: String, path: String, _ reader: ConfigurationReader) -> GatewayConfiguration
        .GuardSettings?
    {
        reader.rejectUnknownKeys(
            node, path, known: ["injection", "personalData", "secrets", "overrides", "blocklist", "completions", "restorePlaceholders"])
        var injection: InjectionDetector.Thresholds?
        if let thresholds = node["injection"] {
            reader.rejectUnknownKeys(thresholds, path + ".injection", known: ["flag", "block"])
            let flag = thresholds["flag"]?.float ?? InjectionDetector.Thresholds.standard.flag
            let block = thresholds["block"]?.float ?? InjectionDetector.Thresholds.standard.block
            if !(0...1).contains(flag) || !(0...1).contains(block) || flag > block {
                reader.fail(thresholds, path + ".injection", "expected flag and block scores from 0 to 1, flag no higher than block")
            }
            injection = .init(flag: flag, block: block)
        }
        func action(_ key: String) -> RedactionAction? {
            guard let value = node[key] else { return nil }
            guard let text = value.string, let action = RedactionAction(rawValue: text) else {
                reader.fail(value, "\(path).\(key)", "expected allow, mask, hash or block")
                return nil
            }
            return action
        }
        let personalData = action("personalData"), secrets = action("secrets")
        var overrides: [SensitiveDataKind: RedactionAction] = [:]
        if let mapping = node["overrides"]?.pairs {
            for pair in mapping {
                guard let kind = pair.key.string.flatMap(SensitiveDataKind.init(rawValue:)) else {
                    reader.fail(
                        pair.key, "\(path).overrides",
                        "'\(pair.key.string ?? "")' is not a kind; expected one of \(SensitiveDataKind.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                    continue
                }
                guard let action = pair.value.string.flatMap(RedactionAction.init(rawValue:)) else {
                    reader.fail(pair.value, "\(path).overrides.\(kind.rawValue)", "expected allow, mask, hash or block")
                    continue
                }
                overrides[kind] = action
            }
        }
        let redaction =
            personalData == nil && secrets == nil && overrides.isEmpty
            ? nil
            : RedactionPolicy(personalData: personalData ?? .allow, secrets: secrets ?? .allow, overrides: overrides)
        // Each entry is compiled on its own, so a bad one is reported at its place; the gateway uses them as built.
        var lists: [Blocklist] = []
        if let items = node["blocklist"]?.sequence {
            for (index, item) in items.enumerated() {
                let itemPath = "\(path).blocklist[\(index)]"
                reader.rejectUnknownKeys(item, itemPath, known: ["exact", "word", "regex", "fuzzy", "distance"])
                let entry: Blocklist.Entry
                if let term = item["exact"]?.string {
                    entry = .exact(term)
                } else if let term = item["word"]?.string {
                    entry = .word(term)
                } else if let pattern = item["regex"]?.string {
                    entry = .regex(pattern)
                } else if let term = item["fuzzy"]?.string {
                    entry = .fuzzy(term, distance: item["distance"]?.int ?? 1)
                } else {
                    reader.fail(item, itemPath, "expected one of exact, word, regex or fuzzy (with distance)"); continue
                }
                do { lists.append(try Blocklist([entry])) } catch {
                    reader.fail(item, itemPath, error.description)
                }
            }
        } else if let list = node["blocklist"] {
            reader.fail(list, path + ".blocklist", "expected a list of entries such as { word: \"term\" }")
        }
        let completions = reader.bool(node["completions"], path + ".completions", default: true)
        let restore = reader.bool(node["restorePlaceholders"], path + ".restorePlaceholders", default: false)
        return .init(
            name: name, injection: injection, redaction: redaction, blocklist: lists.isEmpty ? nil : Blocklist(concatenating: lists),
            completions: completions, restorePlaceholders: restore)
    }
}
