#include "all_users.h"

#include "user_service.h"

namespace academy::app {

Result<QList<User>> allUsers(UserService &users)
{
    QList<User> all;
    qint64 total = 1;
    while (all.size() < total) {
        Result<UserPage> page = users.list(1000, all.size());
        if (!page)
            return page.error();
        if (page->items.isEmpty())
            break;
        total = page->total;
        all += page->items;
    }
    return all;
}

} // namespace academy::app
