#pragma once
// An EPR's catalogue of native form definitions (resources/epr/*.json). The demo catalogues are
// ILLUSTRATIVE: the real Paris, Mobius and SystmOne catalogues are not public. See docs/mapping.md.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/Result.h"
#include "core/identity/Patient.h"

namespace avocet::core::mapping {

struct NativeCode
{
    std::string code;
    std::string display;
};

struct NativeField
{
    std::string id;
    std::string label;
    std::string type; // text, date, code, integer, decimal, boolean
    std::optional<int> maxLength; // text: characters (Unicode code points)
    std::string format;           // date: e.g. DD/MM/YYYY
    std::string unit;             // integer/decimal: the unit the EPR stores
    std::vector<NativeCode> codes; // code: the EPR's own code list
    bool multiple = false;         // code: holds a list of codes
    bool required = false;

    bool hasCode(const std::string& code) const;
};

struct NativeForm
{
    std::string id;
    std::string version;
    std::string title;
    std::vector<NativeField> fields;

    const NativeField* field(const std::string& id) const;
};

struct NativeCatalogue
{
    identity::Epr epr = identity::Epr::Paris;
    std::string version;
    std::string illustrative; // the label every demo catalogue carries
    std::vector<NativeForm> forms;

    const NativeForm* form(const std::string& id) const;
};

Result<NativeCatalogue> parseCatalogue(const nlohmann::json& document, const std::string& source);

} // namespace avocet::core::mapping
