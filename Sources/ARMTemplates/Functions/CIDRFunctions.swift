import PostureModel

enum CIDRFunctions {
    static let all: [String: PureFunction] = [:]
}
