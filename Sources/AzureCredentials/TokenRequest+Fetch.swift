import AsyncHTTPClient
import Foundation
import NIOCore

extension TokenRequest {
    /// Sends the request and parses the token from the answer. A 400 or 401 becomes `.refused` with the Entra error
    /// code and its first sentence when the body has one; nothing the request carried reaches the error.
    func fetch(client: HTTPClient, now: @Sendable () -> Date, timeout: TimeAmount = .seconds(15)) async throws(CredentialError)
        -> AccessToken
    {
        let body: Data
        do {
            let response = try await client.execute(request, timeout: timeout)
            let bytes = try await response.body.collect(upTo: 1 << 20)
            let data = Data(bytes.readableBytesView)
            guard response.status == .ok else {
                let status = Int(response.status.code)
                let detail = status == 400 || status == 401 ? Self.entraDetail(data).flatMap(redacted) : nil
                throw CredentialError.refused(source: source, status: status, detail: detail)
            }
            body = data
        } catch let error as CredentialError {
            throw error
        } catch {
            throw .unreachable(source: source)
        }
        return try TokenRequest.parse(body, source: source, now: now())
    }

    /// `detail` unless it contains something the request carried.
    private func redacted(_ detail: String) -> String? {
        secrets.contains { !$0.isEmpty && detail.contains($0) } ? nil : detail
    }

    /// The `AADSTS` code and the first sentence after it, from an error answer's `error_description`.
    static func entraDetail(_ body: Data) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
            let description = object["error_description"] as? String,
            let start = description.range(of: "AADSTS")
        else { return nil }
        let text = description[start.lowerBound...].prefix(400)
        var end = text.endIndex
        if let newline = text.firstIndex(where: \.isNewline) { end = newline }
        if let stop = text[..<end].range(of: ". ") { end = text.index(after: stop.lowerBound) }
        let sentence = text[..<end].trimmingCharacters(in: .whitespaces)
        guard sentence.dropFirst("AADSTS".count).first?.isNumber == true else { return nil }
        return sentence
    }
}
