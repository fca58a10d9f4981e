// Scoring throughput of the C++ front end: points/s of Model::predict for batch sizes N = 1 .. max_n and
// intra-op threads 1 and 2, on a model directory. One member-point of the 10x300 network is about 1.64 MFLOP.
//
//   bench <model-dir> [max_n]        (benchmarks/cpp_scoring.sh builds and runs it)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>
#include <xsdnn/xsdnn.hpp>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench <model-dir> [max_n]\n");
        return 2;
    }
    const long max_n = argc > 2 ? std::strtol(argv[2], nullptr, 10) : 100000;
    std::printf("threads,N,ms_per_call,points_per_s,member_points_per_s,gflop_per_s\n");
    for (int threads : {1, 2}) {
        xsdnn::Options options;
        options.intra_op_threads = threads;
        const xsdnn::Model model(argv[1], options);
        for (long n = 1; n <= max_n; n *= 10) {
            std::mt19937_64 random(1);
            std::uniform_real_distribution<double> unit(0.0, 1.0);
            std::vector<double> e(n), theta(n), omega(n);
            for (long i = 0; i < n; ++i) {
                e[i] = 0.2 + 5.5 * unit(random);
                theta[i] = 10 + 130 * unit(random);
                omega[i] = e[i] * 0.8 * unit(random);
            }
            model.predict(e, theta, omega);  // warm-up
            const long repeats = n >= 2000 ? 1 : 2000 / n;
            const auto start = std::chrono::steady_clock::now();
            for (long r = 0; r < repeats; ++r) model.predict(e, theta, omega);
            const double seconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / repeats;
            const double points = n / seconds;
            const double member_points = points * model.members();
            std::printf("%d,%ld,%.3f,%.0f,%.0f,%.1f\n", threads, n, seconds * 1e3, points, member_points,
                        member_points * 1.64e6 / 1e9);
        }
    }
    return 0;
}
