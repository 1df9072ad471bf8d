// kg::Error is the one exception type kg's stages throw for bad input or a
// failed operation. Its message is a single line meant for a person, naming
// the input ("report.html: not valid UTF-8 ..."); the CLI prints it and exits 1.
#pragma once

#include <stdexcept>
#include <string>

namespace kg {

class Error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

}  // namespace kg
