// SHA-256 (OpenSSL EVP) against the FIPS 180-4 / NIST example vectors, and SHA256SUMS parsing.
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace {
using xsdnn::sha256_hex;

TEST(Sha256, NistVectors) {
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    EXPECT_EQ(
        sha256_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrs"
                   "mnopqrstnopqrstu"),
        "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
    EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, IncrementalEqualsOneShotAcrossBlockBoundaries) {
    std::string data;
    for (int i = 0; i < 1000; ++i) data += static_cast<char>(i * 7 + 3);
    for (std::size_t len : {0u, 1u, 55u, 56u, 63u, 64u, 65u, 119u, 120u, 127u, 128u, 1000u}) {
        std::string part = data.substr(0, len);
        xsdnn::Sha256 h;
        for (std::size_t i = 0; i < part.size(); i += 13)
            h.update(part.data() + i, std::min<std::size_t>(13, part.size() - i));
        EXPECT_EQ(h.hex_digest(), sha256_hex(part)) << "length " << len;
    }
}

TEST(Sha256, ReferenceFilesMatchTheirPublishedChecksums) {
    auto dir = xsdnn_test::nuwro_dir();
    ASSERT_TRUE(std::filesystem::is_directory(dir)) << dir << " missing; set XSDNN_SHARED to the shared/ directory";
    EXPECT_EQ(xsdnn::sha256_file_hex((dir / "model_electron_A_12_0.onnx").string()),
              "d10620008e5ef97b03df539656ae911ca84e6e897f5b867d80904111abbf1faf");
    EXPECT_EQ(xsdnn::sha256_file_hex((dir / "model_electron_A_12_1.onnx").string()),
              "e769b6fe9bd85674d5de3d3a37e1a4a982de6ddfb2f29495ebe71f303db52c23");
}

TEST(Sha256Sums, ParsesGnuFormatInFileOrder) {
    std::string a(64, 'A'), b(64, '0');
    auto sums = xsdnn::parse_sha256sums(a + "  member-00.onnx\n\n" + b + " *model-card.json\r\n");
    ASSERT_EQ(sums.size(), 2u);
    EXPECT_EQ(sums[0].first, "member-00.onnx");
    EXPECT_EQ(sums[0].second, std::string(64, 'a'));
    EXPECT_EQ(sums[1].first, "model-card.json");
    EXPECT_EQ(sums[1].second, b);
}

TEST(Sha256Sums, BadLineIsRefusedNamingIt) {
    auto e = xsdnn_test::error_of([] { xsdnn::parse_sha256sums(std::string(64, 'a') + "  x\nabc  y\n"); });
    EXPECT_EQ(e.code(), xsdnn::ErrorCode::Contract);
    EXPECT_STREQ(e.what(), "SHA256SUMS:2: \"abc  y\"; expected <64 hex digits>  <file name>");
}
}  // namespace
