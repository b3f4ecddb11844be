#include "core/mapping/Coverage.h"

#include <algorithm>
#include <map>
#include <set>

namespace avocet::core::mapping {

using nlohmann::json;

namespace {

struct Loss
{
    bool lossy = false;
    std::string detail;
    void add(bool isLoss, const std::string& part)
    {
        lossy = lossy || isLoss;
        detail += (detail.empty() ? "" : "; ") + part;
    }
};

// Why an answer to this entry may not come back unchanged (or may be refused).
Loss lossOf(const MappingEntry& entry, const TemplateItem& item, const EprMapping& mapping)
{
    const std::string epr = identity::eprName(mapping.epr);
    Loss loss;
    std::map<std::string, std::vector<std::string>> byNative;
    for (const auto& code : entry.codes)
        byNative[code.native].push_back(code.code);
    for (const auto& [native, codes] : byNative) {
        if (codes.size() < 2)
            continue;
        std::string list;
        for (const auto& c : codes)
            list += (list.empty() ? "" : ", ") + c;
        loss.add(true, "answer codes " + list + " all become " + epr + " code " + native);
    }
    if (mapping.nativeForm) {
        const NativeField* field = mapping.nativeForm->field(entry.field);
        if (field && field->type == "text" && field->maxLength) {
            bool sharedWithAppends = false;
            for (const auto& other : mapping.entries)
                sharedWithAppends = sharedWithAppends ||
                                    (other.policy == ItemPolicy::AppendToField && other.field == entry.field);
            if (!item.maxLength || *item.maxLength > *field->maxLength || sharedWithAppends) {
                const std::string over = "text over " + std::to_string(*field->maxLength) + " characters" +
                                         (sharedWithAppends ? " (including appended items)" : "");
                if (entry.overLimit == OverLimit::Reject)
                    loss.add(false, over + " is refused, never cut");
                else
                    loss.add(true, over + " is truncated (" + overLimitName(entry.overLimit) + ")");
            }
        }
    }
    return loss;
}

} // namespace

int CoverageReport::count(const std::string& status) const
{
    int n = 0;
    for (const auto& item : items)
        n += item.status == status ? 1 : 0;
    return n;
}

CoverageReport assessCoverage(const TemplateOutline& outline, const EprMapping& mapping)
{
    CoverageReport report;
    report.mapping = mapping.label();
    report.epr = identity::eprName(mapping.epr);
    report.nativeForm = mapping.nativeFormId;
    report.templateCanonical = outline.url + "|" + outline.version;
    report.problems = checkAgainstTemplate(mapping, outline);
    std::set<std::string> filled;
    for (const auto& entry : mapping.entries)
        for (int n = 1; !entry.field.empty() && n <= (entry.repeat ? std::max(entry.repeat->max, 1) : 1); ++n)
            filled.insert(entry.fieldFor(n));
    for (const auto& item : outline.items) {
        if (!item.isAnswerable())
            continue;
        CoverageItem out{item.linkId, item.text, item.type, "", "", "", ""};
        const MappingEntry* entry = mapping.entryFor(item.linkId);
        if (!entry) {
            out.status = "missing";
            out.detail = "no entry and no policy: a response answering it is refused";
            report.items.push_back(std::move(out));
            continue;
        }
        out.policy = policyName(entry->policy);
        out.field = entry->field;
        switch (entry->policy) {
        case ItemPolicy::Omit:
            out.status = "unmapped";
            out.detail = "omitted with a warning: " + entry->reason;
            break;
        case ItemPolicy::AppendToField: {
            out.status = "lossy";
            const bool coded = entry->type == "choice" || entry->type == "open-choice";
            if (coded && entry->codes.empty())
                out.detail = "appended as text to " + entry->field + "; not read back (the entry lists no answer codes)";
            else if (item.repeats && !coded)
                out.detail = "appended as text to " + entry->field + "; not read back (several text answers run together)";
            else
                out.detail = "appended as \"[" + (entry->label.empty() ? entry->linkId : entry->label) +
                             (entry->repeat ? " (n)" : "") + "] answer\" to " + entry->field +
                             "; read back from that text unless the field's limit cuts it off";
            break;
        }
        case ItemPolicy::AttachRendered:
            out.status = "lossy";
            out.detail = "sent in the rendered attachment; not read back as an answer: " + entry->reason;
            break;
        case ItemPolicy::Map: {
            const Loss loss = lossOf(*entry, item, mapping);
            out.detail = loss.detail;
            out.status = loss.lossy ? "lossy" : "mapped";
            break;
        }
        }
        if (entry->repeat) {
            const auto& r = *entry->repeat;
            const std::string copies =
                r.max > 0 ? "copy n of repeating group '" + r.group + "' goes to " + entry->field + " (n = 1 to " +
                                std::to_string(r.max) + "); more copies are refused"
                          : "each copy of repeating group '" + r.group + "' is handled on its own, labelled (n)";
            out.detail = copies + (out.detail.empty() ? "" : "; " + out.detail);
        }
        report.items.push_back(std::move(out));
    }
    if (mapping.nativeForm)
        for (const auto& field : mapping.nativeForm->fields)
            if (!filled.contains(field.id))
                report.unfilledFields.push_back({field.id, field.label, field.required});
    return report;
}

json CoverageReport::toJson() const
{
    json items_ = json::array();
    for (const auto& item : items) {
        json out{{"linkId", item.linkId}, {"type", item.type}, {"status", item.status}};
        if (!item.text.empty()) out["text"] = item.text;
        if (!item.policy.empty()) out["policy"] = item.policy;
        if (!item.field.empty()) out["field"] = item.field;
        if (!item.detail.empty()) out["detail"] = item.detail;
        items_.push_back(std::move(out));
    }
    json unfilled = json::array();
    for (const auto& f : unfilledFields)
        unfilled.push_back({{"id", f.id}, {"label", f.label}, {"required", f.required}});
    return {{"mapping", mapping},
            {"epr", epr},
            {"nativeForm", nativeForm},
            {"template", templateCanonical},
            {"summary",
             {{"mapped", count("mapped")},
              {"lossy", count("lossy")},
              {"unmapped", count("unmapped")},
              {"missing", count("missing")},
              {"nativeFieldsNeverFilled", unfilledFields.size()}}},
            {"items", items_},
            {"nativeFieldsNeverFilled", unfilled},
            {"problems", problems}};
}

std::string CoverageReport::toText() const
{
    std::string out = "Coverage of " + templateCanonical + " by " + mapping + " (" + epr + " form " + nativeForm +
                      ")\n";
    out += "  mapped " + std::to_string(count("mapped")) + ", lossy " + std::to_string(count("lossy")) +
           ", unmapped " + std::to_string(count("unmapped")) + ", missing " + std::to_string(count("missing")) +
           ", native fields never filled " + std::to_string(unfilledFields.size()) + "\n";
    for (const auto& item : items) {
        out += "  " + item.status + std::string(10 - std::min<std::size_t>(9, item.status.size()), ' ') + item.linkId;
        if (!item.field.empty())
            out += " -> " + item.field;
        if (!item.detail.empty())
            out += "  (" + item.detail + ")";
        out += "\n";
    }
    for (const auto& f : unfilledFields)
        out += "  never filled: " + f.id + " (" + f.label + ")" + (f.required ? " [required in EPR]" : "") + "\n";
    for (const auto& p : problems)
        out += "  problem: " + p + "\n";
    return out;
}

} // namespace avocet::core::mapping
