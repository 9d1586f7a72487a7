#include "net/tls/scram_exchange.hpp"

#include <charconv>
#include <vector>

#include <openssl/crypto.h>

#include "messages/base64.hpp"
#include "messages/check.hpp"
#include "net/tls/scram.hpp"

namespace strom {

namespace {

// The one answer to a wrong proof, whether the user exists or not.
const char* const failed_text = "authentication failed";
// The GS2 header of a client without channel binding; its base64 is "biws".
const char* const gs2_header_plain = "n,,";
// Keys the made-up credentials of unknown users are derived with.
constexpr size_t unknown_user_key_bytes = 32;

strom::error failed() { return {errc::unauthenticated, failed_text}; }

// A protocol error: what was wrong with the message, never anything about the user.
strom::error refused(const std::string& why) {
  return {errc::unauthenticated, std::string{failed_text} + ": " + why};
}

bool same(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string xor_of(std::string_view a, std::string_view b) {
  std::string out{a};
  for (size_t i = 0; i < out.size(); ++i)
    out[i] = static_cast<char>(a[i] ^ b[i]);
  return out;
}

// A message's attributes, split at ','; no value holds one (RFC 5802 section 5.1).
std::vector<std::string_view> split_fields(std::string_view message) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (auto comma = message.find(','); comma != std::string_view::npos;
       comma = message.find(',', start)) {
    out.push_back(message.substr(start, comma - start));
    start = comma + 1;
  }
  out.push_back(message.substr(start));
  return out;
}

// The value of a "k=value" field; nothing when the field is another one.
std::optional<std::string_view> value_of(std::string_view field, char key) {
  if (field.size() < 2 || field[0] != key || field[1] != '=')
    return std::nullopt;
  return field.substr(2);
}

// RFC 5802's printable: %x21-7E except ','.
bool is_printable(std::string_view text) {
  for (char c : text)
    if (c < 0x21 || c > 0x7e || c == ',')
      return false;
  return !text.empty();
}

bool is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// "name=value" with a name of letters, as RFC 5802's extensions and Kafka's
// ("tokenauth=true"), but none of SCRAM's own one-letter attributes.
std::optional<std::string_view> extension_name(std::string_view field) {
  auto eq = field.find('=');
  if (eq == 0 || eq == std::string_view::npos || eq + 1 == field.size())
    return std::nullopt;
  auto name = field.substr(0, eq);
  for (char c : name)
    if (!is_alpha(c))
      return std::nullopt;
  if (name.size() == 1 && std::string_view{"acemnprsv"}.find(name[0]) != std::string_view::npos)
    return std::nullopt;
  if (field.find('\0') != std::string_view::npos)
    return std::nullopt;
  return name;
}

// Extensions strom does not know are ignored, as RFC 5802 asks; Kafka's
// delegation tokens are refused, since strom has none.
result<void> check_extensions(const std::vector<std::string_view>& fields, size_t first,
                              size_t end, const char* message_name) {
  for (size_t i = first; i < end; ++i) {
    auto name = extension_name(fields[i]);
    if (!name)
      return refused(std::string{"malformed "} + message_name);
    if (*name == "tokenauth")
      return refused("delegation tokens are not supported");
  }
  return {};
}

struct client_first_parts {
  std::string gs2_header; // "n,," or "n,a=name,", as received
  std::string bare;       // client-first-message-bare
  std::string user;       // unescaped
  std::string nonce;
};

// gs2-cbind-flag: "n" or "y" (the client could bind the channel but thinks
// strom cannot), never "p=" (strom cannot).
result<void> check_cbind_flag(std::string_view flag) {
  if (flag == "n" || flag == "y")
    return {};
  if (value_of(flag, 'p'))
    return refused("channel binding is not supported");
  return refused("malformed client-first-message");
}

// The authzid, when there is one, must name the user itself (as Kafka asks):
// strom has no user acting for another.
result<void> check_authzid(std::string_view field, const std::string& user) {
  if (field.empty())
    return {};
  auto value = value_of(field, 'a');
  auto authzid = value ? scram_unescape_name(*value) : std::nullopt;
  if (!authzid)
    return refused("malformed client-first-message");
  if (*authzid != user)
    return refused("the authorization identity is not the user");
  return {};
}

result<client_first_parts> parse_client_first(std::string_view message) {
  auto fields = split_fields(message);
  if (fields.size() < 4)
    return refused("malformed client-first-message");
  if (auto ok = check_cbind_flag(fields[0]); !ok)
    return ok.error();
  if (value_of(fields[2], 'm'))
    return refused("mandatory extensions are not supported");
  auto name = value_of(fields[2], 'n');
  auto user = name ? scram_unescape_name(*name) : std::nullopt;
  auto nonce = value_of(fields[3], 'r');
  if (!user || !nonce || !is_printable(*nonce))
    return refused("malformed client-first-message");
  if (auto ok = check_extensions(fields, 4, fields.size(), "client-first-message"); !ok)
    return ok.error();
  if (auto ok = check_authzid(fields[1], *user); !ok)
    return ok.error();
  auto header_size = fields[0].size() + fields[1].size() + 2;
  return client_first_parts{std::string{message.substr(0, header_size)},
                            std::string{message.substr(header_size)}, std::move(*user),
                            std::string{*nonce}};
}

struct client_final_parts {
  std::string_view without_proof; // client-final-message-without-proof
  std::string_view channel_binding;
  std::string_view nonce;
  std::string proof;
};

result<client_final_parts> parse_client_final(std::string_view message) {
  auto fields = split_fields(message);
  if (fields.size() < 3)
    return refused("malformed client-final-message");
  auto binding = value_of(fields[0], 'c');
  auto nonce = value_of(fields[1], 'r');
  auto proof_text = value_of(fields.back(), 'p');
  auto proof = proof_text ? base64_decode(*proof_text) : std::nullopt;
  if (!binding || !nonce || !proof)
    return refused("malformed client-final-message");
  if (auto ok = check_extensions(fields, 2, fields.size() - 1, "client-final-message"); !ok)
    return ok.error();
  auto without_proof = message.substr(0, message.size() - fields.back().size() - 1);
  return client_final_parts{without_proof, *binding, *nonce, std::move(*proof)};
}

// ClientKey := proof XOR HMAC(StoredKey, AuthMessage); H(ClientKey) must be StoredKey.
bool proof_matches(const scram_credential& c, std::string_view proof,
                   std::string_view auth_message) {
  auto signature = scram_hmac(c.mechanism, c.stored_key, auth_message);
  if (proof.size() != signature.size())
    return false;
  return same(scram_hash(c.mechanism, xor_of(proof, signature)), c.stored_key);
}

// What an unknown user is answered with, so that the server-first does not
// tell it from a known one: the same salt on every try for the name (a new
// one each time would give it away), unpredictable without this process's
// key, and keys no proof can match.
scram_credential made_up_credential(scram_mechanism m, const std::string& user) {
  static const std::string key = random_bytes(unknown_user_key_bytes);
  auto salt = scram_hmac(m, key, "salt:" + user).substr(0, scram_salt_bytes);
  return scram_credential{m, std::move(salt), scram_hmac(m, key, "stored key:" + user),
                          scram_hmac(m, key, "server key:" + user), scram_iterations_min};
}

struct server_first_parts {
  std::string nonce;
  std::string salt;
  int32_t iterations = 0;
};

std::optional<int32_t> parse_iterations(std::string_view text) {
  int32_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || text.empty() || text[0] == '-')
    return std::nullopt;
  return value;
}

result<server_first_parts> parse_server_first(std::string_view message) {
  auto fields = split_fields(message);
  if (fields.size() < 3)
    return refused("malformed server-first-message");
  if (value_of(fields[0], 'm'))
    return refused("mandatory extensions are not supported");
  auto nonce = value_of(fields[0], 'r');
  auto salt_text = value_of(fields[1], 's');
  auto salt = salt_text ? base64_decode(*salt_text) : std::nullopt;
  auto count = value_of(fields[2], 'i');
  auto iterations = count ? parse_iterations(*count) : std::nullopt;
  if (!nonce || !is_printable(*nonce) || !salt || !iterations)
    return refused("malformed server-first-message");
  if (auto ok = check_extensions(fields, 3, fields.size(), "server-first-message"); !ok)
    return ok.error();
  return server_first_parts{std::string{*nonce}, std::move(*salt), *iterations};
}

// The server's nonce must extend the client's (else a replay), and the work
// it asks for must be within Kafka's bounds (else a downgrade, or a client
// kept busy).
result<void> check_server_first(const server_first_parts& parts, std::string_view own_nonce) {
  auto extends = parts.nonce.size() > own_nonce.size() &&
                 std::string_view{parts.nonce}.substr(0, own_nonce.size()) == own_nonce;
  if (!extends)
    return refused("the server's nonce does not extend the client's");
  if (parts.iterations < scram_iterations_min || parts.iterations > scram_iterations_max)
    return refused("the server's iteration count is out of bounds");
  return {};
}

std::string new_nonce() { return base64_encode(random_bytes(scram_nonce_random_bytes)); }

} // namespace

std::string scram_escape_name(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (c == ',')
      out += "=2C";
    else if (c == '=')
      out += "=3D";
    else
      out += c;
  }
  return out;
}

std::optional<std::string> scram_unescape_name(std::string_view saslname) {
  std::string out;
  for (size_t i = 0; i < saslname.size(); ++i) {
    if (saslname[i] == '\0' || saslname[i] == ',')
      return std::nullopt;
    if (saslname[i] != '=') {
      out += saslname[i];
      continue;
    }
    auto code = saslname.substr(i + 1, 2);
    if (code != "2C" && code != "3D")
      return std::nullopt;
    out += code == "2C" ? ',' : '=';
    i += 2;
  }
  if (out.empty())
    return std::nullopt;
  return out;
}

// --- scram_server ---

scram_server::scram_server(scram_mechanism m, credential_lookup lookup,
                           std::string nonce_for_tests)
  : mechanism_(m), lookup_(std::move(lookup)), nonce_for_tests_(std::move(nonce_for_tests)) {
  STROM_CHECK(lookup_);
  STROM_CHECK(nonce_for_tests_.empty() || is_printable(nonce_for_tests_));
}

result<std::string> scram_server::step(std::string_view client_message) {
  // A message after the end neither undoes an authentication nor retries a
  // failed one: the state stays as it is.
  if (state_ == state::done || state_ == state::failed)
    return refused("message out of order");
  if (client_message.size() > scram_message_bytes_max)
    return fail(refused("message too long"));
  if (state_ == state::want_client_first)
    return client_first(client_message);
  return client_final(client_message);
}

bool scram_server::done() const { return state_ == state::done; }

const std::string& scram_server::user() const { return user_; }

result<std::string> scram_server::client_first(std::string_view message) {
  auto parts = parse_client_first(message);
  if (!parts)
    return fail(parts.error());
  load_credential(parts->user);
  gs2_header_ = std::move(parts->gs2_header);
  pending_user_ = std::move(parts->user);
  client_nonce_ = parts->nonce;
  nonce_ = parts->nonce + (nonce_for_tests_.empty() ? new_nonce() : nonce_for_tests_);
  auto server_first = "r=" + nonce_ + ",s=" + base64_encode(credential_.salt) +
                      ",i=" + std::to_string(credential_.iterations);
  auth_message_head_ = parts->bare + "," + server_first + ",";
  state_ = state::want_client_final;
  return server_first;
}

// A credential of another mechanism, or one that is not whole, is treated as
// no credential: the user cannot authenticate with this mechanism.
void scram_server::load_credential(const std::string& user) {
  auto found = lookup_(user);
  known_user_ = found && found->mechanism == mechanism_ && validate(*found);
  credential_ = known_user_ ? std::move(*found) : made_up_credential(mechanism_, user);
}

// RFC 5802's nonce is the server's whole; librdkafka (to 2.x at least)
// sends its own nonce before that whole again, which Kafka's brokers take
// (they check that the nonce ends with theirs), so strom takes it too.
bool scram_server::nonce_matches(std::string_view nonce) const {
  if (nonce == nonce_)
    return true;
  return nonce.size() == client_nonce_.size() + nonce_.size() &&
         nonce.substr(0, client_nonce_.size()) == client_nonce_ &&
         nonce.substr(client_nonce_.size()) == nonce_;
}

result<std::string> scram_server::client_final(std::string_view message) {
  auto parts = parse_client_final(message);
  if (!parts)
    return fail(parts.error());
  if (parts->channel_binding != base64_encode(gs2_header_))
    return fail(refused("the channel binding is not the GS2 header"));
  if (!nonce_matches(parts->nonce))
    return fail(refused("the nonce is not the server's"));
  auto auth_message = auth_message_head_ + std::string{parts->without_proof};
  // Both checks run for an unknown user too, so that it takes as long.
  auto matches = proof_matches(credential_, parts->proof, auth_message);
  if (!matches || !known_user_)
    return fail(failed());
  user_ = pending_user_;
  state_ = state::done;
  return "v=" + base64_encode(scram_hmac(mechanism_, credential_.server_key, auth_message));
}

strom::error scram_server::fail(strom::error err) {
  state_ = state::failed;
  user_.clear();
  return err;
}

// --- scram_client ---

scram_client::scram_client(scram_mechanism m, std::string user, std::string password,
                           std::string nonce_for_tests)
  : mechanism_(m), user_(std::move(user)), password_(std::move(password)),
    nonce_(nonce_for_tests.empty() ? new_nonce() : std::move(nonce_for_tests)) {
  STROM_CHECK(is_printable(nonce_));
}

std::string scram_client::first_message() {
  client_first_bare_ = "n=" + scram_escape_name(user_) + ",r=" + nonce_;
  state_ = state::want_server_first;
  return gs2_header_plain + client_first_bare_;
}

result<std::string> scram_client::final_message(std::string_view server_first) {
  if (state_ != state::want_server_first)
    return fail(refused("message out of order"));
  if (server_first.size() > scram_message_bytes_max)
    return fail(refused("message too long"));
  auto parts = parse_server_first(server_first);
  if (!parts)
    return fail(parts.error());
  if (auto ok = check_server_first(*parts, nonce_); !ok)
    return fail(ok.error());
  auto salted = scram_salted_password(password_, mechanism_, parts->iterations, parts->salt);
  auto client_key = scram_hmac(mechanism_, salted, "Client Key");
  auto without_proof = "c=" + base64_encode(gs2_header_plain) + ",r=" + parts->nonce;
  auto auth_message =
    client_first_bare_ + "," + std::string{server_first} + "," + without_proof;
  auto signature =
    scram_hmac(mechanism_, scram_hash(mechanism_, client_key), auth_message);
  auto server_key = scram_hmac(mechanism_, salted, "Server Key");
  expected_server_signature_ = scram_hmac(mechanism_, server_key, auth_message);
  state_ = state::want_server_final;
  return without_proof + ",p=" + base64_encode(xor_of(client_key, signature));
}

result<void> scram_client::verify_server(std::string_view server_final) {
  if (state_ != state::want_server_final)
    return fail(refused("message out of order"));
  if (server_final.size() > scram_message_bytes_max)
    return fail(refused("message too long"));
  auto fields = split_fields(server_final);
  if (auto error = value_of(fields[0], 'e'))
    return fail(refused("the server says " + std::string{*error}));
  auto text = value_of(fields[0], 'v');
  auto signature = text ? base64_decode(*text) : std::nullopt;
  if (!signature)
    return fail(refused("malformed server-final-message"));
  if (auto ok = check_extensions(fields, 1, fields.size(), "server-final-message"); !ok)
    return fail(ok.error());
  if (!same(*signature, expected_server_signature_))
    return fail(refused("the server's signature does not match"));
  state_ = state::done;
  return {};
}

strom::error scram_client::fail(strom::error err) {
  state_ = state::failed;
  return err;
}

} // namespace strom
