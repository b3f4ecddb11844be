#include "core/mapping/InboundMapper.h"

#include <cmath>
#include <set>

#include "core/mapping/ValueTransforms.h"

namespace avocet::core::mapping {

using nlohmann::json;

namespace {

class InboundRun
{
public:
    InboundRun(const EprMapping& mapping, std::string source) : m_mapping(mapping), m_source(std::move(source)) {}
    Result<InboundResult> run(const json& record);

private:
    void problem(const MappingEntry& entry, const std::string& what)
    {
        m_problems.push_back(m_source + "#/fields/" + entry.field + " (linkId '" + entry.linkId + "'): " + what);
    }
    std::optional<json> answerFor(const MappingEntry& entry, const json& value);
    std::string stripAppended(const std::string& fieldId, const std::string& text) const;
    void place(const MappingEntry& entry, json answers);
    std::string eprName() const { return identity::eprName(m_mapping.epr); }

    const EprMapping& m_mapping;
    std::string m_source;
    std::vector<std::string> m_problems;
    std::vector<MappingWarning> m_warnings;
    json m_items = json::array();
};

std::string fieldLabel(const EprMapping& mapping, const std::string& fieldId)
{
    if (mapping.nativeForm)
        if (const NativeField* f = mapping.nativeForm->field(fieldId))
            return f->label;
    return fieldId;
}

std::optional<json> InboundRun::answerFor(const MappingEntry& entry, const json& value)
{
    const std::string& type = entry.type;
    if (type == "date") {
        if (!value.is_string()) {
            problem(entry, "expected a date in the format " + entry.dateFormat);
            return std::nullopt;
        }
        auto parsed = parseDate(value.get<std::string>(), entry.dateFormat);
        if (!parsed) {
            problem(entry, parsed.message());
            return std::nullopt;
        }
        return json{{"valueDate", *parsed}};
    }
    if (type == "choice" || type == "open-choice") {
        if (!value.is_string()) {
            problem(entry, "expected an " + eprName() + " code");
            return std::nullopt;
        }
        const std::string native = value.get<std::string>();
        if (const CodeMap* code = entry.answerForNative(native)) {
            json coding{{"code", code->code}};
            if (!code->system.empty())
                coding["system"] = code->system;
            if (!code->display.empty())
                coding["display"] = code->display;
            return json{{"valueCoding", coding}};
        }
        // Shown as the EPR's own code, never guessed into a harmonised one.
        std::string display = native;
        if (m_mapping.nativeForm)
            if (const NativeField* f = m_mapping.nativeForm->field(entry.field))
                for (const auto& c : f->codes)
                    if (c.code == native)
                        display = c.display;
        m_warnings.push_back({"unmappedNativeCode", entry.linkId, entry.field,
                              eprName() + " code '" + native + "' in " + entry.field +
                                  " has no harmonised answer; kept as the EPR's own code"});
        return json{{"valueCoding",
                     {{"system", eprCodeSystem(m_mapping.epr, entry.field)}, {"code", native}, {"display", display}}}};
    }
    if (type == "boolean") {
        if (entry.booleanCodes && value.is_string()) {
            if (value == entry.booleanCodes->first)
                return json{{"valueBoolean", true}};
            if (value == entry.booleanCodes->second)
                return json{{"valueBoolean", false}};
        } else if (value.is_boolean()) {
            return json{{"valueBoolean", value}};
        }
        problem(entry, "'" + value.dump() + "' is not a yes/no value this mapping knows");
        return std::nullopt;
    }
    if (type == "integer" || type == "decimal" || type == "quantity") {
        if (!value.is_number()) {
            problem(entry, "expected a number");
            return std::nullopt;
        }
        double number = value.get<double>();
        if (entry.unit)
            number = roundToMicro(number / entry.unit->factor);
        if (type == "integer") {
            if (number != std::floor(number)) {
                problem(entry, "reads back as " + formatNumber(number) + ", not a whole number");
                return std::nullopt;
            }
            return json{{"valueInteger", static_cast<long long>(number)}};
        }
        if (type == "decimal")
            return json{{"valueDecimal", number}};
        const std::string unit = entry.unit ? entry.unit->fromUnit : std::string();
        return json{{"valueQuantity",
                     {{"value", number}, {"unit", unit}, {"system", "http://unitsofmeasure.org"}, {"code", unit}}}};
    }
    if (!value.is_string()) {
        problem(entry, "expected text");
        return std::nullopt;
    }
    std::string text = stripAppended(entry.field, value.get<std::string>());
    if (text.ends_with(kTruncatedMarker) || text.ends_with(kTruncatedAttachedMarker))
        m_warnings.push_back({"truncated", entry.linkId, entry.field,
                              "the text in " + entry.field + " was truncated when it was sent to " + eprName()});
    if (text.empty())
        return std::nullopt;
    return json{{type == "url" ? "valueUri" : "valueString", text}};
}

// Cuts the "[Label] value" sections other items appended to this field on the way out.
std::string InboundRun::stripAppended(const std::string& fieldId, const std::string& text) const
{
    std::size_t cut = std::string::npos;
    for (const auto& entry : m_mapping.entries) {
        if (entry.policy != ItemPolicy::AppendToField || entry.field != fieldId)
            continue;
        const std::string label = entry.label.empty() ? entry.linkId : entry.label;
        const std::string marker = "[" + label + "] ";
        if (text.starts_with(marker))
            cut = 0;
        else if (const auto at = text.find("\n\n" + marker); at != std::string::npos)
            cut = std::min(cut, at);
    }
    return cut == std::string::npos ? text : text.substr(0, cut);
}

json* findChild(json& items, const std::string& linkId)
{
    for (auto& item : items)
        if (item.value("linkId", "") == linkId)
            return &item;
    return nullptr;
}

void InboundRun::place(const MappingEntry& entry, json answers)
{
    json* level = &m_items;
    for (const auto& group : entry.groupPath) {
        json* child = findChild(*level, group);
        if (!child) {
            level->push_back({{"linkId", group}, {"item", json::array()}});
            child = &level->back();
        }
        if (!child->contains("item"))
            (*child)["item"] = json::array();
        level = &(*child)["item"];
    }
    json leaf{{"linkId", entry.linkId}};
    if (!entry.label.empty())
        leaf["text"] = entry.label;
    leaf["answer"] = std::move(answers);
    level->push_back(std::move(leaf));
}

Result<InboundResult> InboundRun::run(const json& record)
{
    if (!record.is_object() || !record.contains("fields") || !record["fields"].is_object())
        return makeError(ErrorCode::ParseError, m_source + "#/fields: a native record needs a fields object");
    if (record.value("epr", "") != eprName())
        return makeError(ErrorCode::MappingInvalid, m_source + "#/epr: the record is from '" + record.value("epr", "") +
                                                        "', mapping " + m_mapping.label() + " reads " + eprName());
    const json form = record.value("form", json::object());
    if (form.value("id", "") != m_mapping.nativeFormId)
        return makeError(ErrorCode::MappingInvalid, m_source + "#/form/id: the record is form '" +
                                                        form.value("id", "") + "', mapping " + m_mapping.label() +
                                                        " reads " + m_mapping.nativeFormId);
    if (m_mapping.nativeForm && form.contains("version") && form["version"] != m_mapping.nativeForm->version)
        m_warnings.push_back({"nativeFormVersion", "", "",
                              "record is " + m_mapping.nativeFormId + " version " + form["version"].dump() +
                                  ", the catalogue describes version " + m_mapping.nativeForm->version});
    const json& fields = record["fields"];
    std::set<std::string> used;
    for (const auto& entry : m_mapping.entries) {
        if (entry.field.empty())
            continue;
        used.insert(entry.field);
        if (entry.policy != ItemPolicy::Map)
            continue;
        const auto it = fields.find(entry.field);
        if (it == fields.end() || it->is_null())
            continue;
        json answers = json::array();
        const json values = it->is_array() ? *it : json::array({*it});
        for (const auto& value : values)
            if (auto answer = answerFor(entry, value))
                answers.push_back(std::move(*answer));
        if (!answers.empty())
            place(entry, std::move(answers));
    }
    json unmapped = json::object();
    for (const auto& [fieldId, value] : fields.items()) {
        if (used.contains(fieldId) || value.is_null())
            continue;
        unmapped[fieldId] = value;
        m_warnings.push_back({"unmappedNativeField", "", fieldId,
                              eprName() + " field " + fieldId + " (" + fieldLabel(m_mapping, fieldId) +
                                  ") has no template item; kept in the source-record extension"});
    }
    if (!m_problems.empty()) {
        std::string message = std::to_string(m_problems.size()) + " problem(s) reading a " + eprName() + " record";
        for (const auto& p : m_problems)
            message += "\n  " + p;
        return makeError(ErrorCode::MappingInvalid, message);
    }
    json source = json::array({{{"url", "epr"}, {"valueCode", eprName()}},
                               {{"url", "form"}, {"valueString", m_mapping.nativeFormId}},
                               {{"url", "mapping"}, {"valueString", m_mapping.id + "|" + m_mapping.version}}});
    if (form.contains("version") && form["version"].is_string())
        source.push_back({{"url", "formVersion"}, {"valueString", form["version"]}});
    if (!unmapped.empty())
        source.push_back({{"url", "unmappedFields"}, {"valueString", unmapped.dump()}});
    json response{{"resourceType", "QuestionnaireResponse"},
                  {"meta",
                   {{"tag", json::array({{{"system", kSourceEprTagSystem},
                                          {"code", eprName()},
                                          {"display", "Recorded in " + eprName()}}})}}},
                  {"extension", json::array({{{"url", kSourceRecordExtension}, {"extension", source}}})},
                  {"questionnaire", m_mapping.templateUrl + "|" + m_mapping.templateVersion},
                  {"status", "completed"}};
    if (record.contains("recordId") && record["recordId"].is_string())
        response["identifier"] = {{"system", eprRecordSystem(m_mapping.epr)}, {"value", record["recordId"]}};
    if (record.contains("recordedAt"))
        response["authored"] = record["recordedAt"];
    if (record.contains("subject"))
        response["subject"] = record["subject"];
    response["item"] = std::move(m_items);
    return InboundResult{std::move(response), std::move(m_warnings)};
}

} // namespace

Result<InboundResult> applyInbound(const EprMapping& mapping, const json& record, const std::string& source)
{
    return InboundRun(mapping, source).run(record);
}

} // namespace avocet::core::mapping
