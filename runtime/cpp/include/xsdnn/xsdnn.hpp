// xsdnn C++ runtime: electron-nucleus cross sections from an ensemble of ONNX member files.
//
// Header-only, C++17, over the ONNX Runtime C++ API (onnxruntime_cxx_api.h); model cards are parsed with
// nlohmann/json and checksums computed with OpenSSL's libcrypto (link OpenSSL::Crypto). It reads the same model
// directories as the Java runtime (org.xsdnn.runtime.Ensemble), checks the same contract and refuses the same
// directories with the same error kinds:
//
//   xsdnn layout  model-card.json + member-NN.onnx + SHA256SUMS (every listed file's SHA-256 verified);
//                 members read input "input" float32 [N,5] and write output "r" float32 [N,1];
//                 A (mass number) from the card's target.mass-number.
//   NuWro layout  model_electron_<tag>_<A>_<i>.onnx, one per member, output "Identity:0".
//   model B       xsdnn layout whose card lists no members and whose SHA256SUMS lists mc-dropout.onnx: scored
//                 through that one fused file (contract xsdnn-fused-1), its dropout passes are the members.
//   fused file    a path to one file of contract xsdnn-fused-1 (inputs E_GeV, theta_deg, omega_GeV float32 [N];
//                 outputs sigma_mean, sigma_std float32 [N], optionally sigma_members float32 [N,M]; metadata
//                 xsdnn.contract, xsdnn.fused.members = M, xsdnn.target.a = A), as org.xsdnn.runtime.FusedModel.
//
// Units: E and ω in GeV, θ in degrees, σ = d²σ/(dΩ dω) per nucleus in nb/(sr·GeV):
//   σ = r · S(E, θ) · A/12,  S(E, θ) = 1e9 cos(θ/2) / (137² · 4E³ sin⁴(θ/2)).
//
//   xsdnn::Model model("onnx-models/carbon-a2");
//   xsdnn::Prediction p = model.predict({0.68}, {36.0}, {0.1});   // p.mean[0] ± p.std[0]
//
// Thread safety: Model::predict and Model::member_r are const and may be called from any number of threads at
// once on one Model (ONNX Runtime sessions allow concurrent Run calls; a Model holds no mutable state).
// Constructing, moving, assigning and destroying a Model must not overlap calls on it.
#ifndef XSDNN_XSDNN_HPP
#define XSDNN_XSDNN_HPP

#include <onnxruntime_cxx_api.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace xsdnn {

/// Why a call failed; the Java runtime's exception types, one for one.
enum class ErrorCode {
    Input,     ///< unphysical or mismatched input (Java: IllegalArgumentException)
    Contract,  ///< directory, checksum or tensor contract broken (Java: ContractException)
    Io,        ///< a file or directory cannot be read (Java: IOException)
    Scoring,   ///< ONNX Runtime failed on a member that passed the contract check (Java: ScoringException)
    State      ///< use of a moved-from Model, or an ONNX Runtime library too old for the headers
};

/// Every failure of this library. code() is the kind; what() names the file and what is wrong (mostly the Java
/// runtime's text; a card that is not JSON quotes nlohmann/json's description).
class Error : public std::runtime_error {
public:
    Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
    ErrorCode code() const noexcept { return code_; }

private:
    ErrorCode code_;
};

/// The tensor contract "xsdnn-1" (org.xsdnn.core.OnnxContract, Kinematics).
namespace contract {
inline constexpr const char* kId = "xsdnn-1";
inline constexpr const char* kInputName = "input";
inline constexpr const char* kOutputName = "r";
inline constexpr const char* kNuwroOutputName = "Identity:0";
inline constexpr const char* kInputDescription = "(E/20, \xCF\x89/20, \xCE\xB8/180, cos \xCE\xB8, Q\xC2\xB2/100)";
inline constexpr const char* kFeatureOrder = "E/20,omega/20,theta/180,cos(theta),Q2/100";
inline constexpr const char* kUnits = "nb/(sr\xC2\xB7GeV)";
inline constexpr const char* kCardFile = "model-card.json";
inline constexpr const char* kSumsFile = "SHA256SUMS";
inline constexpr std::size_t kFeatures = 5;
/// The fused file of a model-B directory, whose card lists no members.
inline constexpr const char* kMcDropoutFile = "mc-dropout.onnx";
}  // namespace contract

/// The fused contract "xsdnn-fused-1" (org.xsdnn.runtime.FusedContract).
namespace fused {
inline constexpr const char* kId = "xsdnn-fused-1";
inline constexpr const char* kEnergy = "E_GeV";
inline constexpr const char* kTheta = "theta_deg";
inline constexpr const char* kOmega = "omega_GeV";
inline constexpr const char* kMean = "sigma_mean";
inline constexpr const char* kStd = "sigma_std";
inline constexpr const char* kMembers = "sigma_members";
inline constexpr const char* kKeyContract = "xsdnn.contract";
inline constexpr const char* kKeyTargetA = "xsdnn.target.a";
inline constexpr const char* kKeyKind = "xsdnn.fused.kind";
inline constexpr const char* kKeyMembers = "xsdnn.fused.members";
inline constexpr const char* kKeyHiddenWidths = "xsdnn.fused.hidden-widths";
/// Floats one activation tensor may hold per run (16 MiB); larger inputs are split, as FusedModel does.
inline constexpr std::int64_t kActivationBudget = std::int64_t{1} << 22;
/// Width assumed per member when the file does not list its hidden widths.
inline constexpr std::int64_t kAssumedWidth = 300;
}  // namespace fused

// ------------------------------------------------------------------------------------------------ kinematics

namespace detail {
// Java's Math.toRadians: angdeg * (PI / 180.0).
inline constexpr double kDegreesToRadians = 0.017453292519943295;
inline constexpr double kEnergyScaleGeV = 20.0;
inline constexpr double kThetaScaleDeg = 180.0;
inline constexpr double kQ2ScaleGeV2 = 100.0;
inline constexpr double kInverseAlpha = 137.0;

/// A double as Java's Double.toString writes it ("0.68", "-1.0", "1.0E-5", "NaN", "Infinity"), so that
/// messages are the same texts in both runtimes.
inline std::string java_double(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
    if (v == 0) return std::signbit(v) ? "-0.0" : "0.0";
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
    std::string s(buf, res.ptr);  // e.g. "-6.8e-01": shortest digits that round-trip
    std::string sign;
    if (s[0] == '-') {
        sign = "-";
        s.erase(0, 1);
    }
    std::size_t e = s.find('e');
    int exponent = std::atoi(s.c_str() + e + 1);
    std::string digits;
    for (std::size_t i = 0; i < e; ++i)
        if (s[i] != '.') digits += s[i];
    double a = std::fabs(v);
    if (a >= 1e-3 && a < 1e7) {
        std::string out;
        if (exponent < 0) {
            out = "0." + std::string(static_cast<std::size_t>(-exponent - 1), '0') + digits;
        } else {
            std::size_t intDigits = static_cast<std::size_t>(exponent) + 1;
            if (digits.size() <= intDigits) {
                out = digits + std::string(intDigits - digits.size(), '0') + ".0";
            } else {
                out = digits.substr(0, intDigits) + "." + digits.substr(intDigits);
            }
        }
        return sign + out;
    }
    std::string frac = digits.size() > 1 ? digits.substr(1) : "0";
    return sign + digits.substr(0, 1) + "." + frac + "E" + std::to_string(exponent);
}
}  // namespace detail

/// cos θ for θ in degrees.
inline double cos_theta(double theta_deg) { return std::cos(theta_deg * detail::kDegreesToRadians); }

/// Q² = 2E(E − ω)(1 − cos θ) in GeV².
inline double q2(double energy_gev, double theta_deg, double omega_gev) {
    return 2.0 * energy_gev * (energy_gev - omega_gev) * (1.0 - cos_theta(theta_deg));
}

/// S(E, θ) = 1e9 cos(θ/2) / (137² · 4E³ sin⁴(θ/2)) in nb/(sr·GeV): turns r into a carbon cross section.
inline double scale_nb_per_sr_gev(double energy_gev, double theta_deg) {
    double half = theta_deg * detail::kDegreesToRadians / 2.0;
    double s = std::sin(half);
    double s2 = s * s;
    return 1e9 * std::cos(half) /
           (detail::kInverseAlpha * detail::kInverseAlpha * 4.0 * energy_gev * energy_gev * energy_gev * s2 * s2);
}

/// σ = r · S(E, θ) · A/12 in nb/(sr·GeV).
inline double sigma_nb_per_sr_gev(double r, double energy_gev, double theta_deg, int mass_number) {
    return r * scale_nb_per_sr_gev(energy_gev, theta_deg) * mass_number / 12.0;
}

/// The scaled input vector (E/20, ω/20, θ/180, cos θ, Q²/100), computed in double, then cast to float.
inline std::array<float, contract::kFeatures> features(double energy_gev, double theta_deg, double omega_gev) {
    return {static_cast<float>(energy_gev / detail::kEnergyScaleGeV),
            static_cast<float>(omega_gev / detail::kEnergyScaleGeV),
            static_cast<float>(theta_deg / detail::kThetaScaleDeg), static_cast<float>(cos_theta(theta_deg)),
            static_cast<float>(q2(energy_gev, theta_deg, omega_gev) / detail::kQ2ScaleGeV2)};
}

/// Checks E > 0 (finite), 0 < θ ≤ 180, 0 ≤ ω < E; returns "" when valid, else what is wrong.
inline std::string validate(double energy_gev, double theta_deg, double omega_gev) {
    using detail::java_double;
    if (!(energy_gev > 0) || std::isinf(energy_gev))
        return "E = " + java_double(energy_gev) + " GeV; expected a positive finite beam energy";
    if (!(theta_deg > 0 && theta_deg <= 180))
        return "theta = " + java_double(theta_deg) + " deg; expected 0 < theta <= 180 degrees";
    if (!(omega_gev >= 0 && omega_gev < energy_gev))
        return "omega = " + java_double(omega_gev) + " GeV; expected 0 <= omega < E = " + java_double(energy_gev) +
               " GeV";
    return "";
}

/// Row-major [n, 5] features for n points, after checking every point; throws Error(Input) naming the first
/// bad point ("point 3: omega = 0.9 GeV; expected 0 <= omega < E = 0.68 GeV").
inline std::vector<float> feature_matrix(const std::vector<double>& energy_gev, const std::vector<double>& theta_deg,
                                         const std::vector<double>& omega_gev) {
    std::size_t n = energy_gev.size();
    if (theta_deg.size() != n || omega_gev.size() != n) {
        throw Error(ErrorCode::Input, "E, theta and omega must have the same length; got " + std::to_string(n) + ", " +
                                          std::to_string(theta_deg.size()) + ", " + std::to_string(omega_gev.size()));
    }
    std::vector<float> x(n * contract::kFeatures);
    for (std::size_t i = 0; i < n; ++i) {
        std::string problem = validate(energy_gev[i], theta_deg[i], omega_gev[i]);
        if (!problem.empty()) throw Error(ErrorCode::Input, "point " + std::to_string(i) + ": " + problem);
        auto f = features(energy_gev[i], theta_deg[i], omega_gev[i]);
        std::copy(f.begin(), f.end(), x.begin() + static_cast<std::ptrdiff_t>(i * contract::kFeatures));
    }
    return x;
}

// ------------------------------------------------------------------------------------------------ SHA-256

/// SHA-256, incremental, computed by OpenSSL's EVP digest interface (libcrypto). Movable, not copyable.
class Sha256 {
public:
    Sha256() : ctx_(EVP_MD_CTX_new()) {
        if (!ctx_) fail("EVP_MD_CTX_new");
        reset();
    }

    void reset() {
        if (EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) != 1) fail("EVP_DigestInit_ex");
    }

    void update(const void* data, std::size_t size) {
        if (size > 0 && EVP_DigestUpdate(ctx_.get(), data, size) != 1) fail("EVP_DigestUpdate");
    }

    /// The digest; the object is reset afterwards.
    std::array<unsigned char, 32> digest() {
        std::array<unsigned char, 32> out{};
        unsigned int length = 0;
        if (EVP_DigestFinal_ex(ctx_.get(), out.data(), &length) != 1 || length != out.size())
            fail("EVP_DigestFinal_ex");
        reset();
        return out;
    }

    /// Lower-case hex of the digest.
    std::string hex_digest() {
        static const char* kHex = "0123456789abcdef";
        std::string s;
        for (unsigned char b : digest()) {
            s += kHex[b >> 4];
            s += kHex[b & 15];
        }
        return s;
    }

private:
    struct Free {
        void operator()(EVP_MD_CTX* ctx) const noexcept { EVP_MD_CTX_free(ctx); }
    };

    [[noreturn]] static void fail(const char* call) {
        throw Error(ErrorCode::State, std::string("OpenSSL SHA-256 failed in ") + call + " (libcrypto " +
                                          OpenSSL_version(OPENSSL_VERSION) + ")");
    }

    std::unique_ptr<EVP_MD_CTX, Free> ctx_;
};

/// Lower-case hex SHA-256 of bytes.
inline std::string sha256_hex(const void* data, std::size_t size) {
    Sha256 h;
    h.update(data, size);
    return h.hex_digest();
}

inline std::string sha256_hex(const std::string& bytes) { return sha256_hex(bytes.data(), bytes.size()); }

/// Lower-case hex SHA-256 of a file's bytes; throws Error(Io) when it cannot be read.
inline std::string sha256_file_hex(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ErrorCode::Io, path + ": cannot be read");
    Sha256 h;
    std::vector<char> buf(1 << 16);
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        h.update(buf.data(), static_cast<std::size_t>(in.gcount()));
    }
    if (in.bad()) throw Error(ErrorCode::Io, path + ": read failed");
    return h.hex_digest();
}

/// Parses SHA256SUMS text ("<hex>  <name>" per line, as GNU sha256sum writes; "*" binary marker accepted)
/// into (name, lower-case hex) in file order; a repeated name keeps its first place and its last value.
/// Throws Error(Contract) naming the first bad line.
inline std::vector<std::pair<std::string, std::string>> parse_sha256sums(const std::string& text) {
    static const char* kSpace = " \t\n\v\f\r";
    std::vector<std::pair<std::string, std::string>> sums;
    std::size_t start = 0;
    int number = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(start, end - start);
        start = end + 1;
        ++number;
        std::size_t b = line.find_first_not_of(kSpace);
        if (b == std::string::npos) continue;
        line = line.substr(b, line.find_last_not_of(kSpace) - b + 1);
        std::size_t gap = line.find_first_of(kSpace);
        bool ok = gap == 64;
        for (std::size_t i = 0; ok && i < 64; ++i) ok = std::isxdigit(static_cast<unsigned char>(line[i])) != 0;
        if (!ok) {
            throw Error(ErrorCode::Contract, std::string(contract::kSumsFile) + ":" + std::to_string(number) + ": \"" +
                                                 line + "\"; expected <64 hex digits>  <file name>");
        }
        std::size_t nameStart = line.find_first_not_of(kSpace, gap);
        if (nameStart < line.size() && line[nameStart] == '*') ++nameStart;
        std::string name = line.substr(std::min(nameStart, line.size()));
        std::string hex = line.substr(0, 64);
        std::transform(hex.begin(), hex.end(), hex.begin(), [](unsigned char c) { return char(std::tolower(c)); });
        auto it = std::find_if(sums.begin(), sums.end(), [&](const auto& e) { return e.first == name; });
        if (it != sums.end())
            it->second = hex;
        else
            sums.emplace_back(name, hex);
    }
    return sums;
}

// ------------------------------------------------------------------------------------------------ JSON (card)

namespace detail {
/// Cards are parsed by nlohmann/json: RFC 8259 text, UTF-8 checked, a repeated key keeps its last value (as
/// Jackson does). Nesting deeper than this is refused.
inline constexpr std::size_t kMaxJsonDepth = 200;

/// Parses card text; throws std::invalid_argument saying what is wrong (nlohmann's parse error text, which
/// gives line and column).
inline nlohmann::json parse_json(const std::string& text) {
    bool tooDeep = false;
    nlohmann::json::parser_callback_t limit = [&tooDeep](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
        if (static_cast<std::size_t>(depth) > kMaxJsonDepth) tooDeep = true;
        return !tooDeep;
    };
    try {
        nlohmann::json value = nlohmann::json::parse(text, limit);
        if (tooDeep)
            throw std::invalid_argument("JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
        return value;
    } catch (const nlohmann::json::exception& e) {
        throw std::invalid_argument(e.what());
    }
}

/// The member `key` of an object, nullptr when absent or when `v` is not an object.
inline const nlohmann::json* member(const nlohmann::json* v, const char* key) {
    if (v == nullptr || !v->is_object()) return nullptr;
    auto it = v->find(key);
    return it == v->end() ? nullptr : &*it;
}

/// A scalar as a string field reads it (Jackson's scalar coercion): strings as they are, numbers and booleans
/// as their JSON text.
inline std::string scalar_text(const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

inline std::string read_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error(ErrorCode::Io, file.string() + ": cannot be read");
    std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw Error(ErrorCode::Io, file.string() + ": read failed");
    return s;
}

/// A path as Java's Path.toString writes it: no trailing or doubled separators.
inline std::string java_path(std::string p) {
    std::string out;
    for (char c : p)
        if (!(c == '/' && !out.empty() && out.back() == '/')) out += c;
    while (out.size() > 1 && out.back() == '/') out.pop_back();
    return out;
}

inline std::string join_path(const std::string& dir, const std::string& name) {
    return dir.empty() ? name : (dir == "/" ? "/" + name : dir + "/" + name);
}

/// Java's List.toString: "[a, b]".
inline std::string java_list(const std::vector<std::string>& items) {
    std::string s = "[";
    for (std::size_t i = 0; i < items.size(); ++i) s += (i ? ", " : "") + items[i];
    return s + "]";
}

inline const char* type_name(ONNXTensorElementDataType t) {
    switch (t) {
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT:
            return "float32";
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE:
            return "float64";
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16:
            return "float16";
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_BFLOAT16:
            return "bfloat16";
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8:
            return "uint8";
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8:
            return "int8";
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT16:
            return "uint16";
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16:
            return "int16";
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT32:
            return "uint32";
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32:
            return "int32";
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT64:
            return "uint64";
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64:
            return "int64";
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING:
            return "string";
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL:
            return "bool";
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_COMPLEX64:
            return "complex64";
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_COMPLEX128:
            return "complex128";
        default:
            return "undefined";
    }
}

/// One input or output as the contract check sees it.
struct NodeDesc {
    std::string name;
    bool tensor = false;
    ONNXTensorElementDataType type = ONNX_TENSOR_ELEMENT_DATA_TYPE_UNDEFINED;
    std::vector<std::int64_t> shape;
    std::vector<std::string> dim_names;
    std::string other;  // what it is when not a tensor

    /// float32 [N, width] with a free batch dimension.
    bool is_float_batch_of(std::int64_t width) const {
        return tensor && type == ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT && shape.size() == 2 && shape[0] < 0 &&
               shape[1] == width;
    }

    /// e.g. "float32 [N,4]": dynamic dimensions show their symbolic name, or ? when unnamed.
    std::string describe() const {
        if (!tensor) return other;
        std::string s = std::string(type_name(type)) + " [";
        for (std::size_t i = 0; i < shape.size(); ++i) {
            if (i) s += ",";
            if (shape[i] >= 0)
                s += std::to_string(shape[i]);
            else
                s += i < dim_names.size() && !dim_names[i].empty() ? dim_names[i] : "?";
        }
        return s + "]";
    }

    static NodeDesc of(std::string name, const Ort::TypeInfo& info) {
        NodeDesc d;
        d.name = std::move(name);
        ONNXType kind = info.GetONNXType();
        if (kind != ONNX_TYPE_TENSOR) {
            switch (kind) {
                case ONNX_TYPE_SEQUENCE:
                    d.other = "sequence";
                    break;
                case ONNX_TYPE_MAP:
                    d.other = "map";
                    break;
                case ONNX_TYPE_OPTIONAL:
                    d.other = "optional";
                    break;
                case ONNX_TYPE_SPARSETENSOR:
                    d.other = "sparse tensor";
                    break;
                default:
                    d.other = "opaque";
                    break;
            }
            return d;
        }
        auto t = info.GetTensorTypeAndShapeInfo();
        d.tensor = true;
        d.type = t.GetElementType();
        d.shape = t.GetShape();
        std::vector<const char*> names(d.shape.size(), nullptr);
        if (!names.empty()) t.GetSymbolicDimensions(names.data(), names.size());
        for (const char* n : names) d.dim_names.emplace_back(n ? n : "");
        return d;
    }
};

inline std::string describe(const std::vector<NodeDesc>& nodes) {
    std::vector<std::string> parts;
    for (const auto& n : nodes) parts.push_back("\"" + n.name + "\" " + n.describe());
    return java_list(parts);
}

/// A session's inputs and outputs, as the contract checks read them.
struct SessionNodes {
    std::vector<NodeDesc> inputs, outputs;

    explicit SessionNodes(const Ort::Session& session) {
        Ort::AllocatorWithDefaultOptions allocator;
        for (std::size_t i = 0; i < session.GetInputCount(); ++i)
            inputs.push_back(
                NodeDesc::of(session.GetInputNameAllocated(i, allocator).get(), session.GetInputTypeInfo(i)));
        for (std::size_t i = 0; i < session.GetOutputCount(); ++i)
            outputs.push_back(
                NodeDesc::of(session.GetOutputNameAllocated(i, allocator).get(), session.GetOutputTypeInfo(i)));
    }

    /// The node called `name`, or nullptr.
    static const NodeDesc* find(const std::vector<NodeDesc>& nodes, const std::string& name) {
        auto it = std::find_if(nodes.begin(), nodes.end(), [&](const NodeDesc& n) { return n.name == name; });
        return it == nodes.end() ? nullptr : &*it;
    }
};
}  // namespace detail

// ------------------------------------------------------------------------------------------------ ONNX Runtime

/// The version of the ONNX Runtime library in use (e.g. "1.29.0").
inline std::string onnxruntime_version() { return OrtGetApiBase()->GetVersionString(); }

namespace detail {
inline Ort::Env make_env() {
    if (OrtGetApiBase()->GetApi(ORT_API_VERSION) == nullptr) {
        throw Error(ErrorCode::State, "ONNX Runtime library " + onnxruntime_version() +
                                          " is older than the headers xsdnn was compiled with (C API version " +
                                          std::to_string(ORT_API_VERSION) + "); use libonnxruntime 1." +
                                          std::to_string(ORT_API_VERSION) +
                                          " or newer, or compile against older headers.");
    }
    return Ort::Env(ORT_LOGGING_LEVEL_WARNING, "xsdnn");
}
}  // namespace detail

/// The one ONNX Runtime environment of the process, made on first use. Thread-safe.
inline Ort::Env& env() {
    static Ort::Env instance = detail::make_env();
    return instance;
}

/// Read once when a Model opens.
struct Options {
    /// Threads ONNX Runtime may use inside one member evaluation, at least 1. One (the default) suits
    /// generators that already score from many threads.
    int intra_op_threads = 1;
};

/// Cross sections for n points, all in nb/(sr·GeV).
struct Prediction {
    std::vector<double> mean;                  ///< σ averaged over the members, per point
    std::vector<double> std;                   ///< population standard deviation of σ over the members (0 for one)
    std::vector<std::vector<double>> members;  ///< members[m][i]: σ of member m at point i
};

/// Which layout a model has: an xsdnn directory (member files, or model B's mc-dropout.onnx), a NuWro
/// directory, or one fused file opened by its path.
enum class Layout { Xsdnn, Nuwro, Fused };

/// An ensemble of ONNX member files, one ONNX Runtime session per member, contract checked once on open.
/// Movable, not copyable. predict() and member_r() are const and thread-safe (see the top of this file).
class Model {
public:
    /// Opens a model directory of either layout (a model-B directory included), or one fused file given by its
    /// path. Throws Error: Io when the directory or a file cannot be read, Contract when the layout, a checksum or
    /// a file's tensors or metadata break the contract, Input for bad options.
    explicit Model(const std::string& model_dir, const Options& options = Options()) {
        if (options.intra_op_threads < 1) {
            throw Error(ErrorCode::Input,
                        "intra_op_threads = " + std::to_string(options.intra_op_threads) + "; expected at least 1");
        }
        dir_ = detail::java_path(model_dir);
        namespace fs = std::filesystem;
        std::error_code ec;
        Ort::Env& environment = env();
        Ort::SessionOptions so;
        so.SetIntraOpNumThreads(options.intra_op_threads);
        if (fs::is_regular_file(dir_, ec)) {
            open_fused(environment, so, dir_);
            mass_ = fused_mass_;
            layout_ = Layout::Fused;
            return;
        }
        if (!fs::is_directory(dir_, ec)) throw Error(ErrorCode::Io, dir_ + ": expected a model directory");
        if (fs::exists(detail::join_path(dir_, contract::kCardFile), ec)) {
            resolve_xsdnn();
        } else {
            resolve_nuwro();
        }
        if (!fused_path_.empty()) {
            open_fused(environment, so, fused_path_);
            if (fused_mass_ != mass_) {
                throw Error(ErrorCode::Contract, fused_file_ + ": metadata " + fused::kKeyTargetA + " is " +
                                                     std::to_string(fused_mass_) + ", " + contract::kCardFile +
                                                     " gives target mass number " + std::to_string(mass_) +
                                                     "; the directory mixes two exports. Re-export with xsdnn export.");
            }
            return;
        }
        for (const std::string& file : member_files_) members_.push_back(open_member(environment, so, file));
    }

    Model(Model&&) noexcept = default;
    Model& operator=(Model&&) noexcept = default;
    Model(const Model&) = delete;
    Model& operator=(const Model&) = delete;
    ~Model() = default;

    /// σ = r · S(E, θ) · A/12 in nb/(sr·GeV) for n points, per member and as mean and population std.
    /// Each member scores the whole batch in one ONNX Runtime call. Throws Error(Input) when lengths differ
    /// or a point is unphysical (naming index and value), Error(Scoring) when ONNX Runtime fails.
    ///
    /// A fused file (model B, or a file opened by its path) computes σ, mean and std itself (float64 inside,
    /// float32 outputs; E, θ, ω rounded to float32 on the way in); they are returned as the file gives them, in
    /// runs of points_per_run() points. members is filled when the file has sigma_members, else left empty.
    Prediction predict(const std::vector<double>& energy_gev, const std::vector<double>& theta_deg,
                       const std::vector<double>& omega_gev) const {
        if (fused_session_ || !fused_file_.empty()) {
            std::size_t count = energy_gev.size();
            if (theta_deg.size() != count || omega_gev.size() != count) {
                throw Error(ErrorCode::Input, "E, theta and omega must have the same length; got " +
                                                  std::to_string(count) + ", " + std::to_string(theta_deg.size()) +
                                                  ", " + std::to_string(omega_gev.size()));
            }
            for (std::size_t i = 0; i < count; ++i) {
                std::string problem = validate(energy_gev[i], theta_deg[i], omega_gev[i]);
                if (!problem.empty()) throw Error(ErrorCode::Input, "point " + std::to_string(i) + ": " + problem);
            }
            check_open();
            return predict_fused(energy_gev, theta_deg, omega_gev);
        }
        std::vector<float> x = feature_matrix(energy_gev, theta_deg, omega_gev);
        check_open();
        std::size_t n = energy_gev.size();
        Prediction p;
        p.members.reserve(members_.size());
        for (const Member& m : members_) {
            std::vector<double> r = run(m, x, n);
            for (std::size_t i = 0; i < n; ++i) r[i] = sigma_nb_per_sr_gev(r[i], energy_gev[i], theta_deg[i], mass_);
            p.members.push_back(std::move(r));
        }
        p.mean.assign(n, 0.0);
        p.std.assign(n, 0.0);
        double count = static_cast<double>(p.members.size());
        for (std::size_t i = 0; i < n; ++i) {
            double sum = 0;
            for (const auto& s : p.members) sum += s[i];
            p.mean[i] = sum / count;
            double squares = 0;
            for (const auto& s : p.members) {
                double d = s[i] - p.mean[i];
                squares += d * d;
            }
            p.std[i] = std::sqrt(squares / count);
        }
        return p;
    }

    /// Member `member`'s raw output r ∈ (0, 1) for row-major [n, 5] scaled features (see feature_matrix).
    /// Not available for a fused file (no per-member r): throws Error(Input) saying so.
    std::vector<double> member_r(std::size_t member, const std::vector<float>& features, std::size_t n) const {
        if (!fused_file_.empty()) {
            throw Error(ErrorCode::Input, "member_r: " + fused_file_ + " is one fused file (contract " + fused::kId +
                                              ") with no member files; predict gives each member's sigma");
        }
        check_open();
        if (member >= members_.size()) {
            throw Error(ErrorCode::Input, "Index " + std::to_string(member) + " out of bounds for length " +
                                              std::to_string(members_.size()));
        }
        if (features.size() != n * contract::kFeatures) {
            throw Error(ErrorCode::Input, "features has " + std::to_string(features.size()) +
                                              " values for n = " + std::to_string(n) + " points; expected n*" +
                                              std::to_string(contract::kFeatures));
        }
        return run(members_[member], features, n);
    }

    /// Number of members; for a fused file its M (xsdnn.fused.members; MC dropout: the passes).
    std::size_t members() const { return fused_file_.empty() ? members_.size() : fused_members_; }
    /// A of the target nucleus, from the card, NuWro file names or a lone fused file's metadata; σ scales with A/12.
    int mass_number() const { return mass_; }
    Layout layout() const { return layout_; }
    /// The card's name (e.g. "carbon-a"); empty for NuWro directories and lone fused files.
    const std::string& name() const { return name_; }
    /// The model directory (or fused file) as given (trailing separators removed).
    const std::string& directory() const { return dir_; }
    /// Member file paths, in ensemble order; empty when the model scores through a fused file.
    const std::vector<std::string>& member_files() const { return member_files_; }
    /// The members' output tensor: "r" (xsdnn) or "Identity:0" (NuWro); "sigma_mean" for a fused file.
    const std::string& output_name() const { return output_name_; }
    /// Name of the fused file scored (e.g. "mc-dropout.onnx"); empty for member files.
    const std::string& fused_file() const { return fused_file_; }
    /// "ensemble" (member files, or a fused ensemble) or "mc-dropout" (a fused file's xsdnn.fused.kind).
    const std::string& kind() const { return kind_; }
    /// Whether predict fills Prediction::members: always for member files; for a fused file when it has
    /// sigma_members.
    bool has_per_member() const { return fused_file_.empty() || fused_per_member_; }
    /// Points per ONNX Runtime call for a fused file (2²² / (M · widest hidden layer)); 0 for member files,
    /// which score a whole batch per call.
    std::size_t points_per_run() const { return fused_points_per_run_; }
    /// A fused file's ONNX metadata_props (xsdnn.* keys), read on open; empty for member files.
    const std::map<std::string, std::string>& fused_metadata() const { return fused_metadata_; }

private:
    struct Member {
        std::string file_name;
        std::unique_ptr<Ort::Session> session;
    };

    void check_open() const {
        if (members_.empty() && !fused_session_)
            throw Error(ErrorCode::State, "Trying to score a moved-from xsdnn::Model.");
    }

    // ---- fused files (org.xsdnn.runtime.FusedModel, FusedContract)
    void open_fused(Ort::Env& environment, const Ort::SessionOptions& so, const std::string& path) {
        std::string file_name = base_name(path);
        std::error_code ec;
        if (!std::filesystem::is_regular_file(path, ec)) {
            throw Error(ErrorCode::Io, path + ": expected a fused xsdnn ONNX file");
        }
        try {
            fused_session_ = std::make_unique<Ort::Session>(environment, path.c_str(), so);
            Ort::AllocatorWithDefaultOptions allocator;
            Ort::ModelMetadata meta = fused_session_->GetModelMetadata();
            for (auto& key : meta.GetCustomMetadataMapKeysAllocated(allocator)) {
                auto value = meta.LookupCustomMetadataMapAllocated(key.get(), allocator);
                fused_metadata_[key.get()] = value ? value.get() : "";
            }
            check_fused(file_name, *fused_session_);
        } catch (const Ort::Exception& e) {
            throw Error(ErrorCode::Contract,
                        file_name + ": ONNX Runtime cannot load it: " + e.what() + ". Re-export with xsdnn export.");
        }
        fused_file_ = file_name;
        auto kind = fused_metadata_.find(fused::kKeyKind);
        kind_ = kind != fused_metadata_.end() && !kind->second.empty() ? kind->second : "ensemble";
        std::int64_t width = 0;
        auto widths = fused_metadata_.find(fused::kKeyHiddenWidths);
        if (widths != fused_metadata_.end()) {
            std::size_t start = 0;
            const std::string& list = widths->second;
            while (start <= list.size()) {
                std::size_t end = list.find(',', start);
                if (end == std::string::npos) end = list.size();
                std::string part = list.substr(start, end - start);
                long long w = 0;
                std::size_t used = 0;
                try {
                    w = std::stoll(part, &used, 10);
                } catch (const std::exception&) {
                    used = 0;
                }
                if (used == 0 || part.find_first_not_of(" \t", used) != std::string::npos) {
                    width = 0;  // unreadable: size batches as for the assumed width
                    break;
                }
                width = std::max<std::int64_t>(width, w);
                start = end + 1;
            }
        }
        if (width <= 0) width = fused::kAssumedWidth;
        fused_points_per_run_ = static_cast<std::size_t>(
            std::max<std::int64_t>(1, fused::kActivationBudget / (static_cast<std::int64_t>(fused_members_) * width)));
        output_name_ = fused::kMean;
    }

    int fused_positive_int(const std::string& file_name, const char* key) const {
        auto it = fused_metadata_.find(key);
        if (it != fused_metadata_.end()) {
            const std::string& v = it->second;
            std::size_t b = v.find_first_not_of(" \t\n\r"), e = v.find_last_not_of(" \t\n\r");
            std::string t = b == std::string::npos ? "" : v.substr(b, e - b + 1);
            bool digits =
                !t.empty() && t.size() <= 9 &&
                std::all_of(t.begin() + (t[0] == '+' ? 1 : 0), t.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
                t != "+";
            if (digits) {
                int n = std::stoi(t);
                if (n >= 1) return n;
            }
        }
        std::string found = it == fused_metadata_.end() ? "missing" : "\"" + it->second + "\"";
        throw Error(ErrorCode::Contract, file_name + ": metadata " + key + " is " + found + "; contract " + fused::kId +
                                             " expects a whole number >= 1. Re-export with xsdnn export.");
    }

    void check_fused(const std::string& file_name, const Ort::Session& session) {
        static const std::string kRemedy = " Re-export with xsdnn export.";
        auto contract_id = fused_metadata_.find(fused::kKeyContract);
        if (contract_id == fused_metadata_.end() || contract_id->second != fused::kId) {
            std::string found = contract_id == fused_metadata_.end() ? "missing" : "\"" + contract_id->second + "\"";
            throw Error(ErrorCode::Contract, file_name + ": metadata " + fused::kKeyContract + " is " + found +
                                                 "; a fused model has \"" + fused::kId +
                                                 "\". For member files (contract " + contract::kId +
                                                 " or NuWro's) use xsdnn::Model on their directory.");
        }
        const detail::SessionNodes nodes(session);
        const auto& inputs = nodes.inputs;
        const auto& outputs = nodes.outputs;
        const auto find = &detail::SessionNodes::find;
        auto sorted_names = [](const std::vector<detail::NodeDesc>& nodes) {
            std::vector<std::string> names;
            for (const auto& n : nodes) names.push_back(n.name);
            std::sort(names.begin(), names.end());
            return detail::java_list(names);
        };
        auto vector_of = [](const detail::NodeDesc& n) {
            return n.tensor && n.type == ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT && n.shape.size() == 1 && n.shape[0] < 0;
        };
        const std::vector<std::string> expected{fused::kEnergy, fused::kTheta, fused::kOmega};
        bool same = inputs.size() == expected.size();
        for (const auto& name : expected) same = same && find(inputs, name) != nullptr;
        if (!same) {
            throw Error(ErrorCode::Contract, file_name + ": inputs are " + sorted_names(inputs) + "; contract " +
                                                 fused::kId + " expects " + detail::java_list(expected) +
                                                 ", float32 [N] each (GeV, degrees, GeV)." + kRemedy);
        }
        auto require_vector = [&](const char* what, const detail::NodeDesc& n) {
            if (!vector_of(n)) {
                throw Error(ErrorCode::Contract, file_name + ": " + what + " " + n.name + " is " + n.describe() +
                                                     "; contract " + fused::kId + " expects float32 [N], N free." +
                                                     kRemedy);
            }
        };
        for (const auto& name : expected) require_vector("input", *find(inputs, name));
        for (const char* name : {fused::kMean, fused::kStd}) {
            const detail::NodeDesc* out = find(outputs, name);
            if (out == nullptr) {
                throw Error(ErrorCode::Contract, file_name + ": outputs are " + sorted_names(outputs) + "; contract " +
                                                     fused::kId + " expects " + fused::kMean + " and " + fused::kStd +
                                                     ", float32 [N] in " + contract::kUnits + "." + kRemedy);
            }
            require_vector("output", *out);
        }
        int members = fused_positive_int(file_name, fused::kKeyMembers);
        fused_mass_ = fused_positive_int(file_name, fused::kKeyTargetA);
        const detail::NodeDesc* per = find(outputs, fused::kMembers);
        if (per != nullptr && !per->is_float_batch_of(members)) {
            throw Error(ErrorCode::Contract, file_name + ": output " + fused::kMembers + " is " + per->describe() +
                                                 "; contract " + fused::kId + " expects float32 [N," +
                                                 std::to_string(members) + "] (" + fused::kKeyMembers + " = " +
                                                 std::to_string(members) + ")." + kRemedy);
        }
        fused_members_ = static_cast<std::size_t>(members);
        fused_per_member_ = per != nullptr;
    }

    Prediction predict_fused(const std::vector<double>& energy_gev, const std::vector<double>& theta_deg,
                             const std::vector<double>& omega_gev) const {
        std::size_t n = energy_gev.size();
        Prediction p;
        p.mean.assign(n, 0.0);
        p.std.assign(n, 0.0);
        if (fused_per_member_) p.members.assign(fused_members_, std::vector<double>(n, 0.0));
        const char* input_names[] = {fused::kEnergy, fused::kTheta, fused::kOmega};
        const char* output_names[] = {fused::kMean, fused::kStd, fused::kMembers};
        std::size_t outputs = fused_per_member_ ? 3 : 2;
        Ort::MemoryInfo memory = Ort::MemoryInfo::CreateCpu(OrtArenaAllocator, OrtMemTypeDefault);
        for (std::size_t from = 0; from < n; from += fused_points_per_run_) {
            std::size_t count = std::min(n, from + fused_points_per_run_) - from;
            std::vector<float> columns[3];
            const std::vector<double>* sources[3] = {&energy_gev, &theta_deg, &omega_gev};
            std::array<std::int64_t, 1> shape{static_cast<std::int64_t>(count)};
            std::vector<Ort::Value> inputs;
            for (int c = 0; c < 3; ++c) {
                columns[c].resize(count);
                for (std::size_t i = 0; i < count; ++i) columns[c][i] = static_cast<float>((*sources[c])[from + i]);
                inputs.push_back(
                    Ort::Value::CreateTensor<float>(memory, columns[c].data(), count, shape.data(), shape.size()));
            }
            try {
                std::vector<Ort::Value> result =
                    fused_session_->Run(Ort::RunOptions{nullptr}, input_names, inputs.data(), 3, output_names, outputs);
                for (std::size_t o = 0; o < outputs; ++o) {
                    auto info = result[o].GetTensorTypeAndShapeInfo();
                    std::vector<std::int64_t> got = info.GetShape();
                    std::vector<std::int64_t> want{static_cast<std::int64_t>(count)};
                    if (o == 2) want.push_back(static_cast<std::int64_t>(fused_members_));
                    if (got != want || info.GetElementType() != ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT) {
                        std::vector<std::string> g, w;
                        for (auto d : got) g.push_back(std::to_string(d));
                        for (auto d : want) w.push_back(std::to_string(d));
                        throw Error(ErrorCode::Scoring, fused_file_ + ": output \"" + output_names[o] +
                                                            "\" has shape " + detail::java_list(g) + "; expected " +
                                                            detail::java_list(w));
                    }
                    const float* v = result[o].GetTensorData<float>();
                    if (o == 0) {
                        for (std::size_t i = 0; i < count; ++i) p.mean[from + i] = v[i];
                    } else if (o == 1) {
                        for (std::size_t i = 0; i < count; ++i) p.std[from + i] = v[i];
                    } else {
                        for (std::size_t i = 0; i < count; ++i)
                            for (std::size_t m = 0; m < fused_members_; ++m)
                                p.members[m][from + i] = v[i * fused_members_ + m];
                    }
                }
            } catch (const Ort::Exception& e) {
                throw Error(ErrorCode::Scoring,
                            fused_file_ + ": ONNX Runtime failed on " + std::to_string(count) + " points: " + e.what());
            }
        }
        return p;
    }

    static std::string base_name(const std::string& path) { return std::filesystem::path(path).filename().string(); }

    Member open_member(Ort::Env& environment, const Ort::SessionOptions& so, const std::string& path) const {
        std::string file_name = base_name(path);
        std::error_code ec;
        if (!std::filesystem::is_regular_file(path, ec)) {
            throw Error(ErrorCode::Io, path + ": expected an ONNX member file");
        }
        Member m;
        m.file_name = file_name;
        try {
            m.session = std::make_unique<Ort::Session>(environment, path.c_str(), so);
            check_tensors(file_name, *m.session);
        } catch (const Ort::Exception& e) {
            throw Error(ErrorCode::Contract,
                        file_name + ": ONNX Runtime cannot load it: " + e.what() + ". Re-export with xsdnn export.");
        }
        return m;
    }

    void check_tensors(const std::string& file_name, const Ort::Session& session) const {
        static const std::string kRemedy = " Re-export with xsdnn export.";
        static const std::string kExpects = std::string("; contract ") + contract::kId + " expects ";
        const std::string features = std::to_string(contract::kFeatures);
        const detail::SessionNodes nodes(session);
        const auto& inputs = nodes.inputs;
        const auto& outputs = nodes.outputs;
        const auto find = &detail::SessionNodes::find;
        const detail::NodeDesc* input = find(inputs, contract::kInputName);
        if (inputs.size() != 1 || input == nullptr) {
            throw Error(ErrorCode::Contract, file_name + ": inputs are " + detail::describe(inputs) + kExpects +
                                                 "one input \"" + contract::kInputName + "\" float32 [N," + features +
                                                 "] " + contract::kInputDescription + "." + kRemedy);
        }
        if (!input->is_float_batch_of(static_cast<std::int64_t>(contract::kFeatures))) {
            throw Error(ErrorCode::Contract, file_name + ": input \"" + contract::kInputName + "\" is " +
                                                 input->describe() + kExpects + "[N," + features + "] " +
                                                 contract::kInputDescription + "." + kRemedy);
        }
        const detail::NodeDesc* output = find(outputs, output_name_);
        if (output == nullptr) {
            throw Error(ErrorCode::Contract, file_name + ": outputs are " + detail::describe(outputs) + kExpects +
                                                 "an output \"" + output_name_ +
                                                 "\" float32 [N,1] (r, the sigmoid value)." + kRemedy);
        }
        if (!output->is_float_batch_of(1)) {
            throw Error(ErrorCode::Contract, file_name + ": output \"" + output_name_ + "\" is " + output->describe() +
                                                 kExpects + "[N,1] (r, the sigmoid value)." + kRemedy);
        }
    }

    std::vector<double> run(const Member& m, const std::vector<float>& x, std::size_t n) const {
        std::vector<double> out(n);
        if (n == 0) return out;
        try {
            Ort::MemoryInfo memory = Ort::MemoryInfo::CreateCpu(OrtArenaAllocator, OrtMemTypeDefault);
            std::array<std::int64_t, 2> shape{static_cast<std::int64_t>(n),
                                              static_cast<std::int64_t>(contract::kFeatures)};
            Ort::Value input = Ort::Value::CreateTensor<float>(memory, const_cast<float*>(x.data()), x.size(),
                                                               shape.data(), shape.size());
            const char* input_name = contract::kInputName;
            const char* output_name = output_name_.c_str();
            std::vector<Ort::Value> result =
                m.session->Run(Ort::RunOptions{nullptr}, &input_name, &input, 1, &output_name, 1);
            auto info = result.at(0).GetTensorTypeAndShapeInfo();
            std::vector<std::int64_t> got = info.GetShape();
            if (got.size() != 2 || got[0] != static_cast<std::int64_t>(n) || got[1] != 1 ||
                info.GetElementType() != ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT) {
                std::vector<std::string> dims;
                for (auto d : got) dims.push_back(std::to_string(d));
                throw Error(ErrorCode::Scoring, m.file_name + ": output \"" + output_name_ + "\" has shape " +
                                                    detail::java_list(dims) + " for " + std::to_string(n) +
                                                    " points; expected [" + std::to_string(n) + ", 1]");
            }
            const float* r = result[0].GetTensorData<float>();
            for (std::size_t i = 0; i < n; ++i) out[i] = r[i];
        } catch (const Ort::Exception& e) {
            throw Error(ErrorCode::Scoring,
                        m.file_name + ": ONNX Runtime failed on " + std::to_string(n) + " points: " + e.what());
        }
        return out;
    }

    // ---- xsdnn layout: card, checksums, contract
    void resolve_xsdnn() {
        using detail::member;
        using nlohmann::json;
        const std::string cardName = contract::kCardFile;
        const std::string sumsName = contract::kSumsFile;
        const std::string remedy = " Re-export with xsdnn export.";
        auto sums = verified_checksums();
        auto listed = [&](const std::string& name) -> const std::string* {
            for (const auto& e : sums)
                if (e.first == name) return &e.second;
            return nullptr;
        };
        if (listed(cardName) == nullptr) {
            throw Error(ErrorCode::Contract,
                        cardName + ": not listed in " + sumsName + ", so it cannot be trusted." + remedy);
        }
        std::string cardFile = detail::join_path(dir_, cardName);
        std::string text = detail::read_file(cardFile);
        auto notCard = [&](const std::string& why) {
            return Error(ErrorCode::Contract, cardFile + ": not a model card: " + why);
        };
        json card;
        try {
            card = detail::parse_json(text);
        } catch (const std::invalid_argument& e) {
            throw notCard(e.what());
        }
        if (!card.is_object()) throw notCard("expected a JSON object");
        check_card_contract(member(&card, "contract"), notCard);

        if (const json* name = member(&card, "name"); name && name->is_string()) name_ = name->get<std::string>();

        const json* members = member(&card, "members");
        if (members && !members->is_array() && !members->is_null()) throw notCard("members: expected an array");
        bool modelB = false;
        if (!members || members->empty()) {
            const std::string fusedName = contract::kMcDropoutFile;
            std::error_code ec;
            if (listed(fusedName) != nullptr) {
                modelB = true;
            } else if (std::filesystem::exists(detail::join_path(dir_, fusedName), ec)) {
                throw Error(ErrorCode::Contract, fusedName + ": in " + dir_ + " but not listed in " + sumsName +
                                                     ", so it cannot be trusted." + remedy);
            } else {
                throw Error(ErrorCode::Contract, cardName + ": lists no members; expected at least one member file.");
            }
        }

        const json* target = member(&card, "target");
        int mass = 0;
        if (target && target->is_object()) {
            const json* a = member(target, "mass-number");
            if (a && a->is_number()) {
                double number = a->get<double>();
                if (!(std::fabs(number) < 2147483648.0)) throw notCard("target.mass-number out of range");
                mass = static_cast<int>(number);
            } else if (a && a->is_string()) {
                try {
                    mass = std::stoi(a->get<std::string>());
                } catch (const std::exception&) {
                    throw notCard("target.mass-number \"" + a->get<std::string>() + "\" is not an integer");
                }
            } else if (a && !a->is_null()) {
                throw notCard("target.mass-number: expected an integer");
            }
        } else if (target && !target->is_null()) {
            throw notCard("target: expected an object");
        }
        if (target == nullptr || target->is_null() || mass < 1) {
            throw Error(ErrorCode::Contract, cardName +
                                                 ": target mass number A is missing or below 1; "
                                                 "expected the nucleus, e.g. A = 12 for carbon.");
        }
        mass_ = mass;
        if (modelB) {
            // Model B: one fused file, already verified against SHA256SUMS above.
            fused_path_ = detail::join_path(dir_, contract::kMcDropoutFile);
            output_name_ = contract::kOutputName;
            layout_ = Layout::Xsdnn;
            return;
        }

        for (const json& entry : *members) {
            if (!entry.is_object()) throw notCard("members: expected objects");
            auto text_of = [&](const char* key) -> std::pair<bool, std::string> {
                const json* v = member(&entry, key);
                if (!v || v->is_null()) return {false, "null"};
                if (v->is_structured()) throw notCard(std::string("members.") + key + ": expected a string");
                return {true, detail::scalar_text(*v)};
            };
            auto [hasFile, file] = text_of("file");
            auto [hasSha, sha] = text_of("sha256");
            const std::string* inSums = hasFile ? listed(file) : nullptr;
            if (inSums == nullptr) {
                throw Error(ErrorCode::Contract,
                            file + ": named in " + cardName + " but not listed in " + sumsName + "." + remedy);
            }
            std::string lower = sha;
            std::transform(lower.begin(), lower.end(), lower.begin(),
                           [](unsigned char c) { return char(std::tolower(c)); });
            if (hasSha && lower != *inSums) {
                throw Error(ErrorCode::Contract, file + ": " + cardName + " gives SHA-256 " + sha + ", " + sumsName +
                                                     " gives " + *inSums + "; the directory mixes two exports." +
                                                     remedy);
            }
            member_files_.push_back(detail::join_path(dir_, file));
        }
        output_name_ = contract::kOutputName;
        layout_ = Layout::Xsdnn;
    }

    template <class NotCard>
    static void check_card_contract(const nlohmann::json* c, NotCard notCard) {
        auto field = [&](const char* key) -> std::string {
            const nlohmann::json* v = detail::member(c, key);
            if (!v || v->is_null()) return "null";
            if (v->is_structured()) throw notCard(std::string("contract.") + key + ": expected a string");
            return detail::scalar_text(*v);
        };
        bool ok = false;
        std::string shown = "null";
        if (c && c->is_object()) {
            std::string id = field("id"), in = field("input-name"), order = field("feature-order"),
                        out = field("output-name"), units = field("units"), formula = field("sigma-formula");
            shown = "Contract[id=" + id + ", inputName=" + in + ", featureOrder=" + order + ", outputName=" + out +
                    ", units=" + units + ", sigmaFormula=" + formula + "]";
            ok = id == contract::kId && in == contract::kInputName && order == contract::kFeatureOrder &&
                 out == contract::kOutputName;
        } else if (c && !c->is_null()) {
            throw notCard("contract: expected an object");
        }
        if (!ok) {
            throw Error(ErrorCode::Contract,
                        std::string(contract::kCardFile) + ": contract is " + shown + "; this runtime reads " +
                            contract::kId + " (input \"" + contract::kInputName + "\" " + contract::kFeatureOrder +
                            ", output \"" + contract::kOutputName + "\"). Use the xsdnn version that exported it.");
        }
    }

    /// Hashes every file SHA256SUMS lists; any mismatch refuses the directory.
    std::vector<std::pair<std::string, std::string>> verified_checksums() const {
        const std::string sumsName = contract::kSumsFile;
        std::string sumsFile = detail::join_path(dir_, sumsName);
        std::error_code ec;
        if (!std::filesystem::exists(sumsFile, ec)) {
            throw Error(ErrorCode::Contract, dir_ + ": has " + contract::kCardFile + " but no " + sumsName +
                                                 "; the export is incomplete. Re-export with xsdnn export.");
        }
        auto sums = parse_sha256sums(detail::read_file(sumsFile));
        for (const auto& [name, expected] : sums) {
            if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos) {
                throw Error(ErrorCode::Contract, sumsName + ": lists \"" + name +
                                                     "\"; expected plain file names inside the model directory.");
            }
            std::string file = detail::join_path(dir_, name);
            if (!std::filesystem::is_regular_file(file, ec)) {
                throw Error(ErrorCode::Contract, name + ": listed in " + sumsName + " but missing from " + dir_ +
                                                     ". Restore it or re-export with xsdnn export.");
            }
            std::string actual = sha256_file_hex(file);
            if (actual != expected) {
                throw Error(ErrorCode::Contract, name + ": SHA-256 is " + actual + " but " + sumsName + " says " +
                                                     expected +
                                                     "; the file was corrupted or changed after export. "
                                                     "Restore it or re-export with xsdnn export.");
            }
        }
        return sums;
    }

    // ---- NuWro layout: model_electron_<tag>_<A>_<i>.onnx
    void resolve_nuwro() {
        static const std::regex kFile("model_electron_(.+)_(\\d+)_(\\d+)\\.onnx");
        std::vector<std::string> names;
        std::error_code ec;
        for (auto it = std::filesystem::directory_iterator(dir_, ec);
             !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
            names.push_back(it->path().filename().string());
        if (ec) throw Error(ErrorCode::Io, dir_ + ": cannot be listed: " + ec.message());
        std::sort(names.begin(), names.end());
        auto number = [&](const std::string& digits, const std::string& file) {
            try {
                return std::stoi(digits);
            } catch (const std::exception&) {
                throw Error(ErrorCode::Contract, file + ": number " + digits + " in the file name is out of range.");
            }
        };
        std::map<int, std::string> byIndex;
        std::string tag;
        int mass = -1;
        bool any = false;
        for (const std::string& name : names) {
            std::smatch m;
            if (!std::regex_match(name, m, kFile)) continue;
            int a = number(m[2].str(), name);
            if (any && (tag != m[1].str() || mass != a)) {
                throw Error(ErrorCode::Contract, dir_ + ": NuWro files of two models (" +
                                                     base_name(byIndex.begin()->second) + ", " + name +
                                                     "); expected one tag and one A per directory.");
            }
            any = true;
            tag = m[1].str();
            mass = a;
            byIndex[number(m[3].str(), name)] = detail::join_path(dir_, name);
        }
        if (byIndex.empty()) {
            throw Error(ErrorCode::Contract, dir_ + ": neither " + contract::kCardFile +
                                                 " (xsdnn layout) nor model_electron_<tag>_<A>_<i>.onnx files "
                                                 "(NuWro layout); found " +
                                                 detail::java_list(names) + ".");
        }
        if (mass < 1) {
            throw Error(ErrorCode::Contract,
                        base_name(byIndex.begin()->second) + ": mass number A = 0 in the file name; expected A >= 1.");
        }
        // NuWro ignores extra files; xsdnn writes SHA256SUMS beside its NuWro sets, and then every member must match.
        std::error_code sumsEc;
        if (std::filesystem::exists(detail::join_path(dir_, contract::kSumsFile), sumsEc)) {
            auto sums = verified_checksums();
            for (const auto& e : byIndex) {
                std::string name = base_name(e.second);
                bool listed = std::any_of(sums.begin(), sums.end(), [&](const auto& s) { return s.first == name; });
                if (!listed) {
                    throw Error(ErrorCode::Contract, name + ": not listed in " + std::string(contract::kSumsFile) +
                                                         ". Restore the file set or write it again with xsdnn.");
                }
            }
        }
        for (const auto& e : byIndex) member_files_.push_back(e.second);
        mass_ = mass;
        output_name_ = contract::kNuwroOutputName;
        layout_ = Layout::Nuwro;
    }

    std::string dir_;
    std::string name_;
    std::vector<std::string> member_files_;
    std::string output_name_;
    int mass_ = 0;
    Layout layout_ = Layout::Xsdnn;
    std::vector<Member> members_;
    std::string kind_ = "ensemble";
    // A fused file: model B's mc-dropout.onnx, or a file opened by its path.
    std::string fused_path_;
    std::string fused_file_;
    std::unique_ptr<Ort::Session> fused_session_;
    std::map<std::string, std::string> fused_metadata_;
    std::size_t fused_members_ = 0;
    bool fused_per_member_ = false;
    int fused_mass_ = 0;
    std::size_t fused_points_per_run_ = 0;
};

}  // namespace xsdnn

#endif  // XSDNN_XSDNN_HPP
