// The xsdnn layout with tiny members (tests/tiny_onnx.py): scoring with the card's A, and every refusal with the
// Java runtime's message text (org.xsdnn.runtime.XsdnnDirectoryTest covers the same cases).
#include <gtest/gtest.h>

#include <functional>

#include "test_support.hpp"

namespace {
namespace fs = std::filesystem;
using xsdnn_test::error_of;
using xsdnn_test::linear_sigmoid_onnx;
using xsdnn_test::TempDir;
using xsdnn_test::write_xsdnn_dir;

const std::vector<float> kW5 = {0.1f, -0.2f, 0.3f, -0.4f, 0.5f};
const std::vector<float> kW5b = {-0.3f, 0.2f, 0.1f, 0.4f, -0.5f};

std::string open_error(const fs::path& dir) {
    return error_of([&] { xsdnn::Model m(dir.string()); }).what();
}

TEST(XsdnnDirectory, OpensAndScoresWithCardMassNumber) {
    TempDir tmp;
    auto dir = write_xsdnn_dir(
        tmp.path() / "m",
        {{"member-00.onnx", linear_sigmoid_onnx(kW5, "r")}, {"member-01.onnx", linear_sigmoid_onnx(kW5b, "r")}}, 40);
    xsdnn::Model model(dir.string());
    EXPECT_EQ(model.layout(), xsdnn::Layout::Xsdnn);
    EXPECT_EQ(model.members(), 2u);
    EXPECT_EQ(model.mass_number(), 40);
    EXPECT_EQ(model.name(), "tiny");
    EXPECT_EQ(model.output_name(), "r");
    std::vector<double> e = {1.2, 0.68, 5.766}, t = {30, 36, 18}, w = {0.4, 0.1, 1.0};
    xsdnn::Prediction p = model.predict(e, t, w);
    for (std::size_t i = 0; i < e.size(); ++i) {
        auto x = xsdnn::features(e[i], t[i], w[i]);
        double s0 = xsdnn::sigma_nb_per_sr_gev(xsdnn_test::linear_sigmoid(x, kW5), e[i], t[i], 40);
        double s1 = xsdnn::sigma_nb_per_sr_gev(xsdnn_test::linear_sigmoid(x, kW5b), e[i], t[i], 40);
        EXPECT_TRUE(xsdnn_test::rel_close(p.members[0][i], s0, 1e-6)) << i;
        EXPECT_TRUE(xsdnn_test::rel_close(p.members[1][i], s1, 1e-6)) << i;
        EXPECT_DOUBLE_EQ(p.mean[i], (p.members[0][i] + p.members[1][i]) / 2);
        EXPECT_NEAR(p.std[i], std::fabs(p.members[0][i] - p.members[1][i]) / 2, 1e-12 * p.mean[i]);
    }
}

TEST(XsdnnDirectory, TrailingSlashAndOptions) {
    TempDir tmp;
    auto dir = write_xsdnn_dir(tmp.path() / "m", {{"member-00.onnx", linear_sigmoid_onnx(kW5, "r")}});
    xsdnn::Options two;
    two.intra_op_threads = 2;
    xsdnn::Model model(dir.string() + "/", two);
    EXPECT_EQ(model.directory(), dir.string());
    EXPECT_EQ(model.predict({0.68}, {36}, {0.1}).std.at(0), 0.0);
    xsdnn::Options zero;
    zero.intra_op_threads = 0;
    auto e = error_of([&] { xsdnn::Model m(dir.string(), zero); });
    EXPECT_EQ(e.code(), xsdnn::ErrorCode::Input);
    EXPECT_STREQ(e.what(), "intra_op_threads = 0; expected at least 1");
}

TEST(XsdnnDirectory, CorruptedMemberIsRefusedNamingTheFile) {
    TempDir tmp;
    auto dir = write_xsdnn_dir(tmp.path() / "m", {{"member-00.onnx", linear_sigmoid_onnx(kW5, "r")}});
    xsdnn_test::flip_byte(dir / "member-00.onnx", -3);
    auto e = error_of([&] { xsdnn::Model m(dir.string()); });
    EXPECT_EQ(e.code(), xsdnn::ErrorCode::Contract);
    std::string expected =
        "member-00.onnx: SHA-256 is " + xsdnn::sha256_file_hex((dir / "member-00.onnx").string()) +
        " but SHA256SUMS says " + xsdnn::parse_sha256sums(xsdnn_test::read_bytes(dir / "SHA256SUMS")).at(0).second +
        "; the file was corrupted or changed after export. Restore it or re-export with xsdnn export.";
    EXPECT_EQ(e.what(), expected);
}

TEST(XsdnnDirectory, ChangedCardIsRefused) {
    TempDir tmp;
    auto dir = write_xsdnn_dir(tmp.path() / "m", {{"member-00.onnx", linear_sigmoid_onnx(kW5, "r")}});
    xsdnn_test::flip_byte(dir / "model-card.json", 10);
    EXPECT_EQ(open_error(dir).rfind("model-card.json: SHA-256 is ", 0), 0u) << open_error(dir);
}

TEST(XsdnnDirectory, MissingChecksumFileIsRefused) {
    TempDir tmp;
    auto dir = write_xsdnn_dir(tmp.path() / "m", {{"member-00.onnx", linear_sigmoid_onnx(kW5, "r")}});
    fs::remove(dir / "SHA256SUMS");
    EXPECT_EQ(open_error(dir), dir.string() +
                                   ": has model-card.json but no SHA256SUMS; the export is incomplete. Re-export with "
                                   "xsdnn export.");
}

TEST(XsdnnDirectory, MissingListedFileIsRefused) {
    TempDir tmp;
    auto dir = write_xsdnn_dir(tmp.path() / "m", {{"member-00.onnx", linear_sigmoid_onnx(kW5, "r")}});
    fs::remove(dir / "member-00.onnx");
    EXPECT_EQ(open_error(dir), "member-00.onnx: listed in SHA256SUMS but missing from " + dir.string() +
                                   ". Restore it or re-export with xsdnn export.");
}

TEST(XsdnnDirectory, ChecksumFileNamingOtherDirectoriesIsRefused) {
    TempDir tmp;
    auto dir = write_xsdnn_dir(tmp.path() / "m", {{"member-00.onnx", linear_sigmoid_onnx(kW5, "r")}});
    xsdnn_test::write_bytes(dir / "SHA256SUMS", std::string(64, 'a') + "  ../secret\n");
    EXPECT_EQ(open_error(dir),
              "SHA256SUMS: lists \"../secret\"; expected plain file names inside the model directory.");
}

TEST(XsdnnDirectory, CardNotListedIsRefused) {
    TempDir tmp;
    auto dir = write_xsdnn_dir(tmp.path() / "m", {{"member-00.onnx", linear_sigmoid_onnx(kW5, "r")}});
    std::string sums = xsdnn_test::read_bytes(dir / "SHA256SUMS");
    xsdnn_test::write_bytes(dir / "SHA256SUMS", sums.substr(0, sums.find('\n') + 1));
    EXPECT_EQ(open_error(dir),
              "model-card.json: not listed in SHA256SUMS, so it cannot be trusted. Re-export with xsdnn export.");
}

TEST(XsdnnDirectory, WrongInputShapeIsRefusedWithTheContractMessage) {
    TempDir tmp;
    auto dir = write_xsdnn_dir(tmp.path() / "m", {{"member-07.onnx", linear_sigmoid_onnx({1, 2, 3, 4}, "r")}});
    auto e = error_of([&] { xsdnn::Model m(dir.string()); });
    EXPECT_EQ(e.code(), xsdnn::ErrorCode::Contract);
    EXPECT_STREQ(e.what(),
                 "member-07.onnx: input \"input\" is float32 [N,4]; contract xsdnn-1 expects [N,5] "
                 "(E/20, \xCF\x89/20, \xCE\xB8/180, cos \xCE\xB8, Q\xC2\xB2/100). Re-export with xsdnn export.");
}

TEST(XsdnnDirectory, WrongOutputNameIsRefused) {
    TempDir tmp;
    auto dir = write_xsdnn_dir(tmp.path() / "m", {{"member-00.onnx", linear_sigmoid_onnx(kW5, "Identity:0")}});
    EXPECT_EQ(open_error(dir),
              "member-00.onnx: outputs are [\"Identity:0\" float32 [N,1]]; contract xsdnn-1 expects an "
              "output \"r\" float32 [N,1] (r, the sigmoid value). Re-export with xsdnn export.");
}

TEST(XsdnnDirectory, UnreadableOnnxIsRefusedNamingTheFile) {
    TempDir tmp;
    auto dir = write_xsdnn_dir(tmp.path() / "m", {{"member-00.onnx", std::string("\x01\x02\x03", 3)}});
    auto e = error_of([&] { xsdnn::Model m(dir.string()); });
    EXPECT_EQ(e.code(), xsdnn::ErrorCode::Contract);
    EXPECT_EQ(std::string(e.what()).rfind("member-00.onnx: ONNX Runtime cannot load it", 0), 0u) << e.what();
}

void replace_once(std::string& text, const std::string& from, const std::string& to) {
    std::size_t at = text.find(from);
    if (at == std::string::npos) throw std::runtime_error("\"" + from + "\" not in the card");
    text.replace(at, from.size(), to);
}

/// Rewrites the card with `edit` applied and updates its checksum, so that only the card's content is wrong.
template <class Edit>
void edit_card(const fs::path& dir, Edit edit) {
    std::string card = xsdnn_test::read_bytes(dir / "model-card.json");
    edit(card);
    xsdnn_test::write_bytes(dir / "model-card.json", card);
    std::string sums = xsdnn_test::read_bytes(dir / "SHA256SUMS");
    std::size_t line = sums.find("  model-card.json");
    sums.replace(line - 64, 64, xsdnn::sha256_hex(card));
    xsdnn_test::write_bytes(dir / "SHA256SUMS", sums);
}

TEST(XsdnnDirectory, MalformedCardIsRefusedNamingTheFile) {
    TempDir tmp;
    auto dir = write_xsdnn_dir(tmp.path() / "m", {{"member-00.onnx", linear_sigmoid_onnx(kW5, "r")}});
    edit_card(dir, [](std::string& card) { card.replace(card.find("\"name\" : \"tiny\""), 15, "\"name\" : tiny"); });
    auto e = error_of([&] { xsdnn::Model m(dir.string()); });
    EXPECT_EQ(e.code(), xsdnn::ErrorCode::Contract);
    std::string message = e.what();
    EXPECT_EQ(message.rfind((dir / "model-card.json").string() + ": not a model card: ", 0), 0u) << message;
    EXPECT_NE(message.find("line "), std::string::npos) << message;  // the parser says where
}

/// Opens a tiny directory whose card, as JSON, was changed by `change`; returns the error (fails the test when
/// nothing is thrown).
template <class Change>
xsdnn::Error card_error(const fs::path& dir, Change change) {
    write_xsdnn_dir(dir, {{"member-00.onnx", linear_sigmoid_onnx(kW5, "r")}});
    edit_card(dir, [&](std::string& text) {
        nlohmann::json card = nlohmann::json::parse(text);
        change(card);
        text = card.dump(2);
    });
    return error_of([&] { xsdnn::Model m(dir.string()); });
}

TEST(XsdnnDirectory, CardsOfTheWrongShapeAreContractErrorsNamingTheField) {
    using nlohmann::json;
    struct Case {
        const char* name;
        std::function<void(json&)> change;
        const char* field;  // named in the message
    };
    const std::vector<Case> cases = {
        {"not an object", [](json& c) { c = json::array({c}); }, "expected a JSON object"},
        {"members not an array",
         [](json& c) {
             c["members"] = json{{"m", c["members"]}};
         },
         "members"},
        {"member not an object", [](json& c) { c["members"].push_back(7); }, "members"},
        {"member file an object", [](json& c) { c["members"][0]["file"] = json::object(); }, "members.file"},
        {"member sha256 an array", [](json& c) { c["members"][0]["sha256"] = json::array(); }, "members.sha256"},
        {"target not an object", [](json& c) { c["target"] = json::array({c["target"]}); }, "target"},
        {"mass number a boolean", [](json& c) { c["target"]["mass-number"] = true; }, "target.mass-number"},
        {"mass number not an integer", [](json& c) { c["target"]["mass-number"] = "twelve"; }, "target.mass-number"},
        {"mass number out of range", [](json& c) { c["target"]["mass-number"] = 1e12; }, "target.mass-number"},
        {"contract not an object", [](json& c) { c["contract"] = 1; }, "contract"},
        {"contract id an array", [](json& c) { c["contract"]["id"] = json::array({"xsdnn-1"}); }, "contract.id"},
    };
    TempDir tmp;
    int i = 0;
    for (const Case& c : cases) {
        auto dir = tmp.path() / ("m" + std::to_string(i++));
        auto e = card_error(dir, c.change);
        EXPECT_EQ(e.code(), xsdnn::ErrorCode::Contract) << c.name;
        std::string message = e.what();
        EXPECT_EQ(message.rfind((dir / "model-card.json").string() + ": not a model card: ", 0), 0u)
            << c.name << ": " << message;
        EXPECT_NE(message.find(c.field), std::string::npos) << c.name << ": " << message;
    }
}

TEST(XsdnnDirectory, LenientScalarsAndUnknownKeysAreRead) {
    using nlohmann::json;
    TempDir tmp;
    // Jackson's reading: a mass number as a numeric string, a later writer's unknown keys, a repeated key's last
    // value.
    auto dir = tmp.path() / "m";
    write_xsdnn_dir(dir, {{"member-00.onnx", linear_sigmoid_onnx(kW5, "r")}});
    edit_card(dir, [](std::string& text) {
        json card = json::parse(text);
        card["target"]["mass-number"] = "40";
        card["added-in-2030"] = json{{"a", 1}};
        card["members"][0]["training"] = json{{"index", 0}, {"parent-sha256", std::string(64, 'b')}};
        text = card.dump(2);
        text.replace(text.rfind('}'), 1, ",\"name\": \"tiny-2\"}");
    });
    xsdnn::Model model(dir.string());
    EXPECT_EQ(model.mass_number(), 40);
    EXPECT_EQ(model.name(), "tiny-2");
}

TEST(XsdnnDirectory, CardNestedTooDeeplyIsRefused) {
    TempDir tmp;
    auto dir = tmp.path() / "m";
    write_xsdnn_dir(dir, {{"member-00.onnx", linear_sigmoid_onnx(kW5, "r")}});
    edit_card(dir, [](std::string& text) {
        text.replace(text.rfind('}'), 1, ",\"deep\": " + std::string(300, '[') + std::string(300, ']') + "}");
    });
    auto e = error_of([&] { xsdnn::Model m(dir.string()); });
    EXPECT_EQ(e.code(), xsdnn::ErrorCode::Contract);
    EXPECT_NE(std::string(e.what()).find("not a model card: JSON nested deeper than 200 levels"), std::string::npos)
        << e.what();
}

TEST(XsdnnDirectory, CardThatIsNotUtf8IsRefused) {
    TempDir tmp;
    auto dir = tmp.path() / "m";
    write_xsdnn_dir(dir, {{"member-00.onnx", linear_sigmoid_onnx(kW5, "r")}});
    edit_card(dir, [](std::string& text) { replace_once(text, "\"notes\" : \"test\"", "\"notes\" : \"t\xff\""); });
    auto e = error_of([&] { xsdnn::Model m(dir.string()); });
    EXPECT_EQ(e.code(), xsdnn::ErrorCode::Contract);
    EXPECT_NE(std::string(e.what()).find("not a model card: "), std::string::npos) << e.what();
}

TEST(XsdnnDirectory, MissingMassNumberIsRefused) {
    TempDir tmp;
    auto dir = write_xsdnn_dir(tmp.path() / "m", {{"member-00.onnx", linear_sigmoid_onnx(kW5, "r")}});
    edit_card(dir, [](std::string& card) { card.replace(card.find("\"mass-number\""), 13, "\"massnumber\""); });
    EXPECT_EQ(open_error(dir),
              "model-card.json: target mass number A is missing or below 1; expected the nucleus, e.g. "
              "A = 12 for carbon.");
}

TEST(XsdnnDirectory, MemberChecksumDisagreeingWithSumsIsRefused) {
    TempDir tmp;
    auto dir = write_xsdnn_dir(tmp.path() / "m", {{"member-00.onnx", linear_sigmoid_onnx(kW5, "r")}});
    std::string listed = xsdnn::sha256_file_hex((dir / "member-00.onnx").string());
    edit_card(dir, [&](std::string& card) { card.replace(card.find(listed), 64, std::string(64, 'A')); });
    EXPECT_EQ(open_error(dir), "member-00.onnx: model-card.json gives SHA-256 " + std::string(64, 'A') +
                                   ", SHA256SUMS gives " + listed +
                                   "; the directory mixes two exports. Re-export with xsdnn export.");
}

TEST(XsdnnDirectory, WrongContractIsRefused) {
    TempDir tmp;
    auto dir = tmp.path() / "m";
    write_xsdnn_dir(dir, {{"member-00.onnx", linear_sigmoid_onnx(kW5, "r")}});
    edit_card(dir, [](std::string& card) { card.replace(card.find("\"xsdnn-1\""), 9, "\"xsdnn-0\""); });
    EXPECT_EQ(
        open_error(dir),
        "model-card.json: contract is Contract[id=xsdnn-0, inputName=input, featureOrder=E/20,omega/20,theta/180,"
        "cos(theta),Q2/100, outputName=r, units=nb/(sr\xC2\xB7GeV), sigmaFormula=sigma = r * S * A/12]; this "
        "runtime reads xsdnn-1 (input \"input\" E/20,omega/20,theta/180,cos(theta),Q2/100, output \"r\"). Use the "
        "xsdnn version that exported it.");
}

TEST(XsdnnDirectory, DirectoryOfNeitherLayoutIsRefused) {
    TempDir tmp;
    xsdnn_test::write_bytes(tmp.path() / "notes.txt", "nothing here");
    auto e = error_of([&] { xsdnn::Model m(tmp.path().string()); });
    EXPECT_EQ(e.code(), xsdnn::ErrorCode::Contract);
    EXPECT_EQ(std::string(e.what()),
              tmp.path().string() +
                  ": neither model-card.json (xsdnn layout) nor model_electron_<tag>_<A>_<i>.onnx "
                  "files (NuWro layout); found [notes.txt].");
}

TEST(XsdnnDirectory, MissingDirectoryIsAnIoError) {
    TempDir tmp;
    auto e = error_of([&] { xsdnn::Model m((tmp.path() / "absent").string()); });
    EXPECT_EQ(e.code(), xsdnn::ErrorCode::Io);
    EXPECT_EQ(std::string(e.what()), (tmp.path() / "absent").string() + ": expected a model directory");
}

TEST(NuwroDirectory, TwoModelsInOneDirectoryAreRefused) {
    TempDir tmp;
    xsdnn_test::write_bytes(tmp.path() / "model_electron_A_12_0.onnx", linear_sigmoid_onnx(kW5, "Identity:0"));
    xsdnn_test::write_bytes(tmp.path() / "model_electron_A_16_1.onnx", linear_sigmoid_onnx(kW5, "Identity:0"));
    EXPECT_EQ(open_error(tmp.path()), tmp.path().string() +
                                          ": NuWro files of two models (model_electron_A_12_0.onnx, "
                                          "model_electron_A_16_1.onnx); expected one tag and one A per directory.");
}

TEST(NuwroDirectory, MembersInIndexOrderWithMassNumberFromTheName) {
    TempDir tmp;
    xsdnn_test::write_bytes(tmp.path() / "model_electron_B_40_10.onnx", linear_sigmoid_onnx(kW5b, "Identity:0"));
    xsdnn_test::write_bytes(tmp.path() / "model_electron_B_40_2.onnx", linear_sigmoid_onnx(kW5, "Identity:0"));
    xsdnn_test::write_bytes(tmp.path() / "README", "not a member");
    xsdnn::Model model(tmp.path().string());
    EXPECT_EQ(model.mass_number(), 40);
    ASSERT_EQ(model.members(), 2u);
    EXPECT_EQ(fs::path(model.member_files()[0]).filename(), "model_electron_B_40_2.onnx");
    auto x = xsdnn::features(0.68, 36, 0.1);
    double s0 = xsdnn::sigma_nb_per_sr_gev(xsdnn_test::linear_sigmoid(x, kW5), 0.68, 36, 40);
    EXPECT_TRUE(xsdnn_test::rel_close(model.predict({0.68}, {36}, {0.1}).members[0][0], s0, 1e-6));
}
}  // namespace

namespace {
// A NuWro set with SHA256SUMS (xsdnn writes one beside its NuWro files): every member is checked against it.
fs::path nuwro_with_sums(const fs::path& dir) {
    fs::create_directories(dir);
    xsdnn_test::write_bytes(dir / "model_electron_A_12_0.onnx", linear_sigmoid_onnx(kW5, "Identity:0"));
    xsdnn_test::write_bytes(dir / "model_electron_A_12_1.onnx", linear_sigmoid_onnx(kW5b, "Identity:0"));
    std::string sums;
    for (const char* name : {"model_electron_A_12_0.onnx", "model_electron_A_12_1.onnx"}) {
        sums += xsdnn::sha256_file_hex((dir / name).string()) + "  " + name + "\n";
    }
    xsdnn_test::write_bytes(dir / "SHA256SUMS", sums);
    return dir;
}
}  // namespace

TEST(NuwroDirectory, ChecksumsAreVerifiedWhenPresent) {
    TempDir tmp;
    auto dir = nuwro_with_sums(tmp.path() / "n");
    EXPECT_EQ(xsdnn::Model(dir.string()).members(), 2u);
    xsdnn_test::flip_byte(dir / "model_electron_A_12_1.onnx", -3);
    std::string e = open_error(dir);
    EXPECT_EQ(e.rfind("model_electron_A_12_1.onnx: SHA-256 is ", 0), 0u) << e;
}

TEST(NuwroDirectory, AMemberMissingFromTheChecksumsIsRefused) {
    TempDir tmp;
    auto dir = nuwro_with_sums(tmp.path() / "n");
    xsdnn_test::write_bytes(dir / "model_electron_A_12_2.onnx", linear_sigmoid_onnx(kW5, "Identity:0"));
    EXPECT_EQ(open_error(dir),
              "model_electron_A_12_2.onnx: not listed in SHA256SUMS. Restore the file set or write it "
              "again with xsdnn.");
}
