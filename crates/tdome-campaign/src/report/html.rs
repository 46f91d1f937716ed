//! The page (placeholder until the report lands).

/// The page: for now the data as text.
pub fn render(data: &serde_json::Value) -> String {
    format!(
        "<!doctype html><meta charset=utf-8><pre>{}</pre>",
        serde_json::to_string_pretty(data)
            .unwrap_or_default()
            .replace('&', "&amp;")
            .replace('<', "&lt;")
    )
}
