import PostureModel

enum ArrayFunctions {
    static let all: [String: PureFunction] = [:]
}
