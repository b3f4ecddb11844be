#include "core/forms/FhirPathParser.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace avocet::core::forms {

namespace {

struct Token
{
    enum class Type { End, Identifier, QuotedIdentifier, String, Number, DateTime, Variable, Special, Symbol };
    Type type = Type::End;
    std::string text;
    std::size_t offset = 0;
};

struct ParseFailure
{
    std::string message;
};

const std::set<std::string, std::less<>> kCalendarUnits{
    "year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours",
    "minute", "minutes", "second", "seconds", "millisecond", "milliseconds"};

class Lexer
{
public:
    explicit Lexer(std::string_view text) : m_text(text) {}

    std::vector<Token> run()
    {
        std::vector<Token> tokens;
        for (;;) {
            skipSpaceAndComments();
            Token t;
            t.offset = m_pos;
            if (m_pos >= m_text.size()) {
                tokens.push_back(t);
                return tokens;
            }
            char c = m_text[m_pos];
            if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
                t.type = Token::Type::Identifier;
                t.text = readWord();
            } else if (c == '`') {
                t.type = Token::Type::QuotedIdentifier;
                t.text = readQuoted('`');
            } else if (c == '\'') {
                t.type = Token::Type::String;
                t.text = readQuoted('\'');
            } else if (std::isdigit(static_cast<unsigned char>(c))) {
                t.type = Token::Type::Number;
                t.text = readNumber();
            } else if (c == '@') {
                ++m_pos;
                t.type = Token::Type::DateTime;
                t.text = readDateTime();
            } else if (c == '%') {
                ++m_pos;
                t.type = Token::Type::Variable;
                if (m_pos < m_text.size() && (m_text[m_pos] == '`' || m_text[m_pos] == '\'')) {
                    t.text = readQuoted(m_text[m_pos]);
                } else {
                    t.text = readWord();
                }
                if (t.text.empty()) {
                    fail("a variable name after %");
                }
            } else if (c == '$') {
                ++m_pos;
                t.type = Token::Type::Special;
                t.text = readWord();
            } else {
                t.type = Token::Type::Symbol;
                t.text = readSymbol();
            }
            tokens.push_back(std::move(t));
        }
    }

private:
    [[noreturn]] void fail(const std::string& what) const
    {
        throw ParseFailure{"expected " + what + " at position " + std::to_string(m_pos + 1)};
    }

    void skipSpaceAndComments()
    {
        while (m_pos < m_text.size()) {
            if (std::isspace(static_cast<unsigned char>(m_text[m_pos]))) {
                ++m_pos;
            } else if (m_text.substr(m_pos, 2) == "//") {
                while (m_pos < m_text.size() && m_text[m_pos] != '\n') {
                    ++m_pos;
                }
            } else if (m_text.substr(m_pos, 2) == "/*") {
                auto end = m_text.find("*/", m_pos + 2);
                if (end == std::string_view::npos) {
                    fail("the end of a /* comment */");
                }
                m_pos = end + 2;
            } else {
                return;
            }
        }
    }

    std::string readWord()
    {
        std::size_t start = m_pos;
        while (m_pos < m_text.size() &&
               (std::isalnum(static_cast<unsigned char>(m_text[m_pos])) || m_text[m_pos] == '_')) {
            ++m_pos;
        }
        return std::string(m_text.substr(start, m_pos - start));
    }

    std::string readQuoted(char quote)
    {
        ++m_pos; // opening quote
        std::string out;
        while (m_pos < m_text.size() && m_text[m_pos] != quote) {
            char c = m_text[m_pos++];
            if (c != '\\') {
                out += c;
                continue;
            }
            if (m_pos >= m_text.size()) {
                break;
            }
            char e = m_text[m_pos++];
            switch (e) {
            case 'n': out += '\n'; break;
            case 't': out += '\t'; break;
            case 'r': out += '\r'; break;
            case 'f': out += '\f'; break;
            case 'u': {
                if (m_pos + 4 > m_text.size()) {
                    fail("four hex digits after \\u");
                }
                unsigned code = static_cast<unsigned>(std::stoul(std::string(m_text.substr(m_pos, 4)), nullptr, 16));
                m_pos += 4;
                appendUtf8(out, code);
                break;
            }
            default: out += e; break; // \\ \' \" \` \/
            }
        }
        if (m_pos >= m_text.size()) {
            fail(std::string("a closing ") + quote);
        }
        ++m_pos;
        return out;
    }

    static void appendUtf8(std::string& out, unsigned code)
    {
        if (code < 0x80) {
            out += static_cast<char>(code);
        } else if (code < 0x800) {
            out += static_cast<char>(0xC0 | (code >> 6));
            out += static_cast<char>(0x80 | (code & 0x3F));
        } else {
            out += static_cast<char>(0xE0 | (code >> 12));
            out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (code & 0x3F));
        }
    }

    std::string readNumber()
    {
        std::size_t start = m_pos;
        while (m_pos < m_text.size() && std::isdigit(static_cast<unsigned char>(m_text[m_pos]))) {
            ++m_pos;
        }
        if (m_pos + 1 < m_text.size() && m_text[m_pos] == '.' &&
            std::isdigit(static_cast<unsigned char>(m_text[m_pos + 1]))) {
            ++m_pos;
            while (m_pos < m_text.size() && std::isdigit(static_cast<unsigned char>(m_text[m_pos]))) {
                ++m_pos;
            }
        }
        return std::string(m_text.substr(start, m_pos - start));
    }

    std::string readDateTime()
    {
        std::size_t start = m_pos;
        while (m_pos < m_text.size()) {
            char c = m_text[m_pos];
            if (std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == ':' || c == 'T' || c == 'Z' ||
                c == '+' || (c == '.' && m_pos + 1 < m_text.size() &&
                             std::isdigit(static_cast<unsigned char>(m_text[m_pos + 1])))) {
                ++m_pos;
            } else {
                break;
            }
        }
        return std::string(m_text.substr(start, m_pos - start));
    }

    std::string readSymbol()
    {
        static const char* const twoChar[] = {"<=", ">=", "!=", "!~"};
        for (const char* op : twoChar) {
            if (m_text.substr(m_pos, 2) == op) {
                m_pos += 2;
                return op;
            }
        }
        char c = m_text[m_pos];
        if (std::string_view("().[]{},+-*/&|=~<>").find(c) == std::string_view::npos) {
            throw ParseFailure{std::string("unexpected character '") + c + "' at position " + std::to_string(m_pos + 1)};
        }
        ++m_pos;
        return std::string(1, c);
    }

    std::string_view m_text;
    std::size_t m_pos = 0;
};

using NodePtr = std::unique_ptr<FhirPathNode>;

class Parser
{
public:
    explicit Parser(std::vector<Token> tokens) : m_tokens(std::move(tokens)) {}

    ParsedExpression run()
    {
        ParsedExpression result;
        result.root = expression();
        if (peek().type != Token::Type::End) {
            fail("the end of the expression");
        }
        result.warnings = std::move(m_warnings);
        return result;
    }

private:
    const Token& peek(std::size_t ahead = 0) const
    {
        return m_tokens[std::min(m_index + ahead, m_tokens.size() - 1)];
    }
    Token next() { return m_tokens[std::min(m_index++, m_tokens.size() - 1)]; }

    bool isSymbol(const char* s, std::size_t ahead = 0) const
    {
        return peek(ahead).type == Token::Type::Symbol && peek(ahead).text == s;
    }
    bool isWord(const char* s) const { return peek().type == Token::Type::Identifier && peek().text == s; }

    [[noreturn]] void fail(const std::string& what) const
    {
        const Token& t = peek();
        std::string found = t.type == Token::Type::End ? "the end" : "'" + t.text + "'";
        throw ParseFailure{"expected " + what + " but found " + found + " at position " + std::to_string(t.offset + 1)};
    }

    void expectSymbol(const char* s)
    {
        if (!isSymbol(s)) {
            fail(std::string("'") + s + "'");
        }
        next();
    }

    static NodePtr makeBinary(std::string op, NodePtr left, NodePtr right)
    {
        auto node = std::make_unique<FhirPathNode>();
        node->kind = FhirPathNode::Kind::Binary;
        node->name = std::move(op);
        node->args.push_back(std::move(left));
        node->args.push_back(std::move(right));
        return node;
    }

    struct DepthGuard
    {
        explicit DepthGuard(int& depth) : m_depth(depth)
        {
            if (++m_depth > kMaxExpressionDepth) {
                throw ParseFailure{"the expression is nested too deeply"};
            }
        }
        ~DepthGuard() { --m_depth; }
        DepthGuard(const DepthGuard&) = delete;
        DepthGuard& operator=(const DepthGuard&) = delete;
        int& m_depth;
    };

    NodePtr expression() { return binaryLevel(0); }

    // Levels from loosest to tightest; each is left-associative.
    NodePtr binaryLevel(int level)
    {
        static const std::vector<std::vector<std::string>> levels{
            {"implies"}, {"or", "xor"}, {"and"}, {"in", "contains"}, {"=", "~", "!=", "!~"},
            {"<", "<=", ">", ">="}, {"|"}, {"is", "as"}, {"+", "-", "&"}, {"*", "/", "div", "mod"}};
        if (level >= static_cast<int>(levels.size())) {
            return unary();
        }
        DepthGuard guard(m_depth);
        NodePtr left = binaryLevel(level + 1);
        const auto& ops = levels[static_cast<std::size_t>(level)];
        for (;;) {
            const Token& t = peek();
            bool wordToken = t.type == Token::Type::Identifier;
            bool symbolToken = t.type == Token::Type::Symbol;
            auto it = std::find(ops.begin(), ops.end(), t.text);
            if (it == ops.end() || !(wordToken || symbolToken) ||
                (wordToken && std::isalpha(static_cast<unsigned char>(t.text[0])) == 0) ||
                (symbolToken && std::isalpha(static_cast<unsigned char>(t.text[0])) != 0)) {
                return left;
            }
            std::string op = next().text;
            if (op == "is" || op == "as") {
                auto node = std::make_unique<FhirPathNode>();
                node->kind = FhirPathNode::Kind::TypeOp;
                node->name = op;
                node->typeName = typeSpecifier();
                node->args.push_back(std::move(left));
                left = std::move(node);
                continue;
            }
            left = makeBinary(op, std::move(left), binaryLevel(level + 1));
        }
    }

    std::string typeSpecifier()
    {
        Token t = next();
        if (t.type != Token::Type::Identifier && t.type != Token::Type::QuotedIdentifier) {
            --m_index;
            fail("a type name");
        }
        std::string name = t.text;
        while (isSymbol(".") && (peek(1).type == Token::Type::Identifier)) {
            next();
            name += "." + next().text;
        }
        return name;
    }

    NodePtr unary()
    {
        DepthGuard guard(m_depth);
        if (isSymbol("-") || isSymbol("+")) {
            auto node = std::make_unique<FhirPathNode>();
            node->kind = FhirPathNode::Kind::Unary;
            node->name = next().text;
            node->args.push_back(unary());
            return node;
        }
        return invocationChain(term());
    }

    NodePtr invocationChain(NodePtr focus)
    {
        // Each step nests the tree one level deeper; bound it like any other nesting.
        for (int steps = 0;; ++steps) {
            if (steps > kMaxExpressionDepth) {
                throw ParseFailure{"the expression has too many steps in a row"};
            }
            if (isSymbol(".")) {
                next();
                Token name = next();
                if (name.type != Token::Type::Identifier && name.type != Token::Type::QuotedIdentifier) {
                    --m_index;
                    fail("a name after '.'");
                }
                focus = memberOrCall(name, std::move(focus));
            } else if (isSymbol("[")) {
                next();
                auto node = std::make_unique<FhirPathNode>();
                node->kind = FhirPathNode::Kind::Indexer;
                node->focus = std::move(focus);
                node->args.push_back(expression());
                expectSymbol("]");
                focus = std::move(node);
            } else {
                return focus;
            }
        }
    }

    NodePtr memberOrCall(const Token& name, NodePtr focus)
    {
        auto node = std::make_unique<FhirPathNode>();
        node->name = name.text;
        node->focus = std::move(focus);
        if (name.type == Token::Type::Identifier && isSymbol("(")) {
            next();
            node->kind = FhirPathNode::Kind::Function;
            if (!isSymbol(")")) {
                node->args.push_back(expression());
                while (isSymbol(",")) {
                    next();
                    node->args.push_back(expression());
                }
            }
            expectSymbol(")");
        } else {
            node->kind = FhirPathNode::Kind::Member;
        }
        return node;
    }

    static NodePtr literal(Value value)
    {
        auto node = std::make_unique<FhirPathNode>();
        node->kind = FhirPathNode::Kind::Literal;
        node->literal = std::move(value);
        return node;
    }

    NodePtr term()
    {
        DepthGuard guard(m_depth);
        const Token t = peek();
        switch (t.type) {
        case Token::Type::End: fail("a value or a name");
        case Token::Type::String: next(); return literal(Value(t.text));
        case Token::Type::Number: next(); return numberOrQuantity(t);
        case Token::Type::DateTime: next(); return temporalLiteral(t);
        case Token::Type::Variable: {
            next();
            auto node = std::make_unique<FhirPathNode>();
            node->kind = FhirPathNode::Kind::Variable;
            node->name = t.text;
            return node;
        }
        case Token::Type::Special: {
            next();
            auto node = std::make_unique<FhirPathNode>();
            if (t.text == "this") {
                node->kind = FhirPathNode::Kind::This;
            } else if (t.text == "index") {
                node->kind = FhirPathNode::Kind::Index;
            } else if (t.text == "total") {
                node->kind = FhirPathNode::Kind::Total;
            } else {
                throw ParseFailure{"unknown special name $" + t.text};
            }
            return node;
        }
        case Token::Type::Identifier:
        case Token::Type::QuotedIdentifier:
            next();
            if (t.type == Token::Type::Identifier) {
                if (t.text == "true" || t.text == "false") {
                    return literal(Value(t.text == "true"));
                }
                if (t.text == "null" && !isSymbol("(")) {
                    m_warnings.push_back("'null' is not FHIRPath; it was treated as the empty collection {}");
                    auto node = std::make_unique<FhirPathNode>();
                    node->kind = FhirPathNode::Kind::Empty;
                    return node;
                }
            }
            return memberOrCall(t, nullptr);
        case Token::Type::Symbol:
            if (t.text == "(") {
                next();
                NodePtr inner = expression();
                expectSymbol(")");
                return inner;
            }
            if (t.text == "{") {
                next();
                expectSymbol("}");
                auto node = std::make_unique<FhirPathNode>();
                node->kind = FhirPathNode::Kind::Empty;
                return node;
            }
            fail("a value or a name");
        }
        fail("a value or a name");
    }

    NodePtr numberOrQuantity(const Token& t)
    {
        Value number = t.text.find('.') == std::string::npos ? integerValue(t) : decimalValue(t);
        std::string unit;
        if (peek().type == Token::Type::String) {
            unit = next().text;
        } else if (peek().type == Token::Type::Identifier && kCalendarUnits.count(peek().text) != 0) {
            unit = next().text;
        } else {
            return literal(std::move(number));
        }
        return literal(Value(Quantity{number.asDecimal(), unit}));
    }

    static Value integerValue(const Token& t)
    {
        auto d = Decimal::parse(t.text);
        if (!d || !d->toInteger()) {
            throw ParseFailure{"the number " + t.text + " is too large"};
        }
        return Value(*d->toInteger());
    }

    static Value decimalValue(const Token& t)
    {
        auto d = Decimal::parse(t.text);
        if (!d) {
            throw ParseFailure{"the number " + t.text + " is too long"};
        }
        return Value(*d);
    }

    static NodePtr temporalLiteral(const Token& t)
    {
        std::string text = t.text;
        std::optional<Temporal> value;
        if (!text.empty() && text[0] == 'T') {
            value = Temporal::parse(text, Temporal::Kind::Time);
        } else if (text.find('T') != std::string::npos) {
            if (text.back() == 'T') {
                text.pop_back();
            }
            value = Temporal::parse(text, Temporal::Kind::DateTime);
            if (value) {
                value->kind = Temporal::Kind::DateTime;
            }
        } else {
            value = Temporal::parse(text, Temporal::Kind::Date);
        }
        if (!value) {
            throw ParseFailure{"'@" + t.text + "' is not a valid date or time"};
        }
        return literal(Value(*value));
    }

    std::vector<Token> m_tokens;
    std::size_t m_index = 0;
    int m_depth = 0;
    std::vector<std::string> m_warnings;
};

} // namespace

Result<ParsedExpression> parseFhirPath(std::string_view text)
{
    if (text.size() > kMaxExpressionLength) {
        return makeError(ErrorCode::ExpressionError, "The expression is longer than 64 KiB.");
    }
    try {
        Lexer lexer(text);
        Parser parser(lexer.run());
        return parser.run();
    } catch (const ParseFailure& failure) {
        return makeError(ErrorCode::ExpressionError, "Expression does not parse: " + failure.message);
    } catch (const std::exception& e) {
        return makeError(ErrorCode::ExpressionError, std::string("Expression does not parse: ") + e.what());
    }
}

} // namespace avocet::core::forms
