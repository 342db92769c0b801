// Store::Open: picks the backend from the location's form.
#include "sitrep/store.h"

#include <string_view>

#include "store/pg_store.h"
#include "store/sqlite_store.h"

namespace sitrep {

Result<std::unique_ptr<Store>> Store::Open(const std::string& location) {
  // A libpq connection URI selects the PostgreSQL store (docs/store.md, "PostgreSQL").
  for (std::string_view scheme : {"postgresql://", "postgres://"}) {
    if (std::string_view(location).substr(0, scheme.size()) == scheme) {
      SITREP_ASSIGN_OR_RETURN(std::unique_ptr<store::PgStore> pg, store::PgStore::Open(location));
      return std::unique_ptr<Store>(std::move(pg));
    }
  }
  // Everything else is a SQLite file path, including names that look like URIs: SQLite URI
  // parsing is off (see SqliteStore::Open).
  SITREP_ASSIGN_OR_RETURN(std::unique_ptr<store::SqliteStore> sqlite,
                          store::SqliteStore::Open(location));
  return std::unique_ptr<Store>(std::move(sqlite));
}

std::string Store::DisplayName(const std::string& location) {
  for (std::string_view scheme : {"postgresql://", "postgres://"}) {
    if (location.rfind(scheme, 0) == 0) return store::RedactPostgresUrl(location);
  }
  return location;
}

}  // namespace sitrep
