// Collection and SDC functions of the FHIRPath evaluator (where, select, answers, ordinal, ...).
#include "core/forms/FhirPathEvaluator.h"

#include <algorithm>

namespace avocet::core::forms::detail {

namespace {

constexpr const char* kOrdinalValueUrl = "http://hl7.org/fhir/StructureDefinition/ordinalValue";
constexpr const char* kOrdinalValueUrlOld = "http://hl7.org/fhir/StructureDefinition/questionnaire-ordinalValue";
constexpr const char* kItemWeightUrl = "http://hl7.org/fhir/StructureDefinition/itemWeight";

void requireArgs(const FhirPathNode& node, std::size_t min, std::size_t max)
{
    if (node.args.size() < min || node.args.size() > max) {
        failEvaluation(node.name + "() was given the wrong number of arguments");
    }
}

std::optional<Decimal> extensionNumber(const nlohmann::json& object, const char* url)
{
    auto ext = object.find("extension");
    if (ext == object.end() || !ext->is_array()) {
        return std::nullopt;
    }
    for (const auto& e : *ext) {
        if (!e.is_object() || e.value("url", std::string()) != url) {
            continue;
        }
        for (const char* key : {"valueDecimal", "valueInteger"}) {
            if (auto v = e.find(key); v != e.end() && v->is_number()) {
                return v->is_number_integer() ? Decimal::fromInteger(v->get<std::int64_t>())
                                              : Decimal::fromDouble(v->get<double>());
            }
        }
    }
    return std::nullopt;
}

} // namespace

Collection Evaluator::evalWithThis(const FhirPathNode& node, const Value& item, std::int64_t index)
{
    m_frames.push_back(Frame{index, nullptr});
    Collection result;
    try {
        result = eval(node, Collection{item});
    } catch (...) {
        m_frames.pop_back();
        throw;
    }
    m_frames.pop_back();
    return result;
}

Collection Evaluator::argument(const FhirPathNode& node, std::size_t i, const Collection& input)
{
    return eval(*node.args[i], input);
}

Collection Evaluator::function(const FhirPathNode& node, const Collection& input)
{
    Collection focus = node.focus ? eval(*node.focus, input) : input;
    // Each group handles a fixed set of names, so the group found once is the group every time.
    const int known = node.functionFamily.load(std::memory_order_relaxed);
    const int first = known < 0 ? 0 : known;
    const int last = known < 0 ? 3 : known;
    for (int family = first; family <= last; ++family) {
        bool handled = true;
        Collection result = family == 0   ? collectionFunction(node, focus, input, handled)
                            : family == 1 ? sdcFunction(node, focus, handled)
                            : family == 2 ? scalarFunction(node, focus, input, handled)
                                          : stringFunction(node, focus, input, handled);
        if (handled) {
            node.functionFamily.store(static_cast<signed char>(family), std::memory_order_relaxed);
            return result;
        }
    }
    failEvaluation("the function " + node.name + "() is not supported");
}

Collection Evaluator::collectionFunction(const FhirPathNode& node, const Collection& focus, const Collection& input,
                                         bool& handled)
{
    const std::string_view f = node.name; // == "literal" compares sizes first, no strlen at run time
    if (f == "empty") {
        requireArgs(node, 0, 0);
        return {focus.empty()};
    }
    if (f == "exists" || f == "where" || f == "all") {
        requireArgs(node, f == "where" ? 1 : 0, 1);
        if (node.args.empty()) {
            return {!focus.empty()};
        }
        Collection kept;
        for (std::size_t i = 0; i < focus.size(); ++i) {
            auto keep = toBoolean(evalWithThis(*node.args[0], focus[i], static_cast<std::int64_t>(i)));
            if (f == "all" && keep != true) {
                return {false};
            }
            if (keep == true) {
                kept.push_back(focus[i]);
            }
        }
        if (f == "all") {
            return {true};
        }
        return f == "where" ? kept : Collection{!kept.empty()};
    }
    if (f == "select") {
        requireArgs(node, 1, 1);
        Collection out;
        for (std::size_t i = 0; i < focus.size(); ++i) {
            Collection part = evalWithThis(*node.args[0], focus[i], static_cast<std::int64_t>(i));
            out.insert(out.end(), part.begin(), part.end());
        }
        return out;
    }
    if (f == "repeat") {
        requireArgs(node, 1, 1);
        Collection out;
        Collection pending = focus;
        while (!pending.empty()) {
            Collection next;
            for (const Value& v : pending) {
                Collection part = evalWithThis(*node.args[0], v, 0);
                for (const Value& p : part) {
                    bool seen = p.isNode() && std::any_of(out.begin(), out.end(), [&](const Value& o) {
                                    return o.isNode() && o.asNode().json == p.asNode().json;
                                });
                    if (!seen) {
                        out.push_back(p);
                        next.push_back(p);
                    }
                }
                if (out.size() > kMaxCollectionSize) {
                    failEvaluation("repeat() produced too many values");
                }
            }
            pending = std::move(next);
        }
        return out;
    }
    if (f == "count") {
        return {static_cast<std::int64_t>(focus.size())};
    }
    if (f == "first") {
        return focus.empty() ? Collection{} : Collection{focus.front()};
    }
    if (f == "last") {
        return focus.empty() ? Collection{} : Collection{focus.back()};
    }
    if (f == "tail") {
        return focus.size() <= 1 ? Collection{} : Collection(focus.begin() + 1, focus.end());
    }
    if (f == "single") {
        if (focus.size() > 1) {
            failEvaluation("single() found more than one value");
        }
        return focus;
    }
    if (f == "skip" || f == "take") {
        requireArgs(node, 1, 1);
        Collection n = argument(node, 0, input);
        if (n.size() != 1 || !n.front().isInteger()) {
            failEvaluation(node.name + "() needs a whole number");
        }
        auto count = static_cast<std::size_t>(std::max<std::int64_t>(0, n.front().asInteger()));
        count = std::min(count, focus.size());
        return f == "skip" ? Collection(focus.begin() + static_cast<std::ptrdiff_t>(count), focus.end())
                           : Collection(focus.begin(), focus.begin() + static_cast<std::ptrdiff_t>(count));
    }
    if (f == "ofType") {
        requireArgs(node, 1, 1);
        const FhirPathNode& type = *node.args[0];
        std::string name = type.kind == FhirPathNode::Kind::Member ? type.name : type.typeName;
        if (type.focus) {
            name = type.focus->name + "." + name;
        }
        Collection out;
        std::copy_if(focus.begin(), focus.end(), std::back_inserter(out),
                     [&](const Value& v) { return typeMatches(v, name); });
        return out;
    }
    if (f == "is" || f == "as") {
        requireArgs(node, 1, 1);
        if (focus.empty()) {
            return {};
        }
        bool matches = typeMatches(focus.front(), node.args[0]->name);
        return f == "is" ? Collection{matches} : (matches ? focus : Collection{});
    }
    if (f == "extension") {
        requireArgs(node, 1, 1);
        Collection url = argument(node, 0, input);
        if (url.size() != 1 || !url.front().isString()) {
            failEvaluation("extension() needs a url");
        }
        Collection out;
        for (const Value& v : focus) {
            if (!v.isNode() || !v.asNode().json->is_object()) {
                continue;
            }
            auto ext = v.asNode().json->find("extension");
            if (ext == v.asNode().json->end() || !ext->is_array()) {
                continue;
            }
            for (const auto& e : *ext) {
                if (e.is_object() && e.value("url", std::string()) == url.front().asString()) {
                    out.emplace_back(NodeRef{&e, "Extension", v.asNode().linkId});
                }
            }
        }
        return out;
    }
    if (f == "distinct" || f == "isDistinct") {
        Collection out;
        for (const Value& v : focus) {
            if (std::none_of(out.begin(), out.end(), [&](const Value& o) { return valuesEqual(o, v) == true; })) {
                out.push_back(v);
            }
        }
        return f == "distinct" ? out : Collection{out.size() == focus.size()};
    }
    if (f == "union" || f == "combine" || f == "intersect" || f == "exclude") {
        requireArgs(node, 1, 1);
        Collection other = argument(node, 0, input);
        auto inOther = [&](const Value& v) {
            return std::any_of(other.begin(), other.end(), [&](const Value& o) { return valuesEqual(o, v) == true; });
        };
        Collection out;
        if (f == "combine" || f == "union") {
            out = focus;
            out.insert(out.end(), other.begin(), other.end());
            if (f == "union") {
                Collection unique;
                for (const Value& v : out) {
                    if (std::none_of(unique.begin(), unique.end(), [&](const Value& o) { return valuesEqual(o, v) == true; })) {
                        unique.push_back(v);
                    }
                }
                return unique;
            }
            return out;
        }
        for (const Value& v : focus) {
            if (inOther(v) == (f == "intersect")) {
                out.push_back(v);
            }
        }
        return out;
    }
    if (f == "allTrue" || f == "anyTrue" || f == "allFalse" || f == "anyFalse") {
        bool wanted = f == "allTrue" || f == "anyTrue";
        bool all = f.rfind("all", 0) == 0;
        for (const Value& v : focus) {
            bool matches = v.isBoolean() && v.asBoolean() == wanted;
            if (all && !matches) {
                return {false};
            }
            if (!all && matches) {
                return {true};
            }
        }
        return {all};
    }
    if (f == "aggregate") {
        requireArgs(node, 1, 2);
        Collection total = node.args.size() == 2 ? argument(node, 1, input) : Collection{};
        for (std::size_t i = 0; i < focus.size(); ++i) {
            m_frames.push_back(Frame{static_cast<std::int64_t>(i), &total});
            Collection next;
            try {
                next = eval(*node.args[0], Collection{focus[i]});
            } catch (...) {
                m_frames.pop_back();
                throw;
            }
            m_frames.pop_back();
            total = std::move(next);
        }
        return total;
    }
    if (f == "children" || f == "descendants") {
        Collection out;
        Collection pending = focus;
        do {
            Collection next;
            for (const Value& v : pending) {
                if (!v.isNode() || !v.asNode().json->is_object()) {
                    continue;
                }
                for (auto it = v.asNode().json->begin(); it != v.asNode().json->end(); ++it) {
                    appendJson(next, it.value(), {}, v.asNode().linkId);
                }
            }
            out.insert(out.end(), next.begin(), next.end());
            if (out.size() > kMaxCollectionSize) {
                failEvaluation("descendants() produced too many values");
            }
            pending = std::move(next);
        } while (f == "descendants" && !pending.empty());
        return out;
    }
    if (f == "trace") {
        return focus;
    }
    if (f == "not") {
        auto b = toBoolean(focus);
        return b ? Collection{!*b} : Collection{};
    }
    if (f == "iif") {
        requireArgs(node, 2, 3);
        if (focus.size() > 1) {
            failEvaluation("iif() must be called on a single value");
        }
        auto condition = toBoolean(eval(*node.args[0], focus));
        if (condition == true) {
            return eval(*node.args[1], focus);
        }
        return node.args.size() == 3 ? eval(*node.args[2], focus) : Collection{};
    }
    if (f == "hasValue") {
        return {focus.size() == 1 && !focus.front().isNode()};
    }
    handled = false;
    return {};
}

void Evaluator::collectAnswers(const nlohmann::json& item, const std::string* linkId, Collection& out) const
{
    auto children = item.find("item");
    if (children != item.end() && children->is_array()) {
        for (const auto& child : *children) {
            if (!child.is_object()) {
                continue;
            }
            const std::string* childLinkId = linkId;
            if (auto l = child.find("linkId"); l != child.end() && l->is_string()) {
                childLinkId = &l->get_ref<const std::string&>();
            }
            bool excluded = m_env.calculatingLinkId != nullptr && childLinkId != nullptr &&
                            *childLinkId == *m_env.calculatingLinkId;
            if (auto answers = child.find("answer"); !excluded && answers != child.end() && answers->is_array()) {
                for (const auto& answer : *answers) {
                    out.emplace_back(NodeRef{&answer, "QuestionnaireResponseItemAnswer", childLinkId});
                    collectAnswers(answer, childLinkId, out);
                }
            }
            collectAnswers(child, childLinkId, out);
        }
    }
}

std::optional<Decimal> Evaluator::scoreOf(const Value& item, const std::string& extensionUrl)
{
    if (!item.isNode() || !item.asNode().json->is_object()) {
        return std::nullopt;
    }
    const auto& object = *item.asNode().json;
    // Options, concepts and codings may carry the score themselves.
    const char* urls[] = {extensionUrl.c_str(), kOrdinalValueUrl, kOrdinalValueUrlOld, kItemWeightUrl};
    for (const char* url : urls) {
        if (auto d = extensionNumber(object, url)) {
            return d;
        }
    }
    // An answer: score its value[x].
    if (object.find("code") == object.end() && object.find("linkId") == object.end()) {
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (it.key().rfind("value", 0) == 0 && it.value().is_object()) {
                return scoreOf(Value(NodeRef{&it.value(), "Coding", item.asNode().linkId}), extensionUrl);
            }
        }
    }
    if (object.find("code") != object.end() && m_env.score) {
        return m_env.score(item.asNode().linkId, object);
    }
    return std::nullopt;
}

Collection Evaluator::sdcFunction(const FhirPathNode& node, const Collection& focus, bool& handled)
{
    const std::string_view f = node.name; // == "literal" compares sizes first, no strlen at run time
    if (f == "answers") {
        Collection out;
        for (const Value& v : focus) {
            if (!v.isNode() || !v.asNode().json->is_object()) {
                continue;
            }
            const nlohmann::json* scope = v.asNode().json;
            bool isContext = !m_env.context.empty() && m_env.context.front().isNode() &&
                             m_env.context.front().asNode().json == scope;
            if (isContext && scope->find("item") == scope->end() && m_env.contextParent != nullptr) {
                scope = m_env.contextParent;
            }
            collectAnswers(*scope, v.asNode().linkId, out);
        }
        return out;
    }
    if (f == "ordinal" || f == "weight" || f == "ordinalValue") {
        std::string url = f == "weight" ? kItemWeightUrl : kOrdinalValueUrl;
        Collection out;
        for (const Value& v : focus) {
            if (auto d = scoreOf(v, url)) {
                out.emplace_back(*d);
            }
        }
        return out;
    }
    if (f == "sum" || f == "min" || f == "max" || f == "avg") {
        Collection values = focus;
        if (!node.args.empty()) {
            values.clear();
            for (std::size_t i = 0; i < focus.size(); ++i) {
                Collection part = evalWithThis(*node.args[0], focus[i], static_cast<std::int64_t>(i));
                values.insert(values.end(), part.begin(), part.end());
            }
        }
        if (values.empty()) {
            return f == "sum" ? Collection{std::int64_t{0}} : Collection{};
        }
        Collection result{values.front()};
        for (std::size_t i = 1; i < values.size(); ++i) {
            if (f == "sum" || f == "avg") {
                result = arithmetic("+", result, Collection{values[i]});
            } else {
                auto c = compareValues(values[i], result.front());
                if (c && ((f == "min" && *c < 0) || (f == "max" && *c > 0))) {
                    result = Collection{values[i]};
                }
            }
        }
        if (f == "avg") {
            return arithmetic("/", result, Collection{static_cast<std::int64_t>(values.size())});
        }
        return result;
    }
    handled = false;
    return {};
}

} // namespace avocet::core::forms::detail
