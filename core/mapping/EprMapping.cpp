#include "core/mapping/EprMapping.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/mapping/ValueTransforms.h"

namespace avocet::core::mapping {

using nlohmann::json;

namespace {

const std::set<std::string> kItemTypes = {"boolean", "decimal", "integer", "date", "dateTime", "time", "string",
                                          "text", "url", "choice", "open-choice", "quantity"};
const std::set<std::string> kDocumentKeys = {"format", "formatVersion", "id", "version", "title", "status",
                                             "illustrative", "epr", "template", "catalogue", "nativeForm",
                                             "entries", "description"};
const std::set<std::string> kEntryKeys = {"linkId", "type", "label", "groupPath", "policy", "field", "reason",
                                          "transform", "codes", "overLimit", "repeat", "note", "signOff"};

bool isIsoDate(const std::string& text)
{
    if (text.size() != 10 || text[4] != '-' || text[7] != '-')
        return false;
    for (std::size_t i = 0; i < text.size(); ++i)
        if (i != 4 && i != 7 && (text[i] < '0' || text[i] > '9'))
            return false;
    const int month = std::stoi(text.substr(5, 2)), day = std::stoi(text.substr(8, 2));
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

std::string str(const json& object, const char* key)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

class Problems
{
public:
    explicit Problems(std::string source) : m_source(std::move(source)) {}
    void add(const std::string& pointer, const std::string& what) { m_list.push_back(m_source + "#" + pointer + ": " + what); }
    bool empty() const { return m_list.empty(); }
    Error error(const std::string& what) const
    {
        std::string message = m_source + ": " + std::to_string(m_list.size()) + " problem(s) in " + what;
        for (const auto& p : m_list)
            message += "\n  " + p;
        return makeError(ErrorCode::MappingInvalid, message);
    }

private:
    std::string m_source;
    std::vector<std::string> m_list;
};

bool isNumericType(const std::string& type) { return type == "integer" || type == "decimal"; }
bool isTextType(const std::string& type) { return type == "string" || type == "text" || type == "url"; }
bool isChoiceType(const std::string& type) { return type == "choice" || type == "open-choice"; }

std::optional<ItemPolicy> policyFrom(const std::string& name)
{
    if (name.empty() || name == "map") return ItemPolicy::Map;
    if (name == "omit") return ItemPolicy::Omit;
    if (name == "appendToField") return ItemPolicy::AppendToField;
    if (name == "attachRendered") return ItemPolicy::AttachRendered;
    return std::nullopt;
}

std::optional<OverLimit> overLimitFrom(const std::string& name)
{
    if (name.empty()) return OverLimit::Unset;
    if (name == "reject") return OverLimit::Reject;
    if (name == "truncate") return OverLimit::Truncate;
    if (name == "truncateAndAttach") return OverLimit::TruncateAndAttach;
    return std::nullopt;
}

void parseTransform(const json& in, MappingEntry& entry, const std::string& p, Problems& problems)
{
    if (!in.is_object()) {
        problems.add(p, "transform must be an object");
        return;
    }
    for (const auto& [key, value] : in.items()) {
        if (key == "date") {
            entry.dateFormat = value.is_string() ? value.get<std::string>() : std::string();
            if (!isValidDateFormat(entry.dateFormat))
                problems.add(p + "/date", "'" + value.dump() + "' is not a date format made of DD, MM, YYYY");
        } else if (key == "unit") {
            UnitTransform unit{str(value, "from"), str(value, "to"), 0.0};
            if (const auto f = value.find("factor"); f != value.end() && f->is_number())
                unit.factor = f->get<double>();
            if (unit.fromUnit.empty() || unit.toUnit.empty() || !(unit.factor > 0.0))
                problems.add(p + "/unit", "needs from, to and a positive factor (native = answer × factor)");
            entry.unit = unit;
        } else if (key == "boolean") {
            const std::string yes = str(value, "true");
            const std::string no = str(value, "false");
            if (yes.empty() || no.empty() || yes == no)
                problems.add(p + "/boolean", "needs two different EPR codes for \"true\" and \"false\"");
            entry.booleanCodes = {yes, no};
        } else {
            problems.add(p + "/" + key, "unknown transform '" + key + "' (date, unit or boolean)");
        }
    }
}

void parseCodes(const json& in, MappingEntry& entry, const std::string& p, Problems& problems)
{
    if (!in.is_array()) {
        problems.add(p, "codes must be an array");
        return;
    }
    std::set<std::string> seen;
    std::map<std::string, std::vector<std::size_t>> byNative;
    for (std::size_t i = 0; i < in.size(); ++i) {
        const std::string cp = p + "/" + std::to_string(i);
        CodeMap code;
        code.system = str(in[i], "system");
        code.code = str(in[i], "code");
        code.display = str(in[i], "display");
        code.native = str(in[i], "native");
        code.reverse = in[i].value("reverse", true);
        code.pointer = cp;
        (void)code.answer(); // built here, while the mapping is still being loaded on one thread
        if (code.code.empty())
            problems.add(cp, "a code map needs a code");
        if (entry.policy == ItemPolicy::Map && code.native.empty())
            problems.add(cp, "a code map needs the native code it becomes");
        if (entry.policy == ItemPolicy::AppendToField && !code.native.empty())
            problems.add(cp + "/native", "an appended item is written as text; list its answer codes without native");
        if (entry.policy == ItemPolicy::AppendToField && code.display.empty())
            problems.add(cp + "/display", "an appended answer is read back by its display text; give the display");
        if (!seen.insert(code.key()).second)
            problems.add(cp, "answer code '" + code.key() + "' is mapped twice");
        if (!code.native.empty())
            byNative[code.native].push_back(entry.codes.size());
        entry.codes.push_back(std::move(code));
    }
    // A many-to-one map is lossy; exactly one side must say which answer the native code reads back as.
    for (auto& [native, indices] : byNative) {
        if (indices.size() < 2)
            continue;
        if (std::count_if(indices.begin(), indices.end(), [&](std::size_t i) { return entry.codes[i].reverse; }) != 1) {
            bool explicitOne = false;
            for (std::size_t i : indices)
                explicitOne = explicitOne || in[i].contains("reverse");
            if (!explicitOne) {
                // Nothing said: ask the author to choose rather than guess.
                problems.add(p, "native code '" + native + "' is the target of " + std::to_string(indices.size()) +
                                    " answer codes; mark exactly one \"reverse\": true (the answer it reads back as)");
            } else {
                problems.add(p, "native code '" + native + "' needs exactly one answer code with \"reverse\": true");
            }
        }
    }
}

void parseRepeat(const json& in, MappingEntry& entry, const std::string& p, Problems& problems)
{
    if (!in.is_object()) {
        problems.add(p, "repeat must be an object: { \"group\": linkId, \"max\": copies }");
        return;
    }
    for (const auto& [key, value] : in.items())
        if (key != "group" && key != "max")
            problems.add(p, "unknown key '" + key + "' (group, max)");
    RepeatRule rule;
    rule.group = str(in, "group");
    if (rule.group.empty())
        problems.add(p + "/group", "missing: the linkId of the repeating group");
    const bool indexed = entry.field.find(kCopyPlaceholder) != std::string::npos;
    if (entry.policy == ItemPolicy::Map) {
        const auto max = in.find("max");
        if (max == in.end() || !max->is_number_integer() || max->get<int>() < 1 || max->get<int>() > 99)
            problems.add(p + "/max", "how many copies the EPR has fields for (1 to 99)");
        else
            rule.max = max->get<int>();
        if (!indexed)
            problems.add(p.substr(0, p.size() - 7) + "/field",
                         "each copy needs its own field: put {n} where the copy number goes (e.g. MED_{n}_NAME)");
    } else {
        if (in.contains("max"))
            problems.add(p + "/max", "only policy map writes numbered fields; remove max");
        if (indexed)
            problems.add(p.substr(0, p.size() - 7) + "/field", "only policy map writes numbered fields; remove {n}");
    }
    entry.repeat = rule;
}

void checkEntryAgainstForm(const MappingEntry& entry, const NativeForm& form, const std::string& p,
                           const std::string& eprLabel, Problems& problems)
{
    if (entry.field.empty())
        return;
    if (entry.repeat && entry.repeat->max > 0) { // every numbered field must exist and fit
        for (int n = 1; n <= entry.repeat->max; ++n) {
            MappingEntry copy = entry;
            copy.field = entry.fieldFor(n);
            copy.repeat.reset();
            checkEntryAgainstForm(copy, form, p, eprLabel, problems);
        }
        return;
    }
    const NativeField* field = form.field(entry.field);
    if (!field) {
        problems.add(p + "/field", eprLabel + " form " + form.id + " has no field '" + entry.field + "'");
        return;
    }
    const std::string where = eprLabel + " field " + field->id;
    if (entry.policy == ItemPolicy::AppendToField) {
        if (field->type != "text")
            problems.add(p + "/field", "can only append to a free-text field; " + where + " is " + field->type);
        return;
    }
    const std::string& type = entry.type;
    if (type == "date") {
        if (field->type != "date")
            problems.add(p + "/field", "a date item needs a date field; " + where + " is " + field->type);
        else if (entry.dateFormat.empty())
            problems.add(p + "/transform", "a date item needs transform.date (" + where + " uses " + field->format + ")");
        else if (entry.dateFormat != field->format)
            problems.add(p + "/transform/date", "format " + entry.dateFormat + " disagrees with " + where + " (" +
                                                    field->format + ")");
    } else if (isChoiceType(type)) {
        if (field->type != "code")
            problems.add(p + "/field", "a choice item needs a code field; " + where + " is " + field->type);
        if (entry.codes.empty())
            problems.add(p + "/codes", "a choice item needs a code map");
        for (const auto& code : entry.codes)
            if (field->type == "code" && !field->hasCode(code.native))
                problems.add(code.pointer + "/native", "'" + code.native + "' is not in " + where + "'s code list");
    } else if (type == "boolean") {
        if (field->type == "code") {
            if (!entry.booleanCodes)
                problems.add(p + "/transform", where + " holds codes; a boolean needs transform.boolean");
            else
                for (const auto& code : {entry.booleanCodes->first, entry.booleanCodes->second})
                    if (!field->hasCode(code))
                        problems.add(p + "/transform/boolean", "'" + code + "' is not in " + where + "'s code list");
        } else if (field->type != "boolean") {
            problems.add(p + "/field", "a boolean item needs a boolean or code field; " + where + " is " + field->type);
        }
    } else if (isNumericType(type) || type == "quantity") {
        if (!isNumericType(field->type))
            problems.add(p + "/field", "a " + type + " item needs an integer or decimal field; " + where + " is " +
                                           field->type);
        if (type == "quantity" && !entry.unit)
            problems.add(p + "/transform", "a quantity item needs transform.unit (" + where + " stores " +
                                               (field->unit.empty() ? std::string("a number") : field->unit) + ")");
        if (entry.unit && !field->unit.empty() && entry.unit->toUnit != field->unit)
            problems.add(p + "/transform/unit/to", "unit " + entry.unit->toUnit + " disagrees with " + where + " (" +
                                                       field->unit + ")");
    } else if (isTextType(type)) {
        if (field->type != "text")
            problems.add(p + "/field", "a " + type + " item needs a text field; " + where + " is " + field->type);
    } else {
        problems.add(p + "/type", "items of type " + type + " cannot be mapped to a field yet; give them a policy");
    }
}

// Every text field written by this mapping that has a length limit needs one explicit policy.
void checkTextLimits(EprMapping& mapping, Problems& problems)
{
    if (!mapping.nativeForm)
        return;
    std::map<std::string, std::set<OverLimit>> declared;
    std::map<std::string, std::string> firstPointer;
    for (const auto& entry : mapping.entries) {
        if (entry.field.empty() || (entry.policy != ItemPolicy::Map && entry.policy != ItemPolicy::AppendToField))
            continue;
        const int copies = entry.repeat && entry.repeat->max > 0 ? entry.repeat->max : 1;
        for (int n = 1; n <= copies; ++n) {
            const std::string fieldId = entry.fieldFor(n);
            const NativeField* field = mapping.nativeForm->field(fieldId);
            if (!field || field->type != "text" || !field->maxLength)
                continue;
            firstPointer.emplace(fieldId, entry.pointer);
            if (entry.overLimit != OverLimit::Unset)
                declared[fieldId].insert(entry.overLimit);
            else
                declared.try_emplace(fieldId);
        }
    }
    for (const auto& [fieldId, policies] : declared) {
        const int limit = *mapping.nativeForm->field(fieldId)->maxLength;
        if (policies.empty())
            problems.add(firstPointer[fieldId] + "/overLimit",
                         identity::eprName(mapping.epr) + " field " + fieldId + " holds " + std::to_string(limit) +
                             " characters; say what happens to longer text (reject, truncate, truncateAndAttach)");
        else if (policies.size() > 1)
            problems.add(firstPointer[fieldId] + "/overLimit",
                         "entries writing " + fieldId + " disagree on the over-limit policy");
    }
}

} // namespace

std::string policyName(ItemPolicy policy)
{
    switch (policy) {
    case ItemPolicy::Map: return "map";
    case ItemPolicy::Omit: return "omit";
    case ItemPolicy::AppendToField: return "appendToField";
    case ItemPolicy::AttachRendered: return "attachRendered";
    }
    return "map";
}

std::string overLimitName(OverLimit policy)
{
    switch (policy) {
    case OverLimit::Unset: return "";
    case OverLimit::Reject: return "reject";
    case OverLimit::Truncate: return "truncate";
    case OverLimit::TruncateAndAttach: return "truncateAndAttach";
    }
    return "";
}

bool MappingEntry::isLossy() const
{
    if (policy != ItemPolicy::Map)
        return true;
    if (overLimit == OverLimit::Truncate || overLimit == OverLimit::TruncateAndAttach)
        return true;
    for (const auto& code : codes)
        if (!code.reverse)
            return true;
    return false;
}

const CodeMap* MappingEntry::codeFor(const std::string& system, const std::string& code) const
{
    for (const auto& c : codes)
        if (c.code == code && (c.system == system || system.empty()))
            return &c;
    return nullptr;
}

const CodeMap* MappingEntry::answerForNative(const std::string& native) const
{
    for (const auto& c : codes)
        if (c.native == native && c.reverse)
            return &c;
    return nullptr;
}

const json& CodeMap::answer() const
{
    if (m_answer.is_null()) {
        json coding(json::value_t::object);
        coding.emplace("code", code);
        if (!system.empty())
            coding.emplace("system", system);
        if (!display.empty())
            coding.emplace("display", display);
        m_answer = json(json::value_t::object);
        m_answer.emplace("valueCoding", std::move(coding));
    }
    return m_answer;
}

std::string MappingEntry::fieldFor(int copy) const
{
    const auto at = field.find(kCopyPlaceholder);
    if (!repeat || at == std::string::npos)
        return field;
    return field.substr(0, at) + std::to_string(copy) + field.substr(at + std::string(kCopyPlaceholder).size());
}

std::string MappingEntry::labelFor(int copy) const
{
    const std::string base = label.empty() ? linkId : label;
    return repeat ? base + " (" + std::to_string(copy) + ")" : base;
}

const MappingEntry* EprMapping::entryFor(const std::string& linkId) const
{
    for (const auto& e : entries)
        if (e.linkId == linkId)
            return &e;
    return nullptr;
}

bool EprMapping::fitsVersion(const std::string& candidate) const
{
    const auto parsed = SemVer::parse(candidate);
    return parsed.ok() && fits.contains(*parsed);
}

Result<EprMapping> parseMapping(const json& document, const std::string& source, const NativeCatalogue* catalogue)
{
    if (!document.is_object() || str(document, "format") != "avocet-epr-mapping")
        return makeError(ErrorCode::MappingInvalid,
                         source + ": not a mapping document (format must be \"avocet-epr-mapping\")");
    Problems problems(source);
    for (const auto& [key, value] : document.items())
        if (!kDocumentKeys.contains(key))
            problems.add("/" + key, "unknown key '" + key + "'");
    if (document.value("formatVersion", 0) != 1)
        problems.add("/formatVersion", "only formatVersion 1 is understood");

    EprMapping mapping;
    mapping.source = source;
    mapping.id = str(document, "id");
    mapping.version = str(document, "version");
    mapping.title = str(document, "title");
    mapping.illustrative = str(document, "illustrative");
    mapping.nativeFormId = str(document, "nativeForm");
    if (mapping.id.empty())
        problems.add("/id", "missing");
    if (!SemVer::parse(mapping.version))
        problems.add("/version", "the mapping's own version must be MAJOR.MINOR.PATCH");
    if (const auto epr = identity::eprFromName(str(document, "epr")))
        mapping.epr = *epr;
    else
        problems.add("/epr", "must be Paris, Mobius or SystmOne");
    if (mapping.nativeFormId.empty())
        problems.add("/nativeForm", "missing: the EPR's native form id");

    const json templ = document.value("template", json::object());
    mapping.templateUrl = str(templ, "url");
    mapping.templateVersion = str(templ, "version");
    if (mapping.templateUrl.empty())
        problems.add("/template/url", "missing: the harmonised template's canonical url");
    if (auto v = SemVer::parse(mapping.templateVersion); !v)
        problems.add("/template/version", v.message());
    if (auto range = VersionRange::parse(str(templ, "fits")); range) {
        mapping.fits = std::move(*range);
        if (auto v = SemVer::parse(mapping.templateVersion); v && !mapping.fits.contains(*v))
            problems.add("/template/fits", "'" + mapping.fits.text() + "' does not include the template version " +
                                               mapping.templateVersion + " the entries were written for");
    } else {
        problems.add("/template/fits", range.message());
    }

    if (catalogue) {
        if (catalogue->epr != mapping.epr)
            problems.add("/catalogue", "the catalogue is for " + identity::eprName(catalogue->epr) + ", not " +
                                           identity::eprName(mapping.epr));
        else if (const NativeForm* form = catalogue->form(mapping.nativeFormId))
            mapping.nativeForm = *form;
        else
            problems.add("/nativeForm", "the " + identity::eprName(mapping.epr) + " catalogue has no form '" +
                                            mapping.nativeFormId + "'");
    }

    const auto entries = document.find("entries");
    if (entries == document.end() || !entries->is_array())
        problems.add("/entries", "missing: one entry per template item");
    std::set<std::string> linkIds;
    for (std::size_t i = 0; entries != document.end() && entries->is_array() && i < entries->size(); ++i) {
        const json& in = (*entries)[i];
        MappingEntry entry;
        entry.pointer = "/entries/" + std::to_string(i);
        const std::string& p = entry.pointer;
        if (!in.is_object()) {
            problems.add(p, "an entry must be an object");
            continue;
        }
        entry.linkId = str(in, "linkId");
        const std::string at = p + " (linkId '" + entry.linkId + "')";
        for (const auto& [key, value] : in.items())
            if (!kEntryKeys.contains(key))
                problems.add(at, "unknown key '" + key + "'");
        if (entry.linkId.empty())
            problems.add(p + "/linkId", "missing");
        else if (!linkIds.insert(entry.linkId).second)
            problems.add(at, "linkId '" + entry.linkId + "' has two entries");
        entry.type = str(in, "type");
        if (!kItemTypes.contains(entry.type))
            problems.add(at, "type '" + entry.type + "' is not an answerable FHIR item type");
        entry.label = str(in, "label");
        entry.field = str(in, "field");
        entry.reason = str(in, "reason");
        for (const auto& step : in.value("groupPath", json::array()))
            entry.groupPath.push_back(step.is_string() ? step.get<std::string>() : step.dump());
        if (const auto policy = policyFrom(str(in, "policy")))
            entry.policy = *policy;
        else
            problems.add(at, "policy '" + str(in, "policy") + "' is not map, omit, appendToField or attachRendered");
        if (const auto over = overLimitFrom(str(in, "overLimit")))
            entry.overLimit = *over;
        else
            problems.add(at, "overLimit '" + str(in, "overLimit") + "' is not reject, truncate or truncateAndAttach");
        if (const auto t = in.find("transform"); t != in.end())
            parseTransform(*t, entry, p + "/transform", problems);
        if (const auto c = in.find("codes"); c != in.end())
            parseCodes(*c, entry, p + "/codes", problems);
        if (const auto r = in.find("repeat"); r != in.end())
            parseRepeat(*r, entry, p + "/repeat", problems);
        else if (entry.field.find(kCopyPlaceholder) != std::string::npos)
            problems.add(p + "/field", "'{n}' numbers the copies of a repeating group; it needs \"repeat\"");

        switch (entry.policy) {
        case ItemPolicy::Map:
        case ItemPolicy::AppendToField:
            if (entry.field.empty())
                problems.add(at, "policy " + policyName(entry.policy) + " needs a field");
            if (entry.policy == ItemPolicy::AppendToField && entry.label.empty())
                problems.add(at, "policy appendToField needs a label: the answer is written as \"[label] answer\" "
                                 "and read back by that label");
            break;
        case ItemPolicy::Omit:
        case ItemPolicy::AttachRendered:
            if (!entry.field.empty())
                problems.add(at, "policy " + policyName(entry.policy) + " writes no field; remove 'field'");
            if (entry.reason.empty())
                problems.add(at, "policy " + policyName(entry.policy) +
                                     " needs a reason (why the EPR cannot hold this item)");
            break;
        }
        if (const auto signOff = in.find("signOff"); signOff != in.end()) {
            const std::string sp = p + "/signOff";
            if (!signOff->is_object()) {
                problems.add(sp, "must be an object with by, date and why");
            } else {
                for (const auto& [key, value] : signOff->items())
                    if (key != "by" && key != "date" && key != "why")
                        problems.add(sp, "unknown key '" + key + "' (by, date, why)");
                SignOff recorded{str(*signOff, "by"), str(*signOff, "date"), str(*signOff, "why")};
                if (recorded.by.empty())
                    problems.add(sp + "/by", "missing: who signed off the loss");
                if (!isIsoDate(recorded.date))
                    problems.add(sp + "/date", "missing or not a date (YYYY-MM-DD)");
                if (recorded.why.empty())
                    problems.add(sp + "/why", "missing: why the loss is clinically safe");
                entry.signOff = std::move(recorded);
            }
        }
        if (mapping.nativeForm)
            checkEntryAgainstForm(entry, *mapping.nativeForm, at, identity::eprName(mapping.epr), problems);
        mapping.entries.push_back(std::move(entry));
    }
    checkTextLimits(mapping, problems);
    if (!problems.empty())
        return problems.error("mapping document");
    return mapping;
}

Result<json> readJsonFile(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return makeError(ErrorCode::NotFound, path.string() + ": cannot be read (missing or no permission)");
    std::ostringstream text;
    text << in.rdbuf();
    json parsed = json::parse(text.str(), nullptr, false);
    if (parsed.is_discarded()) {
        try {
            parsed = json::parse(text.str());
        } catch (const json::parse_error& e) {
            return makeError(ErrorCode::ParseError, path.string() + ": not valid JSON: " + e.what());
        }
        return makeError(ErrorCode::ParseError, path.string() + ": not valid JSON");
    }
    return parsed;
}

Result<EprMapping> loadMappingFile(const std::filesystem::path& path,
                                   const std::optional<std::filesystem::path>& catalogueOverride)
{
    auto document = readJsonFile(path);
    if (!document)
        return document.error();
    std::optional<NativeCatalogue> catalogue;
    std::filesystem::path cataloguePath;
    if (catalogueOverride)
        cataloguePath = *catalogueOverride;
    else if (document->is_object() && document->contains("catalogue") && (*document)["catalogue"].is_string())
        cataloguePath = path.parent_path() / (*document)["catalogue"].get<std::string>();
    if (!cataloguePath.empty()) {
        auto catalogueJson = readJsonFile(cataloguePath);
        if (!catalogueJson)
            return makeError(ErrorCode::MappingInvalid,
                             path.string() + "#/catalogue: " + catalogueJson.message());
        auto parsed = parseCatalogue(*catalogueJson, cataloguePath.string());
        if (!parsed)
            return parsed.error();
        catalogue = std::move(*parsed);
    }
    return parseMapping(*document, path.string(), catalogue ? &*catalogue : nullptr);
}

namespace {

// An item inside a repeating group needs an explicit rule for the copies; nested repeating groups
// cannot go to numbered fields (one number per copy is all a field id carries).
void checkRepeat(const MappingEntry& entry, const TemplateItem& item, const TemplateOutline& outline,
                 const std::string& at, std::vector<std::string>& problems)
{
    std::vector<std::string> repeating;
    for (const auto& group : item.groupPath)
        if (const TemplateItem* g = outline.find(group); g && g->repeats)
            repeating.push_back(group);
    if (!entry.repeat) {
        if (!repeating.empty())
            problems.push_back(at + ": sits inside repeating group '" + repeating.back() +
                               "'; say where each copy goes: \"repeat\": {\"group\": \"" + repeating.back() +
                               "\", \"max\": n} with {n} in a numbered field, or a policy (omit, appendToField, "
                               "attachRendered) with \"repeat\": {\"group\": \"" + repeating.back() + "\"}");
        return;
    }
    if (std::find(repeating.begin(), repeating.end(), entry.repeat->group) == repeating.end())
        problems.push_back(at + "/repeat/group: '" + entry.repeat->group +
                           "' is not a repeating group this item sits in");
    else if (repeating.size() > 1 && entry.policy == ItemPolicy::Map)
        problems.push_back(at + ": sits inside nested repeating groups (" + repeating.front() + " > " +
                           repeating.back() + "); numbered fields hold one level of copies, so give it a policy");
}

} // namespace

std::string lossDescription(const MappingEntry& entry)
{
    switch (entry.policy) {
    case ItemPolicy::Omit: return "the item is not sent (omit)";
    case ItemPolicy::AttachRendered: return "the item travels only as text in an attachment";
    case ItemPolicy::AppendToField: return "the item is appended as text to another field";
    case ItemPolicy::Map: break;
    }
    if (entry.overLimit == OverLimit::Truncate || entry.overLimit == OverLimit::TruncateAndAttach)
        return "long text is truncated";
    for (const auto& code : entry.codes)
        if (!code.reverse)
            return "several answers share one EPR code (many-to-one)";
    return {};
}

std::vector<std::string> checkAgainstTemplate(const EprMapping& mapping, const TemplateOutline& outline)
{
    std::vector<std::string> problems;
    const std::string m = mapping.source;
    const std::string epr = identity::eprName(mapping.epr);
    for (const auto& entry : mapping.entries)
        if (const std::string loss = lossDescription(entry); !loss.empty() && !entry.signOff)
            problems.push_back(m + "#" + entry.pointer + " (linkId '" + entry.linkId + "'): " + loss +
                               "; that needs a clinical sign-off recorded in the entry (\"signOff\": by, date, why) "
                               "before the mapping is published");
    if (outline.url != mapping.templateUrl)
        problems.push_back(m + "#/template/url: the mapping is for " + mapping.templateUrl + ", the template is " +
                           outline.url);
    if (!mapping.fitsVersion(outline.version))
        problems.push_back(m + "#/template/fits: template version " + outline.version + " is outside '" +
                           mapping.fits.text() + "'");
    for (const auto& entry : mapping.entries) {
        const std::string at = m + "#" + entry.pointer + " (linkId '" + entry.linkId + "')";
        const TemplateItem* item = outline.find(entry.linkId);
        if (!item) {
            problems.push_back(at + ": the template has no item with this linkId");
            continue;
        }
        if (!item->isAnswerable()) {
            problems.push_back(at + ": the template item is a " + item->type + ", which holds no answer");
            continue;
        }
        if (item->type != entry.type)
            problems.push_back(at + ": written for type " + entry.type + ", the template item is " + item->type);
        if (item->groupPath != entry.groupPath)
            problems.push_back(at + ": groupPath disagrees with where the item sits in the template");
        checkRepeat(entry, *item, outline, at, problems);
        if (entry.policy == ItemPolicy::AppendToField && isChoiceType(item->type) && !entry.codes.empty())
            for (const auto& option : item->answerCodings)
                if (!entry.codeFor(option.system, option.code))
                    problems.push_back(at + ": answer code '" + option.key() + "' (" + option.display +
                                       ") is not listed, so it cannot be read back from the appended text");
        if (entry.policy == ItemPolicy::Map && isChoiceType(item->type)) {
            for (const auto& option : item->answerCodings)
                if (!entry.codeFor(option.system, option.code))
                    problems.push_back(at + ": answer code '" + option.key() + "' (" + option.display + ") has no " +
                                       epr + " code");
            for (const auto& code : entry.codes) {
                bool known = false;
                for (const auto& option : item->answerCodings)
                    known = known || option.key() == code.key();
                if (!known)
                    problems.push_back(m + "#" + code.pointer + ": '" + code.key() + "' is not an answer option of '" +
                                       entry.linkId + "'");
            }
        }
        if (entry.policy == ItemPolicy::Map && mapping.nativeForm) {
            if (const NativeField* field = mapping.nativeForm->field(entry.field); field && isChoiceType(item->type) &&
                                                                                  item->repeats != field->multiple)
                problems.push_back(at + ": the item " + std::string(item->repeats ? "repeats" : "holds one answer") +
                                   " but " + epr + " field " + field->id + " holds " +
                                   (field->multiple ? "a list" : "one code"));
        }
    }
    for (const auto& item : outline.items)
        if (item.isAnswerable() && !mapping.entryFor(item.linkId))
            problems.push_back(m + ": template item '" + item.linkId + "' (" + item.text + ") has no entry; map it or "
                               "give it a policy (omit, appendToField, attachRendered)");
    return problems;
}

} // namespace avocet::core::mapping
