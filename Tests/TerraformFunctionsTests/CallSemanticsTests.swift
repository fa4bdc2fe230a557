import SourceModel
import Testing
import TerraformModel

@testable import TerraformFunctions

@Suite("What every call does with unknowns, nulls, sensitive values and bad arguments")
struct CallSemanticsTests {
    @Test("A result that depends on an unknown is unknown, named after the call")
    func unknownPropagates() throws {
        let result = try call("upper", unknown("var.name"))
        guard case .unknown(let reason) = result.kind else {
            Issue.record("expected an unknown, got \(result.rendered)")
            return
        }
        #expect(reason.expression == "upper(var.name)")
        #expect(reason.reason == "a test input known only after apply")
        #expect(try call("join", s(","), t(s("a"), unknown())).isUnknown)
        #expect(try call("jsonencode", object(["a": unknown()])).isUnknown)
        #expect(try call("contains", t(unknown()), s("a")).isUnknown)
        #expect(try call("cidrsubnet", s("10.0.0.0/8"), n(8), unknown()).isUnknown)
    }

    @Test("Functions that move elements keep the known ones: length, concat, merge, lookup, element")
    func unknownInsideCollections() throws {
        #expect(try call("length", t(unknown(), n(1))) == n(2))
        let joined = try call("concat", t(unknown()), stringTuple("a"))
        #expect(joined.elements?.count == 2)
        #expect(joined.elements?.last == s("a"))
        let merged = try call("merge", object(["a": unknown()]), object(["b": n(1)]))
        #expect(merged[member: "b"] == n(1))
        #expect(merged[member: "a"]?.isUnknown == true)
        #expect(try call("lookup", object(["a": unknown(), "b": s("x")]), s("b")) == s("x"))
        #expect(try call("element", t(unknown(), s("x")), n(1)) == s("x"))
        #expect(try call("keys", object(["a": unknown()])) == stringTuple("a"))
        #expect(try call("length", unknown()).isUnknown)
    }

    @Test("coalesce stops at the first unknown it reaches")
    func coalesceUnknowns() throws {
        #expect(try call("coalesce", .null, unknown()).isUnknown)
        #expect(try call("coalesce", s("a"), unknown()) == s("a"))
    }

    @Test("Null arguments are errors where Terraform refuses them, and allowed where it takes them")
    func nulls() throws {
        let error = failure("upper", .null)
        #expect(error?.isInvalidArguments == true)
        #expect(error?.description == "invalid arguments to upper(): invalid value for \"str\" parameter: argument must not be null")
        #expect(failure("length", .null)?.description.contains("must not be null") == true)
        #expect(try call("jsonencode", .null) == s("null"))
        #expect(try call("merge", .null) == TerraformValue(.map([:])))
    }

    @Test("A sensitive argument makes the result sensitive, and errors never print it")
    func sensitivity() throws {
        let secret = try call("sensitive", s("hunter2"))
        let upper = try call("upper", secret)
        #expect(upper.isSensitive)
        #expect(upper == s("HUNTER2"))
        #expect(try call("length", t(secret)).isSensitive)
        #expect(try call("nonsensitive", upper).isSensitive == false)
        let errors = [
            failure("tonumber", secret), failure("parseint", secret, n(10)), failure("base64decode", secret),
            failure("lookup", object(["a": s("b")]), secret), failure("regex", s("x"), secret), failure("timeadd", secret, s("1h")),
            failure("cidrhost", secret, n(1)), failure("formatdate", s("YYYY"), secret),
        ]
        for error in errors {
            #expect(error != nil)
            #expect(error?.description.contains("hunt") == false)
        }
    }

    @Test("Wrong argument counts say what the function takes")
    func counts() {
        #expect(failure("upper")?.description == "invalid arguments to upper(): upper(str) takes exactly 1 argument, got 0")
        #expect(
            failure("lookup", object([:]))?.description.contains("lookup(inputMap, key, default) takes 2 to 3 arguments, got 1") == true)
        #expect(failure("join")?.description.contains("join(separator, lists...) takes at least 1 argument, got 0") == true)
        #expect(failure("join", s(","))?.description.contains("at least one list is required") == true)
        #expect(failure("timestamp", n(1))?.description.contains("takes exactly 0 arguments, got 1") == true)
    }

    @Test("Every function with a fixed parameter list refuses one argument too many")
    func everyArity() {
        for name in TerraformBuiltinFunctions.names {
            guard let definition = TerraformBuiltinFunctions.table[name], definition.variadic == nil else { continue }
            let arguments = Array(repeating: s("1"), count: definition.parameters.count + 1)
            var thrown: TerraformFunctionError?
            do {
                _ = try TerraformBuiltinFunctions().call(
                    name, arguments, context: TerraformFunctionContext(moduleDirectory: "/tmp", rootDirectory: "/tmp"))
            } catch { thrown = error }
            #expect(thrown?.isInvalidArguments == true, "\(name) accepted \(arguments.count) arguments")
            #expect(thrown?.description.contains("got \(arguments.count)") == true)
        }
    }

    @Test("Every function of one string refuses a tuple, naming the type it needs")
    func everyStringType() {
        let names = """
            chomp lower upper strrev title trimspace base64encode base64decode base64gzip urlencode md5 sha1 sha256 sha512
            base64sha256 base64sha512 jsondecode yamldecode csvdecode basename dirname abspath pathexpand file fileexists
            filebase64 filemd5 filesha1 filesha256 filesha512 filebase64sha256 filebase64sha512 cidrnetmask
            """.split(whereSeparator: \.isWhitespace).map(String.init)
        for name in names {
            let error = failure(name, t(s("a")))
            #expect(error?.isInvalidArguments == true, "\(name)")
            #expect(error?.description.contains("string required, got tuple") == true, "\(name): \(String(describing: error))")
        }
    }

    @Test("Unknown names are unknown functions; core:: names are the built-ins; provider functions are the provider's")
    func names() throws {
        #expect(failure("nosuchfunction") == .unknownFunction("nosuchfunction"))
        #expect(failure("provider::azurerm::parse_resource_id", s("x")) == .unknownFunction("provider::azurerm::parse_resource_id"))
        #expect(failure("templatefile", s("x"), object([:])) == .unknownFunction("templatefile"))
        #expect(failure("can", s("x")) == .unknownFunction("can"))
        #expect(try call("core::upper", s("a")) == s("A"))
        #expect(TerraformBuiltinFunctions.defines("core::cidrsubnet"))
        #expect(!TerraformBuiltinFunctions.defines("try"))
        #expect(failure("list", s("a"))?.description.contains("use tolist([ ... ]) syntax") == true)
    }

    @Test("Every function of the Terraform 1.x list is defined")
    func coverage() {
        let expected = """
            abs ceil floor log max min parseint pow signum chomp endswith format formatlist indent join lower regex regexall
            replace split startswith strcontains strrev substr title trim trimprefix trimsuffix trimspace upper alltrue anytrue
            chunklist coalesce coalescelist compact concat contains distinct element flatten index keys length lookup matchkeys
            merge one range reverse setintersection setproduct setsubtract setunion slice sort sum transpose values zipmap
            base64decode base64encode base64gzip csvdecode jsondecode jsonencode textdecodebase64 textencodebase64 urlencode
            yamldecode yamlencode abspath dirname pathexpand basename file fileexists fileset filebase64 formatdate timeadd
            timecmp timestamp plantimestamp base64sha256 base64sha512 bcrypt filebase64sha256 filebase64sha512 filemd5
            filesha1 filesha256 filesha512 md5 sha1 sha256 sha512 uuid uuidv5 cidrhost cidrnetmask cidrsubnet cidrsubnets
            nonsensitive sensitive issensitive tobool tolist tomap tonumber toset tostring ephemeralasnull rsadecrypt
            """.split(whereSeparator: \.isWhitespace).map(String.init)
        let missing = expected.filter { !TerraformBuiltinFunctions.defines($0) }
        #expect(missing.isEmpty, "missing: \(missing)")
    }

    @Test("Results point at the call")
    func location() throws {
        let location = SourceLocation(file: "main.tf", line: 3, column: 7)
        let result = try TerraformBuiltinFunctions().call(
            "upper", [s("a")], context: TerraformFunctionContext(moduleDirectory: "/tmp", rootDirectory: "/tmp", location: location))
        #expect(result.location == location)
    }
}
