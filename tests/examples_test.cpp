#include <catch2/catch.hpp>

#include "support.hpp"

TEST_CASE("the example graph in graphs/ is current", "[examples]") {
    auto r = kg::run_process({"bash", KG_SOURCE_DIR "/tools/regen-examples", "--check", KG_BINARY});
    INFO(r.err);
    CHECK(r.exit_status == 0);
}
