// parse_query: parses a kg query and prints the syntax tree back as text,
// every operator parenthesised, or the parse error. For trying out the
// grammar: `parse_query "MATCH (a)-[:acquired]->(b) RETURN b.name"`, or the
// query on standard input. Exit code 0 when it parses, 1 when it does not.
#include <iostream>
#include <iterator>
#include <string>

#include "kg/query/ast_print.hpp"
#include "kg/query/parser.hpp"

int main(int argc, char** argv) {
    std::string text;
    if (argc > 1) {
        for (int i = 1; i < argc; ++i) text += (i > 1 ? " " : "") + std::string(argv[i]);
    } else {
        text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    }
    try {
        std::cout << kg::query::to_string(kg::query::parse_query(text));
        return 0;
    } catch (const kg::query::QueryError& e) {
        std::cerr << e.what() << "\n";
        return 1;
    }
}
