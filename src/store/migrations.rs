//! Schema versions, applied in order; `PRAGMA user_version` holds the current one.
