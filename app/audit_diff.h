#pragma once

#include "audit_repository.h"

#include <QHash>
#include <QString>

namespace academy::app {

// One audit entry as HTML for the detail pane: a heading (who, what, when, from where) and
// a field-by-field before/after table with the changed fields marked, so an update reads
// as a diff and a create or delete as the whole record.
QString auditDiffHtml(const AuditEntry &entry, const QHash<qint64, QString> &userNames);

} // namespace academy::app
