public import Foundation

/// Logistic regression over hashed features of a normalised text: word unigrams and bigrams, character 4-grams,
/// and the signals that fired. Weights are a package resource (`Resources/injection-model.bin`) trained by
/// `bulwark guard train`; see `Resources/injection-model.md` for the data they came from.
public struct InjectionModel: Sendable, Hashable {
    public static let dimensions = 1 << 16
    /// Text beyond this many bytes is not featurised (signals still see all of it), so cost stays linear and small.
    static let featureByteLimit = 16 * 1024

    public var weights: [Float]
    public var bias: Float
    /// How the detector's raw score maps to a calibrated one (fitted by `bulwark guard train` on cross-validated
    /// scores).
    public var calibration: ScoreCalibration

    public init(weights: [Float], bias: Float, calibration: ScoreCalibration = .identity) {
        self.weights = weights
        self.bias = bias
        self.calibration = calibration
    }

    public func probability(_ features: [Feature]) -> Double {
        var z = Double(bias)
        for feature in features { z += Double(weights[feature.index]) * feature.value }
        return 1 / (1 + exp(-z))
    }

    /// One hashed feature: its index and signed, length-normalised value.
    public struct Feature: Sendable, Hashable {
        var index: Int
        var value: Double
    }

    static func features(normalized text: String, signals: [InjectionSignal]) -> [Feature] {
        // Features are listed, not merged: a repeated n-gram appears once per occurrence, which the dot product
        // sums exactly as merged counts would. Values are ±1 scaled by 1/√count, so long texts do not score on
        // length alone, and no hash table is built per request.
        var features: [Feature] = []
        func add(_ hash: UInt64) {
            features.append(Feature(index: Int(hash % UInt64(dimensions)), value: (hash >> 63) == 0 ? 1 : -1))
        }
        let bytes = Array(text.utf8.prefix(featureByteLimit))
        features.reserveCapacity(bytes.count + bytes.count / 2)
        // Character 4-grams over bytes (FNV-1a of the four bytes).
        if bytes.count >= 4 {
            bytes.withUnsafeBufferPointer { buffer in
                for start in 0...(buffer.count - 4) {
                    var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ 0x4347  // "CG"
                    for offset in 0..<4 { hash = (hash ^ UInt64(buffer[start + offset])) &* 0x100_0000_01b3 }
                    add(hash)
                }
            }
        }
        var previous: UInt64?
        for word in Tokenizer.wordHashes(String(decoding: bytes, as: UTF8.self)) {
            let hash = (word ^ 0x57) &* 0x9E37_79B9_7F4A_7C15
            add(hash)
            if let previous { add(previous &* 31 ^ hash &* 0x9E37_79B9_7F4A_7C15) }
            previous = hash
        }
        let scale = 1 / Double(max(1, features.count)).squareRoot()
        for index in features.indices { features[index].value *= scale }
        // Only strong signals become features: a weak one is an ambiguous phrase, and letting the model learn its
        // category from attacks would make every innocent use of the phrase count twice.
        for category in Set(signals.filter { $0.weight >= InjectionDetector.strongSignal }.map(\.category)) {
            features.append(Feature(index: Int(fnv(Substring(category.rawValue), seed: 0x53) % UInt64(dimensions)), value: 1))
        }
        return features
    }

    static func fnv(_ text: Substring, seed: UInt64) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }

    // MARK: Storage

    static let magic = Array("BWIM2".utf8)

    /// `BWIM2`; the number of calibration knots (UInt32) and each knot's raw and calibrated score (Float64); the
    /// bias and the weights (Float32). All little-endian.
    public func serialized() -> Data {
        var data = Data(Self.magic)
        withUnsafeBytes(of: UInt32(calibration.knots.count).littleEndian) { data.append(contentsOf: $0) }
        for knot in calibration.knots {
            for value in [knot.raw, knot.calibrated] { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        }
        for value in [bias] + weights { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    /// Nil unless `data` is a whole, well-formed model file.
    public init?(serialized data: Data) {
        let bytes = [UInt8](data)
        func word(at offset: Int, count: Int) -> UInt64 {
            (0..<count).reduce(0) { $0 | UInt64(bytes[offset + $1]) << (8 * $1) }
        }
        guard bytes.count >= Self.magic.count + 4, Array(bytes.prefix(Self.magic.count)) == Self.magic else { return nil }
        let knotCount = Int(word(at: Self.magic.count, count: 4))
        let header = Self.magic.count + 4 + 16 * knotCount
        guard knotCount <= ScoreCalibration.maximumKnots, bytes.count == header + 4 * (Self.dimensions + 1) else { return nil }
        let knots = (0..<knotCount).map { index in
            let offset = Self.magic.count + 4 + 16 * index
            return ScoreCalibration.Knot(
                raw: Double(bitPattern: word(at: offset, count: 8)), calibrated: Double(bitPattern: word(at: offset + 8, count: 8)))
        }
        guard let calibration = ScoreCalibration(knots: knots) else { return nil }
        var values: [Float] = []
        values.reserveCapacity(Self.dimensions + 1)
        for offset in stride(from: header, to: bytes.count, by: 4) {
            values.append(Float(bitPattern: UInt32(word(at: offset, count: 4))))
        }
        self.calibration = calibration
        bias = values[0]
        weights = Array(values.dropFirst())
    }

    /// The model bundled with Bulwark, if the resource is present and well-formed.
    public static let bundled: InjectionModel? = {
        guard let url = Bundle.module.url(forResource: "injection-model", withExtension: "bin", subdirectory: "Resources"),
            let data = try? Data(contentsOf: url)
        else { return nil }
        return InjectionModel(serialized: data)
    }()
}

/// Trains an ``InjectionModel`` with AdaGrad on logistic loss, classes weighted to balance, L2-regularised.
/// Deterministic: the same samples in the same order give the same weights.
public struct InjectionModelTrainer: Sendable {
    public var epochs = 12
    public var learningRate = 0.5
    public var l2 = 1e-6

    public init() {}

    public func train(_ samples: [(features: [InjectionModel.Feature], positive: Bool)]) -> InjectionModel {
        var weights = [Double](repeating: 0, count: InjectionModel.dimensions)
        var squares = [Double](repeating: 1e-8, count: InjectionModel.dimensions)
        var bias = 0.0, biasSquare = 1e-8
        let positives = Double(samples.filter(\.positive).count), negatives = Double(samples.count) - positives
        let positiveWeight = positives > 0 ? Double(samples.count) / (2 * positives) : 1
        let negativeWeight = negatives > 0 ? Double(samples.count) / (2 * negatives) : 1
        // A fixed shuffle per epoch (linear congruential), so training is reproducible.
        var order = Array(samples.indices)
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        for _ in 0..<epochs {
            for index in stride(from: order.count - 1, to: 0, by: -1) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                order.swapAt(index, Int(state >> 33) % (index + 1))
            }
            for sampleIndex in order {
                let sample = samples[sampleIndex]
                var z = bias
                for feature in sample.features { z += weights[feature.index] * feature.value }
                let predicted = 1 / (1 + exp(-z))
                let gradient = (predicted - (sample.positive ? 1 : 0)) * (sample.positive ? positiveWeight : negativeWeight)
                for feature in sample.features {
                    let g = gradient * feature.value + l2 * weights[feature.index]
                    squares[feature.index] += g * g
                    weights[feature.index] -= learningRate * g / squares[feature.index].squareRoot()
                }
                biasSquare += gradient * gradient
                bias -= learningRate * gradient / biasSquare.squareRoot()
            }
        }
        return InjectionModel(weights: weights.map(Float.init), bias: Float(bias))
    }
}
