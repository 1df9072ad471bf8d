// Turns DOT text into an image by running GraphViz's `dot` program (no shell).
// Promises: the rendered bytes, or a kg::Error with a one-line message that
// says what to install when `dot` is missing, or quotes dot's first complaint
// when it fails.
#pragma once

#include <string>
#include <string_view>

namespace kg {

// format: "svg" or "png" (anything else throws kg::Error). Returns the file's
// bytes (binary for png).
std::string render_graphviz(std::string_view dot, std::string_view format);

}  // namespace kg
