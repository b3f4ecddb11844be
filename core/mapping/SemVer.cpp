#include "core/mapping/SemVer.h"

#include <charconv>
#include <sstream>

namespace avocet::core::mapping {

namespace {

bool parseNumber(std::string_view text, int& out)
{
    if (text.empty() || (text.size() > 1 && text.front() == '0'))
        return false;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, out);
    return ec == std::errc() && ptr == end;
}

std::vector<std::string> splitOn(std::string_view text, std::string_view separator)
{
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const auto pos = text.find(separator, start);
        parts.emplace_back(text.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
        if (pos == std::string_view::npos)
            return parts;
        start = pos + separator.size();
    }
}

std::vector<std::string> words(std::string_view text)
{
    std::istringstream in{std::string(text)};
    std::vector<std::string> out;
    for (std::string word; in >> word;)
        out.push_back(word);
    return out;
}

} // namespace

Result<SemVer> SemVer::parse(std::string_view text)
{
    const auto parts = splitOn(text, ".");
    SemVer v;
    if (parts.size() != 3 || !parseNumber(parts[0], v.major) || !parseNumber(parts[1], v.minor) ||
        !parseNumber(parts[2], v.patch))
        return makeError(ErrorCode::InvalidArgument,
                         "'" + std::string(text) + "' is not a version MAJOR.MINOR.PATCH (e.g. 1.2.0)");
    return v;
}

std::string SemVer::toString() const
{
    return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

Result<VersionRange> VersionRange::parse(std::string_view text)
{
    VersionRange range;
    range.m_text = std::string(text);
    const auto bad = [&](const std::string& why) {
        return makeError(ErrorCode::InvalidArgument, "version range '" + std::string(text) + "': " + why);
    };
    for (const auto& alternative : splitOn(text, "||")) {
        Conjunction all;
        const auto tokens = words(alternative);
        if (tokens.empty())
            return bad("an alternative is empty");
        for (const auto& token : tokens) {
            std::string_view rest = token;
            if (rest.starts_with('^') || rest.starts_with('~')) {
                const char kind = rest.front();
                auto base = SemVer::parse(rest.substr(1));
                if (!base)
                    return bad(base.message());
                SemVer upper = *base;
                if (kind == '~' || base->major == 0)
                    upper = {base->major, base->minor + 1, 0};
                else
                    upper = {base->major + 1, 0, 0};
                all.push_back({Op::Ge, *base});
                all.push_back({Op::Lt, upper});
                continue;
            }
            if (rest.ends_with(".x") || rest.ends_with(".*")) {
                const auto parts = splitOn(rest, ".");
                int major = 0;
                int minor = 0;
                if (parts.size() == 3 && parseNumber(parts[0], major) && parseNumber(parts[1], minor)) {
                    all.push_back({Op::Ge, {major, minor, 0}});
                    all.push_back({Op::Lt, {major, minor + 1, 0}});
                } else if (parts.size() == 2 && parseNumber(parts[0], major)) {
                    all.push_back({Op::Ge, {major, 0, 0}});
                    all.push_back({Op::Lt, {major + 1, 0, 0}});
                } else {
                    return bad("'" + token + "' is not a wildcard like 1.2.x");
                }
                continue;
            }
            Op op = Op::Eq;
            for (const auto& [prefix, kind] : {std::pair{">=", Op::Ge}, {"<=", Op::Le}, {">", Op::Gt},
                                               {"<", Op::Lt}, {"=", Op::Eq}}) {
                if (rest.starts_with(prefix)) {
                    op = kind;
                    rest.remove_prefix(std::string_view(prefix).size());
                    break;
                }
            }
            auto version = SemVer::parse(rest);
            if (!version)
                return bad(version.message());
            all.push_back({op, *version});
        }
        range.m_alternatives.push_back(std::move(all));
    }
    return range;
}

bool VersionRange::contains(const SemVer& version) const
{
    for (const auto& all : m_alternatives) {
        bool holds = true;
        for (const auto& c : all) {
            switch (c.op) {
            case Op::Eq: holds = holds && version == c.version; break;
            case Op::Lt: holds = holds && version < c.version; break;
            case Op::Le: holds = holds && version <= c.version; break;
            case Op::Gt: holds = holds && version > c.version; break;
            case Op::Ge: holds = holds && version >= c.version; break;
            }
        }
        if (holds)
            return true;
    }
    return false;
}

std::optional<std::size_t> mappingInForce(const std::vector<MappingCandidate>& candidates, const SemVer& templateVersion)
{
    std::optional<std::size_t> best;
    std::optional<SemVer> bestVersion;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        auto range = VersionRange::parse(candidates[i].fits);
        auto version = SemVer::parse(candidates[i].version);
        if (!range || !version || !range->contains(templateVersion))
            continue;
        if (!bestVersion || *bestVersion < *version) {
            best = i;
            bestVersion = *version;
        }
    }
    return best;
}

} // namespace avocet::core::mapping
