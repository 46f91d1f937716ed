//! The page (placeholder until the report lands).
