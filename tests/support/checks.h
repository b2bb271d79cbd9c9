#pragma once

#include "error.h"

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

} // namespace academy
