#include "core/sync/DerivedObservations.h"

#include "core/sync/SyncStore.h"

#include <cstdio>
#include <set>
#include <sodium.h>

namespace avocet::core::sync {

using nlohmann::json;

namespace {

// The content that says what was observed: without the fields sync and the hub manage.
json comparable(json resource)
{
    if (resource.is_object()) {
        for (const char* key : {"id", "meta", "identifier", "status"})
            resource.erase(key);
    }
    return resource;
}

Status retire(SyncStore& store, const LocalResource& existing)
{
    if (!existing.serverId)
        return store.deleteLocal("Observation", existing.localId); // never sent: the create is dropped
    if (existing.content.value("status", "") == "entered-in-error")
        return Status::success();
    json content = existing.content;
    content["status"] = "entered-in-error";
    return store.updateLocal("Observation", existing.localId, std::move(content));
}

} // namespace

std::string derivedClientId(const std::string& derivedKey)
{
    unsigned char hash[16];
    static const char kContext[] = "avocet derived observation v1";
    crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(derivedKey.data()),
                       derivedKey.size(), reinterpret_cast<const unsigned char*>(kContext),
                       sizeof kContext - 1);
    hash[6] = static_cast<unsigned char>((hash[6] & 0x0f) | 0x80); // version 8 (custom, RFC 9562)
    hash[8] = static_cast<unsigned char>((hash[8] & 0x3f) | 0x80); // variant 10
    char text[37];
    std::snprintf(text, sizeof text, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                  hash[0], hash[1], hash[2], hash[3], hash[4], hash[5], hash[6], hash[7], hash[8], hash[9],
                  hash[10], hash[11], hash[12], hash[13], hash[14], hash[15]);
    return text;
}

Result<DerivedObservationChanges> storeDerivedObservations(
    SyncStore& store, const forms::Questionnaire& questionnaire, const std::string& responseClientId,
    std::vector<forms::ExtractedObservation> observations, const std::optional<std::string>& patientRef)
{
    DerivedObservationChanges changes;
    if (responseClientId.empty())
        return changes;
    auto tx = store::ScopedWrite::begin(store.database());
    if (!tx)
        return tx.error();
    std::set<std::string> kept;
    for (auto& extracted : observations) {
        const std::string clientId = derivedClientId(extracted.key);
        kept.insert(clientId);
        json resource = std::move(extracted.resource);
        resource["identifier"].push_back({{"system", kClientIdSystem}, {"value", clientId}});
        auto existing = store.get("Observation", clientId);
        if (!existing)
            return existing.error();
        if (!*existing) {
            auto created = store.createLocal(std::move(resource));
            if (!created)
                return created.error();
            if (patientRef) {
                LocalResource linked = *created;
                linked.patientRef = patientRef;
                if (Status st = store.writeResource(linked); !st)
                    return st.error();
            }
            ++changes.created;
            continue;
        }
        const LocalResource& held = **existing;
        if (comparable(held.content) == comparable(resource) &&
            held.content.value("status", "") != "entered-in-error") {
            if (patientRef && held.patientRef != patientRef) {
                LocalResource linked = held;
                linked.patientRef = patientRef;
                if (Status st = store.writeResource(linked); !st)
                    return st.error();
            }
            ++changes.unchanged;
            continue;
        }
        if (held.serverId)
            resource["status"] = "amended"; // the hub holds the earlier value
        if (Status st = store.updateLocal("Observation", clientId, std::move(resource)); !st)
            return st.error();
        if (patientRef) {
            auto updated = store.get("Observation", clientId);
            if (!updated)
                return updated.error();
            if (*updated && (*updated)->patientRef != patientRef) {
                LocalResource linked = **updated;
                linked.patientRef = patientRef;
                if (Status st = store.writeResource(linked); !st)
                    return st.error();
            }
        }
        ++changes.updated;
    }
    // Answers no longer given: every extracted item's Observations this response had, not kept now.
    for (const forms::QuestionnaireItem* item : questionnaire.allItems()) {
        if (!forms::isExtracted(*item, questionnaire))
            continue;
        for (int n = 0;; ++n) {
            const std::string key =
                responseClientId + "#" + item->linkId + (n > 0 ? "#" + std::to_string(n) : std::string());
            const std::string clientId = derivedClientId(key);
            auto existing = store.get("Observation", clientId);
            if (!existing)
                return existing.error();
            if (!*existing)
                break;
            if (kept.count(clientId))
                continue;
            if (Status st = retire(store, **existing); !st)
                return st.error();
            ++changes.retired;
        }
    }
    if (Status st = tx->commit(); !st)
        return st.error();
    return changes;
}

} // namespace avocet::core::sync
