#include "kg/query/ast_print.hpp"

#include <cstdio>
#include <string>

namespace kg::query {
namespace {

template <class... F>
struct Overloaded : F... {
    using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

bool plain_name(const std::string& s, bool hyphens) {
    if (s.empty()) return false;
    const auto ident = [](char c, bool first) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
               static_cast<unsigned char>(c) >= 0x80 || (!first && c >= '0' && c <= '9');
    };
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (ident(s[i], i == 0)) continue;
        if (hyphens && s[i] == '-' && i > 0 && i + 1 < s.size()) continue;
        return false;
    }
    return true;
}

std::string name(const std::string& s, bool hyphens = false) {
    if (plain_name(s, hyphens)) return s;
    std::string out = "`";
    for (char c : s) {
        if (c == '`') out.push_back('`');
        out.push_back(c);
    }
    return out + "`";
}

std::string quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        switch (c) {
            case '\'':
                out += "\\'";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                out.push_back(c);
        }
    }
    return out + "'";
}

std::string number(double d) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", d);
    std::string s = buf;
    if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
    return s;
}

const char* op_text(BinaryOp op) {
    switch (op) {
        case BinaryOp::Or:
            return "OR";
        case BinaryOp::Xor:
            return "XOR";
        case BinaryOp::And:
            return "AND";
        case BinaryOp::Equal:
            return "=";
        case BinaryOp::NotEqual:
            return "<>";
        case BinaryOp::Less:
            return "<";
        case BinaryOp::LessEqual:
            return "<=";
        case BinaryOp::Greater:
            return ">";
        case BinaryOp::GreaterEqual:
            return ">=";
        case BinaryOp::In:
            return "IN";
        case BinaryOp::StartsWith:
            return "STARTS WITH";
        case BinaryOp::EndsWith:
            return "ENDS WITH";
        case BinaryOp::Contains:
            return "CONTAINS";
        case BinaryOp::RegexMatch:
            return "=~";
        case BinaryOp::Add:
            return "+";
        case BinaryOp::Subtract:
            return "-";
        case BinaryOp::Multiply:
            return "*";
        case BinaryOp::Divide:
            return "/";
        case BinaryOp::Modulo:
            return "%";
        case BinaryOp::Power:
            return "^";
    }
    return "?";
}

std::string labels(const std::vector<Name>& names, const char* separator, bool hyphens) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i)
        out += (i == 0 ? ":" : separator) + name(names[i].text, hyphens);
    return out;
}

template <class T>
std::string joined(const std::vector<T>& items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + to_string(items[i]);
    return out;
}

std::string node(const NodePattern& n) {
    std::string out = "(";
    if (n.variable) out += name(*n.variable);
    out += labels(n.labels, ":", false);
    if (n.properties) out += (out.size() > 1 ? " " : "") + to_string(*n.properties);
    return out + ")";
}

std::string relationship(const RelationshipPattern& r) {
    std::string inner;
    if (r.variable) inner += name(*r.variable);
    inner += labels(r.types, "|", true);
    if (r.length) {
        inner += "*";
        if (r.length->min && r.length->max && *r.length->min == *r.length->max) {
            inner += std::to_string(*r.length->min);
        } else if (r.length->min || r.length->max) {
            if (r.length->min) inner += std::to_string(*r.length->min);
            inner += "..";
            if (r.length->max) inner += std::to_string(*r.length->max);
        }
    }
    if (r.properties) inner += (inner.empty() ? "" : " ") + to_string(*r.properties);
    const std::string body = inner.empty() ? "--" : "-[" + inner + "]-";
    switch (r.direction) {
        case Direction::Left:
            return "<" + body;
        case Direction::Right:
            return body + ">";
        case Direction::Both:
            return body;
    }
    return body;
}

std::string projection(const Projection& p) {
    std::string out = p.distinct ? "DISTINCT " : "";
    if (p.star) out += p.items.empty() ? "*" : "*, ";
    for (std::size_t i = 0; i < p.items.size(); ++i) {
        out += (i ? ", " : "") + to_string(p.items[i].expression);
        if (p.items[i].alias) out += " AS " + name(*p.items[i].alias);
    }
    if (!p.order_by.empty()) {
        out += " ORDER BY ";
        for (std::size_t i = 0; i < p.order_by.size(); ++i)
            out += (i ? ", " : "") + to_string(p.order_by[i].expression) +
                   (p.order_by[i].descending ? " DESC" : "");
    }
    if (p.skip) out += " SKIP " + to_string(*p.skip);
    if (p.limit) out += " LIMIT " + to_string(*p.limit);
    return out;
}

std::string set_item(const SetItem& item) {
    return std::visit(
        Overloaded{
            [](const SetProperty& s) { return to_string(s.target) + " = " + to_string(s.value); },
            [](const SetProperties& s) {
                return name(s.variable) + (s.merge ? " += " : " = ") + to_string(s.value);
            },
            [](const SetLabels& s) { return name(s.variable) + labels(s.labels, ":", false); },
        },
        item);
}

std::string set_items(const std::vector<SetItem>& items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + set_item(items[i]);
    return out;
}

std::string where(const Box<Expression>& w) {
    return w ? " WHERE " + to_string(*w) : "";
}

}  // namespace

std::string to_string(const Expression& expression) {
    return std::visit(
        Overloaded{
            [](const Literal& l) {
                return std::visit(Overloaded{
                                      [](const NullValue&) { return std::string("null"); },
                                      [](bool b) { return std::string(b ? "true" : "false"); },
                                      [](std::int64_t i) { return std::to_string(i); },
                                      [](double d) { return number(d); },
                                      [](const std::string& s) { return quote(s); },
                                  },
                                  l.value);
            },
            [](const ListLiteral& l) { return "[" + joined(l.items) + "]"; },
            [](const MapLiteral& m) {
                std::string out = "{";
                for (std::size_t i = 0; i < m.entries.size(); ++i)
                    out += (i ? ", " : "") + name(m.entries[i].first) + ": " +
                           to_string(m.entries[i].second);
                return out + "}";
            },
            [](const Parameter& p) {
                const bool digits =
                    !p.name.empty() && p.name.find_first_not_of("0123456789") == std::string::npos;
                return "$" + (digits ? p.name : name(p.name));
            },
            [](const Variable& v) { return name(v.name); },
            [](const PropertyAccess& p) { return to_string(*p.subject) + "." + name(p.key); },
            [](const LabelCheck& l) {
                return to_string(*l.subject) + labels(l.labels, ":", false);
            },
            [](const IndexAccess& i) {
                return to_string(*i.subject) + "[" + to_string(*i.index) + "]";
            },
            [](const Slice& s) {
                return to_string(*s.subject) + "[" + (s.from ? to_string(*s.from) : "") + ".." +
                       (s.to ? to_string(*s.to) : "") + "]";
            },
            [](const Unary& u) {
                const char* op = u.op == UnaryOp::Not      ? "NOT "
                                 : u.op == UnaryOp::Negate ? "-"
                                                           : "+";
                return "(" + std::string(op) + to_string(*u.operand) + ")";
            },
            [](const Binary& b) {
                return "(" + to_string(*b.lhs) + " " + op_text(b.op) + " " + to_string(*b.rhs) +
                       ")";
            },
            [](const IsNull& n) {
                return "(" + to_string(*n.operand) + (n.negated ? " IS NOT NULL)" : " IS NULL)");
            },
            [](const FunctionCall& f) {
                return f.name + "(" + (f.distinct ? "DISTINCT " : "") + joined(f.args) + ")";
            },
            [](const CountStar&) { return std::string("count(*)"); },
            [](const Case& c) {
                std::string out = "CASE";
                if (c.subject) out += " " + to_string(*c.subject);
                for (const CaseWhen& w : c.whens)
                    out += " WHEN " + to_string(w.when) + " THEN " + to_string(w.then);
                if (c.otherwise) out += " ELSE " + to_string(*c.otherwise);
                return out + " END";
            },
            [](const ListComprehension& l) {
                std::string out =
                    "[" + name(l.variable) + " IN " + to_string(*l.list) + where(l.where);
                if (l.projection) out += " | " + to_string(*l.projection);
                return out + "]";
            },
            [](const Quantifier& q) {
                const char* kind = q.kind == QuantifierKind::All    ? "all"
                                   : q.kind == QuantifierKind::Any  ? "any"
                                   : q.kind == QuantifierKind::None ? "none"
                                                                    : "single";
                return std::string(kind) + "(" + name(q.variable) + " IN " + to_string(*q.list) +
                       where(q.where) + ")";
            },
            [](const PatternPredicate& p) { return to_string(p.pattern); },
        },
        expression.node);
}

std::string to_string(const PatternPart& pattern) {
    std::string chain = node(pattern.start);
    for (const PatternStep& step : pattern.steps)
        chain += relationship(step.relationship) + node(step.node);
    if (pattern.search == PathSearch::Shortest) chain = "shortestPath(" + chain + ")";
    if (pattern.search == PathSearch::AllShortest) chain = "allShortestPaths(" + chain + ")";
    return pattern.path_variable ? name(*pattern.path_variable) + " = " + chain : chain;
}

std::string to_string(const Clause& clause) {
    return std::visit(
        Overloaded{
            [](const Match& m) {
                return std::string(m.optional ? "OPTIONAL MATCH " : "MATCH ") + joined(m.pattern) +
                       where(m.where);
            },
            [](const Unwind& u) {
                return "UNWIND " + to_string(u.list) + " AS " + name(u.variable);
            },
            [](const With& w) { return "WITH " + projection(w.projection) + where(w.where); },
            [](const Return& r) { return "RETURN " + projection(r.projection); },
            [](const Create& c) { return "CREATE " + joined(c.pattern); },
            [](const Merge& m) {
                std::string out = "MERGE " + to_string(m.pattern);
                if (!m.on_match.empty()) out += " ON MATCH SET " + set_items(m.on_match);
                if (!m.on_create.empty()) out += " ON CREATE SET " + set_items(m.on_create);
                return out;
            },
            [](const Set& s) { return "SET " + set_items(s.items); },
            [](const Delete& d) {
                return std::string(d.detach ? "DETACH DELETE " : "DELETE ") + joined(d.targets);
            },
            [](const Remove& r) { return "REMOVE " + joined(r.items); },
        },
        clause.node);
}

std::string to_string(const Query& query) {
    std::string out;
    for (std::size_t p = 0; p < query.parts.size(); ++p) {
        if (p > 0) out += query.union_all[p - 1] ? "UNION ALL\n" : "UNION\n";
        for (const Clause& c : query.parts[p].clauses) out += to_string(c) + "\n";
    }
    return out;
}

}  // namespace kg::query
