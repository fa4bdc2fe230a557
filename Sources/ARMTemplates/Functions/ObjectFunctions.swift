import PostureModel

enum ObjectFunctions {
    static let all: [String: PureFunction] = [:]
}
