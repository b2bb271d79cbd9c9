#include "password_hasher.h"

#include <QByteArray>
#include <QLoggingCategory>
#include <crypt.h>
#include <cstring>
#include <memory>
#include <optional>
#include <sodium.h>

namespace academy {

namespace {

Q_LOGGING_CATEGORY(lcPasswords, "academy.passwords")

constexpr size_t MiB = 1024 * 1024;

// A stored hash is data: one with absurd costs (a bad import, a tampered row) must not tie up a
// hashing thread for minutes or blow the server's RSS budget. The bounds sit well above anything
// we or the Node course ever produced: libsodium MODERATE is 256 MiB/t=3, bcryptjs uses cost 10.
constexpr unsigned long long MaxArgon2MemoryKiB = 256 * 1024;
constexpr unsigned long long MaxArgon2Passes = 32;
constexpr int MinBcryptCost = 4;
constexpr int MaxBcryptCost = 16;

bool sodiumReady()
{
    // sodium_init() is itself thread-safe and idempotent; the static just avoids calling it on
    // every hash, and C++ guarantees the initialiser runs once.
    static const bool ready = sodium_init() >= 0;
    return ready;
}

// The UTF-8 bytes of a password, wiped when they go out of scope so the plaintext does not
// linger in freed heap memory. (The caller's QString cannot be wiped from here.)
class SecretBytes
{
public:
    explicit SecretBytes(const QString &text) : m_bytes(text.toUtf8()) {}
    ~SecretBytes()
    {
        if (!m_bytes.isEmpty())
            sodium_memzero(m_bytes.data(), size_t(m_bytes.size()));
    }
    SecretBytes(const SecretBytes &) = delete;
    SecretBytes &operator=(const SecretBytes &) = delete;

    const char *data() const { return m_bytes.constData(); } // NUL-terminated
    size_t size() const { return size_t(m_bytes.size()); }
    bool containsNul() const { return m_bytes.contains('\0'); }

private:
    QByteArray m_bytes;
};

Result<QString> hashBytes(const char *password, size_t length, PasswordHasher::Parameters p)
{
    if (!sodiumReady())
        return Error::internal(QStringLiteral("libsodium could not be initialised"));
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, password, length, p.opsLimit, p.memLimitBytes,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        // The only runtime failure libsodium reports here is that the memory was not available.
        return Error::internal(QStringLiteral("Password hashing ran out of memory"));
    }
    return QString::fromLatin1(out);
}

// Printable ASCII without spaces: every format we accept is; anything else is not ours.
bool isPlausibleHashText(const QString &text)
{
    if (text.isEmpty())
        return false;
    for (const QChar c : text) {
        if (c.unicode() < 0x21 || c.unicode() > 0x7E)
            return false;
    }
    return true;
}

// Memory (KiB) and passes from "$argon2id$v=19$m=...,t=...,p=...$salt$hash".
std::optional<std::pair<unsigned long long, unsigned long long>> argon2Costs(const QByteArray &hash)
{
    const QList<QByteArray> fields = hash.split('$');
    if (fields.size() != 6)
        return std::nullopt;
    const QList<QByteArray> params = fields.at(3).split(',');
    if (params.size() != 3 || !params.at(0).startsWith("m=") || !params.at(1).startsWith("t="))
        return std::nullopt;
    bool memoryOk = false;
    bool passesOk = false;
    const unsigned long long memory = params.at(0).mid(2).toULongLong(&memoryOk);
    const unsigned long long passes = params.at(1).mid(2).toULongLong(&passesOk);
    if (!memoryOk || !passesOk)
        return std::nullopt;
    return std::pair{memory, passes};
}

PasswordHasher::Verdict verifyArgon2id(const SecretBytes &password, const QByteArray &hash,
                                       PasswordHasher::Parameters ours)
{
    using Verdict = PasswordHasher::Verdict;
    if (size_t(hash.size()) >= crypto_pwhash_STRBYTES)
        return Verdict::Mismatch;
    const auto costs = argon2Costs(hash);
    if (!costs || costs->first > MaxArgon2MemoryKiB || costs->second > MaxArgon2Passes)
        return Verdict::Mismatch;
    if (crypto_pwhash_argon2id_str_verify(hash.constData(), password.data(), password.size()) != 0)
        return Verdict::Mismatch;
    const int rehash = crypto_pwhash_argon2id_str_needs_rehash(hash.constData(), ours.opsLimit,
                                                               ours.memLimitBytes);
    return rehash == 0 ? Verdict::Match : Verdict::MatchNeedsRehash;
}

bool isBase64BcryptChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '/';
}

// Exactly "$2a$NN$" / "$2b$NN$" / "$2y$NN$" and 53 characters of salt and digest. The check
// matters: given anything else, crypt(3) happily falls back to other schemes (a "plaintext"
// setting yields a traditional DES hash), and we accept bcrypt only.
bool isBcryptHash(const QByteArray &hash)
{
    if (hash.size() != 60 || !hash.startsWith("$2") || hash.at(3) != '$' || hash.at(6) != '$')
        return false;
    if (hash.at(2) != 'a' && hash.at(2) != 'b' && hash.at(2) != 'y')
        return false;
    const char tens = hash.at(4);
    const char ones = hash.at(5);
    if (tens < '0' || tens > '9' || ones < '0' || ones > '9')
        return false;
    const int cost = (tens - '0') * 10 + (ones - '0');
    if (cost < MinBcryptCost || cost > MaxBcryptCost)
        return false;
    for (qsizetype i = 7; i < hash.size(); ++i) {
        if (!isBase64BcryptChar(hash.at(i)))
            return false;
    }
    return true;
}

PasswordHasher::Verdict verifyBcrypt(const SecretBytes &password, const QByteArray &hash)
{
    using Verdict = PasswordHasher::Verdict;
    // crypt(3) stops at the first NUL: "abc\0xyz" would check as "abc".
    if (!isBcryptHash(hash) || password.containsNul())
        return Verdict::Mismatch;
    // About 32 KiB: on the heap rather than a pool thread's stack; value-initialised (zeroed) as
    // libxcrypt requires before first use.
    auto scratch = std::make_unique<crypt_data>();
    const char *computed =
        crypt_rn(password.data(), hash.constData(), scratch.get(), int(sizeof(crypt_data)));
    const bool same = computed != nullptr && std::strlen(computed) == size_t(hash.size()) &&
                      sodium_memcmp(computed, hash.constData(), size_t(hash.size())) == 0;
    // The scratch area held the password and the key schedule derived from it.
    sodium_memzero(scratch.get(), sizeof(crypt_data));
    return same ? Verdict::MatchNeedsRehash : Verdict::Mismatch;
}

} // namespace

PasswordHasher::Parameters PasswordHasher::defaultParameters()
{
    // Measured 2026-11-25 on the target machine class (2 cores, libsodium 1.0.18), one verify,
    // median of 15: m=19 MiB/t=2 19-31 ms, t=8 49-85 ms, t=9 59-93 ms; m=32 MiB/t=3 46-77 ms;
    // m=64 MiB/t=2 92-119 ms (ranges: an idle machine to one with two compiler jobs running).
    // Chosen: 19 MiB, t=9, about 60 ms on an idle machine. It is the OWASP minimum memory, so
    // a few hashes in parallel stay well inside the server's 150 MiB RSS budget, and the cost
    // lost by not using more memory is bought back with passes: 19 MiB x 9 passes is more
    // attacker work (memory x time) than 32 MiB x 3 or 64 MiB x 2. 32 MiB/t=3 fell below 50 ms
    // when the machine was idle.
    return Parameters{9, 19 * MiB};
}

PasswordHasher::PasswordHasher(Parameters parameters) : m_parameters(parameters)
{
    if (!sodiumReady()) {
        qCCritical(lcPasswords) << "libsodium could not be initialised; every password check fails";
        return;
    }
    unsigned char secret[32];
    randombytes_buf(secret, sizeof secret);
    Result<QString> dummy =
        hashBytes(reinterpret_cast<const char *>(secret), sizeof secret, m_parameters);
    sodium_memzero(secret, sizeof secret);
    if (dummy.ok())
        m_dummyHash = std::move(dummy).value();
    else
        qCCritical(lcPasswords) << "could not compute the dummy hash:" << dummy.error().message;
}

Result<QString> PasswordHasher::hash(const QString &password) const
{
    const SecretBytes bytes(password);
    return hashBytes(bytes.data(), bytes.size(), m_parameters);
}

PasswordHasher::Verdict PasswordHasher::verify(const QString &password,
                                               const QString &storedHash) const
{
    if (!sodiumReady() || !isPlausibleHashText(storedHash))
        return Verdict::Mismatch;
    const QByteArray hash = storedHash.toLatin1();
    const SecretBytes bytes(password);
    if (hash.startsWith("$argon2id$"))
        return verifyArgon2id(bytes, hash, m_parameters);
    if (hash.startsWith("$2"))
        return verifyBcrypt(bytes, hash);
    return Verdict::Mismatch;
}

const QString &PasswordHasher::dummyHash() const
{
    return m_dummyHash;
}

} // namespace academy
