#include "validation.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>
#include <cmath>
#include <limits>

using namespace academy;

Q_DECLARE_METATYPE(academy::StudentWriteMode)

namespace {

// U+1F600, one character to a user, a surrogate pair to QString.
const QString kEmoji = QString::fromUtf8("\xF0\x9F\x98\x80");

QString loneHigh()
{
    return QString(QChar(0xD800));
}
QString loneLow()
{
    return QString(QChar(0xDC00));
}

QJsonObject student(const QString &name, const QString &course)
{
    return QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("course"), course}};
}

QJsonObject with(QJsonObject body, const QString &key, const QJsonValue &value)
{
    body.insert(key, value);
    return body;
}

// Field errors as "field: message" lines, so a failing comparison prints what differs.
QStringList describe(const QList<FieldError> &errors)
{
    QStringList lines;
    for (const FieldError &error : errors)
        lines.append(error.field + QStringLiteral(": ") + error.message);
    return lines;
}

template <typename T> QVariant toVariant(const std::optional<T> &value)
{
    return value ? QVariant::fromValue(*value) : QVariant();
}

} // namespace

class TestValidation : public QObject
{
    Q_OBJECT

private slots:
    void validateTextAcceptsAndTrims_data();
    void validateTextAcceptsAndTrims();
    void validateTextRejects_data();
    void validateTextRejects();

    void validateStudentAccepts_data();
    void validateStudentAccepts();
    void validateStudentReportsEveryFailingField_data();
    void validateStudentReportsEveryFailingField();

    void validateStudentStoresNegativeZeroGradeAsZero();

    void isValidGradeAcceptsFiniteZeroToHundred_data();
    void isValidGradeAcceptsFiniteZeroToHundred();
    void gradeMessageIsTheContractText();
};

void TestValidation::validateTextAcceptsAndTrims_data()
{
    QTest::addColumn<QString>("raw");
    QTest::addColumn<QString>("expected");

    QTest::newRow("plain") << "John"
                           << "John";
    QTest::newRow("surrounding spaces trimmed") << "  John Smith  "
                                                << "John Smith";
    QTest::newRow("surrounding tab and newline trimmed") << "\t\nMath\r\n"
                                                         << "Math";
    QTest::newRow("inner spaces kept") << "Software  Engineering"
                                       << "Software  Engineering";
    QTest::newRow("200 ASCII characters") << QString(200, u'a') << QString(200, u'a');
    QTest::newRow("200 characters after trimming")
        << "   " + QString(200, u'a') + "   " << QString(200, u'a');
    QTest::newRow("200 emoji count as 200 characters")
        << kEmoji.repeated(200) << kEmoji.repeated(200);
    QTest::newRow("non-Latin text")
        << QString::fromUtf8("Ärzte 日本語") << QString::fromUtf8("Ärzte 日本語");
    QTest::newRow("no-break space inside is not a control character")
        << QString::fromUtf8("a\xC2\xA0z") << QString::fromUtf8("a\xC2\xA0z");
}

void TestValidation::validateTextAcceptsAndTrims()
{
    QFETCH(QString, raw);
    QFETCH(QString, expected);

    const Result<QString> result = validateText(raw);

    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
    QCOMPARE(result.value(), expected);
}

void TestValidation::validateTextRejects_data()
{
    QTest::addColumn<QString>("raw");
    QTest::addColumn<QString>("message");

    const QString empty = QStringLiteral("must not be empty");
    const QString tooLong = QStringLiteral("must be at most 200 characters");
    const QString control = QStringLiteral("must not contain control characters");
    const QString unicode = QStringLiteral("must be valid Unicode text");

    QTest::newRow("empty") << "" << empty;
    QTest::newRow("only spaces") << "   " << empty;
    QTest::newRow("only whitespace of several kinds") << " \t\r\n " << empty;
    QTest::newRow("201 ASCII characters") << QString(201, u'a') << tooLong;
    QTest::newRow("201 emoji") << kEmoji.repeated(201) << tooLong;
    QTest::newRow("NUL inside") << QString::fromUtf16(u"a\u0000b", 3) << control;
    QTest::newRow("NUL alone") << QString(QChar(0)) << control;
    QTest::newRow("tab inside") << "a\tb" << control;
    QTest::newRow("line feed inside") << "a\nb" << control;
    QTest::newRow("carriage return inside") << "a\rb" << control;
    QTest::newRow("DEL U+007F") << QString::fromUtf16(u"a\u007Fb") << control;
    QTest::newRow("NEL U+0085 inside") << QString::fromUtf16(u"a\u0085b") << control;
    QTest::newRow("U+009F") << QString::fromUtf16(u"a\u009Fb") << control;
    QTest::newRow("lone high surrogate at end") << "abc" + loneHigh() << unicode;
    QTest::newRow("lone high surrogate inside") << "a" + loneHigh() + "b" << unicode;
    QTest::newRow("lone low surrogate") << "a" + loneLow() << unicode;
    QTest::newRow("low before high") << "a" + loneLow() + loneHigh() + "b" << unicode;
}

void TestValidation::validateTextRejects()
{
    QFETCH(QString, raw);
    QFETCH(QString, message);

    const Result<QString> result = validateText(raw);

    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, ErrorCode::ValidationFailed);
    QCOMPARE(result.error().message, message);
}

void TestValidation::validateStudentAccepts_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<StudentWriteMode>("mode");
    QTest::addColumn<QVariant>("name");
    QTest::addColumn<QVariant>("course");
    QTest::addColumn<QVariant>("grade");

    const auto create = StudentWriteMode::Create;
    const auto replace = StudentWriteMode::Replace;
    const auto patch = StudentWriteMode::Patch;
    const QJsonObject john = student("John", "Math");
    const QVariant none;

    QTest::newRow("create with every field")
        << with(john, "grade", 85) << create << QVariant("John") << QVariant("Math")
        << QVariant(85.0);
    QTest::newRow("create without grade defaults to 0")
        << john << create << QVariant("John") << QVariant("Math") << QVariant(0.0);
    QTest::newRow("create trims name and course")
        << student("  John ", "\tMath\n") << create << QVariant("John") << QVariant("Math")
        << QVariant(0.0);
    QTest::newRow("fractional grade") << with(john, "grade", 50.5) << create << QVariant("John")
                                      << QVariant("Math") << QVariant(50.5);
    QTest::newRow("grade 0") << with(john, "grade", 0) << create << QVariant("John")
                             << QVariant("Math") << QVariant(0.0);
    QTest::newRow("grade 100") << with(john, "grade", 100) << create << QVariant("John")
                               << QVariant("Math") << QVariant(100.0);
    QTest::newRow("200 emoji name")
        << student(kEmoji.repeated(200), "Math") << create << QVariant(kEmoji.repeated(200))
        << QVariant("Math") << QVariant(0.0);
    QTest::newRow("server-owned fields ignored whatever their type")
        << with(with(with(with(john, "id", "seven"), "createdAt", QJsonArray{1}), "updatedAt",
                     QJsonValue::Null),
                "version", QJsonObject{{"a", 1}})
        << create << QVariant("John") << QVariant("Math") << QVariant(0.0);
    QTest::newRow("replace without grade keeps it absent")
        << john << replace << QVariant("John") << QVariant("Math") << none;
    QTest::newRow("replace with grade") << with(john, "grade", 70) << replace << QVariant("John")
                                        << QVariant("Math") << QVariant(70.0);
    QTest::newRow("replace ignores the id a course client sends")
        << with(john, "id", 3) << replace << QVariant("John") << QVariant("Math") << none;
    QTest::newRow("patch with an empty object changes nothing")
        << QJsonObject() << patch << none << none << none;
    QTest::newRow("patch grade only")
        << QJsonObject{{"grade", 42.25}} << patch << none << none << QVariant(42.25);
    QTest::newRow("patch name only, trimmed")
        << QJsonObject{{"name", " Ann "}} << patch << QVariant("Ann") << none << none;
    QTest::newRow("patch course only")
        << QJsonObject{{"course", "Art"}} << patch << none << QVariant("Art") << none;
    QTest::newRow("patch server-owned fields only")
        << QJsonObject{{"id", 1}, {"version", 2}} << patch << none << none << none;
}

void TestValidation::validateStudentAccepts()
{
    QFETCH(QJsonObject, body);
    QFETCH(StudentWriteMode, mode);
    QFETCH(QVariant, name);
    QFETCH(QVariant, course);
    QFETCH(QVariant, grade);

    const Result<StudentChanges> result = validateStudent(body, mode);

    QVERIFY2(result.ok(),
             qPrintable(result.ok() ? QString() : describe(result.error().details).join("; ")));
    QCOMPARE(toVariant(result->name), name);
    QCOMPARE(toVariant(result->course), course);
    QCOMPARE(toVariant(result->grade), grade);
}

void TestValidation::validateStudentReportsEveryFailingField_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<StudentWriteMode>("mode");
    QTest::addColumn<QStringList>("details");

    const auto create = StudentWriteMode::Create;
    const auto replace = StudentWriteMode::Replace;
    const auto patch = StudentWriteMode::Patch;
    const QJsonObject john = student("John", "Math");
    const QString grade = QStringLiteral("grade: must be a number from 0 to 100");

    QTest::newRow("create without name")
        << QJsonObject{{"course", "Math"}} << create << QStringList{"name: is required"};
    QTest::newRow("create without course")
        << QJsonObject{{"name", "John"}} << create << QStringList{"course: is required"};
    QTest::newRow("create with an empty object")
        << QJsonObject() << create << QStringList{"name: is required", "course: is required"};
    QTest::newRow("replace without name")
        << QJsonObject{{"course", "Math"}} << replace << QStringList{"name: is required"};
    QTest::newRow("replace with an empty object")
        << QJsonObject() << replace << QStringList{"name: is required", "course: is required"};
    QTest::newRow("name null") << with(john, "name", QJsonValue::Null) << create
                               << QStringList{"name: must be a string"};
    QTest::newRow("name number") << with(john, "name", 5) << create
                                 << QStringList{"name: must be a string"};
    QTest::newRow("name bool") << with(john, "name", true) << create
                               << QStringList{"name: must be a string"};
    QTest::newRow("name array") << with(john, "name", QJsonArray{"John"}) << create
                                << QStringList{"name: must be a string"};
    QTest::newRow("course object") << with(john, "course", QJsonObject{{"a", "b"}}) << create
                                   << QStringList{"course: must be a string"};
    QTest::newRow("patch name null") << QJsonObject{{"name", QJsonValue::Null}} << patch
                                     << QStringList{"name: must be a string"};
    QTest::newRow("patch course empty after trimming")
        << QJsonObject{{"course", "  "}} << patch << QStringList{"course: must not be empty"};
    QTest::newRow("name 201 characters") << student(QString(201, u'x'), "Math") << create
                                         << QStringList{"name: must be at most 200 characters"};
    QTest::newRow("course with a tab inside")
        << student("John", "Ma\tth") << create
        << QStringList{"course: must not contain control characters"};
    QTest::newRow("name with a lone surrogate") << student("Jo" + loneHigh(), "Math") << create
                                                << QStringList{"name: must be valid Unicode text"};
    QTest::newRow("grade -0.1") << with(john, "grade", -0.1) << create << QStringList{grade};
    QTest::newRow("grade 100.1") << with(john, "grade", 100.1) << create << QStringList{grade};
    QTest::newRow("grade as string \"85\"")
        << with(john, "grade", "85") << create << QStringList{grade};
    QTest::newRow("grade null on create")
        << with(john, "grade", QJsonValue::Null) << create << QStringList{grade};
    QTest::newRow("grade null on replace is not absence")
        << with(john, "grade", QJsonValue::Null) << replace << QStringList{grade};
    QTest::newRow("grade true") << with(john, "grade", true) << create << QStringList{grade};
    QTest::newRow("grade infinite") << with(john, "grade", std::numeric_limits<double>::infinity())
                                    << create << QStringList{grade};
    QTest::newRow("patch grade 1000")
        << QJsonObject{{"grade", 1000}} << patch << QStringList{grade};
    QTest::newRow("unknown field")
        << with(john, "email", "a@b.c") << create << QStringList{"email: is not a known field"};
    QTest::newRow("patch unknown field only")
        << QJsonObject{{"Name", "John"}} << patch << QStringList{"Name: is not a known field"};
    QTest::newRow("unknown fields in key order")
        << with(with(john, "zeta", 1), "alpha", 2) << create
        << QStringList{"alpha: is not a known field", "zeta: is not a known field"};
    QTest::newRow("several failures together in a stable order")
        << QJsonObject{{"zzz", 1},    {"name", ""},    {"aaa", true},
                       {"course", 5}, {"grade", "85"}, {"id", "x"}}
        << create
        << QStringList{"name: must not be empty", "course: must be a string", grade,
                       "aaa: is not a known field", "zzz: is not a known field"};
    QTest::newRow("missing and invalid together on replace")
        << QJsonObject{{"grade", -1}, {"extra", 0}} << replace
        << QStringList{"name: is required", "course: is required", grade,
                       "extra: is not a known field"};
}

void TestValidation::validateStudentReportsEveryFailingField()
{
    QFETCH(QJsonObject, body);
    QFETCH(StudentWriteMode, mode);
    QFETCH(QStringList, details);

    const Result<StudentChanges> result = validateStudent(body, mode);

    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, ErrorCode::ValidationFailed);
    QCOMPARE(result.error().message, QStringLiteral("Validation failed"));
    QCOMPARE(describe(result.error().details), details);
}

void TestValidation::validateStudentStoresNegativeZeroGradeAsZero()
{
    const QJsonObject body{{"grade", -0.0}};

    const Result<StudentChanges> result = validateStudent(body, StudentWriteMode::Patch);

    QVERIFY(result.ok());
    QVERIFY(result->grade.has_value());
    QCOMPARE(*result->grade, 0.0);
    QVERIFY(!std::signbit(*result->grade));
}

void TestValidation::isValidGradeAcceptsFiniteZeroToHundred_data()
{
    QTest::addColumn<double>("grade");
    QTest::addColumn<bool>("valid");

    QTest::newRow("0") << 0.0 << true;
    QTest::newRow("100") << 100.0 << true;
    QTest::newRow("50.5") << 50.5 << true;
    QTest::newRow("negative zero") << -0.0 << true;
    QTest::newRow("-0.1") << -0.1 << false;
    QTest::newRow("100.1") << 100.1 << false;
    QTest::newRow("NaN") << std::numeric_limits<double>::quiet_NaN() << false;
    QTest::newRow("infinity") << std::numeric_limits<double>::infinity() << false;
    QTest::newRow("minus infinity") << -std::numeric_limits<double>::infinity() << false;
}

void TestValidation::isValidGradeAcceptsFiniteZeroToHundred()
{
    QFETCH(double, grade);
    QFETCH(bool, valid);

    QCOMPARE(isValidGrade(grade), valid);
}

void TestValidation::gradeMessageIsTheContractText()
{
    QCOMPARE(gradeMessage(), QStringLiteral("must be a number from 0 to 100"));
}

QTEST_APPLESS_MAIN(TestValidation)
#include "tst_validation.moc"
