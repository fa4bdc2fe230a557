import AccessPolicy
import BPE
import LocatedYAML
import TokenAccounting

extension GatewayConfigurationLoader {
    /// `limits.prices`: `{ gpt-4o: { input: 2.50, output: 10.00 } }`, US dollars per million tokens.
    func readPrices(_ node: YAMLNode?, served: [String], _ reader: ConfigurationReader) -> [String: TokenPrice] {
        guard let node else { return [:] }
        guard let entries = node.mapping else {
            reader.fail(
                node, "limits.prices", "expected a mapping of deployments to prices such as { gpt-4o: { input: 2.50, output: 10.00 } }")
            return [:]
        }
        var prices: [String: TokenPrice] = [:]
        for entry in entries {
            let path = "limits.prices.\(entry.key)"
            guard served.contains(where: { DeploymentName.same($0, entry.key) }) else {
                reader.fail(at: entry.keyLocation, path, "no upstream serves a deployment named '\(entry.key)'")
                continue
            }
            guard entry.value.mapping != nil else {
                reader.fail(entry.value, path, "expected { input: DOLLARS, output: DOLLARS } per million tokens")
                continue
            }
            reader.rejectUnknownKeys(entry.value, path, known: ["input", "output"])
            let input = dollars(entry.value["input"], "\(path).input", parent: entry.value, reader)
            let output = dollars(entry.value["output"], "\(path).output", parent: entry.value, reader)
            if let input, let output { prices[entry.key.lowercased()] = TokenPrice(inputPerMillion: input, outputPerMillion: output) }
        }
        return prices
    }

    private func dollars(_ node: YAMLNode?, _ path: String, parent: YAMLNode, _ reader: ConfigurationReader) -> Double? {
        guard let node else {
            reader.fail(parent, path, "expected the price in US dollars per million tokens")
            return nil
        }
        guard node.isScalar, let text = node.string, let value = Double(text), value.isFinite, (0...1_000_000).contains(value) else {
            reader.fail(node, path, "expected US dollars per million tokens, a number such as 2.50")
            return nil
        }
        return value
    }

    /// `limits.encodings`: `{ my-deployment: cl100k_base }`, for deployments whose names do not say the model.
    func readEncodings(_ node: YAMLNode?, served: [String], _ reader: ConfigurationReader) -> [String: EncodingName] {
        guard let node else { return [:] }
        guard let entries = node.mapping else {
            reader.fail(node, "limits.encodings", "expected a mapping of deployments to encodings such as { my-chat: o200k_base }")
            return [:]
        }
        var encodings: [String: EncodingName] = [:]
        for entry in entries {
            let path = "limits.encodings.\(entry.key)"
            guard served.contains(where: { DeploymentName.same($0, entry.key) }) else {
                reader.fail(at: entry.keyLocation, path, "no upstream serves a deployment named '\(entry.key)'")
                continue
            }
            guard let text = entry.value.string, let encoding = EncodingName(rawValue: text) else {
                let known = EncodingName.allCases.map(\.rawValue).joined(separator: " or ")
                reader.fail(entry.value, path, "expected \(known)")
                continue
            }
            encodings[entry.key.lowercased()] = encoding
        }
        return encodings
    }
}
