// Weak key-derivation parameters are for test builds only: a build without the test suite (the
// release preset, the packages) refuses the "minimal" strength by name and refuses to open a key
// wrapped with less than the interactive cost, so a key file made that way is never cheap to attack.
#include <gtest/gtest.h>

#include "core/crypto/KeyWrap.h"

namespace avocet::core::crypto {
namespace {

TEST(KdfStrength, AReleaseBuildRefusesParametersBelowInteractive)
{
    const Status weak = checkKdfStrength(KdfParams::minimal(), false);
    ASSERT_FALSE(weak.ok());
    EXPECT_EQ(weak.code(), ErrorCode::WeakPassphrase);
    EXPECT_NE(weak.message().find("test build"), std::string::npos) << weak.message();
    KdfParams fewPasses = KdfParams::interactive();
    fewPasses.opsLimit -= 1;
    EXPECT_FALSE(checkKdfStrength(fewPasses, false).ok());
    KdfParams littleMemory = KdfParams::interactive();
    littleMemory.memLimit /= 2;
    EXPECT_FALSE(checkKdfStrength(littleMemory, false).ok());
}

TEST(KdfStrength, InteractiveAndModerateAreAlwaysAccepted)
{
    EXPECT_TRUE(checkKdfStrength(KdfParams::interactive(), false).ok());
    EXPECT_TRUE(checkKdfStrength(KdfParams::moderate(), false).ok());
    auto named = KdfParams::named("moderate");
    EXPECT_TRUE(named.ok());
}

TEST(KdfStrength, ThisTestBuildAllowsMinimalSoTestsStayFast)
{
    // The suite is built with the tests, so it may use the library minimum; the release preset
    // (AVOCET_BUILD_TESTS OFF) compiles the refusal in.
    EXPECT_TRUE(KdfParams::weakAllowed());
    EXPECT_TRUE(checkKdfStrength(KdfParams::minimal(), KdfParams::weakAllowed()).ok());
    EXPECT_TRUE(KdfParams::named("minimal").ok());
}

} // namespace
} // namespace avocet::core::crypto
