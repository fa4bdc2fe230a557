import Foundation
import LocatedJSON
import PostureModel

extension TemplateEvaluator {
    /// Functions whose value exists only at deployment time: their results are unknown, never guessed.
    static let deploymentTimeFunctions: [String: String] = [
        "reference": "reference() reads the deployed resource",
        "references": "references() reads deployed resources",
        "resourcegroup": "resourceGroup() is known only at deployment",
        "subscription": "subscription() is known only at deployment",
        "tenant": "tenant() is known only at deployment",
        "managementgroup": "managementGroup() is known only at deployment",
        "deployment": "deployment() is known only at deployment",
        "environment": "environment() is known only at deployment",
        "newguid": "newGuid() is random at deployment",
        "utcnow": "utcNow() is the deployment time",
        "uniquestring": "uniqueString() hashes deployment-time ids",
        "guid": "guid() hashes deployment-time ids",
        "pickzones": "pickZones() depends on the region's zones",
        "providers": "providers() reads the provider registry",
        "copyindex": "copy loops are not expanded by this version of Bulwark",
    ]

    func call(_ name: String, _ arguments: [Expression], in context: Context) -> Value {
        let function = name.lowercased()
        // Lazy functions see their arguments unevaluated.
        switch function {
        case "if": return conditional(arguments, in: context)
        case "parameters": return lookup(arguments, in: context, kind: "parameter", resolve: scope.parameter)
        case "variables": return lookup(arguments, in: context, kind: "variable", resolve: scope.variable)
        default: break
        }
        if let reason = Self.deploymentTimeFunctions[function] {
            return context.unknown(reason)
        }
        if function.hasPrefix("list") {
            return context.unknown("\(name)() reads secrets or state at deployment")
        }
        let values = arguments.map { evaluate($0, in: context) }
        switch function {
        case "coalesce": return coalesce(values, in: context)
        // Resource ids stay comparable when a name is unknown: the unknown part is kept symbolically.
        case "resourceid": return resourceID(values, scope: ResourceID.deploymentResourceGroup, in: context)
        case "subscriptionresourceid": return resourceID(values, scope: ResourceID.deploymentSubscription, in: context)
        case "tenantresourceid": return resourceID(values, scope: "", in: context)
        case "extensionresourceid":
            guard let scopeID = values.first.flatMap(Self.symbolicText) else { return invalid(name, "a resource id first", in: context) }
            return resourceID(Array(values.dropFirst()), scope: scopeID, explicitScope: true, in: context)
        default: break
        }
        if let unknown = values.lazy.compactMap(\.unknown).first {
            return context.unknown(unknown.reason)
        }
        switch function {
        case "concat": return concat(values, in: context)
        case "format": return format(values, in: context)
        case "tolower": return text(values, name, in: context) { .string($0.lowercased()) }
        case "toupper": return text(values, name, in: context) { .string($0.uppercased()) }
        case "replace":
            guard values.count == 3, let text = values[0].stringValue, let old = values[1].stringValue, let new = values[2].stringValue else {
                return invalid(name, "three strings: text, old and new", in: context)
            }
            return Value(.string(old.isEmpty ? text : text.replacingOccurrences(of: old, with: new)), location: context.location)
        case "string":
            guard let value = values.first else { return invalid(name, "one argument", in: context) }
            return Value(.string(stringForm(value)), location: context.location)
        case "equals":
            guard values.count == 2 else { return invalid(name, "two arguments", in: context) }
            return Value(.bool(TemplateEvaluator.equal(values[0], values[1])), location: context.location)
        case "not":
            guard let flag = values.first?.boolValue else { return invalid(name, "a boolean", in: context) }
            return Value(.bool(!flag), location: context.location)
        case "and", "or":
            let flags = values.compactMap(\.boolValue)
            guard flags.count == values.count, flags.count >= 2 else { return invalid(name, "two or more booleans", in: context) }
            return Value(.bool(function == "and" ? flags.allSatisfy { $0 } : flags.contains(true)), location: context.location)
        case "bool":
            if let flag = values.first?.boolValue { return Value(.bool(flag), location: context.location) }
            if let text = values.first?.stringValue?.lowercased(), text == "true" || text == "false" {
                return Value(.bool(text == "true"), location: context.location)
            }
            return invalid(name, "a boolean or 'true'/'false'", in: context)
        case "true": return Value(.bool(true), location: context.location)
        case "false": return Value(.bool(false), location: context.location)
        case "null": return Value(.null, location: context.location)
        case "createarray": return Value(.array(values), location: context.location)
        case "json":
            guard values.count == 1, let text = values[0].stringValue else { return invalid(name, "one string of JSON", in: context) }
            do {
                return Value(json: try JSONReader().read(text), file: file).relocated(to: context.location)
            } catch {
                report(InputProblem(.invalidExpression, .warning, at: context.location, "json() was given text that is not JSON (\(error.message)) in \(context.text)"))
                return context.unknown("json() was given text that is not JSON")
            }
        case "empty":
            guard let value = values.first else { return invalid(name, "one argument", in: context) }
            let isEmpty = switch value.kind {
            case .null: true
            case .string(let text): text.isEmpty
            case .array(let elements): elements.isEmpty
            case .object(let members): members.isEmpty
            default: false
            }
            return Value(.bool(isEmpty), location: context.location)
        case "length":
            switch values.first?.kind {
            case .string(let text): return Value(.integer(Int64(text.count)), location: context.location)
            case .array(let elements): return Value(.integer(Int64(elements.count)), location: context.location)
            case .object(let members): return Value(.integer(Int64(members.count)), location: context.location)
            default: return invalid(name, "a string, array or object", in: context)
            }
        default:
            return context.unknown("\(name)() is not evaluated by this version of Bulwark")
        }
    }

    private func invalid(_ function: String, _ expected: String, in context: Context) -> Value {
        report(InputProblem(.invalidExpression, .warning, at: context.location, "\(function)() expected \(expected) in \(context.text)"))
        return context.unknown("\(function)() was given invalid arguments")
    }

    private func text(_ values: [Value], _ name: String, in context: Context, _ transform: (String) -> Value.Kind) -> Value {
        guard values.count == 1, let string = values[0].stringValue else { return invalid(name, "one string", in: context) }
        return Value(transform(string), location: context.location)
    }

    private func conditional(_ arguments: [Expression], in context: Context) -> Value {
        guard arguments.count == 3 else { return invalid("if", "three arguments", in: context) }
        let condition = evaluate(arguments[0], in: context)
        if let flag = condition.boolValue {
            return evaluate(arguments[flag ? 1 : 2], in: context)
        }
        if condition.isUnknown {
            // Both branches are computed for their values; only an identical result is known.
            let whenTrue = evaluate(arguments[1], in: context)
            let whenFalse = evaluate(arguments[2], in: context)
            if !whenTrue.containsUnknown, TemplateEvaluator.equal(whenTrue, whenFalse) { return whenTrue }
            return context.unknown(condition.unknown!.reason)
        }
        return invalid("if", "a boolean condition", in: context)
    }

    private func lookup(
        _ arguments: [Expression], in context: Context, kind: String,
        resolve: (String, (JSONValue) -> Value) -> TemplateScope.Lookup
    ) -> Value {
        guard arguments.count == 1 else { return invalid("\(kind)s", "one name", in: context) }
        let nameValue = evaluate(arguments[0], in: context)
        if let unknown = nameValue.unknown { return context.unknown(unknown.reason) }
        guard let name = nameValue.stringValue else { return invalid("\(kind)s", "a string name", in: context) }
        switch resolve(name, evaluate) {
        case .value(let value):
            if let unknown = value.unknown { return Value(.unknown(unknown), location: context.location) }
            return value
        case .undeclared:
            report(InputProblem(.invalidExpression, .warning, at: context.location, "\(kind) '\(name)' is not declared in the template; Azure would reject this deployment"))
            return context.unknown("\(kind) '\(name)' is not declared")
        case .cycle:
            report(InputProblem(.invalidExpression, .warning, at: context.location, "\(kind) '\(name)' refers to itself"))
            return context.unknown("\(kind) '\(name)' refers to itself")
        }
    }

    private func coalesce(_ values: [Value], in context: Context) -> Value {
        for value in values {
            if let unknown = value.unknown { return context.unknown(unknown.reason) }
            if !value.isNull { return value }
        }
        return Value(.null, location: context.location)
    }

    private func concat(_ values: [Value], in context: Context) -> Value {
        if values.first?.elements != nil {
            var joined: [Value] = []
            for value in values {
                guard let elements = value.elements else { return invalid("concat", "only arrays when the first argument is an array", in: context) }
                joined += elements
            }
            return Value(.array(joined), location: context.location)
        }
        var text = ""
        for value in values {
            guard value.scalarText != nil || value.isNull else { return invalid("concat", "strings, numbers or arrays", in: context) }
            text += stringForm(value)
        }
        return Value(.string(text), location: context.location)
    }

    /// .NET composite formatting: `{0}`, `{1}`, `{{` and `}}`. Format specifiers (`{0:D2}`) are left unknown.
    private func format(_ values: [Value], in context: Context) -> Value {
        guard let pattern = values.first?.stringValue else { return invalid("format", "a format string first", in: context) }
        let arguments = Array(values.dropFirst())
        var result = ""
        var characters = pattern.makeIterator()
        while let character = characters.next() {
            if character == "}" {
                _ = characters.next()
                result.append("}")
                continue
            }
            guard character == "{" else { result.append(character); continue }
            var item = ""
            var closed = false
            while let next = characters.next() {
                if next == "{", item.isEmpty { result.append("{"); closed = true; item = "{"; break }
                if next == "}" { closed = true; break }
                item.append(next)
            }
            if item == "{" { continue }
            guard closed, let index = Int(item.prefix { $0.isNumber }), index < arguments.count else {
                return invalid("format", "placeholders {0}...{\(max(arguments.count - 1, 0))}", in: context)
            }
            guard item.allSatisfy(\.isNumber) else {
                return context.unknown("format specifier '{\(item)}' is not evaluated by this version of Bulwark")
            }
            result += stringForm(arguments[index])
        }
        return Value(.string(result), location: context.location)
    }

    private func resourceID(_ values: [Value], scope: String, explicitScope: Bool = false, in context: Context) -> Value {
        let strings = values.compactMap(Self.symbolicText)
        if let unknown = values.lazy.compactMap(\.unknown).first,
           !strings.contains(where: { $0.contains("/") && $0.contains(".") && !$0.hasPrefix("[") }) {
            return context.unknown(unknown.reason)  // the type itself is unknown: nothing symbolic to build
        }
        guard strings.count == values.count,
              let typeIndex = strings.firstIndex(where: { $0.contains("/") && $0.contains(".") }),
              typeIndex <= 2
        else { return invalid("resourceId", "[subscriptionId], [resourceGroupName], resourceType, resourceName...", in: context) }
        var resolvedScope = scope
        if !explicitScope {
            switch typeIndex {
            case 1: resolvedScope = "/subscriptions/{subscription}/resourceGroups/\(strings[0])"
            case 2: resolvedScope = "/subscriptions/\(strings[0])/resourceGroups/\(strings[1])"
            default: break
            }
        }
        let type = ResourceType(strings[typeIndex])
        let names = Array(strings[(typeIndex + 1)...])
        guard names.count == type.segments.count else {
            return invalid("resourceId", "\(type.segments.count) name segment(s) for \(type)", in: context)
        }
        return Value(.string(ResourceID.make(scope: resolvedScope, type: type, names: names)), location: context.location)
    }

    /// A string, or an unknown written as its canonical expression: how unknown parts appear inside ids.
    static func symbolicText(_ value: Value) -> String? {
        value.stringValue ?? value.unknown?.expression
    }

    /// How ARM turns a value into text inside `concat`, `format` and `string`.
    func stringForm(_ value: Value) -> String {
        switch value.kind {
        case .string(let text): text
        case .bool(let flag): flag ? "True" : "False"
        case .null: ""
        default: value.scalarText ?? value.displayText
        }
    }

    /// ARM equality: strings case-sensitively (as `equals()` does), numbers by value, containers deeply.
    static func equal(_ lhs: Value, _ rhs: Value) -> Bool {
        switch (lhs.kind, rhs.kind) {
        case (.array(let a), .array(let b)): return a.count == b.count && zip(a, b).allSatisfy { equal($0, $1) }
        case (.object(let a), .object(let b)):
            return a.count == b.count && a.allSatisfy { member in b.contains { $0.key.caseInsensitiveEquals(member.key) && equal($0.value, member.value) } }
        default:
            if let x = lhs.numberValue, let y = rhs.numberValue { return x == y }
            return lhs.kind == rhs.kind
        }
    }
}
