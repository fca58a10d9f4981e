// Carbon energy-transfer scan: d²σ/(dΩ dω) against ω at fixed beam energy and angle, as a CSV table.
//
//   scan <model-dir> [E_GeV theta_deg]      default E = 0.68 GeV, θ = 36°
//
// <model-dir> is an xsdnn model directory (model-card.json, member-NN.onnx, SHA256SUMS) or a NuWro one
// (model_electron_<tag>_<A>_<i>.onnx). The table goes to stdout, messages to stderr.
// Exit codes: 0 ok, 1 internal, 2 usage, 3 bad input, 4 bad model.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <vector>
#include <xsdnn/xsdnn.hpp>

namespace {
int usage() {
    std::fprintf(stderr,
                 "usage: scan <model-dir> [E_GeV theta_deg]\n"
                 "  Prints sigma(omega) in nb/(sr GeV) at fixed E (default 0.68 GeV) and theta (default 36 deg),\n"
                 "  omega from 0.01 GeV in steps of 0.01 GeV below E, as CSV: mean and spread over members.\n");
    return 2;
}

bool parse(const char* text, double& out) {
    char* end = nullptr;
    out = std::strtod(text, &end);
    return end != text && *end == '\0';
}
}  // namespace

int main(int argc, char** argv) {
    if (argc != 2 && argc != 4) return usage();
    double energy = 0.68;
    double theta = 36.0;
    if (argc == 4 && (!parse(argv[2], energy) || !parse(argv[3], theta))) {
        std::fprintf(stderr, "scan: E and theta must be numbers like 0.68 and 36; got \"%s\" and \"%s\"\n", argv[2],
                     argv[3]);
        return 2;
    }
    try {
        xsdnn::Model model(argv[1]);
        std::vector<double> e, t, w;
        for (int k = 1; 0.01 * k < energy - 1e-9; ++k) {
            e.push_back(energy);
            t.push_back(theta);
            w.push_back(0.01 * k);
        }
        xsdnn::Prediction p = model.predict(e, t, w);
        std::fprintf(stderr, "# %s: %zu member(s), A = %d, E = %g GeV, theta = %g deg, ONNX Runtime %s\n",
                     model.directory().c_str(), model.members(), model.mass_number(), energy, theta,
                     xsdnn::onnxruntime_version().c_str());
        std::printf("omega_GeV,sigma_mean_nb_per_sr_GeV,sigma_std_nb_per_sr_GeV\n");
        for (std::size_t i = 0; i < w.size(); ++i) std::printf("%.4f,%.6g,%.6g\n", w[i], p.mean[i], p.std[i]);
        return 0;
    } catch (const xsdnn::Error& ex) {
        std::fprintf(stderr, "scan: %s\n", ex.what());
        switch (ex.code()) {
            case xsdnn::ErrorCode::Input:
                return 3;
            case xsdnn::ErrorCode::Contract:
            case xsdnn::ErrorCode::Io:
                return 4;
            default:
                return 1;
        }
    } catch (const std::exception& ex) {
        std::fprintf(stderr, "scan: internal error: %s\n", ex.what());
        return 1;
    }
}
