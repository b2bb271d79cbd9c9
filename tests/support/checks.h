#pragma once

#include "error.h"
#include "request_log_entry.h"

#include <QTest>

// Checks on the core's Result and Status values that print the error when they fail.

// Verifies that a Result or Status succeeded; otherwise fails with its message. Evaluates
// `outcome` once.
#define QVERIFY_OK(outcome)                                                                        \
    do {                                                                                           \
        const auto &checkedOutcome = (outcome);                                                    \
        QVERIFY2(checkedOutcome.ok(),                                                              \
                 checkedOutcome.ok() ? "" : qPrintable(checkedOutcome.error().message));           \
    } while (false)

// Verifies that a Result or Status failed with `expectedCode`. Evaluates `outcome` once.
#define QVERIFY_ERROR(outcome, expectedCode)                                                       \
    do {                                                                                           \
        const auto &checkedOutcome = (outcome);                                                    \
        QVERIFY2(!checkedOutcome.ok(), "succeeded, but an error was expected");                    \
        QCOMPARE(checkedOutcome.error().code, expectedCode);                                       \
    } while (false)

namespace academy {

// Lets QCOMPARE print an ErrorCode by its contract name (found by argument-dependent lookup).
inline char *toString(ErrorCode code)
{
    return qstrdup(qPrintable(errorCodeName(code)));
}

// Every field of a request log entry but its id, one QCOMPARE each (a null string equals an
// empty one, as a stored empty route does). The caller checks QTest::currentTestFailed().
inline void compareLogEntries(const RequestLogEntry &actual, const RequestLogEntry &expected)
{
    QCOMPARE(actual.time, expected.time);
    QCOMPARE(actual.requestId, expected.requestId);
    QCOMPARE(actual.method, expected.method);
    QCOMPARE(actual.path, expected.path);
    QCOMPARE(actual.route, expected.route);
    QCOMPARE(actual.status, expected.status);
    QCOMPARE(actual.durationMs, expected.durationMs);
    QCOMPARE(actual.bytesIn, expected.bytesIn);
    QCOMPARE(actual.bytesOut, expected.bytesOut);
    QCOMPARE(actual.remoteAddress, expected.remoteAddress);
    QCOMPARE(actual.userId, expected.userId);
}

} // namespace academy
