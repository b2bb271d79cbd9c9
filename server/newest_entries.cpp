#include "newest_entries.h"

namespace academy::http {

void NewestEntries::append(const RequestLogEntry &entry)
{
    if (m_entries.size() < m_capacity) {
        m_entries.append(entry);
        return;
    }
    m_entries[m_oldest] = entry;
    m_oldest = (m_oldest + 1) % m_capacity;
}

QList<RequestLogEntry> NewestEntries::newest(qsizetype max) const
{
    const qsizetype count = qBound<qsizetype>(0, max, m_entries.size());
    QList<RequestLogEntry> entries;
    entries.reserve(count);
    for (qsizetype i = m_entries.size() - count; i < m_entries.size(); ++i)
        entries.append(at(i));
    return entries;
}

std::optional<qsizetype> NewestEntries::countAfter(const QByteArray &requestId) const
{
    for (qsizetype i = m_entries.size() - 1; i >= 0; --i) {
        if (at(i).requestId == requestId)
            return m_entries.size() - 1 - i;
    }
    return std::nullopt;
}

const RequestLogEntry &NewestEntries::at(qsizetype oldestFirst) const
{
    return m_entries.at((m_oldest + oldestFirst) % m_entries.size());
}

} // namespace academy::http
