// One Model serves many threads: predict from 4 threads at once gives results identical to one thread.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "test_support.hpp"

namespace {
void expect_identical(const xsdnn::Prediction& a, const xsdnn::Prediction& b) {
    ASSERT_EQ(a.members.size(), b.members.size());
    EXPECT_EQ(a.mean, b.mean);
    EXPECT_EQ(a.std, b.std);
    for (std::size_t m = 0; m < a.members.size(); ++m) EXPECT_EQ(a.members[m], b.members[m]) << "member " << m;
}

void concurrent_predict_is_identical(const xsdnn::Model& model) {
    std::vector<double> e, t, w;
    for (int i = 0; i < 64; ++i) {
        e.push_back(0.5 + 0.05 * (i % 8));
        t.push_back(15.0 + 2.5 * i);
        w.push_back(0.02 + 0.005 * i);
    }
    const xsdnn::Prediction reference = model.predict(e, t, w);
    std::vector<xsdnn::Prediction> results(4 * 10);
    std::atomic<int> errors{0};
    std::vector<std::thread> threads;
    for (int k = 0; k < 4; ++k) {
        threads.emplace_back([&, k] {
            for (int rep = 0; rep < 10; ++rep) {
                try {
                    results[static_cast<std::size_t>(k * 10 + rep)] = model.predict(e, t, w);
                } catch (...) {
                    ++errors;
                }
            }
        });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(errors.load(), 0);
    for (const auto& r : results) expect_identical(r, reference);
}

TEST(Concurrency, FourThreadsOnNuwroReference) {
    xsdnn::Model model(xsdnn_test::nuwro_dir().string());
    concurrent_predict_is_identical(model);
}

TEST(Concurrency, FourThreadsOnXsdnnLayout) {
    xsdnn_test::TempDir tmp;
    auto dir = xsdnn_test::write_xsdnn_dir(
        tmp.path() / "m", {{"member-00.onnx", xsdnn_test::linear_sigmoid_onnx({0.1f, -0.2f, 0.3f, -0.4f, 0.5f}, "r")},
                           {"member-01.onnx", xsdnn_test::linear_sigmoid_onnx({0.2f, 0.1f, -0.3f, 0.4f, 0.5f}, "r")}});
    xsdnn::Model model(dir.string());
    concurrent_predict_is_identical(model);
}
}  // namespace
