// The witness's two text formats, parsed strictly: the add-checkpoint request body (the spec's
// example, limits, every grammar rule) and the witness's state file (round trip, each kind of
// damage refused with the line and what is wrong).
#include <gtest/gtest.h>

#include "crypto/sha256.h"
#include "ledger/witness/add_checkpoint_request.h"
#include "ledger/witness/witness_state.h"

namespace crowdledger {
namespace {

// The request body of the spec's example (c2sp.org/tlog-witness), with one signature line.
constexpr std::string_view kSpecExample =
    "old 20852014\n"
    "PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\n"
    "jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=\n"
    "5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=\n"
    "/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=\n"
    "\n"
    "example.com/behind-the-sofa\n"
    "20852163\n"
    "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
    "\n"
    "\xe2\x80\x94 example.com/behind-the-sofa "
    "Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/"
    "Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n";

std::string_view NoteOf(std::string_view body) { return body.substr(body.find("\n\n") + 2); }

TEST(AddCheckpointRequest, ParsesTheSpecsExampleAndFormatsItBack) {
  auto request = ParseAddCheckpointRequest(kSpecExample);
  ASSERT_TRUE(request.ok()) << request.status().ToString();
  EXPECT_EQ(request->old_size, 20852014U);
  ASSERT_EQ(request->proof.size(), 4U);
  EXPECT_EQ(Base64Encode(request->proof[3]), "/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=");
  EXPECT_EQ(request->checkpoint, NoteOf(kSpecExample));
  EXPECT_EQ(FormatAddCheckpointRequest(*request), kSpecExample);
}

TEST(AddCheckpointRequest, OldSizeZeroWithoutProof) {
  std::string body = "old 0\n\n" + std::string(NoteOf(kSpecExample));
  auto request = ParseAddCheckpointRequest(body);
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(request->old_size, 0U);
  EXPECT_TRUE(request->proof.empty());
}

TEST(AddCheckpointRequest, RefusesWhatBreaksTheGrammar) {
  std::string note(NoteOf(kSpecExample));
  std::string hash = "PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\n";
  for (const std::string& body :
       std::vector<std::string>{"", "old 1", "old\n\n" + note, "old 01\n\n" + note,
                                "old -1\n\n" + note, "old +1\n\n" + note, "old 1 \n\n" + note,
                                "Old 1\n\n" + note, "old 18446744073709551616\n\n" + note,
                                "old 1\n" + hash,         // no blank line
                                "old 1\n" + hash + "\n",  // no checkpoint
                                "old 1\nPlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw\n\n" + note,
                                "old 1\nAAAA\n\n" + note,  // 3 bytes
                                "old 1\r\n\n" + note}) {
    EXPECT_EQ(ParseAddCheckpointRequest(body).status().code(), ErrorCode::Malformed)
        << "accepted: " << body.substr(0, 40);
  }
}

TEST(AddCheckpointRequest, AtMost63ProofLines) {
  std::string hash = "PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\n";
  std::string note(NoteOf(kSpecExample));
  std::string proof;
  for (int i = 0; i < 63; ++i) proof += hash;
  EXPECT_TRUE(ParseAddCheckpointRequest("old 5\n" + proof + "\n" + note).ok());
  EXPECT_EQ(ParseAddCheckpointRequest("old 5\n" + proof + hash + "\n" + note).status().code(),
            ErrorCode::Malformed);
  EXPECT_EQ(
      ParseAddCheckpointRequest(std::string(kMaxAddCheckpointBytes + 1, '\n')).status().code(),
      ErrorCode::LimitExceeded);
}

TEST(WitnessState, RoundTrips) {
  WitnessState state;
  state.logs["a.example/log"] = WitnessedTree{20852163, Sha256(AsBytes("a"))};
  state.logs["b.example/log"] = WitnessedTree{0, Sha256(AsBytes(""))};
  std::string text = FormatWitnessState(state);
  EXPECT_EQ(text.substr(0, 41), "crowdledger-witness-state 1\nlog a.example");
  auto parsed = ParseWitnessState(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(*parsed, state);
  EXPECT_TRUE(ParseWitnessState("crowdledger-witness-state 1\n")->logs.empty());
}

TEST(WitnessState, RefusesADamagedFileNamingTheLine) {
  std::string header = "crowdledger-witness-state 1\n";
  std::string root = Base64Encode(Sha256(AsBytes("a")));
  std::string good = "log a.example/log 5 " + root + "\n";
  struct Case {
    std::string text;
    std::string message;
  };
  for (const Case& bad : std::vector<Case>{
           {"", "line 1: the file is empty"},
           {"crowdledger-auditor-state 1\n", "line 1: not a crowdledger witness state"},
           {header + good.substr(0, good.size() - 1), "line 2: the line does not end"},
           {header + "log a.example/log 5\n", "line 2: expected 'log <origin> <size> <root>'"},
           {header + "log a.example/log 05 " + root + "\n", "line 2: the tree size"},
           {header + "log a.example/log 5 " + root.substr(4) + "\n", "line 2: the root of"},
           {header + "log a+b 5 " + root + "\n", "line 2: invalid origin"},
           {header + good + good, "line 3: origin 'a.example/log' is out of order or repeated"},
           {header + good + "\n", "line 3: expected 'log"},
       }) {
    auto parsed = ParseWitnessState(bad.text);
    ASSERT_FALSE(parsed.ok()) << bad.text;
    EXPECT_EQ(parsed.status().code(), ErrorCode::Malformed);
    EXPECT_NE(parsed.status().message().find(bad.message), std::string::npos)
        << parsed.status().message();
  }
}

}  // namespace
}  // namespace crowdledger
