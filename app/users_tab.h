#pragma once

#include "error.h"
#include "user.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace academy::app {

class AppContext;
class LoginLocksModel;
class UsersModel;

// Admins only: the accounts and the login locks in force. Every change goes through
// UserService or AuthService (the rules, the last-admin guard and the audit live there);
// the tab shows their verdicts in `usersMessage`.
class UsersTab final : public QWidget
{
    Q_OBJECT

public:
    explicit UsersTab(AppContext &context, QWidget *parent = nullptr);

    UsersModel *model() const { return m_model; }
    LoginLocksModel *locksModel() const { return m_locks; }

public Q_SLOTS:
    // F5: reload what the tab shows.
    void refresh();

protected:
    void showEvent(QShowEvent *event) override;

private:
    QWidget *buildToolbar();
    QWidget *buildLocksPanel();
    void addShortcuts();
    void loadUsers();
    void loadLocks();
    int selectedRow() const;
    void updateActions();

    void createUser();
    void setRole(Role role);
    void toggleActive();
    void resetPassword();
    void deleteUser();
    void liftLock();
    void liftSelectedAddressOrEmail();
    void applyUpdate(const User &user, const QJsonObject &body, const QString &done);
    void selectUser(qint64 id);

    void showError(const Error &error);
    void showInfo(const QString &text);

    AppContext &m_context;
    UsersModel *m_model;
    QSortFilterProxyModel *m_sorted;
    LoginLocksModel *m_locks;
    QTableView *m_view;
    QTableView *m_locksView;
    QLabel *m_noLocks;
    QLabel *m_message;
    QPushButton *m_changeRole = nullptr;
    QPushButton *m_toggleActive = nullptr;
    QPushButton *m_resetPassword = nullptr;
    QPushButton *m_delete = nullptr;
    QPushButton *m_liftLock = nullptr;
    QPushButton *m_liftSelectedLock = nullptr;
};

} // namespace academy::app
