#include "core/forms/Questionnaire.h"

#include "core/forms/SdcExtensions.h"

namespace avocet::core::forms {

namespace {

using nlohmann::json;

std::string stringOf(const json& object, const char* key)
{
    auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool boolOf(const json& object, const char* key)
{
    auto it = object.find(key);
    return it != object.end() && it->is_boolean() && it->get<bool>();
}

// The first "valueX"/"answerX" member: returns its key, or empty.
std::string choiceKey(const json& object, std::string_view prefix)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        const std::string& key = it.key();
        if (key.size() > prefix.size() && key.compare(0, prefix.size(), prefix) == 0 &&
            std::isupper(static_cast<unsigned char>(key[prefix.size()])) != 0) {
            return key;
        }
    }
    return {};
}

std::optional<Decimal> numberOf(const json& v)
{
    if (v.is_number_integer()) {
        return Decimal::fromInteger(v.get<std::int64_t>());
    }
    if (v.is_number()) {
        return Decimal::fromDouble(v.get<double>());
    }
    return std::nullopt;
}

std::optional<Decimal> extensionDecimal(const json& object, std::initializer_list<const char*> urls)
{
    auto ext = object.find("extension");
    if (ext == object.end() || !ext->is_array()) {
        return std::nullopt;
    }
    for (const char* url : urls) {
        for (const auto& e : *ext) {
            if (e.is_object() && stringOf(e, "url") == url) {
                for (const char* key : {"valueDecimal", "valueInteger"}) {
                    if (auto v = e.find(key); v != e.end()) {
                        return numberOf(*v);
                    }
                }
            }
        }
    }
    return std::nullopt;
}

NamedExpression expressionOf(const json& extension, const std::string& url)
{
    NamedExpression e;
    e.extensionUrl = url;
    if (auto v = extension.find("valueExpression"); v != extension.end() && v->is_object()) {
        e.name = stringOf(*v, "name");
        e.language = stringOf(*v, "language");
        e.expression = stringOf(*v, "expression");
    }
    return e;
}

const json* findContainedIn(const json& root, const std::string& reference)
{
    auto contained = root.find("contained");
    if (contained == root.end() || !contained->is_array() || reference.empty()) {
        return nullptr;
    }
    for (const auto& resource : *contained) {
        if (!resource.is_object()) {
            continue;
        }
        if ((reference[0] == '#' && stringOf(resource, "id") == reference.substr(1)) ||
            (reference[0] != '#' && stringOf(resource, "url") == reference)) {
            return &resource;
        }
    }
    return nullptr;
}

void addValueSetOptions(const json& valueSet, std::vector<AnswerOption>& options)
{
    auto addConcept = [&](const json& codeConcept, const std::string& codeSystem) {
        AnswerOption option;
        option.valueKey = "valueCoding";
        option.value = json::object();
        if (!codeSystem.empty()) {
            option.value["system"] = codeSystem;
        }
        option.value["code"] = stringOf(codeConcept, "code");
        if (codeConcept.contains("display")) {
            option.value["display"] = codeConcept["display"];
        }
        option.ordinalValue = extensionDecimal(codeConcept, {ext::kOrdinalValue, ext::kOrdinalValueR4, ext::kItemWeight});
        option.itemWeight = extensionDecimal(codeConcept, {ext::kItemWeight, ext::kOrdinalValue, ext::kOrdinalValueR4});
        option.fromValueSet = true;
        options.push_back(std::move(option));
    };
    if (auto expansion = valueSet.find("expansion"); expansion != valueSet.end() && expansion->contains("contains")) {
        for (const auto& c : (*expansion)["contains"]) {
            if (c.is_object()) {
                addConcept(c, stringOf(c, "system"));
            }
        }
        return;
    }
    auto compose = valueSet.find("compose");
    if (compose == valueSet.end() || !compose->contains("include") || !(*compose)["include"].is_array()) {
        return;
    }
    for (const auto& include : (*compose)["include"]) {
        if (!include.is_object() || !include.contains("concept") || !include["concept"].is_array()) {
            continue;
        }
        for (const auto& codeConcept : include["concept"]) {
            if (codeConcept.is_object()) {
                addConcept(codeConcept, stringOf(include, "system"));
            }
        }
    }
}

} // namespace

class QuestionnaireReader
{
public:
    explicit QuestionnaireReader(Questionnaire::Data& data) : m_data(data) {}

    void run()
    {
        const json& root = m_data.json;
        for (const auto& e : extensions(root)) {
            std::string url = stringOf(e, "url");
            if (url == ext::kVariable || (url == ext::kCalculatedExpression && e.contains("valueExpression"))) {
                m_data.rootVariables.push_back(expressionOf(e, url));
            }
        }
        if (auto items = root.find("item"); items != root.end()) {
            readItems(*items, m_data.items, "");
        }
        for (auto& item : m_data.items) {
            link(item, nullptr);
        }
    }

private:
    static std::vector<json> extensions(const json& object)
    {
        auto ext = object.find("extension");
        if (ext == object.end() || !ext->is_array()) {
            return {};
        }
        std::vector<json> out;
        for (const auto& e : *ext) {
            if (e.is_object()) {
                out.push_back(e);
            }
        }
        return out;
    }

    void readItems(const json& array, std::vector<QuestionnaireItem>& out, const std::string& parentLinkId)
    {
        if (!array.is_array()) {
            m_data.issues.push_back({parentLinkId, "The list of questions is not written as a list."});
            return;
        }
        for (const auto& element : array) {
            if (++m_count > Questionnaire::kMaxItems) {
                m_data.issues.push_back({parentLinkId, "The form has more than 50,000 questions; the rest were ignored."});
                return;
            }
            if (!element.is_object()) {
                m_data.issues.push_back({parentLinkId, "A question is not written as an object and was ignored."});
                continue;
            }
            out.push_back(readItem(element));
        }
    }

    QuestionnaireItem readItem(const json& j)
    {
        QuestionnaireItem item;
        item.source = &j;
        item.linkId = stringOf(j, "linkId");
        item.text = stringOf(j, "text");
        item.prefix = stringOf(j, "prefix");
        item.typeCode = stringOf(j, "type");
        item.type = itemTypeFromCode(item.typeCode);
        item.required = boolOf(j, "required");
        item.repeats = boolOf(j, "repeats");
        item.readOnly = boolOf(j, "readOnly");
        item.enableBehavior = stringOf(j, "enableBehavior");
        item.answerValueSet = stringOf(j, "answerValueSet");
        if (auto m = j.find("maxLength"); m != j.end() && m->is_number_integer()) {
            item.maxLength = m->get<std::int64_t>();
        }
        if (item.linkId.empty()) {
            m_data.issues.push_back({"", "A question has no linkId, so its answers cannot be stored."});
        }
        readInitial(j, item);
        readEnableWhen(j, item);
        readOptions(j, item);
        readExtensions(j, item);
        if (auto children = j.find("item"); children != j.end()) {
            readItems(*children, item.items, item.linkId);
        }
        return item;
    }

    static void readInitial(const json& j, QuestionnaireItem& item)
    {
        auto initial = j.find("initial");
        if (initial == j.end() || !initial->is_array()) {
            return;
        }
        for (const auto& i : *initial) {
            if (std::string key = i.is_object() ? choiceKey(i, "value") : ""; !key.empty()) {
                item.initial.push_back(json{{key, i[key]}});
            }
        }
    }

    void readEnableWhen(const json& j, QuestionnaireItem& item)
    {
        auto conditions = j.find("enableWhen");
        if (conditions == j.end() || !conditions->is_array()) {
            return;
        }
        for (const auto& c : *conditions) {
            if (!c.is_object()) {
                m_data.issues.push_back({item.linkId, "A show-when condition is not written as an object."});
                continue;
            }
            EnableWhen e;
            e.question = stringOf(c, "question");
            e.op = stringOf(c, "operator");
            e.answerKey = choiceKey(c, "answer");
            if (!e.answerKey.empty()) {
                e.answer = c[e.answerKey];
            }
            item.enableWhen.push_back(std::move(e));
        }
    }

    void readOptions(const json& j, QuestionnaireItem& item)
    {
        if (auto options = j.find("answerOption"); options != j.end() && options->is_array()) {
            for (const auto& o : *options) {
                if (!o.is_object()) {
                    continue;
                }
                AnswerOption option;
                option.valueKey = choiceKey(o, "value");
                if (!option.valueKey.empty()) {
                    option.value = o[option.valueKey];
                }
                option.initialSelected = boolOf(o, "initialSelected");
                option.ordinalValue = extensionDecimal(o, {ext::kOrdinalValue, ext::kOrdinalValueR4, ext::kItemWeight});
                option.itemWeight = extensionDecimal(o, {ext::kItemWeight, ext::kOrdinalValue, ext::kOrdinalValueR4});
                if (!option.ordinalValue && option.value.is_object()) {
                    option.ordinalValue =
                        extensionDecimal(option.value, {ext::kOrdinalValue, ext::kOrdinalValueR4, ext::kItemWeight});
                    option.itemWeight = extensionDecimal(option.value, {ext::kItemWeight, ext::kOrdinalValue});
                }
                item.answerOptions.push_back(std::move(option));
            }
        }
        if (!item.answerValueSet.empty()) {
            if (const json* valueSet = findContainedIn(m_data.json, item.answerValueSet)) {
                addValueSetOptions(*valueSet, item.answerOptions);
                item.answerValueSetResolved = true;
            }
        }
    }

    static void readExtensions(const json& j, QuestionnaireItem& item)
    {
        for (const auto& e : extensions(j)) {
            std::string url = stringOf(e, "url");
            if (url == ext::kItemControl) {
                const json& codeConcept = e.value("valueCodeableConcept", json::object());
                if (codeConcept.contains("coding") && codeConcept["coding"].is_array() && !codeConcept["coding"].empty()) {
                    item.itemControl = stringOf(codeConcept["coding"][0], "code");
                }
            } else if (url == ext::kHidden) {
                item.hidden = boolOf(e, "valueBoolean");
            } else if (url == ext::kMinValue || url == ext::kMaxValue) {
                if (std::string key = choiceKey(e, "value"); !key.empty()) {
                    (url == ext::kMinValue ? item.minValue : item.maxValue) = json{{key, e[key]}};
                }
            } else if (url == ext::kRegex) {
                item.regex = stringOf(e, "valueString");
            } else if (url == ext::kEntryFormat) {
                item.entryFormat = stringOf(e, "valueString");
            } else if (url == ext::kUnit && e.contains("valueCoding")) {
                item.unit = e["valueCoding"];
            } else if (url == ext::kVariable) {
                item.variables.push_back(expressionOf(e, url));
            } else if (url == ext::kCalculatedExpression) {
                item.calculatedExpression = expressionOf(e, url);
            } else if (url == ext::kEnableWhenExpression) {
                item.enableWhenExpression = expressionOf(e, url);
            } else if (url == ext::kInitialExpression) {
                item.initialExpression = expressionOf(e, url);
            } else if (url == ext::kAnswerExpression) {
                item.answerExpression = expressionOf(e, url);
            }
        }
    }

    void link(QuestionnaireItem& item, const QuestionnaireItem* parent)
    {
        item.parent = parent;
        m_data.flat.push_back(&item);
        m_data.byLinkId.emplace(item.linkId, &item); // first wins; lint reports duplicates
        for (auto& child : item.items) {
            link(child, &item);
        }
    }

    Questionnaire::Data& m_data;
    std::size_t m_count = 0;
};

Result<Questionnaire> Questionnaire::fromText(std::string_view text, const JsonLimits& limits)
{
    auto parsed = parseJsonDocument(text, limits);
    if (!parsed) {
        return parsed.error();
    }
    return fromJson(std::move(parsed).value());
}

Result<Questionnaire> Questionnaire::fromJson(nlohmann::json document)
{
    if (!document.is_object()) {
        return makeError(ErrorCode::FormInvalid, "The file does not contain a FHIR resource.");
    }
    std::string type = stringOf(document, "resourceType");
    if (type != "Questionnaire") {
        return makeError(ErrorCode::FormInvalid, type.empty() ? "The file is not a FHIR Questionnaire (no resourceType)."
                                                               : "The file is a FHIR " + type + ", not a Questionnaire.");
    }
    auto data = std::make_shared<Data>();
    data->json = std::move(document);
    try {
        QuestionnaireReader(*data).run();
    } catch (const std::exception& e) {
        return makeError(ErrorCode::FormInvalid, std::string("The form could not be read: ") + e.what());
    }
    return Questionnaire(std::move(data));
}

std::string Questionnaire::url() const { return stringOf(json(), "url"); }
std::string Questionnaire::version() const { return stringOf(json(), "version"); }
std::string Questionnaire::title() const
{
    std::string t = stringOf(json(), "title");
    return t.empty() ? stringOf(json(), "name") : t;
}

std::string Questionnaire::canonical() const
{
    std::string v = version();
    return v.empty() ? url() : url() + "|" + v;
}

const QuestionnaireItem* Questionnaire::findItem(const std::string& linkId) const
{
    auto it = m_data->byLinkId.find(linkId);
    return it == m_data->byLinkId.end() ? nullptr : it->second;
}

const nlohmann::json* Questionnaire::findContained(const std::string& reference) const
{
    return findContainedIn(json(), reference);
}

} // namespace avocet::core::forms
