#include "server/BundleProcessor.h"

#include "server/FhirTypes.h"

#include <algorithm>
#include <map>
#include <utility>

namespace avocet::hub {

namespace {

constexpr std::size_t kMaxEntries = 5000;

struct EntryRequest
{
    std::string method;
    std::string type;
    std::optional<std::string> id;
    std::optional<std::string> version;
    std::string query; // after '?'
    std::string ifNoneExist;
    std::string ifMatch;
    std::string fullUrl;
    nlohmann::json resource;
};

std::string entryError(std::size_t index, const std::string& message)
{
    return "Bundle.entry[" + std::to_string(index) + "]: " + message;
}

core::Result<EntryRequest> parseEntry(nlohmann::json& entry, std::size_t index)
{
    if (!entry.is_object() || !entry.contains("request") || !entry["request"].is_object())
        return core::makeError(core::ErrorCode::InvalidArgument, entryError(index, "needs a request"));
    const auto& request = entry["request"];
    EntryRequest parsed;
    parsed.method = request.value("method", "");
    std::string url = request.value("url", "");
    if (parsed.method != "GET" && parsed.method != "POST" && parsed.method != "PUT" && parsed.method != "DELETE")
        return core::makeError(core::ErrorCode::InvalidArgument,
                               entryError(index, "request.method must be GET, POST, PUT or DELETE"));
    if (const auto question = url.find('?'); question != std::string::npos) {
        parsed.query = url.substr(question + 1);
        url = url.substr(0, question);
    }
    // Strip any absolute base: keep the last segments from a supported type onwards.
    std::vector<std::string> segments;
    std::size_t start = 0;
    while (start <= url.size()) {
        auto slash = url.find('/', start);
        if (slash == std::string::npos)
            slash = url.size();
        if (slash > start)
            segments.push_back(url.substr(start, slash - start));
        start = slash + 1;
    }
    auto typeAt = std::find_if(segments.begin(), segments.end(), isSupportedResourceType);
    if (typeAt == segments.end())
        return core::makeError(core::ErrorCode::InvalidArgument,
                               entryError(index, "request.url '" + request.value("url", "") +
                                                     "' does not name a supported resource type"));
    segments.erase(segments.begin(), typeAt);
    parsed.type = segments[0];
    if (segments.size() >= 2)
        parsed.id = segments[1];
    if (segments.size() == 4 && segments[2] == "_history")
        parsed.version = segments[3];
    else if (segments.size() > 2)
        return core::makeError(core::ErrorCode::InvalidArgument, entryError(index, "unsupported request.url"));
    parsed.ifNoneExist = request.value("ifNoneExist", "");
    parsed.ifMatch = request.value("ifMatch", "");
    parsed.fullUrl = entry.value("fullUrl", "");
    if (entry.contains("resource"))
        parsed.resource = std::move(entry["resource"]);
    if ((parsed.method == "POST" || parsed.method == "PUT") && !parsed.resource.is_object())
        return core::makeError(core::ErrorCode::InvalidArgument, entryError(index, "needs a resource"));
    if ((parsed.method == "PUT" || parsed.method == "DELETE") && !parsed.id && parsed.query.empty())
        return core::makeError(core::ErrorCode::InvalidArgument,
                               entryError(index, parsed.method + " needs Type/id or Type?identifier=system|value"));
    if (parsed.method == "POST" && parsed.id)
        return core::makeError(core::ErrorCode::InvalidArgument, entryError(index, "POST url must be the type only"));
    return parsed;
}

void rewriteReferences(nlohmann::json& node, const std::map<std::string, std::string>& mapping)
{
    if (node.is_object()) {
        for (auto it = node.begin(); it != node.end(); ++it) {
            if (it.key() == "reference" && it.value().is_string()) {
                if (auto found = mapping.find(it.value().get<std::string>()); found != mapping.end())
                    it.value() = found->second;
            } else {
                rewriteReferences(it.value(), mapping);
            }
        }
    } else if (node.is_array()) {
        for (auto& item : node)
            rewriteReferences(item, mapping);
    }
}

InteractionResult execute(FhirInteractions& fhir, EntryRequest& entry, const std::string& assignedId,
                          std::string* matchedId)
{
    if (entry.method == "GET") {
        // A type's history (T/_history?_since=…): a sync client asks for it beside its searches,
        // in the same batch, as the same caller with the same access rules as GET T/_history.
        if (entry.id && *entry.id == "_history" && !entry.version) {
            auto found = fhir.history(entry.type, std::nullopt, parseQueryString(entry.query));
            if (!found.bodyText.empty())
                found.body = nlohmann::json::parse(std::exchange(found.bodyText, {}));
            return found;
        }
        if (!entry.id) {
            auto found = fhir.search(entry.type, parseQueryString(entry.query));
            if (!found.bodyText.empty()) // the response bundle nests it as a resource
                found.body = nlohmann::json::parse(std::exchange(found.bodyText, {}));
            return found;
        }
        if (entry.version)
            return fhir.vread(entry.type, *entry.id, *entry.version);
        return fhir.read(entry.type, *entry.id);
    }
    // Each entry runs once: its resource is handed over, not copied.
    if (entry.method == "POST")
        return fhir.createWithId(entry.type, assignedId, std::move(entry.resource), entry.ifNoneExist, matchedId);
    if (entry.method == "PUT" && !entry.id)
        return fhir.conditionalUpdate(entry.type, entry.query, std::move(entry.resource));
    if (entry.method == "PUT")
        return fhir.update(entry.type, *entry.id, std::move(entry.resource), entry.ifMatch);
    if (!entry.id)
        return fhir.conditionalRemove(entry.type, entry.query);
    return fhir.remove(entry.type, *entry.id, entry.ifMatch);
}

nlohmann::json responseEntry(InteractionResult result)
{
    nlohmann::json response = {{"status", statusLine(result.status)}};
    if (!result.location.empty()) {
        // Relative location, as FHIR recommends inside bundles.
        response["location"] = result.resourceType + "/" + result.resourceId + "/_history/" +
                               result.etag.substr(3, result.etag.size() - 4);
    }
    if (!result.etag.empty())
        response["etag"] = result.etag;
    if (result.body.is_object() && result.body.contains("meta") && result.body["meta"].contains("lastUpdated"))
        response["lastModified"] = result.body["meta"]["lastUpdated"];
    // A parked feed record (202) and a feed change that changed nothing answer with an outcome.
    const bool outcomeOnly = result.isError() || (result.body.is_object() &&
                                                  result.body.value("resourceType", "") == "OperationOutcome");
    if (outcomeOnly)
        response["outcome"] = std::move(result.body);
    else if (result.outcome.is_object())
        response["outcome"] = std::move(result.outcome);
    nlohmann::json entry = {{"response", std::move(response)}};
    if (!outcomeOnly && result.body.is_object()) {
        entry["resource"] = std::move(result.body);
        if (!result.resourceId.empty())
            entry["fullUrl"] = result.location.substr(0, result.location.find("/_history/"));
    }
    return entry;
}

// FHIR transaction processing order: DELETE, POST, PUT, GET; conditional creates first among POSTs.
int processingRank(const EntryRequest& entry)
{
    if (entry.method == "DELETE")
        return 0;
    if (entry.method == "POST")
        return entry.ifNoneExist.empty() ? 2 : 1;
    if (entry.method == "PUT")
        return 3;
    return 4;
}

} // namespace

std::string statusLine(int status)
{
    static const std::map<int, std::string> reasons = {
        {200, "OK"},          {201, "Created"},   {202, "Accepted"},           {204, "No Content"},         {400, "Bad Request"},
        {401, "Unauthorized"}, {403, "Forbidden"}, {404, "Not Found"},          {405, "Method Not Allowed"},
        {409, "Conflict"},    {410, "Gone"},      {412, "Precondition Failed"}, {422, "Unprocessable Entity"},
        {500, "Internal Server Error"}};
    const auto found = reasons.find(status);
    return std::to_string(status) + (found == reasons.end() ? "" : " " + found->second);
}

InteractionResult processBundle(nlohmann::json bundle, const TransactionRunner& runInTransaction)
{
    if (!bundle.is_object() || bundle.value("resourceType", "") != "Bundle")
        return failure(400, "invalid", "POST to the base URL needs a Bundle");
    const std::string type = bundle.value("type", "");
    if (type != "batch" && type != "transaction")
        return failure(400, "invalid", "Bundle.type must be batch or transaction, got '" + type + "'");
    if (!bundle.contains("entry"))
        bundle["entry"] = nlohmann::json::array();
    nlohmann::json& entries = bundle["entry"];
    if (!entries.is_array())
        return failure(400, "invalid", "Bundle.entry must be an array");
    if (entries.size() > kMaxEntries)
        return failure(413, "too-costly", "a Bundle may hold at most " + std::to_string(kMaxEntries) + " entries");

    std::vector<EntryRequest> requests;
    std::vector<std::optional<InteractionResult>> parseFailures(entries.size());
    for (std::size_t i = 0; i < entries.size(); ++i) {
        auto parsed = parseEntry(entries[i], i);
        if (!parsed) {
            if (type == "transaction")
                return failure(400, "invalid", parsed.message());
            parseFailures[i] = failure(400, "invalid", parsed.message());
            requests.emplace_back();
            continue;
        }
        requests.push_back(std::move(parsed.value()));
    }

    nlohmann::json response = {{"resourceType", "Bundle"}, {"type", type + "-response"}};
    auto responseEntries = nlohmann::json::array();

    if (type == "batch") {
        for (std::size_t i = 0; i < requests.size(); ++i) {
            if (parseFailures[i]) {
                responseEntries.push_back(responseEntry(*parseFailures[i]));
                continue;
            }
            auto result = runInTransaction([&](FhirInteractions& fhir) {
                return execute(fhir, requests[i], newResourceId(), nullptr);
            });
            if (result.isError() && result.body.contains("issue") && result.body["issue"].is_array() &&
                !result.body["issue"].empty())
                result.body["issue"][0]["diagnostics"] =
                    entryError(i, result.body["issue"][0].value("diagnostics", ""));
            responseEntries.push_back(responseEntry(std::move(result)));
        }
        response["entry"] = std::move(responseEntries);
        InteractionResult done;
        done.body = std::move(response);
        return done;
    }

    std::vector<std::size_t> order(requests.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return processingRank(requests[a]) < processingRank(requests[b]);
    });
    std::map<std::string, std::string> references; // fullUrl (urn:uuid:...) -> Type/id
    std::vector<std::string> assignedIds(requests.size());
    for (std::size_t i = 0; i < requests.size(); ++i) {
        if (requests[i].method != "POST")
            continue;
        assignedIds[i] = newResourceId();
        if (!requests[i].fullUrl.empty())
            references[requests[i].fullUrl] = requests[i].type + "/" + assignedIds[i];
    }
    std::vector<InteractionResult> results(requests.size());
    std::vector<std::pair<std::string, std::string>> conditions;
    for (const auto& request : requests) {
        if (request.method == "POST" && !request.ifNoneExist.empty())
            conditions.emplace_back(request.type, request.ifNoneExist);
    }
    auto outcome = runInTransaction([&](FhirInteractions& fhir) {
        if (auto failed = fhir.prefetchConditionalCreates(conditions); failed)
            return *failed;
        for (const std::size_t i : order) {
            rewriteReferences(requests[i].resource, references);
            std::string matchedId;
            results[i] = execute(fhir, requests[i], assignedIds[i], &matchedId);
            if (results[i].isError()) {
                auto failed = results[i];
                if (failed.body.contains("issue") && failed.body["issue"].is_array() && !failed.body["issue"].empty())
                    failed.body["issue"][0]["diagnostics"] =
                        entryError(i, failed.body["issue"][0].value("diagnostics", ""));
                return failed;
            }
            if (!matchedId.empty() && !requests[i].fullUrl.empty())
                references[requests[i].fullUrl] = requests[i].type + "/" + matchedId;
        }
        InteractionResult done;
        return done;
    });
    if (outcome.isError())
        return outcome;
    for (auto& result : results)
        responseEntries.push_back(responseEntry(std::move(result)));
    response["entry"] = std::move(responseEntries);
    InteractionResult done;
    done.body = std::move(response);
    return done;
}

} // namespace avocet::hub
