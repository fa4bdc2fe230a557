import BPE

extension GatewayConfiguration.Limits {
    /// Loads the encodings that token and spend rules count with for `upstreams`' deployments, so a missing or
    /// corrupt vocabulary stops the gateway at start (and fails `gateway validate`) rather than refusing requests
    /// later. (A key's own token limits load them on first use.) - Returns: why one cannot be loaded, or nil.
    public func vocabularyProblem(upstreams: [GatewayConfiguration.Upstream]) -> String? {
        let counted = rules.filter { $0.measure != .requests }
        guard !counted.isEmpty else { return nil }
        let deployments = upstreams.flatMap(\.deployments).filter { deployment in
            counted.contains { $0.applies(toDeployment: deployment) }
        }
        for name in Set(deployments.map(encoding(of:))) {
            do { _ = try BPEEncoding.named(name) } catch {
                return "token limits are configured, and the \(name.rawValue) vocabulary cannot be loaded: \(error)"
            }
        }
        return nil
    }
}
