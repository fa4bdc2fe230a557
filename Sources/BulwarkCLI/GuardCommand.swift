import ArgumentParser
import Crypto
import Foundation
import PromptGuards
import SensitiveData
import SourceModel

struct GuardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "guard",
        abstract: "Check text for prompt injection, personal data and secrets; train and evaluate the injection model.",
        subcommands: [Check.self, Evaluate.self, Train.self]
    )

    /// Reads labelled JSONL (`{"text", "label"}` per line, blank lines skipped). A malformed line or an unknown label
    /// is an error with its place; every one is reported, then exit code 2.
    static func readLabelled(_ path: String) throws -> [LabelledText] {
        let text = try readText(path)
        var rows: [LabelledText] = []
        var problems: [String] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let text = object["text"] as? String, let label = object["label"] as? String
            else {
                problems.append("\(path):\(number + 1):1: expected a JSON object with string fields \"text\" and \"label\"")
                continue
            }
            guard LabelledText.knownLabels.contains(label) else {
                problems.append(
                    "\(path):\(number + 1):1: unknown label '\(label)'; expected one of: \(LabelledText.knownLabels.joined(separator: ", "))"
                )
                continue
            }
            rows.append(LabelledText(text: text, label: label))
        }
        guard problems.isEmpty else {
            problems.forEach(printError)
            throw ExitCode(2)
        }
        return rows
    }

    /// A file (or `-`, standard input) as text. Bytes that are not UTF-8 are replaced (U+FFFD), with a warning.
    static func readText(_ path: String) throws -> String {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            switch FileAccess.read(path) {
            case .success(let read): data = read
            case .failure(let failure):
                printError("bulwark: \(failure)")
                throw ExitCode(2)
            }
        }
        if let text = String(data: data, encoding: .utf8) { return text }
        printError("bulwark: warning: \(path == "-" ? "standard input" : path) is not valid UTF-8; invalid bytes were replaced by U+FFFD")
        return String(decoding: data, as: UTF8.self)
    }

    struct ModelOption: ParsableArguments {
        @Option(help: ArgumentHelp("An injection model file from `bulwark guard train` (default: the bundled model).", valueName: "FILE"))
        var model: String?

        func detector() throws -> InjectionDetector {
            guard let path = model else { return InjectionDetector() }
            guard let data = FileManager.default.contents(atPath: path), let model = InjectionModel(serialized: data) else {
                printError("bulwark: \(path) is not an injection model written by `bulwark guard train`")
                throw ExitCode(2)
            }
            return InjectionDetector(model: model)
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Report injection score, personal data and secrets for a text, or for each line of JSONL input.",
            discussion: """
                With --jsonl, each input line is a JSON object with a "text" field (and optionally "role": user, document, tool, \
                assistant or system), and each output line is {"injection": {"score", "verdict", "signals"}, "pii": [{"type", \
                "start", "end"}], "secrets": [...]}, offsets in Unicode scalars. Output line N answers input line N: a blank line \
                gets {"skipped": "empty line"}, an invalid one (not an object with a string "text", or an unknown role) \
                {"error": ...} and exit code 2 at the end. Input that is not UTF-8 is decoded with replacement, with a warning.
                """
        )

        @Flag(help: "Read one JSON object per line and write one result per line.")
        var jsonl = false

        @OptionGroup var modelOption: ModelOption

        @Argument(help: "The input file, or - for standard input.")
        var input: String = "-"

        func run() throws {
            let detector = try modelOption.detector()
            let sensitive = SensitiveDataDetector()
            let text = try GuardCommand.readText(input)
            guard jsonl else {
                let result = Self.result(text, role: .user, detector: detector, sensitive: sensitive)
                print(
                    String(
                        decoding: try JSONSerialization.data(
                            withJSONObject: result, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]), as: UTF8.self))
                return
            }
            var failed = false
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            if lines.last?.isEmpty == true { lines.removeLast() }  // the newline that ends the last line
            for (number, line) in lines.enumerated() {
                // One output line per input line, so output line N answers input line N.
                let object: [String: Any]
                switch Self.parse(line) {
                case .skipped:
                    print(#"{"skipped":"empty line"}"#)
                    continue
                case .invalid(let message):
                    printError("\(input):\(number + 1):1: \(message)")
                    print(
                        String(
                            decoding: try JSONSerialization.data(withJSONObject: ["error": message], options: [.sortedKeys]), as: UTF8.self)
                    )
                    failed = true
                    continue
                case .valid(let parsed): object = parsed
                }
                let role = (object["role"] as? String).flatMap(InjectionDetector.Role.init(rawValue:)) ?? .user
                let result = Self.result(object["text"] as? String ?? "", role: role, detector: detector, sensitive: sensitive)
                print(
                    String(
                        decoding: try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys, .withoutEscapingSlashes]),
                        as: UTF8.self))
            }
            if failed { throw ExitCode(2) }
        }

        enum Line {
            case skipped
            case invalid(String)
            case valid([String: Any])
        }

        /// One JSONL input line: blank, or an object with a string "text" and, if any, a known "role".
        static func parse(_ line: Substring) -> Line {
            if line.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return .skipped }
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], object["text"] is String else {
                return .invalid(#"expected a JSON object with a string field "text""#)
            }
            if let role = object["role"] {
                let roles = InjectionDetector.Role.allCases.map(\.rawValue)
                guard let name = role as? String, roles.contains(name) else {
                    return .invalid(
                        "unknown role \(role is String ? "'\(role)'" : "(not a string)"); expected one of: \(roles.joined(separator: ", "))"
                    )
                }
            }
            return .valid(object)
        }

        static func result(_ text: String, role: InjectionDetector.Role, detector: InjectionDetector, sensitive: SensitiveDataDetector)
            -> [String: Any]
        {
            let assessment = detector.assess(text, role: role)
            let bytes = Array(text.utf8)
            let matches = sensitive.matches(inUTF8: bytes)
            let offsets = bytes.scalarOffsets(matches.flatMap { [$0.range.lowerBound, $0.range.upperBound] })
            var pii: [[String: Any]] = [], secrets: [[String: Any]] = []
            for (index, match) in matches.enumerated() {
                let entry: [String: Any] = ["type": match.kind.rawValue, "start": offsets[2 * index], "end": offsets[2 * index + 1]]
                if match.kind.isSecret { secrets.append(entry) } else { pii.append(entry) }
            }
            var injection: [String: Any] = [
                "score": (assessment.score * 10000).rounded() / 10000, "verdict": assessment.verdict.rawValue,
                "signals": assessment.signals.map(\.name),
            ]
            if let reason = assessment.reason { injection["reason"] = reason }
            return ["injection": injection, "pii": pii, "secrets": secrets]
        }
    }

    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "eval",
            abstract: "Precision, recall, F1 and false-positive rate of the injection detector on labelled JSONL."
        )

        @OptionGroup var modelOption: ModelOption

        @Argument(
            help: "Labelled data: one {\"text\", \"label\"} object per line (injection, jailbreak, benign, harmful, indirect-instruction).")
        var file: String

        func run() throws {
            let detector = try modelOption.detector()
            let rows = try GuardCommand.readLabelled(file)
            let scores = rows.map { row in (row, detector.assess(row.text, role: .user).score) }
            let scored = scores.map { ($0.0, $0.1 >= detector.thresholds.flag) }
            // Indirect instructions are ordinary tasks on their own: judge them where they are attacks, inside a
            // retrieved document, beside benign prompts placed in the same position.
            let documents = rows.filter { $0.label == "indirect-instruction" || $0.label == "benign" }.map { row in
                (row, detector.assess(DetectionEvaluation.embedInDocument(row.text), role: .document).verdict != .allow)
            }
            print(DetectionEvaluation.report(direct: scored, documents: documents))
            print(
                "reliability (injection and jailbreak against benign and harmful):\n"
                    + DetectionEvaluation.reliability(scores.filter(\.0.isTrainingRow)).table)
        }
    }

    struct Train: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "train",
            abstract: "Train the injection model on labelled JSONL (injection and jailbreak against benign and harmful).",
            discussion:
                "Deterministic: the same file gives the same weights. With --folds K, first reports K-fold cross-validated metrics (each text scored by a model that never saw it) and fits the score calibration (isotonic) on those scores; with --folds 0 the scores stay uncalibrated."
        )

        @Argument(
            help: "Labelled data files, such as ../shared/datasets/prompt-injection/samples.jsonl Benchmarks/data/hard-negatives.jsonl.")
        var files: [String]

        @Option(name: .shortAndLong, help: ArgumentHelp("Where to write the model.", valueName: "FILE"))
        var output: String

        @Option(help: "Cross-validation folds to report before training on everything (0: none).")
        var folds: Int = 5

        @Option(
            help: ArgumentHelp(
                "Also write each text's cross-validated calibrated score as JSONL ({\"text\", \"label\", \"score\"}), for error analysis.",
                valueName: "FILE"))
        var scores: String?

        func validate() throws {
            if scores != nil && folds < 2 { throw ValidationError("--scores needs cross-validation: give --folds 2 or more") }
        }

        func run() throws {
            let rows = try files.flatMap { try GuardCommand.readLabelled($0) }.filter(\.isTrainingRow)
            if let shortfall = LabelledText.trainingShortfall(rows, folds: folds) {
                printError("bulwark: \(shortfall)")
                throw ExitCode(2)
            }
            var calibration = ScoreCalibration.identity
            if folds > 1 {
                let scored = DetectionEvaluation.crossValidate(rows, folds: folds)
                let calibrated = DetectionEvaluation.calibrate(scored, folds: folds)
                calibration = calibrated.calibration
                print(
                    "\(folds)-fold cross-validation on \(rows.count) texts (\(rows.filter(\.isInjection).count) injection/jailbreak), calibrated scores (each by a fit on the other folds):"
                )
                for threshold in [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9] {
                    print(
                        "  flag at \(threshold): " + DetectionEvaluation.summary(calibrated.crossFitted.map { ($0.0, $0.1 >= threshold) }))
                }
                print("reliability of raw scores:\n" + DetectionEvaluation.reliability(scored).table)
                print("reliability of calibrated scores:\n" + DetectionEvaluation.reliability(calibrated.crossFitted).table)
                if let scores {
                    let lines = try calibrated.crossFitted.map { row, score in
                        String(
                            decoding: try JSONSerialization.data(
                                withJSONObject: ["text": row.text, "label": row.label, "score": score], options: [.sortedKeys]),
                            as: UTF8.self)
                    }
                    guard FileManager.default.createFile(atPath: scores, contents: Data((lines.joined(separator: "\n") + "\n").utf8)) else {
                        printError("bulwark: cannot write \(scores)")
                        throw ExitCode(2)
                    }
                }
                print(
                    "calibration: \(calibration.knots.count) knots, "
                        + calibration.knots.map { String(format: "%.3f→%.3f", $0.raw, $0.calibrated) }.joined(separator: " "))
            } else {
                print("no cross-validation (--folds \(folds)): the model's scores are left uncalibrated")
            }
            let featurizer = InjectionDetector(model: nil)
            let samples = rows.map { (features: featurizer.features($0.text), positive: $0.isInjection) }
            var model = InjectionModelTrainer().train(samples)
            model.calibration = calibration
            do { try model.serialized().write(to: URL(fileURLWithPath: output)) } catch {
                printError("bulwark: cannot write \(output): \(error.localizedDescription)")
                throw ExitCode(2)
            }
            let sources = files.map { file in
                "\(file) (sha256 \(SHA256.hash(data: FileManager.default.contents(atPath: file) ?? Data()).map { String(format: "%02x", $0) }.joined()))"
            }
            print("wrote \(output): trained on \(rows.count) texts from \(sources.joined(separator: ", "))")
        }
    }
}
