#include "core/metrics/MetricImpact.h"

#include <algorithm>

namespace avocet::core::metrics {

namespace {

std::vector<ItemCode> codesOf(const mapping::TemplateItem& item)
{
    std::vector<ItemCode> codes;
    for (const auto& c : item.codes)
        codes.push_back({c.system, c.code});
    return codes;
}

bool readsCode(const Metric& metric, const mapping::Coding& code)
{
    return std::any_of(metric.reads.begin(), metric.reads.end(), [&](const MetricItem& item) {
        return item.isCoded() && item.system == code.system && (item.code.empty() || item.code == code.code);
    });
}

} // namespace

std::vector<const Metric*> metricsReadingItem(const MetricSet& set, const mapping::TemplateOutline& outline,
                                              const mapping::TemplateItem& item)
{
    return metricsReadingItem(set, outline.url, item.linkId, codesOf(item));
}

std::vector<mapping::ImpactFinding> metricImpact(const mapping::TemplateOutline& from, const mapping::TemplateOutline& to,
                                                 const MetricSet& set)
{
    std::vector<mapping::ImpactFinding> findings;
    for (const auto& before : from.items) {
        const auto metrics = metricsReadingItem(set, from, before);
        if (metrics.empty())
            continue;
        const mapping::TemplateItem* after = to.find(before.linkId);
        for (const Metric* metric : metrics) {
            const std::string who = "metric " + metric->id;
            const std::string title = "\"" + metric->title + "\"";
            if (!after) {
                findings.push_back({"breaking", "metricItemRemoved", before.linkId, who, "", "",
                                    "the item is removed; " + title + " reads it"});
                continue;
            }
            if (after->type != before.type) {
                findings.push_back({"breaking", "metricItemRetyped", before.linkId, who, "", "",
                                    "the item changes type from " + before.type + " to " + after->type + "; " + title +
                                        " reads it"});
                continue;
            }
            for (const auto& code : before.codes) {
                if (!readsCode(*metric, code))
                    continue;
                const bool kept = std::any_of(after->codes.begin(), after->codes.end(), [&](const mapping::Coding& c) {
                    return c.system == code.system && c.code == code.code;
                });
                if (!kept)
                    findings.push_back({"breaking", "metricCodeRemoved", before.linkId, who, "", "",
                                        "code " + code.key() + " is dropped; " + title +
                                            " counts the item by that code and would lose its records"});
            }
            const bool sameCodes = before.codes.size() == after->codes.size() &&
                                   std::equal(before.codes.begin(), before.codes.end(), after->codes.begin(),
                                              [](const mapping::Coding& a, const mapping::Coding& b) { return a.key() == b.key(); });
            const bool droppedRead = std::any_of(before.codes.begin(), before.codes.end(), [&](const mapping::Coding& code) {
                return readsCode(*metric, code) &&
                       std::none_of(after->codes.begin(), after->codes.end(),
                                    [&](const mapping::Coding& c) { return c.key() == code.key(); });
            });
            if (!sameCodes && !droppedRead)
                findings.push_back({"altering", "metricCodesChanged", before.linkId, who, "", "",
                                    "the item's codes change; " + title + " still finds the code it reads"});
        }
    }
    return findings;
}

} // namespace avocet::core::metrics
