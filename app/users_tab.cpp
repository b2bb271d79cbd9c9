#include "users_tab.h"

#include "all_users.h"
#include "app_context.h"
#include "auth_service.h"
#include "display_text.h"
#include "login_locks_model.h"
#include "reset_password_dialog.h"
#include "table_setup.h"
#include "user_dialog.h"
#include "user_service.h"
#include "users_model.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <type_traits>

namespace academy::app {

namespace {
// Locks end on their own: re-read them now and then while the tab is on screen.
constexpr int LockRefreshMs = 30000;
} // namespace

UsersTab::UsersTab(AppContext &context, QWidget *parent)
    : QWidget(parent), m_context(context), m_model(new UsersModel(this)), m_sorted(new QSortFilterProxyModel(this)),
      m_locks(new LoginLocksModel(this)), m_view(new QTableView(this)), m_locksView(new QTableView(this)),
      m_noLocks(new QLabel(tr("No login is locked right now."), this)), m_message(new QLabel(this))
{
    setObjectName(QStringLiteral("usersTab"));
    m_sorted->setSourceModel(m_model);
    m_sorted->setSortRole(UsersModel::SortRole);
    m_view->setObjectName(QStringLiteral("usersView"));
    m_view->setAccessibleName(tr("User accounts"));
    m_view->setModel(m_sorted);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(UsersModel::Email, Qt::AscendingOrder);
    setUpTable(m_view, context.settings(), QStringLiteral("users"), {240, 180, 70, 80, 150});
    m_message->setObjectName(QStringLiteral("usersMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_view);
    splitter->addWidget(buildLocksPanel());
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(buildToolbar());
    layout->addWidget(m_message);
    layout->addWidget(splitter, 1);

    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &UsersTab::updateActions);
    connect(m_view, &QTableView::doubleClicked, this, &UsersTab::resetPassword);
    connect(&context.database().changes(), &ChangeFeed::changed, this, [this](const QString &topic) {
        if (topic == QLatin1String("user") && isVisible())
            refresh();
    });
    auto *lockTimer = new QTimer(this);
    connect(lockTimer, &QTimer::timeout, this, [this] {
        if (isVisible())
            loadLocks();
    });
    lockTimer->start(LockRefreshMs);
    addShortcuts();
    refresh();
}

QWidget *UsersTab::buildToolbar()
{
    auto *bar = new QWidget(this);
    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    const auto button = [this, row](const QString &text, const char *name, auto slot) {
        auto *b = new QPushButton(text, this);
        b->setObjectName(QString::fromLatin1(name));
        b->setAccessibleName(QString(text).remove(QLatin1Char('&')).remove(QStringLiteral("…")));
        row->addWidget(b);
        if constexpr (!std::is_same_v<decltype(slot), std::nullptr_t>)
            connect(b, &QPushButton::clicked, this, slot);
        return b;
    };
    button(tr("&New user…"), "createUserButton", &UsersTab::createUser)->setToolTip(tr("Create an account (Ctrl+N)"));
    m_changeRole = button(tr("Change &role"), "changeRoleButton", nullptr);
    auto *roles = new QMenu(m_changeRole);
    for (Role role : {Role::Admin, Role::Staff, Role::Viewer}) {
        const QString name = roleName(role);
        QAction *action = roles->addAction(name, this, [this, role] { setRole(role); });
        action->setObjectName(QStringLiteral("setRole%1Action").arg(name.left(1).toUpper() + name.mid(1)));
    }
    m_changeRole->setMenu(roles);
    m_toggleActive = button(tr("&Disable"), "toggleActiveButton", &UsersTab::toggleActive);
    m_resetPassword = button(tr("Reset &password…"), "resetPasswordButton", &UsersTab::resetPassword);
    m_delete = button(tr("De&lete…"), "deleteUserButton", &UsersTab::deleteUser);
    m_delete->setToolTip(tr("Delete the selected account (Del)"));
    m_liftLock = button(tr("Lift &lock"), "liftLockButton", &UsersTab::liftLock);
    m_liftLock->setToolTip(tr("Let the selected account sign in again now"));
    row->addStretch(1);
    button(tr("Refresh"), "refreshUsersButton", &UsersTab::refresh)->setToolTip(tr("Reload (F5)"));
    return bar;
}

QWidget *UsersTab::buildLocksPanel()
{
    auto *box = new QGroupBox(tr("Login locks in force"), this);
    m_locksView->setObjectName(QStringLiteral("locksView"));
    m_locksView->setAccessibleName(tr("Login locks"));
    m_locksView->setModel(m_locks);
    setUpTable(m_locksView, m_context.settings(), QStringLiteral("locks"), {110, 240, 100});
    m_liftSelectedLock = new QPushButton(tr("Lift selected lock"), box);
    m_liftSelectedLock->setObjectName(QStringLiteral("liftSelectedLockButton"));
    m_liftSelectedLock->setEnabled(false);
    m_noLocks->setObjectName(QStringLiteral("noLocksLabel"));
    auto *layout = new QVBoxLayout(box);
    layout->addWidget(m_noLocks);
    layout->addWidget(m_locksView);
    layout->addWidget(m_liftSelectedLock, 0, Qt::AlignLeft);
    connect(m_liftSelectedLock, &QPushButton::clicked, this, &UsersTab::liftSelectedAddressOrEmail);
    connect(m_locksView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this] { m_liftSelectedLock->setEnabled(m_locksView->selectionModel()->hasSelection()); });
    return box;
}

void UsersTab::addShortcuts()
{
    // Scoped to this tab, so Ctrl+N and Del mean "user" here and something else elsewhere.
    auto *create = new QShortcut(QKeySequence::New, this, this, &UsersTab::createUser);
    create->setContext(Qt::WidgetWithChildrenShortcut);
    auto *remove = new QShortcut(QKeySequence::Delete, m_view, this, &UsersTab::deleteUser);
    remove->setContext(Qt::WidgetShortcut);
}

void UsersTab::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh(); // accounts change through the API too; coming back to the tab shows them
}

void UsersTab::refresh()
{
    const int row = selectedRow();
    const qint64 selected = row >= 0 ? m_model->user(row).id : 0;
    loadUsers();
    loadLocks();
    selectUser(selected);
    updateActions();
}

void UsersTab::loadUsers()
{
    Result<QList<User>> users = allUsers(m_context.users());
    if (!users)
        return showError(users.error());
    m_model->setUsers(std::move(users.value()));
}

void UsersTab::loadLocks()
{
    Result<QList<LoginLock>> locks = m_context.auth().lockouts();
    if (!locks)
        return showError(locks.error());
    QHash<QString, QDateTime> byEmail;
    for (const LoginLock &lock : locks.value()) {
        if (lock.scope == LoginScope::Email)
            byEmail.insert(lock.subject, lock.lockedUntil);
    }
    m_model->setLocks(std::move(byEmail));
    m_locks->setLocks(locks.value());
    m_locksView->setVisible(!locks->isEmpty());
    m_liftSelectedLock->setVisible(!locks->isEmpty());
    m_liftSelectedLock->setEnabled(m_locksView->selectionModel()->hasSelection());
    m_noLocks->setVisible(locks->isEmpty());
    updateActions();
}

int UsersTab::selectedRow() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : m_sorted->mapToSource(rows.first()).row();
}

void UsersTab::selectUser(qint64 id)
{
    const int row = m_model->rowOf(id);
    if (row < 0)
        return;
    m_view->selectRow(m_sorted->mapFromSource(m_model->index(row, 0)).row());
}

void UsersTab::updateActions()
{
    const int row = selectedRow();
    const bool any = row >= 0;
    for (QPushButton *button : {m_changeRole, m_toggleActive, m_resetPassword, m_delete})
        button->setEnabled(any);
    m_toggleActive->setText(any && !m_model->user(row).active ? tr("&Enable") : tr("&Disable"));
    m_liftLock->setEnabled(any && m_model->lockedUntil(row).isValid());
}

void UsersTab::createUser()
{
    auto *dialog = new UserDialog(m_context, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &UserDialog::userCreated, this, [this](const User &user) {
        refresh();
        selectUser(user.id);
        showInfo(tr("Created %1 (%2).").arg(user.email, roleName(user.role)));
    });
    dialog->open(); // not exec(): the tab keeps working while the password is hashed
}

void UsersTab::applyUpdate(const User &user, const QJsonObject &body, const QString &done)
{
    // No password in these bodies, so nothing slow: the service answers at once.
    Result<User> updated = m_context.users().update(m_context.actor(), user.id, body);
    if (!updated)
        return showError(updated.error());
    refresh();
    showInfo(done.arg(updated->email));
}

void UsersTab::setRole(Role role)
{
    const int row = selectedRow();
    if (row < 0)
        return;
    applyUpdate(m_model->user(row), {{QStringLiteral("role"), roleName(role)}},
                tr("%1 is now %2.").arg(QStringLiteral("%1"), roleName(role)));
}

void UsersTab::toggleActive()
{
    const int row = selectedRow();
    if (row < 0)
        return;
    const bool enable = !m_model->user(row).active;
    applyUpdate(m_model->user(row), {{QStringLiteral("active"), enable}},
                enable ? tr("%1 can sign in again.") : tr("%1 is disabled: its sessions have ended."));
}

void UsersTab::resetPassword()
{
    const int row = selectedRow();
    if (row < 0)
        return;
    auto *dialog = new ResetPasswordDialog(m_context, m_model->user(row), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ResetPasswordDialog::passwordReset, this,
            [this](const User &user) { showInfo(tr("New password set for %1; its sessions have ended.").arg(user.email)); });
    dialog->open();
}

void UsersTab::deleteUser()
{
    const int row = selectedRow();
    if (row < 0)
        return;
    const User user = m_model->user(row);
    QMessageBox confirm(QMessageBox::Warning, tr("Delete user"),
                        tr("Delete the account %1?\nIts sessions end and it cannot be undone.").arg(user.email),
                        QMessageBox::Yes | QMessageBox::Cancel, this);
    confirm.setObjectName(QStringLiteral("confirmDeleteUserBox"));
    confirm.setDefaultButton(QMessageBox::Cancel);
    confirm.button(QMessageBox::Yes)->setText(tr("Delete"));
    if (confirm.exec() != QMessageBox::Yes)
        return;
    if (Status removed = m_context.users().remove(m_context.actor(), user.id); !removed)
        return showError(removed.error());
    refresh();
    showInfo(tr("Deleted %1.").arg(user.email));
}

void UsersTab::liftLock()
{
    const int row = selectedRow();
    if (row < 0)
        return;
    const QString email = m_model->user(row).email;
    if (Status lifted = m_context.auth().liftLockout(m_context.actor(), LoginScope::Email, email); !lifted)
        return showError(lifted.error());
    loadLocks();
    showInfo(tr("%1 may sign in again.").arg(email));
}

void UsersTab::liftSelectedAddressOrEmail()
{
    const QModelIndexList rows = m_locksView->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return;
    const LoginLock lock = m_locks->lock(rows.first().row());
    if (Status lifted = m_context.auth().liftLockout(m_context.actor(), lock.scope, lock.subject); !lifted)
        return showError(lifted.error());
    loadLocks();
    showInfo(tr("Lock on %1 lifted.").arg(lock.subject));
}

void UsersTab::showError(const Error &error)
{
    m_message->setStyleSheet(QStringLiteral("QLabel { color: #b00020; background: #fdecea; padding: 6px; border-radius: 3px; }"));
    m_message->setText(readableError(error));
    m_message->show();
}

void UsersTab::showInfo(const QString &text)
{
    m_message->setStyleSheet(QStringLiteral("QLabel { color: #1b5e20; background: #e8f5e9; padding: 6px; border-radius: 3px; }"));
    m_message->setText(text);
    m_message->show();
}

} // namespace academy::app
