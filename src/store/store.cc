// Store::Open: picks the backend from the location's form.
#include "sitrep/store.h"

#include <string_view>

#include "store/sqlite_store.h"

namespace sitrep {

Result<std::unique_ptr<Store>> Store::Open(const std::string& location) {
  constexpr std::string_view kPostgresScheme = "postgresql://";
  if (std::string_view(location).substr(0, kPostgresScheme.size()) == kPostgresScheme) {
    return Unsupported("PostgreSQL store not built yet (issue 7)");
  }
  // Everything else is a SQLite file path, including names that look like URIs: SQLite URI
  // parsing is off (see SqliteStore::Open).
  SITREP_ASSIGN_OR_RETURN(std::unique_ptr<store::SqliteStore> sqlite,
                          store::SqliteStore::Open(location));
  return std::unique_ptr<Store>(std::move(sqlite));
}

}  // namespace sitrep
