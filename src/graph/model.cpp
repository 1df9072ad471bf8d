#include "kg/graph/model.hpp"

namespace kg {

std::string Fact::display() const {
    return subject_name + " " + (negated ? "not " : "") + relation + " " + object_name;
}

}  // namespace kg
