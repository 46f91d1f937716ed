//! Results tables and their files: columns of integers, numbers and text, any value
//! possibly missing, written as Parquet with the campaign's provenance in the file's
//! key–value metadata.
//!
//! Parquet is what analysts' tools read directly (DuckDB, pandas, polars), typed and
//! compressed; CSV would lose the types and the missing values' distinction. The files
//! use only the format's plain physical types (INT64, DOUBLE, UTF-8 BYTE_ARRAY), all
//! OPTIONAL, one row group, Snappy compression.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use parquet::basic::{Compression, ConvertedType, LogicalType, Repetition, Type as Physical};
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::file::writer::SerializedFileWriter;
use parquet::record::Field;
use parquet::schema::types::Type;

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// 64-bit integers.
    Int,
    /// 64-bit floating point.
    Float,
    /// UTF-8 text.
    Text,
}

/// One cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// An integer, or missing.
    Int(Option<i64>),
    /// A number, or missing.
    Float(Option<f64>),
    /// Text, or missing.
    Text(Option<String>),
}

/// A column's values.
#[derive(Clone, Debug, PartialEq)]
pub enum Cells {
    /// Integers.
    Int(Vec<Option<i64>>),
    /// Numbers.
    Float(Vec<Option<f64>>),
    /// Text.
    Text(Vec<Option<String>>),
}

impl Cells {
    fn empty(kind: Kind) -> Self {
        match kind {
            Kind::Int => Cells::Int(Vec::new()),
            Kind::Float => Cells::Float(Vec::new()),
            Kind::Text => Cells::Text(Vec::new()),
        }
    }

    /// Its kind.
    pub fn kind(&self) -> Kind {
        match self {
            Cells::Int(_) => Kind::Int,
            Cells::Float(_) => Kind::Float,
            Cells::Text(_) => Kind::Text,
        }
    }

    fn len(&self) -> usize {
        match self {
            Cells::Int(v) => v.len(),
            Cells::Float(v) => v.len(),
            Cells::Text(v) => v.len(),
        }
    }

    /// Add `value`; false when it is of another kind.
    fn push(&mut self, value: Value) -> bool {
        match (self, value) {
            (Cells::Int(v), Value::Int(x)) => v.push(x),
            (Cells::Float(v), Value::Float(x)) => v.push(x),
            (Cells::Text(v), Value::Text(x)) => v.push(x),
            _ => return false,
        }
        true
    }

    fn permuted(&self, order: &[usize]) -> Cells {
        match self {
            Cells::Int(v) => Cells::Int(order.iter().map(|&i| v[i]).collect()),
            Cells::Float(v) => Cells::Float(order.iter().map(|&i| v[i]).collect()),
            Cells::Text(v) => Cells::Text(order.iter().map(|&i| v[i].clone()).collect()),
        }
    }

    fn extend(&mut self, other: Cells) -> bool {
        match (self, other) {
            (Cells::Int(a), Cells::Int(b)) => a.extend(b),
            (Cells::Float(a), Cells::Float(b)) => a.extend(b),
            (Cells::Text(a), Cells::Text(b)) => a.extend(b),
            _ => return false,
        }
        true
    }
}

/// A named column.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    /// Its name.
    pub name: String,
    /// Its values, one per row.
    pub cells: Cells,
}

/// A table: columns of equal length.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    columns: Vec<Column>,
}

/// Why a results file could not be read or written, or tables could not be combined.
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    /// The file system failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What failed.
        source: std::io::Error,
    },
    /// The Parquet library refused the file.
    #[error("{path}: not a readable Parquet file: {source}")]
    Parquet {
        /// The file.
        path: PathBuf,
        /// What it said.
        source: parquet::errors::ParquetError,
    },
    /// The file is Parquet but not a tdome results table.
    #[error("{path}: {message}")]
    Shape {
        /// The file.
        path: PathBuf,
        /// What is wrong, naming the column or row.
        message: String,
    },
}

impl Table {
    /// An empty table with these columns.
    pub fn new(schema: &[(&str, Kind)]) -> Self {
        Table {
            columns: schema
                .iter()
                .map(|&(name, kind)| Column {
                    name: name.to_owned(),
                    cells: Cells::empty(kind),
                })
                .collect(),
        }
    }

    /// Add a row: one value per column, in order, of the column's kind. A row that does
    /// not fit is a bug in the row's builder, not bad input.
    pub fn push_row(&mut self, row: Vec<Value>) {
        assert_eq!(row.len(), self.columns.len(), "row of the wrong width");
        for (c, v) in self.columns.iter_mut().zip(row) {
            assert!(
                c.cells.push(v),
                "value of the wrong kind in column {}",
                c.name
            );
        }
    }

    /// Rows.
    pub fn len(&self) -> usize {
        self.columns.first().map_or(0, |c| c.cells.len())
    }

    /// No rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The columns, in order.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// The `(name, kind)` of each column.
    pub fn schema(&self) -> Vec<(String, Kind)> {
        self.columns
            .iter()
            .map(|c| (c.name.clone(), c.cells.kind()))
            .collect()
    }

    /// The column named `name`.
    pub fn column(&self, name: &str) -> Option<&Cells> {
        self.columns
            .iter()
            .find(|c| c.name == name)
            .map(|c| &c.cells)
    }

    /// The integer column `name` (missing values as `None`); `None` when there is no
    /// such integer column.
    pub fn ints(&self, name: &str) -> Option<&[Option<i64>]> {
        match self.column(name)? {
            Cells::Int(v) => Some(v),
            _ => None,
        }
    }

    /// The number column `name`.
    pub fn floats(&self, name: &str) -> Option<&[Option<f64>]> {
        match self.column(name)? {
            Cells::Float(v) => Some(v),
            _ => None,
        }
    }

    /// The text column `name`.
    pub fn texts(&self, name: &str) -> Option<&[Option<String>]> {
        match self.column(name)? {
            Cells::Text(v) => Some(v),
            _ => None,
        }
    }

    /// Add `other`'s rows after this table's; false (and nothing added) when the two
    /// have different columns.
    pub fn append(&mut self, other: Table) -> bool {
        if self.schema() != other.schema() {
            return false;
        }
        for (a, b) in self.columns.iter_mut().zip(other.columns) {
            a.cells.extend(b.cells);
        }
        true
    }

    /// Reorder the rows by the integer columns `keys`, in order, keeping the order of
    /// rows with equal keys (a missing key sorts first).
    pub fn sort_by(&mut self, keys: &[&str]) {
        let keys: Vec<&[Option<i64>]> = keys.iter().filter_map(|k| self.ints(k)).collect();
        let mut order: Vec<usize> = (0..self.len()).collect();
        order.sort_by(|&a, &b| {
            keys.iter()
                .map(|k| k[a].cmp(&k[b]))
                .find(|o| o.is_ne())
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        for c in &mut self.columns {
            c.cells = c.cells.permuted(&order);
        }
    }

    /// The rows for which `keep` holds, given the row index.
    pub fn filter(&self, keep: impl Fn(usize) -> bool) -> Table {
        let order: Vec<usize> = (0..self.len()).filter(|&i| keep(i)).collect();
        Table {
            columns: self
                .columns
                .iter()
                .map(|c| Column {
                    name: c.name.clone(),
                    cells: c.cells.permuted(&order),
                })
                .collect(),
        }
    }

    /// Write the table to `path` as Parquet, with `metadata` as the file's key–value
    /// metadata. The file is written beside its final name and renamed into place, so
    /// that a reader never sees half a file.
    pub fn write_parquet(
        &self,
        path: &Path,
        metadata: &[(String, String)],
    ) -> Result<(), TableError> {
        let partial = path.with_extension("parquet.partial");
        let parquet = |source| TableError::Parquet {
            path: path.to_path_buf(),
            source,
        };
        let file = File::create(&partial).map_err(|source| TableError::Io {
            path: partial.clone(),
            source,
        })?;
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_created_by(format!("tdome {}", env!("CARGO_PKG_VERSION")))
            .set_key_value_metadata(Some(
                metadata
                    .iter()
                    .map(|(k, v)| KeyValue::new(k.clone(), v.clone()))
                    .collect(),
            ))
            .build();
        let mut writer = SerializedFileWriter::new(
            file,
            self.parquet_schema().map_err(parquet)?,
            Arc::new(props),
        )
        .map_err(parquet)?;
        let mut group = writer.next_row_group().map_err(parquet)?;
        for c in &self.columns {
            let Some(mut w) = group.next_column().map_err(parquet)? else {
                break;
            };
            match &c.cells {
                Cells::Int(v) => {
                    let (values, levels) = present(v, |x| *x);
                    w.typed::<Int64Type>()
                        .write_batch(&values, Some(&levels), None)
                        .map_err(parquet)?;
                }
                Cells::Float(v) => {
                    let (values, levels) = present(v, |x| *x);
                    w.typed::<DoubleType>()
                        .write_batch(&values, Some(&levels), None)
                        .map_err(parquet)?;
                }
                Cells::Text(v) => {
                    let (values, levels) = present(v, |s| ByteArray::from(s.as_str()));
                    w.typed::<ByteArrayType>()
                        .write_batch(&values, Some(&levels), None)
                        .map_err(parquet)?;
                }
            }
            w.close().map_err(parquet)?;
        }
        group.close().map_err(parquet)?;
        writer.close().map_err(parquet)?;
        std::fs::rename(&partial, path).map_err(|source| TableError::Io {
            path: path.to_path_buf(),
            source,
        })
    }

    fn parquet_schema(&self) -> Result<Arc<Type>, parquet::errors::ParquetError> {
        let fields = self
            .columns
            .iter()
            .map(|c| {
                let builder = match c.cells.kind() {
                    Kind::Int => Type::primitive_type_builder(&c.name, Physical::INT64),
                    Kind::Float => Type::primitive_type_builder(&c.name, Physical::DOUBLE),
                    Kind::Text => Type::primitive_type_builder(&c.name, Physical::BYTE_ARRAY)
                        .with_logical_type(Some(LogicalType::String))
                        .with_converted_type(ConvertedType::UTF8),
                };
                builder
                    .with_repetition(Repetition::OPTIONAL)
                    .build()
                    .map(Arc::new)
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Arc::new(
            Type::group_type_builder("tdome")
                .with_fields(fields)
                .build()?,
        ))
    }

    /// Read a table written by [`Table::write_parquet`], with the file's key–value
    /// metadata. Any other Parquet file of flat INT64, DOUBLE and UTF-8 columns is read
    /// too; anything else is refused, naming the column.
    pub fn read_parquet(path: &Path) -> Result<(Table, Vec<(String, String)>), TableError> {
        let file = File::open(path).map_err(|source| TableError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let parquet = |source| TableError::Parquet {
            path: path.to_path_buf(),
            source,
        };
        let shape = |message: String| TableError::Shape {
            path: path.to_path_buf(),
            message,
        };
        let reader = SerializedFileReader::new(file).map_err(parquet)?;
        let meta = reader.metadata().file_metadata();
        let metadata = meta
            .key_value_metadata()
            .map(|kv| {
                kv.iter()
                    .map(|k| (k.key.clone(), k.value.clone().unwrap_or_default()))
                    .collect()
            })
            .unwrap_or_default();
        let mut schema = Vec::new();
        for f in meta.schema().get_fields() {
            let kind = match (f.is_primitive(), f.get_physical_type()) {
                (true, Physical::INT64) => Kind::Int,
                (true, Physical::DOUBLE) => Kind::Float,
                (true, Physical::BYTE_ARRAY) => Kind::Text,
                _ => {
                    return Err(shape(format!(
                        "column `{}` is not an integer, number or text column",
                        f.name()
                    )));
                }
            };
            schema.push((f.name().to_owned(), kind));
        }
        let names: Vec<(&str, Kind)> = schema.iter().map(|(n, k)| (n.as_str(), *k)).collect();
        let mut table = Table::new(&names);
        for (i, row) in reader.get_row_iter(None).map_err(parquet)?.enumerate() {
            let row = row.map_err(parquet)?;
            let mut values = Vec::with_capacity(names.len());
            for ((name, kind), (_, field)) in names.iter().zip(row.get_column_iter()) {
                let v = match (kind, field) {
                    (Kind::Int, Field::Null) => Value::Int(None),
                    (Kind::Float, Field::Null) => Value::Float(None),
                    (Kind::Text, Field::Null) => Value::Text(None),
                    (Kind::Int, Field::Long(x)) => Value::Int(Some(*x)),
                    (Kind::Float, Field::Double(x)) => Value::Float(Some(*x)),
                    (Kind::Text, Field::Str(s)) => Value::Text(Some(s.clone())),
                    (_, other) => {
                        return Err(shape(format!(
                            "row {i}, column `{name}`: unexpected value {other}"
                        )));
                    }
                };
                values.push(v);
            }
            if values.len() != names.len() {
                return Err(shape(format!(
                    "row {i} has {} of {} columns",
                    values.len(),
                    names.len()
                )));
            }
            table.push_row(values);
        }
        Ok((table, metadata))
    }
}

/// The present values of `v`, converted, and the definition levels (1 present, 0
/// missing) of every row.
fn present<T, U>(v: &[Option<T>], convert: impl Fn(&T) -> U) -> (Vec<U>, Vec<i16>) {
    let values = v.iter().flatten().map(convert).collect();
    let levels = v.iter().map(|x| i16::from(x.is_some())).collect();
    (values, levels)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        let mut t = Table::new(&[("run", Kind::Int), ("x", Kind::Float), ("name", Kind::Text)]);
        t.push_row(vec![
            Value::Int(Some(2)),
            Value::Float(Some(1.5)),
            Value::Text(Some("b é".into())),
        ]);
        t.push_row(vec![
            Value::Int(Some(0)),
            Value::Float(None),
            Value::Text(None),
        ]);
        t.push_row(vec![
            Value::Int(None),
            Value::Float(Some(-0.0)),
            Value::Text(Some(String::new())),
        ]);
        t
    }

    #[test]
    fn a_table_survives_its_file_with_missing_values_and_metadata() {
        let dir = std::env::temp_dir().join(format!("tdome-table-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.parquet");
        let meta = vec![("tdome.version".to_owned(), "9.9".to_owned())];
        sample().write_parquet(&path, &meta).unwrap();
        let (back, m) = Table::read_parquet(&path).unwrap();
        assert_eq!(back, sample());
        assert_eq!(m, meta);
        assert!(!path.with_extension("parquet.partial").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_empty_table_keeps_its_columns() {
        let dir = std::env::temp_dir().join(format!("tdome-table-e-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("e.parquet");
        let t = Table::new(&[("run", Kind::Int), ("name", Kind::Text)]);
        t.write_parquet(&path, &[]).unwrap();
        let (back, _) = Table::read_parquet(&path).unwrap();
        assert_eq!(back, t);
        assert!(back.is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn rows_sort_stably_by_keys_and_tables_append_only_alike() {
        let mut t = sample();
        t.sort_by(&["run"]);
        assert_eq!(t.ints("run").unwrap(), &[None, Some(0), Some(2)]);
        let mut u = sample();
        assert!(u.append(sample()));
        assert_eq!(u.len(), 6);
        assert!(!u.append(Table::new(&[("run", Kind::Int)])));
        assert_eq!(u.len(), 6);
    }

    #[test]
    fn a_file_that_is_not_parquet_is_refused_with_its_name() {
        let path = std::env::temp_dir().join(format!("tdome-not-{}.parquet", std::process::id()));
        std::fs::write(&path, b"PAR1 but not really").unwrap();
        let e = Table::read_parquet(&path).unwrap_err().to_string();
        assert!(
            e.contains("not a readable Parquet file") && e.contains("tdome-not-"),
            "{e}"
        );
        std::fs::remove_file(&path).unwrap();
    }
}
