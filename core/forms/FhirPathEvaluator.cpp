#include "core/forms/FhirPathEvaluator.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace avocet::core::forms::detail {

namespace {

// FHIR type suffixes of choice elements, longest first so "DateTime" wins over "Time".
using namespace std::string_view_literals;
constexpr std::array<std::string_view, 16> kTypeSuffixes{
    "DateTime"sv, "Attachment"sv, "Reference"sv, "Quantity"sv, "Decimal"sv, "Integer"sv, "Boolean"sv, "Instant"sv,
    "Coding"sv, "String"sv, "Date"sv, "Time"sv, "Uri"sv, "Url"sv, "Code"sv, "Canonical"sv}; // sizes known: no strlen

std::string typeFromSuffix(const std::string& key)
{
    for (std::string_view s : kTypeSuffixes) {
        if (key.size() > s.size() && key.compare(key.size() - s.size(), s.size(), s) == 0 &&
            std::islower(static_cast<unsigned char>(key[key.size() - s.size() - 1])) != 0) {
            return std::string(s);
        }
    }
    return {};
}

std::string normaliseTypeName(std::string name)
{
    for (const char* prefix : {"System.", "FHIR."}) {
        if (name.rfind(prefix, 0) == 0) {
            name.erase(0, std::string_view(prefix).size());
        }
    }
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    return name;
}

std::string lowered(const std::string& s)
{
    std::string out;
    bool space = false;
    for (unsigned char c : s) {
        if (std::isspace(c) != 0) {
            space = true;
            continue;
        }
        if (space && !out.empty()) {
            out += ' ';
        }
        space = false;
        out += static_cast<char>(std::tolower(c));
    }
    return out;
}

std::optional<Temporal> asTemporalLike(const Value& v, Temporal::Kind kind)
{
    if (v.isTemporal()) {
        return v.asTemporal();
    }
    if (v.isString()) {
        auto t = Temporal::parse(v.asString(), kind);
        if (!t && kind == Temporal::Kind::DateTime) {
            t = Temporal::parse(v.asString(), Temporal::Kind::Date);
        }
        return t;
    }
    return std::nullopt;
}

} // namespace

void failEvaluation(const std::string& message) { throw EvaluationFailure{message}; }

void appendJson(Collection& out, const nlohmann::json& j, const std::string& type, const std::string* linkId)
{
    if (j.is_array()) {
        for (const auto& element : j) {
            appendJson(out, element, type, linkId);
        }
        return;
    }
    if (j.is_object()) {
        // std::string keys: a const char* key would be measured with strlen at every map comparison.
        static const std::string kLinkId = "linkId";
        static const std::string kResourceType = "resourceType";
        const std::string* ownLinkId = linkId;
        bool isItem = false;
        if (auto it = j.find(kLinkId); it != j.end() && it->is_string()) {
            ownLinkId = &it->get_ref<const std::string&>();
            isItem = true; // an item, never a resource
        }
        if (type.empty() && !isItem) {
            if (auto rt = j.find(kResourceType); rt != j.end() && rt->is_string()) {
                out.emplace_back(NodeRef{&j, rt->get<std::string>(), ownLinkId});
                return;
            }
        }
        out.emplace_back(NodeRef{&j, type, ownLinkId});
        return;
    }
    if (j.is_boolean()) {
        out.emplace_back(j.get<bool>());
    } else if (j.is_number_integer()) {
        if (type == "Decimal") {
            out.emplace_back(Decimal::fromInteger(j.get<std::int64_t>()));
        } else {
            out.emplace_back(j.get<std::int64_t>());
        }
    } else if (j.is_number_float()) {
        auto d = Decimal::fromDouble(j.get<double>());
        if (!d) {
            failEvaluation("a number in the resource is out of range");
        }
        out.emplace_back(*d);
    } else if (j.is_string()) {
        const auto& s = j.get_ref<const std::string&>();
        if (type.empty()) { // most strings (linkId, code, text): no typed reading to try
            out.emplace_back(s);
            return;
        }
        std::optional<Temporal> t;
        if (type == "Date") {
            t = Temporal::parse(s, Temporal::Kind::Date);
        } else if (type == "DateTime" || type == "Instant") {
            t = Temporal::parse(s, Temporal::Kind::DateTime);
            if (t) {
                t->kind = Temporal::Kind::DateTime;
            }
        } else if (type == "Time") {
            t = Temporal::parse(s, Temporal::Kind::Time);
        } else if (type == "Decimal") {
            if (auto d = Decimal::parse(s)) {
                out.emplace_back(*d);
                return;
            }
        }
        if (t) {
            out.emplace_back(*t);
        } else {
            out.emplace_back(s);
        }
    }
}

bool typeMatches(const Value& v, const std::string& typeName)
{
    std::string wanted = normaliseTypeName(typeName);
    std::string actual = normaliseTypeName(v.typeName());
    if (wanted == actual) {
        return true;
    }
    // FHIR primitives map onto System types.
    if (v.isString() && (wanted == "code" || wanted == "uri" || wanted == "url" || wanted == "id" ||
                         wanted == "markdown" || wanted == "canonical")) {
        return true;
    }
    if (v.isTemporal() && wanted == "instant" && actual == "datetime") {
        return true;
    }
    return false;
}

std::optional<bool> valuesEqual(const Value& a, const Value& b)
{
    if (a.isNumber() && b.isNumber()) {
        return a.asDecimal().compare(b.asDecimal()) == 0;
    }
    if (a.isTemporal() || b.isTemporal()) {
        const Value& t = a.isTemporal() ? a : b;
        auto kind = t.asTemporal().kind;
        auto x = asTemporalLike(a, kind);
        auto y = asTemporalLike(b, kind);
        if (!x || !y) {
            return false;
        }
        auto c = x->compare(*y);
        if (!c) {
            return std::nullopt;
        }
        return *c == 0;
    }
    if (a.isString() && b.isString()) {
        return a.asString() == b.asString();
    }
    if (a.isBoolean() && b.isBoolean()) {
        return a.asBoolean() == b.asBoolean();
    }
    if (a.isQuantity() && b.isQuantity()) {
        return a.asQuantity().unit == b.asQuantity().unit && a.asQuantity().value == b.asQuantity().value;
    }
    if (a.isNode() && b.isNode()) {
        return a.asNode().json == b.asNode().json || *a.asNode().json == *b.asNode().json;
    }
    return false;
}

bool valuesEquivalent(const Value& a, const Value& b)
{
    if (a.isString() && b.isString()) {
        return lowered(a.asString()) == lowered(b.asString());
    }
    if (a.isNumber() && b.isNumber()) {
        Decimal x = a.asDecimal();
        Decimal y = b.asDecimal();
        int digits = std::min(x.scale(), y.scale());
        return x.rounded(digits) == y.rounded(digits);
    }
    auto eq = valuesEqual(a, b);
    return eq.value_or(false);
}

std::optional<int> compareValues(const Value& a, const Value& b)
{
    if (a.isNumber() && b.isNumber()) {
        return a.asDecimal().compare(b.asDecimal());
    }
    if (a.isString() && b.isString()) {
        int c = a.asString().compare(b.asString());
        return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    if (a.isTemporal() || b.isTemporal()) {
        const Value& t = a.isTemporal() ? a : b;
        auto kind = t.asTemporal().kind;
        auto x = asTemporalLike(a, kind);
        auto y = asTemporalLike(b, kind);
        if (x && y) {
            return x->compare(*y);
        }
    }
    if (a.isQuantity() && b.isQuantity() && a.asQuantity().unit == b.asQuantity().unit) {
        return a.asQuantity().value.compare(b.asQuantity().value);
    }
    failEvaluation("cannot compare " + a.typeName() + " with " + b.typeName());
}

std::optional<bool> toBoolean(const Collection& c)
{
    if (c.empty()) {
        return std::nullopt;
    }
    if (c.size() > 1) {
        failEvaluation("expected a single true/false value but found " + std::to_string(c.size()) + " values");
    }
    if (c.front().isBoolean()) {
        return c.front().asBoolean();
    }
    return true;
}

Collection Evaluator::eval(const FhirPathNode& node, const Collection& input)
{
    using Kind = FhirPathNode::Kind;
    switch (node.kind) {
    case Kind::Literal: return {*node.literal};
    case Kind::Empty: return {};
    case Kind::This: return input;
    case Kind::Index:
        if (m_frames.empty() || !m_frames.back().index) {
            failEvaluation("$index is only available inside where(), select() and similar functions");
        }
        return {*m_frames.back().index};
    case Kind::Total:
        if (m_frames.empty() || m_frames.back().total == nullptr) {
            failEvaluation("$total is only available inside aggregate()");
        }
        return *m_frames.back().total;
    case Kind::Variable: return variable(node.name);
    case Kind::Member:
        if (node.focus) {
            return member(eval(*node.focus, input), node.name, false);
        }
        return member(input, node.name, true);
    case Kind::Function: return function(node, input);
    case Kind::Indexer: {
        Collection focus = eval(*node.focus, input);
        Collection index = eval(*node.args[0], input);
        if (index.empty()) {
            return {};
        }
        if (index.size() != 1 || !index.front().isInteger()) {
            failEvaluation("an index must be a single integer");
        }
        auto i = index.front().asInteger();
        if (i < 0 || static_cast<std::size_t>(i) >= focus.size()) {
            return {};
        }
        return {focus[static_cast<std::size_t>(i)]};
    }
    case Kind::Unary: {
        Collection operand = eval(*node.args[0], input);
        if (node.name == "+" || operand.empty()) {
            return operand;
        }
        if (operand.size() != 1) {
            failEvaluation("cannot negate more than one value");
        }
        const Value& v = operand.front();
        if (v.isInteger()) {
            return {-v.asInteger()};
        }
        if (v.isDecimal()) {
            return {v.asDecimal().negated()};
        }
        if (v.isQuantity()) {
            return {Quantity{v.asQuantity().value.negated(), v.asQuantity().unit}};
        }
        failEvaluation("cannot negate a " + v.typeName());
    }
    case Kind::Binary: return binary(node, input);
    case Kind::TypeOp: {
        Collection operand = eval(*node.args[0], input);
        if (operand.empty()) {
            return {};
        }
        if (operand.size() > 1) {
            failEvaluation("'" + node.name + "' needs a single value");
        }
        bool matches = typeMatches(operand.front(), node.typeName);
        if (node.name == "is") {
            return {matches};
        }
        return matches ? operand : Collection{};
    }
    }
    return {};
}

Collection Evaluator::member(const Collection& input, const std::string& name, bool atRoot)
{
    Collection out;
    const std::string suffixType = typeFromSuffix(name); // once, not once per item
    for (const Value& item : input) {
        if (!item.isNode() || !item.asNode().json->is_object()) {
            continue;
        }
        const auto& object = *item.asNode().json;
        if (atRoot && std::isupper(static_cast<unsigned char>(name[0])) != 0) {
            auto rt = object.find("resourceType");
            if (rt != object.end() && *rt == name) {
                out.push_back(item);
                continue;
            }
        }
        if (auto it = object.find(name); it != object.end()) {
            appendJson(out, *it, suffixType, item.asNode().linkId);
            continue;
        }
        // Choice element: "value" finds valueCoding, valueInteger, ...
        for (auto it = object.begin(); it != object.end(); ++it) {
            const std::string& key = it.key();
            if (key.size() > name.size() && key.compare(0, name.size(), name) == 0 &&
                std::isupper(static_cast<unsigned char>(key[name.size()])) != 0) {
                appendJson(out, it.value(), key.substr(name.size()), item.asNode().linkId);
                break;
            }
        }
        if (out.size() > kMaxCollectionSize) {
            failEvaluation("the expression produced too many values");
        }
    }
    return out;
}

Collection Evaluator::variable(const std::string& name)
{
    auto node = [](const nlohmann::json* j) {
        Collection c;
        if (j != nullptr) {
            appendJson(c, *j, {}, nullptr);
        }
        return c;
    };
    if (name == "resource" || name == "rootResource") {
        return node(m_env.resource);
    }
    if (name == "questionnaire") {
        return node(m_env.questionnaire);
    }
    if (name == "qitem") {
        return node(m_env.qitem);
    }
    if (name == "context") {
        return m_env.context;
    }
    if (name == "ucum") {
        return {std::string("http://unitsofmeasure.org")};
    }
    if (name == "sct") {
        return {std::string("http://snomed.info/sct")};
    }
    if (name == "loinc") {
        return {std::string("http://loinc.org")};
    }
    if (m_env.variable) {
        if (const Collection* value = m_env.variable(name)) {
            return *value;
        }
    }
    failEvaluation("the variable %" + name + " is not defined");
}

Collection Evaluator::binary(const FhirPathNode& node, const Collection& input)
{
    const std::string& op = node.name;
    if (op == "and" || op == "or" || op == "xor" || op == "implies") {
        auto left = toBoolean(eval(*node.args[0], input));
        // Short-circuit where the result is already known.
        if (op == "and" && left == false) {
            return {false};
        }
        if (op == "or" && left == true) {
            return {true};
        }
        if (op == "implies" && left == false) {
            return {true};
        }
        auto right = toBoolean(eval(*node.args[1], input));
        if (op == "and") {
            if (right == false) {
                return {false};
            }
            if (left && right) {
                return {true};
            }
            return {};
        }
        if (op == "or") {
            if (right == true) {
                return {true};
            }
            if (left && right) {
                return {false};
            }
            return {};
        }
        if (op == "xor") {
            if (!left || !right) {
                return {};
            }
            return {*left != *right};
        }
        // implies with left true or unknown
        if (right == true) {
            return {true};
        }
        if (left == true && right == false) {
            return {false};
        }
        return {};
    }

    Collection left = eval(*node.args[0], input);
    Collection right = eval(*node.args[1], input);

    if (op == "|") {
        Collection out;
        for (const Collection* side : {&left, &right}) {
            for (const Value& v : *side) {
                bool seen = std::any_of(out.begin(), out.end(), [&](const Value& o) { return valuesEqual(o, v) == true; });
                if (!seen) {
                    out.push_back(v);
                }
            }
        }
        return out;
    }
    if (op == "=" || op == "!=") {
        if (left.empty() || right.empty()) {
            return {};
        }
        bool equal = left.size() == right.size();
        for (std::size_t i = 0; equal && i < left.size(); ++i) {
            auto eq = valuesEqual(left[i], right[i]);
            if (!eq) {
                return {};
            }
            equal = *eq;
        }
        return {op == "=" ? equal : !equal};
    }
    if (op == "~" || op == "!~") {
        bool equivalent = left.size() == right.size();
        for (std::size_t i = 0; equivalent && i < left.size(); ++i) {
            equivalent = valuesEquivalent(left[i], right[i]);
        }
        return {op == "~" ? equivalent : !equivalent};
    }
    if (op == "<" || op == "<=" || op == ">" || op == ">=") {
        if (left.empty() || right.empty()) {
            return {};
        }
        if (left.size() > 1 || right.size() > 1) {
            failEvaluation("'" + op + "' compares single values, not lists");
        }
        auto c = compareValues(left.front(), right.front());
        if (!c) {
            return {};
        }
        if (op == "<") {
            return {*c < 0};
        }
        if (op == "<=") {
            return {*c <= 0};
        }
        if (op == ">") {
            return {*c > 0};
        }
        return {*c >= 0};
    }
    if (op == "in" || op == "contains") {
        const Collection& element = op == "in" ? left : right;
        const Collection& container = op == "in" ? right : left;
        if (element.empty()) {
            return {};
        }
        if (element.size() > 1) {
            failEvaluation("'" + op + "' needs a single value to look for");
        }
        bool found = std::any_of(container.begin(), container.end(),
                                 [&](const Value& v) { return valuesEqual(v, element.front()) == true; });
        return {found};
    }
    if (op == "&") {
        std::string text;
        for (const Collection* side : {&left, &right}) {
            if (side->size() > 1) {
                failEvaluation("'&' joins single values, not lists");
            }
            if (!side->empty()) {
                text += side->front().toDisplayString();
            }
        }
        return {text};
    }
    return arithmetic(op, left, right);
}

} // namespace avocet::core::forms::detail
