#pragma once

#include "error.h"

#include <QString>

namespace academy {

// Password hashing: Argon2id through libsodium for every new hash; legacy bcrypt hashes
// ($2a$/$2b$/$2y$, e.g. imported from the Node course's user table) still verify, through
// the system's libxcrypt, and are reported as needing a rehash. Slow on purpose: callers
// run it off serving threads.
class PasswordHasher final
{
public:
    struct Parameters
    {
        unsigned long long opsLimit;
        size_t memLimitBytes;
    };

    // Chosen by measurement on the target machine class so one verify takes 50-150 ms,
    // and at least the OWASP minimum (19 MiB, t=2).
    static Parameters defaultParameters();

    explicit PasswordHasher(Parameters parameters = defaultParameters());

    // "$argon2id$v=19$m=...,t=...,p=1$..." (libsodium's crypto_pwhash_str format).
    Result<QString> hash(const QString &password) const;

    enum class Verdict { Mismatch, Match, MatchNeedsRehash };
    // Constant-time comparison inside libsodium / libxcrypt; an unknown or malformed hash
    // is a Mismatch. MatchNeedsRehash: bcrypt, or Argon2id with other parameters than ours.
    Verdict verify(const QString &password, const QString &storedHash) const;

    // A valid hash of a random password with our parameters: verifying against it costs the
    // same as a real check, so unknown emails take as long as known ones.
    const QString &dummyHash() const;

    Parameters parameters() const { return m_parameters; }

private:
    Parameters m_parameters;
    QString m_dummyHash;
};

} // namespace academy
