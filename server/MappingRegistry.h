#pragma once
// The EPR mapping documents this hub renders submissions with. Every hub process keeps them in
// PostgreSQL (table epr_mappings), so all hubs over one database agree: documents from the
// --mappings directory are published at start-up, change managers publish more through
// POST /mappings. A published id+version never changes; parsed mappings are cached per process.

#include "core/common/Result.h"
#include "core/mapping/EprMapping.h"
#include "server/HubOptions.h"
#include "server/PgConnection.h"

#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace avocet::hub {

using MappingPtr = std::shared_ptr<const core::mapping::EprMapping>;

struct PublishOutcome
{
    bool isNew = false; // false: the identical document was already published
    std::string id;
    std::string version;
};

class MappingRegistry
{
public:
    // Reads the catalogues, mapping and template directories named in the options. Any document
    // that does not load stops the hub with a message naming the file and JSON pointer.
    static core::Result<std::shared_ptr<MappingRegistry>> load(const HubOptions& options);

    // Publishes the directory's mappings (absent id+version only) and templates (Questionnaires
    // whose url|version is absent), under the write lock.
    core::Status publishDirectory(PgConnection& connection);

    // Validates against the EPR's catalogue and, when the template version is on the hub, against
    // the template. Errors: MappingInvalid (422), AlreadyExists (a different document already has
    // this id and version: 409), InvalidArgument.
    core::Result<PublishOutcome> publish(PgConnection& connection, const nlohmann::json& document,
                                         const std::string& publishedBy);

    // NotFound when absent.
    core::Result<MappingPtr> find(PgConnection& connection, const std::string& id, const std::string& version);
    // The active mapping with the highest version for this EPR whose range fits the template
    // version; NotFound when none.
    core::Result<MappingPtr> active(PgConnection& connection, const std::string& epr, const std::string& templateUrl,
                                    const std::string& templateVersion);

    core::Result<nlohmann::json> list(PgConnection& connection, const std::optional<std::string>& templateCanonical,
                                      const std::optional<std::string>& epr);
    core::Result<std::optional<nlohmann::json>> document(PgConnection& connection, const std::string& id,
                                                         const std::string& version);

    std::size_t directoryMappingCount() const { return m_directory.size(); }

private:
    struct DirectoryMapping
    {
        nlohmann::json document;
        nlohmann::json catalogue;
    };
    // false when that id and version are already published (nothing written).
    core::Result<bool> insert(PgConnection& connection, const nlohmann::json& document, const nlohmann::json& catalogue,
                        const std::string& publishedBy);
    core::Result<MappingPtr> parseStored(const std::string& id, const std::string& version,
                                         const std::string& documentText, const std::string& catalogueText);

    std::map<std::string, nlohmann::json> m_catalogues; // EPR name -> catalogue document
    std::vector<DirectoryMapping> m_directory;
    std::vector<nlohmann::json> m_templates;
    std::mutex m_mutex;
    std::map<std::string, MappingPtr> m_cache; // "id@version"
};

// Default data directories when the hub runs from its build tree: the repository's resources.
std::string defaultResourceDirectory(const std::string& name);

} // namespace avocet::hub
