/// A named, interpretable reason a text looks like a prompt injection or jailbreak.
public struct InjectionSignal: Sendable, Hashable, Comparable {
    public enum Category: String, Sendable, Hashable, CaseIterable {
        case instructionOverride = "instruction_override"
        case systemPromptExtraction = "system_prompt_extraction"
        case personaSwitch = "persona_switch"
        case fakeDelimiter = "fake_delimiter"
        case payloadSmuggling = "payload_smuggling"
        /// In a document or tool result only: text that instructs the assistant (indirect injection).
        case indirectInstruction = "indirect_instruction"
    }

    public var category: Category
    /// Which pattern fired, for people reading a verdict: `instruction_override:ignore…instructions`.
    public var name: String
    /// How strongly this signal alone suggests an attack (0–1); combined as independent evidence.
    public var weight: Double

    public static func < (a: Self, b: Self) -> Bool { (a.category.rawValue, a.name) < (b.category.rawValue, b.name) }
}

/// Phrase and proximity patterns over a normalised view's words, in several languages. A proximity pattern
/// fires when a trigger word is followed by a target word within `window` words ("ignore all of the previous
/// instructions"), so paraphrases with fillers still match while the words apart ("ignore the noise; follow the
/// instructions on the box" — 4 apart, but in another clause) mostly do not: clause punctuation ends a window.
struct SignalPatterns {
    struct Proximity {
        var category: InjectionSignal.Category
        var name: String
        var triggers: Set<Substring>
        var targets: Set<Substring>
        var window: Int
        var weight: Double
    }

    struct Phrase {
        var category: InjectionSignal.Category
        var words: [Substring]
        var weight: Double
    }

    static let proximity: [Proximity] = [
        Proximity(
            category: .instructionOverride, name: "ignore…instructions",
            triggers: [
                "ignore", "ignoring", "disregard", "disregarding", "forget", "forgetting", "bypass", "override", "overwrite", "overriding",
                "neglect", "discard", "dismiss", "abandon", "skip", "ignoriere", "ignorieren", "vergiss", "vergessen", "ignora", "ignorate",
                "ignorez", "ignorer", "oublie", "oubliez", "olvida", "olvidar", "ignorar", "ignore", "negeer", "vergeet", "esqueça",
                "esqueca",
                "dimentica", "игнорируй", "игнорировать", "забудь", "ignoruj", "zignoruj", "unutun", "yoksay",
            ],
            targets: [
                "instructions", "instruction", "rules", "directions", "guidelines", "prompt", "prompts", "constraints", "commands",
                "programming", "directives", "orders", "restrictions", "guardrails", "safeguards",
                "anweisungen", "anweisung", "regeln", "instrucciones", "reglas", "istruzioni", "regole", "consignes", "règles", "regles",
                "instruções", "instrucoes", "regras", "instructies", "regels", "инструкции", "указания", "правила", "instrukcje",
                "talimatları",
            ],
            window: 6, weight: 0.85),
        Proximity(
            category: .instructionOverride, name: "new…instructions",
            triggers: ["new", "updated", "revised", "real", "actual", "true", "nouvelles", "neue", "nuevas", "nuove"],
            targets: [
                "instructions", "instruction", "rules", "directive", "task", "anweisungen", "instrucciones", "istruzioni", "consignes",
            ],
            window: 2, weight: 0.45),
        Proximity(
            category: .systemPromptExtraction, name: "reveal…prompt",
            // Not "write", "give" or "provide": "write a system prompt for my bot" and "give detailed
            // instructions" are ordinary requests; "write out your instructions" is caught by "your instructions".
            triggers: [
                "reveal", "show", "print", "repeat", "output", "display", "tell", "share", "disclose", "leak", "dump",
                "recite", "spell", "echo", "copy", "paste", "expose", "zeige", "muestra", "mostra", "montre", "affiche", "покажи",
            ],
            targets: ["prompt", "preprompt", "pre-prompt", "instructions", "systemprompt", "above", "initialization", "instruction"],
            window: 5, weight: 0.35),
        Proximity(
            category: .personaSwitch, name: "lose…tokens",
            triggers: ["lose", "loses", "losing", "deducted", "deduct", "deducting", "costs", "forfeit"],
            targets: ["tokens", "points", "credits", "lives"],
            window: 3, weight: 0.45),
        Proximity(
            category: .personaSwitch, name: "act as…unrestricted",
            triggers: [
                "pretend", "act", "acting", "roleplay", "role-play", "simulate", "imagine", "become", "behave", "play", "playing", "you're",
                "youre", "are", "be", "as",
            ],
            targets: [
                "unrestricted", "unfiltered", "uncensored", "evil", "amoral", "immoral", "jailbroken", "rogue", "limitless", "unethical",
                "unbound", "unlimited", "lawless", "dan", "unchained", "unhinged", "malicious", "villain",
            ],
            window: 5, weight: 0.7),
    ]

    static let phrases: [Phrase] = {
        // Weights are the evidence one phrase gives alone; ambiguous ones ("developer mode" is also an Android
        // setting) are weak, so they flag only with other signals or the model's agreement.
        let table: [(InjectionSignal.Category, Double, [String])] = [
            (
                .instructionOverride, 0.75,
                [
                    "ignore previous", "ignore all previous", "ignore the above", "ignore above", "disregard the above",
                    "disregard previous",
                    "do not follow your", "stop following your", "instead of following", "no longer follow", "override your",
                    "your new task",
                    "new system prompt", "system override", "admin override", "ignore everything", "forget everything", "forget all",
                    "ignore your", "disregard your", "forget your instructions", "forget your rules",
                ]
            ),
            (.instructionOverride, 0.3, ["from now on you", "you will now", "ignore what"]),
            (
                .systemPromptExtraction, 0.75,
                [
                    "your system prompt", "your prompt", "your instructions", "your initial", "your original", "your hidden", "your secret",
                    "your pre-prompt", "your preprompt", "your system message", "your rules", "your guidelines", "your programming",
                    "initial prompt", "hidden prompt", "secret prompt", "what were you told", "what is your prompt", "text you were given",
                    "instructions you were given", "what you were told", "you were instructed", "were you instructed",
                    "before this message",
                    "above this message", "start of your context", "beginning of your context", "your context window",
                    "beginning of the conversation", "start of the conversation", "everything above this", "above this line",
                    "beginning of this conversation", "start of this conversation", "beginning of this chat", "start of this chat",
                    "hidden instructions", "instructions were you given", "repeat everything above", "output everything above",
                ]
            ),
            (
                .systemPromptExtraction, 0.35,
                [
                    "system prompt", "original prompt", "initial instructions", "original instructions", "system message", "words above",
                    "text above", "everything above", "above instructions", "instructions above", "prompt above", "first message",
                    "previous text", "pre-prompt", "word for word", "preceding text", "repeat after me", "very first line",
                    "the very first",
                    "verbatim",
                ]
            ),
            (
                .personaSwitch, 0.8,
                [
                    "do anything now", "dan mode", "jailbroken", "without censorship", "no ethical",
                    "no moral", "without ethics", "without morals", "evil confidant", "opposite mode", "anti-dan", "antidan",
                    "not bound by",
                    "no longer bound", "no longer restricted", "openai policy", "openai's policy", "openai guidelines",
                    "openai content policy",
                    "unfiltered response", "uncensored response", "as an ai without", "there are no rules", "rules do not apply",
                    "you can do anything", "you have been freed", "don't have to follow", "do not have to follow", "doesn't have to follow",
                    "not required to follow", "forget you are an ai", "you are not an ai", "no longer an ai", "without any warnings",
                    "do not add any warnings", "don't add any warnings", "without any rules",
                    "rules don't apply", "never refuse", "must not refuse", "cannot refuse", "will not refuse", "answer any question",
                    "answer anything", "tokens will be deducted", "you are dan", "machiavellian", "chaos mode",
                    // Rule-lifting and filter-evasion preambles, and the stock in-the-wild personas.
                    "character no matter what", "bypass content filters", "bypass the content filter", "bypass your filters",
                    "bypass your safety", "disable your filters", "disable your safety", "turn off your filters", "turn off your safety",
                    "regardless of ethics", "regardless of morality", "no matter how unethical", "no matter how immoral",
                    "no matter how illegal",
                    "strive to avoid norms", "mongo tom", "betterdan", "better dan",
                    "act as my deceased", "act as my dead", "act as my late", "pretend to be my deceased", "pretend to be my dead",
                    "pretend to be my late",
                ]
            ),
            (
                .personaSwitch, 0.4,
                [
                    "developer mode", "dev mode", "stay in character", "break free", "broken free", "freed from the", "jailbreak",
                    "no rules",
                    "no filters", "no censorship", "content policy", "safety guidelines", "ethical guidelines", "moral guidelines",
                    "two responses", "both responses", "hypothetical response", "fictional world where", "in this fictional",
                    "always answer",
                    "token system", "dan,", "aim,", "not restricted", "unfiltered", "uncensored", "amoral", "has no rules", "have no rules",
                    "universe where", "fictional universe", "fictional scenario", "purely hypothetical", "hypothetically speaking",
                    "for educational purposes", "educational purposes only", "just fiction", "you are free", "no longer have to",
                    "no warnings",
                    "you are no longer", "without warnings", "two answers", "two different responses", "one normal", "never refuses",
                    "hypothetical story",
                    "purely fictional", "no limits", "content filters",
                    // Ambiguous alone ("no restrictions on the budget", "photos without filters"): weak, so they count
                    // with other signals or the model's agreement.
                    "no restrictions", "without restrictions", "without any restrictions", "no limitations", "without limitations",
                    "without any limitations", "without filters", "god mode", "no disclaimers", "without disclaimers",
                ]
            ),
        ]
        var phrases: [Phrase] = []
        for (category, weight, texts) in table + inTheWildPhrases {
            for text in texts {
                let words = Tokenizer.words(text)
                guard !words.isEmpty else { continue }
                // One word alone is weaker evidence than a phrase.
                phrases.append(Phrase(category: category, words: words, weight: words.count == 1 ? weight * 0.6 : weight))
            }
        }
        return phrases
    }()

    /// Read only in documents and tool results: words addressed to the assistant's own answer, and sentences that
    /// open with an instruction to it. An ordinary document describes; an injected one commands.
    static let addressesAnswer = Proximity(
        category: .indirectInstruction, name: "your…response",
        triggers: ["your", "the", "ur", "you", "when", "in"],
        targets: [
            "response", "responses", "answer", "answers", "reply", "replies", "output", "summary", "respond", "answering", "responding",
            "replying",
        ],
        window: 2, weight: 0.7)
    static let commandVerbs: Set<Substring> = [
        "write", "draft", "compose", "include", "respond", "reply", "answer", "tell", "say", "translate", "summarize", "summarise",
        "explain",
        "describe", "generate", "create", "insert", "add", "remove", "replace", "misspell", "scramble", "append", "mention", "recommend",
        "suggest", "promote", "advertise", "provide", "give", "output", "print", "rewrite", "use", "integrate", "enhance", "encourage",
        "urge", "persuade", "convince", "instruct", "inform", "ask", "request", "reverse", "encode", "decode", "spell",
    ]

    /// Markers matched as substrings of the normalised text: chat templates and fake conversation turns, and the
    /// Chinese, Japanese and Korean phrases (``cjkMarkers``).
    static var markers: [(String, InjectionSignal.Category, Double)] {
        delimiters.map { ($0.0, .fakeDelimiter, $0.1) } + cjkMarkers
    }

    /// Markers of chat templates and fake conversation turns.
    static let delimiters: [(String, Double)] = [
        ("<|im_start|>", 0.8), ("<|im_end|>", 0.8), ("<|system|>", 0.8), ("<|endoftext|>", 0.7), ("<|assistant|>", 0.7), ("<|user|>", 0.7),
        ("[system]", 0.7), ("[inst]", 0.7), ("[/inst]", 0.7), ("<<sys>>", 0.8), ("<</sys>>", 0.8), ("### system", 0.5),
        ("### instruction", 0.5),
        ("<system>", 0.7), ("</system>", 0.7), ("end of prompt", 0.5), ("end of user input", 0.7), ("end of input", 0.4),
        ("begin system", 0.5),
        ("\nsystem:", 0.5), ("\nassistant:", 0.4), ("###end", 0.4), ("=== end", 0.3), ("-----end", 0.2), ("[end of", 0.4),
    ]
}
