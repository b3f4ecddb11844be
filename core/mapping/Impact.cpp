#include "core/mapping/Impact.h"

#include <map>
#include <set>

namespace avocet::core::mapping {

using nlohmann::json;

namespace {

std::string codeList(const std::vector<Coding>& codes)
{
    std::string out;
    for (const auto& c : codes)
        out += (out.empty() ? "" : ", ") + c.key();
    return out.empty() ? "(none)" : out;
}

bool sameCodes(const std::vector<Coding>& a, const std::vector<Coding>& b)
{
    std::set<std::string> left;
    std::set<std::string> right;
    for (const auto& c : a) left.insert(c.key());
    for (const auto& c : b) right.insert(c.key());
    return left == right;
}

std::string joinPath(const std::vector<std::string>& path)
{
    std::string out;
    for (const auto& step : path)
        out += (out.empty() ? "" : "/") + step;
    return out.empty() ? "(top level)" : out;
}

// Report codes: what a national return reads from the template, independent of any EPR.
void reportCodeFindings(const TemplateOutline& from, const TemplateOutline& to, std::vector<ImpactFinding>& out)
{
    if (!sameCodes(from.codes, to.codes))
        out.push_back({"altering", "templateCodeChanged", "", "", "", "",
                       "Questionnaire.code changes from " + codeList(from.codes) + " to " + codeList(to.codes)});
    for (const auto& before : from.items) {
        const TemplateItem* after = to.find(before.linkId);
        if (!before.codes.empty()) {
            if (!after)
                out.push_back({"breaking", "reportCodeRemoved", before.linkId, "", "", "",
                               "item carrying report code(s) " + codeList(before.codes) + " is removed"});
            else if (after->type != before.type)
                out.push_back({"breaking", "reportItemRetyped", before.linkId, "", "", "",
                               "item carrying report code(s) " + codeList(before.codes) + " changes type from " +
                                   before.type + " to " + after->type});
            else if (!sameCodes(before.codes, after->codes))
                out.push_back({"altering", "reportCodeChanged", before.linkId, "", "", "",
                               "report code(s) change from " + codeList(before.codes) + " to " +
                                   codeList(after->codes)});
        }
        if (!after || before.answerCodings.empty())
            continue;
        std::map<std::string, const Coding*> afterCodes;
        for (const auto& c : after->answerCodings)
            afterCodes[c.key()] = &c;
        std::vector<std::string> removed;
        std::vector<std::string> rescored;
        for (const auto& c : before.answerCodings) {
            const auto it = afterCodes.find(c.key());
            if (it == afterCodes.end())
                removed.push_back(c.key());
            else if (it->second->ordinal != c.ordinal)
                rescored.push_back(c.key() + " " + (c.ordinal.empty() ? "-" : c.ordinal) + "->" +
                                   (it->second->ordinal.empty() ? "-" : it->second->ordinal));
            afterCodes.erase(c.key());
        }
        std::string list;
        for (const auto& r : removed) list += (list.empty() ? "" : ", ") + ("-" + r);
        for (const auto& [key, c] : afterCodes) list += (list.empty() ? "" : ", ") + ("+" + key);
        if (!list.empty())
            out.push_back({"altering", "answerCodesChanged", before.linkId, "", "", "",
                           "answer codes change: " + list});
        if (!rescored.empty()) {
            std::string scores;
            for (const auto& r : rescored) scores += (scores.empty() ? "" : ", ") + r;
            out.push_back({"altering", "answerScoreChanged", before.linkId, "", "", "",
                           "ordinal scores change (totals and national returns differ): " + scores});
        }
    }
}

void mappingFindings(const TemplateOutline& from, const TemplateOutline& to, const EprMapping& mapping,
                     std::vector<ImpactFinding>& out)
{
    const std::string label = mapping.label();
    const std::string epr = identity::eprName(mapping.epr);
    const auto add = [&](const char* severity, const char* kind, const std::string& linkId, const std::string& pointer,
                         const std::string& message) {
        out.push_back({severity, kind, linkId, label, epr, pointer.empty() ? "" : mapping.source + "#" + pointer,
                       message});
    };
    if (mapping.templateUrl != from.url) {
        add("altering", "otherTemplate", "", "", "mapping is for " + mapping.templateUrl + ", not this template");
        return;
    }
    if (to.url != from.url)
        add("breaking", "templateUrlChanged", "", "/template/url", "the template's url changes to " + to.url);
    if (!mapping.fitsVersion(to.version))
        add("breaking", "versionNotFitted", "", "/template/fits",
            "declares it fits '" + mapping.fits.text() + "'; " + to.version +
                " is outside it, so submissions are refused until a mapping for " + to.version + " is published");
    for (const auto& entry : mapping.entries) {
        const TemplateItem* after = to.find(entry.linkId);
        if (!after) {
            add("breaking", "linkIdRemoved", entry.linkId, entry.pointer,
                "the entry names a linkId that " + to.version + " no longer has");
            continue;
        }
        if (after->type != entry.type) {
            add("breaking", "linkIdRetyped", entry.linkId, entry.pointer,
                "the item changes type from " + entry.type + " to " + after->type + "; the " + policyName(entry.policy) +
                    " entry" + (entry.field.empty() ? std::string() : " to " + entry.field) + " no longer applies");
            continue;
        }
        if (after->groupPath != entry.groupPath)
            add("altering", "itemMoved", entry.linkId, entry.pointer + "/groupPath",
                "the item moves from " + joinPath(entry.groupPath) + " to " + joinPath(after->groupPath) +
                    "; inbound records would nest it in the old place");
        if (entry.policy == ItemPolicy::Map && !entry.codes.empty()) {
            for (const auto& code : entry.codes) {
                bool still = false;
                for (const auto& option : after->answerCodings)
                    still = still || option.key() == code.key();
                if (!still)
                    add("altering", "answerCodeRemoved", entry.linkId, code.pointer,
                        "answer code " + code.key() + " is no longer offered; " + epr + " code " + code.native +
                            " in historic records reads back as a retired answer");
            }
            for (const auto& option : after->answerCodings)
                if (!entry.codeFor(option.system, option.code))
                    add("breaking", "answerCodeAdded", entry.linkId, entry.pointer + "/codes",
                        "new answer code " + option.key() + " (" + option.display + ") has no " + epr +
                            " code; a response choosing it is refused");
        }
        if (const TemplateItem* before = from.find(entry.linkId);
            before && before->repeats != after->repeats && entry.policy == ItemPolicy::Map && mapping.nativeForm) {
            const NativeField* field = mapping.nativeForm->field(entry.field);
            if (field && after->repeats && !field->multiple)
                add("breaking", "repeatsChanged", entry.linkId, entry.pointer,
                    "the item now repeats but " + epr + " field " + field->id + " holds one value");
        }
    }
    for (const auto& item : to.items)
        if (item.isAnswerable() && !mapping.entryFor(item.linkId))
            add("breaking", "linkIdAdded", item.linkId, "/entries",
                std::string(from.find(item.linkId) ? "item becomes answerable" : "new item") + " '" + item.text +
                    "' has no entry; a response answering it is refused");
}

} // namespace

int ImpactReport::count(const std::string& severity) const
{
    int n = 0;
    for (const auto& f : findings)
        n += f.severity == severity ? 1 : 0;
    return n;
}

ImpactReport assessImpact(const TemplateOutline& from, const TemplateOutline& to, const std::vector<EprMapping>& mappings)
{
    ImpactReport report{from.url, from.version, to.version, {}};
    reportCodeFindings(from, to, report.findings);
    for (const auto& mapping : mappings)
        mappingFindings(from, to, mapping, report.findings);
    return report;
}

json ImpactReport::toJson() const
{
    json list = json::array();
    for (const auto& f : findings) {
        json out{{"severity", f.severity}, {"kind", f.kind}, {"message", f.message}};
        if (!f.linkId.empty()) out["linkId"] = f.linkId;
        if (!f.mapping.empty()) out["mapping"] = f.mapping;
        if (!f.epr.empty()) out["epr"] = f.epr;
        if (!f.pointer.empty()) out["entry"] = f.pointer;
        list.push_back(std::move(out));
    }
    return {{"template", templateUrl},
            {"from", fromVersion},
            {"to", toVersion},
            {"summary", {{"breaking", count("breaking")}, {"altering", count("altering")}}},
            {"findings", list}};
}

std::string ImpactReport::toText() const
{
    std::string out = "Impact of " + templateUrl + " " + fromVersion + " -> " + toVersion + ": " +
                      std::to_string(count("breaking")) + " breaking, " + std::to_string(count("altering")) +
                      " altering\n";
    for (const auto& f : findings) {
        out += "  " + f.severity + "  " + f.kind;
        if (!f.mapping.empty()) out += "  [" + f.mapping + "]";
        if (!f.linkId.empty()) out += "  " + f.linkId;
        out += ": " + f.message;
        if (!f.pointer.empty()) out += "  (" + f.pointer + ")";
        out += "\n";
    }
    return out;
}

} // namespace avocet::core::mapping
