public import TerraformModel

/// Terraform's built-in functions (Terraform 1.x, cty's semantics), for the expression evaluator.
///
/// Every pure built-in is here except the ones the evaluator implements itself (`can`, `try`, `templatefile`,
/// `templatestring`) and the console-only `type`. Functions known only at apply (`timestamp`, `plantimestamp`,
/// `uuid`, `bcrypt`) return unknowns, as does `rsadecrypt` (a private key's work). `provider::` functions belong to
/// providers and are `.unknownFunction`, except the built-in `terraform` provider's `encode_expr`, `encode_tfvars`
/// and `decode_tfvars`.
public struct TerraformBuiltinFunctions: TerraformFunctionLibrary {
    public init() {}

    /// Whether `name` (or `core::name`) is a function this library computes.
    public static func defines(_ name: String) -> Bool {
        table[name.hasPrefix("core::") ? String(name.dropFirst("core::".count)) : name] != nil
    }

    /// The names of every function here, sorted.
    public static var names: [String] { table.keys.sorted() }

    // The dispatch table: each function's parameters (as cty declares them) and its implementation.
    static let table: [String: FunctionDefinition] = {
        let one = { (name: String) in [Parameter(name)] }
        let two = { (first: String, second: String) in [Parameter(first), Parameter(second)] }
        let anything = Parameter("value", allowsNull: true, allowsUnknown: true)
        var table: [String: FunctionDefinition] = [
            // Numbers
            "abs": .init(one("num"), body: NumberFunctions.abs),
            "ceil": .init(one("num"), body: NumberFunctions.ceil),
            "floor": .init(one("num"), body: NumberFunctions.floor),
            "log": .init(two("num", "base"), body: NumberFunctions.log),
            "max": .init([], variadic: Parameter("numbers"), body: NumberFunctions.max),
            "min": .init([], variadic: Parameter("numbers"), body: NumberFunctions.min),
            "parseint": .init(two("number", "base"), body: NumberFunctions.parseInt),
            "pow": .init(two("num", "power"), body: NumberFunctions.pow),
            "signum": .init(one("num"), body: NumberFunctions.signum),
            // Strings
            "chomp": .init(one("str"), body: StringFunctions.chomp),
            "endswith": .init(two("str", "suffix"), body: StringFunctions.endsWith),
            "format": .init(
                one("format"), variadic: Parameter("args", allowsNull: true, allowsUnknown: true), body: FormatFunctions.format),
            "formatlist": .init(
                one("format"), variadic: Parameter("args", allowsNull: true, allowsUnknown: true), body: FormatFunctions.formatList),
            "indent": .init(two("spaces", "str"), body: StringFunctions.indent),
            "join": .init(one("separator"), variadic: Parameter("lists"), body: StringFunctions.join),
            "lower": .init(one("str"), body: StringFunctions.lower),
            "regex": .init(two("pattern", "string"), body: RegexFunctions.regex),
            "regexall": .init(two("pattern", "string"), body: RegexFunctions.regexAll),
            "replace": .init([Parameter("str"), Parameter("substr"), Parameter("replace")], body: RegexFunctions.replace),
            "split": .init(two("separator", "str"), body: StringFunctions.split),
            "startswith": .init(two("str", "prefix"), body: StringFunctions.startsWith),
            "strcontains": .init(two("str", "substr"), body: StringFunctions.strContains),
            "strrev": .init(one("str"), body: StringFunctions.strrev),
            "substr": .init([Parameter("str"), Parameter("offset"), Parameter("length")], body: StringFunctions.substr),
            "title": .init(one("str"), body: StringFunctions.title),
            "trim": .init(two("str", "cutset"), body: StringFunctions.trim),
            "trimprefix": .init(two("str", "prefix"), body: StringFunctions.trimPrefix),
            "trimsuffix": .init(two("str", "suffix"), body: StringFunctions.trimSuffix),
            "trimspace": .init(one("str"), body: StringFunctions.trimSpace),
            "upper": .init(one("str"), body: StringFunctions.upper),
            // Collections
            "alltrue": .init(one("list"), body: CollectionFunctions.allTrue),
            "anytrue": .init(one("list"), body: CollectionFunctions.anyTrue),
            "chunklist": .init(two("list", "size"), passesNestedUnknowns: true, body: CollectionFunctions.chunkList),
            "coalesce": .init([], variadic: Parameter("vals", allowsNull: true, allowsUnknown: true), body: CollectionFunctions.coalesce),
            "coalescelist": .init(
                [], variadic: Parameter("vals", allowsNull: true, allowsUnknown: true), passesNestedUnknowns: true,
                body: CollectionFunctions.coalesceList),
            "compact": .init(one("list"), body: CollectionFunctions.compact),
            "concat": .init([], variadic: Parameter("seqs"), passesNestedUnknowns: true, body: CollectionFunctions.concat),
            "contains": .init(two("list", "value"), body: CollectionFunctions.contains),
            "distinct": .init(one("list"), body: CollectionFunctions.distinct),
            "element": .init(two("list", "index"), passesNestedUnknowns: true, body: CollectionFunctions.element),
            "flatten": .init(one("list"), passesNestedUnknowns: true, body: CollectionFunctions.flatten),
            "index": .init(two("list", "value"), body: CollectionFunctions.index),
            "length": .init(one("value"), passesNestedUnknowns: true, body: CollectionFunctions.length),
            "one": .init(one("list"), passesNestedUnknowns: true, body: CollectionFunctions.one),
            "range": .init([], variadic: Parameter("params"), body: CollectionFunctions.range),
            "reverse": .init(one("list"), passesNestedUnknowns: true, body: CollectionFunctions.reverse),
            "slice": .init(
                [Parameter("list"), Parameter("start_index"), Parameter("end_index")], passesNestedUnknowns: true,
                body: CollectionFunctions.slice),
            "sort": .init(one("list"), body: CollectionFunctions.sort),
            "sum": .init(one("list"), body: CollectionFunctions.sum),
            // Maps and sets
            "keys": .init(one("inputMap"), passesNestedUnknowns: true, body: MapFunctions.keys),
            "lookup": .init(
                [
                    Parameter("inputMap", allowsUnknown: true), Parameter("key", allowsUnknown: true),
                    Parameter("default", allowsNull: true, allowsUnknown: true),
                ],
                optional: 1, passesNestedUnknowns: true, body: MapFunctions.lookup),
            "matchkeys": .init([Parameter("values"), Parameter("keys"), Parameter("searchset")], body: MapFunctions.matchKeys),
            "merge": .init([], variadic: Parameter("maps", allowsNull: true), passesNestedUnknowns: true, body: MapFunctions.merge),
            "setintersection": .init(one("first_set"), variadic: Parameter("other_sets"), body: MapFunctions.setIntersection),
            "setproduct": .init([], variadic: Parameter("sets"), body: MapFunctions.setProduct),
            "setsubtract": .init(two("a", "b"), body: MapFunctions.setSubtract),
            "setunion": .init(one("first_set"), variadic: Parameter("other_sets"), body: MapFunctions.setUnion),
            "transpose": .init(one("values"), body: MapFunctions.transpose),
            "values": .init(one("mapping"), passesNestedUnknowns: true, body: MapFunctions.values),
            "zipmap": .init(two("keys", "values"), passesNestedUnknowns: true, body: MapFunctions.zipMap),
            // Encoding
            "base64decode": .init(one("str"), body: EncodingFunctions.base64Decode),
            "base64encode": .init(one("str"), body: EncodingFunctions.base64Encode),
            "base64gzip": .init(one("str"), body: EncodingFunctions.base64Gzip),
            "csvdecode": .init(one("str"), body: EncodingFunctions.csvDecode),
            "jsondecode": .init(one("str"), body: EncodingFunctions.jsonDecode),
            "jsonencode": .init([Parameter("val", allowsNull: true, allowsUnknown: true)], body: EncodingFunctions.jsonEncode),
            "textdecodebase64": .init(two("source", "encoding"), body: EncodingFunctions.textDecodeBase64),
            "textencodebase64": .init(two("string", "encoding"), body: EncodingFunctions.textEncodeBase64),
            "urlencode": .init(one("str"), body: EncodingFunctions.urlEncode),
            "yamldecode": .init(one("src"), body: EncodingFunctions.yamlDecode),
            "yamlencode": .init([Parameter("value", allowsNull: true)], body: EncodingFunctions.yamlEncode),
            // Filesystem
            "abspath": .init(one("path"), body: FileFunctions.abspath),
            "basename": .init(one("path"), body: FileFunctions.basename),
            "dirname": .init(one("path"), body: FileFunctions.dirname),
            "pathexpand": .init(one("path"), body: FileFunctions.pathexpand),
            "file": .init(one("path"), body: FileFunctions.file),
            "fileexists": .init(one("path"), body: FileFunctions.fileexists),
            "fileset": .init(two("path", "pattern"), body: FileFunctions.fileset),
            "filebase64": .init(one("path"), body: FileFunctions.filebase64),
            // Dates and times
            "formatdate": .init(two("format", "time"), body: DateFunctions.formatDate),
            "timeadd": .init(two("timestamp", "duration"), body: DateFunctions.timeAdd),
            "timecmp": .init(two("timestamp_a", "timestamp_b"), body: DateFunctions.timeCmp),
            "timestamp": .init([], unknownReason: "timestamp() is the time of apply", body: { _ in .null }),
            "plantimestamp": .init([], unknownReason: "plantimestamp() is the time of the plan", body: { _ in .null }),
            // Hashes and UUIDs
            "base64sha256": .init(one("str"), body: HashFunctions.base64OfText(.sha256)),
            "base64sha512": .init(one("str"), body: HashFunctions.base64OfText(.sha512)),
            "md5": .init(one("str"), body: HashFunctions.hexOfText(.md5)),
            "sha1": .init(one("str"), body: HashFunctions.hexOfText(.sha1)),
            "sha256": .init(one("str"), body: HashFunctions.hexOfText(.sha256)),
            "sha512": .init(one("str"), body: HashFunctions.hexOfText(.sha512)),
            "filebase64sha256": .init(one("path"), body: HashFunctions.base64OfFile(.sha256)),
            "filebase64sha512": .init(one("path"), body: HashFunctions.base64OfFile(.sha512)),
            "filemd5": .init(one("path"), body: HashFunctions.hexOfFile(.md5)),
            "filesha1": .init(one("path"), body: HashFunctions.hexOfFile(.sha1)),
            "filesha256": .init(one("path"), body: HashFunctions.hexOfFile(.sha256)),
            "filesha512": .init(one("path"), body: HashFunctions.hexOfFile(.sha512)),
            "uuidv5": .init(two("namespace", "name"), body: HashFunctions.uuidv5),
            "uuid": .init([], unknownReason: "uuid() is random at apply", body: { _ in .null }),
            "bcrypt": .init(
                [Parameter("str"), Parameter("cost")], optional: 1, unknownReason: "bcrypt() uses a random salt",
                body: HashFunctions.bcryptArguments),
            "rsadecrypt": .init(
                two("ciphertext", "privatekey"), unknownReason: "rsadecrypt() is not computed by the scanner", body: { _ in .null }),
            // Networks
            "cidrhost": .init(two("prefix", "hostnum"), body: NetworkFunctions.cidrHost),
            "cidrnetmask": .init(one("prefix"), body: NetworkFunctions.cidrNetmask),
            "cidrsubnet": .init([Parameter("prefix"), Parameter("newbits"), Parameter("netnum")], body: NetworkFunctions.cidrSubnet),
            "cidrsubnets": .init(one("prefix"), variadic: Parameter("newbits"), body: NetworkFunctions.cidrSubnets),
            // Types and sensitivity
            "tobool": .init([anything], passesNestedUnknowns: true, body: ConversionFunctions.toBool),
            "tolist": .init([anything], passesNestedUnknowns: true, body: ConversionFunctions.toList),
            "tomap": .init([anything], passesNestedUnknowns: true, body: ConversionFunctions.toMap),
            "tonumber": .init([anything], passesNestedUnknowns: true, body: ConversionFunctions.toNumber),
            "toset": .init([anything], body: ConversionFunctions.toSet),
            "tostring": .init([anything], passesNestedUnknowns: true, body: ConversionFunctions.toString),
            "sensitive": .init([anything], handlesSensitivity: true, body: ConversionFunctions.sensitive),
            "nonsensitive": .init([anything], handlesSensitivity: true, body: ConversionFunctions.nonsensitive),
            "issensitive": .init([anything], handlesSensitivity: true, body: ConversionFunctions.isSensitive),
            // The built-in `terraform` provider's functions.
            "provider::terraform::encode_expr": .init(
                [Parameter("value", allowsNull: true)], body: TerraformProviderFunctions.encodeExpr),
            "provider::terraform::encode_tfvars": .init(
                [Parameter("value", allowsNull: true)], body: TerraformProviderFunctions.encodeTfvars),
            "provider::terraform::decode_tfvars": .init(one("str"), body: TerraformProviderFunctions.decodeTfvars),
            "ephemeralasnull": .init([anything], handlesSensitivity: true, passesNestedUnknowns: true, body: { arguments in arguments[0] }),
        ]
        // Removed in Terraform 0.12; Terraform still knows the names to say what replaced them.
        for (name, replacement) in [("list", "tolist([ ... ])"), ("map", "tomap({ ... })")] {
            table[name] = .init(
                [], variadic: Parameter("vals", allowsNull: true, allowsUnknown: true),
                body: { arguments throws(TerraformFunctionError) in
                    throw arguments.failed(
                        "the \"\(name)\" function was deprecated in Terraform v0.12 and is no longer available; use \(replacement) syntax to write a literal \(name)"
                    )
                })
        }
        return table
    }()
}
