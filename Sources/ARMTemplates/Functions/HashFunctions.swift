import PostureModel

enum HashFunctions {
    static let all: [String: PureFunction] = [:]
}
