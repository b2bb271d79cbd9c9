#pragma once

#include "request_log_entry.h"

#include <QByteArray>
#include <QList>

namespace academy::http {

// Finished requests as plain bytes in a buffer that the recording thread owns. A serving
// thread that records this way frees its own strings at once, shares no reference count
// with another thread and allocates nothing another thread has to free: the request log's
// own thread turns the bytes back into entries.
//
// `sequence` orders records from several threads' buffers the way they were recorded.
struct Record
{
    quint64 sequence = 0;
    RequestLogEntry entry;
};

void appendRecord(QByteArray &buffer, quint64 sequence, const RequestLogEntry &entry);

// Appends every record in `buffer` to `records`, in the order they were appended.
void readRecords(const QByteArray &buffer, QList<Record> &records);

} // namespace academy::http
