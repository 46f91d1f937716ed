//! `tdome report`: one self-contained, offline HTML page of a campaign's results.

pub mod data;
pub mod html;
