// Helpers shared by the tests: where the repository and shared/ are, temporary directories, CSV reading, and
// small hand-encoded ONNX models written into xsdnn-layout directories.
#ifndef XSDNN_TEST_SUPPORT_HPP
#define XSDNN_TEST_SUPPORT_HPP

#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
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

// ---------------------------------------------------------------- a minimal ONNX writer (protobuf wire format)

/// One protobuf message: varint (wire type 0) and length-delimited (wire type 2) fields.
class Proto {
public:
    Proto& varint(int field, std::uint64_t value) {
        key(field, 0);
        put_varint(value);
        return *this;
    }
    Proto& bytes(int field, const std::string& value) {
        key(field, 2);
        put_varint(value.size());
        out_ += value;
        return *this;
    }
    Proto& message(int field, const Proto& value) { return bytes(field, value.out_); }
    const std::string& str() const { return out_; }

private:
    void key(int field, int wire) { put_varint(static_cast<std::uint64_t>(field) << 3 | static_cast<unsigned>(wire)); }
    void put_varint(std::uint64_t v) {
        while (v >= 0x80) {
            out_ += static_cast<char>((v & 0x7F) | 0x80);
            v >>= 7;
        }
        out_ += static_cast<char>(v);
    }
    std::string out_;
};

/// value_info "name": float32 [N, width] (N symbolic), or [batch, width] when batch >= 0.
inline Proto value_info(const std::string& name, std::int64_t width, std::int64_t batch = -1) {
    constexpr int kFloat = 1;  // onnx.TensorProto.DataType.FLOAT
    Proto first;
    if (batch >= 0)
        first.varint(1, static_cast<std::uint64_t>(batch));
    else
        first.bytes(2, "N");
    Proto shape;
    shape.message(1, first).message(1, Proto().varint(1, static_cast<std::uint64_t>(width)));
    Proto tensor;
    tensor.varint(1, kFloat).message(2, shape);
    Proto type;
    type.message(1, tensor);
    Proto vi;
    vi.bytes(1, name).message(2, type);
    return vi;
}

/// An ONNX model (IR 8, opset 17) computing output = sigmoid(input · w): input "input" float32 [N, w.size()],
/// output `output_name` float32 [N, 1]. Field numbers from onnx.proto (ModelProto, GraphProto, NodeProto,
/// TensorProto, ValueInfoProto, TypeProto, TensorShapeProto, OperatorSetIdProto).
inline std::string linear_sigmoid_onnx(const std::vector<float>& w, const std::string& output_name) {
    constexpr int kFloat = 1;
    std::string raw(w.size() * sizeof(float), '\0');
    std::memcpy(raw.data(), w.data(), raw.size());  // little-endian on the platforms ONNX Runtime runs on
    Proto weight;
    weight.varint(1, w.size()).varint(1, 1).varint(2, kFloat).bytes(8, "w").bytes(9, raw);
    Proto matmul;
    matmul.bytes(1, "input").bytes(1, "w").bytes(2, "z").bytes(4, "MatMul");
    Proto sigmoid;
    sigmoid.bytes(1, "z").bytes(2, output_name).bytes(4, "Sigmoid");
    Proto graph;
    graph.message(1, matmul)
        .message(1, sigmoid)
        .bytes(2, "tiny")
        .message(5, weight)
        .message(11, value_info("input", static_cast<std::int64_t>(w.size())))
        .message(12, value_info(output_name, 1));
    Proto model;
    model.varint(1, 8).bytes(2, "xsdnn-cpp-test").message(7, graph).message(8, Proto().bytes(1, "").varint(2, 17));
    return model.str();
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
