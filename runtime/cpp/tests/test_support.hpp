// Helpers shared by the tests: where the repository and shared/ are, temporary directories, CSV reading, and
// tiny ONNX models (written by tests/tiny_onnx.py) in xsdnn-layout directories.
#ifndef XSDNN_TEST_SUPPORT_HPP
#define XSDNN_TEST_SUPPORT_HPP

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>
#include <xsdnn/xsdnn.hpp>

namespace xsdnn_test {
namespace fs = std::filesystem;

/// The repository root (compiled in by CMake).
inline fs::path repo_root() { return fs::path(XSDNN_REPO_ROOT); }

/// shared/: $XSDNN_SHARED, else <repo>/../shared.
inline fs::path shared_dir() {
    const char* env = std::getenv("XSDNN_SHARED");
    if (env != nullptr && *env != '\0') return fs::path(env);
    return (repo_root() / ".." / "shared").lexically_normal();
}

inline fs::path nuwro_dir() { return shared_dir() / "reference-models" / "nuwro-pr53"; }

/// |a − b| ≤ tol · max(|a|, |b|).
inline bool rel_close(double a, double b, double tol) {
    return std::fabs(a - b) <= tol * std::max(std::fabs(a), std::fabs(b));
}

/// A fresh directory under the system temp dir, removed with everything in it on destruction.
class TempDir {
public:
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "xsdnn-cpp-test-XXXXXX").string();
        std::vector<char> buf(pattern.begin(), pattern.end());
        buf.push_back('\0');
        if (mkdtemp(buf.data()) == nullptr) throw std::runtime_error("mkdtemp failed for " + pattern);
        path_ = buf.data();
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

inline std::string read_bytes(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error(file.string() + ": cannot be read");
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

inline void write_bytes(const fs::path& file, const std::string& bytes) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw std::runtime_error(file.string() + ": cannot be written");
}

/// A CSV file with a header line; '#' lines and blank lines are skipped.
struct Csv {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;

    static std::vector<std::string> split(const std::string& line) {
        std::vector<std::string> cells;
        std::stringstream ss(line);
        std::string cell;
        while (std::getline(ss, cell, ',')) cells.push_back(cell);
        if (!line.empty() && line.back() == ',') cells.emplace_back();
        return cells;
    }

    static Csv read(const fs::path& file) {
        std::ifstream in(file);
        if (!in) throw std::runtime_error(file.string() + ": cannot be read");
        Csv csv;
        std::string line;
        while (std::getline(in, line)) {
            if (!line.empty() && line.back() == '\r') line.pop_back();
            if (line.empty() || line[0] == '#') continue;
            if (csv.header.empty()) {
                csv.header = split(line);
            } else {
                csv.rows.push_back(split(line));
                if (csv.rows.back().size() != csv.header.size())
                    throw std::runtime_error(file.string() + ": row " + std::to_string(csv.rows.size()) + " has " +
                                             std::to_string(csv.rows.back().size()) + " cells; header has " +
                                             std::to_string(csv.header.size()));
            }
        }
        return csv;
    }

    /// Index of a column; throws naming the missing one.
    std::size_t column(const std::string& name) const {
        for (std::size_t i = 0; i < header.size(); ++i)
            if (header[i] == name) return i;
        throw std::runtime_error("no column \"" + name + "\"");
    }

    double number(std::size_t row, std::size_t col) const { return std::stod(rows.at(row).at(col)); }
};

// ---------------------------------------------------------------- tiny ONNX models, written by Python's onnx

/// `s` in single quotes for /bin/sh.
inline std::string shell_quoted(const std::string& s) {
    std::string quoted = "'";
    for (char c : s) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

/// An ONNX model (IR 8, opset 17) computing output = sigmoid(input · w): input "input" float32 [N, w.size()],
/// output `output_name` float32 [N, 1]. Written by tests/tiny_onnx.py with the onnx package, run by the Python
/// CMake was given (XSDNN_TEST_PYTHON; run_tests.sh makes a venv with onnx), so no test encodes protobuf itself.
/// Python runs once per model and process (tests that loop over cases ask for the same model again); call it from
/// one thread.
inline std::string linear_sigmoid_onnx(const std::vector<float>& w, const std::string& output_name) {
    static std::map<std::pair<std::vector<float>, std::string>, std::string> made;
    auto key = std::make_pair(w, output_name);
    if (auto it = made.find(key); it != made.end()) return it->second;
    std::ostringstream weights;
    weights.precision(std::numeric_limits<float>::max_digits10);  // the same float32 again in Python
    for (std::size_t k = 0; k < w.size(); ++k) weights << (k == 0 ? "" : ",") << w[k];
    std::string command = shell_quoted(XSDNN_TEST_PYTHON) + " " + shell_quoted(XSDNN_TINY_ONNX) + " --output-name " +
                          shell_quoted(output_name) + " --weights=" + weights.str();
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) throw std::runtime_error("cannot run " + command);
    std::string bytes;
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) bytes.append(buf, n);
    if (pclose(pipe) != 0 || bytes.empty())
        throw std::runtime_error(command +
                                 " failed; it needs Python with the onnx package (runtime/cpp/run_tests.sh "
                                 "makes one; or configure with -DXSDNN_TEST_PYTHON=<python with onnx>)");
    return made.emplace(std::move(key), std::move(bytes)).first->second;
}

/// r = sigmoid(x · w) computed here in double, for comparison.
inline double linear_sigmoid(const std::array<float, 5>& x, const std::vector<float>& w) {
    double z = 0;
    for (std::size_t k = 0; k < x.size(); ++k) z += static_cast<double>(x[k]) * w[k];
    return 1.0 / (1.0 + std::exp(-z));
}

/// Writes an xsdnn-layout directory: the given member files, a model card naming them (A = mass_number), and
/// SHA256SUMS over all of them and the card.
inline fs::path write_xsdnn_dir(const fs::path& dir, const std::vector<std::pair<std::string, std::string>>& members,
                                int mass_number = 12) {
    fs::create_directories(dir);
    std::string sums;
    std::string list;
    for (const auto& [name, bytes] : members) {
        write_bytes(dir / name, bytes);
        std::string hex = xsdnn::sha256_hex(bytes);
        sums += hex + "  " + name + "\n";
        list += std::string(list.empty() ? "" : ",\n") + "    {\n      \"file\" : \"" + name +
                "\",\n      \"held-out-chi2-per-point\" : 0.9,\n      \"lambdas\" : { \"Barr1983\" : 1.01 },\n"
                "      \"seed\" : 1,\n      \"sha256\" : \"" +
                hex + "\"\n    }";
    }
    std::string card =
        std::string("{\n  \"contract\" : {\n") +
        "    \"feature-order\" : \"E/20,omega/20,theta/180,cos(theta),Q2/100\",\n"
        "    \"id\" : \"xsdnn-1\",\n    \"input-name\" : \"input\",\n    \"output-name\" : \"r\",\n"
        "    \"sigma-formula\" : \"sigma = r * S * A/12\",\n    \"units\" : \"nb/(sr\\u00b7GeV)\"\n  },\n"
        "  \"created-at\" : \"2025-01-01T00:00:00Z\",\n  \"members\" : [\n" +
        list +
        "\n  ],\n  \"name\" : \"tiny\",\n  \"notes\" : \"test\",\n"
        "  \"target\" : {\n    \"mass-number\" : " +
        std::to_string(mass_number) +
        ",\n    \"name\" : \"C\",\n    \"proton-number\" : 6\n  },\n"
        "  \"training\" : { \"epochs\" : 1 },\n  \"xsdnn-version\" : \"0.1.0\"\n}\n";
    write_bytes(dir / "model-card.json", card);
    sums += xsdnn::sha256_hex(card) + "  model-card.json\n";
    write_bytes(dir / "SHA256SUMS", sums);
    return dir;
}

/// Copies a directory's regular files (not recursively) into `to`.
inline void copy_dir(const fs::path& from, const fs::path& to) {
    fs::create_directories(to);
    for (const auto& entry : fs::directory_iterator(from))
        if (entry.is_regular_file()) fs::copy_file(entry.path(), to / entry.path().filename());
}

/// Flips one bit of a file's byte at `offset` (from the end when negative).
inline void flip_byte(const fs::path& file, long offset) {
    std::string bytes = read_bytes(file);
    std::size_t at = offset >= 0 ? static_cast<std::size_t>(offset) : bytes.size() - static_cast<std::size_t>(-offset);
    bytes.at(at) = static_cast<char>(bytes.at(at) ^ 0x01);
    fs::permissions(file, fs::perms::owner_write, fs::perm_options::add);
    write_bytes(file, bytes);
}

/// Expects `f` to throw xsdnn::Error; returns it (fails the test otherwise).
template <class F>
xsdnn::Error error_of(F&& f) {
    try {
        f();
    } catch (const xsdnn::Error& e) {
        return e;
    }
    throw std::runtime_error("expected xsdnn::Error, nothing was thrown");
}

}  // namespace xsdnn_test

#endif  // XSDNN_TEST_SUPPORT_HPP
