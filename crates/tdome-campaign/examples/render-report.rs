//! Writes the HTML page of a report data file, for a look in a browser and for the
//! headless check (`scripts/check-report.mjs`):
//!
//! ```text
//! cargo run -p tdome-campaign --example render-report -- DATA.json OUT.html
//! ```

use std::error::Error;
use std::fs;

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [data_path, out_path] = args.as_slice() else {
        return Err("usage: render-report DATA.json OUT.html".into());
    };
    let text = fs::read_to_string(data_path).map_err(|e| format!("{data_path}: {e}"))?;
    let data: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{data_path}: {e}"))?;
    let page = tdome_campaign::report::html::render(&data);
    fs::write(out_path, &page).map_err(|e| format!("{out_path}: {e}"))?;
    println!("{out_path}: {} bytes", page.len());
    Ok(())
}
