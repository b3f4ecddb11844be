#include "core/mapping/OutboundMapper.h"

#include <map>

#include "core/mapping/ValueTransforms.h"

namespace avocet::core::mapping {

using nlohmann::json;

namespace {

struct TextField
{
    std::string direct;
    std::vector<std::string> appended;
    OverLimit overLimit = OverLimit::Unset;
    std::string firstLinkId;
};

class OutboundRun
{
public:
    OutboundRun(const EprMapping& mapping, std::string source) : m_mapping(mapping), m_source(std::move(source)) {}

    Result<OutboundResult> run(const json& response);

private:
    void problem(const ResponseItem& item, const std::string& what)
    {
        m_problems.push_back(m_source + "#" + item.pointer + " (linkId '" + item.linkId + "'): " + what);
    }
    void mapItem(const ResponseItem& item, const MappingEntry& entry);
    void mapOne(const ResponseItem& item, const MappingEntry& entry);
    std::optional<json> convert(const ResponseItem& item, const MappingEntry& entry, const NativeField& field,
                                const json& answer);
    void finishTextFields();
    std::string eprName() const { return identity::eprName(m_mapping.epr); }
    std::string labelOf(const ResponseItem& item, const MappingEntry& entry) const
    {
        if (!entry.label.empty())
            return entry.label;
        return item.text.empty() ? item.linkId : item.text;
    }

    const EprMapping& m_mapping;
    std::string m_source;
    std::vector<std::string> m_problems;
    std::vector<MappingWarning> m_warnings;
    json m_fields = json::object();
    std::map<std::string, TextField> m_text;
    std::vector<std::string> m_textOrder;
    std::vector<std::string> m_rendered; // lines of the "items not held" attachment
    json m_attachments = json::array();
};

std::string joinAnswers(const json& answers)
{
    std::string out;
    for (const auto& answer : answers)
        out += (out.empty() ? "" : "; ") + renderAnswer(answer);
    return out;
}

std::optional<json> OutboundRun::convert(const ResponseItem& item, const MappingEntry& entry,
                                         const NativeField& field, const json& answer)
{
    const std::string& type = entry.type;
    const auto value = [&](const char* key) -> const json* {
        const auto it = answer.find(key);
        return it == answer.end() ? nullptr : &*it;
    };
    if (type == "date") {
        const json* v = value("valueDate");
        if (!v || !v->is_string()) {
            problem(item, "expected valueDate");
            return std::nullopt;
        }
        auto formatted = formatDate(v->get<std::string>(), entry.dateFormat);
        if (!formatted) {
            problem(item, formatted.message() + " for " + eprName() + " field " + field.id);
            return std::nullopt;
        }
        return json(*formatted);
    }
    if (type == "choice" || type == "open-choice") {
        const json* v = value("valueCoding");
        if (!v || !v->is_object()) {
            problem(item, "a free-text answer cannot be coded for " + eprName() + " field " + field.id);
            return std::nullopt;
        }
        const std::string system = v->value("system", "");
        const std::string code = v->value("code", "");
        const CodeMap* mapped = entry.codeFor(system, code);
        if (!mapped) {
            problem(item, "answer code '" + system + "|" + code + "' has no " + eprName() + " code in mapping " +
                              m_mapping.label() + " (" + m_mapping.source + "#" + entry.pointer + "/codes)");
            return std::nullopt;
        }
        if (!mapped->reverse)
            m_warnings.push_back({"merged", item.linkId, field.id,
                                  "the answer is held under an " + eprName() + " code that another answer shares "
                                  "(many-to-one, signed off in mapping " + m_mapping.label() +
                                  "): read back, it may come back as the other answer"});
        return json(mapped->native);
    }
    if (type == "boolean") {
        const json* v = value("valueBoolean");
        if (!v || !v->is_boolean()) {
            problem(item, "expected valueBoolean");
            return std::nullopt;
        }
        if (entry.booleanCodes)
            return json(v->get<bool>() ? entry.booleanCodes->first : entry.booleanCodes->second);
        return *v;
    }
    if (type == "integer" || type == "decimal" || type == "quantity") {
        double number = 0.0;
        if (type == "quantity") {
            const json* q = value("valueQuantity");
            if (!q || !q->is_object() || !q->contains("value") || !(*q)["value"].is_number()) {
                problem(item, "expected valueQuantity with a value");
                return std::nullopt;
            }
            const std::string unit = q->value("code", q->value("unit", ""));
            if (entry.unit && unit != entry.unit->fromUnit) {
                problem(item, "quantity in '" + unit + "' but the mapping converts from '" + entry.unit->fromUnit +
                                  "'; the transform cannot apply");
                return std::nullopt;
            }
            number = (*q)["value"].get<double>();
        } else {
            const json* v = value(type == "integer" ? "valueInteger" : "valueDecimal");
            if (!v || !v->is_number()) {
                problem(item, std::string("expected ") + (type == "integer" ? "valueInteger" : "valueDecimal"));
                return std::nullopt;
            }
            number = v->get<double>();
        }
        if (entry.unit)
            number = roundToMicro(number * entry.unit->factor);
        if (field.type == "integer") {
            if (number != std::floor(number)) {
                problem(item, formatNumber(number) + " " + (entry.unit ? entry.unit->toUnit : std::string()) +
                                  " is not a whole number, and " + eprName() + " field " + field.id +
                                  " holds whole numbers; the transform cannot apply");
                return std::nullopt;
            }
            return json(static_cast<long long>(number));
        }
        return json(number);
    }
    // string, text, url
    const json* v = value(type == "url" ? "valueUri" : "valueString");
    if (!v || !v->is_string()) {
        problem(item, "expected valueString");
        return std::nullopt;
    }
    return *v;
}

void OutboundRun::mapItem(const ResponseItem& item, const MappingEntry& entry)
{
    if (entry.repeat) { // copy n of a repeating group: its own numbered field, or "Label (n)"
        const int copy = static_cast<int>(item.copyOf(entry.repeat->group)) + 1;
        if (entry.policy == ItemPolicy::Map && copy > entry.repeat->max) {
            problem(item, "copy " + std::to_string(copy) + " of '" + entry.repeat->group + "', but " + eprName() +
                              " has fields for " + std::to_string(entry.repeat->max) + " (" + entry.fieldFor(1) +
                              (entry.repeat->max > 1 ? " to " + entry.fieldFor(entry.repeat->max) : std::string()) +
                              "); remove copies or send it another way");
            return;
        }
        MappingEntry one = entry;
        one.field = entry.fieldFor(copy);
        one.label = labelOf(item, entry) + " (" + std::to_string(copy) + ")";
        one.repeat.reset();
        mapOne(item, one);
        return;
    }
    mapOne(item, entry);
}

void OutboundRun::mapOne(const ResponseItem& item, const MappingEntry& entry)
{
    const std::string label = labelOf(item, entry);
    switch (entry.policy) {
    case ItemPolicy::Omit:
        m_warnings.push_back({"omitted", item.linkId, "",
                              "'" + label + "' is not sent to " + eprName() + ": " + entry.reason});
        return;
    case ItemPolicy::AttachRendered:
        m_rendered.push_back(label + ": " + joinAnswers(item.answers));
        m_warnings.push_back({"attached", item.linkId, "",
                              "'" + label + "' travels in the rendered attachment: " + entry.reason});
        return;
    case ItemPolicy::AppendToField: {
        auto [it, inserted] = m_text.try_emplace(entry.field);
        if (inserted)
            m_textOrder.push_back(entry.field);
        it->second.appended.push_back("[" + label + "] " + joinAnswers(item.answers));
        if (entry.overLimit != OverLimit::Unset)
            it->second.overLimit = entry.overLimit;
        m_warnings.push_back({"appended", item.linkId, entry.field,
                              "'" + label + "' is appended to " + eprName() + " free-text field " + entry.field});
        return;
    }
    case ItemPolicy::Map: break;
    }
    const NativeField* field = m_mapping.nativeForm->field(entry.field);
    if (!field) {
        problem(item, eprName() + " form " + m_mapping.nativeFormId + " has no field " + entry.field);
        return;
    }
    if (item.answers.size() > 1 && !field->multiple) {
        problem(item, std::to_string(item.answers.size()) + " answers, but " + eprName() + " field " + field->id +
                          " holds one value");
        return;
    }
    if (m_fields.contains(field->id) || (m_text.contains(field->id) && !m_text[field->id].direct.empty())) {
        problem(item, eprName() + " field " + field->id + " is written twice (a repeating group cannot be mapped "
                                                          "to a single field)");
        return;
    }
    json values = json::array();
    for (const auto& answer : item.answers)
        if (auto converted = convert(item, entry, *field, answer))
            values.push_back(std::move(*converted));
    if (values.size() != item.answers.size())
        return;
    if (field->type == "text") {
        auto [it, inserted] = m_text.try_emplace(field->id);
        if (inserted)
            m_textOrder.push_back(field->id);
        it->second.direct = values.front().get<std::string>();
        it->second.firstLinkId = item.linkId;
        if (entry.overLimit != OverLimit::Unset)
            it->second.overLimit = entry.overLimit;
        return;
    }
    m_fields[field->id] = field->multiple ? values : values.front();
}

void OutboundRun::finishTextFields()
{
    for (const auto& fieldId : m_textOrder) {
        const TextField& parts = m_text[fieldId];
        std::string text = parts.direct;
        for (const auto& section : parts.appended)
            text += (text.empty() ? "" : "\n\n") + section;
        const NativeField* field = m_mapping.nativeForm->field(fieldId);
        if (field && field->maxLength && utf8Length(text) > static_cast<std::size_t>(*field->maxLength)) {
            const auto limit = static_cast<std::size_t>(*field->maxLength);
            const std::string why = std::to_string(utf8Length(text)) + " characters; " + eprName() + " field " +
                                    fieldId + " holds " + std::to_string(limit);
            switch (parts.overLimit) {
            case OverLimit::Unset:
            case OverLimit::Reject:
                m_problems.push_back(m_source + ": free text for " + fieldId + " is " + why +
                                     "; the mapping refuses to truncate it (shorten the text)");
                continue;
            case OverLimit::Truncate:
                text = truncateWithMarker(text, limit, kTruncatedMarker);
                m_warnings.push_back({"truncated", parts.firstLinkId, fieldId, "free text was " + why + "; truncated"});
                break;
            case OverLimit::TruncateAndAttach:
                m_attachments.push_back({{"title", "Full text of " + field->label + " (" + fieldId + ")"},
                                         {"contentType", "text/plain; charset=utf-8"},
                                         {"text", text}});
                text = truncateWithMarker(text, limit, kTruncatedAttachedMarker);
                m_warnings.push_back({"truncated", parts.firstLinkId, fieldId,
                                      "free text was " + why + "; truncated, full text attached"});
                break;
            }
        }
        m_fields[fieldId] = text;
    }
}

Result<OutboundResult> OutboundRun::run(const json& response)
{
    if (!m_mapping.nativeForm)
        return makeError(ErrorCode::MappingInvalid, m_mapping.source + ": the mapping has no native form definition "
                                                                       "(catalogue), so limits cannot be checked");
    auto items = readResponseItems(response, m_source);
    if (!items)
        return items.error();
    const auto [url, version] = splitCanonical(response.value("questionnaire", ""));
    if (url != m_mapping.templateUrl)
        return makeError(ErrorCode::MappingInvalid, m_source + "#/questionnaire: the response is for '" + url +
                                                        "', mapping " + m_mapping.label() + " is for '" +
                                                        m_mapping.templateUrl + "'");
    if (!m_mapping.fitsVersion(version))
        return makeError(ErrorCode::MappingInvalid,
                         m_source + "#/questionnaire: template version '" + version + "' is outside what mapping " +
                             m_mapping.label() + " declares it fits (" + m_mapping.fits.text() + ")");
    const std::string status = response.value("status", "");
    if (status != "completed" && status != "amended")
        return makeError(ErrorCode::InvalidArgument, m_source + "#/status: only a completed or amended response is "
                                                                "sent to an EPR (this one is '" + status + "')");
    for (const auto& item : *items) {
        const MappingEntry* entry = m_mapping.entryFor(item.linkId);
        if (!entry) {
            problem(item, "answered, but mapping " + m_mapping.label() + " has no entry for it (map it or give it a "
                                                                         "policy)");
            continue;
        }
        mapItem(item, *entry);
    }
    finishTextFields();
    if (!m_problems.empty()) {
        std::string message = std::to_string(m_problems.size()) + " problem(s); nothing was produced for " + eprName();
        for (const auto& p : m_problems)
            message += "\n  " + p;
        return makeError(ErrorCode::MappingInvalid, message);
    }
    if (!m_rendered.empty()) {
        std::string text;
        for (const auto& line : m_rendered)
            text += line + "\n";
        m_attachments.insert(m_attachments.begin(), json{{"title", "Items " + eprName() + " cannot hold"},
                                                         {"contentType", "text/plain; charset=utf-8"},
                                                         {"text", text}});
    }
    json payload{{"format", kNativePayloadFormat},
                 {"formatVersion", 1},
                 {"epr", eprName()},
                 {"form", {{"id", m_mapping.nativeFormId}, {"version", m_mapping.nativeForm->version}}},
                 {"mapping", {{"id", m_mapping.id}, {"version", m_mapping.version}}},
                 {"template", {{"url", url}, {"version", version}}},
                 {"fields", m_fields},
                 {"attachments", m_attachments},
                 {"warnings", warningsToJson(m_warnings)}};
    if (response.contains("authored"))
        payload["recordedAt"] = response["authored"];
    if (response.contains("subject"))
        payload["subject"] = response["subject"];
    json sourceInfo{{"status", status}};
    if (response.contains("id"))
        sourceInfo["questionnaireResponse"] = response["id"];
    payload["source"] = sourceInfo;
    return OutboundResult{std::move(payload), std::move(m_warnings)};
}

} // namespace

std::string renderAnswer(const json& answer)
{
    for (const auto& [key, value] : answer.items()) {
        if (!key.starts_with("value"))
            continue;
        if (key == "valueCoding")
            return value.value("display", value.value("code", ""));
        if (key == "valueBoolean")
            return value.get<bool>() ? "Yes" : "No";
        if (key == "valueQuantity")
            return (value.contains("value") ? formatNumber(value["value"].get<double>()) : std::string()) + " " +
                   value.value("unit", value.value("code", ""));
        if (value.is_string())
            return value.get<std::string>();
        if (value.is_number())
            return formatNumber(value.get<double>());
        return value.dump();
    }
    return {};
}

Result<OutboundResult> applyOutbound(const EprMapping& mapping, const json& response, const std::string& source)
{
    return OutboundRun(mapping, source).run(response);
}

} // namespace avocet::core::mapping
