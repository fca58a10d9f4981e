// Features, scale and validation: the same numbers and message texts as org.xsdnn.core.Kinematics.
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace {
using xsdnn::detail::java_double;

TEST(JavaDouble, FormatsAsJavaDoubleToString) {
    // Expected texts printed by Java 17's Double.toString for the same values. Known differences, outside any
    // kinematics: subnormals (Java: 4.9E-324, here 5.0E-324) and JDK 17's non-shortest cases such as 1e23.
    const std::vector<std::pair<double, const char*>> cases = {{0.68, "0.68"},
                                                               {-1.0, "-1.0"},
                                                               {0.0, "0.0"},
                                                               {-0.0, "-0.0"},
                                                               {1e-5, "1.0E-5"},
                                                               {1.0e7, "1.0E7"},
                                                               {9999999.0, "9999999.0"},
                                                               {0.001, "0.001"},
                                                               {0.0009, "9.0E-4"},
                                                               {180.5, "180.5"},
                                                               {1e300, "1.0E300"},
                                                               {123456.789, "123456.789"},
                                                               {1.0 / 3, "0.3333333333333333"},
                                                               {0.1 + 0.2, "0.30000000000000004"},
                                                               {2e-3, "0.002"},
                                                               {std::nan(""), "NaN"},
                                                               {HUGE_VAL, "Infinity"},
                                                               {-HUGE_VAL, "-Infinity"},
                                                               {100.0, "100.0"},
                                                               {12345678.9, "1.23456789E7"},
                                                               {1.7976931348623157e308, "1.7976931348623157E308"},
                                                               {36.0, "36.0"},
                                                               {0.961, "0.961"},
                                                               {1e21, "1.0E21"},
                                                               {2.5e-3, "0.0025"},
                                                               {-0.25, "-0.25"}};
    for (const auto& [v, text] : cases) EXPECT_EQ(java_double(v), text);
}

TEST(Kinematics, ScaleMatchesPhysicsNotes) {
    // physics.md: S(0.68, 60°) ≈ 5.87e5, S(5.766, 18°) ≈ 1.15e5 nb/(sr·GeV).
    EXPECT_NEAR(xsdnn::scale_nb_per_sr_gev(0.68, 60.0), 5.87e5, 0.005e5);
    EXPECT_NEAR(xsdnn::scale_nb_per_sr_gev(5.766, 18.0), 1.15e5, 0.005e5);
    EXPECT_DOUBLE_EQ(xsdnn::sigma_nb_per_sr_gev(0.5, 0.68, 60.0, 24), 0.5 * xsdnn::scale_nb_per_sr_gev(0.68, 60.0) * 2);
    EXPECT_DOUBLE_EQ(xsdnn::q2(1.0, 90.0, 0.25), 2.0 * 1.0 * 0.75 * (1.0 - std::cos(M_PI / 2)));
}

TEST(Kinematics, FeaturesMatchTheReferenceInputVectors) {
    // golden.csv's x0..x4 are the float32 inputs ONNX Runtime Java was given.
    auto csv = xsdnn_test::Csv::read(xsdnn_test::nuwro_dir() / "golden.csv");
    ASSERT_FALSE(csv.rows.empty());
    for (std::size_t i = 0; i < csv.rows.size(); ++i) {
        auto f = xsdnn::features(csv.number(i, csv.column("E_GeV")), csv.number(i, csv.column("theta_deg")),
                                 csv.number(i, csv.column("omega_GeV")));
        for (int k = 0; k < 5; ++k) {
            float expected = std::stof(csv.rows[i][csv.column("x" + std::to_string(k))]);
            EXPECT_EQ(f[static_cast<std::size_t>(k)], expected) << "row " << i << " x" << k;
        }
    }
}

TEST(Kinematics, ValidationTextsAreTheJavaOnes) {
    EXPECT_EQ(xsdnn::validate(0.68, 36, 0.1), "");
    EXPECT_EQ(xsdnn::validate(0.68, 180, 0), "");
    EXPECT_EQ(xsdnn::validate(-1, 36, 0.1), "E = -1.0 GeV; expected a positive finite beam energy");
    EXPECT_EQ(xsdnn::validate(0, 36, 0.1), "E = 0.0 GeV; expected a positive finite beam energy");
    EXPECT_EQ(xsdnn::validate(HUGE_VAL, 36, 0.1), "E = Infinity GeV; expected a positive finite beam energy");
    EXPECT_EQ(xsdnn::validate(std::nan(""), 36, 0.1), "E = NaN GeV; expected a positive finite beam energy");
    EXPECT_EQ(xsdnn::validate(0.68, 0, 0.1), "theta = 0.0 deg; expected 0 < theta <= 180 degrees");
    EXPECT_EQ(xsdnn::validate(0.68, 180.5, 0.1), "theta = 180.5 deg; expected 0 < theta <= 180 degrees");
    EXPECT_EQ(xsdnn::validate(0.68, 36, 0.68), "omega = 0.68 GeV; expected 0 <= omega < E = 0.68 GeV");
    EXPECT_EQ(xsdnn::validate(0.68, 36, -1e-5), "omega = -1.0E-5 GeV; expected 0 <= omega < E = 0.68 GeV");
}

TEST(Kinematics, FeatureMatrixNamesTheBadPoint) {
    auto e = xsdnn_test::error_of([] { xsdnn::feature_matrix({0.68, 0.68}, {36, 36}, {0.1, 0.9}); });
    EXPECT_EQ(e.code(), xsdnn::ErrorCode::Input);
    EXPECT_STREQ(e.what(), "point 1: omega = 0.9 GeV; expected 0 <= omega < E = 0.68 GeV");
    auto len = xsdnn_test::error_of([] { xsdnn::feature_matrix({0.68, 0.5}, {36}, {0.1, 0.2}); });
    EXPECT_STREQ(len.what(), "E, theta and omega must have the same length; got 2, 1, 2");
    EXPECT_TRUE(xsdnn::feature_matrix({}, {}, {}).empty());
}
}  // namespace
