import PostureModel

enum NumericFunctions {
    static let all: [String: PureFunction] = [:]
}
