import PostureModel
import Testing

@testable import TerraformModel

@Suite struct ConversionTests {
    @Test func primitivesConvertAsTerraformConvertsThem() throws {
        #expect(try TerraformValue.number(42).converted(to: .string) == .string("42"))
        #expect(try TerraformValue.number(1.5).converted(to: .string) == .string("1.5"))
        #expect(try TerraformValue.bool(true).converted(to: .string) == .string("true"))
        #expect(try TerraformValue.string("12").converted(to: .number) == .number(12))
        #expect(try TerraformValue.string("false").converted(to: .bool) == .bool(false))
        #expect(throws: TerraformConversionError.self) { try TerraformValue.string("yes").converted(to: .bool) }
        #expect(throws: TerraformConversionError.self) { try TerraformValue.string("twelve").converted(to: .number) }
        for text in ["0x10", "inf", "nan", "", "+", "1e", ".", "1.2.3"] {
            #expect(throws: TerraformConversionError.self, "\(text)") { try TerraformValue.string(text).converted(to: .number) }
        }
        #expect(try TerraformValue.string("-1.5e3").converted(to: .number) == .number(-1500))
        #expect(try TerraformValue.string(".5").converted(to: .number) == .number(0.5))
        #expect(throws: TerraformConversionError.self) { try TerraformValue.tuple([]).converted(to: .string) }
    }

    @Test func nullAndUnknownConvertToEveryType() throws {
        let unknown = TerraformValue.unknown("data.x.y", reason: "a data source")
        #expect(try TerraformValue.null.converted(to: .list(.string)).isNull)
        #expect(try unknown.converted(to: .object([:])).isUnknown)
    }

    @Test func setsLoseDuplicatesAndSortNumbersBeforeStrings() throws {
        let tuple = TerraformValue.tuple([.string("b"), .string("a"), .string("b"), .string("B")])
        #expect(try tuple.converted(to: .set(.string)) == TerraformValue(.set([.string("B"), .string("a"), .string("b")])))
        let mixed = TerraformValue.set([.string("x"), .number(10), .number(2)])
        #expect(mixed.elements == [.number(2), .number(10), .string("x")])
    }

    @Test func objectsFillOptionalDefaultsAndDropExtraAttributes() throws {
        let type = TerraformType.object([
            "name": .init(type: .string),
            "public": .init(type: .bool, isOptional: true, defaultValue: .bool(false)),
            "tags": .init(type: .map(.string), isOptional: true),
        ])
        let value = TerraformValue.object(["name": .string("oai"), "extra": .number(1)])
        let converted = try value.converted(to: type)
        #expect(converted == .object(["name": .string("oai"), "public": .bool(false), "tags": .null]))
        // An explicit null takes the default too, as Terraform 1.3+ does.
        #expect(try TerraformValue.object(["name": .string("x"), "public": .null]).converted(to: type)[member: "public"] == .bool(false))
    }

    @Test func aMissingRequiredAttributeNamesItsPath() {
        let type = TerraformType.list(.object(["name": .init(type: .string)]))
        let value = TerraformValue.tuple([.object(["name": .string("a")]), .object([:])])
        #expect {
            try value.converted(to: type)
        } throws: { error in
            (error as? TerraformConversionError)?.description == "[1]: attribute \"name\" is required"
        }
    }

    @Test func equalityIgnoresLocationAndSensitivity() {
        let here = TerraformValue.string("a", at: .init(file: "main.tf", line: 3, column: 9))
        #expect(here == .string("a").markedSensitive())
        #expect(TerraformValue.object(["k": .string("v")]).markedSensitive().rendered == "(sensitive value)")
    }

    @Test func addressesAreTerraformAddresses() {
        let instance = TerraformResourceInstance(
            mode: .managed, type: "azurerm_cognitive_account", name: "openai", moduleAddress: "module.ai[\"east\"]",
            key: .key("gpt"), attributes: .object([:]), location: .init(file: "main.tf", line: 1, column: 1),
            provider: "azurerm", source: .configuration)
        #expect(instance.address == "module.ai[\"east\"].azurerm_cognitive_account.openai[\"gpt\"]")
        var data = instance
        data.mode = .data
        data.moduleAddress = ""
        data.key = nil
        #expect(data.address == "data.azurerm_cognitive_account.openai")
    }

    @Test func typesRenderAsTerraformWritesThem() {
        let type = TerraformType.map(.object(["a": .init(type: .list(.number), isOptional: true, defaultValue: .tuple([]))]))
        #expect(type.description == "map(object({a = optional(list(number), [])}))")
    }
}
