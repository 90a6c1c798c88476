// TLS end to end over loopback: the real server with a certificate issued at test time by a
// throwaway CA (made with the OpenSSL C API; nothing is checked in), and the client library
// verifying it. Plain clients, clients trusting another CA, certificates for another name
// and connections that never handshake fail cleanly, and the server keeps serving.
#include "api/tls.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <filesystem>
#include <set>
#include <thread>

#include "api/client.h"
#include "api/server.h"
#include "crypto/sha256.h"
#include "tests/ledger/ledger_dir.h"
#include "tests/support/transaction_builder.h"

namespace crowdledger {
namespace {

using test::TransactionBuilder;
using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using Certificate = std::unique_ptr<X509, decltype(&X509_free)>;

Ed25519PrivateKey KeyFor(const std::string& party) {
  return *Ed25519PrivateKey::FromSeed(Sha256(AsBytes("seed of " + party)));
}

Key NewKey() { return Key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"), EVP_PKEY_free); }

void AddExtension(X509* certificate, X509* issuer, int nid, const char* value) {
  X509V3_CTX context;
  X509V3_set_ctx(&context, issuer, certificate, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_nconf_nid(nullptr, &context, nid, value);
  ASSERT_NE(extension, nullptr) << value;
  ASSERT_EQ(X509_add_ext(certificate, extension, -1), 1);
  X509_EXTENSION_free(extension);
}

// A certificate for `key` named `common_name`, signed by `issuer` (self-signed if null): a
// CA when `alt_names` is empty, else a server certificate for those subjectAltNames.
Certificate Issue(EVP_PKEY* key, const std::string& common_name, X509* issuer, EVP_PKEY* issuer_key,
                  const char* alt_names) {
  static long serial = 1;
  Certificate certificate(X509_new(), X509_free);
  X509* cert = certificate.get();
  EXPECT_EQ(X509_set_version(cert, X509_VERSION_3), 1);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), serial++);
  X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert), 24 * 3600);
  EXPECT_EQ(X509_set_pubkey(cert, key), 1);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                             0);
  X509_set_issuer_name(cert, issuer ? X509_get_subject_name(issuer) : name);
  X509* signer = issuer ? issuer : cert;
  if (alt_names == nullptr) {
    AddExtension(cert, signer, NID_basic_constraints, "critical,CA:TRUE");
    AddExtension(cert, signer, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    AddExtension(cert, signer, NID_basic_constraints, "critical,CA:FALSE");
    AddExtension(cert, signer, NID_key_usage, "critical,digitalSignature");
    AddExtension(cert, signer, NID_ext_key_usage, "serverAuth");
    AddExtension(cert, signer, NID_subject_alt_name, alt_names);
  }
  AddExtension(cert, signer, NID_subject_key_identifier, "hash");
  EXPECT_GT(X509_sign(cert, issuer_key ? issuer_key : key, EVP_sha256()), 0);
  return certificate;
}

void WriteCertificate(const std::filesystem::path& path, X509* certificate) {
  BIO* file = BIO_new_file(path.c_str(), "w");
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(PEM_write_bio_X509(file, certificate), 1);
  BIO_free(file);
}

void WriteKey(const std::filesystem::path& path, EVP_PKEY* key) {
  BIO* file = BIO_new_file(path.c_str(), "w");
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(PEM_write_bio_PrivateKey(file, key, nullptr, nullptr, 0, nullptr, nullptr), 1);
  BIO_free(file);
}

// A server on its own network threads, shut down gracefully when it goes.
struct RunningServer {
  RunningServer(api::RequestHandler& handler, api::ServerOptions options)
      : server(std::make_unique<api::Server>(handler, std::move(options))) {
    listened = server->Listen();
    if (listened.ok()) thread = std::thread([this] { server->Run(); });
  }
  ~RunningServer() {
    server->BeginShutdown();
    if (thread.joinable()) thread.join();
  }
  std::unique_ptr<api::Server> server;
  Status listened;
  std::thread thread;
};

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(files_.path());
    // The CA, the server's certificate for 127.0.0.1 and localhost, and another CA.
    Key ca_key = NewKey(), server_key = NewKey(), other_ca_key = NewKey();
    ASSERT_TRUE(ca_key && server_key && other_ca_key);
    Certificate ca = Issue(ca_key.get(), "Crowdledger test CA", nullptr, nullptr, nullptr);
    Certificate server =
        Issue(server_key.get(), "localhost", ca.get(), ca_key.get(), "DNS:localhost,IP:127.0.0.1");
    Certificate elsewhere = Issue(server_key.get(), "elsewhere.example", ca.get(), ca_key.get(),
                                  "DNS:elsewhere.example,IP:192.0.2.1");
    Certificate other_ca = Issue(other_ca_key.get(), "Another test CA", nullptr, nullptr, nullptr);
    WriteCertificate(Path("ca.pem"), ca.get());
    WriteCertificate(Path("server.pem"), server.get());
    WriteKey(Path("server-key.pem"), server_key.get());
    WriteCertificate(Path("elsewhere.pem"), elsewhere.get());
    WriteCertificate(Path("other-ca.pem"), other_ca.get());
    WriteKey(Path("other-ca-key.pem"), other_ca_key.get());

    ASSERT_TRUE(Ledger::Create(ledger_.path(), "test.example/tls", KeyFor("authority"),
                               1'700'000'000'000'000)
                    .ok());
    auto ledger = Ledger::Open(ledger_.path());
    ASSERT_TRUE(ledger.ok()) << ledger.status().ToString();
    service_ = std::make_unique<api::LedgerService>(std::move(*ledger));
    handler_ = std::make_unique<api::RequestHandler>(*service_);
    server_ = Serve(TlsOptions("server.pem"));
    ASSERT_TRUE(server_->listened.ok()) << server_->listened.ToString();
    client_ = Connect("127.0.0.1", "ca.pem");
    ASSERT_NE(client_, nullptr);
    auto setup = TransactionBuilder("authority", 1, 1);
    setup.RegisterParty("alice", schema::PartyKind::Investor)
        .RegisterKey("alice", 1, KeyFor("alice").public_key(), schema::Role::Post);
    auto frame = client_->Submit(setup.Sign(KeyFor("authority")));
    ASSERT_TRUE(frame.ok() && frame->status().ok());
  }

  void TearDown() override {
    client_.reset();
    server_.reset();
    if (service_) service_->Stop();
  }

  std::string Path(const std::string& name) const { return (files_.path() / name).string(); }

  api::ServerOptions TlsOptions(const std::string& certificate) const {
    api::ServerOptions options;
    options.max_in_flight_per_connection = 4;  // backpressure comes into play over TLS too
    options.tls.certificate_chain_file = Path(certificate);
    options.tls.private_key_file = Path("server-key.pem");
    options.tls.handshake_timeout = std::chrono::seconds(2);
    return options;
  }

  std::unique_ptr<RunningServer> Serve(api::ServerOptions options) {
    return std::make_unique<RunningServer>(*handler_, std::move(options));
  }

  Result<std::unique_ptr<api::Client>> TryConnect(const std::string& host, const std::string& ca,
                                                  uint16_t port = 0) {
    api::ClientTlsOptions tls;
    if (!ca.empty()) tls.ca_file = Path(ca);
    tls.handshake_timeout = std::chrono::seconds(2);
    return api::Client::Connect(host, port ? port : server_->server->port(), tls);
  }

  std::unique_ptr<api::Client> Connect(const std::string& host, const std::string& ca) {
    auto client = TryConnect(host, ca);
    EXPECT_TRUE(client.ok()) << client.status().ToString();
    return client.ok() ? std::move(*client) : nullptr;
  }

  static Result<api::ResponseFrame> Balance(api::Client& client) {
    return client.Query("alice", 1, KeyFor("alice"), [](flatbuffers::FlatBufferBuilder& b) {
      return std::make_pair(schema::QueryBody::BalanceQuery,
                            schema::CreateBalanceQueryDirect(b, "cash:alice:CNY").Union());
    });
  }

  // The server still answers a TLS client.
  void ExpectServing() {
    auto client = Connect("127.0.0.1", "ca.pem");
    ASSERT_NE(client, nullptr);
    auto frame = Balance(*client);
    ASSERT_TRUE(frame.ok()) << frame.status().ToString();
    EXPECT_TRUE(frame->status().ok() || frame->response->code() == ErrorCode::NotFound)
        << frame->status().ToString();
  }

  test::TemporaryDirectory files_, ledger_;
  std::unique_ptr<api::LedgerService> service_;
  std::unique_ptr<api::RequestHandler> handler_;
  std::unique_ptr<RunningServer> server_;
  std::unique_ptr<api::Client> client_;
};

TEST_F(TlsTest, ATransactionIsSubmittedAndReadBackOverTls) {
  auto deposit = TransactionBuilder("alice", 1, 1);
  deposit.Deposit("alice", "CNY", 4'321);
  SignedTransaction transaction = deposit.Sign(KeyFor("alice"));
  auto submitted = client_->Submit(transaction);
  ASSERT_TRUE(submitted.ok()) << submitted.status().ToString();
  ASSERT_TRUE(submitted->status().ok()) << submitted->status().ToString();
  uint64_t sequence = submitted->response->body_as_SubmitResult()->sequence();
  EXPECT_EQ(sequence, 2u);  // genesis, the registration, this deposit

  // The entry comes back with exactly the signed bytes, over a second TLS connection that
  // names the server by its DNS name.
  auto reader = Connect("localhost", "ca.pem");
  ASSERT_NE(reader, nullptr);
  auto entry = reader->Query("alice", 1, KeyFor("alice"), [&](flatbuffers::FlatBufferBuilder& b) {
    return std::make_pair(schema::QueryBody::EntryQuery,
                          schema::CreateEntryQuery(b, sequence).Union());
  });
  ASSERT_TRUE(entry.ok()) << entry.status().ToString();
  ASSERT_TRUE(entry->status().ok()) << entry->status().ToString();
  const auto* stored = entry->response->body_as_EntryResult()->entry();
  std::vector<uint64_t> storage;
  auto verified = VerifyEntry(AlignedFlatbuffer(
      std::string_view(reinterpret_cast<const char*>(stored->data()), stored->size()), storage));
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  EXPECT_EQ((*verified)->sequence(), sequence);
  EXPECT_EQ(std::string_view(reinterpret_cast<const char*>((*verified)->transaction()->data()),
                             (*verified)->transaction()->size()),
            transaction.bytes);
  auto balance = Balance(*reader);
  ASSERT_TRUE(balance.ok() && balance->status().ok());
  EXPECT_EQ(balance->response->body_as_BalanceResult()->balance(), 4'321);
}

TEST_F(TlsTest, PipelinedRequestsBeyondTheInFlightLimitAreAllAnsweredOverTls) {
  // 64 reads in one write, with at most 4 in flight: reading pauses and resumes over TLS.
  std::string all;
  for (uint64_t id = 1; id <= 64; ++id) {
    auto query = api::BuildSignedQuery("alice", 1, KeyFor("alice"), [](auto& b) {
      return std::make_pair(schema::QueryBody::CheckpointQuery,
                            schema::CreateCheckpointQuery(b, 0).Union());
    });
    ASSERT_TRUE(query.ok());
    all += api::EncodeFrame(
        api::BuildRequest(id, schema::PayloadKind::Query, query->payload, query->signature));
  }
  ASSERT_TRUE(client_->SendRaw(all).ok());
  std::set<uint64_t> answered;
  for (int i = 0; i < 64; ++i) {
    auto response = client_->ReadResponse();
    ASSERT_TRUE(response.ok()) << response.status().ToString();
    EXPECT_TRUE(response->status().ok()) << response->status().ToString();
    answered.insert(response->response->request_id());
  }
  EXPECT_EQ(answered.size(), 64u);
}

TEST_F(TlsTest, APlainClientAgainstTheTlsPortFailsCleanlyAndTheServerKeepsServing) {
  auto plain = TryConnect("127.0.0.1", "");
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();  // TCP connects; TLS is refused
  auto deposit = TransactionBuilder("alice", 1, 2);
  deposit.Deposit("alice", "CNY", 1);
  auto answer = (*plain)->Submit(deposit.Sign(KeyFor("alice")));
  ASSERT_FALSE(answer.ok());
  EXPECT_EQ(answer.status().code(), ErrorCode::IoError);
  ExpectServing();
  // The plain deposit was never applied.
  auto balance = Balance(*client_);
  ASSERT_TRUE(balance.ok());
  EXPECT_EQ(balance->response->code(), ErrorCode::NotFound);
}

TEST_F(TlsTest, AConnectionThatNeverHandshakesIsClosedAfterTheHandshakeTimeout) {
  auto silent = TryConnect("127.0.0.1", "");
  ASSERT_TRUE(silent.ok());
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE((*silent)->ReadResponse().ok());  // the server closes it
  auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_GE(waited, std::chrono::milliseconds(1'500));
  EXPECT_LT(waited, std::chrono::seconds(30));  // the idle timeout is 120 s
  ExpectServing();
}

TEST_F(TlsTest, AClientTrustingAnotherCaRefusesTheServer) {
  auto refused = TryConnect("127.0.0.1", "other-ca.pem");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::IoError);
  EXPECT_NE(refused.status().message().find("certificate verify failed"), std::string::npos)
      << refused.status().ToString();
  ExpectServing();
}

TEST_F(TlsTest, AClientRefusesACertificateForAnotherName) {
  auto elsewhere = Serve(TlsOptions("elsewhere.pem"));
  ASSERT_TRUE(elsewhere->listened.ok()) << elsewhere->listened.ToString();
  for (const char* host : {"127.0.0.1", "localhost"}) {
    auto refused = TryConnect(host, "ca.pem", elsewhere->server->port());
    ASSERT_FALSE(refused.ok()) << host;
    EXPECT_NE(refused.status().message().find("mismatch"), std::string::npos)
        << refused.status().ToString();
  }
  ExpectServing();
}

TEST_F(TlsTest, ATlsClientAgainstAPlainServerFailsWithinItsHandshakeTimeout) {
  // The plain server reads the ClientHello as a frame header announcing some 66 KB and
  // waits for them (up to its idle timeout, 120 s); the client gives up after 2 s.
  auto plain = Serve(api::ServerOptions{});
  ASSERT_TRUE(plain->listened.ok());
  auto start = std::chrono::steady_clock::now();
  auto refused = TryConnect("127.0.0.1", "ca.pem", plain->server->port());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::IoError);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
  auto client = TryConnect("127.0.0.1", "", plain->server->port());
  ASSERT_TRUE(client.ok());
  auto balance = Balance(**client);
  ASSERT_TRUE(balance.ok()) << balance.status().ToString();
}

TEST_F(TlsTest, TheServerNegotiatesTls13AcceptsTls12AndRefusesOlder) {
  // A bare Asio TLS client limited to some protocol versions: the version agreed, or why not.
  auto handshake = [&](int min_version, int max_version) -> std::pair<int, std::string> {
    boost::asio::io_context io;
    boost::asio::ssl::context context(boost::asio::ssl::context::tls_client);
    SSL_CTX* native = context.native_handle();
    SSL_CTX_set_min_proto_version(native, min_version);
    SSL_CTX_set_max_proto_version(native, max_version);  // 0: none
    // Security level 0, so that this client may offer TLS 1.1 at all.
    SSL_CTX_set_cipher_list(native, "DEFAULT:@SECLEVEL=0");
    context.load_verify_file(Path("ca.pem"));
    context.set_verify_mode(boost::asio::ssl::verify_peer);
    boost::asio::ssl::stream<boost::asio::ip::tcp::socket> stream(io, context);
    stream.lowest_layer().connect(boost::asio::ip::tcp::endpoint(
        boost::asio::ip::make_address("127.0.0.1"), server_->server->port()));
    boost::system::error_code error;
    stream.handshake(boost::asio::ssl::stream_base::client, error);
    if (error) return {-1, error.message()};
    return {SSL_version(stream.native_handle()), ""};
  };
  EXPECT_EQ(handshake(TLS1_2_VERSION, 0).first, TLS1_3_VERSION);
  EXPECT_EQ(handshake(TLS1_2_VERSION, TLS1_2_VERSION).first, TLS1_2_VERSION);
  // The refusal is the server's: it answers TLS 1.1 with a protocol_version alert.
  auto old = handshake(TLS1_1_VERSION, TLS1_1_VERSION);
  EXPECT_EQ(old.first, -1);
  EXPECT_NE(old.second.find("alert protocol version"), std::string::npos) << old.second;
  ExpectServing();
}

TEST_F(TlsTest, UnusableCertificateFilesAreRefusedAtListen) {
  auto missing_key = TlsOptions("server.pem");
  missing_key.tls.private_key_file.clear();
  auto refused = Serve(missing_key);
  EXPECT_EQ(refused->listened.code(), ErrorCode::UsageError);

  auto absent = TlsOptions("no-such-file.pem");
  refused = Serve(absent);
  EXPECT_EQ(refused->listened.code(), ErrorCode::UsageError);
  EXPECT_NE(refused->listened.message().find("no-such-file.pem"), std::string::npos)
      << refused->listened.ToString();

  auto mismatched = TlsOptions("server.pem");
  mismatched.tls.private_key_file = Path("other-ca-key.pem");
  refused = Serve(mismatched);
  EXPECT_EQ(refused->listened.code(), ErrorCode::UsageError) << refused->listened.ToString();

  auto not_a_certificate = TlsOptions("server-key.pem");
  refused = Serve(not_a_certificate);
  EXPECT_EQ(refused->listened.code(), ErrorCode::UsageError) << refused->listened.ToString();
}

TEST_F(TlsTest, AGracefulShutdownClosesTlsConnectionsAlsoMidHandshake) {
  auto options = TlsOptions("server.pem");
  options.tls.handshake_timeout = std::chrono::seconds(60);
  auto server = Serve(options);
  ASSERT_TRUE(server->listened.ok());
  auto handshaking = TryConnect("127.0.0.1", "", server->server->port());  // never handshakes
  ASSERT_TRUE(handshaking.ok());
  auto connected = TryConnect("127.0.0.1", "ca.pem", server->server->port());
  ASSERT_TRUE(connected.ok()) << connected.status().ToString();
  ASSERT_TRUE(Balance(**connected).ok());
  auto start = std::chrono::steady_clock::now();
  server.reset();  // BeginShutdown, then Run returns once every connection has closed
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
  EXPECT_FALSE((*handshaking)->ReadResponse().ok());
  EXPECT_FALSE((*connected)->ReadResponse().ok());
}

}  // namespace
}  // namespace crowdledger
