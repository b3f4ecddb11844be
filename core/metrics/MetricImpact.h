#pragma once
// The metrics a template change breaks or alters (docs/metrics.md), beside the mapping and report
// code findings of core/mapping/Impact: a metric reads a template's item by its code (system and
// code, e.g. the PHQ-9 total's LOINC 44261-6) or by the template and link id. Removing such an
// item, retyping it or dropping the code the metric reads is breaking (the figure would silently
// lose its records); changing its other codes is altering.

#include <vector>

#include "core/mapping/Impact.h"
#include "core/mapping/TemplateOutline.h"
#include "core/metrics/MetricLibrary.h"

namespace avocet::core::metrics {

// Findings have kind metricItemRemoved, metricItemRetyped, metricCodeRemoved or metricCodesChanged,
// `mapping` "metric <id>" and no EPR.
std::vector<mapping::ImpactFinding> metricImpact(const mapping::TemplateOutline& from, const mapping::TemplateOutline& to,
                                                 const MetricSet& set);

// The metrics that read one item of a template outline (the designer shows them beside the item).
std::vector<const Metric*> metricsReadingItem(const MetricSet& set, const mapping::TemplateOutline& outline,
                                              const mapping::TemplateItem& item);

} // namespace avocet::core::metrics
