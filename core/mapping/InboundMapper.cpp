#include "core/mapping/InboundMapper.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <string_view>
#include <set>

#include "core/mapping/ValueTransforms.h"

namespace avocet::core::mapping {

using nlohmann::json;

namespace {

const std::string kLinkId = "linkId";
const std::string kItem = "item";

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
    void readAppended(const json& record);
    std::optional<json> answersFromText(const MappingEntry& entry, const std::string& text);
    void readField(const MappingEntry& entry, const std::string& fieldId, const json& value, std::size_t copy);
    void place(const MappingEntry& entry, json answers, std::size_t copy = 0);
    std::string eprName() const { return identity::eprName(m_mapping.epr); }

    const EprMapping& m_mapping;
    std::string m_source;
    std::vector<std::string> m_problems;
    std::vector<MappingWarning> m_warnings;
    json m_items = json::array();
    // Appended items read back from free text: per entry, (copy, answers).
    std::map<const MappingEntry*, std::vector<std::pair<std::size_t, json>>> m_appended;
};

// One "[Label] value" (or "[Label (n)] value") section other items appended to a free-text field.
struct AppendedSection
{
    const MappingEntry* entry = nullptr;
    std::size_t copy = 0;       // 0-based copy of the entry's repeating group
    std::size_t start = 0;      // where the section begins, including the "\n\n" before it
    std::size_t valueBegin = 0; // after "] "
    std::size_t end = 0;        // the next section's start, or the end of the text
};

// Sections appended to `fieldId`, in text order. A marker counts only at the start of the text or
// after a blank line, so "[" inside an answer is not mistaken for one.
std::vector<AppendedSection> appendedSections(const EprMapping& mapping, const std::string& fieldId,
                                              const std::string& text)
{
    std::vector<AppendedSection> out;
    for (const auto& entry : mapping.entries) {
        if (entry.policy != ItemPolicy::AppendToField || entry.field != fieldId)
            continue;
        const std::string base = "[" + (entry.label.empty() ? entry.linkId : entry.label);
        for (std::size_t at = text.find(base); at != std::string::npos; at = text.find(base, at + 1)) {
            if (at != 0 && (at < 2 || text.compare(at - 2, 2, "\n\n") != 0))
                continue;
            std::size_t pos = at + base.size();
            std::size_t copy = 0;
            if (entry.repeat) { // " (n)"
                if (text.compare(pos, 2, " (") != 0)
                    continue;
                pos += 2;
                const std::size_t digits = pos;
                while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' && pos - digits < 3)
                    copy = copy * 10 + static_cast<std::size_t>(text[pos++] - '0');
                if (pos == digits || copy == 0 || text.compare(pos, 1, ")") != 0)
                    continue;
                ++pos;
                --copy;
            }
            if (text.compare(pos, 2, "] ") != 0)
                continue;
            out.push_back({&entry, copy, at == 0 ? 0 : at - 2, pos + 2, text.size()});
        }
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.start < b.start; });
    for (std::size_t i = 0; i + 1 < out.size(); ++i)
        out[i].end = out[i + 1].start;
    return out;
}

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
        const std::string& native = value.get_ref<const std::string&>();
        if (const CodeMap* code = entry.answerForNative(native))
            return code->answer();
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
    const auto sections = appendedSections(m_mapping, fieldId, text);
    return sections.empty() ? text : text.substr(0, sections.front().start);
}

// An appended answer as outbound rendered it (OutboundMapper renderAnswer), read back.
std::optional<json> InboundRun::answersFromText(const MappingEntry& entry, const std::string& text)
{
    const std::string& type = entry.type;
    const auto number = [](const std::string& t) -> std::optional<double> {
        if (t.empty())
            return std::nullopt;
        std::size_t used = 0;
        try {
            const double v = std::stod(t, &used);
            return used == t.size() ? std::optional<double>(v) : std::nullopt;
        } catch (const std::exception&) {
            return std::nullopt;
        }
    };
    json answers = json::array();
    if (type == "choice" || type == "open-choice") {
        for (std::size_t from = 0; from <= text.size();) {
            std::size_t to = text.find("; ", from);
            if (to == std::string::npos)
                to = text.size();
            const std::string part = text.substr(from, to - from);
            const CodeMap* code = nullptr;
            for (const auto& c : entry.codes)
                if (c.display == part || (c.display.empty() && c.code == part))
                    code = &c;
            if (code) {
                answers.push_back(code->answer());
            } else if (type == "open-choice" && !part.empty()) {
                answers.push_back({{"valueString", part}});
            } else {
                return std::nullopt;
            }
            from = to + 2;
        }
        return answers;
    }
    if (type == "boolean") {
        if (text != "Yes" && text != "No")
            return std::nullopt;
        return json::array({{{"valueBoolean", text == "Yes"}}});
    }
    if (type == "integer" || type == "decimal") {
        const auto v = number(text);
        if (!v || (type == "integer" && *v != std::floor(*v)))
            return std::nullopt;
        if (type == "integer")
            return json::array({{{"valueInteger", static_cast<long long>(*v)}}});
        return json::array({{{"valueDecimal", *v}}});
    }
    if (type == "quantity") {
        const auto space = text.find(' ');
        const auto v = number(text.substr(0, space));
        if (!v || space == std::string::npos)
            return std::nullopt;
        const std::string unit = text.substr(space + 1);
        return json::array({{{"valueQuantity",
                              {{"value", *v}, {"unit", unit}, {"system", "http://unitsofmeasure.org"}, {"code", unit}}}}});
    }
    if (text.empty())
        return std::nullopt;
    static const std::map<std::string, std::string> kKeys = {
        {"date", "valueDate"}, {"dateTime", "valueDateTime"}, {"time", "valueTime"}, {"url", "valueUri"}};
    const auto key = kKeys.find(type);
    return json::array({{{key == kKeys.end() ? "valueString" : key->second, text}}});
}

// Reads back every appended section: from the attached full text when the field was cut, else
// from the field. A section the field cut short, or text that is not an answer, is not guessed.
void InboundRun::readAppended(const json& record)
{
    std::vector<const std::string*> fieldIds; // no allocation for the many mappings that append nothing
    for (const auto& entry : m_mapping.entries)
        if (entry.policy == ItemPolicy::AppendToField &&
            std::none_of(fieldIds.begin(), fieldIds.end(), [&](const std::string* f) { return *f == entry.field; }))
            fieldIds.push_back(&entry.field);
    const json& fields = record["fields"];
    for (const std::string* fieldIdPtr : fieldIds) {
        const std::string& fieldId = *fieldIdPtr;
        const auto it = fields.find(fieldId);
        if (it == fields.end() || !it->is_string())
            continue;
        const std::string* text = &it->get_ref<const std::string&>();
        bool cut = text->ends_with(kTruncatedMarker) || text->ends_with(kTruncatedAttachedMarker);
        if (const auto attachments = record.find("attachments"); cut && attachments != record.end() &&
                                                                 attachments->is_array()) {
            const std::string suffix = "(" + fieldId + ")";
            for (const auto& a : *attachments)
                if (a.is_object() && a.value("title", "").starts_with("Full text of ") &&
                    a.value("title", "").ends_with(suffix) && a.contains("text") && a["text"].is_string()) {
                    text = &a["text"].get_ref<const std::string&>();
                    cut = false;
                }
        }
        const auto sections = appendedSections(m_mapping, fieldId, *text);
        for (std::size_t i = 0; i < sections.size(); ++i) {
            const AppendedSection& section = sections[i];
            const MappingEntry& entry = *section.entry;
            std::string value = text->substr(section.valueBegin, section.end - section.valueBegin);
            std::optional<json> answers;
            if (!(cut && i + 1 == sections.size()))
                answers = answersFromText(entry, value);
            if (!answers) {
                m_warnings.push_back({"appendedNotRead", entry.linkId, fieldId,
                                      "'" + entry.labelFor(static_cast<int>(section.copy) + 1) + "' in " + fieldId +
                                          (cut && i + 1 == sections.size() ? " was cut short by the field's limit"
                                                                           : " is not an answer this mapping can read") +
                                          "; left in the text"});
                continue;
            }
            m_appended[&entry].emplace_back(section.copy, std::move(*answers));
        }
    }
}

void InboundRun::place(const MappingEntry& entry, json answers, std::size_t copy)
{
    json* level = &m_items;
    for (const auto& group : entry.groupPath) {
        const std::size_t wanted = entry.repeat && entry.repeat->group == group ? copy : 0;
        json* child = nullptr;
        std::size_t seen = 0;
        for (auto& item : *level) {
            const auto id = item.find(kLinkId);
            if (id != item.end() && id->get_ref<const std::string&>() == group && seen++ == wanted) {
                child = &item;
                break;
            }
        }
        while (!child) { // copies before this one that held nothing get an empty copy
            json empty(json::value_t::object);
            empty.emplace(kLinkId, group);
            empty.emplace(kItem, json::array());
            level->push_back(std::move(empty));
            if (seen++ == wanted)
                child = &level->back();
        }
        auto items = child->find(kItem);
        if (items == child->end())
            items = child->emplace(kItem, json::array()).first;
        level = &*items;
    }
    json leaf(json::value_t::object);
    leaf.emplace(kLinkId, entry.linkId);
    if (!entry.label.empty())
        leaf.emplace("text", entry.label);
    leaf.emplace("answer", std::move(answers));
    level->push_back(std::move(leaf));
}

void InboundRun::readField(const MappingEntry& entry, const std::string& fieldId, const json& value, std::size_t copy)
{
    const MappingEntry* use = &entry;
    MappingEntry numbered;
    if (entry.repeat) { // messages and appended-text stripping name the numbered field
        numbered = entry;
        numbered.field = fieldId;
        use = &numbered;
    }
    json answers = json::array();
    if (value.is_array()) {
        for (const auto& v : value)
            if (auto answer = answerFor(*use, v))
                answers.push_back(std::move(*answer));
    } else if (auto answer = answerFor(*use, value)) {
        answers.push_back(std::move(*answer));
    }
    if (!answers.empty())
        place(entry, std::move(answers), copy);
}

Result<InboundResult> InboundRun::run(const json& record)
{
    if (!record.is_object() || !record.contains("fields") || !record["fields"].is_object())
        return makeError(ErrorCode::ParseError, m_source + "#/fields: a native record needs a fields object");
    if (record.value("epr", "") != eprName())
        return makeError(ErrorCode::MappingInvalid, m_source + "#/epr: the record is from '" + record.value("epr", "") +
                                                        "', mapping " + m_mapping.label() + " reads " + eprName());
    static const json kNoForm = json::object();
    const auto formAt = record.find("form");
    const json& form = formAt != record.end() && formAt->is_object() ? *formAt : kNoForm;
    const auto formVersion = form.find("version");
    if (form.value("id", "") != m_mapping.nativeFormId)
        return makeError(ErrorCode::MappingInvalid, m_source + "#/form/id: the record is form '" +
                                                        form.value("id", "") + "', mapping " + m_mapping.label() +
                                                        " reads " + m_mapping.nativeFormId);
    if (m_mapping.nativeForm && formVersion != form.end() && *formVersion != m_mapping.nativeForm->version)
        m_warnings.push_back({"nativeFormVersion", "", "",
                              "record is " + m_mapping.nativeFormId + " version " + formVersion->dump() +
                                  ", the catalogue describes version " + m_mapping.nativeForm->version});
    const json& fields = record["fields"];
    readAppended(record);
    // Fields some entry reads: views of entry.field, or of the numbered names kept in `numbered`.
    std::vector<std::string_view> used;
    std::deque<std::string> numbered;
    for (const auto& entry : m_mapping.entries) {
        if (entry.field.empty())
            continue;
        if (entry.policy == ItemPolicy::AppendToField) {
            used.push_back(entry.field);
            if (const auto it = m_appended.find(&entry); it != m_appended.end())
                for (auto& [copy, answers] : it->second)
                    place(entry, std::move(answers), copy);
            continue;
        }
        if (entry.policy != ItemPolicy::Map)
            continue;
        const int copies = entry.repeat ? entry.repeat->max : 1;
        for (int n = 1; n <= copies; ++n) {
            const std::string& fieldId = entry.repeat ? numbered.emplace_back(entry.fieldFor(n)) : entry.field;
            used.push_back(fieldId);
            if (const auto it = fields.find(fieldId); it != fields.end() && !it->is_null())
                readField(entry, fieldId, *it, static_cast<std::size_t>(n - 1));
        }
    }
    json unmapped = json::object();
    for (const auto& [fieldId, value] : fields.items()) {
        if (value.is_null() || std::find(used.begin(), used.end(), fieldId) != used.end())
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
    // Built with emplace and moves: nlohmann's initializer lists copy every nested value.
    const std::string epr = eprName();
    const auto sub = [](const char* url, const char* key, json value) {
        json e(json::value_t::object);
        e.emplace("url", url);
        e.emplace(key, std::move(value));
        return e;
    };
    json source = json::array();
    source.push_back(sub("epr", "valueCode", epr));
    source.push_back(sub("form", "valueString", m_mapping.nativeFormId));
    source.push_back(sub("mapping", "valueString", m_mapping.id + "|" + m_mapping.version));
    if (formVersion != form.end() && formVersion->is_string())
        source.push_back(sub("formVersion", "valueString", *formVersion));
    if (!unmapped.empty())
        source.push_back(sub("unmappedFields", "valueString", unmapped.dump()));
    json tag(json::value_t::object);
    tag.emplace("system", kSourceEprTagSystem);
    tag.emplace("code", epr);
    tag.emplace("display", "Recorded in " + epr);
    json meta(json::value_t::object);
    meta.emplace("tag", json::array()).first->push_back(std::move(tag));
    json sourceRecord = sub("", "extension", std::move(source));
    sourceRecord["url"] = kSourceRecordExtension;
    json response(json::value_t::object);
    response.emplace("resourceType", "QuestionnaireResponse");
    response.emplace("meta", std::move(meta));
    response.emplace("extension", json::array()).first->push_back(std::move(sourceRecord));
    response.emplace("questionnaire", m_mapping.templateUrl + "|" + m_mapping.templateVersion);
    response.emplace("status", "completed");
    if (const auto id = record.find("recordId"); id != record.end() && id->is_string()) {
        json identifier(json::value_t::object);
        identifier.emplace("system", eprRecordSystem(m_mapping.epr));
        identifier.emplace("value", *id);
        response.emplace("identifier", std::move(identifier));
    }
    if (const auto at = record.find("recordedAt"); at != record.end())
        response.emplace("authored", *at);
    if (const auto subject = record.find("subject"); subject != record.end())
        response.emplace("subject", *subject);
    response.emplace("item", std::move(m_items));
    return InboundResult{std::move(response), std::move(m_warnings)};
}

} // namespace

Result<InboundResult> applyInbound(const EprMapping& mapping, const json& record, const std::string& source)
{
    return InboundRun(mapping, source).run(record);
}

} // namespace avocet::core::mapping
