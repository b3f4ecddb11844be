#include "server/HttpTypes.h"

namespace avocet::hub {

std::string HubRequest::header(const std::string& lowerName) const
{
    for (const auto& [name, value] : headers) {
        if (name == lowerName)
            return value;
    }
    return {};
}

bool HubRequest::hasHeader(const std::string& lowerName) const
{
    for (const auto& entry : headers) {
        if (entry.first == lowerName)
            return true;
    }
    return false;
}

void HubResponse::setHeader(const std::string& name, const std::string& value)
{
    for (auto& entry : headers) {
        if (entry.first == name) {
            entry.second = value;
            return;
        }
    }
    headers.emplace_back(name, value);
}

} // namespace avocet::hub
