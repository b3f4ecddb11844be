// Conversion, maths, date and string functions of the FHIRPath evaluator.
#include "core/forms/FhirPathEvaluator.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <regex>

namespace avocet::core::forms::detail {

namespace {

// Input of a function that works on one value: empty stays empty, more than one is an error.
const Value* single(const FhirPathNode& node, const Collection& focus)
{
    if (focus.empty()) {
        return nullptr;
    }
    if (focus.size() > 1) {
        failEvaluation(node.name + "() works on a single value, but was given " + std::to_string(focus.size()));
    }
    return &focus.front();
}

Temporal nowTemporal(const EvaluationEnvironment& env)
{
    auto now = env.clock ? env.clock() : std::chrono::system_clock::now();
    std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    std::tm local{};
    localtime_r(&seconds, &local);
    Temporal t;
    t.kind = Temporal::Kind::DateTime;
    t.precision = Temporal::Millisecond;
    t.year = local.tm_year + 1900;
    t.month = local.tm_mon + 1;
    t.day = local.tm_mday;
    t.hour = local.tm_hour;
    t.minute = local.tm_min;
    t.second = local.tm_sec;
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    t.millisecond = static_cast<int>(ms < 0 ? ms + 1000 : ms);
    t.offsetMinutes = static_cast<int>(local.tm_gmtoff / 60);
    return t;
}

std::optional<std::int64_t> integerArgument(const Collection& c)
{
    if (c.size() != 1 || !c.front().isInteger()) {
        return std::nullopt;
    }
    return c.front().asInteger();
}

std::string stringArgument(const FhirPathNode& node, const Collection& c)
{
    if (c.size() != 1 || !c.front().isString()) {
        failEvaluation(node.name + "() needs a text argument");
    }
    return c.front().asString();
}

std::regex safeRegex(const std::string& pattern)
{
    if (pattern.size() > 1000) {
        failEvaluation("the pattern is too long");
    }
    try {
        return std::regex(pattern, std::regex::ECMAScript);
    } catch (const std::regex_error&) {
        failEvaluation("'" + pattern + "' is not a valid pattern");
    }
}

} // namespace

Collection Evaluator::scalarFunction(const FhirPathNode& node, const Collection& focus, const Collection& input,
                                     bool& handled)
{
    const std::string_view f = node.name; // == "literal" compares sizes first, no strlen at run time
    if (f == "today" || f == "now" || f == "timeOfDay") {
        Temporal t = nowTemporal(m_env);
        if (f == "today") {
            t.kind = Temporal::Kind::Date;
            t.precision = Temporal::Day;
            t.offsetMinutes.reset();
        } else if (f == "timeOfDay") {
            t.kind = Temporal::Kind::Time;
            t.offsetMinutes.reset();
        }
        return {t};
    }
    static const char* const scalarNames[] = {"toInteger", "toDecimal", "toString", "toBoolean", "round", "abs",
                                               "floor", "ceiling", "truncate", "convertsToInteger",
                                               "convertsToDecimal", "convertsToString", "toDate", "toDateTime"};
    if (node.functionFamily.load(std::memory_order_relaxed) != 2 && // known after the first call
        std::none_of(std::begin(scalarNames), std::end(scalarNames), [&](const char* n) { return f == n; })) {
        handled = false;
        return {};
    }
    const Value* v = single(node, focus);
    if (v == nullptr) {
        return {};
    }
    if (f == "toInteger" || f == "convertsToInteger") {
        std::optional<std::int64_t> result;
        if (v->isInteger()) {
            result = v->asInteger();
        } else if (v->isBoolean()) {
            result = v->asBoolean() ? 1 : 0;
        } else if (v->isString()) {
            const std::string& s = v->asString();
            bool digits = !s.empty() && std::all_of(s.begin() + ((s[0] == '-' || s[0] == '+') ? 1 : 0), s.end(),
                                                    [](unsigned char c) { return std::isdigit(c) != 0; });
            if (digits && s.size() < 19 && s != "-" && s != "+") {
                result = std::stoll(s);
            }
        }
        if (f == "convertsToInteger") {
            return {result.has_value()};
        }
        return result ? Collection{*result} : Collection{};
    }
    if (f == "toDecimal" || f == "convertsToDecimal") {
        std::optional<Decimal> result;
        if (v->isNumber()) {
            result = v->asDecimal();
        } else if (v->isBoolean()) {
            result = Decimal::fromInteger(v->asBoolean() ? 1 : 0);
        } else if (v->isString() && v->asString().find_first_of("eE") == std::string::npos) {
            result = Decimal::parse(v->asString());
        }
        if (f == "convertsToDecimal") {
            return {result.has_value()};
        }
        return result ? Collection{*result} : Collection{};
    }
    if (f == "toString" || f == "convertsToString") {
        if (v->isNode()) {
            return f == "toString" ? Collection{} : Collection{false};
        }
        return f == "toString" ? Collection{v->toDisplayString()} : Collection{true};
    }
    if (f == "toBoolean") {
        if (v->isBoolean()) {
            return {*v};
        }
        std::string s = v->isString() ? v->asString() : (v->isNumber() ? v->asDecimal().toString() : "");
        std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
        if (s == "true" || s == "t" || s == "yes" || s == "y" || s == "1" || s == "1.0") {
            return {true};
        }
        if (s == "false" || s == "f" || s == "no" || s == "n" || s == "0" || s == "0.0") {
            return {false};
        }
        return {};
    }
    if (f == "toDate" || f == "toDateTime") {
        auto kind = f == "toDate" ? Temporal::Kind::Date : Temporal::Kind::DateTime;
        if (v->isTemporal()) {
            Temporal t = v->asTemporal();
            t.kind = kind;
            if (kind == Temporal::Kind::Date) {
                t.precision = std::min(t.precision, static_cast<int>(Temporal::Day));
                t.offsetMinutes.reset();
            }
            return {t};
        }
        if (v->isString()) {
            auto t = Temporal::parse(v->asString(), kind);
            if (t) {
                return {*t};
            }
        }
        return {};
    }
    if (!v->isNumber() && !(f == "abs" && v->isQuantity())) {
        failEvaluation(node.name + "() needs a number but was given " + v->typeName());
    }
    if (f == "abs") {
        if (v->isQuantity()) {
            return {Quantity{v->asQuantity().value.absolute(), v->asQuantity().unit}};
        }
        if (v->isInteger()) {
            return {v->asInteger() < 0 ? -v->asInteger() : v->asInteger()};
        }
        return {v->asDecimal().absolute()};
    }
    if (v->isInteger() && f != "round") {
        return {*v};
    }
    Decimal d = v->asDecimal();
    if (f == "round") {
        std::int64_t digits = 0;
        if (!node.args.empty()) {
            auto n = integerArgument(argument(node, 0, input));
            if (!n || *n < 0) {
                failEvaluation("round() needs a whole number of digits");
            }
            digits = *n;
        }
        return {d.rounded(static_cast<int>(std::min<std::int64_t>(digits, Decimal::kMaxScale)))};
    }
    Decimal r = f == "floor" ? d.floor() : (f == "ceiling" ? d.ceiling() : d.truncated());
    return {*r.toInteger()};
}

Collection Evaluator::stringFunction(const FhirPathNode& node, const Collection& focus, const Collection& input,
                                     bool& handled)
{
    const std::string_view f = node.name; // == "literal" compares sizes first, no strlen at run time
    static const char* const names[] = {"length", "substring", "startsWith", "endsWith", "contains", "indexOf",
                                        "upper", "lower", "trim", "replace", "matches", "join", "toChars"};
    if (node.functionFamily.load(std::memory_order_relaxed) != 3 && // known after the first call
        std::none_of(std::begin(names), std::end(names), [&](const char* n) { return f == n; })) {
        handled = false;
        return {};
    }
    if (f == "join") {
        std::string separator = node.args.empty() ? "" : stringArgument(node, argument(node, 0, input));
        std::string out;
        for (std::size_t i = 0; i < focus.size(); ++i) {
            out += (i > 0 ? separator : "") + focus[i].toDisplayString();
        }
        return {out};
    }
    const Value* v = single(node, focus);
    if (v == nullptr) {
        return {};
    }
    if (!v->isString()) {
        failEvaluation(node.name + "() needs text but was given " + v->typeName());
    }
    const std::string& s = v->asString();
    if (f == "length") {
        return {static_cast<std::int64_t>(s.size())};
    }
    if (f == "upper" || f == "lower") {
        std::string out = s;
        std::transform(out.begin(), out.end(), out.begin(),
                       [&](unsigned char c) { return static_cast<char>(f == "upper" ? std::toupper(c) : std::tolower(c)); });
        return {out};
    }
    if (f == "trim") {
        auto first = s.find_first_not_of(" \t\r\n");
        auto last = s.find_last_not_of(" \t\r\n");
        return {first == std::string::npos ? std::string() : s.substr(first, last - first + 1)};
    }
    if (f == "toChars") {
        Collection out;
        for (char c : s) {
            out.emplace_back(std::string(1, c));
        }
        return out;
    }
    if (f == "substring") {
        if (node.args.empty() || node.args.size() > 2) {
            failEvaluation("substring() needs a start and optionally a length");
        }
        Collection startArg = argument(node, 0, input);
        if (startArg.empty()) {
            return {};
        }
        auto start = integerArgument(startArg);
        if (!start) {
            failEvaluation("substring() needs a whole-number start");
        }
        if (*start < 0 || static_cast<std::size_t>(*start) >= s.size()) {
            return {};
        }
        std::size_t length = std::string::npos;
        if (node.args.size() == 2) {
            auto n = integerArgument(argument(node, 1, input));
            if (!n) {
                return {s.substr(static_cast<std::size_t>(*start))};
            }
            length = static_cast<std::size_t>(std::max<std::int64_t>(0, *n));
        }
        return {s.substr(static_cast<std::size_t>(*start), length)};
    }
    if (node.args.empty()) {
        failEvaluation(node.name + "() needs an argument");
    }
    Collection argValue = argument(node, 0, input);
    if (argValue.empty()) {
        return {};
    }
    std::string arg = stringArgument(node, argValue);
    if (f == "startsWith") {
        return {s.rfind(arg, 0) == 0};
    }
    if (f == "endsWith") {
        return {s.size() >= arg.size() && s.compare(s.size() - arg.size(), arg.size(), arg) == 0};
    }
    if (f == "contains") {
        return {s.find(arg) != std::string::npos};
    }
    if (f == "indexOf") {
        auto pos = s.find(arg);
        return {pos == std::string::npos ? std::int64_t{-1} : static_cast<std::int64_t>(pos)};
    }
    if (f == "matches") {
        if (s.size() > 10000) {
            failEvaluation("the text is too long to match against a pattern");
        }
        return {std::regex_search(s, safeRegex(arg))};
    }
    // replace(pattern, substitution): plain text, not a regular expression
    if (node.args.size() != 2) {
        failEvaluation("replace() needs two arguments");
    }
    std::string with = stringArgument(node, argument(node, 1, input));
    if (arg.empty()) {
        return {s};
    }
    std::string out;
    std::size_t pos = 0;
    for (std::size_t hit; (hit = s.find(arg, pos)) != std::string::npos; pos = hit + arg.size()) {
        out += s.substr(pos, hit - pos) + with;
    }
    out += s.substr(pos);
    return {out};
}

} // namespace avocet::core::forms::detail
