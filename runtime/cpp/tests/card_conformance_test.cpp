// runtime/schema/conformance/model-cards.json: the broken and the odd-but-valid cards that the Java, Python and
// C++ front ends must treat alike (refused with ErrorCode::Contract, or opened). The Java runtime
// (CardConformanceTest) and runtime/python (test_conformance.py) run the same cases.
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace {
namespace fs = std::filesystem;
using nlohmann::json;

const std::vector<float> kW5 = {0.1f, -0.2f, 0.3f, -0.4f, 0.5f};

json cases() {
    return json::parse(xsdnn_test::read_bytes(xsdnn_test::repo_root() / "runtime" / "schema" / "conformance" /
                                              "model-cards.json"))
        .at("cases");
}

/// RFC 6902 through nlohmann/json's json::patch; a whole-document replacement ("path": "") is applied directly.
json apply(json card, const json& operations) {
    for (const json& op : operations) {
        if (op.at("path") == "") {
            card = op.at("value");
        } else {
            card = card.patch(json::array({op}));
        }
    }
    return card;
}

/// Recomputes SHA256SUMS for the files it lists.
void rewrite_sums(const fs::path& dir) {
    std::string sums;
    for (const auto& [name, old] : xsdnn::parse_sha256sums(xsdnn_test::read_bytes(dir / "SHA256SUMS"))) {
        sums += xsdnn::sha256_file_hex((dir / name).string()) + "  " + name + "\n";
    }
    xsdnn_test::write_bytes(dir / "SHA256SUMS", sums);
}

TEST(CardConformance, TheCasesCoverBothOutcomes) {
    int refused = 0, accepted = 0;
    for (const json& c : cases()) (c.at("expect") == "refused" ? refused : accepted)++;
    EXPECT_GE(refused + accepted, 20);
    EXPECT_GT(refused, 0);
    EXPECT_GT(accepted, 0);
}

TEST(CardConformance, FrontEndsAgreeOnEveryCard) {
    xsdnn_test::TempDir tmp;
    int i = 0;
    for (const json& c : cases()) {
        const std::string name = c.at("name");
        auto dir = xsdnn_test::write_xsdnn_dir(tmp.path() / ("m" + std::to_string(i++)),
                                               {{"member-00.onnx", xsdnn_test::linear_sigmoid_onnx(kW5, "r")}});
        std::string text;
        if (c.contains("text")) {
            text = c.at("text");
        } else {
            text = apply(json::parse(xsdnn_test::read_bytes(dir / "model-card.json")), c.at("patch")).dump(2);
        }
        xsdnn_test::write_bytes(dir / "model-card.json", text);
        rewrite_sums(dir);
        if (c.at("expect") == "refused") {
            try {
                xsdnn::Model model(dir.string());
                ADD_FAILURE() << name << ": opened; expected a contract error";
            } catch (const xsdnn::Error& e) {
                EXPECT_EQ(e.code(), xsdnn::ErrorCode::Contract) << name << ": " << e.what();
            }
        } else {
            try {
                xsdnn::Model model(dir.string());
                EXPECT_EQ(model.members(), 1u) << name;
            } catch (const xsdnn::Error& e) {
                ADD_FAILURE() << name << ": refused: " << e.what();
            }
        }
    }
}
}  // namespace
