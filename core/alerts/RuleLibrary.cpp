#include "core/alerts/RuleLibrary.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <system_error>

#include "core/alerts/BuiltinRules.h"
#include "core/alerts/RuleParser.h"

namespace avocet::core::alerts {

namespace fs = std::filesystem;

Result<RuleLibrary> RuleLibrary::fromSets(std::vector<RuleSet> sets)
{
    if (sets.empty())
        return makeError(ErrorCode::AlertRulesInvalid, "no alert rule tables were given");
    std::stable_sort(sets.begin(), sets.end(),
                     [](const RuleSet& a, const RuleSet& b) { return a.effectiveFrom < b.effectiveFrom; });
    for (std::size_t i = 1; i < sets.size(); ++i) {
        if (sets[i].effectiveFrom == sets[i - 1].effectiveFrom) {
            return makeError(ErrorCode::AlertRulesInvalid,
                             sets[i - 1].source + " and " + sets[i].source + " are both effective from " +
                                 formatDate(sets[i].effectiveFrom) + "; each version needs its own date");
        }
    }
    for (std::size_t i = 0; i < sets.size(); ++i) {
        for (std::size_t k = i + 1; k < sets.size(); ++k) {
            if (sets[i].name == sets[k].name && sets[i].version == sets[k].version) {
                return makeError(ErrorCode::AlertRulesInvalid, sets[i].source + " and " + sets[k].source +
                                                                   " both claim version " + sets[i].version);
            }
        }
    }
    RuleLibrary library;
    library.m_sets = std::move(sets);
    return library;
}

Result<RuleLibrary> RuleLibrary::builtin()
{
    std::vector<RuleSet> sets;
    for (const auto& file : builtinRuleFiles()) {
        auto parsed = parseRuleSet(file.text, "builtin:" + std::string(file.name));
        if (!parsed)
            return parsed.error();
        sets.push_back(std::move(parsed).value());
    }
    return fromSets(std::move(sets));
}

namespace {

Result<RuleSet> loadFile(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return makeError(ErrorCode::AlertRulesInvalid,
                         path.string() + ": cannot open the rule table (check the path and permissions)");
    }
    std::ostringstream content;
    content << in.rdbuf();
    return parseRuleSet(content.str(), path.string());
}

} // namespace

Result<RuleLibrary> RuleLibrary::fromPaths(const std::vector<fs::path>& paths)
{
    std::vector<fs::path> files;
    for (const auto& path : paths) {
        std::error_code ec;
        if (fs::is_directory(path, ec)) {
            std::vector<fs::path> inDir;
            for (const auto& entry : fs::directory_iterator(path, ec)) {
                if (entry.path().extension() == ".json")
                    inDir.push_back(entry.path());
            }
            if (ec) {
                return makeError(ErrorCode::AlertRulesInvalid,
                                 path.string() + ": cannot list the directory: " + ec.message());
            }
            std::sort(inDir.begin(), inDir.end());
            if (inDir.empty())
                return makeError(ErrorCode::AlertRulesInvalid, path.string() + ": no *.json rule tables in it");
            files.insert(files.end(), inDir.begin(), inDir.end());
        } else {
            files.push_back(path);
        }
    }
    std::vector<RuleSet> sets;
    for (const auto& file : files) {
        auto parsed = loadFile(file);
        if (!parsed)
            return parsed.error();
        sets.push_back(std::move(parsed).value());
    }
    return fromSets(std::move(sets));
}

Result<const RuleSet*> RuleLibrary::activeOn(LocalDate date) const
{
    if (m_sets.empty())
        return makeError(ErrorCode::AlertRulesInvalid, "no alert rule tables are loaded");
    const RuleSet* active = nullptr;
    for (const auto& set : m_sets) {
        if (set.effectiveFrom <= date)
            active = &set;
    }
    if (!active) {
        return makeError(ErrorCode::NotFound, "no alert rule table is in force on " + formatDate(date) +
                                                  " (the earliest takes effect on " +
                                                  formatDate(m_sets.front().effectiveFrom) + ")");
    }
    return active;
}

} // namespace avocet::core::alerts
