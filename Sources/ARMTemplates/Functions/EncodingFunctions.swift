import PostureModel

enum EncodingFunctions {
    static let all: [String: PureFunction] = [:]
}
