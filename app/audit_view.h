#pragma once

#include "user.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QTableView;
class QTextBrowser;

namespace academy::app {

class AppContext;
class AuditModel;
class Pager;
class UserFilterCombo;

// The audit trail: who changed what, filtered by action, entity and user, a page at a time
// through LogService; the selected change shows its before and after side by side.
class AuditView final : public QWidget
{
    Q_OBJECT

public:
    static constexpr int PageSize = 100;

    explicit AuditView(AppContext &context, QWidget *parent = nullptr);

    AuditModel *model() const { return m_model; }
    void setUsers(const QList<User> &users);

public Q_SLOTS:
    void reload();

private:
    QWidget *buildFilters();
    void loadPage(qint64 offset);
    void showSelected();

    AppContext &m_context;
    AuditModel *m_model;
    QComboBox *m_action;
    QComboBox *m_entity;
    UserFilterCombo *m_user;
    QTableView *m_view;
    QTextBrowser *m_detail;
    Pager *m_pager;
    QLabel *m_error;
};

} // namespace academy::app
