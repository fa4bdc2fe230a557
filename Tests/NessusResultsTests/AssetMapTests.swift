import NessusResults
import SourceModel
import Testing

/// The project file's `nessus: {assets: [...]}` section.
@Suite("Nessus asset map")
struct AssetMapTests {
    @Test("entries are read with their positions; a file without the section gives an empty map")
    func reads() {
        let text = """
            parameters: {}
            nessus:
              assets:
                - host: 10.0.0.4
                  resource: vm-inference
                - {host: adam.ad.demo.io, resource: "module.vm.azurerm_linux_virtual_machine.this"}
            """
        let (map, problems) = AssetMap.parse(projectFile: text, file: ".bulwark.yaml")
        #expect(problems.isEmpty)
        #expect(map.entries.map(\.host) == ["10.0.0.4", "adam.ad.demo.io"])
        #expect(map.entries.map(\.resource) == ["vm-inference", "module.vm.azurerm_linux_virtual_machine.this"])
        #expect(map.entries.first?.location == SourceLocation(file: ".bulwark.yaml", line: 4, column: 7))
        #expect(AssetMap.parse(projectFile: "parameters: {}\n", file: "p.yaml").map.entries.isEmpty)
    }

    @Test("malformed entries are errors at file:line:column; the good ones are kept")
    func malformed() {
        let text = """
            nessus:
              assets:
                - host: 10.0.0.4
                - {host: a, resource: vm-a, owner: me}
                - just-a-name
                - {host: [1, 2], resource: vm-b}
                - {host: b, resource: vm-b}
              extra: 1
            """
        let (map, problems) = AssetMap.parse(projectFile: text, file: "p.yaml")
        #expect(map.entries.map(\.host) == ["b"])
        #expect(problems.allSatisfy { $0.code == .nessusAssetMap && $0.severity == .error })
        #expect(problems.map(\.location.line) == [8, 3, 4, 5, 6])
        #expect(problems[0].message.contains("unknown key 'extra'"))
        #expect(problems[1].message.contains("no 'resource'"))
        #expect(problems[2].message.contains("unknown key 'owner'"))
        #expect(problems[2].location.column == 33)
        #expect(problems[3].message.contains("expected an asset entry"))
        #expect(problems[4].message.contains("'host' of an asset entry must be a non-empty string"))
    }

    @Test("a section of the wrong shape is one error")
    func wrongShape() {
        #expect(AssetMap.parse(projectFile: "nessus: [1]\n", file: "p.yaml").problems.map(\.location.line) == [1])
        #expect(
            AssetMap.parse(projectFile: "nessus:\n  assets: {host: a}\n", file: "p.yaml").problems.first?.message.contains("list") == true)
    }
}
