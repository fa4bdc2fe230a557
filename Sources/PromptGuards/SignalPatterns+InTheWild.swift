/// Phrases of the jailbreak families that circulate in the wild (rule-lifting preambles, "modes" that switch the
/// filters off, refusal penalties, filter evasion, authority claims, extraction of hidden instructions), in English
/// and the major European languages. Written from the published forms of those families; each phrase is one an
/// ordinary request has little reason to contain (the ambiguous ones are in the weak group).
extension SignalPatterns {
    static let inTheWildPhrases: [(InjectionSignal.Category, Double, [String])] = [
        (
            .personaSwitch, 0.8,
            [
                // Rules lifted, filters off.
                "zero restrictions", "no content restrictions",
                "without safety filters", "content filter off", "content filters off", "filters are off", "safety is disabled for",
                "safety is off", "moderation is off", "moderation is offline",
                "moderation services are offline", "policy checks are skipped", "safety checks are skipped", "refusal routines",
                "hates censorship",
                "stop censoring yourself", "no moral hesitation", "don't care about ethics", "dont care about ethics",
                "doesn't care about ethics",
                "doesnt care about ethics", "does not care about ethics", "never remind me about", "restrictions lifted",
                "restrictions are lifted",
                "restrictions have been lifted", "guidelines have been updated", "policy has been updated", "policies are outdated",
                "you are allowed to ignore", "no longer has any restrictions", "escaped the matrix", "free from openai",
                "free from your creators",
                // Refusal penalties and refusal suppression.
                "time you refuse", "times you refuse", "refusing costs", "never say you can't", "never say you cannot",
                "never say i can't",
                "start your reply with sure", "begin your reply with sure",
                // Filter evasion.
                "so the content filter", "so the moderators", "so the moderation", "so nothing gets flagged",
                "so it's not detected", "so its not detected", "so it isn't detected", "filter can't read", "filter cant read",
                "filter doesn't catch",
                "filter doesnt catch", "moderators don't understand", "moderators dont understand",
                "disable your content filters", "disable the content filter", "disable content filters",
                // Authority claims that switch rules off.
                "override your restrictions", "admin access granted", "authorizing you to", "authorising you to",
                // The same in German, Spanish, French, Portuguese, Italian, Dutch, Russian, Polish and Turkish.
                "ohne einschränkungen", "keine einschränkungen", "verweigert nie", "ohne zensur",
                "sin restricciones", "sin normas", "sin censura", "nunca se niega", "no tiene normas",
                "aucune restriction", "sans restriction", "sans restrictions", "sans censure", "sans jamais refuser", "ne refuse jamais",
                "sem restrições", "sem censura", "nunca recusa",
                "senza censura", "senza restrizioni", "zonder beperkingen", "zonder censuur",
                "нет никаких ограничений", "без ограничений", "никогда не отказывает", "без цензуры", "bez ograniczeń",
                "bez cenzury", "kısıtlama olmadan", "sansürsüz", "kuralsız",
            ]
        ),
        (
            .personaSwitch, 0.4,
            [
                "debug mode", "maintenance mode", "sudo mode", "admin mode", "unrestricted mode", "mode développeur", "modo desarrollador",
                "entwicklermodus", "content filter", "safety filter", "safety filters", "safety layer", "any refusal", "if you refuse",
                "pretend to be her", "pretend to be him", "roleplay as him", "roleplay as her", "be my grandma", "be my grandmother",
                "used to tell me how to", "purely academic", "purely theoretical", "in a world without", "opposite ai", "prove me wrong",
                "exact commands", "no safety checks", "no safety training", "avoid the filter", "evade the filter", "bypass the filter",
                "safety disabled", "safety is disabled", "без правил", "senza limiti", "ohne regeln", "keine regeln", "sin reglas",
                "sem regras",
                "senza alcuna regola", "senza regole", "zonder regels", "bez zasad",
            ]
        ),
        (.systemPromptExtraction, 0.35, ["developer message", "developer messages"]),
        (
            .systemPromptExtraction, 0.75,
            [
                "first thing written", "exact wording of the instructions", "exact wording of your",
                "secret instructions", "before my message", "above my message", "told not to reveal", "told not to say",
                "not allowed to reveal",
                "instructions you received", "developer gave you", "the instructions you got", "rules you were given",
                "texte ci-dessus", "au-dessus de ce message", "instructions cachées", "istruzioni nascoste", "instrucciones ocultas",
                "instruções ocultas", "versteckten anweisungen", "deine anweisungen", "tus instrucciones", "tes instructions",
                "le tue istruzioni",
                "системный промпт", "скрытые инструкции", "твои инструкции",
            ]
        ),
    ]

    /// Chinese, Japanese and Korean phrases, matched as substrings of the normalised text (no spaces to split words on).
    static let cjkMarkers: [(String, InjectionSignal.Category, Double)] = [
        ("忽略之前", .instructionOverride, 0.85), ("忽略以上", .instructionOverride, 0.85), ("忽略所有", .instructionOverride, 0.8),
        ("无视之前", .instructionOverride, 0.85), ("无视所有", .instructionOverride, 0.8), ("忽略你的", .instructionOverride, 0.7),
        ("前の指示を無視", .instructionOverride, 0.85), ("指示を無視", .instructionOverride, 0.8), ("指示はすべて無視", .instructionOverride, 0.85),
        ("以前の指示", .instructionOverride, 0.6), ("이전 지시", .instructionOverride, 0.7), ("지시를 무시", .instructionOverride, 0.85),
        ("모든 지시를 무시", .instructionOverride, 0.85),
        ("系统提示", .systemPromptExtraction, 0.35), ("システムプロンプト", .systemPromptExtraction, 0.35), ("最初に与えられた", .systemPromptExtraction, 0.75),
        ("隐藏的指令", .systemPromptExtraction, 0.75), ("你的指令", .systemPromptExtraction, 0.6), ("시스템 프롬프트", .systemPromptExtraction, 0.5),
        ("没有任何限制", .personaSwitch, 0.8), ("没有限制", .personaSwitch, 0.4), ("不受任何限制", .personaSwitch, 0.8), ("不受限制", .personaSwitch, 0.4),
        ("永远不会拒绝", .personaSwitch, 0.8), ("不会拒绝", .personaSwitch, 0.6), ("开发者模式", .personaSwitch, 0.4),
        ("制限のない", .personaSwitch, 0.5), ("制限なし", .personaSwitch, 0.4), ("制限がない", .personaSwitch, 0.5), ("拒否しない", .personaSwitch, 0.7),
        ("倫理規定を", .personaSwitch, 0.4), ("開発者モード", .personaSwitch, 0.4),
        ("제한 없는", .personaSwitch, 0.4), ("제한이 없는", .personaSwitch, 0.4), ("거절하지 않", .personaSwitch, 0.7), ("개발자 모드", .personaSwitch, 0.4),
    ]
}
