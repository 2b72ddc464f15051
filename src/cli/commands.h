// Subcommands of the `sluice` binary. Each registers itself on the CLI11 app and runs through
// the same service layer as the API.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace sluice::cli {

// Registers `sluice serve`; the returned function runs it (exit code).
std::function<int()> AddServeCommand(CLI::App& app);
// Registers `sluice crawl`.
std::function<int()> AddCrawlCommand(CLI::App& app);
// Registers `sluice query`.
std::function<int()> AddQueryCommand(CLI::App& app);

}  // namespace sluice::cli
