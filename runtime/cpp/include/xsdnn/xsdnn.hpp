// xsdnn C++ runtime: electron-nucleus cross sections from an ensemble of ONNX member files.
//
// Header-only, C++17, over the ONNX Runtime C++ API (onnxruntime_cxx_api.h). It reads the same model
// directories as the Java runtime (org.xsdnn.runtime.Ensemble), checks the same contract and throws the same
// message texts:
//
//   xsdnn layout  model-card.json + member-NN.onnx + SHA256SUMS (every listed file's SHA-256 verified);
//                 members read input "input" float32 [N,5] and write output "r" float32 [N,1];
//                 A (mass number) from the card's target.mass-number.
//   NuWro layout  model_electron_<tag>_<A>_<i>.onnx, one per member, output "Identity:0".
//
// Units: E and ω in GeV, θ in degrees, σ = d²σ/(dΩ dω) per nucleus in nb/(sr·GeV):
//   σ = r · S(E, θ) · A/12,  S(E, θ) = 1e9 cos(θ/2) / (137² · 4E³ sin⁴(θ/2)).
//
//   xsdnn::Model model("onnx-models/carbon-a");
//   xsdnn::Prediction p = model.predict({0.68}, {36.0}, {0.1});   // p.mean[0] ± p.std[0]
//
// Thread safety: Model::predict and Model::member_r are const and may be called from any number of threads at
// once on one Model (ONNX Runtime sessions allow concurrent Run calls; a Model holds no mutable state).
// Constructing, moving, assigning and destroying a Model must not overlap calls on it.
#ifndef XSDNN_XSDNN_HPP
#define XSDNN_XSDNN_HPP

#include <onnxruntime_cxx_api.h>

#include <algorithm>
#include <array>
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

/// Every failure of this library. what() is the same text the Java runtime gives.
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
}  // namespace contract

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
        throw Error(ErrorCode::Input, "E, theta and omega must have the same length; got " + std::to_string(n) +
                                          ", " + std::to_string(theta_deg.size()) + ", " +
                                          std::to_string(omega_gev.size()));
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

/// SHA-256 (FIPS 180-4, section 6.2), incremental.
class Sha256 {
public:
    Sha256() { reset(); }

    void reset() {
        static constexpr std::uint32_t kInit[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
        std::copy(kInit, kInit + 8, h_);
        length_ = 0;
        used_ = 0;
    }

    void update(const void* data, std::size_t size) {
        const auto* p = static_cast<const unsigned char*>(data);
        length_ += size;
        if (used_ > 0) {
            std::size_t take = std::min(size, sizeof block_ - used_);
            std::memcpy(block_ + used_, p, take);
            used_ += take;
            p += take;
            size -= take;
            if (used_ < sizeof block_) return;
            compress(block_);
            used_ = 0;
        }
        for (; size >= sizeof block_; p += sizeof block_, size -= sizeof block_) compress(p);
        std::memcpy(block_, p, size);
        used_ = size;
    }

    /// The digest; the object is reset afterwards.
    std::array<unsigned char, 32> digest() {
        std::uint64_t bits = length_ * 8;
        unsigned char pad[72] = {0x80};
        std::size_t padLen = (used_ < 56 ? 56 : 120) - used_;
        unsigned char len[8];
        for (int i = 0; i < 8; ++i) len[i] = static_cast<unsigned char>(bits >> (56 - 8 * i));
        update(pad, padLen);
        update(len, 8);
        std::array<unsigned char, 32> out{};
        for (int i = 0; i < 8; ++i)
            for (int j = 0; j < 4; ++j) out[4 * i + j] = static_cast<unsigned char>(h_[i] >> (24 - 8 * j));
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
    static std::uint32_t rotr(std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

    void compress(const unsigned char* block) {
        static constexpr std::uint32_t k[64] = {
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
            0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
            0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
            0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
            0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
            0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
            0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
            0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
        std::uint32_t w[64];
        for (int t = 0; t < 16; ++t)
            w[t] = std::uint32_t(block[4 * t]) << 24 | std::uint32_t(block[4 * t + 1]) << 16 |
                   std::uint32_t(block[4 * t + 2]) << 8 | std::uint32_t(block[4 * t + 3]);
        for (int t = 16; t < 64; ++t) {
            std::uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
            std::uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }
        std::uint32_t a = h_[0], b = h_[1], c = h_[2], d = h_[3], e = h_[4], f = h_[5], g = h_[6], h = h_[7];
        for (int t = 0; t < 64; ++t) {
            std::uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + k[t] + w[t];
            std::uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        h_[0] += a;
        h_[1] += b;
        h_[2] += c;
        h_[3] += d;
        h_[4] += e;
        h_[5] += f;
        h_[6] += g;
        h_[7] += h;
    }

    std::uint32_t h_[8];
    unsigned char block_[64];
    std::uint64_t length_;
    std::size_t used_;
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
            throw Error(ErrorCode::Contract, std::string(contract::kSumsFile) + ":" + std::to_string(number) +
                                                 ": \"" + line + "\"; expected <64 hex digits>  <file name>");
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
/// Just enough JSON for model-card.json: a recursive-descent reader of RFC 8259 text into a tree.
struct Json {
    enum class Type { Null, Bool, Number, String, Array, Object } type = Type::Null;
    bool boolean = false;
    double number = 0;
    std::string text;  // string value, or the literal text of a number/bool
    std::vector<Json> items;
    std::vector<std::pair<std::string, Json>> fields;

    const Json* get(const std::string& key) const {
        if (type != Type::Object) return nullptr;
        const Json* found = nullptr;
        for (const auto& f : fields)
            if (f.first == key) found = &f.second;  // last one wins, as in Jackson
        return found;
    }

    static Json parse(const std::string& s) {
        std::size_t pos = 0;
        Json v = value(s, pos, 0);
        skip(s, pos);
        if (pos != s.size()) fail(s, pos, "unexpected text after the JSON value");
        return v;
    }

private:
    [[noreturn]] static void fail(const std::string& s, std::size_t pos, const std::string& what) {
        std::size_t line = 1, col = 1;
        for (std::size_t i = 0; i < pos && i < s.size(); ++i) {
            if (s[i] == '\n') {
                ++line;
                col = 1;
            } else {
                ++col;
            }
        }
        throw std::invalid_argument(what + " at line " + std::to_string(line) + ", column " + std::to_string(col));
    }

    static void skip(const std::string& s, std::size_t& pos) {
        while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '\n' || s[pos] == '\r')) ++pos;
    }

    static bool literal(const std::string& s, std::size_t& pos, const char* word) {
        std::size_t n = std::strlen(word);
        if (s.compare(pos, n, word) != 0) return false;
        pos += n;
        return true;
    }

    static Json value(const std::string& s, std::size_t& pos, int depth) {
        if (depth > 200) fail(s, pos, "JSON nested too deeply");
        skip(s, pos);
        if (pos >= s.size()) fail(s, pos, "unexpected end of input");
        Json v;
        char c = s[pos];
        if (c == '{') {
            v.type = Type::Object;
            ++pos;
            skip(s, pos);
            if (pos < s.size() && s[pos] == '}') {
                ++pos;
                return v;
            }
            for (;;) {
                skip(s, pos);
                if (pos >= s.size() || s[pos] != '"') fail(s, pos, "expected a field name in quotes");
                std::string key = string(s, pos);
                skip(s, pos);
                if (pos >= s.size() || s[pos] != ':') fail(s, pos, "expected ':'");
                ++pos;
                v.fields.emplace_back(std::move(key), value(s, pos, depth + 1));
                skip(s, pos);
                if (pos < s.size() && s[pos] == ',') {
                    ++pos;
                    continue;
                }
                if (pos < s.size() && s[pos] == '}') {
                    ++pos;
                    return v;
                }
                fail(s, pos, "expected ',' or '}'");
            }
        }
        if (c == '[') {
            v.type = Type::Array;
            ++pos;
            skip(s, pos);
            if (pos < s.size() && s[pos] == ']') {
                ++pos;
                return v;
            }
            for (;;) {
                v.items.push_back(value(s, pos, depth + 1));
                skip(s, pos);
                if (pos < s.size() && s[pos] == ',') {
                    ++pos;
                    continue;
                }
                if (pos < s.size() && s[pos] == ']') {
                    ++pos;
                    return v;
                }
                fail(s, pos, "expected ',' or ']'");
            }
        }
        if (c == '"') {
            v.type = Type::String;
            v.text = string(s, pos);
            return v;
        }
        if (literal(s, pos, "true") || literal(s, pos, "false")) {
            v.type = Type::Bool;
            v.boolean = s[pos - 1] == 'e' && s[pos - 2] == 'u';
            v.text = v.boolean ? "true" : "false";
            return v;
        }
        if (literal(s, pos, "null")) return v;
        std::size_t start = pos;
        if (pos < s.size() && s[pos] == '-') ++pos;
        auto digits = [&] {
            std::size_t d = pos;
            while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
            return pos > d;
        };
        if (!digits()) fail(s, start, "expected a JSON value");
        if (pos < s.size() && s[pos] == '.') {
            ++pos;
            if (!digits()) fail(s, pos, "expected digits after '.'");
        }
        if (pos < s.size() && (s[pos] == 'e' || s[pos] == 'E')) {
            ++pos;
            if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) ++pos;
            if (!digits()) fail(s, pos, "expected exponent digits");
        }
        v.type = Type::Number;
        v.text = s.substr(start, pos - start);
        v.number = std::strtod(v.text.c_str(), nullptr);
        return v;
    }

    static void utf8(std::string& out, std::uint32_t cp) {
        if (cp < 0x80) {
            out += char(cp);
        } else if (cp < 0x800) {
            out += char(0xC0 | (cp >> 6));
            out += char(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += char(0xE0 | (cp >> 12));
            out += char(0x80 | ((cp >> 6) & 0x3F));
            out += char(0x80 | (cp & 0x3F));
        } else {
            out += char(0xF0 | (cp >> 18));
            out += char(0x80 | ((cp >> 12) & 0x3F));
            out += char(0x80 | ((cp >> 6) & 0x3F));
            out += char(0x80 | (cp & 0x3F));
        }
    }

    static std::uint32_t hex4(const std::string& s, std::size_t& pos) {
        if (pos + 4 > s.size()) fail(s, pos, "expected 4 hex digits after \\u");
        std::uint32_t v = 0;
        for (int i = 0; i < 4; ++i, ++pos) {
            char c = s[pos];
            v <<= 4;
            if (c >= '0' && c <= '9') v |= std::uint32_t(c - '0');
            else if (c >= 'a' && c <= 'f') v |= std::uint32_t(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F') v |= std::uint32_t(c - 'A' + 10);
            else fail(s, pos, "expected 4 hex digits after \\u");
        }
        return v;
    }

    static std::string string(const std::string& s, std::size_t& pos) {
        ++pos;  // opening quote
        std::string out;
        while (pos < s.size()) {
            char c = s[pos++];
            if (c == '"') return out;
            if (static_cast<unsigned char>(c) < 0x20) fail(s, pos - 1, "control character in a string");
            if (c != '\\') {
                out += c;
                continue;
            }
            if (pos >= s.size()) break;
            char e = s[pos++];
            switch (e) {
                case '"': out += '"'; break;
                case '\\': out += '\\'; break;
                case '/': out += '/'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 't': out += '\t'; break;
                case 'u': {
                    std::uint32_t cp = hex4(s, pos);
                    if (cp >= 0xD800 && cp < 0xDC00 && s.compare(pos, 2, "\\u") == 0) {
                        std::size_t save = pos;
                        pos += 2;
                        std::uint32_t low = hex4(s, pos);
                        if (low >= 0xDC00 && low < 0xE000) cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                        else pos = save;
                    }
                    utf8(out, cp);
                    break;
                }
                default: fail(s, pos - 1, "bad escape in a string");
            }
        }
        fail(s, pos, "unterminated string");
    }
};

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
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT: return "float32";
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE: return "float64";
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16: return "float16";
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_BFLOAT16: return "bfloat16";
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8: return "uint8";
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8: return "int8";
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT16: return "uint16";
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16: return "int16";
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT32: return "uint32";
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32: return "int32";
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT64: return "uint64";
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64: return "int64";
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING: return "string";
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL: return "bool";
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_COMPLEX64: return "complex64";
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_COMPLEX128: return "complex128";
        default: return "undefined";
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
            if (shape[i] >= 0) s += std::to_string(shape[i]);
            else s += i < dim_names.size() && !dim_names[i].empty() ? dim_names[i] : "?";
        }
        return s + "]";
    }

    static NodeDesc of(std::string name, const Ort::TypeInfo& info) {
        NodeDesc d;
        d.name = std::move(name);
        ONNXType kind = info.GetONNXType();
        if (kind != ONNX_TYPE_TENSOR) {
            switch (kind) {
                case ONNX_TYPE_SEQUENCE: d.other = "sequence"; break;
                case ONNX_TYPE_MAP: d.other = "map"; break;
                case ONNX_TYPE_OPTIONAL: d.other = "optional"; break;
                case ONNX_TYPE_SPARSETENSOR: d.other = "sparse tensor"; break;
                default: d.other = "opaque"; break;
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
}  // namespace detail

// ------------------------------------------------------------------------------------------------ ONNX Runtime

/// The version of the ONNX Runtime library in use (e.g. "1.29.0").
inline std::string onnxruntime_version() { return OrtGetApiBase()->GetVersionString(); }

namespace detail {
inline Ort::Env make_env() {
    if (OrtGetApiBase()->GetApi(ORT_API_VERSION) == nullptr) {
        throw Error(ErrorCode::State, "ONNX Runtime library " + onnxruntime_version() +
                                          " is older than the headers xsdnn was compiled with (C API version " +
                                          std::to_string(ORT_API_VERSION) +
                                          "); use libonnxruntime 1." + std::to_string(ORT_API_VERSION) +
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

/// Which layout a model directory has.
enum class Layout { Xsdnn, Nuwro };

/// An ensemble of ONNX member files, one ONNX Runtime session per member, contract checked once on open.
/// Movable, not copyable. predict() and member_r() are const and thread-safe (see the top of this file).
class Model {
public:
    /// Opens a model directory of either layout. Throws Error: Io when the directory or a file cannot be
    /// read, Contract when the layout, a checksum or a member's tensors break the contract, Input for bad options.
    explicit Model(const std::string& model_dir, const Options& options = Options()) {
        if (options.intra_op_threads < 1) {
            throw Error(ErrorCode::Input, "intra_op_threads = " + std::to_string(options.intra_op_threads) +
                                              "; expected at least 1");
        }
        dir_ = detail::java_path(model_dir);
        namespace fs = std::filesystem;
        std::error_code ec;
        if (!fs::is_directory(dir_, ec)) throw Error(ErrorCode::Io, dir_ + ": expected a model directory");
        if (fs::exists(detail::join_path(dir_, contract::kCardFile), ec)) {
            resolve_xsdnn();
        } else {
            resolve_nuwro();
        }
        Ort::Env& environment = env();
        Ort::SessionOptions so;
        so.SetIntraOpNumThreads(options.intra_op_threads);
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
    Prediction predict(const std::vector<double>& energy_gev, const std::vector<double>& theta_deg,
                       const std::vector<double>& omega_gev) const {
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
    std::vector<double> member_r(std::size_t member, const std::vector<float>& features, std::size_t n) const {
        check_open();
        if (member >= members_.size()) {
            throw Error(ErrorCode::Input, "Index " + std::to_string(member) + " out of bounds for length " +
                                              std::to_string(members_.size()));
        }
        if (features.size() != n * contract::kFeatures) {
            throw Error(ErrorCode::Input, "features has " + std::to_string(features.size()) + " values for n = " +
                                              std::to_string(n) + " points; expected n*" +
                                              std::to_string(contract::kFeatures));
        }
        return run(members_[member], features, n);
    }

    std::size_t members() const { return members_.size(); }
    /// A of the target nucleus, from the card or from NuWro file names; σ scales with A/12.
    int mass_number() const { return mass_; }
    Layout layout() const { return layout_; }
    /// The card's name (e.g. "carbon-a"); empty for NuWro directories.
    const std::string& name() const { return name_; }
    /// The model directory as given (trailing separators removed).
    const std::string& directory() const { return dir_; }
    /// Member file paths, in ensemble order.
    const std::vector<std::string>& member_files() const { return member_files_; }
    /// The members' output tensor: "r" (xsdnn) or "Identity:0" (NuWro).
    const std::string& output_name() const { return output_name_; }

private:
    struct Member {
        std::string file_name;
        std::unique_ptr<Ort::Session> session;
    };

    void check_open() const {
        if (members_.empty()) throw Error(ErrorCode::State, "Trying to score a moved-from xsdnn::Model.");
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
        Ort::AllocatorWithDefaultOptions allocator;
        std::vector<detail::NodeDesc> inputs, outputs;
        for (std::size_t i = 0; i < session.GetInputCount(); ++i)
            inputs.push_back(detail::NodeDesc::of(session.GetInputNameAllocated(i, allocator).get(),
                                                  session.GetInputTypeInfo(i)));
        for (std::size_t i = 0; i < session.GetOutputCount(); ++i)
            outputs.push_back(detail::NodeDesc::of(session.GetOutputNameAllocated(i, allocator).get(),
                                                   session.GetOutputTypeInfo(i)));
        auto find = [](const std::vector<detail::NodeDesc>& nodes, const std::string& name) {
            auto it = std::find_if(nodes.begin(), nodes.end(), [&](const auto& n) { return n.name == name; });
            return it == nodes.end() ? nullptr : &*it;
        };
        const detail::NodeDesc* input = find(inputs, contract::kInputName);
        if (inputs.size() != 1 || input == nullptr) {
            throw Error(ErrorCode::Contract, file_name + ": inputs are " + detail::describe(inputs) + kExpects +
                                                 "one input \"" + contract::kInputName + "\" float32 [N," +
                                                 features + "] " + contract::kInputDescription + "." + kRemedy);
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
            throw Error(ErrorCode::Contract, file_name + ": output \"" + output_name_ + "\" is " +
                                                 output->describe() + kExpects + "[N,1] (r, the sigmoid value)." +
                                                 kRemedy);
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
        using detail::Json;
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
        Json card;
        try {
            card = Json::parse(text);
        } catch (const std::invalid_argument& e) {
            throw notCard(e.what());
        }
        if (card.type != Json::Type::Object) throw notCard("expected a JSON object");
        check_card_contract(card.get("contract"), notCard);

        if (const Json* name = card.get("name"); name && name->type == Json::Type::String) name_ = name->text;

        const Json* members = card.get("members");
        if (members && members->type != Json::Type::Array && members->type != Json::Type::Null)
            throw notCard("members: expected an array");
        if (!members || members->items.empty()) {
            throw Error(ErrorCode::Contract, cardName + ": lists no members; expected at least one member file.");
        }

        const Json* target = card.get("target");
        int mass = 0;
        if (target && target->type == Json::Type::Object) {
            const Json* a = target->get("mass-number");
            if (a && a->type == Json::Type::Number) {
                if (!(std::fabs(a->number) < 2147483648.0)) throw notCard("target.mass-number out of range");
                mass = static_cast<int>(a->number);
            } else if (a && a->type == Json::Type::String) {
                try {
                    mass = std::stoi(a->text);
                } catch (const std::exception&) {
                    throw notCard("target.mass-number \"" + a->text + "\" is not an integer");
                }
            } else if (a && a->type != Json::Type::Null) {
                throw notCard("target.mass-number: expected an integer");
            }
        } else if (target && target->type != Json::Type::Null) {
            throw notCard("target: expected an object");
        }
        if (target == nullptr || target->type == Json::Type::Null || mass < 1) {
            throw Error(ErrorCode::Contract, cardName + ": target mass number A is missing or below 1; "
                                                        "expected the nucleus, e.g. A = 12 for carbon.");
        }
        mass_ = mass;

        for (const Json& member : members->items) {
            if (member.type != Json::Type::Object) throw notCard("members: expected objects");
            auto text_of = [&](const char* key) -> std::pair<bool, std::string> {
                const Json* v = member.get(key);
                if (!v || v->type == Json::Type::Null) return {false, "null"};
                if (v->type == Json::Type::Object || v->type == Json::Type::Array)
                    throw notCard(std::string("members.") + key + ": expected a string");
                return {true, v->text};
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
                                                     " gives " + *inSums +
                                                     "; the directory mixes two exports." + remedy);
            }
            member_files_.push_back(detail::join_path(dir_, file));
        }
        output_name_ = contract::kOutputName;
        layout_ = Layout::Xsdnn;
    }

    template <class NotCard>
    static void check_card_contract(const detail::Json* c, NotCard notCard) {
        using detail::Json;
        auto field = [&](const char* key) -> std::string {
            const Json* v = c->get(key);
            if (!v || v->type == Json::Type::Null) return "null";
            if (v->type == Json::Type::Object || v->type == Json::Type::Array)
                throw notCard(std::string("contract.") + key + ": expected a string");
            return v->text;
        };
        bool ok = false;
        std::string shown = "null";
        if (c && c->type == Json::Type::Object) {
            std::string id = field("id"), in = field("input-name"), order = field("feature-order"),
                        out = field("output-name"), units = field("units"), formula = field("sigma-formula");
            shown = "Contract[id=" + id + ", inputName=" + in + ", featureOrder=" + order + ", outputName=" + out +
                    ", units=" + units + ", sigmaFormula=" + formula + "]";
            ok = id == contract::kId && in == contract::kInputName && order == contract::kFeatureOrder &&
                 out == contract::kOutputName;
        } else if (c && c->type != Json::Type::Null) {
            throw notCard("contract: expected an object");
        }
        if (!ok) {
            throw Error(ErrorCode::Contract, std::string(contract::kCardFile) + ": contract is " + shown +
                                                 "; this runtime reads " + contract::kId + " (input \"" +
                                                 contract::kInputName + "\" " + contract::kFeatureOrder +
                                                 ", output \"" + contract::kOutputName +
                                                 "\"). Use the xsdnn version that exported it.");
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
        for (auto it = std::filesystem::directory_iterator(dir_, ec); !ec && it != std::filesystem::directory_iterator();
             it.increment(ec))
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
            throw Error(ErrorCode::Contract, base_name(byIndex.begin()->second) +
                                                 ": mass number A = 0 in the file name; expected A >= 1.");
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
};

}  // namespace xsdnn

#endif  // XSDNN_XSDNN_HPP
