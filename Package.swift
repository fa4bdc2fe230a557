// swift-tools-version: 6.1
import PackageDescription

// The layout is the architecture: one target per concept, each with one comment line saying what it is and what
// it must never depend on. Scripts/check-layers.py checks those promises on every test run.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let testSettings: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "bulwark",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "bulwark", targets: ["BulwarkCLI"]),
        .library(name: "Scanning", targets: ["Scanning"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // The gateway's packages; the scanner targets above never depend on them.
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // The tokenizer's vocabularies ship gzip-compressed; CompressNIO wraps the system zlib.
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
    ],
    targets: [
        // ── The scanner core: Foundation, Yams and swift-crypto only. None of these targets may depend on a server
        // package (Hummingbird, AsyncHTTPClient, NIO, GRDB, jwt-kit) or on any gateway target.

        // SourceModel: locations (file:line:column, or a live resource id), diagnostics with open codes, and FileAccess (reading
        // and writing named files with messages that say what is wrong). Depends on nothing but Foundation.
        .target(name: "SourceModel", swiftSettings: strictSettings),
        // LocatedJSON: a JSON reader that keeps line:column for every value, as ARM reads JSON. Never depends on the posture model.
        .target(name: "LocatedJSON", dependencies: ["SourceModel"], swiftSettings: strictSettings),
        // LocatedYAML: YAML nodes (Yams) with locations and located syntax errors. Never depends on the posture model.
        .target(
            name: "LocatedYAML", dependencies: ["SourceModel", .product(name: "Yams", package: "Yams")],
            swiftSettings: strictSettings
        ),
        // BicepSyntax: `.bicep` and `.bicepparam` text to a syntax tree with source ranges, and located syntax errors. Never
        // depends on the posture model or on another input format.
        .target(name: "BicepSyntax", dependencies: ["SourceModel"], swiftSettings: strictSettings),
        // HCLSyntax: HCL2 native syntax (`.tf`, `.tfvars`) to a syntax tree with a source range on every node, and located
        // syntax errors. Syntax only: no evaluation and no Terraform meaning. Never depends on the posture model or another format.
        .target(name: "HCLSyntax", dependencies: ["SourceModel"], swiftSettings: strictSettings),
        // BicepCompiler: a Bicep syntax tree to ARM template JSON (languageVersion 1 or 2.0) with a `.bicep` range on every value,
        // and located semantic errors (Yams reads `loadYamlContent` files). Never depends on the posture model, the ARM engine or Scanning.
        .target(
            name: "BicepCompiler", dependencies: ["SourceModel", "BicepSyntax", "LocatedJSON", .product(name: "Yams", package: "Yams")],
            resources: [.copy("Resources/resource-types.txt")], swiftSettings: strictSettings
        ),
        // PostureModel: resources, values with unknowns, findings, and the input front-end seam. Never depends on a reader or format.
        .target(name: "PostureModel", dependencies: ["SourceModel"], swiftSettings: strictSettings),
        // TerraformModel: Terraform values (cty's model) with type constraints and conversion, resource instances, and the seams
        // between the evaluator, the function library and the azurerm mapping. Never depends on a reader or on the rules.
        .target(name: "TerraformModel", dependencies: ["SourceModel", "PostureModel"], swiftSettings: strictSettings),
        // TerraformPlan: `terraform show -json` plans (format 0.1 to 1.2) to Terraform resource instances, with unknowns and
        // sensitive values, located in the `.tf` beside the plan when it is there. Never depends on the rules, Scanning or Reports.
        .target(
            name: "TerraformPlan", dependencies: ["SourceModel", "LocatedJSON", "HCLSyntax", "PostureModel", "TerraformModel"],
            swiftSettings: strictSettings
        ),
        // TerraformFrontEnd: Terraform root modules and plans as a scan input (root modules found, evaluated and mapped through
        // seams the CLI wires), `expand`. Never depends on rules, Scanning or Reports.
        .target(
            name: "TerraformFrontEnd",
            dependencies: ["SourceModel", "LocatedJSON", "HCLSyntax", "PostureModel", "TerraformModel", "TerraformPlan"],
            swiftSettings: strictSettings
        ),
        // TerraformMapping: azurerm, azapi and azuread resource instances to ARM-shaped resources, driven by bundled YAML mappings
        // (ARM type, property paths, transforms, provider defaults per major version). Never depends on a reader or on the rules.
        .target(
            name: "TerraformMapping",
            dependencies: [
                "SourceModel", "PostureModel", "TerraformModel", "LocatedYAML", "LocatedJSON", .product(name: "Yams", package: "Yams"),
            ],
            resources: [.copy("Mappings")], swiftSettings: strictSettings
        ),
        // TerraformFunctions: Terraform's built-in functions (cty's semantics: unknowns, sensitivity, set order) behind the
        // TerraformFunctionLibrary seam (HCLSyntax only for decode_tfvars). Never depends on the evaluator, a front end or the rules.
        .target(
            name: "TerraformFunctions",
            dependencies: [
                "TerraformModel", "SourceModel", "PostureModel", "HCLSyntax", .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
        ),
        // TerraformEvaluation: a Terraform root module folder (`.tf`, `.tf.json`, `.tfvars`) evaluated with Terraform's semantics into
        // resource instances with explicit unknowns, following local and installed modules. Functions come through TerraformModel's
        // seam. Never depends on the rules, Scanning or a provider mapping.
        .target(
            name: "TerraformEvaluation", dependencies: ["SourceModel", "PostureModel", "HCLSyntax", "LocatedJSON", "TerraformModel"],
            swiftSettings: strictSettings
        ),
        // ARMTemplates: the ARM front end (templates and parameter files to resources, `expand`). Never depends on rules or Scanning.
        .target(
            name: "ARMTemplates", dependencies: ["SourceModel", "LocatedJSON", "PostureModel"],
            swiftSettings: strictSettings
        ),
        // BicepFrontEnd: `.bicep` and `.bicepparam` files as a scan input (BicepCompiler's template expanded by the ARM engine,
        // findings at `.bicep` lines), `expand` and `build`. Never depends on rules, Scanning or Reports.
        .target(
            name: "BicepFrontEnd",
            dependencies: ["SourceModel", "BicepSyntax", "BicepCompiler", "LocatedJSON", "PostureModel", "ARMTemplates"],
            swiftSettings: strictSettings
        ),
        // LiveSnapshot: a collected live estate (ARM resources, Microsoft Graph objects, collector statuses) as a scan input:
        // the snapshot folder's format, written and read deterministically and checked by hash. Never depends on the
        // collection (no HTTP client), rules, Scanning or Reports.
        .target(
            name: "LiveSnapshot",
            dependencies: ["SourceModel", "LocatedJSON", "PostureModel", .product(name: "Crypto", package: "swift-crypto")],
            resources: [.copy("Resources/resource-types.json")], swiftSettings: strictSettings
        ),
        // RuleEngine: the rule language, its evaluator, the built-in rules and the scan result. Never depends on an input format.
        .target(
            name: "RuleEngine",
            dependencies: ["SourceModel", "LocatedYAML", "PostureModel", .product(name: "Yams", package: "Yams")],
            resources: [.copy("Rules"), .copy("Definitions")],
            swiftSettings: strictSettings
        ),
        // SensitiveData: personal data and secret detection with checksums, one pass over UTF-8. Never depends on PromptGuards.
        .target(
            name: "SensitiveData", dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings
        ),
        // Scanning: discovery, front ends asked what they read, concurrent loading and judging, secrets in text files.
        // Never depends on an input format (the CLI wires front ends in) or on Reports.
        .target(
            name: "Scanning", dependencies: ["SourceModel", "PostureModel", "RuleEngine", "SensitiveData"],
            swiftSettings: strictSettings
        ),
        // Baselines: a scan's accepted failures recorded by fingerprint, and later scans marked new/unchanged/fixed against
        // them. Never depends on an input format, Scanning or Reports.
        .target(
            name: "Baselines", dependencies: ["SourceModel", "PostureModel", "RuleEngine", "LocatedJSON"], swiftSettings: strictSettings
        ),
        // Suppressions: accepted risks with a reason and an end date, from the project file and inline (ARM metadata, Bicep and
        // Terraform comments), applied to a scan result. Never depends on Scanning, Reports or the server stack.
        .target(
            name: "Suppressions",
            dependencies: ["SourceModel", "PostureModel", "RuleEngine", "LocatedYAML", "LocatedJSON", "BicepSyntax", "HCLSyntax"],
            swiftSettings: strictSettings
        ),
        // NessusResults: Nessus `.nessus` (NessusClientData_v2) files streamed (no DTD, no external entities) into findings
        // `NESSUS-<pluginID>`, host inventory and hosts joined to the scanned resources. Never depends on an input format,
        // Scanning or Reports.
        .target(
            name: "NessusResults", dependencies: ["SourceModel", "PostureModel", "RuleEngine", "LocatedYAML"],
            resources: [.copy("Resources")], swiftSettings: strictSettings
        ),
        // Reports: table, JSON and SARIF for scans; JSON and table for expansions. Never depends on an input format or Scanning.
        .target(name: "Reports", dependencies: ["SourceModel", "PostureModel", "RuleEngine"], swiftSettings: strictSettings),
        // HTMLReport: one self-contained HTML file for people (inline CSS and JS, no network, filters and views), with source
        // snippets read from the scanned files. Never depends on an input format, Scanning or a server package.
        .target(
            name: "HTMLReport",
            dependencies: ["SourceModel", "PostureModel", "RuleEngine", "Reports", .product(name: "Crypto", package: "swift-crypto")],
            resources: [.copy("Resources/report.css"), .copy("Resources/report.js")], swiftSettings: strictSettings
        ),

        // ── The gateway: these may use the server packages; the scanner core above never depends on them.

        // PromptGuards: injection and jailbreak detection (bundled model), redaction, blocklists. Foundation and
        // swift-crypto only; never depends on a server package, so the CLI's guard commands stay light.
        .target(
            name: "PromptGuards", dependencies: ["SensitiveData", .product(name: "Crypto", package: "swift-crypto")],
            resources: [.copy("Resources")],
            swiftSettings: strictSettings
        ),
        // AccessPolicy: gateway vocabulary (operations, grants and their one `allows`, IP networks, regions). Depends on no Bulwark target.
        .target(name: "AccessPolicy", swiftSettings: strictSettings),
        // RateLimits: the gateway's limits as algorithms (GCRA rates, calendar quotas, concurrency) and the memory store.
        // Never depends on Gateway, GatewayConfig or a server package.
        .target(name: "RateLimits", dependencies: ["AccessPolicy"], swiftSettings: strictSettings),
        // APIKeys: gateway keys (the KeyStore seam; salted hashes in SQLite, constant-time checks, rotation, suspensions, the
        // SQLite usage ledger). Never depends on GatewayConfig or Gateway.
        .target(
            name: "APIKeys",
            dependencies: [
                "AccessPolicy", "RateLimits", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        // PostgresStore: gateway keys, suspensions and the usage ledger in PostgreSQL, shared by replicas (an in-memory
        // key cache kept fresh by LISTEN/NOTIFY). Never depends on GatewayConfig or Gateway.
        .target(
            name: "PostgresStore",
            dependencies: [
                "APIKeys", "RateLimits", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        // AuditLog: the tamper-evident audit log (hash-chained, HMAC'd JSON lines, seals, verification). Never depends on another Bulwark target.
        .target(name: "AuditLog", dependencies: [.product(name: "Crypto", package: "swift-crypto")], swiftSettings: strictSettings),
        // GatewayConfig: the gateway's YAML (LocatedYAML, ${ENV}) mapped into the settings of the targets it configures. Never depends on Gateway.
        .target(
            name: "GatewayConfig",
            dependencies: [
                "AccessPolicy", "APIKeys", "PromptGuards", "SensitiveData", "EntraID", "AzureCredentials", "RateLimits", "TokenAccounting",
                "BPE", "RESP", "SourceModel", "LocatedYAML", "AuditLog", .product(name: "Yams", package: "Yams"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strictSettings
        ),
        // EntraID: clients' Entra access tokens (JWKS cache, RS256, issuer, audience, lifetime). Never depends on GatewayConfig or Gateway.
        .target(
            name: "EntraID",
            dependencies: [
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strictSettings
        ),
        // AzureCredentials: Entra tokens for the gateway's upstreams and live scans (environment, workload and managed identity, Azure CLI, the chain; clouds). Never depends on GatewayConfig or Gateway.
        .target(
            name: "AzureCredentials",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        // LiveCollection: reading a live estate (Resource Graph inventory, ARM extras, Microsoft Graph) into a snapshot, with
        // paging, throttling and bounded concurrency. Used by the command line only; never by the scanner core.
        .target(
            name: "LiveCollection",
            dependencies: [
                "LiveSnapshot", "PostureModel", "LocatedJSON", "AzureCredentials",
                .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        // EventLoopAffinity: one value per SwiftNIO event loop (a client connected on that loop) and the current loop's one,
        // so work that stays on its loop wakes no other thread. Never depends on a gateway or scanner target.
        .target(
            name: "EventLoopAffinity",
            dependencies: [.product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")],
            swiftSettings: strictSettings
        ),
        // RESP: a small Redis client (RESP2/3) on SwiftNIO for the gateway's shared limit store. Never depends on a gateway or scanner target.
        .target(
            name: "RESP",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"), .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // RedisLimitStore: the limit store the gateway's replicas share, in Redis (one Lua script per admission). Never depends on a gateway target.
        .target(
            name: "RedisLimitStore",
            dependencies: [
                "RateLimits", "RESP", "EventLoopAffinity", .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        // Gateway: the server (pipeline of steps, routes, forwarding, recording, services). Never depends on BulwarkCLI or a scanner target.
        .target(
            name: "Gateway",
            dependencies: [
                "AccessPolicy", "APIKeys", "PostgresStore", "GatewayConfig", "AuditLog", "EntraID", "AzureCredentials", "PromptGuards",
                "RateLimits", "TokenAccounting", "BPE", "RESP", "RedisLimitStore", "EventLoopAffinity",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        // BulwarkCLI: the `bulwark` command, argument parsing and wiring only. No library target may depend on it.
        .executableTarget(
            name: "BulwarkCLI",
            dependencies: [
                "Scanning", "Reports", "RuleEngine", "PostureModel", "ARMTemplates", "BicepFrontEnd", "SourceModel", "SensitiveData",
                "Baselines",
                "HTMLReport",
                "TerraformModel", "TerraformPlan", "TerraformFrontEnd", "TerraformEvaluation", "TerraformFunctions", "TerraformMapping",
                "LiveSnapshot", "LiveCollection", "AzureCredentials", "Suppressions", "NessusResults",
                "AccessPolicy",
                "RateLimits",
                "APIKeys", "PostgresStore", "Gateway", "GatewayConfig", "AuditLog", "PromptGuards",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        // JSONReaderBenchmark: the positioned JSON reader's throughput (release builds only). Never a dependency.
        .executableTarget(
            name: "JSONReaderBenchmark",
            dependencies: ["LocatedJSON"],
            path: "Benchmarks/JSONReaderBenchmark",
            swiftSettings: strictSettings
        ),
        // AuditLineBenchmark: nanoseconds per audit record, the canonical writer beside JSONSerialization (release builds only).
        // Never a dependency.
        .executableTarget(
            name: "AuditLineBenchmark", dependencies: ["AuditLog"], path: "Benchmarks/AuditLineBenchmark",
            swiftSettings: strictSettings
        ),
        // BicepSyntaxBenchmark: the Bicep parser's time over a folder of `.bicep` files (release builds only). Never a dependency.
        .executableTarget(
            name: "BicepSyntaxBenchmark", dependencies: ["BicepSyntax"], path: "Benchmarks/BicepSyntaxBenchmark",
            swiftSettings: strictSettings
        ),
        // RuleEngineBenchmark: the built-in rules over a synthetic 100,000-resource live estate (release builds only). Never a dependency.
        .executableTarget(
            name: "RuleEngineBenchmark", dependencies: ["RuleEngine", "PostureModel", "SourceModel"],
            path: "Benchmarks/RuleEngineBenchmark", swiftSettings: strictSettings
        ),
        // ReportBenchmark: the JSON report of a synthetic 100,000-finding scan, streaming writer beside the JSONEncoder it
        // replaced, and any other format (release builds only). Never a dependency.
        .executableTarget(
            name: "ReportBenchmark", dependencies: ["Reports", "RuleEngine", "PostureModel", "SourceModel"],
            path: "Benchmarks/ReportBenchmark", swiftSettings: strictSettings
        ),
        // FakeAzureOpenAI: a fast SwiftNIO fake upstream for the gateway's load benchmark. Never a dependency.
        .executableTarget(
            name: "FakeAzureOpenAI",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Benchmarks/FakeAzureOpenAI",
            swiftSettings: strictSettings
        ),
        // LoopbackRelay: a SwiftNIO TCP relay with no HTTP in it, the floor a gateway's added latency is measured against
        // in the load benchmarks. Never a dependency.
        .executableTarget(
            name: "LoopbackRelay",
            dependencies: [.product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")],
            path: "Benchmarks/LoopbackRelay",
            swiftSettings: strictSettings
        ),
        // StackRelay: Hummingbird and AsyncHTTPClient relaying every POST with nothing of the gateway in between, for the
        // load benchmarks' split of the gateway's added latency. Never a dependency.
        .executableTarget(
            name: "StackRelay",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Benchmarks/StackRelay",
            swiftSettings: strictSettings
        ),
        // LiveCollectionBenchmark: a generated 100,000-resource estate served by the loopback fake and collected (requests by
        // kind, wall time, peak RSS). Release builds only; never a dependency.
        .executableTarget(
            name: "LiveCollectionBenchmark",
            dependencies: [
                "LiveCollection", "LiveSnapshot", "AzureFakes", "AzureCredentials",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Benchmarks/LiveCollectionBenchmark",
            swiftSettings: strictSettings
        ),
        // GuardBenchmark: microseconds per KB of each prompt guard, 1 KB to 1 MB. Never a dependency.
        .executableTarget(
            name: "GuardBenchmark", dependencies: ["PromptGuards", "SensitiveData"], path: "Benchmarks/GuardBenchmark",
            swiftSettings: strictSettings),
        // BPE: OpenAI's byte-pair encodings (o200k_base, cl100k_base) for exact token counts. Never depends on a gateway or scanner target.
        .target(
            name: "BPE",
            dependencies: [
                .product(name: "CompressNIO", package: "compress-nio"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Vocabularies")],
            swiftSettings: strictSettings
        ),
        // TokenAccounting: what an OpenAI request will use (BPE counts of prompts, completion caps), prices, and usage in streams.
        // Never depends on a gateway or scanner target.
        .target(name: "TokenAccounting", dependencies: ["BPE"], swiftSettings: strictSettings),
        // TokenizerBenchmark: the BPE tokenizer's MB/s on mixed and CJK text (release builds only). Never a dependency.
        .executableTarget(
            name: "TokenizerBenchmark", dependencies: ["BPE"], path: "Benchmarks/TokenizerBenchmark",
            swiftSettings: strictSettings
        ),
        // GatewayTesting: the gateway tests' shared fakes (Azure OpenAI upstream, token endpoints, JWKS, clocks). Used
        // only by the gateway's test targets; never by a product target, and never by the scanner's tests.
        .target(
            name: "GatewayTesting",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/GatewayTesting",
            swiftSettings: strictSettings
        ),
        // AzureFakes: loopback stand-ins for Entra's token endpoint, ARM, Resource Graph and Microsoft Graph that replay
        // `../shared/corpus/rest` and generated estates, with paging, throttling, refusals and token expiry. Used only
        // by the live collection's tests and the command line's live tests.
        .target(
            name: "AzureFakes",
            dependencies: [
                "GatewayTesting", "LocatedJSON", "PostureModel", "AzureCredentials",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Tests/AzureFakes",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "LiveCollectionTests",
            dependencies: [
                "LiveCollection", "LiveSnapshot", "AzureCredentials", "AzureFakes", "PostureModel", "LocatedJSON",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: testSettings
        ),
        .testTarget(name: "RateLimitsTests", dependencies: ["RateLimits"], swiftSettings: testSettings),
        .testTarget(
            name: "APIKeysTests",
            dependencies: ["APIKeys", "AccessPolicy", "RateLimits", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: testSettings
        ),
        .testTarget(
            name: "PostgresStoreTests",
            dependencies: [
                "PostgresStore", "APIKeys", "RateLimits", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: testSettings
        ),
        .testTarget(
            name: "AuditLogTests", dependencies: ["AuditLog", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: testSettings
        ),
        .testTarget(
            name: "GatewayTests",
            dependencies: [
                "Gateway", "GatewayConfig", "AccessPolicy", "APIKeys", "PostgresStore", "AuditLog", "EntraID", "AzureCredentials",
                "GatewayTesting", "RateLimits", "TokenAccounting", "BPE", "EventLoopAffinity",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: testSettings
        ),
        .testTarget(
            name: "EntraIDTests",
            dependencies: ["EntraID", "GatewayTesting", .product(name: "CryptoExtras", package: "swift-crypto")],
            swiftSettings: testSettings
        ),
        .testTarget(
            name: "AzureCredentialsTests",
            dependencies: [
                "AzureCredentials", "GatewayTesting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: testSettings
        ),
        .testTarget(
            name: "RESPTests",
            dependencies: [
                "RESP", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: testSettings
        ),
        .testTarget(name: "TokenAccountingTests", dependencies: ["TokenAccounting", "BPE"], swiftSettings: testSettings),
        .testTarget(
            name: "RedisLimitStoreTests",
            dependencies: ["RedisLimitStore", "RateLimits", "RESP", .product(name: "Logging", package: "swift-log")],
            swiftSettings: testSettings
        ),
        .testTarget(
            name: "BPETests", dependencies: ["BPE", .product(name: "Crypto", package: "swift-crypto")], exclude: ["Fixtures"],
            swiftSettings: testSettings
        ),
        .testTarget(name: "PromptGuardsTests", dependencies: ["PromptGuards", "SensitiveData"], swiftSettings: testSettings),
        .testTarget(name: "SensitiveDataTests", dependencies: ["SensitiveData"], swiftSettings: testSettings),
        .testTarget(name: "LocatedJSONTests", dependencies: ["LocatedJSON", "SourceModel"], swiftSettings: testSettings),
        .testTarget(name: "BicepSyntaxTests", dependencies: ["BicepSyntax", "SourceModel"], swiftSettings: testSettings),
        .testTarget(name: "HCLSyntaxTests", dependencies: ["HCLSyntax", "SourceModel"], swiftSettings: testSettings),
        .testTarget(
            name: "TerraformModelTests", dependencies: ["TerraformModel", "PostureModel", "SourceModel"], swiftSettings: testSettings
        ),
        .testTarget(
            name: "TerraformPlanTests", dependencies: ["TerraformPlan", "TerraformModel", "PostureModel", "SourceModel", "ScanTesting"],
            swiftSettings: testSettings
        ),
        .testTarget(
            name: "TerraformFrontEndTests",
            dependencies: [
                "TerraformFrontEnd", "TerraformPlan", "TerraformModel", "PostureModel", "SourceModel", "ScanTesting", "Scanning",
                "RuleEngine", "Reports", "ARMTemplates",
            ],
            swiftSettings: testSettings
        ),
        .testTarget(
            name: "TerraformMappingTests",
            dependencies: ["TerraformMapping", "TerraformModel", "PostureModel", "SourceModel", "LocatedJSON", "RuleEngine"],
            swiftSettings: testSettings
        ),
        .testTarget(
            name: "TerraformFunctionsTests", dependencies: ["TerraformFunctions", "TerraformModel", "SourceModel"],
            swiftSettings: testSettings
        ),
        .testTarget(
            name: "TerraformEvaluationTests",
            dependencies: ["TerraformEvaluation", "TerraformModel", "HCLSyntax", "PostureModel", "SourceModel"], swiftSettings: testSettings
        ),
        .testTarget(
            name: "BicepCompilerTests", dependencies: ["BicepCompiler", "BicepSyntax", "LocatedJSON", "SourceModel"],
            swiftSettings: testSettings
        ),
        .testTarget(name: "SourceModelTests", dependencies: ["SourceModel", "LocatedYAML"], swiftSettings: testSettings),
        .testTarget(
            name: "ARMTemplatesTests", dependencies: ["ARMTemplates", "PostureModel", "LocatedJSON", "SourceModel"],
            swiftSettings: testSettings
        ),
        .testTarget(
            name: "RuleEngineTests",
            dependencies: [
                "RuleEngine", "PostureModel", "ARMTemplates", "LocatedJSON", "LocatedYAML", "SourceModel",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: testSettings
        ),
        // SuppressionsTests: the project file's suppressions, inline ones in ARM, Bicep and Terraform, globs and expiry.
        .testTarget(
            name: "SuppressionsTests",
            dependencies: ["Suppressions", "RuleEngine", "PostureModel", "SourceModel"],
            swiftSettings: testSettings
        ),
        .testTarget(
            name: "ReportsTests", dependencies: ["Reports", "RuleEngine", "PostureModel", "SourceModel"],
            // The JUnit and GitLab schemas, read by Scripts/validate-junit.py and validate-gitlab-sast.py.
            exclude: ["Schemas"], swiftSettings: testSettings
        ),
        // BaselinesTests: baseline files read, refused and written; scans compared with them, in each input format.
        .testTarget(
            name: "BaselinesTests", dependencies: ["Baselines", "ScanTesting", "Scanning", "RuleEngine", "PostureModel", "SourceModel"],
            swiftSettings: testSettings
        ),
        // HTMLReportTests: the HTML report's structure, counts, escaping, snippets and sections on hand-built results.
        .testTarget(
            name: "HTMLReportTests", dependencies: ["HTMLReport", "Reports", "RuleEngine", "PostureModel", "SourceModel"],
            swiftSettings: testSettings
        ),
        // ScanTesting: what the scanner's tests share (scratch folders, fixtures, the scanner as the CLI wires it).
        // Never depends on a server package, so the scanner's tests build without the gateway stack.
        .target(
            name: "ScanTesting", dependencies: ["Scanning", "ARMTemplates", "BicepFrontEnd"], path: "Tests/ScanTesting",
            swiftSettings: testSettings
        ),
        .testTarget(
            name: "LiveSnapshotTests",
            dependencies: [
                "LiveSnapshot", "PostureModel", "SourceModel", "LocatedJSON", "ScanTesting", "Scanning", "RuleEngine", "ARMTemplates",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: testSettings
        ),
        .testTarget(
            name: "ScanningTests",
            dependencies: [
                "Scanning", "ScanTesting", "Reports", "RuleEngine", "PostureModel", "LocatedJSON", "ARMTemplates",
                "BicepFrontEnd", "BicepCompiler", "SourceModel",
            ],
            exclude: ["Golden"],
            swiftSettings: testSettings
        ),
        // The `bulwark` executable end to end (it runs the built binary).
        .testTarget(
            name: "NessusResultsTests",
            dependencies: ["NessusResults", "PostureModel", "RuleEngine", "SourceModel", "Scanning", "ScanTesting"],
            swiftSettings: testSettings
        ),
        .testTarget(
            name: "BulwarkCLITests",
            dependencies: [
                "BulwarkCLI", "ScanTesting", "BicepCompiler", "AuditLog", "APIKeys", "RateLimits", "AzureFakes",
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: testSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
