import PostureModel

enum DateFunctions {
    static let all: [String: PureFunction] = [:]
}
