#include "server/MappingRegistry.h"

#include "core/mapping/NativeCatalogue.h"
#include "core/mapping/SemVer.h"
#include "core/mapping/TemplateOutline.h"
#include "server/Log.h"
#include "server/ResourceRepository.h"

#include <algorithm>
#include <filesystem>
#include <unistd.h>

namespace avocet::hub {

namespace fs = std::filesystem;
namespace mapping = core::mapping;
using core::ErrorCode;
using core::makeError;
using nlohmann::json;

namespace {

std::vector<fs::path> jsonFilesUnder(const fs::path& directory)
{
    std::vector<fs::path> files;
    std::error_code error;
    for (fs::recursive_directory_iterator it(directory, error), end; !error && it != end; it.increment(error)) {
        if (it->is_regular_file() && it->path().extension() == ".json")
            files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::string dump(const json& value)
{
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

} // namespace

std::string defaultResourceDirectory(const std::string& name)
{
#if defined(AVOCET_SOURCE_DIR) && defined(AVOCET_HUB_BUILD_DIR)
    std::error_code error;
    const fs::path executable = fs::read_symlink("/proc/self/exe", error);
    if (error)
        return {};
    const fs::path build = fs::weakly_canonical(AVOCET_HUB_BUILD_DIR, error);
    const auto relative = executable.lexically_relative(build);
    if (relative.empty() || relative.native().rfind("..", 0) == 0)
        return {};
    const fs::path candidate = fs::path(AVOCET_SOURCE_DIR) / "resources" / name;
    return fs::exists(candidate, error) ? candidate.string() : std::string();
#else
    (void)name;
    return {};
#endif
}

core::Result<std::shared_ptr<MappingRegistry>> MappingRegistry::load(const HubOptions& options)
{
    auto registry = std::make_shared<MappingRegistry>();
    if (!options.cataloguesDirectory.empty()) {
        for (const auto& file : jsonFilesUnder(options.cataloguesDirectory)) {
            auto document = mapping::readJsonFile(file);
            if (!document)
                return document.error();
            if (!document->is_object() || document->value("format", "") != "avocet-epr-catalogue")
                continue;
            auto parsed = mapping::parseCatalogue(*document, file.string());
            if (!parsed)
                return parsed.error();
            registry->m_catalogues[core::identity::eprName(parsed->epr)] = *document;
        }
    }
    if (!options.mappingsDirectory.empty()) {
        for (const auto& file : jsonFilesUnder(options.mappingsDirectory)) {
            auto document = mapping::readJsonFile(file);
            if (!document)
                return document.error();
            if (!document->is_object() || document->value("format", "") != "avocet-epr-mapping")
                continue;
            auto loaded = mapping::loadMappingFile(file);
            if (!loaded)
                return loaded.error();
            if (!document->contains("catalogue") || !(*document)["catalogue"].is_string())
                return makeError(ErrorCode::MappingInvalid, file.string() + "#/catalogue: the hub needs the catalogue "
                                                                            "the mapping was written against");
            auto catalogue = mapping::readJsonFile(file.parent_path() / (*document)["catalogue"].get<std::string>());
            if (!catalogue)
                return catalogue.error();
            const std::string epr = core::identity::eprName(loaded->epr);
            registry->m_catalogues.emplace(epr, *catalogue);
            registry->m_directory.push_back({*document, *catalogue});
        }
    }
    if (!options.templatesDirectory.empty()) {
        for (const auto& file : jsonFilesUnder(options.templatesDirectory)) {
            auto document = mapping::readJsonFile(file);
            if (!document)
                return document.error();
            if (!document->is_object() || document->value("resourceType", "") != "Questionnaire")
                continue;
            if (auto outline = mapping::readTemplate(*document, file.string()); !outline)
                return outline.error();
            registry->m_templates.push_back(*document);
        }
    }
    return registry;
}

core::Result<bool> MappingRegistry::insert(PgConnection& connection, const json& document, const json& catalogue,
                                           const std::string& publishedBy)
{
    const json& templ = document["template"];
    auto inserted = connection.query(
        "INSERT INTO epr_mappings (mapping_id, version, epr, template_url, template_version, fits, status, document,"
        " catalogue, published_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10)"
        " ON CONFLICT (mapping_id, version) DO NOTHING RETURNING 1",
        {document.value("id", ""), document.value("version", ""), document.value("epr", ""), templ.value("url", ""),
         templ.value("version", ""), templ.value("fits", templ.value("version", "")), document.value("status", "active"),
         dump(document), dump(catalogue), publishedBy});
    if (!inserted)
        return inserted.error();
    return inserted->rows() == 1;
}

core::Status MappingRegistry::publishDirectory(PgConnection& connection)
{
    PgTransaction transaction(connection);
    if (auto begun = transaction.begin(); !begun)
        return begun;
    ResourceRepository repository(connection);
    if (auto locked = repository.lockForWrite(); !locked)
        return locked;
    for (const auto& entry : m_directory) {
        if (auto inserted = insert(connection, entry.document, entry.catalogue, "directory"); !inserted)
            return inserted.error();
    }
    int published = 0;
    for (const auto& questionnaire : m_templates) {
        auto existing = connection.query("SELECT 1 FROM resources WHERE resource_type = 'Questionnaire' AND NOT is_deleted"
                                         " AND content->>'url' = $1 AND content->>'version' = $2",
                                         {questionnaire.value("url", ""), questionnaire.value("version", "")});
        if (!existing)
            return existing.error();
        if (existing->rows() > 0)
            continue;
        json content = questionnaire;
        std::string id = content.value("id", "");
        auto taken = repository.current("Questionnaire", id);
        if (!taken)
            return taken.error();
        if (id.empty() || taken.value())
            id = newResourceId();
        if (auto written = repository.write("Questionnaire", id, 1, "POST", content, ""); !written)
            return written.error();
        ++published;
    }
    if (auto committed = transaction.commit(); !committed)
        return committed;
    logEvent("info", "mappings_loaded",
             {{"mappings", m_directory.size()}, {"templates", m_templates.size()}, {"templatesPublished", published}});
    return core::Status::success();
}

core::Result<PublishOutcome> MappingRegistry::publish(PgConnection& connection, const json& document,
                                                      const std::string& publishedBy)
{
    if (!document.is_object() || document.value("format", "") != "avocet-epr-mapping")
        return makeError(ErrorCode::InvalidArgument, "send an EPR mapping document (\"format\": \"avocet-epr-mapping\")");
    const std::string epr = document.value("epr", "");
    const auto catalogueFound = m_catalogues.find(epr);
    if (catalogueFound == m_catalogues.end())
        return makeError(ErrorCode::MappingInvalid, "published#/epr: this hub has no catalogue for EPR '" + epr + "'");
    auto catalogue = mapping::parseCatalogue(catalogueFound->second, epr + " catalogue");
    if (!catalogue)
        return catalogue.error();
    auto parsed = mapping::parseMapping(document, "published", &*catalogue);
    if (!parsed)
        return parsed.error();
    if (core::identity::eprName(parsed->epr) != epr)
        return makeError(ErrorCode::MappingInvalid, "published#/epr: unexpected EPR name");

    auto templ = connection.query("SELECT content::text FROM resources WHERE resource_type = 'Questionnaire'"
                                  " AND NOT is_deleted AND content->>'url' = $1 AND content->>'version' = $2 LIMIT 1",
                                  {parsed->templateUrl, parsed->templateVersion});
    if (!templ)
        return templ.error();
    // A mapping is always checked against the template it is for: without it on the hub, nothing
    // says which items it must cover, so it is refused.
    if (templ->rows() == 0)
        return makeError(ErrorCode::MappingInvalid, "published#/template: " + parsed->templateUrl + "|" +
                                                        parsed->templateVersion +
                                                        " is not on this hub; publish the template first, then its mappings");
    auto outline = mapping::readTemplate(json::parse(templ->text(0, 0), nullptr, false), "template");
    if (!outline)
        return outline.error();
    const auto problems = mapping::checkAgainstTemplate(*parsed, *outline);
    if (!problems.empty()) {
        std::string message = std::to_string(problems.size()) + " disagreement(s) with the template:";
        for (const auto& problem : problems)
            message += "\n  " + problem;
        return makeError(ErrorCode::MappingInvalid, message);
    }

    PublishOutcome outcome{false, parsed->id, parsed->version};
    // Versions are immutable: the insert decides (the primary key on id and version), so of two
    // publishes racing for one version exactly one is new; the other is compared with it.
    auto inserted = insert(connection, document, catalogueFound->second, publishedBy);
    if (!inserted)
        return inserted.error();
    if (*inserted) {
        outcome.isNew = true;
        return outcome;
    }
    auto existing = connection.query("SELECT document::text FROM epr_mappings WHERE mapping_id = $1 AND version = $2",
                                     {parsed->id, parsed->version});
    if (!existing)
        return existing.error();
    if (existing->rows() == 0 || json::parse(existing->text(0, 0), nullptr, false) != document)
        return makeError(ErrorCode::AlreadyExists, "mapping " + parsed->label() +
                                                       " is already published with different content; publish "
                                                       "a new version instead");
    return outcome;
}

core::Result<MappingPtr> MappingRegistry::parseStored(const std::string& id, const std::string& version,
                                                      const std::string& documentText, const std::string& catalogueText)
{
    const std::string key = id + "@" + version;
    {
        std::lock_guard lock(m_mutex);
        if (auto cached = m_cache.find(key); cached != m_cache.end())
            return cached->second;
    }
    auto catalogue = mapping::parseCatalogue(json::parse(catalogueText, nullptr, false), key + " catalogue");
    if (!catalogue)
        return catalogue.error();
    auto parsed = mapping::parseMapping(json::parse(documentText, nullptr, false), "mapping " + key, &*catalogue);
    if (!parsed)
        return parsed.error();
    auto shared = std::make_shared<const mapping::EprMapping>(std::move(parsed.value()));
    std::lock_guard lock(m_mutex);
    m_cache.emplace(key, shared);
    return MappingPtr(shared);
}

core::Result<MappingPtr> MappingRegistry::find(PgConnection& connection, const std::string& id,
                                               const std::string& version)
{
    {
        std::lock_guard lock(m_mutex);
        if (auto cached = m_cache.find(id + "@" + version); cached != m_cache.end())
            return cached->second;
    }
    auto rows = connection.query("SELECT document::text, catalogue::text FROM epr_mappings"
                                 " WHERE mapping_id = $1 AND version = $2",
                                 {id, version});
    if (!rows)
        return rows.error();
    if (rows->rows() == 0)
        return makeError(ErrorCode::NotFound, "mapping " + id + "@" + version + " is not published on this hub");
    return parseStored(id, version, rows->text(0, 0), rows->text(0, 1));
}

core::Result<MappingPtr> MappingRegistry::active(PgConnection& connection, const std::string& epr,
                                                 const std::string& templateUrl, const std::string& templateVersion)
{
    auto wanted = mapping::SemVer::parse(templateVersion);
    if (!wanted)
        return makeError(ErrorCode::NotFound, "template version '" + templateVersion + "' is not a semantic version");
    auto rows = connection.query("SELECT mapping_id, version, fits FROM epr_mappings"
                                 " WHERE epr = $1 AND template_url = $2 AND status = 'active'",
                                 {epr, templateUrl});
    if (!rows)
        return rows.error();
    std::vector<mapping::MappingCandidate> candidates;
    for (int row = 0; row < rows->rows(); ++row)
        candidates.push_back({rows->text(row, 1), rows->text(row, 2)});
    const auto best = mapping::mappingInForce(candidates, *wanted);
    if (!best)
        return makeError(ErrorCode::NotFound, "no active mapping to " + epr + " fits " + templateUrl + "|" +
                                                  templateVersion + "; a change manager must publish one");
    const int row = static_cast<int>(*best);
    return find(connection, rows->text(row, 0), rows->text(row, 1));
}

core::Result<json> MappingRegistry::list(PgConnection& connection, const std::optional<std::string>& templateCanonical,
                                         const std::optional<std::string>& epr)
{
    auto rows = connection.query(
        "SELECT mapping_id, version, epr, template_url, template_version, fits, status, published_by,"
        " to_char(published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), coalesce(document->>'title', '')"
        " FROM epr_mappings WHERE ($1::text IS NULL OR template_url = $1) AND ($2::text IS NULL OR epr = $2)"
        " ORDER BY template_url, epr, mapping_id, version",
        {templateCanonical ? SqlParam(mapping::splitCanonical(*templateCanonical).first) : SqlParam(),
         epr ? SqlParam(*epr) : SqlParam()});
    if (!rows)
        return rows.error();
    const std::string wantedVersion = templateCanonical ? mapping::splitCanonical(*templateCanonical).second : "";
    auto wanted = mapping::SemVer::parse(wantedVersion);
    auto out = json::array();
    for (int row = 0; row < rows->rows(); ++row) {
        if (!wantedVersion.empty()) {
            auto range = mapping::VersionRange::parse(rows->text(row, 5));
            if (!wanted || !range || !range->contains(*wanted))
                continue;
        }
        out.push_back({{"id", rows->text(row, 0)},
                       {"version", rows->text(row, 1)},
                       {"epr", rows->text(row, 2)},
                       {"template", {{"url", rows->text(row, 3)}, {"version", rows->text(row, 4)}, {"fits", rows->text(row, 5)}}},
                       {"status", rows->text(row, 6)},
                       {"publishedBy", rows->text(row, 7)},
                       {"publishedAt", rows->text(row, 8)},
                       {"title", rows->text(row, 9)}});
    }
    return out;
}

core::Result<std::optional<json>> MappingRegistry::document(PgConnection& connection, const std::string& id,
                                                            const std::string& version)
{
    auto rows = connection.query("SELECT document::text FROM epr_mappings WHERE mapping_id = $1 AND version = $2",
                                 {id, version});
    if (!rows)
        return rows.error();
    if (rows->rows() == 0)
        return std::optional<json>();
    return std::optional<json>(json::parse(rows->text(0, 0), nullptr, false));
}

} // namespace avocet::hub
