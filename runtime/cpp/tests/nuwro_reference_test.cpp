// The two third-party NuWro reference members (shared/reference-models/nuwro-pr53) reproduce golden.csv, which
// ONNX Runtime Java computed: r and σ to 1e-6 relative, in batches of 1, 2 and 4 points and as one batch.
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace {
using xsdnn_test::rel_close;

struct Row {
    double energy, theta, omega, r, sigma;
};

class NuwroReference : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        auto dir = xsdnn_test::nuwro_dir();
        ASSERT_TRUE(std::filesystem::is_directory(dir))
            << dir << " is missing: set XSDNN_SHARED to the shared/ directory (default <repo>/../shared)";
        auto csv = xsdnn_test::Csv::read(dir / "golden.csv");
        rows_by_member_.assign(2, {});
        for (std::size_t i = 0; i < csv.rows.size(); ++i) {
            const std::string& file = csv.rows[i][csv.column("file")];
            std::size_t member = file == "model_electron_A_12_0.onnx"   ? 0
                                 : file == "model_electron_A_12_1.onnx" ? 1
                                                                        : 9;
            ASSERT_LT(member, 2u) << "unexpected file " << file << " in golden.csv";
            rows_by_member_[member].push_back({csv.number(i, csv.column("E_GeV")),
                                               csv.number(i, csv.column("theta_deg")),
                                               csv.number(i, csv.column("omega_GeV")), csv.number(i, csv.column("r")),
                                               csv.number(i, csv.column("sigma_nb_per_sr_GeV"))});
        }
        model_ = std::make_unique<xsdnn::Model>(dir.string());
    }
    static void TearDownTestSuite() { model_.reset(); }

    /// Checks member m's rows in batches of `batch` points (0: all at once) through predict and member_r.
    static void check_batches(std::size_t m, std::size_t batch) {
        const auto& rows = rows_by_member_.at(m);
        ASSERT_FALSE(rows.empty());
        std::size_t step = batch == 0 ? rows.size() : batch;
        for (std::size_t start = 0; start < rows.size(); start += step) {
            std::size_t n = std::min(step, rows.size() - start);
            std::vector<double> e, t, w;
            for (std::size_t i = start; i < start + n; ++i) {
                e.push_back(rows[i].energy);
                t.push_back(rows[i].theta);
                w.push_back(rows[i].omega);
            }
            xsdnn::Prediction p = model_->predict(e, t, w);
            ASSERT_EQ(p.members.size(), 2u);
            ASSERT_EQ(p.mean.size(), n);
            std::vector<double> r = model_->member_r(m, xsdnn::feature_matrix(e, t, w), n);
            for (std::size_t j = 0; j < n; ++j) {
                const Row& g = rows[start + j];
                EXPECT_TRUE(rel_close(r[j], g.r, 1e-6)) << "member " << m << " point " << start + j << ": r " << r[j]
                                                        << " vs golden " << g.r << " (batch " << batch << ")";
                EXPECT_TRUE(rel_close(p.members[m][j], g.sigma, 1e-6))
                    << "member " << m << " point " << start + j << ": sigma " << p.members[m][j] << " vs golden "
                    << g.sigma << " (batch " << batch << ")";
            }
        }
    }

    static std::vector<std::vector<Row>> rows_by_member_;
    static std::unique_ptr<xsdnn::Model> model_;
};

std::vector<std::vector<Row>> NuwroReference::rows_by_member_;
std::unique_ptr<xsdnn::Model> NuwroReference::model_;

TEST_F(NuwroReference, OpensAsNuwroLayout) {
    EXPECT_EQ(model_->layout(), xsdnn::Layout::Nuwro);
    EXPECT_EQ(model_->members(), 2u);
    EXPECT_EQ(model_->mass_number(), 12);
    EXPECT_EQ(model_->output_name(), "Identity:0");
    EXPECT_EQ(model_->name(), "");
    std::cout << "ONNX Runtime library " << xsdnn::onnxruntime_version() << ", headers C API " << ORT_API_VERSION
              << std::endl;
}

TEST_F(NuwroReference, BatchOfOne) {
    check_batches(0, 1);
    check_batches(1, 1);
}

TEST_F(NuwroReference, BatchOfTwo) {
    check_batches(0, 2);
    check_batches(1, 2);
}

TEST_F(NuwroReference, BatchOfFour) {
    check_batches(0, 4);
    check_batches(1, 4);
}

TEST_F(NuwroReference, OneBatch) {
    check_batches(0, 0);
    check_batches(1, 0);
}

TEST_F(NuwroReference, MeanAndPopulationStdOverMembers) {
    const auto& rows = rows_by_member_[0];
    ASSERT_EQ(rows.size(), rows_by_member_[1].size());
    std::vector<double> e, t, w;
    for (const Row& g : rows) {
        e.push_back(g.energy);
        t.push_back(g.theta);
        w.push_back(g.omega);
    }
    xsdnn::Prediction p = model_->predict(e, t, w);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        double a = rows_by_member_[0][i].sigma, b = rows_by_member_[1][i].sigma;
        EXPECT_TRUE(rel_close(p.mean[i], (a + b) / 2, 1e-6)) << i;
        // golden σ has 9 significant digits, so |a − b| is known to about 1e-8 of σ, not of itself.
        EXPECT_NEAR(p.std[i], std::fabs(a - b) / 2, 1e-6 * p.mean[i]) << i;
    }
}

TEST_F(NuwroReference, EmptyBatchGivesEmptyPrediction) {
    xsdnn::Prediction p = model_->predict({}, {}, {});
    EXPECT_TRUE(p.mean.empty());
    EXPECT_TRUE(p.std.empty());
    ASSERT_EQ(p.members.size(), 2u);
    EXPECT_TRUE(p.members[0].empty());
}

TEST_F(NuwroReference, InvalidKinematicsThrowNamingIndexAndValue) {
    using xsdnn_test::error_of;
    auto e = error_of([] { model_->predict({0.68, -1.0}, {36, 36}, {0.1, 0.1}); });
    EXPECT_EQ(e.code(), xsdnn::ErrorCode::Input);
    EXPECT_STREQ(e.what(), "point 1: E = -1.0 GeV; expected a positive finite beam energy");
    EXPECT_STREQ(error_of([] { model_->predict({0.68}, {0.0}, {0.1}); }).what(),
                 "point 0: theta = 0.0 deg; expected 0 < theta <= 180 degrees");
    EXPECT_STREQ(error_of([] {
                     model_->predict({0.68, 0.68, 0.68}, {36, 36, 181}, {0.1, 0.1, 0.1});
                 }).what(),
                 "point 2: theta = 181.0 deg; expected 0 < theta <= 180 degrees");
    EXPECT_STREQ(error_of([] { model_->predict({0.68}, {36}, {0.68}); }).what(),
                 "point 0: omega = 0.68 GeV; expected 0 <= omega < E = 0.68 GeV");
    EXPECT_STREQ(error_of([] { model_->predict({0.68}, {36}, {-0.1}); }).what(),
                 "point 0: omega = -0.1 GeV; expected 0 <= omega < E = 0.68 GeV");
    EXPECT_STREQ(error_of([] {
                     model_->predict({0.68}, {36, 40}, {0.1});
                 }).what(),
                 "E, theta and omega must have the same length; got 1, 2, 1");
    EXPECT_STREQ(error_of([] { model_->member_r(2, {}, 0); }).what(), "Index 2 out of bounds for length 2");
    EXPECT_STREQ(error_of([] { model_->member_r(0, std::vector<float>(4), 1); }).what(),
                 "features has 4 values for n = 1 points; expected n*5");
}

TEST_F(NuwroReference, MovedModelScoresAndMovedFromRefuses) {
    xsdnn::Model a(xsdnn_test::nuwro_dir().string());
    xsdnn::Model b(std::move(a));
    EXPECT_EQ(b.predict({0.68}, {36}, {0.1}).mean.size(), 1u);
    auto e = xsdnn_test::error_of([&] { a.predict({0.68}, {36}, {0.1}); });  // NOLINT(bugprone-use-after-move)
    EXPECT_EQ(e.code(), xsdnn::ErrorCode::State);
    EXPECT_STREQ(e.what(), "Trying to score a moved-from xsdnn::Model.");
    a = std::move(b);
    EXPECT_EQ(a.members(), 2u);
}
}  // namespace
