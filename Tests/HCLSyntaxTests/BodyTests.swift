import HCLSyntax
import Testing

@Suite("HCL bodies")
struct BodyTests {
    @Test("attributes and blocks with quoted and bare labels, nested blocks, one-line blocks, comments")
    func blocks() throws {
        let file = parseClean(
            """
            # a comment
            resource "azurerm_storage_account" sa { // another
              name = "x" /* inline */
              network_rules {
                default_action = "Deny"
              }
              lifecycle { ignore_changes = [tags] }
              empty {}
            }
            /* a block
               comment */
            locals {}
            """)
        let resource = try #require(file.body.blocks.first)
        #expect(resource.type.text == "resource")
        #expect(resource.labels.map(\.value) == ["azurerm_storage_account", "sa"])
        #expect(resource.labels.map(\.isQuoted) == [true, false])
        #expect(resource.body.attribute("name").flatMap { literal($0.value) } == "x")
        #expect(resource.body.blocks.map(\.type.text) == ["network_rules", "lifecycle", "empty"])
        #expect(resource.body.blocks[1].body.attributes.first?.name.text == "ignore_changes")
        #expect(file.body.blocks.map(\.type.text) == ["resource", "locals"])
    }

    @Test("every node has its file, line, column and offsets; columns count Unicode scalars")
    func positions() throws {
        let file = parseClean("block \"é\" {\n  key = \"é\" + var.b\n}\n")
        let block = try #require(file.body.blocks.first)
        #expect(block.range.file == "test.tf")
        #expect(block.range.start.line == 1 && block.range.start.column == 1 && block.range.startOffset == 0)
        #expect(block.range.end.line == 3 && block.range.end.column == 2)
        let attribute = try #require(block.body.attributes.first)
        #expect(attribute.name.range.start.line == 2 && attribute.name.range.start.column == 3)
        guard case .binary(_, let left, let right) = attribute.value.kind else {
            Issue.record("expected a binary expression")
            return
        }
        #expect(left.range.start.column == 9 && left.range.end.column == 12)
        #expect(right.range.start.column == 15 && right.range.startOffset == 28)
        #expect(right.range.location.description == "test.tf:2:15")
    }
}
