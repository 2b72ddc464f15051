#include "catalog/catalog.h"

namespace sluice::catalog {

Catalog::Catalog(metastore::Metastore& store, CatalogOptions options)
    : store_(store), options_(std::move(options)) {}

}  // namespace sluice::catalog
