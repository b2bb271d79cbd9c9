// The Users tab on the real services: listing, creating through the dialog (the password
// hashed off the GUI thread), the last-admin guard, login locks and lifting them.
#include "app_fixture.h"
#include "auth_service.h"
#include "display_text.h"
#include "login_locks_model.h"
#include "user_dialog.h"
#include "user_service.h"
#include "users_model.h"
#include "users_tab.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QtTest>

using namespace academy;
using namespace academy::app;
using namespace academy::test;

namespace {

const QString StaffPassword = QStringLiteral("a long enough staff password");

// Clicks `button` of the next message box that opens (confirmations run their own loop).
void answerNextMessageBox(QMessageBox::StandardButton button)
{
    auto *poll = new QTimer(qApp);
    QObject::connect(poll, &QTimer::timeout, poll, [poll, button] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            poll->deleteLater();
            box->button(button)->click();
        }
    });
    poll->start(20);
}

} // namespace

class TestGuiUsers final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void listsTheAdmin();
    void createsAStaffUserThroughTheDialog();
    void passwordFeedbackCountsUnicodeCharacters();
    void lastAdminIsProtected_data();
    void lastAdminIsProtected();
    void secondAdminAllowsDemotingTheFirst();
    void lockedAccountShowsItsLockEndAndLiftLockClearsIt();
    void usersModelIsAValidModel();
    void locksModelIsAValidModel();

private:
    std::optional<User> createUser(const QString &email, Role role);
    void select(const QString &email);
    QString cell(const QString &email, int column) const;
    QString message() const;

    std::unique_ptr<AppFixture> m_fixture;
    std::unique_ptr<UsersTab> m_tab;
};

void TestGuiUsers::init()
{
    m_fixture = AppFixture::create();
    QVERIFY(m_fixture);
    m_tab = std::make_unique<UsersTab>(m_fixture->context());
}

void TestGuiUsers::cleanup()
{
    m_tab.reset(); // an open dialog waits for its hashing here, before the database goes
    m_fixture.reset();
}

std::optional<User> TestGuiUsers::createUser(const QString &email, Role role)
{
    const QJsonObject body{{QStringLiteral("email"), email}, {QStringLiteral("password"), StaffPassword},
                           {QStringLiteral("role"), roleName(role)}};
    Result<User> user = m_fixture->context().users().create(Actor::system(), body, UserService::Creator::Admin);
    if (!user)
        return std::nullopt;
    m_tab->refresh();
    return user.value();
}

void TestGuiUsers::select(const QString &email)
{
    auto *view = m_tab->findChild<QTableView *>(QStringLiteral("usersView"));
    QVERIFY(view);
    for (int row = 0; row < view->model()->rowCount(); ++row) {
        if (view->model()->index(row, UsersModel::Email).data().toString() == email) {
            view->selectRow(row);
            return;
        }
    }
    QFAIL(qPrintable(QStringLiteral("%1 is not listed").arg(email)));
}

QString TestGuiUsers::cell(const QString &email, int column) const
{
    UsersModel *model = m_tab->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->user(row).email == email)
            return model->index(row, column).data().toString();
    }
    return QStringLiteral("<not listed>");
}

QString TestGuiUsers::message() const
{
    auto *label = m_tab->findChild<QLabel *>(QStringLiteral("usersMessage"));
    return label && !label->isHidden() ? label->text() : QString();
}

void TestGuiUsers::listsTheAdmin()
{
    QCOMPARE(m_tab->model()->rowCount(), 1);
    const QString email = QString::fromLatin1(AppFixture::AdminEmail);
    QCOMPARE(cell(email, UsersModel::Name), QStringLiteral("Test Admin"));
    QCOMPARE(cell(email, UsersModel::Role), QStringLiteral("admin"));
    QCOMPARE(cell(email, UsersModel::Active), QStringLiteral("Active"));
    QCOMPARE(cell(email, UsersModel::Lock), QString());
}

void TestGuiUsers::createsAStaffUserThroughTheDialog()
{
    m_tab->findChild<QPushButton *>(QStringLiteral("createUserButton"))->click();
    auto *dialog = m_tab->findChild<UserDialog *>();
    QVERIFY(dialog);
    dialog->findChild<QLineEdit *>(QStringLiteral("emailEdit"))->setText(QStringLiteral("  Staff@School.test "));
    dialog->findChild<QLineEdit *>(QStringLiteral("nameEdit"))->setText(QStringLiteral("Sam Staff"));
    auto *role = dialog->findChild<QComboBox *>(QStringLiteral("roleCombo"));
    role->setCurrentIndex(role->findData(QStringLiteral("staff")));
    dialog->findChild<QLineEdit *>(QStringLiteral("passwordEdit"))->setText(StaffPassword);
    auto *create = dialog->findChild<QPushButton *>(QStringLiteral("userDialogCreateButton"));
    QVERIFY(create->isEnabled());
    create->click();

    QTRY_COMPARE_WITH_TIMEOUT(cell(QStringLiteral("staff@school.test"), UsersModel::Role), QStringLiteral("staff"), 15000);
    QCOMPARE(cell(QStringLiteral("staff@school.test"), UsersModel::Name), QStringLiteral("Sam Staff"));
    QVERIFY2(message().contains(QStringLiteral("staff@school.test")), qPrintable(message()));
    Result<LoginResult> login =
        m_fixture->context().auth().login(QStringLiteral("staff@school.test"), StaffPassword, QStringLiteral("127.0.0.1"));
    QVERIFY(login);
}

void TestGuiUsers::passwordFeedbackCountsUnicodeCharacters()
{
    m_tab->findChild<QPushButton *>(QStringLiteral("createUserButton"))->click();
    auto *dialog = m_tab->findChild<UserDialog *>();
    QVERIFY(dialog);
    dialog->findChild<QLineEdit *>(QStringLiteral("emailEdit"))->setText(QStringLiteral("new@school.test"));
    auto *password = dialog->findChild<QLineEdit *>(QStringLiteral("passwordEdit"));
    auto *feedback = dialog->findChild<QLabel *>(QStringLiteral("passwordFeedback"));
    auto *create = dialog->findChild<QPushButton *>(QStringLiteral("userDialogCreateButton"));
    const QString face = QString::fromUtf8("\xF0\x9F\x98\x80"); // two UTF-16 units, one character

    password->setText(face.repeated(11)); // 22 units, but only 11 characters
    QVERIFY2(feedback->text().contains(QStringLiteral("at least 12")), qPrintable(feedback->text()));
    QVERIFY2(feedback->text().contains(QStringLiteral("11 characters")), qPrintable(feedback->text()));
    QVERIFY(!create->isEnabled());
    password->setText(face.repeated(12));
    QVERIFY2(feedback->text().contains(QStringLiteral("Meets the policy")), qPrintable(feedback->text()));
    QVERIFY(create->isEnabled());
}

void TestGuiUsers::lastAdminIsProtected_data()
{
    QTest::addColumn<QString>("button");
    QTest::addColumn<QString>("action");
    QTest::newRow("disable") << QStringLiteral("toggleActiveButton") << QString();
    QTest::newRow("demote") << QString() << QStringLiteral("setRoleStaffAction");
    QTest::newRow("delete") << QStringLiteral("deleteUserButton") << QString();
}

void TestGuiUsers::lastAdminIsProtected()
{
    QFETCH(QString, button);
    QFETCH(QString, action);
    const QString email = QString::fromLatin1(AppFixture::AdminEmail);
    select(email);
    if (!action.isEmpty()) {
        m_tab->findChild<QAction *>(action)->trigger();
    } else {
        answerNextMessageBox(QMessageBox::Yes); // the delete confirmation
        m_tab->findChild<QPushButton *>(button)->click();
    }

    QVERIFY2(message().contains(QStringLiteral("last active admin")), qPrintable(message()));
    QCOMPARE(cell(email, UsersModel::Role), QStringLiteral("admin"));
    QCOMPARE(cell(email, UsersModel::Active), QStringLiteral("Active"));
}

void TestGuiUsers::secondAdminAllowsDemotingTheFirst()
{
    QVERIFY(createUser(QStringLiteral("second@school.test"), Role::Admin));
    const QString email = QString::fromLatin1(AppFixture::AdminEmail);
    select(email);
    m_tab->findChild<QAction *>(QStringLiteral("setRoleStaffAction"))->trigger();

    QCOMPARE(cell(email, UsersModel::Role), QStringLiteral("staff"));
    QVERIFY2(message().contains(QStringLiteral("is now staff")), qPrintable(message()));
}

void TestGuiUsers::lockedAccountShowsItsLockEndAndLiftLockClearsIt()
{
    const QString email = QStringLiteral("locked@school.test");
    QVERIFY(createUser(email, Role::Staff));
    AuthService &auth = m_fixture->context().auth();
    for (int attempt = 0; attempt < 5; ++attempt)
        QVERIFY(!auth.login(email, QStringLiteral("not the password at all"), QStringLiteral("127.0.0.7")));
    Result<QList<LoginLock>> locks = auth.lockouts();
    QVERIFY(locks);
    const auto lock = std::find_if(locks->cbegin(), locks->cend(), [&](const LoginLock &l) { return l.subject == email; });
    QVERIFY(lock != locks->cend());

    m_tab->refresh();
    select(email);
    QVERIFY2(cell(email, UsersModel::Lock).contains(displayTime(lock->lockedUntil)), qPrintable(cell(email, UsersModel::Lock)));
    auto *lift = m_tab->findChild<QPushButton *>(QStringLiteral("liftLockButton"));
    QVERIFY(lift->isEnabled());
    lift->click();

    QCOMPARE(cell(email, UsersModel::Lock), QString());
    QVERIFY(!lift->isEnabled());
    QVERIFY(auth.login(email, StaffPassword, QStringLiteral("127.0.0.8")));
}

void TestGuiUsers::usersModelIsAValidModel()
{
    UsersModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    User a;
    a.id = 1;
    a.email = QStringLiteral("a@school.test");
    User b = a;
    b.id = 2;
    b.email = QStringLiteral("b@school.test");
    b.active = false;
    model.setUsers({a, b});
    model.setLocks({{b.email, QDateTime::currentDateTimeUtc().addSecs(600)}});
    QCOMPARE(model.rowCount(), 2);
    QVERIFY(model.index(1, UsersModel::Lock).data().toString().startsWith(QStringLiteral("Locked until")));
    model.setUsers({});
    QCOMPARE(model.rowCount(), 0);
}

void TestGuiUsers::locksModelIsAValidModel()
{
    LoginLocksModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QDateTime until = QDateTime::currentDateTimeUtc().addSecs(900);
    model.setLocks({{LoginScope::Email, QStringLiteral("a@school.test"), 5, until},
                    {LoginScope::Address, QStringLiteral("10.0.0.9"), 20, until}});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(1, LoginLocksModel::Subject).data().toString(), QStringLiteral("10.0.0.9"));
    model.setLocks({});
    QCOMPARE(model.rowCount(), 0);
}

QTEST_MAIN(TestGuiUsers)
#include "tst_gui_users.moc"
