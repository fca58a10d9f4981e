// Model B: an xsdnn-layout directory whose card lists no members, scored through mc-dropout.onnx (contract
// xsdnn-fused-1), and a fused file opened by its path. On a copy of a real export: $XSDNN_MODEL_B, else
// <models>/carbon-b ($XSDNN_ONNX_MODELS or <repo>/onnx-models), else <repo>/../runs/carbon-b-model.
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace {
namespace fs = std::filesystem;
using xsdnn_test::rel_close;

fs::path model_b_source() {
    if (const char* env = std::getenv("XSDNN_MODEL_B"); env != nullptr && *env != '\0') return fs::path(env);
    const char* models = std::getenv("XSDNN_ONNX_MODELS");
    fs::path root = models != nullptr && *models != '\0' ? fs::path(models) : xsdnn_test::repo_root() / "onnx-models";
    for (const fs::path& candidate :
         {root / "carbon-b", (xsdnn_test::repo_root() / ".." / "runs" / "carbon-b-model").lexically_normal()}) {
        std::error_code ec;
        if (fs::is_regular_file(candidate / "mc-dropout.onnx", ec)) return candidate;
    }
    return {};
}

/// A writable copy of the model-B directory in a temporary directory.
class ModelB : public ::testing::Test {
protected:
    void SetUp() override {
        fs::path source = model_b_source();
        if (source.empty()) GTEST_SKIP() << "no model-B directory: set XSDNN_MODEL_B, or ship onnx-models/carbon-b";
        dir_ = tmp_.path() / source.filename();
        xsdnn_test::copy_dir(source, dir_);
        for (const auto& entry : fs::directory_iterator(dir_))
            fs::permissions(entry.path(), fs::perms::owner_write, fs::perm_options::add);
    }

    struct Golden {
        std::vector<double> e, t, w, mean, std;
        std::vector<std::vector<double>> members;  // [m][i]
    };

    Golden golden() const {
        auto csv = xsdnn_test::Csv::read(dir_ / "golden.csv");
        Golden g;
        std::size_t cE = csv.column("E_GeV"), cT = csv.column("theta_deg"), cW = csv.column("omega_GeV"),
                    cMean = csv.column("sigma_mean_nb_per_sr_GeV"), cStd = csv.column("sigma_std_nb_per_sr_GeV");
        for (std::size_t m = 0;; ++m) {
            char name[32];
            std::snprintf(name, sizeof name, "sigma_member_%02zu", m);
            if (std::find(csv.header.begin(), csv.header.end(), name) == csv.header.end()) break;
            std::size_t c = csv.column(name);
            g.members.emplace_back();
            for (std::size_t i = 0; i < csv.rows.size(); ++i) g.members.back().push_back(csv.number(i, c));
        }
        for (std::size_t i = 0; i < csv.rows.size(); ++i) {
            g.e.push_back(csv.number(i, cE));
            g.t.push_back(csv.number(i, cT));
            g.w.push_back(csv.number(i, cW));
            g.mean.push_back(csv.number(i, cMean));
            g.std.push_back(csv.number(i, cStd));
        }
        return g;
    }

    /// SHA256SUMS rewritten over the files it lists now, without `drop`.
    void rewrite_sums(const std::string& drop = "") const {
        auto sums = xsdnn::parse_sha256sums(xsdnn_test::read_bytes(dir_ / "SHA256SUMS"));
        std::string text;
        for (const auto& [name, hex] : sums)
            if (name != drop) text += xsdnn::sha256_file_hex((dir_ / name).string()) + "  " + name + "\n";
        xsdnn_test::write_bytes(dir_ / "SHA256SUMS", text);
    }

    std::string open_error(const fs::path& path) const {
        auto e = xsdnn_test::error_of([&] { xsdnn::Model m(path.string()); });
        EXPECT_EQ(e.code(), xsdnn::ErrorCode::Contract) << e.what();
        return e.what();
    }

    xsdnn_test::TempDir tmp_;
    fs::path dir_;
};

TEST_F(ModelB, OpensAsAFusedModel) {
    xsdnn::Model model(dir_.string());
    EXPECT_EQ(model.layout(), xsdnn::Layout::Xsdnn);
    EXPECT_EQ(model.kind(), "mc-dropout");
    EXPECT_EQ(model.fused_file(), "mc-dropout.onnx");
    EXPECT_TRUE(model.member_files().empty());
    EXPECT_EQ(model.members(), 50u);
    EXPECT_EQ(model.fused_metadata().at("xsdnn.fused.members"), "50");
    EXPECT_EQ(model.fused_metadata().at("xsdnn.contract"), "xsdnn-fused-1");
    EXPECT_EQ(model.mass_number(), 12);
    EXPECT_FALSE(model.name().empty());  // the card's name
    EXPECT_TRUE(model.has_per_member());
    EXPECT_EQ(model.points_per_run(), std::size_t{(1 << 22) / (50 * 300)});
}

TEST_F(ModelB, ReproducesItsGoldenVectors) {
    xsdnn::Model model(dir_.string());
    Golden g = golden();
    ASSERT_FALSE(g.e.empty());
    ASSERT_EQ(g.members.size(), model.members());
    xsdnn::Prediction p = model.predict(g.e, g.t, g.w);
    ASSERT_EQ(p.members.size(), g.members.size());
    for (std::size_t i = 0; i < g.e.size(); ++i) {
        EXPECT_TRUE(rel_close(p.mean[i], g.mean[i], 1e-6)) << "row " << i << ": " << p.mean[i] << " vs " << g.mean[i];
        EXPECT_TRUE(rel_close(p.std[i], g.std[i], 1e-6)) << "row " << i << ": " << p.std[i] << " vs " << g.std[i];
        for (std::size_t m = 0; m < g.members.size(); ++m)
            EXPECT_TRUE(rel_close(p.members[m][i], g.members[m][i], 1e-6)) << "row " << i << " pass " << m;
    }
    // One point at a time gives the same numbers.
    for (std::size_t i = 0; i < g.e.size(); ++i) {
        xsdnn::Prediction one = model.predict({g.e[i]}, {g.t[i]}, {g.w[i]});
        EXPECT_EQ(one.mean[0], p.mean[i]);
        EXPECT_EQ(one.std[0], p.std[i]);
        for (std::size_t m = 0; m < g.members.size(); ++m) EXPECT_EQ(one.members[m][0], p.members[m][i]);
    }
}

TEST_F(ModelB, MoreThanOneRunOfPointsAndEmptyInput) {
    xsdnn::Model model(dir_.string());
    std::vector<double> e, t, w;
    for (std::size_t i = 0; i < 2 * model.points_per_run() + 3; ++i) {
        e.push_back(0.68);
        t.push_back(36.0);
        w.push_back(0.02 + 0.6 * static_cast<double>(i) / static_cast<double>(2 * model.points_per_run() + 3));
    }
    xsdnn::Prediction all = model.predict(e, t, w);
    for (std::size_t i : {std::size_t{0}, model.points_per_run(), e.size() - 1}) {
        xsdnn::Prediction one = model.predict({e[i]}, {t[i]}, {w[i]});
        EXPECT_EQ(one.mean[0], all.mean[i]) << i;
        EXPECT_EQ(one.members[49][0], all.members[49][i]) << i;
    }
    xsdnn::Prediction none = model.predict({}, {}, {});
    EXPECT_TRUE(none.mean.empty());
    EXPECT_EQ(none.members.size(), 50u);
    auto bad = xsdnn_test::error_of([&] { model.predict({0.68, 0.68}, {36.0, 36.0}, {0.1, 0.7}); });
    EXPECT_EQ(bad.code(), xsdnn::ErrorCode::Input);
    EXPECT_STREQ(bad.what(), "point 1: omega = 0.7 GeV; expected 0 <= omega < E = 0.68 GeV");
    auto r = xsdnn_test::error_of([&] { model.member_r(0, std::vector<float>(5), 1); });
    EXPECT_EQ(r.code(), xsdnn::ErrorCode::Input);
    xsdnn::Model moved = std::move(model);
    EXPECT_EQ(moved.predict({e[0]}, {t[0]}, {w[0]}).mean[0], all.mean[0]);
    auto gone = xsdnn_test::error_of([&] { model.predict({0.68}, {36.0}, {0.1}); });  // NOLINT(bugprone-use-after-move)
    EXPECT_EQ(gone.code(), xsdnn::ErrorCode::State);
}

TEST_F(ModelB, DamagedFusedFileIsRefusedByChecksum) {
    xsdnn_test::flip_byte(dir_ / "mc-dropout.onnx", -100);
    std::string what = open_error(dir_);
    EXPECT_EQ(what.rfind("mc-dropout.onnx: SHA-256 is ", 0), 0u) << what;
    EXPECT_NE(what.find("the file was corrupted or changed after export"), std::string::npos) << what;
}

TEST_F(ModelB, FusedFileNotInChecksumsIsRefused) {
    rewrite_sums("mc-dropout.onnx");
    EXPECT_EQ(open_error(dir_),
              "mc-dropout.onnx: in " + dir_.string() +
                  " but not listed in SHA256SUMS, so it cannot be trusted. Re-export with xsdnn export.");
}

TEST_F(ModelB, CardWithoutMembersOrFusedFileIsRefused) {
    fs::remove(dir_ / "mc-dropout.onnx");
    rewrite_sums("mc-dropout.onnx");
    EXPECT_EQ(open_error(dir_), "model-card.json: lists no members; expected at least one member file.");
}

TEST_F(ModelB, CardAndFileDisagreeingOnTheNucleusAreRefused) {
    std::string card = xsdnn_test::read_bytes(dir_ / "model-card.json");
    std::string from = "\"mass-number\" : 12", to = "\"mass-number\" : 40";
    auto at = card.find(from);
    ASSERT_NE(at, std::string::npos);
    card.replace(at, from.size(), to);
    xsdnn_test::write_bytes(dir_ / "model-card.json", card);
    rewrite_sums();
    EXPECT_EQ(open_error(dir_),
              "mc-dropout.onnx: metadata xsdnn.target.a is 12, model-card.json gives target mass "
              "number 40; the directory mixes two exports. Re-export with xsdnn export.");
}

TEST_F(ModelB, ALoneFusedFileGivesTheSameNumbers) {
    xsdnn::Model lone((dir_ / "mc-dropout.onnx").string());
    xsdnn::Model directory(dir_.string());
    EXPECT_EQ(lone.layout(), xsdnn::Layout::Fused);
    EXPECT_EQ(lone.members(), 50u);
    EXPECT_EQ(lone.mass_number(), 12);
    EXPECT_TRUE(lone.name().empty());
    Golden g = golden();
    xsdnn::Prediction a = lone.predict(g.e, g.t, g.w), b = directory.predict(g.e, g.t, g.w);
    EXPECT_EQ(a.mean, b.mean);
    EXPECT_EQ(a.std, b.std);
    EXPECT_EQ(a.members, b.members);
}

TEST(FusedFile, AMemberFileIsNotAFusedFile) {
    xsdnn_test::TempDir tmp;
    fs::path dir = xsdnn_test::write_xsdnn_dir(
        tmp.path() / "tiny",
        {{"member-00.onnx", xsdnn_test::linear_sigmoid_onnx({0.1f, 0.2f, -0.3f, 0.4f, -1.0f}, "r")}});
    auto e = xsdnn_test::error_of([&] { xsdnn::Model m((dir / "member-00.onnx").string()); });
    EXPECT_EQ(e.code(), xsdnn::ErrorCode::Contract);
    EXPECT_STREQ(e.what(),
                 "member-00.onnx: metadata xsdnn.contract is missing; a fused model has \"xsdnn-fused-1\". "
                 "For member files (contract xsdnn-1 or NuWro's) use xsdnn::Model on their directory.");
}
}  // namespace
