#pragma once
// The values a FHIRPath expression produces: system primitives, or references to nodes of the
// JSON resources being evaluated (which must outlive the collection).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/forms/Decimal.h"

namespace avocet::core::forms {

// Date, DateTime or Time with the precision it was written with.
struct Temporal
{
    enum class Kind { Date, DateTime, Time };
    enum Precision { Year = 1, Month, Day, Hour, Minute, Second, Millisecond };

    Kind kind = Kind::Date;
    int precision = Year;
    int year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0, millisecond = 0;
    std::optional<int> offsetMinutes; // time zone; none means local / unknown

    // "2020-05-01", "2020-05-01T10:00:00Z", "T10:00" (kind Time also accepts "10:00:00").
    static std::optional<Temporal> parse(std::string_view text, Kind kind);
    std::string toString() const;
    // nullopt when the precisions differ in a way that makes the answer unknown.
    std::optional<int> compare(const Temporal& other) const;
};

struct Quantity
{
    Decimal value;
    std::string unit; // UCUM code or calendar word ("year", "days")
};

// A node of a JSON resource. `type` is the FHIR type when known ("Coding", "Quantity"),
// `linkId` the nearest enclosing item's linkId so ordinal() can find its answer options.
struct NodeRef
{
    const nlohmann::json* json = nullptr;
    std::string type;
    const std::string* linkId = nullptr;
};

class Value
{
public:
    using Storage = std::variant<bool, std::int64_t, Decimal, std::string, Temporal, Quantity, NodeRef>;

    Value(bool b) : m_data(b) {}
    Value(std::int64_t i) : m_data(i) {}
    Value(int i) : m_data(static_cast<std::int64_t>(i)) {}
    Value(Decimal d) : m_data(d) {}
    Value(std::string s) : m_data(std::move(s)) {}
    Value(const char* s) : m_data(std::string(s)) {}
    Value(Temporal t) : m_data(t) {}
    Value(Quantity q) : m_data(std::move(q)) {}
    Value(NodeRef n) : m_data(std::move(n)) {}

    bool isBoolean() const { return std::holds_alternative<bool>(m_data); }
    bool isInteger() const { return std::holds_alternative<std::int64_t>(m_data); }
    bool isDecimal() const { return std::holds_alternative<Decimal>(m_data); }
    bool isNumber() const { return isInteger() || isDecimal(); }
    bool isString() const { return std::holds_alternative<std::string>(m_data); }
    bool isTemporal() const { return std::holds_alternative<Temporal>(m_data); }
    bool isQuantity() const { return std::holds_alternative<Quantity>(m_data); }
    bool isNode() const { return std::holds_alternative<NodeRef>(m_data); }

    bool asBoolean() const { return std::get<bool>(m_data); }
    std::int64_t asInteger() const { return std::get<std::int64_t>(m_data); }
    Decimal asDecimal() const; // integers promote
    const std::string& asString() const { return std::get<std::string>(m_data); }
    const Temporal& asTemporal() const { return std::get<Temporal>(m_data); }
    const Quantity& asQuantity() const { return std::get<Quantity>(m_data); }
    const NodeRef& asNode() const { return std::get<NodeRef>(m_data); }
    const Storage& storage() const { return m_data; }

    // FHIRPath type name: Boolean, Integer, Decimal, String, Date, DateTime, Time, Quantity or
    // the FHIR type of a node (empty when unknown).
    std::string typeName() const;
    // Converts to JSON for a QuestionnaireResponse answer or CLI output.
    nlohmann::json toJson() const;
    std::string toDisplayString() const;

private:
    Storage m_data;
};

using Collection = std::vector<Value>;

} // namespace avocet::core::forms
