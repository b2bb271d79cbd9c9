#include "pager.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>

namespace academy::app {

Pager::Pager(const QString &name, int pageSize, QWidget *parent)
    : QWidget(parent), m_pageSize(pageSize), m_previous(new QPushButton(tr("‹ Newer"), this)),
      m_next(new QPushButton(tr("Older ›"), this)), m_label(new QLabel(this))
{
    m_previous->setObjectName(name + QStringLiteral("PreviousButton"));
    m_previous->setAccessibleName(tr("Newer page"));
    m_next->setObjectName(name + QStringLiteral("NextButton"));
    m_next->setAccessibleName(tr("Older page"));
    m_label->setObjectName(name + QStringLiteral("PageLabel"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_previous);
    layout->addWidget(m_label);
    layout->addWidget(m_next);
    layout->addStretch(1);
    connect(m_previous, &QPushButton::clicked, this, [this] { Q_EMIT pageRequested(qMax<qint64>(0, m_offset - m_pageSize)); });
    connect(m_next, &QPushButton::clicked, this, [this] { Q_EMIT pageRequested(m_offset + m_pageSize); });
    setPage(0, 0, 0);
}

void Pager::setPage(qint64 offset, qint64 shown, qint64 total, const QString &note)
{
    m_offset = offset;
    m_total = total;
    const QLocale locale;
    QString text = shown == 0 ? tr("Nothing matches")
                              : tr("%1–%2 of %3").arg(locale.toString(offset + 1), locale.toString(offset + shown),
                                                      locale.toString(total));
    if (!note.isEmpty())
        text += QStringLiteral("  ·  ") + note;
    m_label->setText(text);
    m_previous->setEnabled(offset > 0);
    m_next->setEnabled(offset + m_pageSize < total);
}

} // namespace academy::app
