// Golden vectors of the shipped models: every directory under <repo>/onnx-models/ that has a golden.csv (written
// by the Java exporter) is reproduced by predict, mean, std and every member, to 1e-6 relative; and a copy of
// a shipped model with one flipped byte is refused. Skips, saying so, only while no such directory exists.
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace {
namespace fs = std::filesystem;
using xsdnn_test::rel_close;

fs::path models_root() {
    const char* env = std::getenv("XSDNN_ONNX_MODELS");  // for checking a directory of models kept elsewhere
    return env != nullptr && *env != '\0' ? fs::path(env) : xsdnn_test::repo_root() / "onnx-models";
}

std::vector<fs::path> shipped_models() {
    std::vector<fs::path> dirs;
    fs::path root = models_root();
    std::error_code ec;
    if (!fs::is_directory(root, ec)) return dirs;
    for (const auto& entry : fs::directory_iterator(root))
        if (entry.is_directory() && fs::is_regular_file(entry.path() / "golden.csv")) dirs.push_back(entry.path());
    std::sort(dirs.begin(), dirs.end());
    return dirs;
}

std::string none() {
    return "no directory under " + models_root().string() +
           "/ has a golden.csv yet, so there are no shipped golden vectors to check; this test checks every shipped "
           "model as soon as one exists";
}

// |a − b| ≤ 1e-6·max(|a|,|b|), or both below 1e-300 (a zero spread written as 0).
bool close6(double a, double b) { return rel_close(a, b, 1e-6) || (std::fabs(a) < 1e-300 && std::fabs(b) < 1e-300); }

TEST(ShippedModels, GoldenVectorsAreReproduced) {
    auto dirs = shipped_models();
    if (dirs.empty()) GTEST_SKIP() << none();
    for (const fs::path& dir : dirs) {
        SCOPED_TRACE(dir.string());
        xsdnn::Model model(dir.string());
        auto csv = xsdnn_test::Csv::read(dir / "golden.csv");
        ASSERT_FALSE(csv.rows.empty()) << "golden.csv has no rows";
        std::size_t cE = csv.column("E_GeV"), cT = csv.column("theta_deg"), cW = csv.column("omega_GeV"),
                    cMean = csv.column("sigma_mean_nb_per_sr_GeV"), cStd = csv.column("sigma_std_nb_per_sr_GeV");
        std::vector<std::size_t> cMember;
        for (std::size_t m = 0;; ++m) {
            char name[32];
            std::snprintf(name, sizeof name, "sigma_member_%02zu", m);
            auto it = std::find(csv.header.begin(), csv.header.end(), name);
            if (it == csv.header.end()) break;
            cMember.push_back(static_cast<std::size_t>(it - csv.header.begin()));
        }
        ASSERT_EQ(cMember.size(), model.members()) << "golden.csv has " << cMember.size() << " member columns";
        ASSERT_TRUE(model.has_per_member()) << model.fused_file() << " has no sigma_members output";
        std::vector<double> e, t, w;
        for (std::size_t i = 0; i < csv.rows.size(); ++i) {
            e.push_back(csv.number(i, cE));
            t.push_back(csv.number(i, cT));
            w.push_back(csv.number(i, cW));
        }
        xsdnn::Prediction p = model.predict(e, t, w);
        int failures = 0;
        for (std::size_t i = 0; i < csv.rows.size() && failures < 20; ++i) {
            double mean = csv.number(i, cMean), std = csv.number(i, cStd);
            if (!close6(p.mean[i], mean)) {
                ADD_FAILURE() << "row " << i + 1 << ": mean " << p.mean[i] << " vs golden " << mean;
                ++failures;
            }
            if (!close6(p.std[i], std)) {
                ADD_FAILURE() << "row " << i + 1 << ": std " << p.std[i] << " vs golden " << std;
                ++failures;
            }
            for (std::size_t m = 0; m < cMember.size(); ++m) {
                double g = csv.number(i, cMember[m]);
                if (!close6(p.members[m][i], g)) {
                    ADD_FAILURE() << "row " << i + 1 << ": member " << m << " " << p.members[m][i] << " vs golden "
                                  << g;
                    ++failures;
                }
            }
        }
        std::cout << dir.filename().string() << ": " << csv.rows.size() << " golden points, " << model.members()
                  << (model.fused_file().empty() ? " members" : " members (" + model.fused_file() + ")")
                  << ", A = " << model.mass_number() << std::endl;
    }
}

TEST(ShippedModels, CopyWithOneFlippedByteIsRefused) {
    auto dirs = shipped_models();
    if (dirs.empty()) GTEST_SKIP() << none();
    xsdnn::Model original(dirs.front().string());  // the original opens
    xsdnn_test::TempDir tmp;
    fs::path copy = tmp.path() / dirs.front().filename();
    xsdnn_test::copy_dir(dirs.front(), copy);
    // The last member file, or the fused file of a model B (mc-dropout.onnx).
    fs::path member = original.member_files().empty() ? fs::path(original.fused_file())
                                                      : fs::path(original.member_files().back()).filename();
    xsdnn_test::flip_byte(copy / member, -100);
    auto e = xsdnn_test::error_of([&] { xsdnn::Model m(copy.string()); });
    EXPECT_EQ(e.code(), xsdnn::ErrorCode::Contract);
    EXPECT_EQ(std::string(e.what()).rfind(member.string() + ": SHA-256 is ", 0), 0u) << e.what();
    EXPECT_NE(std::string(e.what()).find("the file was corrupted or changed after export"), std::string::npos);
}
}  // namespace
