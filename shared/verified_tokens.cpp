#include "verified_tokens.h"

namespace academy {

std::optional<TokenClaims> VerifiedTokens::find(QByteArrayView token, qint64 nowSeconds) const
{
    QMutexLocker locker(&m_lock);
    const auto found = m_tokens.constFind(QByteArray::fromRawData(token.data(), token.size()));
    if (found == m_tokens.constEnd() || found->expiresAt.toSecsSinceEpoch() <= nowSeconds)
        return std::nullopt; // expired ones go through the codec again, for its error
    return *found;
}

void VerifiedTokens::store(QByteArrayView token, const TokenClaims &claims)
{
    QMutexLocker locker(&m_lock);
    if (m_tokens.size() >= Capacity)
        m_tokens.clear();
    m_tokens.insert(token.toByteArray(), claims);
}

} // namespace academy
