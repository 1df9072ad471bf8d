// kg: turn news articles into a graph of facts you can query and export.
// This file only wires the subcommands (src/cli/*_command.cpp) together and
// maps failures to exit codes: 0 ok, 1 bad input or failure, 2 usage error.
#include <CLI/CLI.hpp>
#include <iostream>

#include "commands.hpp"
#include "kg/error.hpp"

int main(int argc, char** argv) {
    CLI::App app{"kg: build a knowledge graph from news articles, query it and export it"};
    app.name("kg");
    app.set_version_flag("--version", "kg " KG_VERSION);
    app.require_subcommand(1);
    app.fallthrough();
    // Usage errors read like the others: "kg: what went wrong", then a hint.
    app.failure_message([](const CLI::App* failed, const CLI::Error& e) {
        std::string what = e.what();
        const auto rest = failed->remaining();
        if (failed->get_subcommands().empty() && !rest.empty() && !rest.front().starts_with('-'))
            what = "unknown command '" + rest.front() + "'";
        const auto chosen = failed->get_subcommands();
        const std::string help = chosen.empty() ? std::string("kg --help")
                                                : "kg " + chosen.front()->get_name() + " --help";
        return "kg: " + what + "\nRun '" + help + "' for the usage.\n";
    });

    kg::cli::GlobalOptions global;
    app.add_option("--graph,-g", global.graph, "graph file (default: $KG_GRAPH, else ./kg.db)")
        ->type_name("FILE");
    app.add_flag("--quiet,-q", global.quiet, "print only errors and results");

    kg::cli::add_ingest_command(app, global);
    kg::cli::add_extract_command(app);
    kg::cli::add_parse_command(app);
    kg::cli::add_show_command(app, global);
    kg::cli::add_facts_command(app, global);
    kg::cli::add_stats_command(app, global);
    kg::cli::add_sources_command(app, global);
    kg::cli::add_export_command(app, global);
    kg::cli::add_path_command(app, global);
    kg::cli::add_import_command(app, global);
    kg::cli::add_entities_command(app, global);
    kg::cli::add_correction_commands(app, global);
    kg::cli::add_forget_command(app, global);
    kg::cli::add_merge_command(app, global);
    kg::cli::add_shell_command(app, global);
    kg::cli::add_query_command(app, global);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::RuntimeError& e) {
        return e.get_exit_code();  // a command already said what went wrong
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return 2;
    } catch (const kg::Error& e) {
        std::cerr << "kg: " << e.what() << '\n';
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "kg: internal error: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
