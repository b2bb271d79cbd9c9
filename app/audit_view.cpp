#include "audit_view.h"

#include "app_context.h"
#include "audit_diff.h"
#include "audit_model.h"
#include "display_text.h"
#include "log_service.h"
#include "pager.h"
#include "table_setup.h"
#include "user_filter_combo.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace academy::app {

namespace {

// The actions and entities the services record; "Any" leaves the filter off.
const char *const Actions[] = {"create", "update", "delete", "import", "register", "role_change",
                               "login", "login_failed", "logout", "lockout", "lockout_lifted"};
const char *const Entities[] = {"student", "user", "session", "lockout"};

template <std::size_t N>
void fill(QComboBox *combo, const QString &any, const char *const (&values)[N])
{
    combo->addItem(any);
    for (const char *value : values)
        combo->addItem(QString::fromLatin1(value), QString::fromLatin1(value));
}

} // namespace

AuditView::AuditView(AppContext &context, QWidget *parent)
    : QWidget(parent), m_context(context), m_model(new AuditModel(this)), m_action(new QComboBox(this)),
      m_entity(new QComboBox(this)), m_user(new UserFilterCombo(this)), m_view(new QTableView(this)),
      m_detail(new QTextBrowser(this)), m_pager(new Pager(QStringLiteral("audit"), PageSize, this)), m_error(new QLabel(this))
{
    setObjectName(QStringLiteral("auditPanel"));
    m_view->setObjectName(QStringLiteral("auditView"));
    m_view->setAccessibleName(tr("Audit trail"));
    m_view->setModel(m_model);
    setUpTable(m_view, context.settings(), QStringLiteral("audit"), {150, 170, 100, 70, 60});
    m_detail->setObjectName(QStringLiteral("auditDetail"));
    m_detail->setAccessibleName(tr("Before and after"));
    m_detail->setPlaceholderText(tr("Select a change to see the record before and after it."));
    m_error->setObjectName(QStringLiteral("auditError"));
    m_error->setStyleSheet(QStringLiteral("color: #b00020"));
    m_error->setWordWrap(true);
    m_error->hide();

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_view);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(buildFilters());
    layout->addWidget(m_error);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_pager);

    connect(m_pager, &Pager::pageRequested, this, &AuditView::loadPage);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &AuditView::showSelected);
}

QWidget *AuditView::buildFilters()
{
    auto *bar = new QWidget(this);
    m_action->setObjectName(QStringLiteral("auditActionFilter"));
    m_action->setAccessibleName(tr("Action"));
    fill(m_action, tr("Any action"), Actions);
    m_entity->setObjectName(QStringLiteral("auditEntityFilter"));
    m_entity->setAccessibleName(tr("Entity"));
    fill(m_entity, tr("Any entity"), Entities);
    m_user->setObjectName(QStringLiteral("auditUserFilter"));
    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_action);
    row->addWidget(m_entity);
    row->addWidget(m_user);
    row->addStretch(1);
    for (QComboBox *combo : {m_action, m_entity, static_cast<QComboBox *>(m_user)})
        connect(combo, &QComboBox::currentIndexChanged, this, &AuditView::reload);
    return bar;
}

void AuditView::setUsers(const QList<User> &users)
{
    m_model->setUserNames(emailsById(users));
    m_user->setUsers(users);
}

void AuditView::reload()
{
    loadPage(0);
}

void AuditView::loadPage(qint64 offset)
{
    AuditQuery query;
    query.action = m_action->currentData().toString();
    query.entity = m_entity->currentData().toString();
    query.userId = m_user->userId();
    query.limit = PageSize;
    query.offset = offset;
    Result<AuditPage> page = m_context.logs().audit(query);
    if (!page) {
        m_error->setText(readableError(page.error()));
        m_error->show();
        return;
    }
    m_error->hide();
    m_model->setEntries(std::move(page->items));
    m_pager->setPage(offset, m_model->rowCount(), page->total);
    m_detail->clear();
}

void AuditView::showSelected()
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty()) {
        m_detail->clear();
        return;
    }
    m_detail->setHtml(auditDiffHtml(m_model->entry(rows.first().row()), m_model->userNames()));
}

} // namespace academy::app
