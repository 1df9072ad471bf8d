// A line-oriented reader for the Gherkin subset the openCypher TCK uses.
#include "kg/query/tck_feature.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "kg/error.hpp"
#include "kg/strings.hpp"

namespace kg::query::tck {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back(line);
        if (end == text.size()) break;
        start = end + 1;
    }
    return lines;
}

// | a | b\|c | -> {"a", "b|c"}
std::vector<std::string> table_row(std::string_view line) {
    std::vector<std::string> cells;
    line = trim(line);
    if (line.empty() || line.front() != '|') return cells;
    std::string cell;
    bool open = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (c == '\\' && i + 1 < line.size()) {
            const char n = line[++i];
            cell.push_back(n == 'n' ? '\n' : n);
        } else if (c == '|') {
            if (open) cells.emplace_back(trim(cell));
            cell.clear();
            open = true;
        } else {
            cell.push_back(c);
        }
    }
    return cells;
}

// Fills kind and the arguments that live in the step text itself.
void classify(Step& step) {
    std::string_view t = trim(step.text);
    auto is = [&](std::string_view s) { return t == s; };
    if (is("an empty graph")) {
        step.kind = StepKind::EmptyGraph;
    } else if (is("any graph")) {
        step.kind = StepKind::AnyGraph;
    } else if (starts_with(t, "the ") && t.size() > 10 && t.substr(t.size() - 6) == " graph") {
        step.kind = StepKind::NamedGraph;
        step.graph = std::string(trim(t.substr(4, t.size() - 10)));
    } else if (starts_with(t, "having executed:") || starts_with(t, "after having executed:")) {
        step.kind = StepKind::HavingExecuted;
    } else if (starts_with(t, "parameters are:") || starts_with(t, "parameter values are:")) {
        step.kind = StepKind::Parameters;
    } else if (starts_with(t, "executing query:")) {
        step.kind = StepKind::ExecutingQuery;
        step.argument = std::string(trim(t.substr(16)));
    } else if (starts_with(t, "executing control query:")) {
        step.kind = StepKind::ControlQuery;
        step.argument = std::string(trim(t.substr(24)));
    } else if (starts_with(t, "the result should be, in any order:")) {
        step.kind = StepKind::ResultAnyOrder;
    } else if (starts_with(t, "the result should be, in order:")) {
        step.kind = StepKind::ResultInOrder;
    } else if (starts_with(t, "the result should be (ignoring element order for lists):") ||
               starts_with(t, "the result should be, ignoring element order for lists:")) {
        step.kind = StepKind::ResultIgnoringListOrder;
    } else if (is("the result should be empty")) {
        step.kind = StepKind::ResultEmpty;
    } else if (starts_with(t, "the side effects should be:")) {
        step.kind = StepKind::SideEffects;
    } else if (is("no side effects")) {
        step.kind = StepKind::NoSideEffects;
    } else if (starts_with(t, "a ") && t.find(" should be raised at ") != std::string_view::npos) {
        // a TYPE should be raised at PHASE: DETAIL
        step.kind = StepKind::Error;
        const std::size_t raised = t.find(" should be raised at ");
        step.error.type = std::string(t.substr(2, raised - 2));
        std::string_view rest = t.substr(raised + 21);
        const std::size_t colon = rest.find(':');
        step.error.phase = std::string(trim(rest.substr(0, colon)));
        if (colon != std::string_view::npos)
            step.error.detail = std::string(trim(rest.substr(colon + 1)));
    }
}

std::string substitute(std::string text, const std::map<std::string, std::string>& values) {
    for (const auto& [name, value] : values) {
        const std::string placeholder = "<" + name + ">";
        for (std::size_t at = text.find(placeholder); at != std::string::npos;
             at = text.find(placeholder, at + value.size()))
            text.replace(at, placeholder.size(), value);
    }
    return text;
}

Scenario expand(const Scenario& outline, const std::map<std::string, std::string>& values) {
    Scenario s = outline;
    s.name = substitute(s.name, values);
    for (Step& step : s.steps) {
        step.text = substitute(step.text, values);
        step.argument = substitute(step.argument, values);
        for (auto& row : step.table)
            for (auto& cell : row) cell = substitute(cell, values);
        const std::string argument = step.argument;
        classify(step);
        if (step.kind != StepKind::ExecutingQuery && step.kind != StepKind::ControlQuery)
            step.argument = argument;
        else if (step.argument.empty())
            step.argument = argument;
    }
    return s;
}

class Reader {
  public:
    Reader(std::string_view text, const std::string& path)
        : lines_(split_lines(text)), path_(path) {}

    Feature read() {
        Feature feature;
        feature.path = path_;
        std::vector<Step> background;
        std::vector<std::string> tags;
        Scenario* current = nullptr;
        std::vector<Step>* steps = nullptr;
        bool outline = false;
        Scenario outline_scenario;
        Table examples;
        int examples_line = 0;

        auto finish_outline = [&] {
            if (!outline) return;
            if (!examples.empty()) {
                const auto& header = examples.front();
                for (std::size_t r = 1; r < examples.size(); ++r) {
                    std::map<std::string, std::string> values;
                    for (std::size_t c = 0; c < header.size() && c < examples[r].size(); ++c)
                        values[header[c]] = examples[r][c];
                    Scenario s = expand(outline_scenario, values);
                    s.name += " (example " + std::to_string(r) + ")";
                    feature.scenarios.push_back(std::move(s));
                }
            } else if (examples_line == 0) {
                fail(outline_scenario.line, "Scenario Outline without Examples");
            }
            outline = false;
            examples.clear();
            examples_line = 0;
        };

        while (next_ < lines_.size()) {
            const int line_no = static_cast<int>(next_) + 1;
            const std::string_view line = trim(lines_[next_++]);
            if (line.empty() || line.front() == '#') continue;
            if (line.front() == '@') {
                std::istringstream words{std::string(line)};
                for (std::string tag; words >> tag;) tags.push_back(tag);
            } else if (starts_with(line, "Feature:")) {
                feature.name = std::string(trim(line.substr(8)));
                tags.clear();
            } else if (starts_with(line, "Background:")) {
                steps = &background;
                current = nullptr;
            } else if (starts_with(line, "Scenario Outline:") ||
                       starts_with(line, "Scenario Template:") || starts_with(line, "Scenario:")) {
                finish_outline();
                Scenario s;
                s.name = std::string(trim(line.substr(line.find(':') + 1)));
                s.tags = std::move(tags);
                tags.clear();
                s.line = line_no;
                s.steps = background;
                if (starts_with(line, "Scenario:")) {
                    feature.scenarios.push_back(std::move(s));
                    current = &feature.scenarios.back();
                } else {
                    outline = true;
                    outline_scenario = std::move(s);
                    current = &outline_scenario;
                }
                steps = &current->steps;
            } else if (starts_with(line, "Examples:") || starts_with(line, "Scenarios:")) {
                if (!outline) fail(line_no, "Examples outside a Scenario Outline");
                examples_line = line_no;
                steps = nullptr;
                // A second Examples block adds rows under its own header; keep one header.
                Table block = read_table();
                if (examples.empty()) {
                    examples = std::move(block);
                } else if (!block.empty()) {
                    examples.insert(examples.end(), block.begin() + 1, block.end());
                }
            } else if (is_step(line)) {
                if (!steps) fail(line_no, "step outside a scenario");
                steps->push_back(read_step(line, line_no));
            } else {
                fail(line_no, "unexpected line: " + std::string(line));
            }
        }
        finish_outline();
        return feature;
    }

  private:
    static bool is_step(std::string_view line) {
        for (std::string_view k : {"Given ", "When ", "Then ", "And ", "But ", "* "})
            if (starts_with(line, k)) return true;
        return false;
    }

    [[noreturn]] void fail(int line, const std::string& what) const {
        throw Error(path_ + ":" + std::to_string(line) + ": " + what);
    }

    Step read_step(std::string_view line, int line_no) {
        Step step;
        const std::size_t space = line.find(' ');
        step.keyword = std::string(line.substr(0, space));
        step.text = std::string(trim(line.substr(space + 1)));
        step.line = line_no;
        classify(step);
        // A doc string or a table may follow.
        while (next_ < lines_.size() && trim(lines_[next_]).empty()) ++next_;
        if (next_ < lines_.size()) {
            const std::string_view following = trim(lines_[next_]);
            if (starts_with(following, "\"\"\"") || starts_with(following, "```")) {
                step.argument = read_doc_string();
            } else if (starts_with(following, "|")) {
                step.table = read_table();
            }
        }
        return step;
    }

    // The lines between the fences, with the fence's indentation removed.
    std::string read_doc_string() {
        const int open_line = static_cast<int>(next_) + 1;
        const std::string_view open = lines_[next_++];
        const std::size_t indent = open.find_first_not_of(" \t");
        const std::string_view fence = trim(open).substr(0, 3);
        std::string text;
        bool first = true;
        while (true) {
            if (next_ >= lines_.size()) fail(open_line, "unterminated doc string");
            std::string_view l = lines_[next_++];
            if (trim(l) == fence) break;
            std::size_t drop = 0;
            while (drop < indent && drop < l.size() && (l[drop] == ' ' || l[drop] == '\t')) ++drop;
            l.remove_prefix(drop);
            if (!first) text.push_back('\n');
            text.append(l);
            first = false;
        }
        return text;
    }

    Table read_table() {
        Table table;
        while (next_ < lines_.size()) {
            const std::string_view l = trim(lines_[next_]);
            if (l.empty() || l.front() == '#') {
                ++next_;
                continue;
            }
            if (l.front() != '|') break;
            table.push_back(table_row(l));
            ++next_;
        }
        return table;
    }

    std::vector<std::string_view> lines_;
    std::string path_;
    std::size_t next_ = 0;
};

}  // namespace

Feature parse_feature(std::string_view text, const std::string& path) {
    return Reader(text, path).read();
}

ErrorVerdict compare_error(const ExpectedError& expected, bool at_compile_time,
                           const QueryErrorClass& raised) {
    if (expected.phase == "compile time" && !at_compile_time)
        return {ErrorMatch::Mismatch, "expected a compile-time error, got a runtime one"};
    if (raised.type == QueryErrorType::Unclassified) return {ErrorMatch::Loose, ""};
    const std::string type(to_string(raised.type));
    if (type != expected.type)
        return {ErrorMatch::Mismatch, "expected " + expected.type + ", got " + type};
    if (raised.detail.empty()) return {ErrorMatch::TypeOnly, ""};
    if (raised.detail != expected.detail)
        return {ErrorMatch::Mismatch, "expected " + expected.type + ": " + expected.detail +
                                          ", got " + type + ": " + raised.detail};
    return {ErrorMatch::Strict, ""};
}

Feature read_feature(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error(file.string() + ": cannot open");
    std::ostringstream text;
    text << in.rdbuf();
    return parse_feature(text.str(), file.string());
}

std::vector<std::filesystem::path> find_feature_files(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (std::filesystem::recursive_directory_iterator it(dir, ec), end; !ec && it != end;
         it.increment(ec))
        if (it->is_regular_file() && it->path().extension() == ".feature")
            files.push_back(it->path());
    if (ec) throw Error(dir.string() + ": " + ec.message());
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace kg::query::tck
