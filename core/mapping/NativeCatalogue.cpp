#include "core/mapping/NativeCatalogue.h"

#include <set>

namespace avocet::core::mapping {

using nlohmann::json;

namespace {

const std::set<std::string> kFieldTypes = {"text", "date", "code", "integer", "decimal", "boolean"};

std::string str(const json& object, const char* key)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

} // namespace

bool NativeField::hasCode(const std::string& code) const
{
    for (const auto& c : codes)
        if (c.code == code)
            return true;
    return false;
}

const NativeField* NativeForm::field(const std::string& fieldId) const
{
    for (const auto& f : fields)
        if (f.id == fieldId)
            return &f;
    return nullptr;
}

const NativeForm* NativeCatalogue::form(const std::string& formId) const
{
    for (const auto& f : forms)
        if (f.id == formId)
            return &f;
    return nullptr;
}

Result<NativeCatalogue> parseCatalogue(const json& document, const std::string& source)
{
    std::vector<std::string> problems;
    const auto problem = [&](const std::string& pointer, const std::string& what) {
        problems.push_back(source + "#" + pointer + ": " + what);
    };
    if (!document.is_object() || str(document, "format") != "avocet-epr-catalogue")
        return makeError(ErrorCode::MappingInvalid, source + ": not an EPR catalogue (format must be "
                                                             "\"avocet-epr-catalogue\")");
    NativeCatalogue catalogue;
    const auto epr = identity::eprFromName(str(document, "epr"));
    if (!epr)
        problem("/epr", "must be Paris, Mobius or SystmOne");
    else
        catalogue.epr = *epr;
    catalogue.version = str(document, "version");
    catalogue.illustrative = str(document, "illustrative");
    if (catalogue.illustrative.empty())
        problem("/illustrative", "every demo catalogue must say it is illustrative");
    const json forms = document.value("forms", json::array());
    std::set<std::string> formIds;
    for (std::size_t f = 0; f < forms.size(); ++f) {
        const std::string fp = "/forms/" + std::to_string(f);
        NativeForm form;
        form.id = str(forms[f], "id");
        form.version = str(forms[f], "version");
        form.title = str(forms[f], "title");
        if (form.id.empty() || !formIds.insert(form.id).second)
            problem(fp + "/id", "missing or repeated form id");
        std::set<std::string> fieldIds;
        const json fields = forms[f].value("fields", json::array());
        for (std::size_t i = 0; i < fields.size(); ++i) {
            const std::string p = fp + "/fields/" + std::to_string(i);
            const json& in = fields[i];
            NativeField field;
            field.id = str(in, "id");
            field.label = str(in, "label");
            field.type = str(in, "type");
            field.format = str(in, "format");
            field.unit = str(in, "unit");
            field.multiple = in.value("multiple", false);
            field.required = in.value("required", false);
            if (const auto it = in.find("maxLength"); it != in.end()) {
                if (!it->is_number_integer() || it->get<int>() < 1)
                    problem(p + "/maxLength", "must be a positive whole number of characters");
                else
                    field.maxLength = it->get<int>();
            }
            for (const auto& code : in.value("codes", json::array()))
                field.codes.push_back({str(code, "code"), str(code, "display")});
            if (field.id.empty() || !fieldIds.insert(field.id).second)
                problem(p + "/id", "missing or repeated field id in form " + form.id);
            if (!kFieldTypes.contains(field.type))
                problem(p + "/type", "field " + field.id + " has unknown type '" + field.type + "'");
            if (field.type == "code" && field.codes.empty())
                problem(p + "/codes", "code field " + field.id + " needs its code list");
            if (field.type == "date" && field.format.empty())
                problem(p + "/format", "date field " + field.id + " needs its format (e.g. DD/MM/YYYY)");
            form.fields.push_back(std::move(field));
        }
        catalogue.forms.push_back(std::move(form));
    }
    if (!problems.empty()) {
        std::string message = source + ": " + std::to_string(problems.size()) + " problem(s) in EPR catalogue";
        for (const auto& p : problems)
            message += "\n  " + p;
        return makeError(ErrorCode::MappingInvalid, message);
    }
    return catalogue;
}

} // namespace avocet::core::mapping
