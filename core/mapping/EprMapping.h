#pragma once
// A mapping document: how one harmonised template version lands in one EPR's native form.
// The JSON format is documented in docs/mapping.md. Parsing is strict (unknown keys, missing
// transforms and codes without a map are errors naming the file and JSON pointer) and pure:
// a bad document changes nothing anywhere.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/Result.h"
#include "core/identity/Patient.h"
#include "core/mapping/NativeCatalogue.h"
#include "core/mapping/SemVer.h"
#include "core/mapping/TemplateOutline.h"

namespace avocet::core::mapping {

// What happens to an item's answers in this EPR.
enum class ItemPolicy {
    Map,            // written to `field` with the entry's transform
    Omit,           // not sent; the submission carries a warning naming the item
    AppendToField,  // rendered as "[Label] value" and appended to the free-text `field`
    AttachRendered, // rendered into a text attachment that travels with the native payload
};

// What happens when free text is longer than the native field holds.
enum class OverLimit {
    Unset,
    Reject,            // the submission is refused, nothing is sent
    Truncate,          // cut at the limit with a visible marker, warning
    TruncateAndAttach, // cut, and the full text travels as an attachment, warning
};

std::string policyName(ItemPolicy policy);
std::string overLimitName(OverLimit policy);

struct CodeMap
{
    std::string system;
    std::string code;
    std::string display;
    std::string native;
    bool reverse = true; // used for native -> answer; false for the lossy side of a many-to-one map
    std::string pointer;

    std::string key() const { return system + "|" + code; }
    // {"valueCoding": {system, code, display}}, built once: inbound copies it for every record.
    const nlohmann::json& answer() const;

private:
    mutable nlohmann::json m_answer;
};

struct UnitTransform
{
    std::string fromUnit; // the template's unit (UCUM code), e.g. h
    std::string toUnit;   // the EPR's unit, e.g. min
    double factor = 1.0;  // native = answer * factor
};

// How an item inside a repeating group is held: each copy n (1-based) of `group` goes to its own
// native field, `field` with "{n}" replaced by n, for n = 1..max (policy map). Other policies take
// the copy number into their label: "[Label (n)] value". More copies than `max` are refused.
struct RepeatRule
{
    std::string group; // linkId of the repeating group the item sits in
    int max = 0;       // map: how many copies the EPR has fields for; 0 for the other policies
};

inline constexpr const char* kCopyPlaceholder = "{n}";

// A clinician's recorded agreement that an entry may lose information (a many-to-one code, an
// omitted, appended or attached item, truncated text): who, on which day, and why it is safe.
struct SignOff
{
    std::string by;
    std::string date; // YYYY-MM-DD
    std::string why;
};

struct MappingEntry
{
    std::string linkId;
    std::string type; // the template item type this entry was written for
    std::string label;
    std::vector<std::string> groupPath;
    ItemPolicy policy = ItemPolicy::Map;
    std::string field; // Map: the target field; AppendToField: the free-text field appended to
    std::string reason;
    std::string dateFormat;                 // date items: the EPR's format, e.g. DD/MM/YYYY
    std::optional<UnitTransform> unit;      // quantity / numbers stored in another unit
    std::optional<std::pair<std::string, std::string>> booleanCodes; // EPR codes for true, false
    std::vector<CodeMap> codes;             // choice items
    OverLimit overLimit = OverLimit::Unset; // free text longer than the field holds
    std::optional<RepeatRule> repeat;       // the item sits inside a repeating group
    std::string pointer;                    // JSON pointer of the entry in its document
    std::optional<SignOff> signOff;         // required before publishing an entry that loses information

    // The native field of copy n (1-based) of the repeating group; `field` without a repeat rule.
    std::string fieldFor(int copy) const;
    // The label in appended text and attachments: "Label", or "Label (n)" for copy n.
    std::string labelFor(int copy) const;

    // True when response -> native -> response may not give back exactly what went in.
    bool isLossy() const;
    const CodeMap* codeFor(const std::string& system, const std::string& code) const;
    const CodeMap* answerForNative(const std::string& native) const;
};

struct EprMapping
{
    std::string id;
    std::string version;
    std::string title;
    std::string illustrative;
    identity::Epr epr = identity::Epr::Paris;
    std::string templateUrl;
    std::string templateVersion; // the version the entries were written against
    VersionRange fits;           // every template version this mapping declares it fits
    std::string nativeFormId;
    std::optional<NativeForm> nativeForm; // from the catalogue, when one was given
    std::vector<MappingEntry> entries;
    std::string source; // file name, for messages

    const MappingEntry* entryFor(const std::string& linkId) const;
    bool fitsVersion(const std::string& templateVersion) const;
    std::string label() const { return id + "@" + version; }
};

// Parses and checks a mapping document; with a catalogue it also checks every field, code and
// limit against the EPR's native form.
Result<EprMapping> parseMapping(const nlohmann::json& document, const std::string& source,
                                const NativeCatalogue* catalogue);

// Reads a mapping file and the catalogue it names ("catalogue", relative to the mapping file),
// or `catalogueOverride` when given.
Result<EprMapping> loadMappingFile(const std::filesystem::path& path,
                                   const std::optional<std::filesystem::path>& catalogueOverride = std::nullopt);

// Reads and parses any JSON file, with line and column in the message when it is not JSON.
Result<nlohmann::json> readJsonFile(const std::filesystem::path& path);

// Every disagreement between a mapping and a template version: wrong url, version outside the
// declared range, entries naming missing or retyped linkIds, items with no entry and no policy,
// answer codes without a map, and entries that lose information without a clinical sign-off.
// Empty when the mapping fits the template and may be published.
std::vector<std::string> checkAgainstTemplate(const EprMapping& mapping, const TemplateOutline& outline);

// Why this entry loses information (for people), empty when it does not.
std::string lossDescription(const MappingEntry& entry);

} // namespace avocet::core::mapping
