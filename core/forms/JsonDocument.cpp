#include "core/forms/JsonDocument.h"

#include <algorithm>
#include <optional>
#include <string>

namespace avocet::core::forms {

namespace {

std::string at(TextPosition p)
{
    return "line " + std::to_string(p.line) + ", column " + std::to_string(p.column);
}

// nlohmann's messages start with "[json.exception.parse_error.101] parse error at line 3,
// column 4: "; keep only the part after that, which says what was wrong.
std::string explanation(const std::string& what)
{
    auto colon = what.find(": ");
    std::string detail = colon == std::string::npos ? what : what.substr(colon + 2);
    auto lastRead = detail.find("; last read:");
    if (lastRead != std::string::npos) {
        detail.erase(lastRead);
    }
    return detail;
}

// Finds the first place where nesting exceeds the limit without building anything, so a
// hostile file cannot exhaust the stack or memory before we refuse it.
std::optional<std::size_t> tooDeepAt(std::string_view text, int maxDepth)
{
    int depth = 0;
    bool inString = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (inString) {
            if (c == '\\') {
                ++i;
            } else if (c == '"') {
                inString = false;
            }
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            if (++depth > maxDepth) {
                return i;
            }
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return std::nullopt;
}

} // namespace

TextPosition positionOf(std::string_view text, std::size_t offset)
{
    TextPosition p;
    offset = std::min(offset, text.size());
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++p.line;
            p.column = 1;
        } else {
            ++p.column;
        }
    }
    return p;
}

Result<nlohmann::json> parseJsonDocument(std::string_view text, const JsonLimits& limits)
{
    if (text.size() > limits.maxBytes) {
        return makeError(ErrorCode::ParseError,
                         "The file is " + std::to_string(text.size() / 1024) + " KiB; the limit is " +
                             std::to_string(limits.maxBytes / 1024) + " KiB. Check that this is the right file.");
    }
    if (auto offset = tooDeepAt(text, limits.maxDepth)) {
        return makeError(ErrorCode::ParseError, "The file is nested more than " + std::to_string(limits.maxDepth) +
                                                    " levels deep at " + at(positionOf(text, *offset)) + ".");
    }
    try {
        return nlohmann::json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::parse_error& e) {
        // e.byte is 1-based and points at the character that could not be read.
        std::size_t offset = e.byte > 0 ? e.byte - 1 : 0;
        return makeError(ErrorCode::ParseError,
                         "The file is not valid JSON at " + at(positionOf(text, offset)) + ": " + explanation(e.what()));
    } catch (const std::exception& e) {
        return makeError(ErrorCode::ParseError, std::string("The file could not be read as JSON: ") + e.what());
    }
}

} // namespace avocet::core::forms
