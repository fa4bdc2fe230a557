extension BPEEncoding {
    /// Tokens a chat completion prompt takes, by the rule OpenAI's cookbook gives ("How to count tokens with
    /// tiktoken", for gpt-3.5-turbo-0613, gpt-4 and gpt-4o): 3 tokens per message, plus the tokens of its role,
    /// content and name, plus 1 per name, plus 3 that prime the reply.
    ///
    /// OpenAI describes this as an estimate: the service's own count can differ by a few tokens between model
    /// versions, and tools, images and response formats are not counted here.
    ///
    /// - Parameter messages: The messages in order; `name` is the optional participant name.
    /// - Returns: The prompt's token count by that rule.
    public func countChat(messages: [(role: String, content: String, name: String?)]) -> Int {
        var total = 3  // every reply is primed with <|start|>assistant<|message|>
        for message in messages {
            total += 3 + count(message.role) + count(message.content)
            if let name = message.name { total += count(name) + 1 }
        }
        return total
    }
}
